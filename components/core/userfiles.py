"""Read a user's file of events (CSV, Excel or JSON) and validate it row by row.

A GDELT export is recognised and refused with a pointer to the review queue: its rows
reach the map only once a person approves them (components.core.review).

Pure: no Streamlit. Good rows come back typed, ready to join the reference data
(components.core.dataset.extend); every rejected row is reported with its row, column and reason.
Readers stop at the limits of components.core.limits while they read; anything a file
does that no check foresaw becomes a problem of that file (logged), never an exception
that could stop the page. Nothing here writes to disk.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import PurePath

import numpy as np
import pandas as pd

from components.core import jsonfile
from components.core.dataset import Dataset, typed
from components.core.errors import DataError, Problem, ProblemLog
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
from components.core.gdelt import looks_like_gdelt
from components.core.limits import (
    MAX_BYTES,
    MAX_PARTICIPANTS,
    MAX_PROBLEMS,
    MAX_ROWS,
    UPLOAD_LIMITS,
    ReadLimits,
)
from components.core.readers import Table, decode_text, parse_csv_bytes, too_many_rows
from components.core.schema import CAPACITIES, ORIGIN_COLUMN, columns
from components.core.validation import cell_problems, country_bboxes, event_row_problems
from components.core.workbook import read_workbook

__all__ = ["MAX_BYTES", "MAX_ROWS", "ImportResult", "read_upload", "settle_uploads"]

LOG = logging.getLogger(__name__)
_NOT_BLANK = re.compile(rb"\S")
# A date this far ahead is more likely a typo than an announced summit.
FUTURE_LIMIT = timedelta(days=365)
GDELT_NOT_HERE = (
    "is a GDELT event export: GDELT events join the map only once approved in the review "
    "queue (the Add events page); upload it there"
)
REQUIRED_COLUMNS: list[str] = [c for c in columns("events") if c not in OPTIONAL_FILE_COLUMNS]
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class ImportResult:
    """What a file added and what it rejected, and why.

    ``events`` are typed, with the file's name in the origin column and the row each came
    from in '_row'. ``problems`` holds the first :data:`MAX_PROBLEMS`; ``more_problems``
    counts the rest, and ``rejected_rows`` every row with at least one.
    """

    origin: str
    kind: str
    events: pd.DataFrame
    participants: pd.DataFrame
    problems: list[Problem]
    warnings: list[str] = field(default_factory=list)
    rows_read: int = 0
    rejected_rows: int = 0
    more_problems: int = 0


def _quiet(_share: float, _stage: str) -> None:
    """A progress callback that reports nothing."""


def detect_kind(name: str, raw: bytes) -> str:
    """csv, xlsx, json or gdelt, from the content first and the file name second."""
    suffix = PurePath(name).suffix.lower()
    if raw[:4] == b"PK\x03\x04" or suffix == ".xlsx":
        return "xlsx"
    if looks_like_gdelt(raw):
        return "gdelt"
    stripped = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix == ".json" or stripped[:1] in (b"[", b"{"):
        return "json"
    return "csv"


def read_frame(
    name: str,
    raw: bytes,
    kind: str,
    limits: ReadLimits = UPLOAD_LIMITS,
    log: ProblemLog | None = None,
) -> Table:
    """The file as a frame of strings with a '_row' column (spreadsheet row or record number).

    Rows that cannot be read go to ``log``; reading stops with a DataError at a limit.
    """
    log = ProblemLog(MAX_PROBLEMS) if log is None else log
    if kind == "csv":
        return parse_csv_bytes(raw, name, limits, REQUIRED_COLUMNS, log)
    if kind == "xlsx":
        return read_workbook(raw, name, limits, REQUIRED_COLUMNS, log)
    if kind == "json":
        return _read_json(name, raw, limits, log)
    raise DataError([Problem(name, None, None, f"unknown file kind '{kind}'")])


def _json_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        # Participants may come as a list of "ACTOR|person|role" strings.
        return "; ".join(str(v) for v in value)
    return str(value).strip()


def _read_json(name: str, raw: bytes, limits: ReadLimits, log: ProblemLog) -> Table:
    """Records one at a time (components.core.jsonfile), each turned into cells at once."""
    text = decode_text(raw, name)
    values: dict[str, list[str]] = {}
    numbers: list[int] = []
    seen = 0
    for number, record in jsonfile.records(text, name):
        seen = number
        if limits.rows is not None and number > limits.rows:
            raise too_many_rows(name, limits.rows, "records")
        if not isinstance(record, dict):
            log.add(
                Problem(name, number, None, f"is not an event object: the file {jsonfile.SHAPE}")
            )
            continue
        if limits.columns is not None and len(record) > limits.columns:
            log.add(
                Problem(
                    name, number, None, f"has {len(record):,} keys; the limit is {limits.columns}"
                )
            )
            continue
        cells = {str(key): _json_cell(value) for key, value in record.items()}
        long = next(
            (k for k, c in cells.items() if limits.cell_chars and len(c) > limits.cell_chars), None
        )
        if long is not None:
            log.add(
                Problem(
                    name,
                    number,
                    long,
                    f"has {len(cells[long]):,} characters; a cell may have at most "
                    f"{limits.cell_chars:,}",
                )
            )
            continue
        for key in cells:
            if key not in values:
                if limits.columns is not None and len(values) >= limits.columns:
                    raise DataError(
                        [
                            Problem(
                                name,
                                number,
                                None,
                                f"uses more than {limits.columns} different keys; "
                                "that is the limit",
                            )
                        ]
                    )
                values[key] = [""] * len(numbers)
        for key, column in values.items():
            column.append(cells.get(key, ""))
        numbers.append(number)
    if not seen:
        raise DataError([Problem(name, None, None, "has no events")])
    frame = pd.DataFrame({k: pd.Series(v, dtype="str") for k, v in values.items()})
    # JSON has no spreadsheet rows: a row here is the record's number, counting from 1.
    frame["_row"] = np.array(numbers, dtype=np.int64)
    return Table(frame, log.kept)


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
    """Split the participants column into rows; unknown actors are one problem of their row."""
    known = {a: a for a in actor_ids}
    kept: dict[str, list[str]] = {c: [] for c in columns("participants")}
    problems: list[Problem] = []
    for event_id, cell, row in zip(
        frame["event_id"], frame[PARTICIPANTS_COLUMN], frame["_row"], strict=True
    ):
        entries = list(dict.fromkeys(split_participants(cell)))
        if not entries:
            problems.append(
                Problem(
                    name,
                    int(row),
                    PARTICIPANTS_COLUMN,
                    "is empty: name at least one actor, as ACTOR|person|role",
                )
            )
            continue
        if len(entries) > MAX_PARTICIPANTS:
            problems.append(
                Problem(
                    name,
                    int(row),
                    PARTICIPANTS_COLUMN,
                    f"names {len(entries):,} participants; an event may have at most "
                    f"{MAX_PARTICIPANTS}",
                )
            )
            continue
        unknown = list(dict.fromkeys(a for a, *_ in entries if a not in known))
        if unknown:
            listed = ", ".join(f"'{a}'{_suggest(a, actor_ids)}" for a in unknown[:5])
            more = f" and {len(unknown) - 5} more" if len(unknown) > 5 else ""
            plural = "s" if len(unknown) > 1 else ""
            problems.append(
                Problem(
                    name, int(row), PARTICIPANTS_COLUMN, f"unknown actor{plural} {listed}{more}"
                )
            )
            continue
        bad = [c for *_, c in entries if c and c not in CAPACITIES]
        if bad:
            problems.append(
                Problem(
                    name,
                    int(row),
                    PARTICIPANTS_COLUMN,
                    f"'{bad[0][:40]}' is not one of: {', '.join(CAPACITIES)}",
                )
            )
            continue
        for actor, person, role, capacity in entries:
            kept["event_id"].append(event_id)
            kept["actor_id"].append(known[actor])
            kept["person"].append(person)
            kept["role"].append(role)
            kept["capacity"].append(capacity)
    frame = pd.DataFrame({c: pd.Series(v, dtype="str") for c, v in kept.items()})
    return frame, problems


def _unneutralise(values: pd.Series) -> pd.Series:
    """:func:`unneutralise` on the cells that can need it (those holding a ')."""
    values = values.astype("str")
    marked = values.str.contains("'", regex=False)
    if marked.any():
        values = values.copy()
        values[marked] = values[marked].map(unneutralise)
    return values


def validate_rows(
    frame: pd.DataFrame,
    name: str,
    dataset: Dataset,
    log: ProblemLog,
    today: date | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Good rows (typed events with '_row', and participants) and warnings; every problem
    goes to ``log``, and a row with any problem is left out."""
    warnings: list[str] = []
    if len(frame) > MAX_ROWS:
        raise too_many_rows(name, MAX_ROWS)
    extra = _check_columns(frame, name)
    if extra:
        warnings.append(f"Ignored column(s) not in the format: {', '.join(extra[:10])}")
    for column in FILE_COLUMNS:
        frame[column] = _unneutralise(frame[column])
    log.extend(cell_problems(frame, "events", name))
    cells_ok = frame[~frame["_row"].isin(log.rows)]
    countries = list(dataset.countries["iso3"])
    for problem in event_row_problems(
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
        log.add(problem)
    checked = frame[~frame["_row"].isin(log.rows)]
    participants, participant_problems = _participant_rows(
        checked, name, list(dataset.actors["actor_id"])
    )
    log.extend(participant_problems)
    # Ids must be new and events not repeated: checked last, so only rows that passed every
    # other check count as earlier rows (a rejected row never blocks a good one).
    log.extend(_taken(frame[~frame["_row"].isin(log.rows)], participants, dataset, name))
    good = frame[~frame["_row"].isin(log.rows)]
    limit = (today or date.today()) + FUTURE_LIMIT
    far = pd.to_datetime(good["start_date"], format="%Y-%m-%d") > pd.Timestamp(limit)
    if far.any():
        rows = ", ".join(str(r) for r in good.loc[far, "_row"].head(10))
        warnings.append(
            f"{int(far.sum())} event(s) start more than a year from today (rows {rows}); check the dates"
        )
    participants = participants[participants["event_id"].isin(good["event_id"])]
    events = typed(good[columns("events")].copy(), "events")
    events["_row"] = good["_row"].to_numpy()
    return events, participants.reset_index(drop=True), warnings


def _taken(
    frame: pd.DataFrame, participants: pd.DataFrame, dataset: Dataset, name: str
) -> Iterator[Problem]:
    """Rows whose id is taken, or that describe an event already loaded or earlier in the
    file (the one duplicate rule: components.core.eventkey)."""
    taken = set(dataset.events["event_id"].astype(str))
    nearby = dataset.events[dataset.events["host_iso3"].isin(set(frame["host_iso3"]))]
    existing = dict(
        zip(key_tuples(event_keys(nearby, dataset.participants)), nearby["event_id"], strict=True)
    )
    ids: set[str] = set()
    seen: dict[tuple[str, str, int], str] = {}
    keys = key_tuples(event_keys(frame, participants))
    for key, event_id, row in zip(keys, frame["event_id"], frame["_row"], strict=True):
        if event_id in taken:
            yield Problem(name, int(row), "event_id", f"'{event_id}' is already in the loaded data")
            continue
        if event_id in ids:
            yield Problem(name, int(row), "event_id", f"duplicate id '{event_id}' in this file")
            continue
        earlier = (existing.get(key) or seen.get(key)) if key[2] != 0 else None
        if earlier and earlier != event_id:
            yield Problem(
                name, int(row), "event_id", REPEAT_MESSAGE.format(new=event_id, old=earlier)
            )
            continue
        ids.add(event_id)
        seen.setdefault(key, event_id)


def _order(problem: Problem) -> tuple[int, str]:
    return (problem.row or 0, problem.column or "")


def read_upload(
    name: str,
    raw: bytes,
    dataset: Dataset,
    progress: Progress = _quiet,
    today: date | None = None,
) -> ImportResult:
    """Parse and validate an uploaded file; raise DataError only when the whole file is unusable.

    Nothing else escapes: an error no check foresaw (in a parser, or a bug here) is logged
    with its traceback and becomes a file-level problem, so a file can never stop the page.
    """
    try:
        return _read_upload(name, raw, dataset, progress, today)
    except DataError:
        raise
    # The boundary between a user's bytes and the app: whatever went wrong stays with the file.
    except Exception as exc:
        LOG.exception("Unexpected error while reading the upload %r", name)
        raise DataError(
            [
                Problem(
                    name,
                    None,
                    None,
                    f"could not be read: an unexpected error ({type(exc).__name__}) "
                    "was logged for the maintainers",
                )
            ]
        ) from exc


def _read_upload(
    name: str, raw: bytes, dataset: Dataset, progress: Progress, today: date | None
) -> ImportResult:
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
    if not _NOT_BLANK.search(raw):
        raise DataError([Problem(name, None, None, "is empty")])
    if b"\x00" in raw[:4096] and raw[:4] != b"PK\x03\x04":
        raise DataError(
            [Problem(name, None, None, "is a binary file, not CSV, Excel, JSON or a GDELT export")]
        )
    kind = detect_kind(name, raw)
    progress(0.1, f"Reading {kind.upper()}")
    log = ProblemLog(MAX_PROBLEMS)
    warnings: list[str] = []
    if kind == "gdelt":
        # GDELT's machine coding is often wrong: its rows join the map only through the
        # review queue (components.core.review.gdelt_candidates), once a person approves them.
        raise DataError([Problem(name, None, None, GDELT_NOT_HERE)])
    table = read_frame(name, raw, kind, UPLOAD_LIMITS, log)
    frame = table.frame
    warnings += table.notes
    if frame.empty:
        raise DataError(log.kept or [Problem(name, None, None, "has no rows")])
    rows_read = len(frame) + len(log.rows)
    progress(0.5, f"Checking {len(frame):,} rows")
    events, participants, row_warnings = validate_rows(frame, name, dataset, log, today)
    progress(0.9, "Adding the good rows")
    events[ORIGIN_COLUMN] = name
    return ImportResult(
        origin=name,
        kind=kind,
        events=events,
        participants=participants,
        problems=sorted(log.kept, key=_order),
        warnings=warnings + row_warnings,
        rows_read=rows_read,
        rejected_rows=len(log.rows),
        more_problems=log.more,
    )


def settle_uploads(results: Sequence[ImportResult]) -> list[ImportResult]:
    """The session's uploads, each checked against the uploads before it.

    Each file was checked against the reference data when it was read; here a row whose id
    an earlier file added, or that repeats an event an earlier file added (the one rule of
    components.core.eventkey), is rejected with a problem naming that file. Results that
    lose nothing come back as they are.
    """
    ids: dict[str, str] = {}
    keys: dict[tuple[str, str, int], tuple[str, str]] = {}
    settled = []
    for result in results:
        events = result.events
        event_ids = list(events["event_id"].astype(str))
        own = key_tuples(event_keys(events, result.participants)) if event_ids else []
        keep = np.ones(len(events), dtype=bool)
        problems = []
        for index, (event_id, key, row) in enumerate(
            zip(event_ids, own, events["_row"], strict=True)
        ):
            if event_id in ids:
                message = f"'{event_id}' is already added by {ids[event_id]}"
            elif key[2] != 0 and key in keys:
                old, origin = keys[key]
                message = REPEAT_MESSAGE.format(new=event_id, old=old) + f", added by {origin}"
            else:
                continue
            keep[index] = False
            problems.append(Problem(result.origin, int(row), "event_id", message))
        for index in np.flatnonzero(keep):
            ids[event_ids[index]] = result.origin
            if own[index][2] != 0:
                keys.setdefault(own[index], (event_ids[index], result.origin))
        settled.append(_reject(result, keep, problems) if problems else result)
    return settled


def _reject(result: ImportResult, keep: np.ndarray, problems: list[Problem]) -> ImportResult:
    events = result.events[keep].reset_index(drop=True)
    participants = result.participants[result.participants["event_id"].isin(events["event_id"])]
    merged = sorted([*result.problems, *problems], key=_order)
    return replace(
        result,
        events=events,
        participants=participants.reset_index(drop=True),
        problems=merged[:MAX_PROBLEMS],
        rejected_rows=result.rejected_rows + len(problems),
        more_problems=result.more_problems + max(0, len(merged) - MAX_PROBLEMS),
    )


def problems_csv(problems: list[Problem], more: int = 0) -> bytes:
    """The rejection report: one line per problem (file, row, column, reason)."""
    rows = [
        (p.file, "" if p.row is None else str(p.row), p.column or "", p.message) for p in problems
    ]
    if more:
        rows.append(
            (
                "",
                "",
                "",
                f"... and {more:,} more problem(s), not listed: the report keeps the first "
                f"{MAX_PROBLEMS:,}",
            )
        )
    frame = pd.DataFrame(rows, columns=["file", "row", "column", "reason"])
    return write_csv(frame)
