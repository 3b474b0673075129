"""The map on the page, and what a click on it selects.

st_folium re-renders the whole folium map on every rerun (about 50 ms here, most of it
the constant base map). This module does what st_folium does, with its own helpers, but
renders the base map once per dataset (cached) and only the filtered feature groups per
rerun. The component, its front end and its return value are streamlit-folium's own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import folium
import streamlit as st
from branca.element import Figure, MacroElement
from streamlit_folium import (
    _component_func,
    _get_feature_group_string,
    _get_header,
    _get_html,
    _get_layer_control_string,
    _get_map_string,
    generate_js_hash,
    get_full_id,
)

from components.core.basemap import MAP_HEIGHT, build_base_map, layer_control
from components.core.data import Dataset
from components.core.layers import event_layers
from components.core.selection import Selection, click_count, from_map_output, parse_feature_id
from components.core.view import View

MAP_KEY = "map"
# Only clicks come back: panning and zooming never rerun the app.
RETURNED = ["last_active_drawing", "last_object_clicked_count"]
_SELECTION = "selection"
_CLICKS = "_map_clicks"


@dataclass(frozen=True)
class BaseParts:
    """The constant part of the component's arguments for one dataset."""

    script: str
    header: str
    html: str
    map_id: str
    layer_control: str
    css_links: list[str]
    js_links: list[str]
    component_key: str


class _Anchor(MacroElement):
    """A stand-in parent for the filtered groups: its name becomes 'map_div' like the map's."""

    def __init__(self) -> None:
        super().__init__()
        self._name = "Map"


def _links(element: Any, attribute: str) -> list[str]:
    found = [href for _, href in getattr(element, attribute, [])]
    for child in getattr(element, "_children", {}).values():
        found += _links(child, attribute)
    return found


def base_parts(dataset: Dataset) -> BaseParts:
    """Render the base map and its layer control once, as st_folium would."""
    fmap = build_base_map(dataset)
    fmap.get_root().render()
    html = _get_html(fmap)
    header = _get_header(fmap)
    script = _get_map_string(fmap)
    # The control lists the filtered groups by name and variable: both are fixed per position.
    empty = event_layers(*_empty_layer_inputs(dataset))
    for index, group in enumerate(empty):
        _get_feature_group_string(group, map=fmap, idx=index)
    control = _get_layer_control_string(layer_control(), fmap)
    return BaseParts(
        script=script,
        header=header,
        html=html,
        map_id=get_full_id(fmap),
        layer_control=control,
        css_links=list(dict.fromkeys(_links(fmap, "default_css"))),
        js_links=list(dict.fromkeys(_links(fmap, "default_js"))),
        component_key=generate_js_hash(script, MAP_KEY, False),
    )


def _empty_layer_inputs(dataset: Dataset) -> tuple:
    import pandas as pd

    from components.core.places import ARC_COLUMNS, PLACE_COLUMNS

    return (
        pd.DataFrame(columns=PLACE_COLUMNS),
        pd.DataFrame(columns=ARC_COLUMNS),
        dataset.relationships.iloc[0:0],
        dataset.actors,
        dataset.countries,
    )


def feature_groups_js(groups: list[folium.FeatureGroup]) -> str:
    """The filtered groups as the JavaScript the component evaluates."""
    anchor = _Anchor()
    # Elements only render inside a Figure; what the figure collects is not sent.
    Figure().add_child(anchor)
    return "".join(_get_feature_group_string(g, map=anchor, idx=i) for i, g in enumerate(groups))


@st.cache_data(show_spinner=False, max_entries=8)
def _cached_base_parts(version: str, _dataset: Dataset) -> BaseParts:  # noqa: ARG001 (cache key)
    return base_parts(_dataset)


def pending_output(dataset: Dataset) -> dict[str, Any] | None:
    """The map's latest value (a click that started this rerun) before the map is drawn.

    Read first so the clicked feature is highlighted in the same rerun.
    """
    parts = _cached_base_parts(dataset.version, dataset)
    value = st.session_state.get(parts.component_key)
    return value if isinstance(value, dict) else None


def show_map(
    dataset: Dataset, view: View, selection: Selection | None = None
) -> dict[str, Any] | None:
    """Draw the map: cached base map, filtered layers sent as feature groups."""
    parts = _cached_base_parts(dataset.version, dataset)
    selected = selection.feature_id if selection else None
    groups = event_layers(
        view.places, view.arcs, view.relationships, dataset.actors, dataset.countries, selected
    )
    return _component_func(
        script=parts.script,
        header=parts.header,
        html=parts.html,
        id=parts.map_id,
        key=parts.component_key,
        height=MAP_HEIGHT,
        width=None,
        returned_objects=RETURNED,
        default={"last_active_drawing": None, "last_object_clicked_count": None},
        zoom=None,
        center=None,
        feature_group=feature_groups_js(groups),
        return_on_hover=False,
        layer_control=parts.layer_control,
        pixelated=False,
        css_links=parts.css_links,
        js_links=parts.js_links,
        wrap_longitude=False,
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
