"""Filter widgets in the sidebar, kept in step with the URL query string."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.core.escaping import md
from components.core.filters import (
    LIST_FILTERS,
    PAGE_PARAMETERS,
    Choices,
    Filters,
    from_query,
    hidden_uploads,
    to_query,
)
from components.core.schema import EVENT_TYPE_LABELS, LEVEL_LABELS

PREFIX = "flt_"
KEYS = {name: f"{PREFIX}{name}" for name in (*LIST_FILTERS, "dates", "text", "sidelines")}
# The data's date range when the date filter was last drawn.
_BOUNDS = f"{PREFIX}date_bounds"


def _query_params() -> dict[str, list[str]]:
    """Every value of every URL parameter (a repeated one keeps them all)."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _seed_from_url(choices: Choices) -> list[str]:
    """Once per session: copy the URL's filters into the widgets' state."""
    if st.session_state.get(f"{PREFIX}seeded"):
        return st.session_state.get(f"{PREFIX}notices", [])
    parsed = from_query(_query_params(), choices)
    f = parsed.filters
    for name in LIST_FILTERS:
        st.session_state[KEYS[name]] = list(getattr(f, name))
    st.session_state[KEYS["dates"]] = (f.start or choices.first, f.end or choices.last)
    st.session_state[KEYS["text"]] = f.text
    st.session_state[KEYS["sidelines"]] = f.sidelines
    st.session_state[f"{PREFIX}seeded"] = True
    st.session_state[f"{PREFIX}notices"] = parsed.notices
    return parsed.notices


def _reset(choices: Choices) -> None:
    for name, key in KEYS.items():
        st.session_state[key] = (
            (choices.first, choices.last)
            if name == "dates"
            else ("" if name == "text" else (True if name == "sidelines" else []))
        )


def _follow_dates(choices: Choices) -> None:
    """Keep the date filter inside the data's range as uploads widen or narrow it.

    An end of the filter the user left at the data's edge follows the edge (so events an
    upload adds after the last day, or before the first, show at once); an end the user
    moved stays where it was, moved only into the new range. Other filters drop values
    the data no longer has.
    """
    start, end = st.session_state.get(KEYS["dates"], (choices.first, choices.last))
    first, last = st.session_state.get(_BOUNDS, (choices.first, choices.last))
    if start <= first:
        start = choices.first
    if end >= last:
        end = choices.last
    start = min(max(start, choices.first), choices.last)
    end = min(max(end, choices.first), choices.last)
    st.session_state[KEYS["dates"]] = (min(start, end), max(start, end))
    st.session_state[_BOUNDS] = (choices.first, choices.last)
    for name in LIST_FILTERS:
        allowed = set(getattr(choices, name))
        current = st.session_state.get(KEYS[name], [])
        st.session_state[KEYS[name]] = [v for v in current if v in allowed]


def filter_sidebar(
    choices: Choices,
    actor_names: dict[str, str],
    country_names: dict[str, str],
    container: DeltaGenerator | None = None,
    events: pd.DataFrame | None = None,
) -> Filters:
    """Draw the filters (in the sidebar, or a container of it) and return what they say.

    The URL follows every change. With ``events`` (the dataset's), a date range the user
    set says how many uploaded events it hides.
    """
    notices = _seed_from_url(choices)
    _follow_dates(choices)
    with container or st.sidebar:
        st.header("Filters")
        for notice in notices:
            st.warning(md(notice), icon="⚠️")
        actors = st.multiselect(
            "Actors",
            options=list(choices.actors),
            format_func=lambda a: actor_names.get(a, a),
            key=KEYS["actors"],
            placeholder="All actors",
            help="Events in which any of these took part.",
        )
        if choices.first < choices.last:
            start, end = st.slider(
                "Dates",
                min_value=choices.first,
                max_value=choices.last,
                key=KEYS["dates"],
                format="YYYY-MM-DD",
            )
        else:
            start = end = choices.first
        hidden, uploaded = (0, 0) if events is None else hidden_uploads(events, start, end)
        if hidden:
            st.info(
                f"The date filter ({start:%Y-%m-%d} to {end:%Y-%m-%d}) hides {hidden:,} of the "
                f"{uploaded:,} events you uploaded. Widen it, or press Reset filters, to see them.",
                icon="ℹ️",
            )
        levels = st.multiselect(
            "Level",
            options=list(choices.levels),
            format_func=lambda v: LEVEL_LABELS.get(v, v),
            key=KEYS["levels"],
            placeholder="Leaders and foreign ministers",
            help="Leaders: heads of state or government (and the EU's presidents). "
            "Foreign ministers: meetings of foreign ministers and the EU High Representative.",
        )
        sidelines = st.toggle(
            "Count meetings on summit sidelines",
            key=KEYS["sidelines"],
            help="Bilateral talks held during a summit are recorded as events of their own, "
            "linked to the summit. Switch off to count each summit once.",
        )
        event_types = st.multiselect(
            "Event type",
            options=list(choices.event_types),
            format_func=lambda t: EVENT_TYPE_LABELS.get(t, t),
            key=KEYS["event_types"],
            placeholder="All types",
        )
        statuses = st.multiselect(
            "Status", options=list(choices.statuses), key=KEYS["statuses"], placeholder="Any status"
        )
        hosts = st.multiselect(
            "Host country",
            options=list(choices.hosts),
            format_func=lambda c: country_names.get(c, c),
            key=KEYS["hosts"],
            placeholder="All host countries",
        )
        text = st.text_input(
            "Search titles and people", key=KEYS["text"], placeholder="e.g. Tokayev, SCO"
        )
        origins: list[str] = []
        if len(choices.origins) > 1:
            origins = st.multiselect(
                "Origin",
                options=list(choices.origins),
                key=KEYS["origins"],
                placeholder="All origins",
            )
        st.button("Reset filters", on_click=_reset, args=(choices,), key=f"{PREFIX}reset")
    filters = Filters(
        actors=tuple(actors),
        start=start if isinstance(start, date) else None,
        end=end if isinstance(end, date) else None,
        event_types=tuple(event_types),
        statuses=tuple(statuses),
        hosts=tuple(hosts),
        text=text,
        origins=tuple(origins),
        levels=tuple(levels),
        sidelines=bool(sidelines),
    )
    _write_url(filters, choices)
    return filters


def _write_url(filters: Filters, choices: Choices) -> None:
    params = to_query(filters, choices)
    for key in ("sel", *PAGE_PARAMETERS):
        value = st.query_params.get(key)
        if value:
            params[key] = value
    # Compared value by value: a repeated parameter is written back once.
    if {k: [v] for k, v in params.items()} != _query_params():
        st.query_params.from_dict(params)
