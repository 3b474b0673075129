"""Everything one rerun needs for the current filters, computed from the cached dataset."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

import numpy as np
import pandas as pd

from components.core.dataset import Dataset, read_only
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
    # Arcs of the five states' own leaders would cover the region in grey lines: they are
    # drawn only when the user picks those states as actors.
    skip = frozenset(central_actor_ids(dataset.actors, dataset.countries) - set(filters.actors))
    arcs, hidden = aggregate_arcs(dataset.legs, dataset.places, dataset.actors, mask, skip)
    participant_mask = mask[dataset.participants["event_pos"].to_numpy()]
    leg_mask = mask[dataset.legs["event_pos"].to_numpy()]
    return View(
        events=_rows(dataset.events, mask),
        participants=_rows(dataset.participants, participant_mask),
        legs=_rows(dataset.legs, leg_mask),
        relationships=filter_relationships(dataset.relationships, filters),
        places=aggregate_places(dataset.events, dataset.legs, dataset.places, dataset.actors, mask),
        arcs=arcs,
        arcs_hidden=hidden,
        filters=filters,
    )


def freeze_view(view: View) -> View:
    """The view with every table on read-only buffers, to share it between sessions."""
    frames = {f.name: getattr(view, f.name) for f in fields(View)}
    return replace(
        view,
        **{name: read_only(v) for name, v in frames.items() if isinstance(v, pd.DataFrame)},
    )


def actor_count(view: View) -> int:
    return int(np.unique(view.legs["actor_code"].to_numpy()).size)


def newest_events(view: View, columns: list[str], limit: int) -> pd.DataFrame:
    """The ``limit`` newest events of the view with a 'people' column, for the table.

    Newest first, ties in file order (as ``nlargest``); participants are matched on the
    integer event positions, not on the id strings.
    """
    events = view.events
    starts = events["start_date"].to_numpy().view(np.int64)
    newest = events.take(np.argsort(-starts, kind="stable")[:limit])
    positions = newest.index.to_numpy()
    wanted = np.zeros(int(positions.max()) + 1 if len(positions) else 0, dtype=bool)
    wanted[positions] = True
    pos = view.participants["event_pos"].to_numpy()
    chosen = np.zeros(len(pos), dtype=bool)
    inside = pos < len(wanted)
    chosen[inside] = wanted[pos[inside]]
    people = view.participants[chosen]
    named = people[(people["person"] != "").to_numpy()]
    names: dict[int, list[str]] = {}
    for position, person in zip(
        named["event_pos"].tolist(), named["person"].astype(str).tolist(), strict=True
    ):
        names.setdefault(position, []).append(person)
    joined = ["; ".join(names.get(p, ())) for p in positions.tolist()]
    shown = newest.assign(people=joined)[columns]
    # Plain text, not categories: the browser would otherwise receive every category of
    # the dataset (all 100,000 titles) with the 1,000 rows it shows.
    text = [c for c in columns if isinstance(shown[c].dtype, pd.CategoricalDtype)]
    return shown.astype(dict.fromkeys(text, "str"))
