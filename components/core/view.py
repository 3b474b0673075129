"""Everything one rerun needs for the current filters, computed from the cached dataset."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

import numpy as np
import pandas as pd

from components.core.dataset import Dataset, read_only
from components.core.filters import Filters, dataset_mask, filter_relationships
from components.core.places import aggregate_arcs, aggregate_places, leading_actors

# With no actor picked, the map colours and draws arcs for this many of the busiest outside
# actors; everyone else is 'other actors' on the place markers.
LEADING_ACTORS = 5


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
    # The actors the map colours and draws arcs for, busiest first: the user's picks, or
    # the leading outside actors when none is picked (then ``picked`` is False).
    highlighted: tuple[str, ...] = ()
    picked: bool = False
    # Outside actors in the view that are not highlighted.
    others: int = 0
    # Time on the map (components.core.frames): places of the events earlier in the period
    # than the frame shown, drawn faded; None when not playing through time.
    faded: pd.DataFrame | None = None
    # The filters it was made with (the key for anything derived from it).
    filters: Filters = field(default_factory=Filters)


def _rows(frame: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The masked rows; the frame itself (no copy) when every row passes."""
    return frame if mask.all() else frame[mask]


def make_view(dataset: Dataset, filters: Filters) -> View:
    """Filter once (a boolean mask), then aggregate places and arcs from the index.

    With no filter the view's tables are the dataset's own (no copy): never mutate them.
    """
    mask = dataset_mask(dataset, filters)
    place_mask = map_mask(dataset, mask)
    actors = dataset.actors
    ranked = leading_actors(dataset.legs, actors, place_mask, len(actors))
    highlighted = ranked[:LEADING_ACTORS]
    if filters.actors:
        # The user's picks, busiest first, then any picked Central Asian state; when only
        # those states are picked, the leading outside actors keep their colours too.
        picked = set(filters.actors)
        outside = tuple(a for a in ranked if a in picked)
        inside = tuple(a for a in actors["actor_id"] if a in picked and a not in outside)
        highlighted = outside + inside + (() if outside else highlighted)
    # Arcs only for the highlighted actors: two hundred arcs from every seat are a tangle.
    skip = frozenset(set(actors["actor_id"]) - set(highlighted))
    arcs, hidden = aggregate_arcs(dataset.legs, dataset.places, actors, place_mask, skip)
    participant_mask = mask[dataset.participants["event_pos"].to_numpy()]
    leg_mask = mask[dataset.legs["event_pos"].to_numpy()]
    return View(
        events=_rows(dataset.events, mask),
        participants=_rows(dataset.participants, participant_mask),
        legs=_rows(dataset.legs, leg_mask),
        relationships=filter_relationships(dataset.relationships, filters),
        places=aggregate_places(dataset.events, dataset.legs, dataset.places, actors, place_mask),
        arcs=arcs,
        arcs_hidden=hidden,
        highlighted=highlighted,
        picked=bool(filters.actors),
        others=len(set(ranked) - set(highlighted)),
        filters=filters,
    )


def freeze_view(view: View) -> View:
    """The view with every table on read-only buffers, to share it between sessions."""
    frames = {f.name: getattr(view, f.name) for f in fields(View)}
    return replace(
        view,
        **{name: read_only(v) for name, v in frames.items() if isinstance(v, pd.DataFrame)},
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
