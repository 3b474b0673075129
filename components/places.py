"""Events aggregated per place (markers) and per actor and place (arcs)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from components.geometry import distance_deg
from components.schema import CENTRAL_ASIA_COLOR, MIXED_COLOR

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


def _join_unique(values: pd.Series) -> str:
    return "|".join(sorted({a for v in values for a in v.split("|") if a}))


def aggregate_places(events: pd.DataFrame, actor_colors: dict[str, str]) -> pd.DataFrame:
    """One row per place: event count, date span, outside actors and the marker colour.

    A place is coloured by its single outside actor, grey when only Central Asian
    states met there, and 'mixed' when several outside actors did.
    """
    if events.empty:
        return pd.DataFrame(columns=PLACE_COLUMNS)
    grouped = events.groupby("place_id", sort=True)
    places = grouped.agg(
        city=("city", "first"),
        country=("country", "first"),
        host_iso3=("host_iso3", "first"),
        lat=("lat", "first"),
        lon=("lon", "first"),
        events=("event_id", "size"),
        first=("start_date", "min"),
        last=("end_date", "max"),
    )
    # Joining the distinct actor strings first keeps this fast at 100,000 events.
    distinct = events[["place_id", "outside_actors"]].drop_duplicates()
    places["actors"] = distinct.groupby("place_id")["outside_actors"].agg(_join_unique)
    places["color"] = places["actors"].map(lambda a: _place_color(a, actor_colors))
    return places.reset_index()[PLACE_COLUMNS]


def _place_color(actors: str, actor_colors: dict[str, str]) -> str:
    if not actors:
        return CENTRAL_ASIA_COLOR
    if "|" in actors:
        return MIXED_COLOR
    return actor_colors.get(actors, MIXED_COLOR)


def aggregate_arcs(
    events: pd.DataFrame,
    participants: pd.DataFrame,
    actors: pd.DataFrame,
    skip_actors: frozenset[str] = frozenset(),
) -> pd.DataFrame:
    """One arc per (actor, place): from the actor's seat to where it met, with a count.

    No arc for an actor meeting in its own country, where seat and place coincide, or
    for an actor in ``skip_actors``.
    """
    if events.empty:
        return pd.DataFrame(columns=ARC_COLUMNS)
    legs = participants.loc[
        participants["event_id"].isin(events["event_id"]), ["event_id", "actor_id"]
    ].drop_duplicates()
    if skip_actors:
        legs = legs[~legs["actor_id"].isin(skip_actors)]
    legs = legs.merge(
        events[["event_id", "place_id", "city", "host_iso3", "lat", "lon"]], on="event_id"
    )
    legs = legs.merge(
        actors[["actor_id", "iso3", "lat", "lon", "color"]].rename(
            columns={"lat": "from_lat", "lon": "from_lon"}
        ),
        on="actor_id",
    )
    legs = legs[legs["iso3"] != legs["host_iso3"]]
    far = (
        distance_deg(legs["from_lat"], legs["from_lon"], legs["lat"], legs["lon"]) >= MIN_ARC_LENGTH
    )
    legs = legs[np.asarray(far)]
    if legs.empty:
        return pd.DataFrame(columns=ARC_COLUMNS)
    arcs = (
        legs.groupby(["actor_id", "place_id"], sort=True)
        .agg(
            city=("city", "first"),
            from_lat=("from_lat", "first"),
            from_lon=("from_lon", "first"),
            to_lat=("lat", "first"),
            to_lon=("lon", "first"),
            events=("event_id", "nunique"),
            color=("color", "first"),
        )
        .reset_index()
    )
    arcs["arc_id"] = "arc:" + arcs["actor_id"] + ":" + arcs["place_id"]
    return arcs[ARC_COLUMNS]


def marker_radius(counts: pd.Series) -> pd.Series:
    """Pixel radius growing with the square root of the count, so area tracks events."""
    return (5 + 3 * np.sqrt(counts.astype(float))).clip(upper=30).round(1)
