"""A one-line citation for what a page shows: the view, the data's as-of date, the filters,
and a link that reopens it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from urllib.parse import urlencode

import pandas as pd

from components.core.filters import Choices, Filters
from components.core.schema import EVENT_TYPE_LABELS

PROJECT = "Central Asia Diplomacy Dashboard"
LEVEL_WORDS = {"leader": "leaders", "minister": "foreign ministers"}


def _names(values: tuple[str, ...], names: Mapping[str, str]) -> str:
    return ", ".join(names.get(v, v) for v in values)


def describe_filters(
    filters: Filters,
    choices: Choices,
    actor_names: Mapping[str, str],
    country_names: Mapping[str, str],
) -> str:
    """The filters in words, every one that restricts the view (and the date range always)."""
    parts = [f"actors {_names(filters.actors, actor_names)}" if filters.actors else "all actors"]
    start = filters.start or choices.first
    end = filters.end or choices.last
    parts.append(f"{start:%Y-%m-%d} to {end:%Y-%m-%d}")
    if filters.levels:
        parts.append("level " + _names(filters.levels, LEVEL_WORDS))
    if filters.event_types:
        labels = {k: v.lower() for k, v in EVENT_TYPE_LABELS.items()}
        parts.append("types " + _names(filters.event_types, labels))
    if filters.statuses:
        parts.append("status " + ", ".join(filters.statuses))
    if filters.hosts:
        parts.append("hosts " + _names(filters.hosts, country_names))
    if filters.origins:
        parts.append("origin " + ", ".join(filters.origins))
    if filters.text.strip():
        parts.append(f"search '{filters.text.strip()}'")
    parts.append(
        "sideline meetings counted" if filters.sidelines else "sideline meetings not counted"
    )
    return "; ".join(parts)


def page_link(base: str | None, params: Mapping[str, str]) -> str:
    """The page's address (``base``: scheme, host and path) with the query string.

    Relative (only the query) when the address is unknown.
    """
    query = urlencode(dict(params), safe=",:")
    root = base or ""
    return f"{root}?{query}" if query else (root or "?")


def citation(
    view: str,
    as_of: pd.Timestamp | None,
    filters_text: str,
    link: str,
    accessed: date,
) -> str:
    """'Central Asia Diplomacy Dashboard, <view> (data as of ...; filters: ...). <link>, accessed ...'"""
    data = f"data as of {as_of:%Y-%m-%d}" if as_of is not None else "data with no as-of date"
    return f"{PROJECT}, {view} ({data}; {filters_text}). {link}, accessed {accessed:%Y-%m-%d}."
