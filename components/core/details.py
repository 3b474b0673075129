"""What the details panel shows for a selection: pure lookups on the filtered data."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.core.dataset import Dataset
from components.core.selection import Selection


@dataclass(frozen=True)
class CountryProfile:
    """A country's place in the data: who came, what ties it has, what it belongs to."""

    iso3: str
    name: str
    capital: str
    role: str
    hosted: int
    hosted_by_actor: pd.DataFrame
    abroad: int
    relationships: pd.DataFrame
    memberships: pd.DataFrame


def is_visible(
    selection: Selection,
    events: pd.DataFrame,
    participants: pd.DataFrame,
    relationships: pd.DataFrame,
    dataset: Dataset,
) -> bool:
    """Whether the selected feature is still on the map under the current filters."""
    if selection.kind == "place":
        return bool((events["place_id"] == selection.feature_id).any())
    if selection.kind == "arc":
        return not events_for(selection, events, participants).empty
    if selection.kind == "rel":
        return not relationship_rows(selection, relationships).empty
    if selection.kind == "route":
        return route_row(selection, dataset.routes) is not None
    if selection.kind == "country":
        return bool((dataset.countries["iso3"] == selection.part("iso3")).any())
    return False


# The selections whose events are listed in the details (events_for).
BEHIND_KINDS = ("place", "arc")


def events_for(
    selection: Selection, events: pd.DataFrame, participants: pd.DataFrame
) -> pd.DataFrame:
    """Events behind a place or an arc, newest first; work proportional to the selection."""
    if selection.kind == "place":
        chosen = events[events["place_id"] == selection.feature_id]
    elif selection.kind == "arc":
        actor, place_id = selection.part("actor"), selection.feature.place_id
        at_place = events[events["place_id"] == place_id]
        with_actor = participants.loc[
            participants["event_id"].isin(at_place["event_id"])
            & (participants["actor_id"] == actor),
            "event_id",
        ]
        chosen = at_place[at_place["event_id"].isin(with_actor)]
    else:
        chosen = events.iloc[0:0]
    return chosen.sort_values(["start_date", "event_id"], ascending=[False, True])


def people_of(
    event_ids: pd.Series, participants: pd.DataFrame, actor_names: dict[str, str]
) -> pd.DataFrame:
    """Participants of the given events with actor names, in file order."""
    rows = participants[participants["event_id"].isin(event_ids)]
    # Plain lists of text: a few rows, and pandas' per-column conversions cost more here.
    text = {
        column: ["" if pd.isna(v) else str(v) for v in rows[column].tolist()]
        if column in rows.columns
        else [""] * len(rows)
        for column in ("event_id", "actor_id", "person", "role", "capacity")
    }
    text["actor"] = [actor_names.get(a, a) for a in text["actor_id"]]
    return pd.DataFrame(
        text,
        index=rows.index,
        columns=["event_id", "actor_id", "actor", "person", "role", "capacity"],
    )


def country_profile(dataset: Dataset, events: pd.DataFrame, iso3: str) -> CountryProfile | None:
    """Profile of a country under the current filters, or None for an unknown code."""
    match = dataset.countries[dataset.countries["iso3"] == iso3]
    if match.empty:
        return None
    country = match.iloc[0]
    hosted = events[events["host_iso3"] == iso3]
    names = dataset.actor_names
    legs = dataset.participants[dataset.participants["event_id"].isin(hosted["event_id"])]
    # The host's own delegation is not a visitor.
    home_actors = set(dataset.actors.loc[dataset.actors["iso3"] == iso3, "actor_id"])
    visitors = legs[~legs["actor_id"].isin(home_actors)]
    by_actor = (
        visitors.drop_duplicates(["event_id", "actor_id"])
        .groupby("actor_id")
        .size()
        .rename("events")
        .reset_index()
    )
    by_actor["actor"] = by_actor["actor_id"].map(names).fillna(by_actor["actor_id"])
    by_actor = by_actor.sort_values(["events", "actor"], ascending=[False, True])[
        ["actor", "events"]
    ]
    own = dataset.participants.loc[dataset.participants["actor_id"].isin(home_actors), "event_id"]
    abroad = int((events["event_id"].isin(own) & (events["host_iso3"] != iso3)).sum())
    rels = dataset.relationships[dataset.relationships["iso3"] == iso3].copy()
    rels["actor"] = rels["actor_id"].map(names).fillna(rels["actor_id"])
    columns = ["actor", "kind", "label", "since", "until", "summary", "source_url"]
    memberships = rels[rels["kind"] == "membership"][columns]
    others = rels[rels["kind"] != "membership"][columns]
    return CountryProfile(
        iso3=iso3,
        name=str(country["name"]),
        capital=str(country["capital"]),
        role=str(country["role"]),
        hosted=len(hosted),
        hosted_by_actor=by_actor.reset_index(drop=True),
        abroad=abroad,
        relationships=others.reset_index(drop=True),
        memberships=memberships.reset_index(drop=True),
    )


def relationship_rows(selection: Selection, relationships: pd.DataFrame) -> pd.DataFrame:
    actor, iso3 = selection.part("actor"), selection.part("iso3")
    return relationships[(relationships["actor_id"] == actor) & (relationships["iso3"] == iso3)]


def route_row(selection: Selection, routes: pd.DataFrame) -> pd.Series | None:
    match = routes[routes["route_id"] == selection.part("route")]
    return None if match.empty else match.iloc[0]


def marked_events(
    selection: Selection | None,
    events: pd.DataFrame,
    participants: pd.DataFrame,
    behind: pd.DataFrame | None = None,
) -> pd.Series:
    """Ids of the events behind a selection, the rows the table marks.

    A place or an arc: its events (``behind``, when the caller has them from
    :func:`events_for` already); a country: the events it hosted; a relationship: the
    actor's events hosted in that country; a route: none.
    """
    if selection is None or selection.kind == "route":
        return events["event_id"].iloc[0:0]
    if selection.kind in BEHIND_KINDS:
        if behind is None:
            behind = events_for(selection, events, participants)
        return behind["event_id"]
    hosted = events[events["host_iso3"] == selection.part("iso3")]
    if selection.kind == "country":
        return hosted["event_id"]
    with_actor = participants.loc[participants["actor_id"] == selection.part("actor"), "event_id"]
    return hosted.loc[hosted["event_id"].isin(with_actor), "event_id"]
