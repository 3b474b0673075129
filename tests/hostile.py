"""Hostile and careless upload files, one function each.

Unit, app and browser tests and the upload benchmark use the very same bytes, so what a
test shows about a file is what the benchmark measures.
"""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pandas as pd

from components.core.fileformat import FILE_COLUMNS, TEMPLATE_ROW


def rows(n: int, prefix: str = "mine", first: date = date(2025, 3, 10)) -> list[dict[str, str]]:
    """``n`` good events in the one-file format, a day apart from ``first``."""
    out = []
    for i in range(n):
        day = (first + timedelta(days=i)).isoformat()
        out.append(
            {
                **TEMPLATE_ROW,
                "event_id": f"{prefix}-{i}",
                "start_date": day,
                "end_date": day,
                "title": f"{prefix} meeting {i}",
            }
        )
    return out


def csv_bytes(records: list[dict[str, str]]) -> bytes:
    return pd.DataFrame(records, columns=FILE_COLUMNS).to_csv(index=False).encode("utf-8")


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()


def deep_json(levels: int = 100_000, kind: str = "array") -> bytes:
    """About 200 KB of nothing but nesting (Python's JSON reader raised RecursionError)."""
    if kind == "array":
        return b"[" * levels + b"]" * levels
    return b'{"events": [' + b'{"a":' * levels + b"1" + b"}" * levels + b"]}"


def huge_number_json(digits: int = 5_000) -> bytes:
    """A record whose latitude has thousands of digits (Python's int() raised ValueError)."""
    record = {k: v for k, v in rows(1, "huge")[0].items() if k != "lat"}
    text = json.dumps([record])
    return text[:-2].encode() + b', "lat": ' + b"9" * digits + b"}]"


def far_dates_csv() -> bytes:
    """One good row and two dated where the date slider cannot go (before 1684, after 2255)."""
    good, early, late = rows(3, "far")
    early.update(start_date="1600-01-01", end_date="1600-01-01")
    late.update(start_date="2300-01-01", end_date="2300-01-02")
    return csv_bytes([good, early, late])


def ragged_bomb(lines: int = 10_000_000) -> bytes:
    """A two-column header and then one-cell lines: 20 MB that once took gigabytes to refuse."""
    return b"event_id,start_date\n" + b"x\n" * lines


def later_events_csv(after: date, n: int = 2, prefix: str = "later") -> bytes:
    """Good events starting the day after ``after`` (the data's last day)."""
    return csv_bytes(rows(n, prefix, after + timedelta(days=1)))
