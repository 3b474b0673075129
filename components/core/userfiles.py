"""Read a user's file of events (CSV, Excel, JSON or a GDELT export) and validate it row by row.

Pure: no Streamlit. Good rows come back typed, ready to join the reference data
(components.core.dataset.extend); every rejected row is reported with its row, column and reason.
Nothing here writes to disk.
"""

from __future__ import annotations

import difflib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import PurePath

import numpy as np
import pandas as pd

from components.core.dataset import Dataset, typed
from components.core.errors import DataError, Problem
from components.core.eventkey import REPEAT_MESSAGE, event_keys, key_tuples
from components.core.fileformat import (
    EXPORT_ONLY_COLUMNS,
    FILE_COLUMNS,
    OPTIONAL_FILE_COLUMNS,
    PARTICIPANTS_COLUMN,
    split_participants,
    unneutralise,
    write_csv,
)
from components.core.gdelt import gdelt_rows, looks_like_gdelt
from components.core.readers import Table, decode_text, parse_csv_bytes
from components.core.schema import CAPACITIES, ORIGIN_COLUMN, columns
from components.core.validation import check_cells, check_event_rows, country_bboxes

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
# A date this far ahead is more likely a typo than an announced summit.
FUTURE_LIMIT = timedelta(days=365)
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class ImportResult:
    """What a file added (typed events and participants) and what it rejected, and why."""

    origin: str
    kind: str
    events: pd.DataFrame
    participants: pd.DataFrame
    problems: list[Problem]
    warnings: list[str] = field(default_factory=list)
    rows_read: int = 0

    @property
    def rejected_rows(self) -> int:
        return len({p.row for p in self.problems if p.row is not None})


def _quiet(_share: float, _stage: str) -> None:
    """A progress callback that reports nothing."""


def detect_kind(name: str, raw: bytes) -> str:
    """csv, xlsx, json or gdelt, from the content first and the file name second."""
    suffix = PurePath(name).suffix.lower()
    if raw[:4] == b"PK\x03\x04" or suffix == ".xlsx":
        return "xlsx"
    if looks_like_gdelt(raw):
        return "gdelt"
    stripped = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix == ".json" or stripped[:1] in (b"[", b"{"):
        return "json"
    return "csv"


def read_frame(name: str, raw: bytes, kind: str) -> Table:
    """The file as a frame of strings with a '_row' column (spreadsheet row or record number)."""
    if kind == "csv":
        return parse_csv_bytes(raw, name)
    if kind == "xlsx":
        return _read_excel(name, raw)
    if kind == "json":
        return _read_json(name, raw)
    raise DataError([Problem(name, None, None, f"unknown file kind '{kind}'")])


def _read_excel(name: str, raw: bytes) -> Table:
    try:
        frame = pd.read_excel(io.BytesIO(raw), dtype=str, keep_default_na=False, engine="openpyxl")
    # openpyxl raises many kinds of error for a broken or renamed file.
    except Exception as exc:
        raise DataError(
            [
                Problem(
                    name, None, None, f"is not a readable Excel (.xlsx) file ({type(exc).__name__})"
                )
            ]
        ) from exc
    frame = frame.fillna("").astype(str)
    frame.columns = [str(c).strip() for c in frame.columns]
    for column in frame.columns:
        frame[column] = frame[column].str.strip()
    frame["_row"] = np.arange(2, len(frame) + 2)
    return Table(frame)


def _read_json(name: str, raw: bytes) -> Table:
    text = decode_text(raw, name)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(
            [Problem(name, exc.lineno, None, f"is not valid JSON ({exc.msg})")]
        ) from exc
    records = data.get("events") if isinstance(data, dict) else data
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise DataError(
            [Problem(name, None, None, 'must hold a list of event objects, or {"events": [...]}')]
        )
    if not records:
        raise DataError([Problem(name, None, None, "has no events")])

    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, list):
            # Participants may come as a list of "ACTOR|person|role" strings.
            return "; ".join(str(v) for v in value)
        return str(value).strip()

    keys = list(dict.fromkeys(k for r in records for k in r))
    frame = pd.DataFrame(
        [[cell(r.get(k)) for k in keys] for r in records], columns=keys, dtype=object
    )
    # JSON has no spreadsheet rows: a row here is the record's number, counting from 1.
    frame["_row"] = np.arange(1, len(frame) + 1)
    return Table(frame)


def _check_columns(frame: pd.DataFrame, name: str) -> list[str]:
    required = [c for c in columns("events") if c not in OPTIONAL_FILE_COLUMNS]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        found = ", ".join(c for c in frame.columns if c != "_row") or "none"
        raise DataError(
            [
                Problem(
                    name,
                    1,
                    None,
                    f"missing column(s) {', '.join(missing)} (found: {found}); download the template for the format",
                )
            ]
        )
    for optional, default in {**OPTIONAL_FILE_COLUMNS, PARTICIPANTS_COLUMN: ""}.items():
        if optional not in frame.columns:
            frame[optional] = default
    known = {*FILE_COLUMNS, *EXPORT_ONLY_COLUMNS, "_row", ORIGIN_COLUMN}
    return [c for c in frame.columns if c not in known]


def _suggest(value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value.upper(), [k.upper() for k in known], n=3, cutoff=0.5)
    return f" (did you mean {', '.join(close)}?)" if close else ""


def _participant_rows(
    frame: pd.DataFrame, name: str, actor_ids: list[str]
) -> tuple[pd.DataFrame, list[Problem]]:
    """Split the participants column into rows; unknown actors are problems of their row."""
    known = set(actor_ids)
    rows: list[tuple[str, str, str, str, str]] = []
    problems: list[Problem] = []
    for event_id, cell, row in zip(
        frame["event_id"], frame[PARTICIPANTS_COLUMN], frame["_row"], strict=True
    ):
        entries = split_participants(cell)
        if not entries:
            problems.append(
                Problem(
                    name,
                    int(row),
                    PARTICIPANTS_COLUMN,
                    "is empty: name at least one actor, as ACTOR|person|role",
                )
            )
        for actor, person, role, capacity in entries:
            if actor not in known:
                problems.append(
                    Problem(
                        name,
                        int(row),
                        PARTICIPANTS_COLUMN,
                        f"unknown actor '{actor}'{_suggest(actor, actor_ids)}",
                    )
                )
                continue
            if capacity and capacity not in CAPACITIES:
                problems.append(
                    Problem(
                        name,
                        int(row),
                        PARTICIPANTS_COLUMN,
                        f"'{capacity}' is not one of: {', '.join(CAPACITIES)}",
                    )
                )
                continue
            rows.append((event_id, actor, person, role, capacity))
    return pd.DataFrame(rows, columns=columns("participants")), problems


def validate_rows(
    frame: pd.DataFrame,
    name: str,
    dataset: Dataset,
    today: date | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem], list[str]]:
    """Good rows (typed events, participants), the problems of the bad ones, and warnings."""
    warnings: list[str] = []
    if len(frame) > MAX_ROWS:
        raise DataError(
            [Problem(name, None, None, f"has {len(frame):,} rows; the limit is {MAX_ROWS:,}")]
        )
    extra = _check_columns(frame, name)
    if extra:
        warnings.append(f"Ignored column(s) not in the format: {', '.join(extra[:10])}")
    for column in FILE_COLUMNS:
        frame[column] = frame[column].astype(str).map(unneutralise)
    problems = check_cells(frame, "events", name)
    bad_rows = {p.row for p in problems}
    cells_ok = frame[~frame["_row"].isin(bad_rows)]
    countries = list(dataset.countries["iso3"])
    for problem in check_event_rows(
        cells_ok, name, set(countries), country_bboxes(dataset.boundaries)
    ):
        if problem.column == "host_iso3":
            value = problem.message.rsplit("'", 2)[-2] if "'" in problem.message else ""
            problem = Problem(
                problem.file,
                problem.row,
                problem.column,
                problem.message + _suggest(value, countries),
            )
        problems.append(problem)
    # Ids must be new: not repeated in the file, not already in the data.
    taken = set(dataset.events["event_id"])
    seen: set[str] = set()
    for event_id, row in zip(frame["event_id"], frame["_row"], strict=True):
        if event_id in taken:
            problems.append(
                Problem(name, int(row), "event_id", f"'{event_id}' is already in the loaded data")
            )
        elif event_id in seen:
            problems.append(
                Problem(name, int(row), "event_id", f"duplicate id '{event_id}' in this file")
            )
        seen.add(event_id)
    participants, participant_problems = _participant_rows(
        frame, name, list(dataset.actors["actor_id"])
    )
    problems += participant_problems
    problems += _repeats(frame, participants, dataset, name)
    bad_rows = {p.row for p in problems}
    good = frame[~frame["_row"].isin(bad_rows)].copy()
    limit = (today or date.today()) + FUTURE_LIMIT
    far = pd.to_datetime(good["start_date"], format="%Y-%m-%d") > pd.Timestamp(limit)
    if far.any():
        rows = ", ".join(str(r) for r in good.loc[far, "_row"].head(10))
        warnings.append(
            f"{int(far.sum())} event(s) start more than a year from today (rows {rows}); check the dates"
        )
    participants = participants[participants["event_id"].isin(good["event_id"])]
    events = typed(good[[*columns("events"), "_row"]].copy(), "events")
    return events, participants.reset_index(drop=True), sorted(problems, key=_order), warnings


def _repeats(
    frame: pd.DataFrame, participants: pd.DataFrame, dataset: Dataset, name: str
) -> list[Problem]:
    """Rows describing an event already loaded, or already earlier in the file."""
    nearby = dataset.events[dataset.events["host_iso3"].isin(set(frame["host_iso3"]))]
    existing = dict(
        zip(key_tuples(event_keys(nearby, dataset.participants)), nearby["event_id"], strict=True)
    )
    problems = []
    seen: dict[tuple[str, str, int], str] = {}
    keys = key_tuples(event_keys(frame, participants))
    for key, event_id, row in zip(keys, frame["event_id"], frame["_row"], strict=True):
        if key[2] == 0:  # no actors: the participants cell has its own problem
            continue
        earlier = existing.get(key) or seen.get(key)
        if earlier and earlier != event_id:
            problems.append(
                Problem(
                    name, int(row), "event_id", REPEAT_MESSAGE.format(new=event_id, old=earlier)
                )
            )
        seen.setdefault(key, event_id)
    return problems


def _order(problem: Problem) -> tuple[int, str]:
    return (problem.row or 0, problem.column or "")


def _merge_gdelt_repeats(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """GDELT codes one meeting several times (042 from one side, 043 from the other): keep one."""
    if frame.empty:
        return frame, 0
    legs = pd.DataFrame(
        [
            (event_id, actor)
            for event_id, cell in zip(frame["event_id"], frame[PARTICIPANTS_COLUMN], strict=True)
            for actor, *_ in split_participants(cell)
        ],
        columns=["event_id", "actor_id"],
    )
    keep = ~event_keys(frame, legs).duplicated(keep="first")
    return frame[keep], int((~keep).sum())


def read_upload(
    name: str,
    raw: bytes,
    dataset: Dataset,
    progress: Progress = _quiet,
    today: date | None = None,
) -> ImportResult:
    """Parse and validate an uploaded file; raise DataError only when the whole file is unusable."""
    if len(raw) > MAX_BYTES:
        raise DataError(
            [
                Problem(
                    name,
                    None,
                    None,
                    f"is {len(raw) / 2**20:.1f} MB; the limit is {MAX_BYTES // 2**20} MB",
                )
            ]
        )
    if not raw.strip():
        raise DataError([Problem(name, None, None, "is empty")])
    if b"\x00" in raw[:4096] and raw[:4] != b"PK\x03\x04":
        raise DataError(
            [Problem(name, None, None, "is a binary file, not CSV, Excel, JSON or a GDELT export")]
        )
    kind = detect_kind(name, raw)
    progress(0.1, f"Reading {kind.upper()}")
    warnings: list[str] = []
    if kind == "gdelt":
        read = gdelt_rows(raw, name, set(dataset.actors["actor_id"]))
        frame, problems, skipped = read.frame, read.problems, read.skipped
        frame, merged = _merge_gdelt_repeats(frame)
        if skipped:
            warnings.append(
                f"Skipped {skipped:,} GDELT line(s) that are not diplomatic or involve no Central Asian state"
            )
        if merged:
            warnings.append(f"Merged {merged:,} GDELT line(s) coding the same meeting again")
        if frame.empty:
            raise DataError(
                problems
                or [
                    Problem(
                        name, None, None, "has no diplomatic events involving a Central Asian state"
                    )
                ]
            )
    else:
        table = read_frame(name, raw, kind)
        frame, problems = table.frame, list(table.problems)
        if frame.empty:
            raise DataError(problems or [Problem(name, None, None, "has no rows")])
    rows_read = len(frame) + len({p.row for p in problems})
    progress(0.5, f"Checking {len(frame):,} rows")
    events, participants, row_problems, row_warnings = validate_rows(frame, name, dataset, today)
    progress(0.9, "Adding the good rows")
    events[ORIGIN_COLUMN] = name
    return ImportResult(
        origin=name,
        kind=kind,
        events=events,
        participants=participants,
        problems=problems + row_problems,
        warnings=warnings + row_warnings,
        rows_read=rows_read,
    )


def problems_csv(problems: list[Problem]) -> bytes:
    """The rejection report: one line per problem (file, row, column, reason)."""
    frame = pd.DataFrame(
        [
            (p.file, "" if p.row is None else str(p.row), p.column or "", p.message)
            for p in problems
        ],
        columns=["file", "row", "column", "reason"],
    )
    return write_csv(frame)
