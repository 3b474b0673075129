"""Summit formats: last held, next announced, meetings since 2022, per format."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from components.core.analysis import FORMATS, formats_calendar, reference_date
from components.core.filters import dataset_mask
from components.ui.context import current
from components.ui.takeaway import take_away


def render() -> None:
    context = current()
    dataset, filters = context.dataset, context.filters
    st.header("Summit formats")
    st.caption("When did each format last meet, where, and when does it meet next?")
    reference = reference_date(dataset.events, dataset.as_of)
    # The whole data, whatever the date range, status and sideline filters say: "last" and
    # "next" need both sides of the as-of date, and the calendar has its own sideline rule.
    wide = replace(filters, start=None, end=None, statuses=(), sidelines=True)
    table = formats_calendar(dataset.events, reference, mask=dataset_mask(dataset, wide))
    as_of = f"{reference:%Y-%m-%d}" if reference is not None else "unknown"
    st.markdown(
        f"{len(FORMATS)} formats that bring the five states together with an outside power or "
        f"in their own groupings, as of {as_of}. A format's **meetings** are its summits, "
        "ministerials and video conferences (bilateral talks on their sidelines are not "
        "counted). *Last held*: the latest meeting held by the as-of date. *Next announced*: "
        "the earliest announced or postponed meeting after it. *Meetings since 2022*: those "
        "held from 1 January 2022, and how many of them at leader level. The actor, level, "
        "type, host and search filters apply; the date range, status and sideline filters do "
        "not."
    )
    st.dataframe(
        table,
        hide_index=True,
        key="cal_table",
        height=35 * (len(table) + 1) + 3,
        column_config={
            "Format": st.column_config.TextColumn("Format", width="large", pinned=True),
            "Last held": st.column_config.DateColumn("Last held", format="YYYY-MM-DD"),
            "Next announced": st.column_config.DateColumn("Next announced", format="YYYY-MM-DD"),
        },
        placeholder="—",
    )
    take_away("summit formats calendar", table, "summit-formats.csv", "calendar")
