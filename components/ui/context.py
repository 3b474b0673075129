"""What every page of one run shares: the dataset (with the session's own events) and filters.

dashboard.py publishes them once per run, before the chosen page runs; pages read them.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from components.core.dataset import Dataset
from components.core.filters import Filters
from components.ui import memo

_KEY = "_page_context"


@dataclass(frozen=True)
class PageContext:
    dataset: Dataset
    filters: Filters


def publish(dataset: Dataset, filters: Filters) -> None:
    # Deleted first: Streamlit keeps the previous run's values until the next run starts,
    # and that one would hold a removed upload's dataset until then.
    st.session_state.pop(_KEY, None)
    st.session_state[_KEY] = PageContext(dataset, filters)
    # What the session remembered from another dataset (a removed upload's) goes now.
    memo.keep_for(dataset)


def current() -> PageContext:
    """The context published by this run (dashboard.py always publishes before a page runs)."""
    context = st.session_state.get(_KEY)
    if not isinstance(context, PageContext):
        raise RuntimeError("no page context: run the app through dashboard.py")
    return context
