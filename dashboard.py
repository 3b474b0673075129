"""Central Asia Diplomacy Dashboard: who courts Central Asia, when, and how."""

import streamlit as st

from components.core.details import is_visible
from components.core.filters import choices_for
from components.core.selection import Selection
from components.core.view import make_view
from components.ui import map_view, panels
from components.ui.loading import load_data
from components.ui.sidebar import filter_sidebar
from components.ui.uploads import import_panel

st.set_page_config(page_title="Central Asia Diplomacy Dashboard", page_icon="🗺️", layout="wide")
st.title("Central Asia Diplomacy Dashboard")
st.caption(
    "Summits, visits and ties between the five Central Asian states and the powers courting them."
)

filters_box = st.sidebar.container()
dataset = import_panel(load_data())
filters = filter_sidebar(
    choices_for(dataset), dataset.actor_names, dataset.country_names, filters_box, dataset.events
)
view = make_view(dataset, filters)

panels.kpis(view)
map_col, details_col = st.columns([2, 1], gap="medium")


def visible(selection: Selection) -> bool:
    return is_visible(selection, view.events, view.participants, view.relationships, dataset)


selection = map_view.current_selection(map_view.pending_output(), visible)
panels.url_notice(map_view.url_selection_notice())
with map_col:
    map_view.show_map(dataset, view, selection)
    panels.map_notes(view)
with details_col:
    panels.details(dataset, view, selection)
panels.timeline(dataset, view)
panels.table(dataset, view)
