"""Validate tables of strings: cells (type, vocabulary, range), rows, and references across tables."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from components.core.errors import Problem
from components.core.eventkey import REPEAT_MESSAGE, event_keys
from components.core.readers import polygons
from components.core.schema import (
    AS_OF_KEY,
    FIRST_DATE,
    LAST_DATE,
    PENDING_STATUSES,
    TABLES,
    Column,
)
from components.core.urls import is_source_url

# Degrees of slack around a country's outline: cities on a coast or a border sit on its edge.
BBOX_SLACK = 0.75
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _partial_date_ok(value: str) -> bool:
    if not _PARTIAL_DATE.match(value):
        return False
    padded = value + "-01" * (2 - value.count("-"))
    return not pd.isna(pd.to_datetime(padded, format="%Y-%m-%d", errors="coerce"))


def check_cells(frame: pd.DataFrame, table: str, file_label: str) -> list[Problem]:
    """Column presence and per-cell checks (type, vocabulary, range, length), vectorised."""
    return list(cell_problems(frame, table, file_label))


def cell_problems(frame: pd.DataFrame, table: str, file_label: str) -> Iterator[Problem]:
    """The problems of :func:`check_cells`, one at a time (a caller may keep only some)."""
    spec = TABLES[table]
    missing = [c.name for c in spec if c.name not in frame.columns]
    if missing:
        present = ", ".join(c for c in frame.columns if c != "_row") or "none"
        yield Problem(
            file_label,
            1,
            None,
            f"missing column(s) {', '.join(missing)} (found: {present})",
        )
        return
    rows = (
        frame["_row"] if "_row" in frame.columns else pd.Series(frame.index + 2, index=frame.index)
    )
    for column in spec:
        values = frame[column.name]
        if values.dtype != "str":
            values = values.astype("str").str.strip()
        empty = values.eq("")
        if column.required:
            yield from _report(file_label, rows[empty], column, "is empty")
        present = ~empty
        bad = present & _invalid(values, column)
        for row, value in zip(rows[bad], values[bad], strict=True):
            yield Problem(file_label, int(row), column.name, _explain(value, column))
        too_long = values.str.len() > column.max_length
        yield from _report(
            file_label,
            rows[too_long],
            column,
            f"is longer than {column.max_length} characters",
        )


def _report(
    file_label: str, rows: Iterable[int], column: Column, message: str
) -> Iterator[Problem]:
    return (Problem(file_label, int(r), column.name, message) for r in rows)


def _invalid(values: pd.Series, column: Column) -> pd.Series:
    if column.kind == "date":
        parsed = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
        outside = (parsed < pd.Timestamp(FIRST_DATE)) | (parsed > pd.Timestamp(LAST_DATE))
        return parsed.isna() | outside | ~values.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    if column.kind in ("lat", "lon"):
        numbers = pd.to_numeric(values, errors="coerce")
        limit = 90 if column.kind == "lat" else 180
        return numbers.isna() | (numbers.abs() > limit)
    if column.kind == "enum":
        return ~values.isin(column.choices)
    if column.kind == "url":
        return ~values.map(is_source_url).astype(bool)
    if column.kind == "color":
        return ~values.str.match(_COLOR)
    if column.kind == "partial_date":
        return ~values.map(_partial_date_ok).astype(bool)
    if column.kind == "id":
        return ~values.str.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.:\-]*")
    return pd.Series(False, index=values.index)


def _in_calendar(value: str) -> bool:
    """A real YYYY-MM-DD day, whatever its year (pandas alone stops at 1677 and 2262)."""
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value))


def _explain(value: str, column: Column) -> str:
    shown = value if len(value) <= 60 else value[:57] + "..."
    match column.kind:
        case "date":
            if _in_calendar(value):
                return (
                    f"'{shown}' is outside the dates this dashboard covers "
                    f"({FIRST_DATE} to {LAST_DATE})"
                )
            return f"'{shown}' is not a date (expected YYYY-MM-DD)"
        case "lat":
            return f"'{shown}' is not a latitude between -90 and 90"
        case "lon":
            return f"'{shown}' is not a longitude between -180 and 180"
        case "enum":
            return f"'{shown}' is not one of: {', '.join(column.choices)}"
        case "url":
            return f"'{shown}' is not a web address (http:// or https://)"
        case "color":
            return f"'{shown}' is not a colour like #1f77b4"
        case "partial_date":
            return f"'{shown}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        case "id":
            return f"'{shown}' is not a valid id (letters, digits, - _ . : only)"
    return f"'{shown}' is not valid"


# ---------------------------------------------------------------- cross-table checks


def _known(
    frame: pd.DataFrame, column: str, known: set[str], file_label: str, what: str
) -> Iterator[Problem]:
    unknown = ~frame[column].isin(known)
    return (
        Problem(file_label, int(row), column, f"unknown {what} '{value}'")
        for row, value in zip(frame.loc[unknown, "_row"], frame.loc[unknown, column], strict=True)
    )


def _unique(frame: pd.DataFrame, column: str, file_label: str) -> list[Problem]:
    dup = frame[column].duplicated(keep="first")
    return [
        Problem(file_label, int(row), column, f"duplicate id '{value}'")
        for row, value in zip(frame.loc[dup, "_row"], frame.loc[dup, column], strict=True)
    ]


def country_bboxes(boundaries: dict[str, Any]) -> dict[str, tuple[float, float, float, float]]:
    """(min_lon, min_lat, max_lon, max_lat) per ISO3 code found in the boundaries."""
    boxes = {}
    for feature in boundaries.get("features", []):
        iso3 = (feature.get("properties") or {}).get("iso3")
        if not iso3:
            continue
        xs, ys = [], []
        for polygon in polygons(feature["geometry"]):
            for point in polygon[0]:
                xs.append(float(point[0]))
                ys.append(float(point[1]))
        if xs:
            boxes[iso3] = (min(xs), min(ys), max(xs), max(ys))
    return boxes


def check_event_rows(
    events: pd.DataFrame,
    file_label: str,
    countries: set[str],
    bboxes: dict[str, tuple[float, float, float, float]],
) -> list[Problem]:
    """Checks across columns of an events table whose cells are already valid."""
    return list(event_row_problems(events, file_label, countries, bboxes))


def event_row_problems(
    events: pd.DataFrame,
    file_label: str,
    countries: set[str],
    bboxes: dict[str, tuple[float, float, float, float]],
) -> Iterator[Problem]:
    """The problems of :func:`check_event_rows`, one at a time."""
    yield from _known(events, "host_iso3", countries, file_label, "country code")
    start = pd.to_datetime(events["start_date"], format="%Y-%m-%d")
    end = pd.to_datetime(events["end_date"], format="%Y-%m-%d")
    backwards = end < start
    for row, s, e in zip(
        events.loc[backwards, "_row"],
        events.loc[backwards, "start_date"],
        events.loc[backwards, "end_date"],
        strict=True,
    ):
        yield Problem(file_label, int(row), "end_date", f"ends ({e}) before it starts ({s})")
    lat = pd.to_numeric(events["lat"]).to_numpy()
    lon = pd.to_numeric(events["lon"]).to_numpy()
    boxes = pd.DataFrame(
        [(iso, *box) for iso, box in bboxes.items()], columns=["host", "x0", "y0", "x1", "y1"]
    ).set_index("host")
    box = boxes.reindex(events["host_iso3"].to_numpy())
    known = box["x0"].notna().to_numpy()

    def inside(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return (
            (x >= box["x0"].to_numpy() - BBOX_SLACK)
            & (x <= box["x1"].to_numpy() + BBOX_SLACK)
            & (y >= box["y0"].to_numpy() - BBOX_SLACK)
            & (y <= box["y1"].to_numpy() + BBOX_SLACK)
        )

    outside = known & ~inside(lon, lat)
    # The commonest slip: latitude and longitude in each other's columns.
    swapped = outside & inside(lat, lon)
    for row, host, y, x, hint in zip(
        events["_row"].to_numpy()[outside],
        events["host_iso3"].to_numpy()[outside],
        lat[outside],
        lon[outside],
        swapped[outside],
        strict=True,
    ):
        message = f"({y}, {x}) lies outside {host}"
        if hint:
            message += "; are latitude and longitude swapped?"
        yield Problem(file_label, int(row), "lat", message)


def check_dataset(tables: dict[str, pd.DataFrame], boundaries: dict[str, Any]) -> list[Problem]:
    """Identity and reference checks across tables whose cells are valid."""
    problems: list[Problem] = []
    countries = tables["countries"]
    actors = tables["actors"]
    events = tables["events"]
    participants = tables["participants"]
    problems += _unique(countries, "iso3", "countries.csv")
    problems += _unique(actors, "actor_id", "actors.csv")
    problems += _unique(events, "event_id", "events.csv")
    iso3 = set(countries["iso3"])
    actor_ids = set(actors["actor_id"])
    with_home = actors[actors["iso3"] != ""]
    problems += _known(with_home, "iso3", iso3, "actors.csv", "country code")
    problems += check_event_rows(events, "events.csv", iso3, country_bboxes(boundaries))
    problems += _known(
        participants, "event_id", set(events["event_id"]), "participants.csv", "event"
    )
    problems += _known(participants, "actor_id", actor_ids, "participants.csv", "actor")
    problems += _duplicate_events(events, participants)
    problems += check_parents(events, "events.csv")
    if "sources" in tables:
        problems += _known(
            tables["sources"], "event_id", set(events["event_id"]), "sources.csv", "event"
        )
    if "people" in tables:
        problems += check_people(tables["people"], actor_ids)
        problems += check_offices(participants, events, tables["people"])
    if "meta" in tables:
        problems += check_meta(tables["meta"], events)
    if "relationships" in tables:
        rel = tables["relationships"]
        problems += _unique(rel, "rel_id", "relationships.csv")
        problems += _known(rel, "actor_id", actor_ids, "relationships.csv", "actor")
        problems += _known(rel, "iso3", iso3, "relationships.csv", "country code")
    if "routes" in tables:
        routes = tables["routes"]
        problems += _unique(routes, "route_id", "routes.csv")
        problems += _known(routes, "actor_id", actor_ids, "routes.csv", "actor")
        for row, codes, path in zip(
            routes["_row"], routes["countries"], routes["path"], strict=True
        ):
            for code in codes.split("|"):
                if code.strip() not in iso3:
                    problems.append(
                        Problem(
                            "routes.csv", int(row), "countries", f"unknown country code '{code}'"
                        )
                    )
            try:
                parse_path(path)
            except ValueError as exc:
                problems.append(Problem("routes.csv", int(row), "path", str(exc)))
    return problems


def check_parents(events: pd.DataFrame, file_label: str) -> list[Problem]:
    """A sideline event names another event of the same table."""
    ids = set(events["event_id"])
    problems = []
    for row, event_id, parent in zip(
        events["_row"], events["event_id"], events["parent_event_id"], strict=True
    ):
        if not parent:
            continue
        if parent == event_id:
            problems.append(
                Problem(file_label, int(row), "parent_event_id", "names the event itself")
            )
        elif parent not in ids:
            problems.append(
                Problem(file_label, int(row), "parent_event_id", f"unknown event '{parent}'")
            )
    return problems


def check_people(people: pd.DataFrame, actor_ids: set[str]) -> list[Problem]:
    """Known actors, terms that end after they start, and readable source addresses."""
    problems = _known(people, "actor_id", actor_ids, "people.csv", "actor")
    for row, start, end, urls in zip(
        people["_row"], people["start"], people["end"], people["source_url"], strict=True
    ):
        if start and end and end < start:
            problems.append(
                Problem("people.csv", int(row), "end", f"ends ({end}) before it starts ({start})")
            )
        for url in urls.split():
            if not is_source_url(url):
                problems.append(
                    Problem(
                        "people.csv", int(row), "source_url", f"'{url[:60]}' is not a web address"
                    )
                )
    return problems


def check_offices(
    participants: pd.DataFrame, events: pd.DataFrame, people: pd.DataFrame
) -> list[Problem]:
    """Each named participant is in people.csv under that spelling, with that office, and
    (where the term is known) held the office on the event's first day."""
    terms: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for person, office, start, end in zip(
        people["person"], people["office"], people["start"], people["end"], strict=True
    ):
        terms.setdefault((person, office), []).append((start, end))
    names = set(people["person"])
    starts = dict(zip(events["event_id"], events["start_date"], strict=True))
    problems = []
    for row, event_id, person, office in zip(
        participants["_row"],
        participants["event_id"],
        participants["person"],
        participants["role"],
        strict=True,
    ):
        if not person:
            continue
        if person not in names:
            problems.append(
                Problem("participants.csv", int(row), "person", f"'{person}' is not in people.csv")
            )
            continue
        spans = terms.get((person, office))
        if spans is None:
            problems.append(
                Problem(
                    "participants.csv",
                    int(row),
                    "role",
                    f"people.csv has no office '{office}' for {person}",
                )
            )
            continue
        day = starts.get(event_id, "")
        if day and not any((not s or s <= day) and (not e or day <= e) for s, e in spans):
            problems.append(
                Problem("participants.csv", int(row), "role", f"{person} was not {office} on {day}")
            )
    return problems


def check_meta(meta: pd.DataFrame, events: pd.DataFrame) -> list[Problem]:
    """The as-of date is a date, and no plan dated before it is left unresolved."""
    values = meta.loc[meta["key"] == AS_OF_KEY, ["_row", "value"]]
    if values.empty:
        return [Problem("meta.csv", None, None, f"has no '{AS_OF_KEY}' row")]
    row, as_of = int(values["_row"].iloc[0]), str(values["value"].iloc[0])
    if pd.isna(pd.to_datetime(as_of, format="%Y-%m-%d", errors="coerce")):
        return [Problem("meta.csv", row, "value", f"'{as_of}' is not a date (expected YYYY-MM-DD)")]
    stale = events["status"].isin(PENDING_STATUSES) & (events["end_date"] < as_of)
    return [
        Problem(
            "events.csv",
            int(r),
            "status",
            f"'{status}' although it ended ({end}) before the as-of date {as_of}: "
            "resolve it (held, cancelled, a new date) or mark it 'unconfirmed'",
        )
        for r, status, end in zip(
            events.loc[stale, "_row"],
            events.loc[stale, "status"],
            events.loc[stale, "end_date"],
            strict=True,
        )
    ]


def _duplicate_events(events: pd.DataFrame, participants: pd.DataFrame) -> list[Problem]:
    keys = event_keys(events, participants)
    dup = keys.duplicated(keep="first").to_numpy()
    first = keys[~dup].reset_index(drop=True)
    first["event_id"] = events.loc[~dup, "event_id"].to_numpy()
    earlier = keys[dup].merge(first, on=list(keys.columns), how="left")["event_id"]
    return [
        Problem("events.csv", int(row), "event_id", REPEAT_MESSAGE.format(new=eid, old=old))
        for row, eid, old in zip(
            events.loc[dup, "_row"], events.loc[dup, "event_id"], earlier, strict=True
        )
    ]


def parse_path(text: str) -> list[tuple[float, float]]:
    """Parse 'lon lat; lon lat; ...' into (lat, lon) pairs, checking ranges."""
    points = []
    for part in text.split(";"):
        bits = part.split()
        if not bits:
            continue
        if len(bits) != 2:
            raise ValueError(f"'{part.strip()}' is not a 'lon lat' pair")
        try:
            lon, lat = float(bits[0]), float(bits[1])
        except ValueError as exc:
            raise ValueError(f"'{part.strip()}' is not a 'lon lat' pair of numbers") from exc
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(f"'{part.strip()}' is out of range (lon -180..180, lat -90..90)")
        points.append((lat, lon))
    if len(points) < 2:
        raise ValueError("a route needs at least two 'lon lat' points")
    return points
