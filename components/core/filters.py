"""The filter state, applying it to the events, and its round trip through the URL."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

import numpy as np
import pandas as pd

from components.core.dataset import Dataset
from components.core.schema import EVENT_TYPES, LEVELS, ORIGIN_COLUMN, REFERENCE_ORIGIN, STATUSES


@dataclass(frozen=True)
class Filters:
    """What the user asked to see. Empty tuples mean 'no restriction'."""

    actors: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    event_types: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    text: str = ""
    origins: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    # Bilateral meetings held on a summit's sidelines: counted as contacts of their own.
    sidelines: bool = True


@dataclass(frozen=True)
class Choices:
    """The values a filter can take for one dataset (valid query-parameter values)."""

    actors: tuple[str, ...]
    hosts: tuple[str, ...]
    origins: tuple[str, ...]
    first: date
    last: date
    event_types: tuple[str, ...] = EVENT_TYPES
    statuses: tuple[str, ...] = STATUSES
    levels: tuple[str, ...] = LEVELS


@dataclass(frozen=True)
class ParsedQuery:
    filters: Filters
    notices: list[str] = field(default_factory=list)


def choices_for(dataset: Dataset) -> Choices:
    """Filter choices present in the data."""
    events = dataset.events
    if events.empty:
        today = date.today()
        first = last = today
    else:
        first = events["start_date"].min().date()
        last = events["end_date"].max().date()
    actor_order = dataset.actors.sort_values(["kind", "name"])["actor_id"]
    return Choices(
        actors=tuple(actor_order),
        hosts=tuple(sorted(events["host_iso3"].unique())),
        origins=tuple(sorted(events[ORIGIN_COLUMN].unique())) if not events.empty else (),
        first=first,
        last=last,
    )


def _text_in(values: pd.Series, text: str) -> np.ndarray:
    """Case-insensitive substring match; on a categorical, only its categories are searched."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        hits = values.cat.categories.str.lower().str.contains(text, regex=False)
        # A lookup table over the codes (-1, a missing value, reads the extra last slot).
        table = np.append(np.asarray(hits, dtype=bool), False)
        return table[values.cat.codes.to_numpy()]
    return values.str.lower().str.contains(text, regex=False).to_numpy()


def _conditions(
    events: pd.DataFrame, filters: Filters, people_match: np.ndarray | None
) -> np.ndarray:
    """Every filter but the actors one, as a boolean array over the events.

    ``people_match`` marks events with a participant whose name matches the search text.
    """
    mask = np.ones(len(events), dtype=bool)
    # An event is in range when any of its days is: a summit spanning the boundary counts.
    if filters.start is not None:
        mask &= (events["end_date"] >= pd.Timestamp(filters.start)).to_numpy()
    if filters.end is not None:
        mask &= (events["start_date"] <= pd.Timestamp(filters.end)).to_numpy()
    if filters.event_types:
        mask &= events["event_type"].isin(filters.event_types).to_numpy()
    if filters.statuses:
        mask &= events["status"].isin(filters.statuses).to_numpy()
    if filters.hosts:
        mask &= events["host_iso3"].isin(filters.hosts).to_numpy()
    if filters.origins:
        mask &= events[ORIGIN_COLUMN].isin(filters.origins).to_numpy()
    if filters.levels:
        mask &= events["level"].isin(filters.levels).to_numpy()
    if not filters.sidelines:
        mask &= events["parent_pos"].to_numpy() < 0
    text = filters.text.strip().lower()
    if text:
        found = (
            _text_in(events["title"], text)
            | _text_in(events["format"], text)
            | _text_in(events["city"], text)
        )
        if people_match is not None:
            found |= people_match
        mask &= found
    return mask


def dataset_mask(dataset: Dataset, filters: Filters) -> np.ndarray:
    """Which of the dataset's events pass the filters, using its integer index (fast)."""
    text = filters.text.strip().lower()
    people = None
    if text:
        people = np.zeros(len(dataset.events), dtype=bool)
        matches = _text_in(dataset.participants["person"], text)
        people[dataset.participants["event_pos"].to_numpy()[matches]] = True
    mask = _conditions(dataset.events, filters, people)
    if filters.actors:
        codes = np.flatnonzero(dataset.actors["actor_id"].isin(filters.actors).to_numpy())
        legs = dataset.legs
        chosen = np.zeros(len(dataset.actors), dtype=bool)
        chosen[codes] = True
        positions = legs["event_pos"].to_numpy()[chosen[legs["actor_code"].to_numpy()]]
        with_actor = np.zeros(len(dataset.events), dtype=bool)
        with_actor[positions] = True
        mask &= with_actor
    return mask


def filter_relationships(relationships: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Relationships of the chosen actors and hosts, active at some point of the date range."""
    mask = pd.Series(True, index=relationships.index)
    if filters.actors:
        mask &= relationships["actor_id"].isin(filters.actors)
    if filters.hosts:
        mask &= relationships["iso3"].isin(filters.hosts)
    since = relationships["since"].str.slice(0, 4)
    until = relationships["until"].str.slice(0, 4)
    if filters.end is not None:
        mask &= (since == "") | (since <= str(filters.end.year))
    if filters.start is not None:
        mask &= (until == "") | (until >= str(filters.start.year))
    return relationships[mask]


# ---------------------------------------------------------------- URL query parameters

# Every list-valued filter: its Filters attribute and its URL parameter. The sidebar's
# widgets and the URL code both read this table.
LIST_FILTERS: dict[str, str] = {
    "actors": "actors",
    "event_types": "type",
    "statuses": "status",
    "hosts": "host",
    "origins": "origin",
    "levels": "level",
}


# Parameters the pages read for their own views (not filters): left alone here.
PAGE_PARAMETERS: tuple[str, ...] = ("cell", "powers", "frame", "step")


def to_query(filters: Filters, choices: Choices) -> dict[str, str]:
    """Query parameters for the filters; defaults are left out to keep links short."""
    params: dict[str, str] = {}
    for attr, key in LIST_FILTERS.items():
        values = getattr(filters, attr)
        if values:
            params[key] = ",".join(values)
    if filters.start is not None and filters.start != choices.first:
        params["from"] = filters.start.isoformat()
    if filters.end is not None and filters.end != choices.last:
        params["to"] = filters.end.isoformat()
    if filters.text.strip():
        params["q"] = filters.text.strip()
    if not filters.sidelines:
        params["sidelines"] = "0"
    return params


def _one(value: str | list[str]) -> str:
    return value[-1] if isinstance(value, list) else value


def _all(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


def hidden_uploads(events: pd.DataFrame, start: date | None, end: date | None) -> tuple[int, int]:
    """How many uploaded events (any origin but the reference data) a date range hides, and
    how many there are."""
    if events.empty:
        return 0, 0
    uploaded = (events[ORIGIN_COLUMN].astype(str) != REFERENCE_ORIGIN).to_numpy()
    outside = np.zeros(len(events), dtype=bool)
    if start is not None:
        outside |= (events["end_date"] < pd.Timestamp(start)).to_numpy()
    if end is not None:
        outside |= (events["start_date"] > pd.Timestamp(end)).to_numpy()
    return int((outside & uploaded).sum()), int(uploaded.sum())


def from_query(params: Mapping[str, str | list[str]], choices: Choices) -> ParsedQuery:
    """Filters from query parameters; anything unusable is dropped with a notice.

    A parameter may come as a list (``?actors=RUS&actors=CHN``, from
    ``st.query_params.get_all``): a list filter uses every value, any other parameter the
    last one, and a notice says so.
    """
    notices: list[str] = []
    for key in sorted(k for k, v in params.items() if isinstance(v, list) and len(v) > 1):
        if key in LIST_FILTERS.values():
            notices.append(
                f"URL parameter '{key}' was given {len(params[key])} times; all its values are used"
            )
        else:
            notices.append(
                f"URL parameter '{key}' was given {len(params[key])} times; the last one is used"
            )
    found: dict[str, object] = {}
    allowed = {
        "actors": choices.actors,
        "event_types": choices.event_types,
        "statuses": choices.statuses,
        "hosts": choices.hosts,
        "origins": choices.origins,
        "levels": choices.levels,
    }
    for attr, key in LIST_FILTERS.items():
        if key not in params:
            continue
        values = [v.strip() for value in _all(params[key]) for v in value.split(",") if v.strip()]
        good = tuple(dict.fromkeys(v for v in values if v in allowed[attr]))
        bad = [v for v in values if v not in allowed[attr]]
        if bad:
            notices.append(f"Ignored unknown value(s) in URL parameter '{key}': {', '.join(bad)}")
        found[attr] = good
    for key, attr in (("from", "start"), ("to", "end")):
        if key not in params:
            continue
        raw = _one(params[key]).strip()
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            notices.append(f"Ignored URL parameter '{key}': '{raw}' is not a date (YYYY-MM-DD)")
            continue
        clamped = min(max(day, choices.first), choices.last)
        if clamped != day:
            notices.append(
                f"URL parameter '{key}' ({raw}) is outside the data "
                f"({choices.first} to {choices.last}); using {clamped}"
            )
        found[attr] = clamped
    if "q" in params:
        found["text"] = _one(params["q"])[:200]
    if "sidelines" in params:
        raw = _one(params["sidelines"]).strip()
        if raw in ("0", "1"):
            found["sidelines"] = raw == "1"
        else:
            notices.append(f"Ignored URL parameter 'sidelines': '{raw[:40]}' is not 0 or 1")
    filters = replace(Filters(), **found)  # type: ignore[arg-type]
    if filters.start and filters.end and filters.start > filters.end:
        notices.append("Ignored URL date range: 'from' is after 'to'")
        filters = replace(filters, start=None, end=None)
    known = {"from", "to", "q", "sel", "sidelines", *PAGE_PARAMETERS, *LIST_FILTERS.values()}
    unknown = sorted(set(params) - known)
    if unknown:
        notices.append(f"Ignored unknown URL parameter(s): {', '.join(unknown)}")
    return ParsedQuery(filters, notices)
