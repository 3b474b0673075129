"""Take a view away: a CSV of exactly the table shown, and a one-line citation to copy."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from components.core.citation import citation, describe_filters, page_link
from components.core.export import table_csv_bytes
from components.core.filters import choices_for
from components.ui.context import current


def citation_line(view: str) -> str:
    """The citation of a view under this run's filters, linking to this page's URL."""
    context = current()
    dataset, filters = context.dataset, context.filters
    described = describe_filters(
        filters, choices_for(dataset), dataset.actor_names, dataset.country_names
    )
    link = page_link(st.context.url, st.query_params.to_dict())
    return citation(view, dataset.as_of, described, link, date.today())


def take_away(view: str, table: pd.DataFrame, file_name: str, key: str) -> None:
    """A download button for ``table`` as CSV and the view's citation under it.

    Call it after the page has written its own URL parameters: the link carries them.
    """
    st.download_button(
        f"Download this table (CSV, {len(table):,} rows)",
        data=lambda: table_csv_bytes(table),
        file_name=file_name,
        mime="text/csv",
        key=f"download_{key}",
        on_click="ignore",
        icon=":material/download:",
    )
    st.caption("Cite this view:")
    st.code(citation_line(view), language=None, wrap_lines=True)
