"""Events aggregated per place (markers) and per actor and place (arcs), vectorised.

The index (:func:`build_index`) is built once per dataset and cached with it; each rerun
only masks and counts integer codes, so it stays fast at 100,000 events.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from components.core.geometry import distance_deg
from components.core.ids import arc_ids
from components.core.schema import CENTRAL_ASIA_COLOR

PLACE_COLUMNS = [
    "place_id",
    "city",
    "country",
    "host_iso3",
    "lat",
    "lon",
    "events",
    "first",
    "last",
    "actors",
    "mix",
    "color",
]
ARC_COLUMNS = [
    "arc_id",
    "actor_id",
    "place_id",
    "city",
    "from_lat",
    "from_lon",
    "to_lat",
    "to_lon",
    "events",
    "color",
]
# Arcs shorter than this (degrees) would be drawn as dots: the actor is at home.
MIN_ARC_LENGTH = 0.5
# More arcs than this are unreadable and heavy to send; the busiest are drawn.
MAX_ARCS = 300


def central_actor_ids(actors: pd.DataFrame, countries: pd.DataFrame) -> set[str]:
    """The five states' own actor ids (states whose home country is in Central Asia)."""
    roles = countries["role"].to_numpy(dtype=object)
    central = countries["iso3"].to_numpy(dtype=object)[roles == "central_asia"]
    own = np.isin(actors["iso3"].to_numpy(dtype=object), central) & (
        actors["kind"].to_numpy(dtype=object) == "state"
    )
    return set(actors["actor_id"].to_numpy(dtype=object)[own].tolist())


def build_index(
    events: pd.DataFrame,
    participants: pd.DataFrame,
    actors: pd.DataFrame,
    countries: pd.DataFrame,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Integer codes for places and actors: (events with place_code, legs, place table).

    A leg is one actor at one event: its event position, actor code (row of ``actors``),
    place code, whether the actor is an outside one, and whether it draws an arc.
    """
    events = events.reset_index(drop=True)
    codes, _ = pd.factorize(events["place_id"])
    events["place_code"] = codes.astype(np.int32)
    places = (
        events.groupby("place_code", sort=True)[
            ["place_id", "city", "country", "host_iso3", "lat", "lon"]
        ]
        .first()
        .reset_index(drop=True)
    )
    position = pd.Series(np.arange(len(events), dtype=np.int32), index=events["event_id"])
    pairs = participants[["event_id", "actor_id"]].drop_duplicates()
    pairs = pairs[
        pairs["event_id"].isin(position.index) & pairs["actor_id"].isin(actors["actor_id"])
    ]
    event_pos = position.loc[pairs["event_id"]].to_numpy()
    actor_code = pd.Index(actors["actor_id"]).get_indexer(pairs["actor_id"]).astype(np.int16)
    place_code = events["place_code"].to_numpy()[event_pos]
    inside = actors["actor_id"].isin(central_actor_ids(actors, countries)).to_numpy()
    home = actors["iso3"].to_numpy()[actor_code] == events["host_iso3"].to_numpy()[event_pos]
    far = (
        distance_deg(
            actors["lat"].to_numpy()[actor_code],
            actors["lon"].to_numpy()[actor_code],
            places["lat"].to_numpy()[place_code],
            places["lon"].to_numpy()[place_code],
        )
        >= MIN_ARC_LENGTH
    )
    legs = pd.DataFrame(
        {
            "event_pos": event_pos,
            "actor_code": actor_code,
            "place_code": place_code,
            "outside": ~inside[actor_code],
            "arc": ~home & far,
        }
    )
    return events, legs, places


def _distinct(keys: np.ndarray, size: int) -> np.ndarray:
    """The distinct values of small non-negative integer keys, sorted (np.unique, in O(n))."""
    return np.flatnonzero(np.bincount(keys, minlength=size))


def aggregate_places(
    events: pd.DataFrame,
    legs: pd.DataFrame,
    places: pd.DataFrame,
    actors: pd.DataFrame,
    mask: np.ndarray,
) -> pd.DataFrame:
    """One row per place with chosen events: count, date span, outside actors, colour.

    ``mix`` holds the outside actors' event counts there, busiest first, as
    ``((actor_id, events), ...)``; ``actors`` the same ids joined by '|'. A place is
    coloured by its busiest outside actor (ties: the actor listed first in ``actors``),
    grey when only Central Asian states met there.
    """
    codes = events["place_code"].to_numpy()[mask]
    if codes.size == 0:
        return pd.DataFrame(columns=PLACE_COLUMNS)
    counts = np.bincount(codes, minlength=len(places))
    present = np.flatnonzero(counts)
    # Date span per place, on the dates' integer representation (numpy, not a groupby).
    start_dates = events["start_date"].to_numpy()
    first = np.full(len(places), np.iinfo(np.int64).max)
    np.minimum.at(first, codes, start_dates.view(np.int64)[mask])
    end_dates = events["end_date"].to_numpy()
    last = np.full(len(places), np.iinfo(np.int64).min)
    np.maximum.at(last, codes, end_dates.view(np.int64)[mask])
    out = places.iloc[present].copy()
    out["events"] = counts[present]
    out["first"] = first[present].view(start_dates.dtype)
    out["last"] = last[present].view(end_dates.dtype)
    # Events per (place, outside actor) among the chosen events: a leg is one actor at one event.
    leg_mask = mask[legs["event_pos"].to_numpy()] & legs["outside"].to_numpy()
    n_actors = max(len(actors), 1)
    pair, per_pair = np.unique(
        legs["place_code"].to_numpy()[leg_mask].astype(np.int64) * n_actors
        + legs["actor_code"].to_numpy()[leg_mask],
        return_counts=True,
    )
    pair_place, pair_actor = pair // n_actors, pair % n_actors
    # Busiest first within each place; ties in the actors table's order.
    order = np.lexsort((pair_actor, -per_pair, pair_place))
    pair_place, pair_actor, per_pair = pair_place[order], pair_actor[order], per_pair[order]
    actor_ids = actors["actor_id"].to_numpy()
    mixes: dict[int, list[tuple[str, int]]] = {}
    for place, actor, n in zip(
        pair_place.tolist(), actor_ids[pair_actor].tolist(), per_pair.tolist(), strict=True
    ):
        mixes.setdefault(place, []).append((actor, n))
    out["mix"] = [tuple(mixes.get(code, ())) for code in present.tolist()]
    out["actors"] = ["|".join(a for a, _ in mix) for mix in out["mix"]]
    color_of = dict(zip(actors["actor_id"], actors["color"], strict=True))
    out["color"] = [color_of[mix[0][0]] if mix else CENTRAL_ASIA_COLOR for mix in out["mix"]]
    # Biggest first: drawn later, a small marker stays on top and clickable.
    out = out.sort_values(["events", "place_id"], ascending=[False, True], kind="stable")
    return out[PLACE_COLUMNS].reset_index(drop=True)


def aggregate_arcs(
    legs: pd.DataFrame,
    places: pd.DataFrame,
    actors: pd.DataFrame,
    mask: np.ndarray,
    skip_actors: frozenset[str] = frozenset(),
    limit: int = MAX_ARCS,
) -> tuple[pd.DataFrame, int]:
    """Arcs per (actor, place) from the actor's seat, busiest first; and how many were left out.

    No arc for an actor meeting in its own country, where seat and place coincide, or for
    an actor in ``skip_actors``.
    """
    keep = mask[legs["event_pos"].to_numpy()] & legs["arc"].to_numpy()
    actor_ids = actors["actor_id"].to_numpy(dtype=object)
    if skip_actors:
        skipped = np.isin(actor_ids, list(skip_actors))
        keep &= ~skipped[legs["actor_code"].to_numpy()]
    if not keep.any():
        return pd.DataFrame(columns=ARC_COLUMNS), 0
    n_places = max(len(places), 1)
    key = (
        legs["actor_code"].to_numpy()[keep].astype(np.int64) * n_places
        + legs["place_code"].to_numpy()[keep]
    )
    pairs = _distinct(key, len(actors) * n_places)
    counts = np.bincount(key, minlength=len(actors) * n_places)[pairs]
    order = np.lexsort((pairs, -counts))[:limit]
    hidden = len(pairs) - len(order)
    pairs, counts = pairs[order], counts[order]
    actor_code, place_code = pairs // n_places, pairs % n_places
    arcs = pd.DataFrame(
        {
            "actor_id": actor_ids[actor_code],
            "place_id": places["place_id"].to_numpy(dtype=object)[place_code],
            "city": places["city"].to_numpy(dtype=object)[place_code],
            "from_lat": actors["lat"].to_numpy()[actor_code],
            "from_lon": actors["lon"].to_numpy()[actor_code],
            "to_lat": places["lat"].to_numpy()[place_code],
            "to_lon": places["lon"].to_numpy()[place_code],
            "events": counts,
            "color": actors["color"].to_numpy(dtype=object)[actor_code],
        }
    )
    arcs.insert(0, "arc_id", arc_ids(arcs["actor_id"], arcs["place_id"]))
    return arcs[ARC_COLUMNS], hidden


# A marker is at least 24 CSS px across (WCAG 2.2 target size), at most 60.
MIN_MARKER_RADIUS = 12


def marker_radius(counts: pd.Series) -> pd.Series:
    """Pixel radius growing with the square root of the count, so area tracks events."""
    return (MIN_MARKER_RADIUS - 3 + 3 * np.sqrt(counts.astype(float))).clip(upper=30).round(1)


def leading_actors(
    legs: pd.DataFrame, actors: pd.DataFrame, mask: np.ndarray, top: int
) -> tuple[str, ...]:
    """The ``top`` outside actors with the most chosen events, busiest first (ties: table order)."""
    keep = mask[legs["event_pos"].to_numpy()] & legs["outside"].to_numpy()
    per_actor = np.bincount(legs["actor_code"].to_numpy()[keep], minlength=len(actors))
    order = np.lexsort((np.arange(len(per_actor)), -per_actor))[:top]
    order = order[per_actor[order] > 0]
    return tuple(actors["actor_id"].to_numpy()[order].tolist())
