"""Compare powers: who meets whom, trends, absence (built on the shared filters)."""

from __future__ import annotations

import streamlit as st

from components.ui.context import current


def render() -> None:
    context = current()
    st.header("Compare powers")
    st.caption(f"{len(context.dataset.events):,} events in the data.")
