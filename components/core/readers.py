"""Read files as strings: CSV (fast and row-by-row paths), text decoding, GeoJSON.

Types are checked later (components.core.validation), with row numbers.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pyarrow.lib import ArrowException

from components.core.errors import DataError, Problem


@dataclass(frozen=True)
class Table:
    """A file read as strings (with a '_row' column) and the rows it could not read."""

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)


def read_csv_text(path: Path, file_label: str) -> Table:
    """Read a CSV as strings only (types are checked later, with row numbers)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(
            [Problem(file_label, None, None, f"cannot be read ({exc.strerror})")]
        ) from exc
    return parse_csv_bytes(raw, file_label)


def decode_text(raw: bytes, file_label: str) -> str:
    """UTF-8 (with or without BOM) text, or a DataError saying the file is not text."""
    if b"\x00" in raw[:4096]:
        raise DataError([Problem(file_label, None, None, "is a binary file, not UTF-8 text")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            [
                Problem(
                    file_label,
                    line,
                    None,
                    f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at line {line}); "
                    "save it as UTF-8 and try again",
                )
            ]
        ) from exc


def parse_csv_bytes(raw: bytes, file_label: str) -> Table:
    """Parse CSV bytes into a frame of stripped strings; empty cells become ''.

    pandas' pyarrow parser reads well-formed files without a Python object per cell (a
    100,000-row file would otherwise take hundreds of MB); anything irregular (ragged
    rows, blank lines, line breaks inside cells) goes through the csv module, which can
    say which row is wrong.
    """
    # Checked here, but not kept: the fast path parses the bytes, and the text would double
    # the memory a large file takes while it is read.
    if not decode_text(raw, file_label).strip():
        raise DataError([Problem(file_label, None, None, "is empty")])
    body = raw.removeprefix(b"\xef\xbb\xbf")
    lines = body.count(b"\n") + (0 if body.endswith(b"\n") else 1)
    try:
        frame = pd.read_csv(io.BytesIO(body), dtype=str, keep_default_na=False, engine="pyarrow")
    except (pd.errors.ParserError, ValueError, ArrowException):
        return _parse_csv_rows(decode_text(raw, file_label), file_label)
    # Blank lines or line breaks inside cells would shift row numbers: take the slow path.
    if len(frame) != lines - 1 or frame.isna().any().any():
        return _parse_csv_rows(decode_text(raw, file_label), file_label)
    frame.columns = [str(c).strip() for c in frame.columns]
    for column in frame.columns:
        values = frame[column]
        # Strip only where needed: a copy of every long text column costs memory.
        if (values.str.startswith(" ") | values.str.endswith(" ")).any():
            frame[column] = values.str.strip()
    frame["_row"] = np.arange(2, len(frame) + 2)
    return Table(frame)


def _parse_csv_rows(text: str, file_label: str) -> Table:
    """Row by row with the csv module: slower, but names each ragged row."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise DataError([Problem(file_label, None, None, f"is not valid CSV ({exc})")]) from exc
    header = [h.strip() for h in rows[0]]
    problems = []
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                Problem(
                    file_label, number, None, f"has {len(row)} cells, the header has {len(header)}"
                )
            )
            continue
        records.append([cell.strip() for cell in row] + [number])
    frame = pd.DataFrame(records, columns=[*header, "_row"], dtype=object)
    return Table(frame, problems)


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
