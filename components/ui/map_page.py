"""The map page: counts, the map with its details and the events table, the timeline.

A click on the map, a choice in the 'Go to' list or a row picked in the table reruns only
the fragment that holds the map, its details and the table: the counts and the timeline
do not depend on the selection.
"""

from __future__ import annotations

import streamlit as st

from components.core.dataset import Dataset
from components.core.details import is_visible
from components.core.goto import targets
from components.core.selection import Selection
from components.core.view import View
from components.ui import map_view, memo, panels, timeframe
from components.ui.context import current

# On a phone the map must start in the upper half of the first screen: a smaller title and
# less space above it there (this page only; wider screens are unchanged).
PHONE_CSS = """<style>
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] { padding-top: 3.75rem; }
  [data-testid="stMainBlockContainer"] h1 { font-size: 1.6rem; padding-bottom: 0.25rem; }
}
</style>"""


def render() -> None:
    st.html(PHONE_CSS)
    context = current()
    dataset, filters = context.dataset, context.filters
    # Time on the map (issue 13): the whole period, or one frame with earlier events faded.
    view = timeframe.map_view_for(dataset, filters)
    panels.kpis(view, dataset.as_of)
    linked(dataset, view)
    panels.data_note(dataset.as_of)
    panels.timeline(dataset, view)


@st.fragment
def linked(dataset: Dataset, view: View) -> None:
    """The map, the 'Go to' list, the details and the table: what a selection changes."""

    def visible(selection: Selection) -> bool:
        return is_visible(selection, view.events, view.participants, view.relationships, dataset)

    selection = map_view.current_selection(map_view.pending_output(), visible)
    panels.url_notice(map_view.url_selection_notice())
    map_col, details_col = panels.map_columns()
    with map_col:
        panels.goto(
            memo.remembered("goto", (dataset, view), None, lambda: targets(dataset, view)),
            selection,
        )
        map_view.show_map(dataset, view, selection)
        panels.first_view_note(dataset, view)
        panels.map_notes(view)
    with details_col:
        panels.details(dataset, view, selection)
    panels.table(dataset, view, selection)
