"""Central Asia Diplomacy Dashboard: who courts Central Asia, when, and how."""

import streamlit as st

from components.ui import panels, shared
from components.ui.loading import load_data
from components.ui.map_panel import map_and_details
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
    shared.filter_choices(dataset), dataset.actor_names, dataset.country_names, filters_box
)
# Shared by every session with the same data and filters (read-only).
view = shared.view_for(dataset, filters)

panels.kpis(view)
# A fragment: a click on the map reruns only the map and the details.
map_and_details(dataset, view)
panels.timeline(dataset, view)
panels.table(dataset, view)
