"""Compare powers: who meets whom, trends, and absence, on the shared filters.

The numbers come from components.core.analysis (pure); this module draws them, keeps the
page's own URL parameters (``cell=ACTOR:ISO3``, ``powers=RUS,CHN``) and offers each view as
CSV with a citation.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from components.core.analysis import (
    LONG_SILENCE_DAYS,
    MAX_POWERS,
    MIN_POWERS,
    SILENT_WITH,
    TREND_RULE,
    Matrix,
    absence,
    anchor_date,
    cell_events,
    cell_parameter,
    central_states,
    contact_pairs,
    event_list,
    pairs_within,
    parse_cell,
    quarterly_contacts,
    reference_date,
    trend_summary,
    trend_table,
    twelve_month_windows,
    who_meets_whom,
    year_on_year,
)
from components.core.dataset import Dataset
from components.core.escaping import md
from components.core.filters import Filters, dataset_mask
from components.core.places import central_actor_ids
from components.core.trendchart import chart_data, trend_spec
from components.core.urls import link_target
from components.ui.context import current
from components.ui.takeaway import take_away

PREFIX = "cmp_"
MATRIX_KEY = f"{PREFIX}matrix"
POWERS_KEY = f"{PREFIX}powers"
_CELL = f"{PREFIX}cell"
_POWERS = f"{PREFIX}powers_chosen"
_DRAWN = f"{PREFIX}matrix_drawn"
_SEEDED = f"{PREFIX}seeded"
_NOTICES = f"{PREFIX}notices"
# The seed article's contest: the EU, Russia, China and Turkey.
DEFAULT_POWERS: tuple[str, ...] = ("RUS", "CHN", "EU", "TUR")
# Pixel widths of the matrix's columns: fixed, so the table reads the same everywhere (and a
# browser test can find a cell).
ACTOR_WIDTH, STATE_WIDTH, NUMBER_WIDTH = 150, 92, 70
MATRIX_HEIGHT = 420
MAX_LISTED = 200

CONTACT_NOTE = (
    "A **contact** is a held visit, summit, meeting or video conference (not a statement) in "
    "which an outside actor and one of the five states took part. A summit is a contact of "
    "every outside actor present with every state present; a meeting on a summit's "
    "sidelines counts as a contact of its own only while *Count meetings on summit "
    "sidelines* is on. All sidebar filters apply unless a section says otherwise."
)


def render() -> None:
    context = current()
    dataset, filters = context.dataset, context.filters
    st.header("Compare powers")
    st.caption(
        "Who meets whom, who is gaining or losing ground, and who has stayed away: "
        "answers from the filtered events."
    )
    st.markdown(CONTACT_NOTE)
    states = central_states(dataset.countries)
    names = dataset.actor_names
    # Built once for the widest view (absence: any date, any level), then narrowed.
    leaders = contact_pairs(
        dataset, dataset_mask(dataset, replace(filters, start=None, end=None, levels=()))
    )
    undated = pairs_within(leaders, dataset_mask(dataset, replace(filters, start=None, end=None)))
    pairs = pairs_within(undated, dataset_mask(dataset, filters))
    matrix = who_meets_whom(pairs, names, states)
    cell = _current_cell(matrix)
    options = _power_options(dataset)
    powers = _current_powers(options)
    for notice in st.session_state.get(_NOTICES, []):
        st.warning(md(notice), icon="⚠️")

    _matrix_section(dataset, filters, pairs, matrix, cell)
    reference = reference_date(dataset.events, dataset.as_of)
    anchor = anchor_date(reference, filters.end)
    _trends_section(dataset, filters, pairs, undated, anchor, options, powers, states)
    _absence_section(dataset, leaders, anchor, states)


# ---------------------------------------------------------------- the matrix and its cell


def _notice(text: str) -> None:
    st.session_state.setdefault(_NOTICES, []).append(text)


def _current_cell(matrix: Matrix) -> tuple[str, str] | None:
    """The selected cell: from the link on the page's first run, else from the last click;
    cleared when the filters take it out of the matrix. Writes it to the URL and to the
    table's selection."""
    if not st.session_state.get(_SEEDED):
        st.session_state[_SEEDED] = True
        raw = st.query_params.get("cell")
        parsed = parse_cell(raw)
        if raw and (parsed is None or matrix.position(*parsed) is None):
            shown = raw if len(raw) <= 60 else raw[:57] + "..."
            _notice(f"Ignored URL parameter 'cell': '{shown}' is not a cell of the matrix")
            parsed = None
        st.session_state[_CELL] = parsed
    widget = st.session_state.get(MATRIX_KEY)
    drawn = st.session_state.get(_DRAWN)
    if widget is not None and isinstance(drawn, Matrix):
        # The table's selection names a (row, column) of the matrix drawn in the last run.
        cells = list(widget.get("selection", {}).get("cells", []))
        picked = drawn.cell(int(cells[0][0]), str(cells[0][1])) if cells else None
        if picked != st.session_state.get(_CELL):
            st.session_state[_NOTICES] = []  # the user has chosen: the link's notices go
        st.session_state[_CELL] = picked
    cell = st.session_state.get(_CELL)
    if cell is not None and matrix.position(*cell) is None:
        cell = None
    st.session_state[_CELL] = cell
    position = matrix.position(*cell) if cell else None
    st.session_state[MATRIX_KEY] = {
        "selection": {"rows": [], "columns": [], "cells": [list(position)] if position else []}
    }
    st.session_state[_DRAWN] = matrix
    if cell:
        value = cell_parameter(*cell)
        if st.query_params.get("cell") != value:
            st.query_params["cell"] = value
    elif "cell" in st.query_params:
        del st.query_params["cell"]
    return cell


def _matrix_config(matrix: Matrix) -> dict[str, object]:
    config: dict[str, object] = {
        "Actor": st.column_config.TextColumn("Actor", width=ACTOR_WIDTH, pinned=True)
    }
    for name in matrix.states:
        config[name] = st.column_config.NumberColumn(name, width=STATE_WIDTH, format="%g")
    for name in ("Total", "Share %", "Leaders", "Ministers"):
        config[name] = st.column_config.NumberColumn(name, width=NUMBER_WIDTH, format="%g")
    return config


def _matrix_section(
    dataset: Dataset,
    filters: Filters,
    pairs: pd.DataFrame,
    matrix: Matrix,
    cell: tuple[str, str] | None,
) -> None:
    st.subheader("Who meets whom")
    period = (
        f"{filters.start:%Y-%m-%d} to {filters.end:%Y-%m-%d}"
        if filters.start and filters.end
        else "the whole data"
    )
    st.caption(
        f"Contact events from {period}, by outside actor and Central Asian state. Totals "
        "count each event once; shares are of all contact events (an event with several "
        "actors counts in each of their rows, so shares can add up to more than 100). "
        "**Click a number in a state's column** to list those events."
    )
    table_col, events_col = st.columns([2.4, 1], gap="medium")
    with table_col:
        if matrix.actor_ids:
            st.dataframe(
                matrix.table,
                key=MATRIX_KEY,
                on_select="rerun",
                selection_mode="single-cell",
                hide_index=True,
                width="content",
                height=MATRIX_HEIGHT,
                column_config=_matrix_config(matrix),
                placeholder="",
            )
        else:
            st.info("No contacts under the current filters.")
        take_away("who meets whom", matrix.table, "who-meets-whom.csv", "matrix")
    with events_col:
        _cell_events(dataset, pairs, cell)


def _cell_events(dataset: Dataset, pairs: pd.DataFrame, cell: tuple[str, str] | None) -> None:
    if cell is None:
        st.info("Click a number in one of the five states' columns to see those contacts here.")
        return
    actor_id, iso3 = cell
    actor = dataset.actor_names.get(actor_id, actor_id)
    state = dataset.country_names.get(iso3, iso3)
    positions = cell_events(pairs, actor_id, iso3)
    st.markdown(f"#### {md(actor)} and {md(state)}")
    shown = event_list(dataset.events, positions, MAX_LISTED)
    count = f"{len(positions)} contact event{'s' if len(positions) != 1 else ''}, newest first"
    if len(positions) > MAX_LISTED:
        count += f" (the newest {MAX_LISTED} listed)"
    st.caption(count)
    with st.container(height=MATRIX_HEIGHT - 60, key="cmp_cell_events"):
        for row in shown.itertuples(index=False):
            dates = f"{row.Start:%Y-%m-%d}"
            if row.End != row.Start:
                dates += f" to {row.End:%Y-%m-%d}"
            link = link_target(row.Source)
            source = f" · [source]({link})" if link else ""
            st.markdown(
                f"**{md(row.Title)}**  \n{dates} · {md(row.Type)} · {md(row.Level)} · "
                f"{md(row.Place)}{source}"
            )
    take_away(
        f"contacts of {actor} with {state}",
        shown,
        f"contacts-{actor_id}-{iso3}.csv".replace("/", "-"),
        "cell",
    )


# ---------------------------------------------------------------- trends


def _power_options(dataset: Dataset) -> list[str]:
    """Outside actors, by name."""
    inside = central_actor_ids(dataset.actors, dataset.countries)
    actors = dataset.actors[~dataset.actors["actor_id"].isin(inside)]
    return list(actors.sort_values("name")["actor_id"].astype(str))


def _current_powers(options: list[str]) -> list[str]:
    """The chosen powers: from the link on the page's first run, then the widget's state.

    Kept apart from the widget's own state, which Streamlit drops while another page is
    shown; written to the URL when they differ from the default.
    """
    default = [p for p in DEFAULT_POWERS if p in options]
    if _POWERS not in st.session_state:
        chosen = default
        raw = st.query_params.get("powers")
        if raw:
            values = [v.strip() for v in raw.split(",") if v.strip()]
            good = list(dict.fromkeys(v for v in values if v in options))[:MAX_POWERS]
            bad = [v for v in values if v not in options]
            if bad:
                shown = ", ".join(bad)
                shown = shown if len(shown) <= 60 else shown[:57] + "..."
                _notice(f"Ignored unknown value(s) in URL parameter 'powers': {shown}")
            if good:
                chosen = good
        st.session_state[_POWERS] = chosen
    elif POWERS_KEY in st.session_state:
        chosen = list(st.session_state[POWERS_KEY])
        if chosen != st.session_state[_POWERS]:
            st.session_state[_NOTICES] = []
        st.session_state[_POWERS] = chosen
    powers = [p for p in st.session_state[_POWERS] if p in options][:MAX_POWERS]
    st.session_state[_POWERS] = powers
    st.session_state[POWERS_KEY] = powers
    if powers != default:
        st.query_params["powers"] = ",".join(powers)
    elif "powers" in st.query_params:
        del st.query_params["powers"]
    return powers


def _trends_section(
    dataset: Dataset,
    filters: Filters,
    pairs: pd.DataFrame,
    undated: pd.DataFrame,
    anchor: pd.Timestamp | None,
    options: list[str],
    powers: list[str],
    states: list[tuple[str, str]],
) -> None:
    names = dataset.actor_names
    st.subheader("Trends")
    st.multiselect(
        f"Powers to compare ({MIN_POWERS} to {MAX_POWERS})",
        options=options,
        key=POWERS_KEY,
        max_selections=MAX_POWERS,
        format_func=lambda a: names.get(a, a),
    )
    start = pd.Timestamp(filters.start) if filters.start else None
    end = anchor if anchor is not None else (pd.Timestamp(filters.end) if filters.end else None)
    if len(powers) < MIN_POWERS:
        st.info(f"Choose {MIN_POWERS} to {MAX_POWERS} powers to compare them.")
    elif start is None or end is None or start > end:
        st.info("No quarters in the chosen period.")
    else:
        quarterly = quarterly_contacts(pairs, powers, start, end)
        summary = trend_summary(quarterly, names)
        colors = dict(zip(dataset.actors["actor_id"], dataset.actors["color"], strict=True))
        st.vega_lite_chart(
            chart_data(quarterly, names),
            trend_spec(quarterly, names, colors, summary),
            width="content",
        )
        last_quarter = pd.Period(end, freq="Q")
        if end < last_quarter.end_time.normalize():
            summary += f" The last quarter runs only to {end:%Y-%m-%d}."
        st.caption(summary)
        table = trend_table(quarterly, names)
        with st.expander("The chart as a table"):
            st.dataframe(table, hide_index=True, key="cmp_trend_table")
        take_away("contacts per quarter", table, "contacts-per-quarter.csv", "trends")

    st.markdown("##### Last 12 months against the 12 before")
    if anchor is None:
        st.info("No events in the data.")
        return
    (before_start, before_end), (last_start, last_end) = twelve_month_windows(anchor)
    st.caption(
        f"Contact events from {last_start:%Y-%m-%d} to {last_end:%Y-%m-%d} against "
        f"{before_start:%Y-%m-%d} to {before_end:%Y-%m-%d} (ending at the end of the date "
        "range, or at the data's as-of date if that is earlier; the start of the date range "
        f"does not apply here). {TREND_RULE}"
    )
    table = year_on_year(undated, anchor, names, states)
    st.dataframe(
        table,
        hide_index=True,
        key="cmp_yoy",
        column_config={
            "Change": st.column_config.NumberColumn("Change", format="%+d"),
        },
    )
    take_away("last 12 months against the 12 before", table, "twelve-months.csv", "yoy")


# ---------------------------------------------------------------- absence


def _absence_section(
    dataset: Dataset,
    leaders: pd.DataFrame,
    anchor: pd.Timestamp | None,
    states: list[tuple[str, str]],
) -> None:
    st.subheader("Absence: days since the last leader-level contact")
    if anchor is None:
        st.info("No events in the data.")
        return
    st.caption(
        f"As of {anchor:%Y-%m-%d} (the data's as-of date, or the end of the date range if "
        "earlier). Only leader-level contacts count, whatever the level filter says; the date "
        "range's start does not apply. Empty: no leader-level contact in the data. "
        f"Highlighted: {LONG_SILENCE_DAYS} days (two years) or more, or none; the last column "
        "names those states."
    )
    table = absence(leaders, anchor, dataset.actor_names, states)
    if table.empty:
        st.info("No leader-level contacts under the current filters.")
    else:
        state_columns = [name for _, name in states]

        def silence(value: object) -> str:
            long = pd.isna(value) or float(value) >= LONG_SILENCE_DAYS  # type: ignore[arg-type]
            return "background-color: #f6d7c3; font-weight: 700" if long else ""

        styled = table.style.map(silence, subset=state_columns).format(
            "{:.0f}", subset=state_columns, na_rep="none"
        )
        st.dataframe(
            styled,
            hide_index=True,
            key="cmp_absence",
            column_config={SILENT_WITH: st.column_config.TextColumn(SILENT_WITH, width="large")},
        )
    take_away("absence", table, "absence.csv", "absence")
