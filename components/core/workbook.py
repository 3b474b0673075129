"""Read the events sheet of an Excel workbook (.xlsx) as strings, row by row, within limits.

openpyxl's read-only mode streams a sheet's rows instead of building the whole workbook,
so reading stops at the first row past the limit. Date cells become ``YYYY-MM-DD`` (the
format's dates), and the sheet read is the first one whose header has the format's
columns, which a note names when the workbook has several.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, time

import numpy as np
import openpyxl
import pandas as pd

from components.core.errors import DataError, Problem, ProblemLog
from components.core.limits import XLSX_MAX_SHARED_STRINGS_BYTES, ReadLimits
from components.core.readers import Table, name_blank_columns, too_many_rows


def cell_text(value: object) -> str:
    """A cell as the text the format expects: dates as YYYY-MM-DD, empty cells as ''."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def _unreadable(file_label: str, exc: BaseException) -> DataError:
    return DataError(
        [
            Problem(
                file_label,
                None,
                None,
                f"is not a readable Excel (.xlsx) file ({type(exc).__name__})",
            )
        ]
    )


def _check_archive(raw: bytes, file_label: str) -> None:
    """An .xlsx is a zip; its table of shared strings is read whole, so its size is capped."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise _unreadable(file_label, exc) from exc
    shared = sum(i.file_size for i in infos if i.filename.lower().endswith("sharedstrings.xml"))
    if shared > XLSX_MAX_SHARED_STRINGS_BYTES:
        raise DataError(
            [
                Problem(
                    file_label,
                    None,
                    None,
                    f"holds {shared / 2**20:,.0f} MB of text once unpacked; "
                    f"the limit is {XLSX_MAX_SHARED_STRINGS_BYTES // 2**20} MB",
                )
            ]
        )


def read_workbook(
    raw: bytes,
    file_label: str,
    limits: ReadLimits,
    expected: Sequence[str],
    log: ProblemLog,
) -> Table:
    """The chosen sheet as a frame of strings with '_row' (the spreadsheet row)."""
    _check_archive(raw, file_label)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    # openpyxl raises many kinds of error for a broken or renamed file.
    except Exception as exc:
        raise _unreadable(file_label, exc) from exc
    try:
        return _read(workbook, file_label, limits, expected, log)
    except DataError:
        raise
    # A broken sheet fails while its rows are streamed, with any of openpyxl's errors.
    except Exception as exc:
        raise _unreadable(file_label, exc) from exc
    finally:
        workbook.close()


def _header(sheet: object, width: int | None) -> list[str]:
    first = next(sheet.iter_rows(min_row=1, max_row=1, max_col=width, values_only=True), ())
    names = [cell_text(v) for v in first]
    while names and not names[-1]:
        names.pop()
    return name_blank_columns(names)


def _read(
    workbook: openpyxl.Workbook,
    file_label: str,
    limits: ReadLimits,
    expected: Sequence[str],
    log: ProblemLog,
) -> Table:
    sheets = list(workbook.worksheets)
    if not sheets:
        raise DataError([Problem(file_label, None, None, "has no worksheet")])
    # One column more than allowed, to tell a header that is too wide.
    width = None if limits.columns is None else limits.columns + 1
    wanted = set(expected)
    chosen, header = sheets[0], _header(sheets[0], width)
    matched = wanted <= set(header)
    if not matched:
        for sheet in sheets[1:]:
            names = _header(sheet, width)
            if wanted <= set(names):
                chosen, header, matched = sheet, names, True
                break
    notes = []
    if len(sheets) > 1:
        why = "it has the format's columns" if matched else "no sheet has all the format's columns"
        listed = ", ".join(f"'{s.title}'" for s in sheets[:10])
        notes.append(
            f"Read sheet '{chosen.title}' ({why}); the workbook has {len(sheets)} sheets: {listed}"
        )
    if limits.columns is not None and len(header) > limits.columns:
        raise DataError(
            [
                Problem(
                    file_label,
                    1,
                    None,
                    f"has more than {limits.columns} columns; that is the limit",
                )
            ]
        )
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        names = ", ".join(f"'{h}'" for h in repeated[:5])
        raise DataError([Problem(file_label, 1, None, f"has more than one column named {names}")])
    values: list[list[str]] = [[] for _ in header]
    numbers: list[int] = []
    rows = chosen.iter_rows(min_row=2, max_col=len(header) or 1, values_only=True)
    for number, row in enumerate(rows, start=2):
        cells = [cell_text(v) for v in row[: len(header)]]
        if not any(cells):
            continue
        if limits.rows is not None and number > limits.rows + 1:
            raise too_many_rows(file_label, limits.rows)
        cells += [""] * (len(header) - len(cells))
        if limits.cell_chars is not None:
            long = next((i for i, c in enumerate(cells) if len(c) > limits.cell_chars), None)
            if long is not None:
                log.add(
                    Problem(
                        file_label,
                        number,
                        header[long],
                        f"has {len(cells[long]):,} characters; a cell may have at most "
                        f"{limits.cell_chars:,}",
                    )
                )
                continue
        for column, cell in zip(values, cells, strict=True):
            column.append(cell)
        numbers.append(number)
    frame = pd.DataFrame(
        {name: pd.Series(column, dtype="str") for name, column in zip(header, values, strict=True)}
    )
    frame["_row"] = np.array(numbers, dtype=np.int64)
    return Table(frame, log.kept, notes)
