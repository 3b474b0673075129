"""Summit formats: last held, next announced, meetings since 2022, per format."""

from __future__ import annotations

import streamlit as st

from components.ui.context import current


def render() -> None:
    context = current()
    st.header("Summit formats")
    st.caption(f"{len(context.dataset.events):,} events in the data.")
