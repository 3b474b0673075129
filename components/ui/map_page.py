"""The map page: counts, the map with its details, the timeline and the table."""

from __future__ import annotations

from components.core.details import is_visible
from components.core.selection import Selection
from components.ui import map_view, panels, timeframe
from components.ui.context import current


def render() -> None:
    context = current()
    dataset, filters = context.dataset, context.filters
    # Time on the map (issue 13): the whole period, or one frame with earlier events faded.
    view = timeframe.map_view_for(dataset, filters)
    panels.kpis(view, dataset.as_of)
    map_col, details_col = panels.map_columns()

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
