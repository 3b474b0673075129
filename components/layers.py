"""Folium layers built from prepared frames: one GeoJSON FeatureCollection per layer.

Every feature carries an ``id`` in its properties (what a click reports back), a
``style`` (applied by folium without a per-feature switch) and an escaped
``tooltip``. No Streamlit here.
"""

from __future__ import annotations

from typing import Any

import folium
import numpy as np
import pandas as pd
from folium.utilities import JsCode

from components.data import parse_path
from components.escaping import esc
from components.geometry import curved_arcs
from components.places import marker_radius

PLACES_LAYER = "Event places"
ARCS_LAYER = "Actor arcs"
RELATIONSHIPS_LAYER = "Relationships"
ROUTES_LAYER = "Energy and transport routes"
COUNTRIES_LAYER = "Countries"

# Tooltips are bound from the feature's own (already escaped) property: one shared
# function instead of a tooltip object per feature. The feature id also goes on the SVG
# element as data-id, so a browser (or a person debugging) can find a feature.
BIND_TOOLTIP = JsCode(
    "function(feature, layer) {"
    " if (feature.properties.tooltip) {"
    " layer.bindTooltip(feature.properties.tooltip, {sticky: true}); }"
    " layer.on('add', function() { var el = layer.getElement && layer.getElement();"
    " if (el && feature.properties.id) { el.setAttribute('data-id', feature.properties.id); } }); }"
)
MAX_TOOLTIP_ACTORS = 6
RELATIONSHIP_DASH = {
    "membership": "2 6",
    "agreement": None,
    "trade": "8 4",
    "energy": "8 4",
    "security": "4 4",
    "tension": "1 5",
    "sanctions": "1 5",
}
ROUTE_STYLE = {
    "oil_pipeline": {"color": "#3B2F2F", "dashArray": None},
    "gas_pipeline": {"color": "#0072B2", "dashArray": None},
    "transport_corridor": {"color": "#009E73", "dashArray": "10 6"},
}


def feature_collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def _geojson(collection: dict[str, Any], name: str, css_class: str) -> folium.GeoJson:
    return folium.GeoJson(
        collection,
        name=name,
        marker=folium.CircleMarker(className=css_class),
        on_each_feature=BIND_TOOLTIP,
        # Leaflet's default would zoom on click; a click here selects instead.
        zoom_on_click=False,
        className=css_class,
        # Read by the map's script that keeps a layer the user switched off hidden when
        # streamlit-folium adds it anew (components.basemap).
        cadash_name=name,
    )


def _date(value: pd.Timestamp) -> str:
    return value.strftime("%Y-%m-%d")


def place_features(places: pd.DataFrame, actor_names: dict[str, str]) -> list[dict[str, Any]]:
    """Point features for aggregated places, sized by count and coloured by actor."""
    radius = marker_radius(places["events"]) if not places.empty else pd.Series(dtype=float)
    features = []
    for row, r in zip(places.itertuples(index=False), radius, strict=True):
        actors = [actor_names.get(a, a) for a in row.actors.split("|") if a]
        names = ", ".join(actors[:MAX_TOOLTIP_ACTORS])
        if len(actors) > MAX_TOOLTIP_ACTORS:
            names += f" and {len(actors) - MAX_TOOLTIP_ACTORS} more"
        count = f"{row.events} event{'s' if row.events != 1 else ''}"
        tooltip = (
            f"<b>{esc(row.city)}</b>, {esc(row.country)}<br>{count}, "
            f"{_date(row.first)} to {_date(row.last)}"
            + (f"<br>{esc(names)}" if names else "<br>Central Asian states only")
        )
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [row.lon, row.lat]},
                "properties": {
                    "id": row.place_id,
                    "count": int(row.events),
                    "tooltip": tooltip,
                    "style": {
                        "radius": float(r),
                        "color": "#ffffff",
                        "weight": 1.5,
                        "fill": True,
                        "fillColor": row.color,
                        "fillOpacity": 0.85,
                    },
                },
            }
        )
    return features


def arc_features(arcs: pd.DataFrame, actor_names: dict[str, str]) -> list[dict[str, Any]]:
    """Curved LineStrings from each actor's seat to the places it met at."""
    if arcs.empty:
        return []
    curves = curved_arcs(
        arcs["from_lat"].to_numpy(),
        arcs["from_lon"].to_numpy(),
        arcs["to_lat"].to_numpy(),
        arcs["to_lon"].to_numpy(),
    )
    weights = (1.5 + np.log2(arcs["events"].to_numpy(dtype=float))).round(1)
    features = []
    for row, curve, weight in zip(arcs.itertuples(index=False), curves, weights, strict=True):
        name = actor_names.get(row.actor_id, row.actor_id)
        count = f"{row.events} event{'s' if row.events != 1 else ''}"
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": curve.tolist()},
                "properties": {
                    "id": row.arc_id,
                    "count": int(row.events),
                    "tooltip": f"<b>{esc(name)}</b> to {esc(row.city)}: {count}",
                    "style": {"color": row.color, "weight": float(weight), "opacity": 0.55},
                },
            }
        )
    return features


def relationship_features(
    relationships: pd.DataFrame,
    actors: pd.DataFrame,
    countries: pd.DataFrame,
) -> list[dict[str, Any]]:
    """One curved line per (actor, country) pair from the actor's seat to the capital."""
    if relationships.empty:
        return []
    seats = actors.set_index("actor_id")[["name", "lat", "lon", "color"]]
    capitals = countries.set_index("iso3")[["name", "lat", "lon"]]
    pairs = relationships.groupby(["actor_id", "iso3"], sort=True)
    rows = []
    for (actor_id, iso3), group in pairs:
        if actor_id not in seats.index or iso3 not in capitals.index:
            continue
        rows.append((actor_id, iso3, group))
    if not rows:
        return []
    starts = np.array([[seats.at[a, "lat"], seats.at[a, "lon"]] for a, _, _ in rows])
    ends = np.array([[capitals.at[c, "lat"], capitals.at[c, "lon"]] for _, c, _ in rows])
    curves = curved_arcs(starts[:, 0], starts[:, 1], ends[:, 0], ends[:, 1])
    features = []
    for (actor_id, iso3, group), curve in zip(rows, curves, strict=True):
        kinds = list(dict.fromkeys(group["kind"]))
        labels = "<br>".join(
            f"{esc(label)} ({esc(kind)})"
            for label, kind in zip(group["label"], group["kind"], strict=True)
        )
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": curve.tolist()},
                "properties": {
                    "id": f"rel:{actor_id}:{iso3}",
                    "count": len(group),
                    "tooltip": (
                        f"<b>{esc(seats.at[actor_id, 'name'])}</b> and "
                        f"{esc(capitals.at[iso3, 'name'])}<br>{labels}"
                    ),
                    "style": {
                        "color": seats.at[actor_id, "color"],
                        "weight": 2,
                        "opacity": 0.6,
                        "dashArray": RELATIONSHIP_DASH.get(kinds[0]) if len(kinds) == 1 else "6 3",
                    },
                },
            }
        )
    return features


def route_features(routes: pd.DataFrame) -> list[dict[str, Any]]:
    """LineStrings along each route's waypoints, styled by kind."""
    features = []
    for row in routes.itertuples(index=False):
        points = parse_path(row.path)
        style = ROUTE_STYLE.get(row.kind, ROUTE_STYLE["transport_corridor"])
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[lon, lat] for lat, lon in points],
                },
                "properties": {
                    "id": f"route:{row.route_id}",
                    "tooltip": f"<b>{esc(row.name)}</b><br>{esc(row.kind.replace('_', ' '))}",
                    "style": {"weight": 4, "opacity": 0.8, **style},
                },
            }
        )
    return features


def country_features(boundaries: dict[str, Any]) -> list[dict[str, Any]]:
    """Country polygons, the five Central Asian states filled to stand out."""
    features = []
    for feature in boundaries.get("features", []):
        props = feature.get("properties", {})
        central = bool(props.get("central_asia"))
        iso3 = props.get("iso3") or ""
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "id": f"country:{iso3}" if iso3 else "",
                    "tooltip": esc(props.get("name", "")),
                    "style": {
                        "color": "#6b6b6b" if central else "#b9b9b9",
                        "weight": 1.2 if central else 0.6,
                        "fillColor": "#f3e3c3" if central else "#f4f4f2",
                        "fillOpacity": 1,
                    },
                },
            }
        )
    return features


def feature_group(name: str, features: list[dict[str, Any]], css_class: str) -> folium.FeatureGroup:
    """A named, switchable group holding one GeoJSON layer; its SVG paths get css_class."""
    group = folium.FeatureGroup(name=name, overlay=True, control=True)
    _geojson(feature_collection(features), name, css_class).add_to(group)
    return group


def event_layers(
    places: pd.DataFrame,
    arcs: pd.DataFrame,
    relationships: pd.DataFrame,
    actors: pd.DataFrame,
    countries: pd.DataFrame,
) -> list[folium.FeatureGroup]:
    """The filtered layers sent on each rerun, bottom to top."""
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    return [
        feature_group(
            RELATIONSHIPS_LAYER,
            relationship_features(relationships, actors, countries),
            "cadash-rel",
        ),
        feature_group(ARCS_LAYER, arc_features(arcs, names), "cadash-arc"),
        feature_group(PLACES_LAYER, place_features(places, names), "cadash-place"),
    ]
