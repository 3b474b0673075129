"""Folium layers built from prepared frames: one GeoJSON FeatureCollection per layer.

Every feature carries an ``id`` (what a click reports back), short style values and an
escaped tooltip ``tip``. Styles are computed in the browser by one small function per
layer, so the payload holds data, not repeated style objects. No Streamlit here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import folium
import numpy as np
import pandas as pd
from jinja2 import Template

from components.core import ids
from components.core.escaping import esc, script_json
from components.core.geometry import curved_arcs
from components.core.places import marker_radius
from components.core.rendering import RenderOnce, render_layer
from components.core.schema import CENTRAL_ASIA_COLOR, OTHER_ACTORS_COLOR
from components.core.validation import parse_path

if TYPE_CHECKING:
    from components.core.dataset import Dataset
    from components.core.view import View

PLACES_LAYER = "Event places"
FADED_LAYER = "Earlier in the period (faded)"
ARCS_LAYER = "Actor arcs"
RELATIONSHIPS_LAYER = "Relationships"
ROUTES_LAYER = "Energy and transport routes"
COUNTRIES_LAYER = "Countries"

MAX_TOOLTIP_ACTORS = 6
OTHER_ACTORS = "Other outside actors"
CENTRAL_ASIA_ONLY = "Central Asian states only"
# Arcs differ by dash as well as by colour: one pattern per highlighted actor, in turn.
ACTOR_DASHES: tuple[str | None, ...] = (None, "10 6", "2 6", "14 5 3 5", "6 3")
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
    # Time on the map: places of earlier frames, pale and without an id (not selectable).
    "cadash-faded": "function(f) { return {radius: f.properties.r, color: f.properties.c,"
    " weight: 1, opacity: 0.35, fill: true, fillColor: f.properties.c, fillOpacity: 0.15}; }",
    "cadash-arc": "function(f) { return {color: f.properties.c, dashArray: f.properties.d,"
    " weight: f.properties.w + (f.properties.s ? 3 : 0), opacity: f.properties.s ? 0.95 : 0.7}; }",
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
        {%- if this.pie %}
        // A place: a donut of its actors' shares (slices p.m: [colour, events]) around its
        // event count, at least 24 px across. Built as DOM nodes: data never becomes markup.
        var cadashPie = window.cadashPie = window.cadashPie || function(feature, latlng, css) {
            var p = feature.properties, size = Math.max(24, Math.round(2 * p.r)), r = size / 2;
            var ns = 'http://www.w3.org/2000/svg';
            var svg = document.createElementNS(ns, 'svg');
            var node = function(name, attrs) {
                var el = document.createElementNS(ns, name);
                Object.keys(attrs).forEach(function(k) { el.setAttribute(k, attrs[k]); });
                svg.appendChild(el);
                return el;
            };
            var colour = function(c) { return /^#[0-9A-Fa-f]{6}$/.test(c) ? c : '#999999'; };
            svg.setAttribute('width', size);
            svg.setAttribute('height', size);
            svg.setAttribute('viewBox', '0 0 ' + size + ' ' + size);
            svg.setAttribute('aria-hidden', 'true');
            svg.setAttribute('focusable', 'false');
            node('circle', {cx: r, cy: r, r: r - 0.75, fill: '#ffffff',
                stroke: p.s ? '#111111' : '#333333', 'stroke-width': p.s ? 3 : 1.5});
            var outer = r - (p.s ? 3 : 2), inner = outer * 0.52, mid = (outer + inner) / 2;
            var band = outer - inner, slices = p.m && p.m.length ? p.m : [[p.c, 1]];
            var total = slices.reduce(function(sum, s) { return sum + s[1]; }, 0);
            if (slices.length === 1) {
                node('circle', {cx: r, cy: r, r: mid, fill: 'none',
                    stroke: colour(slices[0][0]), 'stroke-width': band});
            } else {
                var start = -Math.PI / 2;
                slices.forEach(function(s) {
                    var end = start + 2 * Math.PI * s[1] / total;
                    var large = end - start > Math.PI ? 1 : 0;
                    node('path', {fill: 'none', stroke: colour(s[0]), 'stroke-width': band,
                        d: 'M ' + (r + mid * Math.cos(start)) + ' ' + (r + mid * Math.sin(start))
                            + ' A ' + mid + ' ' + mid + ' 0 ' + large + ' 1 '
                            + (r + mid * Math.cos(end)) + ' ' + (r + mid * Math.sin(end))});
                    start = end;
                });
            }
            var count = node('text', {x: r, y: r, 'text-anchor': 'middle',
                'dominant-baseline': 'central', 'font-size': Math.max(9, Math.round(inner * 1.05)),
                'font-weight': 'bold', fill: '#111111'});
            count.textContent = String(p.n);
            var box = document.createElement('div');
            box.appendChild(svg);
            var icon = L.divIcon({html: box, iconSize: [size, size],
                className: css + (p.s ? ' cadash-selected' : '')});
            // Smaller markers above bigger ones, the selected one above all.
            return L.marker(latlng, {icon: icon, keyboard: false,
                zIndexOffset: (64 - size) * 1000 + (p.s ? 100000 : 0)});
        };
        {%- endif %}
        var {{ this.get_name() }} = L.geoJson({{ this.data_json if not this.url else 'null' }}, {
            className: {{ this.css_class|tojson }},
            cadashName: {{ this.layer_name|tojson }},
            {%- if this.pane %}
            pane: {{ this.pane|tojson }},
            {%- endif %}
            style: {{ this.style_js }},
            pointToLayer: function(feature, latlng) {
                {%- if this.pie %}
                return cadashPie(feature, latlng, {{ this.css_class|tojson }});
                {%- else %}
                return L.circleMarker(latlng, {className: {{ this.css_class|tojson }}});
                {%- endif %}
            },
            onEachFeature: function(feature, layer) {
                if (feature.properties.tip) {
                    layer.bindTooltip(feature.properties.tip, {sticky: true});
                }
                layer.on('add', function() {
                    var el = layer.getElement && layer.getElement();
                    if (el && feature.properties.id) { el.setAttribute('data-id', feature.properties.id); }
                    // Out of the Tab order (hundreds of shapes): the 'Go to' list beside the
                    // map reaches every feature by name.
                    if (el) { el.setAttribute('tabindex', '-1'); }
                    if (el && feature.properties.a) {
                        el.setAttribute('role', 'img');
                        el.setAttribute('aria-label', feature.properties.a);
                    }
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
        pie: bool = False,
    ) -> None:
        """Features inline, or none and a ``url`` the browser fetches them from (same origin).

        ``pie`` draws points as donut markers of their actors' shares instead of circles.
        """
        super().__init__(name=name, overlay=True, control=False, show=True)
        self._name = "GeoJsonLayer"
        self.features = features or []
        self.url = url
        self.data_json = script_json({"type": "FeatureCollection", "features": self.features})
        self.css_class = css_class
        self.style_js = STYLES[css_class]
        self.pane = pane
        self.pie = pie

    def render(self, **kwargs: Any) -> None:
        render_layer(self, **kwargs)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def place_label(city: object, country: object, events: int) -> str:
    """A place's readable name (plain text: screen readers, the 'Go to' list)."""
    return f"{city}, {country} ({_plural(events, 'event')})"


def arc_label(actor: object, city: object, events: int) -> str:
    return f"{actor} to {city} ({_plural(events, 'event')})"


def relationship_label(actor: object, country: object) -> str:
    return f"{actor} and {country}"


def actor_styles(
    highlighted: tuple[str, ...] | None, actors: pd.DataFrame
) -> dict[str, tuple[str, str | None]]:
    """Colour and arc dash of each actor the map tells apart (all of them when None)."""
    colors = dict(zip(actors["actor_id"], actors["color"], strict=True))
    chosen = list(colors) if highlighted is None else [a for a in highlighted if a in colors]
    return {
        actor: (str(colors[actor]), ACTOR_DASHES[i % len(ACTOR_DASHES)])
        for i, actor in enumerate(chosen)
    }


def place_slices(
    mix: tuple[tuple[str, int], ...], styles: dict[str, tuple[str, str | None]]
) -> list[list[Any]]:
    """Donut slices [colour, events] of a place: each told-apart actor, then the rest as one."""
    slices: list[list[Any]] = [[styles[a][0], n] for a, n in mix if a in styles]
    rest = sum(n for a, n in mix if a not in styles)
    if rest:
        slices.append([OTHER_ACTORS_COLOR, rest])
    return slices or [[CENTRAL_ASIA_COLOR, 1]]


def place_features(
    places: pd.DataFrame,
    actor_names: dict[str, str],
    styles: dict[str, tuple[str, str | None]] | None = None,
) -> list[dict[str, Any]]:
    """Point features for aggregated places: a donut of the actors' shares, sized by count.

    ``styles`` (from :func:`actor_styles`) names the actors with a colour of their own;
    without it a place is one ring in its busiest actor's colour.
    """
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
        places["mix"].tolist(),
        places["color"].tolist(),
        marker_radius(places["events"]).tolist(),
        places["first"].dt.strftime("%Y-%m-%d").tolist(),
        places["last"].dt.strftime("%Y-%m-%d").tolist(),
        strict=True,
    )
    features = []
    for place_id, city, country, lat, lon, count, mix, color, radius, start, end in columns:
        named = [f"{actor_names.get(a, a)} {n}" for a, n in mix]
        listed = ", ".join(named[:MAX_TOOLTIP_ACTORS])
        if len(named) > MAX_TOOLTIP_ACTORS:
            listed += f" and {len(named) - MAX_TOOLTIP_ACTORS} more"
        who = f"events by actor: {listed}" if listed else CENTRAL_ASIA_ONLY
        tip = (
            f"<b>{esc(city)}</b>, {esc(country)}<br>{_plural(int(count), 'event')}, {start} to {end}"
            + f"<br>{esc(who[0].upper() + who[1:])}"
        )
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": {
                    "id": place_id,
                    "n": int(count),
                    "tip": tip,
                    "a": f"{place_label(city, country, int(count))}; {who}",
                    "r": radius,
                    "c": color,
                    "m": place_slices(mix, styles) if styles is not None else [[color, 1]],
                },
            }
        )
    return features


def arc_features(
    arcs: pd.DataFrame,
    actor_names: dict[str, str],
    styles: dict[str, tuple[str, str | None]] | None = None,
) -> list[dict[str, Any]]:
    """Curved LineStrings from each actor's seat to the places it met at, dashed by actor."""
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
        dash = styles[actor_id][1] if styles and actor_id in styles else None
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
                    "d": dash,
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
    pie: bool = False,
) -> folium.FeatureGroup:
    """A named, switchable group holding one GeoJSON layer; its SVG paths get css_class."""
    group = LayerGroup(name=name, overlay=True, control=True)
    GeoJsonLayer(features, name, css_class, url, pane, pie).add_to(group)
    return group


def mark_selected(features: list[dict[str, Any]], selected: str | None) -> list[dict[str, Any]]:
    """The features with the selected one flagged (property s) so its layer draws it
    highlighted. A new list with a copy of that one feature: the input is not changed, so
    features built once per view can be shared by every selection."""
    if not selected:
        return features
    return [
        {**feature, "properties": {**feature["properties"], "s": 1}}
        if feature["properties"].get("id") == selected
        else feature
        for feature in features
    ]


RELATIONSHIP_COLOR = "#555555"
SEVERAL_KINDS_DASH = "6 3"


def legend_rows(
    places: pd.DataFrame,
    arcs: pd.DataFrame,
    relationships: pd.DataFrame,
    routes: pd.DataFrame | None,
    actor_names: dict[str, str],
    styles: dict[str, tuple[str, str | None]],
) -> list[dict[str, Any]]:
    """The legend's entries for what is on the map, as data.

    Each row: ``kind`` (actor: dot and dashed line; dot; line; note), ``label``, ``color``,
    ``dash``, and the ``layers`` it belongs to: the legend shows a row while one of its
    layers is switched on.
    """
    mixes = places["mix"].tolist() if not places.empty else []
    in_places = {a for mix in mixes for a, _ in mix}
    in_arcs = set(arcs["actor_id"]) if not arcs.empty else set()
    rows: list[dict[str, Any]] = []
    if mixes:
        rows.append(
            {
                "kind": "note",
                "label": "Places: ring = share of events by actor; number = events",
                "layers": [PLACES_LAYER],
            }
        )
    for actor, (color, dash) in styles.items():
        layers = [
            name
            for name, present in (
                (PLACES_LAYER, actor in in_places),
                (ARCS_LAYER, actor in in_arcs),
            )
            if present
        ]
        if layers:
            rows.append(
                {
                    "kind": "actor",
                    "label": actor_names.get(actor, actor),
                    "color": color,
                    "dash": dash,
                    "layers": layers,
                }
            )
    if in_places - set(styles):
        rows.append(
            {
                "kind": "dot",
                "label": OTHER_ACTORS,
                "color": OTHER_ACTORS_COLOR,
                "layers": [PLACES_LAYER],
            }
        )
    if any(not mix for mix in mixes):
        rows.append(
            {
                "kind": "dot",
                "label": CENTRAL_ASIA_ONLY,
                "color": CENTRAL_ASIA_COLOR,
                "layers": [PLACES_LAYER],
            }
        )
    if not relationships.empty:
        per_pair = relationships.groupby(["actor_id", "iso3"])["kind"].nunique()
        for kind in sorted(set(relationships["kind"])):
            rows.append(
                {
                    "kind": "line",
                    "label": f"Relationship: {kind}",
                    "color": RELATIONSHIP_COLOR,
                    "dash": RELATIONSHIP_DASH.get(kind),
                    "layers": [RELATIONSHIPS_LAYER],
                }
            )
        if (per_pair > 1).any():
            rows.append(
                {
                    "kind": "line",
                    "label": "Relationship: several kinds",
                    "color": RELATIONSHIP_COLOR,
                    "dash": SEVERAL_KINDS_DASH,
                    "layers": [RELATIONSHIPS_LAYER],
                }
            )
    if routes is not None and not routes.empty:
        for kind in sorted(set(routes["kind"])):
            style = ROUTE_STYLE.get(kind, ROUTE_STYLE["transport_corridor"])
            rows.append(
                {
                    "kind": "line",
                    "label": kind.replace("_", " ").capitalize(),
                    "color": style["color"],
                    "dash": style["dashArray"],
                    "layers": [ROUTES_LAYER],
                }
            )
    return rows


class Legend(RenderOnce):
    """The legend, sent with the filtered layers so that it lists what they draw.

    Added to a feature group of its own: it appears with the group and goes with it. A row
    shows while one of its layers is on. Folded at first where the map is narrow (a phone).
    Entries arrive as JSON and become text nodes: data never becomes markup or template source.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}(function(group) {
  var rows = {{ this.rows_json }};
  var legend = L.control({position: 'bottomright'});
  var lines = [];
  var hidden = function(name) { return !!(window.__cadashHidden && window.__cadashHidden[name]); };
  var refresh = function() {
    lines.forEach(function(line) {
      var on = line.layers.some(function(name) { return !hidden(name); });
      line.el.style.display = on ? '' : 'none';
    });
  };
  var valid = function(c) { return /^#[0-9A-Fa-f]{6}$/.test(c); };
  legend.onAdd = function(map) {
    var box = L.DomUtil.create('details', 'cadash-legend');
    if (window.__cadashLegendOpen === undefined) {
      window.__cadashLegendOpen = map.getSize().x >= 600;
    }
    box.open = window.__cadashLegendOpen;
    box.addEventListener('toggle', function() { window.__cadashLegendOpen = box.open; });
    L.DomUtil.create('summary', '', box).textContent = 'Legend';
    var list = L.DomUtil.create('ul', 'cadash-rows', box);
    lines = [];
    rows.forEach(function(row) {
      var line = L.DomUtil.create('li', row.kind === 'note' ? 'cadash-note' : '', list);
      if (row.kind === 'actor' || row.kind === 'dot') {
        var dot = L.DomUtil.create('span', 'cadash-dot', line);
        if (valid(row.color)) { dot.style.background = row.color; }
      }
      if (row.kind === 'actor' || row.kind === 'line') {
        var svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        svg.setAttribute('class', 'cadash-line');
        svg.setAttribute('width', '26');
        svg.setAttribute('height', '8');
        svg.setAttribute('aria-hidden', 'true');
        var path = document.createElementNS('http://www.w3.org/2000/svg', 'line');
        path.setAttribute('x1', '1'); path.setAttribute('y1', '4');
        path.setAttribute('x2', '25'); path.setAttribute('y2', '4');
        path.setAttribute('stroke-width', '3');
        path.setAttribute('stroke', valid(row.color) ? row.color : '#999999');
        if (row.dash) { path.setAttribute('stroke-dasharray', String(row.dash)); }
        svg.appendChild(path);
        line.appendChild(svg);
      }
      line.appendChild(document.createTextNode(row.label));
      lines.push({el: line, layers: row.layers || []});
    });
    L.DomUtil.create('p', 'cadash-note', box).textContent = 'Boundaries: Natural Earth';
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    map.on('overlayadd overlayremove', refresh);
    refresh();
    return box;
  };
  legend.onRemove = function(map) { map.off('overlayadd overlayremove', refresh); };
  var show = function() { if (group._map && !legend._map) { legend.addTo(group._map); } };
  group.on('add', show);
  group.on('remove', function() { legend.remove(); });
  show();
})({{ this._parent.get_name() }});{% endmacro %}"""
    )

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        super().__init__()
        self._name = "Legend"
        self.rows_json = script_json(rows)


LEGEND_GROUP = "Legend"


def legend_group(rows: list[dict[str, Any]]) -> folium.FeatureGroup:
    """An empty feature group that carries the legend (not listed in the layer control)."""
    group = LayerGroup(name=LEGEND_GROUP, overlay=True, control=False)
    group.add_child(Legend(rows))
    return group


def faded_features(
    places: pd.DataFrame, actor_names: dict[str, str], styles: dict[str, tuple[str, str | None]]
) -> list[dict[str, Any]]:
    """Place features for events earlier in the period: no id (a click selects nothing)."""
    features = place_features(places, actor_names, styles)
    for feature in features:
        properties = feature["properties"]
        del properties["id"]
        properties["tip"] = "Earlier in the period<br>" + properties["tip"]
    return features


@dataclass(frozen=True)
class LayerParts:
    """What the map draws for a view, before any selection: built once per view."""

    relationships: list[dict[str, Any]]
    arcs: list[dict[str, Any]]
    places: list[dict[str, Any]]
    legend: list[dict[str, Any]]
    faded: list[dict[str, Any]] | None = None


def layer_parts(
    places: pd.DataFrame,
    arcs: pd.DataFrame,
    relationships: pd.DataFrame,
    actors: pd.DataFrame,
    countries: pd.DataFrame,
    highlighted: tuple[str, ...] | None = None,
    routes: pd.DataFrame | None = None,
    faded: pd.DataFrame | None = None,
) -> LayerParts:
    """The features and legend rows of the layers (see :func:`event_layers`)."""
    names = dict(zip(actors["actor_id"], actors["name"], strict=True))
    styles = actor_styles(highlighted, actors)
    return LayerParts(
        relationships=relationship_features(relationships, actors, countries),
        arcs=arc_features(arcs, names, styles),
        places=place_features(places, names, styles),
        legend=legend_rows(places, arcs, relationships, routes, names, styles),
        faded=None if faded is None or faded.empty else faded_features(faded, names, styles),
    )


def view_layer_parts(dataset: Dataset, view: View) -> LayerParts:
    """The layer parts of a view of the dataset, as the map draws it."""
    return layer_parts(
        view.places,
        view.arcs,
        view.relationships,
        dataset.actors,
        dataset.countries,
        highlighted=view.highlighted,
        routes=dataset.routes,
        faded=view.faded,
    )


def layer_groups(parts: LayerParts, selected: str | None = None) -> list[folium.FeatureGroup]:
    """The feature groups of the layers, bottom to top, the selection highlighted."""
    groups = [
        feature_group(
            RELATIONSHIPS_LAYER, mark_selected(parts.relationships, selected), "cadash-rel"
        ),
        feature_group(ARCS_LAYER, mark_selected(parts.arcs, selected), "cadash-arc"),
        feature_group(
            PLACES_LAYER, mark_selected(parts.places, selected), "cadash-place", pie=True
        ),
        legend_group(parts.legend),
    ]
    if parts.faded is not None:
        groups.insert(1, feature_group(FADED_LAYER, parts.faded, "cadash-faded"))
    return groups


def event_layers(
    places: pd.DataFrame,
    arcs: pd.DataFrame,
    relationships: pd.DataFrame,
    actors: pd.DataFrame,
    countries: pd.DataFrame,
    selected: str | None = None,
    highlighted: tuple[str, ...] | None = None,
    routes: pd.DataFrame | None = None,
    faded: pd.DataFrame | None = None,
) -> list[folium.FeatureGroup]:
    """The filtered layers sent on each rerun, bottom to top, the selection highlighted,
    and the legend for them.

    ``highlighted`` actors get a colour and an arc dash of their own (every actor when
    None); ``routes`` (drawn by the base map) are listed in the legend when given;
    ``faded``: places of earlier events (time on the map), drawn pale under the others.
    """
    parts = layer_parts(places, arcs, relationships, actors, countries, highlighted, routes, faded)
    return layer_groups(parts, selected)
