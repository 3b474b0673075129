"""Central Asia Diplomacy Dashboard: who courts Central Asia, when, and how."""

import streamlit as st

from components.ui import pages, review, shared
from components.ui.context import publish
from components.ui.loading import load_data
from components.ui.sidebar import filter_sidebar
from components.ui.uploads import import_panel

st.set_page_config(page_title="Central Asia Diplomacy Dashboard", page_icon="🗺️", layout="wide")
page = st.navigation(pages.all_pages())
st.title("Central Asia Diplomacy Dashboard")
st.caption("Who is courting Central Asia, and how is that shifting?")

filters_box = st.sidebar.container()
dataset = review.with_approved(import_panel(load_data()))
filters = filter_sidebar(
    shared.filter_choices(dataset),
    dataset.actor_names,
    dataset.country_names,
    filters_box,
    dataset.events,
)
publish(dataset, filters)
page.run()
