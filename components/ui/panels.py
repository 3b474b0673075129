"""Streamlit panels: counts, details of a selection, country profile, timeline, table."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from components.core.dataset import Dataset
from components.core.details import (
    country_profile,
    events_for,
    people_of,
    relationship_rows,
    route_row,
)
from components.core.escaping import md
from components.core.export import to_csv_bytes, to_geojson_bytes
from components.core.schema import EVENT_TYPE_LABELS
from components.core.selection import Selection
from components.core.standalone import standalone_html
from components.core.timeline import timeline_spec
from components.core.urls import link_target
from components.core.view import View, actor_count
from components.ui import shared
from components.ui.map_view import clear_selection

TABLE_COLUMNS = [
    "start_date",
    "end_date",
    "title",
    "event_type",
    "status",
    "city",
    "country",
    "people",
    "source_url",
]


def kpis(view: View) -> None:
    events = view.events
    actors = actor_count(view)
    cols = st.columns(4)
    cols[0].metric("Events", f"{len(events):,}")
    cols[1].metric("Actors", f"{actors:,}")
    cols[2].metric("Host countries", f"{events['host_iso3'].nunique():,}")
    if len(events):
        first, last = events["start_date"].min(), events["end_date"].max()
        span = f"{first:%Y}" if first.year == last.year else f"{first:%Y}–{last:%Y}"
        cols[3].metric("Date span", span, help=f"{first:%Y-%m-%d} to {last:%Y-%m-%d}")
    else:
        cols[3].metric("Date span", "none")


def url_notice(ignored_selection: str | None) -> None:
    """Say that the link's selection was ignored (malformed, or not on the map)."""
    if ignored_selection:
        shown = (
            ignored_selection if len(ignored_selection) <= 80 else ignored_selection[:77] + "..."
        )
        st.warning(
            md(f"Ignored URL parameter 'sel': '{shown}' is not a feature on this map"), icon="⚠️"
        )


def map_notes(view: View) -> None:
    """What the map leaves out, said under it."""
    if view.arcs_hidden:
        st.caption(
            f"The map draws the {len(view.arcs):,} busiest actor arcs; {view.arcs_hidden:,} "
            "smaller ones are left out. Narrow the filters to see them."
        )


def _source_link(name: object, url: object) -> str:
    link = link_target(url)
    label = md(name) or "source"
    return f"[{label}]({link})" if link else f"{label} (no valid link)"


def _event_markdown(event: dict[str, Any], who: list[str]) -> str:
    """One event as Markdown; ``who`` are its participants, already escaped."""
    dates = event["start_date"].strftime("%Y-%m-%d")
    if event["end_date"] != event["start_date"]:
        dates += " to " + event["end_date"].strftime("%Y-%m-%d")
    kind = EVENT_TYPE_LABELS.get(event["event_type"], event["event_type"])
    lines = [
        f"**{md(event['title'])}**  ",
        f"{dates} · {md(kind)} · {md(event['status'])} · {md(event['city'])}, {md(event['country'])}",
    ]
    if who:
        lines.append("\nWho: " + "; ".join(who))
    lines.append("\n" + md(event["summary"]))
    source = "Source: " + _source_link(event["source_name"], event["source_url"])
    if event.get("origin") and event["origin"] != "reference":
        source += f" · Imported from {md(event['origin'])}"
    lines.append("\n" + source)
    return "\n".join(lines)


def _people_markdown(people: pd.DataFrame) -> dict[str, list[str]]:
    """Each event's participants as escaped 'person, role (actor)' entries, in file order."""
    entries: dict[str, list[str]] = {}
    for event_id, person, role, actor in zip(
        people["event_id"].tolist(),
        people["person"].tolist(),
        people["role"].tolist(),
        people["actor"].tolist(),
        strict=True,
    ):
        shown = md(person) if person else md(actor)
        entries.setdefault(event_id, []).append(
            f"{shown}{', ' + md(role) if role else ''} ({md(actor)})"
        )
    return entries


MAX_EVENTS_LISTED = 200
# What an event's entry in the details shows.
EVENT_FIELDS = [
    "event_id",
    "start_date",
    "end_date",
    "event_type",
    "status",
    "city",
    "country",
    "title",
    "summary",
    "source_name",
    "source_url",
    "origin",
]


def details(dataset: Dataset, view: View, selection: Selection | None) -> None:
    """The details of what was clicked on the map."""
    st.subheader("Details")
    if selection is None:
        st.info("Click a place, an arc, a route or a country on the map to see its details here.")
        return
    st.button("Clear selection", on_click=clear_selection, key="details_clear")
    if selection.kind in ("place", "arc"):
        _event_list(dataset, view, selection)
    elif selection.kind == "country":
        _country(dataset, view, selection.part("iso3"))
    elif selection.kind == "rel":
        rows = relationship_rows(selection, view.relationships)
        names = dataset.actor_names
        actor, iso3 = selection.part("actor"), selection.part("iso3")
        st.markdown(
            f"#### {md(names.get(actor, actor))} and {md(dataset.country_names.get(iso3, iso3))}"
        )
        for row in rows.itertuples(index=False):
            period = " to ".join(p for p in (row.since, row.until) if p) or "date unknown"
            st.markdown(
                f"**{md(row.label)}** ({md(row.kind)}, {md(period)})  \n{md(row.summary)}  \n"
                f"Source: {_source_link(row.source_name, row.source_url)}"
            )
    elif selection.kind == "route":
        row = route_row(selection, dataset.routes)
        if row is not None:
            st.markdown(
                f"#### {md(row['name'])}\n{md(row['kind'].replace('_', ' '))}"
                f"{', since ' + md(row['since']) if row['since'] else ''}\n\n{md(row['summary'])}\n\n"
                f"Source: {_source_link(row['source_name'], row['source_url'])}"
            )


def _event_list(dataset: Dataset, view: View, selection: Selection) -> None:
    chosen = events_for(selection, view.events, view.participants)
    if chosen.empty:
        st.caption("No events under the current filters.")
        return
    first = chosen.iloc[0]
    heading = f"{md(first['city'])}, {md(first['country'])}"
    if selection.kind == "arc":
        actor = selection.part("actor")
        heading = f"{md(dataset.actor_names.get(actor, actor))} in {heading}"
    st.markdown(f"#### {heading}")
    st.caption(f"{len(chosen)} event(s), newest first")
    shown = chosen.head(MAX_EVENTS_LISTED)
    people = _people_markdown(people_of(shown, view.participants, dataset.actor_names))
    # One Markdown element for the whole list (events between rules): every element is a
    # message of its own, and a busy place lists up to 200 events.
    text = "\n\n---\n\n".join(
        _event_markdown(event, people.get(event["event_id"], []))
        for event in shown[EVENT_FIELDS].to_dict("records")
    )
    with st.container(height=520, key="details_events"):
        st.markdown(text + "\n\n---")
        if len(chosen) > MAX_EVENTS_LISTED:
            st.caption(f"Showing the newest {MAX_EVENTS_LISTED}; narrow the filters for the rest.")


def _country(dataset: Dataset, view: View, iso3: str) -> None:
    profile = country_profile(dataset, view.events, iso3)
    if profile is None:
        st.caption("No profile for this country.")
        return
    st.markdown(f"#### {md(profile.name)}")
    role = (
        "Central Asian state" if profile.role == "central_asia" else "Outside actor's home country"
    )
    st.caption(f"{role} · capital {md(profile.capital)}")
    c1, c2 = st.columns(2)
    c1.metric("Events hosted", profile.hosted)
    c2.metric("Events abroad", profile.abroad)
    if not profile.hosted_by_actor.empty:
        st.markdown("**Visitors to its events, by actor**")
        st.dataframe(profile.hosted_by_actor, hide_index=True, width="stretch")
    if not profile.memberships.empty:
        st.markdown("**Memberships**")
        st.dataframe(
            profile.memberships[["actor", "label", "since", "until"]],
            hide_index=True,
            width="stretch",
        )
    if not profile.relationships.empty:
        st.markdown("**Relationships**")
        st.dataframe(
            profile.relationships[["actor", "kind", "label", "since", "until", "source_url"]],
            hide_index=True,
            width="stretch",
            column_config={"source_url": st.column_config.LinkColumn("Source")},
        )


def timeline(dataset: Dataset, view: View) -> None:
    st.subheader("Timeline")
    frame = shared.timeline_for(dataset, view)
    if frame.empty:
        st.caption("No events under the current filters.")
        return
    colors = dict(zip(dataset.actors["name"], dataset.actors["color"], strict=True))
    st.vega_lite_chart(frame, timeline_spec(frame, colors), width="stretch")


MAX_TABLE_ROWS = 1000


def table(dataset: Dataset, view: View) -> None:
    st.subheader("Events")
    shown = shared.table_for(dataset, view, TABLE_COLUMNS, MAX_TABLE_ROWS)
    if len(view.events) > MAX_TABLE_ROWS:
        st.caption(
            f"The newest {MAX_TABLE_ROWS:,} of {len(view.events):,} events; the download has them all."
        )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key="events_table",
        column_config={
            "start_date": st.column_config.DateColumn("Start"),
            "end_date": st.column_config.DateColumn("End"),
            "source_url": st.column_config.LinkColumn("Source"),
        },
    )
    # Files are built only when clicked: at 100,000 events a CSV takes a second.
    cols = st.columns(3)
    cols[0].download_button(
        "Download these events (CSV)",
        data=lambda: to_csv_bytes(view.events, view.participants),
        file_name="central-asia-events.csv",
        mime="text/csv",
        key="download_csv",
        on_click="ignore",
        help="In the import format: the file can be uploaded again as it is.",
    )
    cols[1].download_button(
        "Download places and arcs (GeoJSON)",
        data=lambda: to_geojson_bytes(view, dataset.actor_names),
        file_name="central-asia-map.geojson",
        mime="application/geo+json",
        key="download_geojson",
        on_click="ignore",
    )
    cols[2].download_button(
        "Download this map (HTML, works offline)",
        data=lambda: standalone_html(dataset, view),
        file_name="central-asia-map.html",
        mime="text/html",
        key="download_html",
        on_click="ignore",
    )
