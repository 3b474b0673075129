"""What the details panel shows for a selection: pure lookups on the filtered data."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
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
    events: pd.DataFrame, participants: pd.DataFrame, actor_names: dict[str, str]
) -> pd.DataFrame:
    """Participants of the given events (rows of the indexed event table) with actor names,
    in file order. Matched on integer event positions, not id strings."""
    positions = events.index.to_numpy()
    wanted = np.zeros(int(positions.max()) + 1 if len(positions) else 0, dtype=bool)
    wanted[positions] = True
    pos = participants["event_pos"].to_numpy()
    chosen = np.zeros(len(pos), dtype=bool)
    inside = pos < len(wanted)
    chosen[inside] = wanted[pos[inside]]
    rows = participants[chosen]
    actor_ids = [str(a) for a in rows["actor_id"].tolist()]
    return pd.DataFrame(
        {
            "event_id": [str(e) for e in rows["event_id"].tolist()],
            "actor_id": actor_ids,
            "actor": [actor_names.get(a, a) for a in actor_ids],
            "person": [str(p) for p in rows["person"].tolist()],
            "role": [str(r) for r in rows["role"].tolist()],
        },
        index=rows.index,
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
