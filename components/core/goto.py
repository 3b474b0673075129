"""The 'Go to' list: every feature on the map by a readable name, for keyboard and screen
reader users (the same selection a click makes). No Streamlit here."""

from __future__ import annotations

from dataclasses import dataclass

from components.core import ids
from components.core.dataset import Dataset
from components.core.layers import arc_label, place_label, relationship_label
from components.core.view import View


@dataclass(frozen=True)
class Target:
    """One entry of the list: a feature id and what the user reads."""

    feature_id: str
    label: str


def targets(dataset: Dataset, view: View) -> list[Target]:
    """Places (busiest first), countries, arcs, relationships and routes on the map now."""
    names = dataset.actor_names
    countries = dataset.country_names
    found: list[Target] = []
    for place_id, city, country, n in zip(
        view.places["place_id"].tolist(),
        view.places["city"].tolist(),
        view.places["country"].tolist(),
        view.places["events"].tolist(),
        strict=True,
    ):
        found.append(Target(place_id, f"Place: {place_label(city, country, int(n))}"))
    central = dataset.countries["role"] == "central_asia"
    ordered = dataset.countries.assign(_ca=~central).sort_values(["_ca", "name"])
    for iso3, name in zip(ordered["iso3"].tolist(), ordered["name"].tolist(), strict=True):
        found.append(Target(ids.build("country", iso3), f"Country: {name}"))
    for arc_id, actor, city, n in zip(
        view.arcs["arc_id"].tolist(),
        view.arcs["actor_id"].tolist(),
        view.arcs["city"].tolist(),
        view.arcs["events"].tolist(),
        strict=True,
    ):
        found.append(Target(arc_id, f"Arc: {arc_label(names.get(actor, actor), city, int(n))}"))
    seats = set(dataset.actors["actor_id"])
    pairs = view.relationships[["actor_id", "iso3"]].drop_duplicates()
    pairs = pairs[pairs["actor_id"].isin(seats) & pairs["iso3"].isin(set(countries))]
    for actor, iso3 in sorted(zip(pairs["actor_id"], pairs["iso3"], strict=True)):
        label = relationship_label(names.get(actor, actor), countries.get(iso3, iso3))
        found.append(Target(ids.build("rel", actor, iso3), f"Relationship: {label}"))
    for route_id, name in zip(
        dataset.routes["route_id"].tolist(), dataset.routes["name"].tolist(), strict=True
    ):
        found.append(Target(ids.build("route", route_id), f"Route: {name}"))
    return found
