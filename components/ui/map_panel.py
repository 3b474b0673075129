"""The map and the details of what is selected on it, rerun on their own.

A click on the map, or *Clear selection*, reruns only this fragment: the filters, counts,
timeline and table do not depend on the selection, so they are neither recomputed nor
sent again. A filter change reruns the whole page, this fragment included.
"""

from __future__ import annotations

import streamlit as st

from components.core.dataset import Dataset
from components.core.details import is_visible
from components.core.selection import Selection
from components.core.view import View
from components.ui import map_view, panels


@st.fragment
def map_and_details(dataset: Dataset, view: View) -> None:
    """The selection notice, the map with its notes, and the details column."""

    def visible(selection: Selection) -> bool:
        return is_visible(selection, view.events, view.participants, view.relationships, dataset)

    selection = map_view.current_selection(map_view.pending_output(), visible)
    panels.url_notice(map_view.url_selection_notice())
    map_col, details_col = st.columns([2, 1], gap="medium")
    with map_col:
        map_view.show_map(dataset, view, selection)
        panels.map_notes(view)
    with details_col:
        panels.details(dataset, view, selection)
