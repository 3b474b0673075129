"""Everything one rerun needs for the current filters, computed from the cached dataset."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from components.core.dataset import Dataset
from components.core.filters import Filters, dataset_mask, filter_relationships
from components.core.places import aggregate_arcs, aggregate_places, central_actor_ids


@dataclass(frozen=True)
class View:
    """The filtered events and relationships, and what the map draws from them."""

    events: pd.DataFrame
    participants: pd.DataFrame
    legs: pd.DataFrame
    relationships: pd.DataFrame
    places: pd.DataFrame
    arcs: pd.DataFrame
    arcs_hidden: int = 0
    # Time on the map (components.core.frames): places of the events earlier in the period
    # than the frame shown, drawn faded; None when not playing through time.
    faded: pd.DataFrame | None = None


def make_view(dataset: Dataset, filters: Filters) -> View:
    """Filter once (a boolean mask), then aggregate places and arcs from the index."""
    mask = dataset_mask(dataset, filters)
    place_mask = map_mask(dataset, mask)
    # Arcs of the five states' own leaders would cover the region in grey lines: they are
    # drawn only when the user picks those states as actors.
    skip = frozenset(central_actor_ids(dataset.actors, dataset.countries) - set(filters.actors))
    arcs, hidden = aggregate_arcs(dataset.legs, dataset.places, dataset.actors, place_mask, skip)
    participant_mask = mask[dataset.participants["event_pos"].to_numpy()]
    leg_mask = mask[dataset.legs["event_pos"].to_numpy()]
    return View(
        events=dataset.events[mask],
        participants=dataset.participants[participant_mask],
        legs=dataset.legs[leg_mask],
        relationships=filter_relationships(dataset.relationships, filters),
        places=aggregate_places(
            dataset.events, dataset.legs, dataset.places, dataset.actors, place_mask
        ),
        arcs=arcs,
        arcs_hidden=hidden,
    )


def map_mask(dataset: Dataset, mask: np.ndarray) -> np.ndarray:
    """The chosen events the map counts: a sideline meeting held where its summit is, with
    the summit also chosen, is part of that summit's visit to the place, not another one."""
    parent = dataset.events["parent_pos"].to_numpy()
    nested = (parent >= 0) & dataset.events["at_parent_place"].to_numpy()
    nested[nested] &= mask[parent[nested]]
    return mask & ~nested


def actor_count(view: View) -> int:
    return int(np.unique(view.legs["actor_code"].to_numpy()).size)
