"""The one-file format for uploads and exports: columns, the participants cell, formulas.

The events table plus one ``participants`` column of ``ACTOR|person|role`` entries
separated by ``;``. Text cells that a spreadsheet would run as a formula are prefixed
with ``'`` on export (:func:`neutralise`) and restored on import (:func:`unneutralise`).
"""

from __future__ import annotations

import csv
import functools
import io
import re

import pandas as pd

from components.core.schema import columns

PARTICIPANTS_COLUMN = "participants"
FILE_COLUMNS: list[str] = [*columns("events"), PARTICIPANTS_COLUMN]
# Columns a file may leave out, and the value they then take.
OPTIONAL_FILE_COLUMNS: dict[str, str] = {
    "format": "",
    "notes": "",
    "parent_event_id": "",
    "level": "leader",
}
NUMERIC_COLUMNS = frozenset({"lat", "lon"})
# Written on export for the reader, ignored on import (derived from the data).
EXPORT_ONLY_COLUMNS: tuple[str, ...] = ("sources", "confirmation")
# A spreadsheet runs a cell (or a line inside one) starting with one of these.
_AT_RISK = re.compile(r"(^|[\r\n])(?='*[=+\-@\t\r])")
_PROTECTED = re.compile(r"(^|[\r\n])'(?='*[=+\-@\t\r])")


def neutralise(value: str) -> str:
    """Prefix ' to the cell, and to each line inside it, that a spreadsheet would run."""
    return _AT_RISK.sub(lambda m: m.group(1) + "'", value)


def unneutralise(value: str) -> str:
    """Undo :func:`neutralise` exactly, so an export re-imports to the same rows."""
    return _PROTECTED.sub(lambda m: m.group(1), value)


def fold_participants(event_ids: pd.Series, participants: pd.DataFrame) -> pd.Series:
    """Per event id (aligned with ``event_ids``), its participants as one cell."""
    legs = participants[participants["event_id"].isin(event_ids)]

    def clean(series: pd.Series) -> pd.Series:
        return series.astype(str).str.replace("|", "/").str.replace(";", ",")

    entry = clean(legs["actor_id"]) + "|" + clean(legs["person"]) + "|" + clean(legs["role"])
    if "capacity" in legs.columns:
        capacity = clean(legs["capacity"])
        entry = entry + ("|" + capacity).where(capacity != "", "")
    cell = entry.groupby(legs["event_id"].astype(str).to_numpy(), sort=False).agg("; ".join)
    return event_ids.astype(str).map(cell).astype(object).fillna("")


def split_participants(cell: str) -> list[tuple[str, str, str, str]]:
    """The (actor, person, role, capacity) entries of a participants cell
    (``ACTOR|person|role|capacity``; all but the actor may be left out)."""
    entries = []
    for entry in str(cell).split(";"):
        if not entry.strip():
            continue
        parts = [p.strip() for p in entry.split("|")]
        parts += [""] * (4 - len(parts))
        entries.append((parts[0], parts[1], parts[2], "|".join(parts[3:]).strip("|")))
    return entries


def write_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with formulas neutralised in text columns, and every cell holding a line
    break quoted (CRLF rows, so a lone CR inside a cell is quoted too)."""
    out = frame.copy()
    for name in out.columns:
        if name not in NUMERIC_COLUMNS:
            out[name] = out[name].astype(str).map(neutralise)
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue().encode("utf-8")


# An example, not a fact: every value shows the format (participants: ACTOR|person|role; ...).
TEMPLATE_ROW = {
    "event_id": "example-2025-06-15-samarkand-meeting",
    "start_date": "2025-06-15",
    "end_date": "2025-06-16",
    "event_type": "meeting",
    "status": "held",
    "format": "",
    "host_iso3": "UZB",
    "city": "Samarkand",
    "lat": "39.6542",
    "lon": "66.9597",
    "title": "Example: a meeting you want to add",
    "summary": "One or two sentences in your own words about what happened.",
    "source_url": "https://example.org/the-page-you-read",
    "source_name": "Name of the outlet",
    "notes": "Second sources, doubts, choices",
    "level": "leader",
    "parent_event_id": "",
    PARTICIPANTS_COLUMN: "EU|Name of the person|Their office|guest; UZB|Name of the person|Their office|host",
}


@functools.cache
def template_csv() -> bytes:
    """A CSV with the format's header and one example row (built once: it never changes)."""
    frame = pd.DataFrame([TEMPLATE_ROW]).reindex(columns=FILE_COLUMNS, fill_value="")
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
