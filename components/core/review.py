"""The review queue's logic: candidates as editable rows, checked with the dataset's own rules.

Pure: no Streamlit (components.ui.review draws it). A candidate becomes a row of the one-file
upload format (components.core.fileformat.FILE_COLUMNS: the events columns plus
``participants``) only when every check passes: the cells (dates, vocabularies,
coordinates, a source URL), the cross-column rules (known host, end after start, the place
inside its host country), known actors, and no repeat of an event already in the data
(components.core.eventkey.near_repeat: start within a day, same host, same parties).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlparse

import pandas as pd

from components.core.dataset import Dataset
from components.core.errors import DataError, Problem, ProblemLog
from components.core.eventkey import near_repeat, party_sets
from components.core.extract import (
    ExtractedEvent,
    Knowledge,
    events_of_article,
    find_mentions,
    knowledge_from_tables,
    read_article,
)
from components.core.fileformat import (
    FILE_COLUMNS,
    PARTICIPANTS_COLUMN,
    split_participants,
    write_csv,
)
from components.core.gdelt import gdelt_rows, merge_repeats
from components.core.schema import EVENT_TYPE_LABELS, columns
from components.core.validation import check_cells, check_event_rows, country_bboxes

# Columns of the editable table, in order: the review's own first, then the event's.
APPROVE = "approve"
ACTORS = "actors"
PEOPLE = "people"
PROBLEMS = "problems"
DUPLICATE = "duplicate_of"
EDITOR_COLUMNS = [
    APPROVE,
    "start_date",
    "end_date",
    "event_type",
    "status",
    "level",
    "host_iso3",
    "city",
    "lat",
    "lon",
    ACTORS,
    PEOPLE,
    "title",
    "summary",
    "source_url",
    "source_name",
    "format",
    "confidence",
    "evidence",
]
READ_ONLY = ("confidence", "evidence")

LOG = logging.getLogger(__name__)
# The article text the extractor reads, after HTML is stripped: a long news article is
# 10,000-20,000 characters; the extractor takes about 2 s for 50,000 and grows linearly.
MAX_ARTICLE_CHARS = 50_000
# What is read at all (HTML included): reading 5 MB of HTML takes up to 3 s.
MAX_ARTICLE_INPUT = 5_000_000
# A GDELT file past this many diplomatic lines with Central Asia is refused: a table to
# review by hand, not a whole day's export.
MAX_GDELT_LINES = 2_000


@dataclass(frozen=True)
class RowCheck:
    """What stops one candidate row from being approved."""

    problems: tuple[str, ...]
    duplicate_of: str | None

    @property
    def ok(self) -> bool:
        return not self.problems and self.duplicate_of is None


def _records(frame: pd.DataFrame) -> list[dict[str, str]]:
    out = frame.copy()
    for column in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = out[column].dt.strftime("%Y-%m-%d")
    return out.astype(str).to_dict("records")


def knowledge_of(dataset: Dataset) -> Knowledge:
    """The extractor's knowledge built from a loaded dataset (its actors, places and people)."""
    return knowledge_from_tables(
        actors=_records(dataset.actors),
        countries=_records(dataset.countries),
        events=_records(dataset.events[columns("events")]),
        participants=_records(dataset.participants[columns("participants")]),
    )


def source_name_of(url: str) -> str:
    """The outlet's host name from a URL ('www.gazeta.uz' -> 'gazeta.uz')."""
    host = urlparse(url.strip()).netloc.lower()
    return host.removeprefix("www.")


def _party_names(codes: list[str], dataset: Dataset) -> str:
    names = dataset.actor_names
    return ", ".join(names.get(c, c) for c in codes)


def candidate_rows(
    events: list[ExtractedEvent], dataset: Dataset, url: str = "", source_name: str = ""
) -> pd.DataFrame:
    """The editable table: one row per candidate, with a draft title and summary to rewrite."""
    rows = []
    countries = dataset.country_names
    for event in events:
        place = event.city or countries.get(event.host_iso3 or "", "")
        label = EVENT_TYPE_LABELS.get(event.event_type, event.event_type)
        parties = _party_names(event.actors, dataset)
        rows.append(
            {
                APPROVE: False,
                "start_date": event.start_date,
                "end_date": event.end_date,
                "event_type": event.event_type,
                "status": event.status,
                "level": event.level,
                "host_iso3": event.host_iso3 or "",
                "city": event.city or "",
                "lat": "" if event.lat is None else f"{event.lat:.4f}",
                "lon": "" if event.lon is None else f"{event.lon:.4f}",
                ACTORS: ", ".join(event.actors),
                PEOPLE: "; ".join(event.people),
                "title": f"{label}{' in ' + place if place else ''}: {parties}",
                # A draft in our words, from the fields alone: the reviewer rewrites it.
                "summary": _draft_summary(label, place, event.status, event.people, parties),
                "source_url": url,
                "source_name": source_name or (source_name_of(url) if url else ""),
                "format": event.format,
                "confidence": float(event.confidence),
                "evidence": event.evidence,
            }
        )
    return pd.DataFrame(rows, columns=EDITOR_COLUMNS).astype(
        {c: "str" for c in EDITOR_COLUMNS if c not in (APPROVE, "confidence")}
    )


@dataclass(frozen=True)
class Found:
    """What an article gave: the URL it names (or the one typed) and its candidate events."""

    url: str
    events: list[ExtractedEvent]


def find_events(
    raw: str,
    published: date | None,
    url: str | None,
    knowledge: Knowledge,
    label: str = "The article",
) -> Found:
    """The article's candidate events; every failure is a DataError naming ``label``.

    The boundary between a user's text and the extractor: text longer than
    :data:`MAX_ARTICLE_CHARS` is refused with its length (the extractor would take too
    long), and an error no check foresaw is logged with its traceback and becomes a
    problem of the article, so no text can stop the page.
    """
    try:
        if len(raw) > MAX_ARTICLE_INPUT:
            raise DataError(
                [
                    Problem(
                        label,
                        None,
                        None,
                        f"is {len(raw):,} characters long; the review takes at most "
                        f"{MAX_ARTICLE_INPUT:,} (text or saved HTML)",
                    )
                ]
            )
        article = read_article(raw, published, url or None)
        if len(article.text) > MAX_ARTICLE_CHARS:
            raise DataError(
                [
                    Problem(
                        label,
                        None,
                        None,
                        f"has {len(article.text):,} characters of text; the review reads at "
                        f"most {MAX_ARTICLE_CHARS:,}: paste the part that reports the meeting",
                    )
                ]
            )
        return Found(article.url or "", events_of_article(article, knowledge))
    except DataError:
        raise
    except Exception as exc:
        LOG.exception("Unexpected error while extracting events from %s", label)
        raise DataError(
            [
                Problem(
                    label,
                    None,
                    None,
                    f"could not be read: an unexpected error ({type(exc).__name__}) was "
                    "logged for the maintainers",
                )
            ]
        ) from exc


@dataclass(frozen=True)
class GdeltCandidates:
    """A GDELT file as review rows (EDITOR_COLUMNS), its unreadable lines, and counts."""

    frame: pd.DataFrame
    problems: list[Problem]
    skipped: int
    merged: int


def gdelt_candidates(name: str, raw: bytes, dataset: Dataset) -> GdeltCandidates:
    """The diplomatic events of a GDELT export as candidates to review, never as events.

    Lines coding the same meeting are merged (components.core.gdelt.merge_repeats); each
    candidate's confidence comes from its lines' mention, source and article counts and its
    place type (components.core.gdelt.confidence), its evidence says what they coded, and
    its source URL is GDELT's SOURCEURL. Raises DataError when the file cannot be used at all;
    an error no check foresaw is logged and becomes a DataError too.
    """
    try:
        return _gdelt_candidates(name, raw, dataset)
    except DataError:
        raise
    except Exception as exc:
        LOG.exception("Unexpected error while reading the GDELT file %r", name)
        raise DataError(
            [
                Problem(
                    name,
                    None,
                    None,
                    f"could not be read: an unexpected error ({type(exc).__name__}) was "
                    "logged for the maintainers",
                )
            ]
        ) from exc


def _gdelt_candidates(name: str, raw: bytes, dataset: Dataset) -> GdeltCandidates:
    log = ProblemLog(MAX_GDELT_LINES)
    read = gdelt_rows(raw, name, set(dataset.actors["actor_id"].astype(str)), log, MAX_GDELT_LINES)
    if read.frame.empty:
        raise DataError(
            read.problems
            or [
                Problem(
                    name, None, None, "has no diplomatic events involving a Central Asian state"
                )
            ]
        )
    merged = merge_repeats(read)
    rows = []
    for row, score, evidence in zip(
        merged.frame.to_dict("records"), merged.confidence, merged.evidence, strict=True
    ):
        host = row["host_iso3"]
        parties = [a for a, *_ in split_participants(row[PARTICIPANTS_COLUMN]) if a != host]
        rows.append(
            {
                APPROVE: False,
                **{c: row[c] for c in EDITOR_COLUMNS if c in row},
                ACTORS: ", ".join(dict.fromkeys(parties)),
                PEOPLE: "",
                "confidence": round(score, 3),
                "evidence": evidence,
            }
        )
    frame = pd.DataFrame(rows, columns=EDITOR_COLUMNS).astype(
        {c: "str" for c in EDITOR_COLUMNS if c not in (APPROVE, "confidence")}
    )
    return GdeltCandidates(frame, read.problems, read.skipped, merged.merged)


def place_of(dataset: Dataset, event_id: str) -> str | None:
    """The map feature id of the place an event of the data is shown at (a link to it), or None."""
    found = dataset.events.loc[dataset.events["event_id"].astype(str) == event_id, "place_id"]
    return None if found.empty else str(found.iloc[0])


def _draft_summary(label: str, place: str, status: str, people: list[str], parties: str) -> str:
    who = ", ".join(people) if people else parties
    where = f" in {place}" if place else ""
    return f"{label}{where} ({status}) involving {who}; drafted from the article, to be checked."


def _codes(cell: object) -> list[str]:
    return [c.strip().upper() for c in re.split(r"[,;|\s]+", str(cell or "")) if c.strip()]


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60] or "event"


def _roles(dataset: Dataset) -> dict[str, str]:
    """The office each person of the participants table held most often."""
    people = dataset.participants[["person", "role"]].astype(str)
    people = people[(people["person"] != "") & (people["role"] != "")]
    if people.empty:
        return {}
    return people.groupby("person")["role"].agg(lambda s: s.value_counts().index[0]).to_dict()


def _participants_cell(row: dict[str, Any], knowledge: Knowledge, roles: dict[str, str]) -> str:
    host = str(row.get("host_iso3", "")).strip().upper()
    codes = list(dict.fromkeys(([host] if host else []) + _codes(row.get(ACTORS, ""))))
    people: dict[str, list[str]] = {}
    for person in [p.strip() for p in str(row.get(PEOPLE, "")).split(";") if p.strip()]:
        found = [m for m in find_mentions(person, knowledge) if m.kind == "person"]
        if found and found[0].code in codes:
            people.setdefault(found[0].code, []).append(person)
    entries = []
    for code in codes:
        names = people.get(code) or [""]
        for name in names:
            clean = name.replace("|", "/").replace(";", ",")
            role = roles.get(name, "").replace("|", "/").replace(";", ",")
            entries.append(f"{code}|{clean}|{role}")
    return "; ".join(entries)


def _fill_place(row: dict[str, Any], knowledge: Knowledge) -> None:
    """Coordinates of a known city of the host country, when the reviewer left them empty."""
    if str(row.get("lat", "")).strip() and str(row.get("lon", "")).strip():
        return
    name = str(row.get("city", "")).strip().lower()
    host = str(row.get("host_iso3", "")).strip().upper()
    for city in knowledge.cities.values():
        if city.name.lower() == name and city.iso3 == host:
            row["lat"], row["lon"] = f"{city.lat:.4f}", f"{city.lon:.4f}"
            return


def export_rows(
    edited: pd.DataFrame, dataset: Dataset, knowledge: Knowledge, taken_ids: set[str] | None = None
) -> pd.DataFrame:
    """The editor's rows in the one-file upload format (FILE_COLUMNS), with fresh event ids."""
    taken = set(dataset.events["event_id"].astype(str)) | set(taken_ids or ())
    roles = _roles(dataset)
    out = []
    for raw in edited.to_dict("records"):
        row = {
            k: ("" if v is None or (isinstance(v, float) and pd.isna(v)) else v)
            for k, v in raw.items()
        }
        _fill_place(row, knowledge)
        record = {c: str(row.get(c, "") or "").strip() for c in columns("events")}
        record["host_iso3"] = record["host_iso3"].upper()
        record["level"] = record["level"] or "leader"
        base = f"{record['start_date']}-{_slug(record['title'] or record['city'] or 'event')}"
        event_id, number = base, 2
        while event_id in taken:
            event_id, number = f"{base}-{number}", number + 1
        taken.add(event_id)
        record["event_id"] = event_id
        record[PARTICIPANTS_COLUMN] = _participants_cell(row, knowledge, roles)
        out.append(record)
    return pd.DataFrame(out, columns=FILE_COLUMNS)


def find_duplicate(row: dict[str, Any], existing: pd.DataFrame) -> str | None:
    """The id of an event already in the data that the row repeats (the review queue's rule,
    components.core.eventkey.near_repeat); ``existing`` is an eventkey.party_sets frame."""
    try:
        start = date.fromisoformat(str(row.get("start_date", "")).strip())
    except ValueError:
        return None
    return near_repeat(start, str(row.get("host_iso3", "")), _codes(row.get(ACTORS, "")), existing)


def check_rows(edited: pd.DataFrame, dataset: Dataset, knowledge: Knowledge) -> list[RowCheck]:
    """One RowCheck per editor row: the dataset's cell and row rules, actors, URL, repeats."""
    if edited.empty:
        return []
    rows = export_rows(edited, dataset, knowledge)
    frame = rows.copy()
    frame["_row"] = range(1, len(frame) + 1)
    problems: dict[int, list[str]] = {i: [] for i in range(1, len(frame) + 1)}
    for row_number, url in zip(frame["_row"], frame["source_url"], strict=True):
        if not str(url).strip():
            problems[row_number].append("a source URL is required for approval")
    cell_problems = check_cells(frame, "events", "review")
    for problem in cell_problems:
        if problem.row in problems and not (
            problem.column == "source_url" and "is empty" in problem.message
        ):
            problems[problem.row].append(f"{problem.column}: {problem.message}")
    bad = {p.row for p in cell_problems}
    clean = frame[~frame["_row"].isin(bad)]
    if not clean.empty:
        for problem in check_event_rows(
            clean, "review", set(dataset.countries["iso3"]), country_bboxes(dataset.boundaries)
        ):
            problems[int(problem.row)].append(f"{problem.column}: {problem.message}")
    known = set(dataset.actors["actor_id"].astype(str))
    existing = party_sets(dataset.events, dataset.participants)
    checks = []
    for number, record in zip(frame["_row"], edited.to_dict("records"), strict=True):
        actors = _codes(record.get(ACTORS, ""))
        if not actors:
            problems[number].append("actors: name at least one party besides the host")
        unknown = [a for a in actors if a not in known]
        if unknown:
            problems[number].append(f"actors: unknown actor(s) {', '.join(unknown)}")
        checks.append(RowCheck(tuple(problems[number]), find_duplicate(record, existing)))
    return checks


def approved_csv(rows: list[dict[str, str]]) -> bytes:
    """Approved rows as a CSV in the upload format, formula-neutralised like the dashboard's export."""
    frame = pd.DataFrame(rows, columns=FILE_COLUMNS).astype(object).fillna("").astype(str)
    return write_csv(frame)
