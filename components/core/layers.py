"""Folium layers built from prepared frames: one GeoJSON FeatureCollection per layer.

Every feature carries an ``id`` (what a click reports back), short style values and an
escaped tooltip ``tip``. Styles are computed in the browser by one small function per
layer, so the payload holds data, not repeated style objects. No Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium
import numpy as np
import pandas as pd
from jinja2 import Template

from components.core import ids
from components.core.escaping import esc, script_json
from components.core.geometry import curved_arcs
from components.core.places import marker_radius
from components.core.rendering import RenderOnce, render_layer
from components.core.validation import parse_path

PLACES_LAYER = "Event places"
ARCS_LAYER = "Actor arcs"
RELATIONSHIPS_LAYER = "Relationships"
ROUTES_LAYER = "Energy and transport routes"
COUNTRIES_LAYER = "Countries"

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
# Per-layer style functions: properties c (colour), r (radius), w (weight), d (dash).
# s marks the selected feature: a dark outline or a bolder line.
STYLES = {
    "cadash-place": "function(f) { return {radius: f.properties.r,"
    " color: f.properties.s ? '#111111' : '#ffffff', weight: f.properties.s ? 3.5 : 1.5,"
    " fill: true, fillColor: f.properties.c, fillOpacity: 0.85}; }",
    "cadash-arc": "function(f) { return {color: f.properties.c,"
    " weight: f.properties.w + (f.properties.s ? 3 : 0), opacity: f.properties.s ? 0.95 : 0.55}; }",
    "cadash-rel": "function(f) { return {color: f.properties.c, weight: f.properties.s ? 4 : 2,"
    " opacity: f.properties.s ? 0.95 : 0.6, dashArray: f.properties.d}; }",
    "cadash-route": "function(f) { return {color: f.properties.c, weight: 4, opacity: 0.8,"
    " dashArray: f.properties.d}; }",
    "cadash-country": "function(f) { return f.properties.ca"
    " ? {color: '#6b6b6b', weight: 1.2, fillColor: '#f3e3c3', fillOpacity: 1}"
    " : {color: '#b9b9b9', weight: 0.6, fillColor: '#f4f4f2', fillOpacity: 1}; }",
}


class GeoJsonLayer(folium.map.Layer, RenderOnce):
    """A lean L.geoJson layer: pre-serialised data, a style function, tooltips, data-id.

    folium.GeoJson validates and re-serialises its data and writes a style per feature;
    at thousands of features that costs more than the whole rest of a rerun. Its rendered
    script is never compiled as a template (components.core.rendering).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson({{ this.data_json if not this.url else 'null' }}, {
            className: {{ this.css_class|tojson }},
            cadashName: {{ this.layer_name|tojson }},
            {%- if this.pane %}
            pane: {{ this.pane|tojson }},
            {%- endif %}
            style: {{ this.style_js }},
            pointToLayer: function(feature, latlng) {
                return L.circleMarker(latlng, {className: {{ this.css_class|tojson }}});
            },
            onEachFeature: function(feature, layer) {
                if (feature.properties.tip) {
                    layer.bindTooltip(feature.properties.tip, {sticky: true});
                }
                layer.on('add', function() {
                    var el = layer.getElement && layer.getElement();
                    if (el && feature.properties.id) { el.setAttribute('data-id', feature.properties.id); }
                });
            }
        });
        {%- if this.url %}
        fetch({{ this.url|tojson }})
            .then(function(response) { return response.json(); })
            .then(function(data) { {{ this.get_name() }}.addData(data); })
            .catch(function(error) { console.warn('map layer not loaded', error); });
        {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(
        self,
        features: list[dict[str, Any]] | None,
        name: str,
        css_class: str,
        url: str | None = None,
        pane: str | None = None,
        data_json: str | None = None,
    ) -> None:
        """Features inline (or as ``data_json``, a FeatureCollection already serialised with
        :func:`script_json`), or none and a ``url`` the browser fetches them from."""
        super().__init__(name=name, overlay=True, control=False, show=True)
        self._name = "GeoJsonLayer"
        self.features = features or []
        self.url = url
        self.data_json = data_json or script_json(
            {"type": "FeatureCollection", "features": self.features}
        )
        self.css_class = css_class
        self.style_js = STYLES[css_class]
        self.pane = pane

    def render(self, **kwargs: Any) -> None:
        render_layer(self, **kwargs)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def place_features(places: pd.DataFrame, actor_names: dict[str, str]) -> list[dict[str, Any]]:
    """Point features for aggregated places, sized by count and coloured by actor."""
    if places.empty:
        return []
    # Plain lists: per-element access to Arrow-backed pandas columns is slow.
    columns = zip(
        places["place_id"].tolist(),
        places["city"].tolist(),
        places["country"].tolist(),
        places["lat"].tolist(),
        places["lon"].tolist(),
        places["events"].tolist(),
        places["actors"].tolist(),
        places["color"].tolist(),
        marker_radius(places["events"]).tolist(),
        places["first"].dt.strftime("%Y-%m-%d").tolist(),
        places["last"].dt.strftime("%Y-%m-%d").tolist(),
        strict=True,
    )
    features = []
    for place_id, city, country, lat, lon, count, actors, color, radius, start, end in columns:
        names = [actor_names.get(a, a) for a in actors.split("|") if a]
        listed = ", ".join(names[:MAX_TOOLTIP_ACTORS])
        if len(names) > MAX_TOOLTIP_ACTORS:
            listed += f" and {len(names) - MAX_TOOLTIP_ACTORS} more"
        tip = (
            f"<b>{esc(city)}</b>, {esc(country)}<br>{_plural(int(count), 'event')}, {start} to {end}"
            + (f"<br>{esc(listed)}" if listed else "<br>Central Asian states only")
        )
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "id": place_id,
                    "n": int(count),
                    "tip": tip,
                    "r": radius,
                    "c": color,
                },
            }
        )
    return features


def arc_features(arcs: pd.DataFrame, actor_names: dict[str, str]) -> list[dict[str, Any]]:
    """Curved LineStrings from each actor's seat to the places it met at."""
    if arcs.empty:
        return []
    curves = curved_arcs(
        arcs["from_lat"].to_numpy(dtype=float),
        arcs["from_lon"].to_numpy(dtype=float),
        arcs["to_lat"].to_numpy(dtype=float),
        arcs["to_lon"].to_numpy(dtype=float),
    )
    weights = (1.5 + np.log2(arcs["events"].to_numpy(dtype=float))).round(1)
    columns = zip(
        arcs["arc_id"].tolist(),
        arcs["actor_id"].tolist(),
        arcs["city"].tolist(),
        arcs["events"].tolist(),
        arcs["color"].tolist(),
        curves.tolist(),
        weights.tolist(),
        strict=True,
    )
    features = []
    for arc_id, actor_id, city, count, color, curve, weight in columns:
        name = actor_names.get(actor_id, actor_id)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": curve},
                "properties": {
                    "id": arc_id,
                    "n": int(count),
                    "tip": f"<b>{esc(name)}</b> to {esc(city)}: {_plural(int(count), 'event')}",
                    "c": color,
                    "w": weight,
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
    seats = {
        a: (name, lat, lon, color)
        for a, name, lat, lon, color in zip(
            actors["actor_id"].tolist(),
            actors["name"].tolist(),
            actors["lat"].tolist(),
            actors["lon"].tolist(),
            actors["color"].tolist(),
            strict=True,
        )
    }
    capitals = {
        c: (name, lat, lon)
        for c, name, lat, lon in zip(
            countries["iso3"].tolist(),
            countries["name"].tolist(),
            countries["lat"].tolist(),
            countries["lon"].tolist(),
            strict=True,
        )
    }
    pairs: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for actor_id, iso3, label, kind in zip(
        relationships["actor_id"].tolist(),
        relationships["iso3"].tolist(),
        relationships["label"].tolist(),
        relationships["kind"].tolist(),
        strict=True,
    ):
        if actor_id in seats and iso3 in capitals:
            pairs.setdefault((actor_id, iso3), []).append((label, kind))
    if not pairs:
        return []
    keys = sorted(pairs)
    starts = np.array([seats[a][1:3] for a, _ in keys], dtype=float)
    ends = np.array([capitals[c][1:3] for _, c in keys], dtype=float)
    curves = curved_arcs(starts[:, 0], starts[:, 1], ends[:, 0], ends[:, 1])
    features = []
    for (actor_id, iso3), curve in zip(keys, curves.tolist(), strict=True):
        entries = pairs[(actor_id, iso3)]
        kinds = list(dict.fromkeys(kind for _, kind in entries))
        labels = "<br>".join(f"{esc(label)} ({esc(kind)})" for label, kind in entries)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": curve},
                "properties": {
                    "id": ids.build("rel", actor_id, iso3),
                    "n": len(entries),
                    "tip": f"<b>{esc(seats[actor_id][0])}</b> and {esc(capitals[iso3][0])}<br>{labels}",
                    "c": seats[actor_id][3],
                    "d": RELATIONSHIP_DASH.get(kinds[0]) if len(kinds) == 1 else "6 3",
                },
            }
        )
    return features


def route_features(routes: pd.DataFrame) -> list[dict[str, Any]]:
    """LineStrings along each route's waypoints, styled by kind."""
    features = []
    for row in routes.itertuples(index=False):
        style = ROUTE_STYLE.get(row.kind, ROUTE_STYLE["transport_corridor"])
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [[lon, lat] for lat, lon in parse_path(row.path)],
                },
                "properties": {
                    "id": ids.build("route", row.route_id),
                    "tip": f"<b>{esc(row.name)}</b><br>{esc(row.kind.replace('_', ' '))}",
                    "c": style["color"],
                    "d": style["dashArray"],
                },
            }
        )
    return features


def country_features(boundaries: dict[str, Any]) -> list[dict[str, Any]]:
    """Country polygons, the five Central Asian states flagged to be filled."""
    features = []
    for feature in boundaries.get("features", []):
        props = feature.get("properties", {})
        iso3 = props.get("iso3") or ""
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "id": ids.build("country", iso3) if iso3 else "",
                    "tip": esc(props.get("name", "")),
                    "ca": bool(props.get("central_asia")),
                },
            }
        )
    return features


# Countries draw in a pane of their own under the other layers: fetched after the map
# starts, they would otherwise land on top of the markers.
COUNTRIES_PANE = "cadash-countries"


class LayerGroup(folium.FeatureGroup, RenderOnce):
    """A switchable group whose rendered script is never compiled as a template."""

    def render(self, **kwargs: Any) -> None:
        render_layer(self, **kwargs)


def feature_group(
    name: str,
    features: list[dict[str, Any]] | None,
    css_class: str,
    url: str | None = None,
    pane: str | None = None,
    data_json: str | None = None,
) -> folium.FeatureGroup:
    """A named, switchable group holding one GeoJSON layer; its SVG paths get css_class."""
    group = LayerGroup(name=name, overlay=True, control=True)
    GeoJsonLayer(features, name, css_class, url, pane, data_json).add_to(group)
    return group


@dataclass(frozen=True)
class LayerFeatures:
    """A layer's features, each serialised once; a selection re-serialises only its own.

    Shared by every session that shows the same filters: never mutate ``features``.
    """

    ids: tuple[str, ...]
    features: tuple[dict[str, Any], ...]
    parts: tuple[str, ...]

    @classmethod
    def of(cls, features: list[dict[str, Any]]) -> LayerFeatures:
        return cls(
            tuple(f["properties"]["id"] for f in features),
            tuple(features),
            tuple(script_json(f) for f in features),
        )

    def collection_json(self, selected: str | None = None) -> str:
        """The FeatureCollection as script-safe JSON, the selected feature flagged (s=1)."""
        parts = list(self.parts)
        if selected and selected in self.ids:
            i = self.ids.index(selected)
            feature = self.features[i]
            parts[i] = script_json({**feature, "properties": {**feature["properties"], "s": 1}})
        return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


@dataclass(frozen=True)
class EventLayers:
    """The filtered layers' features, bottom to top: built once per filter state."""

    relationships: LayerFeatures
    arcs: LayerFeatures
    places: LayerFeatures

    def groups(self, selected: str | None = None) -> list[folium.FeatureGroup]:
        """Feature groups for the map, the selected feature highlighted."""
        return [
            feature_group(
                RELATIONSHIPS_LAYER,
                None,
                "cadash-rel",
                data_json=self.relationships.collection_json(selected),
            ),
            feature_group(
                ARCS_LAYER, None, "cadash-arc", data_json=self.arcs.collection_json(selected)
            ),
            feature_group(
                PLACES_LAYER, None, "cadash-place", data_json=self.places.collection_json(selected)
            ),
        ]


def layer_features(
    places: pd.DataFrame,
    arcs: pd.DataFrame,
    relationships: pd.DataFrame,
    actors: pd.DataFrame,
    countries: pd.DataFrame,
) -> EventLayers:
    """Features of the filtered places, arcs and relationships, serialised."""
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    return EventLayers(
        relationships=LayerFeatures.of(relationship_features(relationships, actors, countries)),
        arcs=LayerFeatures.of(arc_features(arcs, names)),
        places=LayerFeatures.of(place_features(places, names)),
    )


def event_layers(
    places: pd.DataFrame,
    arcs: pd.DataFrame,
    relationships: pd.DataFrame,
    actors: pd.DataFrame,
    countries: pd.DataFrame,
    selected: str | None = None,
) -> list[folium.FeatureGroup]:
    """The filtered layers sent on each rerun, bottom to top, the selection highlighted."""
    return layer_features(places, arcs, relationships, actors, countries).groups(selected)
