"""The map on the page, and what a click on it selects.

Uses streamlit-folium's public ``st_folium``: the base map is rebuilt each rerun (it is
deterministic, so the component stays mounted) and only the filtered feature groups
change. Their data is serialised once per filter state and shared (components.ui.shared);
a click re-serialises only the selected feature.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from components.core.basemap import MAP_HEIGHT, build_base_map, layer_control
from components.core.dataset import Dataset
from components.core.selection import Selection, click_count, from_map_output, parse_feature_id
from components.core.view import View
from components.ui import shared

MAP_KEY = "map"
# Only clicks come back: panning and zooming never rerun the app.
RETURNED = ["last_active_drawing", "last_object_clicked_count"]
_SELECTION = "selection"
_CLICKS = "_map_clicks"
_URL_NOTICE = "_sel_notice"


def pending_output() -> dict[str, Any] | None:
    """The map's latest value, stored under its key by st_folium when a click reruns the app.

    Read before the map is drawn, so the clicked feature is highlighted in the same rerun.
    """
    value = st.session_state.get(MAP_KEY)
    return value if isinstance(value, dict) else None


def show_map(dataset: Dataset, view: View, selection: Selection | None = None) -> None:
    """Draw the map: the base map and the filtered layers as feature groups."""
    selected = selection.feature_id if selection else None
    groups = shared.layers_for(dataset, view).groups(selected)
    st_folium(
        build_base_map(dataset, parts=shared.base_parts_for(dataset)),
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
    if _SELECTION not in st.session_state:
        # First run of a session: a shared link may carry the selection.
        raw = st.query_params.get("sel")
        parsed = parse_feature_id(raw)
        st.session_state[_SELECTION] = parsed
        if raw and (parsed is None or not is_visible(parsed)):
            st.session_state[_URL_NOTICE] = raw
    clicks = click_count(output)
    if clicks and clicks != st.session_state.get(_CLICKS):
        st.session_state[_CLICKS] = clicks
        clicked = from_map_output(output)
        if clicked is not None:
            st.session_state[_SELECTION] = clicked
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


def _sync_url(selection: Selection | None) -> None:
    current = st.query_params.get("sel")
    wanted = selection.feature_id if selection else None
    if current != wanted:
        if wanted:
            st.query_params["sel"] = wanted
        else:
            del st.query_params["sel"]
