"""Everything one rerun needs for the current filters, computed from the cached dataset."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.data import Dataset
from components.filters import Filters, apply_filters, filter_relationships
from components.places import aggregate_arcs, aggregate_places


@dataclass(frozen=True)
class View:
    """The filtered events and relationships, and what the map draws from them."""

    events: pd.DataFrame
    participants: pd.DataFrame
    relationships: pd.DataFrame
    places: pd.DataFrame
    arcs: pd.DataFrame


def combined(
    dataset: Dataset, extra_events: pd.DataFrame | None, extra_participants: pd.DataFrame | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Reference events plus a session's imported ones (never written back)."""
    if extra_events is None or extra_events.empty:
        return dataset.events, dataset.participants
    events = pd.concat([dataset.events, extra_events], ignore_index=True)
    participants = pd.concat([dataset.participants, extra_participants], ignore_index=True)
    return events, participants


def make_view(
    dataset: Dataset,
    filters: Filters,
    extra_events: pd.DataFrame | None = None,
    extra_participants: pd.DataFrame | None = None,
) -> View:
    events, participants = combined(dataset, extra_events, extra_participants)
    chosen = apply_filters(events, participants, filters)
    chosen_participants = participants[participants["event_id"].isin(chosen["event_id"])]
    # Arcs of the five states' own leaders would cover the region in grey lines: they are
    # drawn only when the user picks those states as actors.
    central = set(dataset.countries.loc[dataset.countries["role"] == "central_asia", "iso3"])
    home = dataset.actors.loc[
        dataset.actors["iso3"].isin(central) & (dataset.actors["kind"] == "state"), "actor_id"
    ]
    skip = frozenset(set(home) - set(filters.actors))
    colors = dict(zip(dataset.actors["actor_id"], dataset.actors["color"], strict=True))
    return View(
        events=chosen,
        participants=chosen_participants,
        relationships=filter_relationships(dataset.relationships, filters),
        places=aggregate_places(chosen, colors),
        arcs=aggregate_arcs(chosen, chosen_participants, dataset.actors, skip),
    )
