"""Results shared by every session: one read-only copy per dataset and filter state.

``st.cache_resource`` hands every session the same object, where ``st.cache_data`` would
unpickle a copy for each rerun. That is safe only for values nobody mutates: views are
frozen like the dataset (components.core.dataset.read_only) and the timeline frame too
(tests/app/test_shared.py runs the app and checks them).

Only the reference data is shared. A dataset with a session's own events (uploads,
approved rows: components.core.dataset.is_session_data) gets its views, timeline and
choices from the session's memo instead (components.ui.memo): a shared cache would keep
that session's data alive after the file is removed or the session ends, and hold it for
sessions that never see it.

The map's layers, the base map's parts and the events table are not shared here: on the
map page they depend on the selection, the leading actors and the legend rows, and are
built per run (components.ui.map_view, components.core.table).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.core.dataset import Dataset, is_session_data, read_only
from components.core.filters import Choices, Filters, choices_for
from components.core.timeline import timeline_frame
from components.core.view import View, freeze_view, make_view
from components.ui import memo

# A view of 100,000 events holds about 10 MB (row codes, not strings; the unfiltered view
# is the dataset's own tables). A few recent filter states cover page opens (the default
# state) and going back; each session also keeps its current view while it shows it.
MAX_VIEWS = 8


# The arguments without a leading underscore are the cache key; Streamlit does not hash
# the others. Key-only arguments are deleted at once to say so.


@st.cache_resource(max_entries=MAX_VIEWS, show_spinner=False)
def _view(version: str, filters: Filters, _dataset: Dataset) -> View:
    del version
    return freeze_view(make_view(_dataset, filters))


@st.cache_resource(max_entries=MAX_VIEWS, show_spinner=False)
def _timeline(version: str, filters: Filters, _view: View, _dataset: Dataset) -> pd.DataFrame:
    del version, filters
    return read_only(timeline_frame(_view.legs, _dataset.events, _dataset.actors))


@st.cache_resource(max_entries=4, show_spinner=False)
def _choices(version: str, _dataset: Dataset) -> Choices:
    del version
    return choices_for(_dataset)


def filter_choices(dataset: Dataset) -> Choices:
    """The values each filter offers for this dataset (computed once per dataset)."""
    if is_session_data(dataset):
        return memo.remembered("choices", (dataset,), None, lambda: choices_for(dataset))
    return _choices(dataset.version, dataset)


def view_for(dataset: Dataset, filters: Filters) -> View:
    """The dataset under these filters (shared; never mutate it)."""
    if is_session_data(dataset):
        return memo.remembered(
            "view", (dataset,), filters, lambda: freeze_view(make_view(dataset, filters))
        )
    return _view(dataset.version, filters, dataset)


def timeline_for(dataset: Dataset, view: View) -> pd.DataFrame:
    """Events per actor and quarter of a view (shared)."""
    if is_session_data(dataset):
        return memo.remembered(
            "timeline",
            (dataset, view),
            None,
            lambda: read_only(timeline_frame(view.legs, dataset.events, dataset.actors)),
        )
    return _timeline(dataset.version, view.filters, view, dataset)
