"""The map on the page: st_folium with a constant base map, and what a click selects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit_folium import st_folium

from components.basemap import MAP_HEIGHT, build_base_map, layer_control
from components.data import Dataset
from components.layers import event_layers
from components.selection import Selection, click_count, from_map_output, parse_feature_id
from components.view import View

MAP_KEY = "map"
# Only clicks come back: panning and zooming never rerun the app.
RETURNED = ["last_active_drawing", "last_object_clicked_count"]
_SELECTION = "selection"
_CLICKS = "_map_clicks"


def show_map(dataset: Dataset, view: View) -> dict[str, Any] | None:
    """Draw the map: base map constant per dataset, filtered layers sent as feature groups."""
    layers = event_layers(
        view.places, view.arcs, view.relationships, dataset.actors, dataset.countries
    )
    return st_folium(
        build_base_map(dataset),
        key=MAP_KEY,
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=RETURNED,
        feature_group_to_add=layers,
        layer_control=layer_control(),
    )


def current_selection(
    output: dict[str, Any] | None, is_visible: Callable[[Selection], bool]
) -> Selection | None:
    """The selection after this rerun: a new click wins; a hidden selection clears."""
    if _SELECTION not in st.session_state:
        # First run of a session: a shared link may carry the selection.
        st.session_state[_SELECTION] = parse_feature_id(st.query_params.get("sel"))
    clicks = click_count(output)
    if clicks and clicks != st.session_state.get(_CLICKS):
        st.session_state[_CLICKS] = clicks
        clicked = from_map_output(output)
        if clicked is not None:
            st.session_state[_SELECTION] = clicked
    selection: Selection | None = st.session_state[_SELECTION]
    if selection is not None and not is_visible(selection):
        selection = None
    st.session_state[_SELECTION] = selection
    _sync_url(selection)
    return selection


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
