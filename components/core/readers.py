"""Read files as strings: CSV (fast and row-by-row paths), text decoding, GeoJSON.

Types are checked later (components.core.validation), with row numbers.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pyarrow.lib import ArrowException

from components.core.errors import DataError, Problem, ProblemLog
from components.core.limits import NO_LIMITS, ReadLimits


@dataclass(frozen=True)
class Table:
    """A file read as strings (with a '_row' column), the rows it could not read, and notes
    about how it was read (which sheet, which delimiter)."""

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


_BOM = b"\xef\xbb\xbf"
_NOT_BLANK = re.compile(rb"\S")
_UTF8_CHUNK = 1 << 20
DELIMITERS: dict[str, str] = {",": "comma", ";": "semicolon", "\t": "tab"}


def read_csv_text(path: Path, file_label: str) -> Table:
    """Read a CSV as strings only (types are checked later, with row numbers)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(
            [Problem(file_label, None, None, f"cannot be read ({exc.strerror})")]
        ) from exc
    return parse_csv_bytes(raw, file_label)


def _not_utf8(raw: bytes, position: int, file_label: str) -> DataError:
    line = raw.count(b"\n", 0, position) + 1
    return DataError(
        [
            Problem(
                file_label,
                line,
                None,
                f"is not UTF-8 text (byte 0x{raw[position]:02x} at line {line}); "
                "save it as UTF-8 and try again",
            )
        ]
    )


def check_text(raw: bytes, file_label: str) -> None:
    """Raise a DataError unless the bytes are UTF-8 text (with or without BOM).

    Decodes a megabyte at a time and keeps nothing, so checking a large file costs no copy.
    """
    if b"\x00" in raw[:4096]:
        raise DataError([Problem(file_label, None, None, "is a binary file, not UTF-8 text")])
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(raw)
    for start in range(0, len(raw), _UTF8_CHUNK):
        pending = len(decoder.getstate()[0])
        try:
            decoder.decode(view[start : start + _UTF8_CHUNK], final=start + _UTF8_CHUNK >= len(raw))
        except UnicodeDecodeError as exc:
            raise _not_utf8(raw, start - pending + exc.start, file_label) from exc


def decode_text(raw: bytes, file_label: str) -> str:
    """UTF-8 (with or without BOM) text, or a DataError saying the file is not text."""
    if b"\x00" in raw[:4096]:
        raise DataError([Problem(file_label, None, None, "is a binary file, not UTF-8 text")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _not_utf8(raw, exc.start, file_label) from exc


def parse_csv_bytes(
    raw: bytes,
    file_label: str,
    limits: ReadLimits = NO_LIMITS,
    expected: Sequence[str] = (),
    log: ProblemLog | None = None,
) -> Table:
    """Parse CSV bytes into a frame of stripped strings; empty cells become ''.

    pandas' pyarrow parser reads well-formed files without a Python object per cell (a
    100,000-row file would otherwise take hundreds of MB); anything irregular (ragged
    rows, blank lines, line breaks inside cells) is read record by record with the csv
    module, which can say which row is wrong. Both stop at ``limits``: a file with more
    rows than allowed is refused at the first row past the limit, before the rest is read.

    ``expected`` names columns the file should have: when its header has them only when
    split at ';' or a tab, the file is read with that delimiter (and a note says so).
    Problems of single rows go to ``log`` (a new one unless given) and the Table.
    """
    log = ProblemLog() if log is None else log
    check_text(raw, file_label)
    start = len(_BOM) if raw.startswith(_BOM) else 0
    if not _NOT_BLANK.search(raw, start):
        raise DataError([Problem(file_label, None, None, "is empty")])
    end = raw.find(b"\n", start)
    first_line = raw[start : len(raw) if end == -1 else end].decode("utf-8").rstrip("\r")
    delimiter = _delimiter(first_line, expected)
    notes = []
    if delimiter != ",":
        notes.append(
            f"Read as a {DELIMITERS[delimiter]}-separated file: its header has the "
            f"format's columns only when split at each {DELIMITERS[delimiter]}"
        )
    _check_header(_split_header(first_line, delimiter, limits), file_label, limits)
    lines = raw.count(b"\n", start) + (0 if raw.endswith(b"\n") else 1)
    # A file with more lines than rows allowed may still fit (line breaks inside cells),
    # but only the record-by-record reader can tell without reading every row.
    frame = None
    if limits.rows is None or lines - 1 <= limits.rows:
        frame = _parse_fast(raw, start, delimiter, lines)
    if frame is None:
        frame = _parse_rows(raw, file_label, delimiter, limits, log)
    else:
        frame = _drop_long_cells(frame, file_label, limits, log)
    return Table(frame, log.kept, notes)


def _delimiter(first_line: str, expected: Sequence[str]) -> str:
    """The delimiter under which the header names the most expected columns (',' on ties)."""
    if not expected:
        return ","
    wanted = set(expected)

    def found(delimiter: str) -> int:
        return len(wanted & {name.strip().strip('"') for name in first_line.split(delimiter)})

    return max(DELIMITERS, key=lambda d: (found(d), d == ","))


def _split_header(first_line: str, delimiter: str, limits: ReadLimits) -> list[str]:
    """The header's cell names (csv rules), without parsing a pathologically wide line."""
    naive = first_line.count(delimiter) + 1
    if limits.columns is not None and naive > 10 * limits.columns:
        return [""] * naive
    return name_blank_columns(
        [h.strip() for h in next(csv.reader([first_line], delimiter=delimiter), [])]
    )


def name_blank_columns(header: list[str]) -> list[str]:
    """Header names with blank ones named by position ('(column 3)'), so they never collide."""
    return [name or f"(column {number})" for number, name in enumerate(header, start=1)]


def _check_header(header: list[str], file_label: str, limits: ReadLimits) -> None:
    if limits.columns is not None and len(header) > limits.columns:
        raise DataError(
            [
                Problem(
                    file_label,
                    1,
                    None,
                    f"has {len(header):,} columns; the limit is {limits.columns:,}",
                )
            ]
        )
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        names = ", ".join(f"'{h}'" for h in repeated[:5])
        raise DataError([Problem(file_label, 1, None, f"has more than one column named {names}")])


def _parse_fast(raw: bytes, start: int, delimiter: str, lines: int) -> pd.DataFrame | None:
    """The whole file through pyarrow, or None when it is not regular enough for that."""
    buffer = io.BytesIO(raw)
    buffer.seek(start)
    try:
        frame = pd.read_csv(
            buffer, dtype=str, keep_default_na=False, engine="pyarrow", sep=delimiter
        )
    except (pd.errors.ParserError, ValueError, ArrowException):
        return None
    # Blank lines or line breaks inside cells would shift row numbers: take the slow path.
    if len(frame) != lines - 1 or frame.isna().any().any():
        return None
    frame.columns = name_blank_columns([str(c).strip() for c in frame.columns])
    for column in frame.columns:
        values = frame[column]
        # Strip only where needed: a copy of every long text column costs memory.
        if (values.str.startswith(" ") | values.str.endswith(" ")).any():
            frame[column] = values.str.strip()
    frame["_row"] = np.arange(2, len(frame) + 2)
    return frame


def _long_cell_problem(file_label: str, row: int, column: str, length: int, limit: int) -> Problem:
    return Problem(
        file_label,
        row,
        column,
        f"has {length:,} characters; a cell may have at most {limit:,}",
    )


def _drop_long_cells(
    frame: pd.DataFrame, file_label: str, limits: ReadLimits, log: ProblemLog
) -> pd.DataFrame:
    """Rows with a cell past the limit become problems, as the row-by-row reader makes them."""
    if limits.cell_chars is None or frame.empty:
        return frame
    long = np.zeros(len(frame), dtype=bool)
    for column in [c for c in frame.columns if c != "_row"]:
        lengths = frame[column].str.len().to_numpy()
        new = (lengths > limits.cell_chars) & ~long
        for row, length in zip(frame["_row"].to_numpy()[new], lengths[new], strict=True):
            log.add(
                _long_cell_problem(file_label, int(row), column, int(length), limits.cell_chars)
            )
        long |= new
    return frame[~long].reset_index(drop=True) if long.any() else frame


def _bounded_lines(stream: io.TextIOBase, file_label: str, limits: ReadLimits) -> Iterator[str]:
    """The stream's lines; a line too long to be a row within the limits stops the reading."""
    longest = (
        None
        if limits.columns is None or limits.cell_chars is None
        else limits.columns * (limits.cell_chars + 3)
    )
    number = 0
    while True:
        line = stream.readline() if longest is None else stream.readline(longest + 1)
        if not line:
            return
        number += 1
        if longest is not None and len(line) > longest:
            raise DataError(
                [
                    Problem(
                        file_label,
                        None,
                        None,
                        f"has a line (line {number:,}) longer than {longest:,} characters, "
                        f"more than {limits.columns} cells of {limits.cell_chars:,} can hold",
                    )
                ]
            )
        yield line


def too_many_rows(file_label: str, limit: int, what: str = "rows") -> DataError:
    return DataError(
        [
            Problem(
                file_label,
                None,
                None,
                f"has more than {limit:,} {what}; the limit is {limit:,} "
                "(reading stopped there: split the file)",
            )
        ]
    )


def _parse_rows(
    raw: bytes, file_label: str, delimiter: str, limits: ReadLimits, log: ProblemLog
) -> pd.DataFrame:
    """Record by record with the csv module: names each ragged row, keeps only good ones."""
    stream = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline="")
    reader = csv.reader(_bounded_lines(stream, file_label, limits), delimiter=delimiter)
    try:
        header = name_blank_columns([h.strip() for h in next(reader)])
        _check_header(header, file_label, limits)
        values: list[list[str]] = [[] for _ in header]
        numbers: list[int] = []
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if limits.rows is not None and number > limits.rows + 1:
                raise too_many_rows(file_label, limits.rows)
            if len(row) != len(header):
                log.add(
                    Problem(
                        file_label,
                        number,
                        None,
                        f"has {len(row)} cells, the header has {len(header)}",
                    )
                )
                continue
            if limits.cell_chars is not None:
                long = next((i for i, c in enumerate(row) if len(c) > limits.cell_chars), None)
                if long is not None:
                    log.add(
                        _long_cell_problem(
                            file_label, number, header[long], len(row[long]), limits.cell_chars
                        )
                    )
                    continue
            for column, cell in zip(values, row, strict=True):
                column.append(cell.strip())
            numbers.append(number)
    except csv.Error as exc:
        raise DataError(
            [Problem(file_label, reader.line_num or None, None, f"is not valid CSV ({exc})")]
        ) from exc
    frame = pd.DataFrame(
        {name: pd.Series(column, dtype="str") for name, column in zip(header, values, strict=True)}
    )
    frame["_row"] = np.array(numbers, dtype=np.int64)
    return frame


def read_boundaries(path: Path) -> tuple[dict[str, Any], list[Problem]]:
    """The GeoJSON outlines (empty when the file is absent) and what is wrong with them."""
    if not path.exists():
        return {"type": "FeatureCollection", "features": []}, []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        return {}, [Problem(path.name, None, None, f"is not valid GeoJSON ({type(exc).__name__})")]
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        return {}, [Problem(path.name, None, None, "is not a GeoJSON FeatureCollection")]
    features = data.get("features")
    if not isinstance(features, list):
        return {}, [Problem(path.name, None, None, "has no 'features' list")]
    problems = [
        Problem(path.name, None, f"feature {number}", message)
        for number, feature in enumerate(features, start=1)
        if (message := _feature_problem(feature))
    ]
    return (data if not problems else {}), problems


def polygons(geometry: dict[str, Any]) -> list[list[list[list[float]]]]:
    """The polygons of a Polygon or MultiPolygon geometry, as MultiPolygon coordinates."""
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def _feature_problem(feature: object) -> str:
    """Why a feature cannot be drawn or used for checks, or '' when it can."""
    if not isinstance(feature, dict):
        return "is not a GeoJSON feature object"
    properties = feature.get("properties")
    if properties is not None and not isinstance(properties, dict):
        return "has 'properties' that are not an object"
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
        return "has no Polygon or MultiPolygon geometry"
    try:
        for polygon in polygons(geometry):
            for ring in polygon:
                if len(ring) < 4:
                    return "has a ring with fewer than 4 points"
                for point in ring:
                    x, y = float(point[0]), float(point[1])
                    if not (-180 <= float(x) <= 180 and -90 <= float(y) <= 90):
                        return f"has a point ({x}, {y}) out of range"
    except (TypeError, ValueError, KeyError):
        return "has coordinates that are not [lon, lat] pairs in rings"
    return ""
