"""The map on the page, and what a click on it selects.

Uses streamlit-folium's public ``st_folium``: the base map is rebuilt each rerun (it is
deterministic, so the component stays mounted) and only the filtered feature groups
change. What this costs against rendering the base map once is in docs/PERFORMANCE.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from components.core.basemap import MAP_HEIGHT, build_base_map, layer_control
from components.core.dataset import Dataset
from components.core.layers import layer_groups, view_layer_parts
from components.core.selection import Selection, click_count, from_map_output, parse_feature_id
from components.core.view import View
from components.ui import memo

MAP_KEY = "map"
# Only clicks come back: panning and zooming never rerun the app.
RETURNED = ["last_active_drawing", "last_object_clicked_count"]
GOTO_KEY = "map_goto"
TABLE_KEY = "events_table"
_SELECTION = "selection"
_FOCUS = "_focus_event"
_TABLE_ROWS = "_table_rows"
_TABLE_SET = "_table_set"
_CLICKS = "_map_clicks"
_URL_NOTICE = "_sel_notice"
_URL_WRITTEN = "_sel_written"


def pending_output() -> dict[str, Any] | None:
    """The map's latest value, stored under its key by st_folium when a click reruns the app.

    Read before the map is drawn, so the clicked feature is highlighted in the same rerun.
    """
    value = st.session_state.get(MAP_KEY)
    return value if isinstance(value, dict) else None


def show_map(dataset: Dataset, view: View, selection: Selection | None = None) -> None:
    """Draw the map: the base map and the filtered layers as feature groups."""
    selected = selection.feature_id if selection else None
    parts = memo.remembered(
        "layers", (dataset, view), None, lambda: view_layer_parts(dataset, view)
    )
    groups = layer_groups(parts, selected)
    st_folium(
        build_base_map(dataset),
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=RETURNED,
        feature_group_to_add=groups,
        layer_control=layer_control(),
    )


def current_selection(
    output: dict[str, Any] | None, is_visible: Callable[[Selection], bool]
) -> Selection | None:
    """The selection for this rerun: a new click wins; a hidden selection clears."""
    raw = st.query_params.get("sel")
    # The first run of a session (a shared link), or a link inside the app (st.page_link, as
    # the review queue's link to an event it repeats) that carries another selection than
    # the one this page last wrote to the URL: the link's selection wins.
    if _SELECTION not in st.session_state or (
        raw is not None and raw != st.session_state.get(_URL_WRITTEN)
    ):
        parsed = parse_feature_id(raw)
        st.session_state[_SELECTION] = parsed
        st.session_state[_FOCUS] = None
        if raw and (parsed is None or not is_visible(parsed)):
            st.session_state[_URL_NOTICE] = raw
    clicks = click_count(output)
    if clicks and clicks != st.session_state.get(_CLICKS):
        st.session_state[_CLICKS] = clicks
        clicked = from_map_output(output)
        if clicked is not None:
            st.session_state[_SELECTION] = clicked
            st.session_state[_FOCUS] = None
            st.session_state.pop(_URL_NOTICE, None)
    selection: Selection | None = st.session_state[_SELECTION]
    if selection is not None and not is_visible(selection):
        selection = None
    st.session_state[_SELECTION] = selection
    _sync_url(selection)
    return selection


def url_selection_notice() -> str | None:
    """The ignored 'sel' value of the opening link, until the user selects something."""
    value = st.session_state.get(_URL_NOTICE)
    return value if isinstance(value, str) else None


def clear_selection() -> None:
    st.session_state[_SELECTION] = None
    st.session_state[_FOCUS] = None


def focus_event() -> str | None:
    """The event picked in the table, shown first in the details of its place."""
    value = st.session_state.get(_FOCUS)
    return value if isinstance(value, str) else None


# Callbacks: they only copy what the user chose into session state.


def on_goto() -> None:
    """The 'Go to' list chose a feature: select it as a click would."""
    chosen = parse_feature_id(st.session_state.get(GOTO_KEY))
    st.session_state[_SELECTION] = chosen
    st.session_state[_FOCUS] = None
    st.session_state.pop(_URL_NOTICE, None)


def on_table_select() -> None:
    """A row of the events table was (de)selected: select its event's place, or clear."""
    state = st.session_state.get(TABLE_KEY)
    rows = list(state["selection"]["rows"]) if state is not None else []
    if rows == st.session_state.get(_TABLE_SET):
        # The grid reporting back the selection the app gave it: nothing new.
        return
    st.session_state[_TABLE_SET] = rows
    shown: list[tuple[str, str]] = st.session_state.get(_TABLE_ROWS, [])
    if rows and 0 <= rows[0] < len(shown):
        event_id, place_id = shown[rows[0]]
        st.session_state[_SELECTION] = parse_feature_id(place_id)
        st.session_state[_FOCUS] = event_id
    else:
        clear_selection()
    st.session_state.pop(_URL_NOTICE, None)


def sync_goto(options: list[str], selection: Selection | None) -> None:
    """Show the current selection in the 'Go to' list (set before the list is drawn)."""
    wanted = selection.feature_id if selection else None
    wanted = wanted if wanted in options else None
    # Written only when it changes: a write sends the value to the browser, which would
    # replace what the user is typing into the list.
    if st.session_state.get(GOTO_KEY) != wanted:
        st.session_state[GOTO_KEY] = wanted


def sync_table(shown: list[tuple[str, str]], wanted_row: int | None) -> None:
    """Remember the table's rows (event, place) and select ``wanted_row`` in it."""
    st.session_state[_TABLE_ROWS] = shown
    rows = [] if wanted_row is None else [wanted_row]
    state = st.session_state.get(TABLE_KEY)
    current = list(state["selection"]["rows"]) if state is not None else []
    if current != rows:
        st.session_state[TABLE_KEY] = {"selection": {"rows": rows, "columns": [], "cells": []}}
    st.session_state[_TABLE_SET] = rows


def _sync_url(selection: Selection | None) -> None:
    current = st.query_params.get("sel")
    wanted = selection.feature_id if selection else None
    st.session_state[_URL_WRITTEN] = wanted
    if current != wanted:
        if wanted:
            st.query_params["sel"] = wanted
        else:
            del st.query_params["sel"]
