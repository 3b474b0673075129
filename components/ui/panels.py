"""Streamlit panels: counts, details of a selection, country profile, timeline, table."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.core.dataset import Dataset, confirmation_label
from components.core.details import (
    BEHIND_KINDS,
    country_profile,
    events_for,
    marked_events,
    people_of,
    relationship_rows,
    route_row,
)
from components.core.escaping import md
from components.core.export import to_csv_bytes, to_geojson_bytes
from components.core.goto import Target
from components.core.schema import EVENT_TYPE_LABELS, PENDING_STATUSES
from components.core.selection import Selection
from components.core.standalone import standalone_html
from components.core.table import MARK, MAX_TABLE_ROWS, TABLE_COLUMNS, events_table
from components.core.timeline import timeline_spec, timeline_summary, timeline_table
from components.core.urls import link_target
from components.core.view import View, actor_count
from components.ui import map_view, memo, shared
from components.ui.map_view import clear_selection

KPI_KEY = "kpis"


def kpi_items(view: View, as_of: pd.Timestamp | None = None) -> list[tuple[str, str]]:
    """The counts above the map, and the data's as-of date: (label, value)."""
    events = view.events
    if len(events):
        first, last = events["start_date"].min(), events["end_date"].max()
        span = f"{first:%Y}" if first.year == last.year else f"{first:%Y}–{last:%Y}"
    else:
        span = "none"
    return [
        ("Events", f"{len(events):,}"),
        ("Actors", f"{actor_count(view):,}"),
        ("Host countries", f"{events['host_iso3'].nunique():,}"),
        ("Date span", span),
        *([("Data as of", f"{as_of:%Y-%m-%d}")] if as_of is not None else []),
    ]


def kpis(view: View, as_of: pd.Timestamp | None = None) -> None:
    """The counts on one line: on a phone the map stays in the first screen."""
    line = " · ".join(f"{label}: **{value}**" for label, value in kpi_items(view, as_of))
    with st.container(key=KPI_KEY):
        st.markdown(line)


def data_note(as_of: pd.Timestamp | None) -> None:
    if as_of is not None:
        st.caption(
            f"Data as of {as_of:%Y-%m-%d}: meetings after that date are in the data only if they "
            "were announced by then. Leader and foreign-minister meetings since January 2022; "
            "see the data notes for what is covered."
        )


def map_columns() -> tuple[st.delta_generator.DeltaGenerator, st.delta_generator.DeltaGenerator]:
    """The map and its details side by side (stacked on a narrow screen)."""
    map_col, details_col = st.columns([2, 1], gap="medium")
    return map_col, details_col


def goto(targets: list[Target], selection: Selection | None) -> None:
    """A searchable list of every feature on the map: the keyboard's way to the details."""
    options = [t.feature_id for t in targets]
    labels = {t.feature_id: t.label for t in targets}
    map_view.sync_goto(options, selection)
    st.selectbox(
        "Go to a place, country, arc, relationship or route",
        options,
        index=None,
        format_func=lambda feature_id: labels.get(feature_id, feature_id),
        key=map_view.GOTO_KEY,
        on_change=map_view.on_goto,
        placeholder="Type to search, e.g. Astana",
        help="Every feature on the map by name: choosing one opens its details, as a click does.",
    )


def url_notice(ignored_selection: str | None) -> None:
    """Say that the link's selection was ignored (malformed, or not on the map)."""
    if ignored_selection:
        shown = (
            ignored_selection if len(ignored_selection) <= 80 else ignored_selection[:77] + "..."
        )
        st.warning(
            md(f"Ignored URL parameter 'sel': '{shown}' is not a feature on this map"), icon="⚠️"
        )


def first_view_note(dataset: Dataset, view: View) -> None:
    """Say what the colours and arcs stand for, and how to see the others."""
    names = [dataset.actor_names.get(a, a) for a in view.highlighted]
    if not names:
        return
    listed = ", ".join(names)
    if view.picked:
        text = f"Colours and arcs: the actors you picked ({listed})."
    else:
        text = (
            f"Colours and arcs: the {len(names)} most active powers here, {listed}. "
            "Pick actors in the sidebar's Actors filter to colour and draw others."
        )
    if view.others:
        text += f" The other {view.others:,} outside actors are the light grey part of each ring."
    st.caption(text)


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


# What an event's entry in the details reads (the optional ones when the data has them).
DETAIL_FIELDS = (
    "event_id",
    "start_date",
    "end_date",
    "event_type",
    "status",
    "level",
    "title",
    "city",
    "country",
    "parent_event_id",
    "summary",
    "source_name",
    "source_url",
    "n_sources",
    "official_source",
    "origin",
)


def _event_markdown(
    event: dict,
    people: list[tuple[str, str, str, str]],
    sources: list[tuple[str, str]],
    titles: dict[str, str],
    as_of: pd.Timestamp | None,
) -> str:
    """One event as Markdown; ``people``: (person, role, actor, capacity); ``sources``:
    (name, url) beyond the event's own."""
    dates = event["start_date"].strftime("%Y-%m-%d")
    if event["end_date"] != event["start_date"]:
        dates += " to " + event["end_date"].strftime("%Y-%m-%d")
    kind = EVENT_TYPE_LABELS.get(event["event_type"], event["event_type"])
    status = str(event["status"])
    if status in PENDING_STATUSES and as_of is not None and event["end_date"] > as_of:
        status += f" (as of {as_of:%Y-%m-%d})"
    level = "Leaders" if event["level"] == "leader" else "Foreign ministers"
    lines = [
        f"**{md(event['title'])}**  ",
        f"{dates} · {md(kind)} · {md(status)} · {level} · {md(event['city'])}, "
        f"{md(event['country'])}",
    ]
    parent = str(event.get("parent_event_id") or "")
    if parent:
        lines.append(f"\nOn the sidelines of: {md(titles.get(parent, parent))}")
    if people:
        entries = []
        for person, role, actor, capacity in people:
            who = md(person) if person else md(actor)
            role_text = f", {md(role)}" if role else ""
            capacity_text = f", {md(capacity)}" if capacity and capacity != "participant" else ""
            entries.append(f"{who}{role_text} ({md(actor)}{capacity_text})")
        lines.append("\nWho: " + "; ".join(entries))
    lines.append("\n" + md(event["summary"]))
    links = [_source_link(event["source_name"], event["source_url"])]
    links += [_source_link(name, url) for name, url in sources if url != event["source_url"]]
    source = "Sources: " + " · ".join(links)
    confirmation = confirmation_label(
        int(event.get("n_sources", 1)), bool(event.get("official_source", False))
    )
    source += f"  \nConfirmed by {md(confirmation)}"
    if event.get("origin") and event["origin"] != "reference":
        source += f" · Imported from {md(event['origin'])}"
    lines.append("\n" + source)
    return "\n".join(lines)


# The browser takes seconds to draw hundreds of events: the table below lists them all.
MAX_EVENTS_LISTED = 30


def details(dataset: Dataset, view: View, selection: Selection | None) -> None:
    """The details of what was clicked on the map."""
    st.subheader("Details")
    if selection is None:
        st.info(
            "Click a place, an arc, a route or a country on the map, choose one in the "
            "'Go to' list, or select a row of the events table to see its details here."
        )
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


def _behind(dataset: Dataset, view: View, selection: Selection) -> pd.DataFrame:
    """The events behind a place or an arc (once per selection: the details and the table
    both need them)."""
    return memo.remembered(
        "behind",
        (dataset, view),
        selection,
        lambda: events_for(selection, view.events, view.participants),
    )


def _event_list(dataset: Dataset, view: View, selection: Selection) -> None:
    chosen = _behind(dataset, view, selection)
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
    focus = map_view.focus_event()
    if focus is not None and (chosen["event_id"] == focus).any():
        # The event picked in the table comes first.
        chosen = pd.concat(
            [chosen[chosen["event_id"] == focus], chosen[chosen["event_id"] != focus]]
        )
    shown = chosen.head(MAX_EVENTS_LISTED)
    people = people_of(shown["event_id"], view.participants, dataset.actor_names)
    by_event: dict[str, list[tuple[str, str, str, str]]] = {}
    for event_id, *who in zip(
        *(people[c].tolist() for c in ("event_id", "person", "role", "actor", "capacity")),
        strict=True,
    ):
        by_event.setdefault(event_id, []).append(tuple(who))
    listed = dataset.sources[dataset.sources["event_id"].isin(shown["event_id"])]
    sources: dict[str, list[tuple[str, str]]] = {}
    for event_id, name, url in zip(
        listed["event_id"].tolist(),
        listed["source_name"].tolist(),
        listed["url"].tolist(),
        strict=True,
    ):
        sources.setdefault(event_id, []).append((name, url))
    parents = set(shown["parent_event_id"].astype(str)) - {""}
    named = dataset.events[dataset.events["event_id"].isin(parents)]
    titles = dict(zip(named["event_id"].astype(str), named["title"].astype(str), strict=True))
    # One Markdown element for the whole list: a hundred elements cost the browser seconds.
    blocks = []
    # Only the fields an entry shows: converting every column of the events costs more.
    fields = [c for c in DETAIL_FIELDS if c in shown.columns]
    for event in shown[fields].to_dict("records"):
        key = event["event_id"]
        text = _event_markdown(
            event, by_event.get(key, []), sources.get(key, []), titles, dataset.as_of
        )
        blocks.append(("**Selected in the events table:**\n\n" + text) if key == focus else text)
    with st.container(height=520, key="details_events"):
        st.markdown("\n\n---\n\n".join(blocks))
        if len(chosen) > MAX_EVENTS_LISTED:
            st.caption(
                f"Showing the newest {MAX_EVENTS_LISTED} of {len(chosen):,}: the events table "
                "below lists them all first, marked in its 'Selected' column."
            )


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
    summary = timeline_summary(frame)
    st.vega_lite_chart(frame, timeline_spec(frame, colors), width="stretch")
    # The chart's text alternative: in words, and its numbers as a table.
    st.caption(summary)
    with st.expander("The timeline as a table"):
        st.dataframe(timeline_table(frame), hide_index=True, width="stretch")


def table(dataset: Dataset, view: View, selection: Selection | None) -> None:
    """The filtered events; the map's selection marked and listed first, one row selectable."""
    st.subheader("Events")
    behind = (
        _behind(dataset, view, selection) if selection and selection.kind in BEHIND_KINDS else None
    )
    marked = marked_events(selection, view.events, view.participants, behind)
    # The newest rows with nothing marked, once per view: a click only adds its own rows.
    newest = memo.remembered(
        "table", (dataset, view), None, lambda: events_table(view.events, view.participants)
    )
    shown = events_table(view.events, view.participants, marked, newest=newest)
    n_marked = int((shown["marked"] == MARK).sum())
    if selection is not None:
        st.caption(
            f"{n_marked:,} row(s) of the map's selection, marked in the 'Selected' column and "
            "listed first. Select a row to show its event's place on the map."
        )
    else:
        st.caption("Select a row to show its event's place on the map and its details.")
    if len(view.events) > MAX_TABLE_ROWS:
        st.caption(
            f"The newest {MAX_TABLE_ROWS:,} of {len(view.events):,} events; the download has them all."
        )
    rows = list(zip(shown["event_id"].tolist(), shown["place_id"].tolist(), strict=True))
    focus = map_view.focus_event()
    wanted = None
    if focus is not None and focus in set(shown["event_id"]):
        wanted = int(shown.index[shown["event_id"] == focus][0])
    elif n_marked:
        wanted = 0
    map_view.sync_table(rows, wanted)
    st.dataframe(
        shown[TABLE_COLUMNS],
        hide_index=True,
        width="stretch",
        key=map_view.TABLE_KEY,
        on_select=map_view.on_table_select,
        selection_mode="single-row",
        column_config={
            "marked": st.column_config.TextColumn(
                "Selected", help=f"{MARK}: the event is part of the map's selection"
            ),
            "start_date": st.column_config.DateColumn("Start"),
            "end_date": st.column_config.DateColumn("End"),
            "title": st.column_config.TextColumn("Title"),
            "event_type": st.column_config.TextColumn("Type"),
            "status": st.column_config.TextColumn("Status"),
            "city": st.column_config.TextColumn("City"),
            "country": st.column_config.TextColumn("Country"),
            "people": st.column_config.TextColumn("People"),
            "source_url": st.column_config.LinkColumn("Source"),
        },
    )
    # Files are built only when clicked: at 100,000 events a CSV takes a second.
    cols = st.columns(3)
    cols[0].download_button(
        "Download these events (CSV)",
        data=lambda: to_csv_bytes(view.events, view.participants, dataset.sources),
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
