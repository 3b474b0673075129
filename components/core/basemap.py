"""The constant part of the map: frame, countries, routes, legend and optional tiles.

Built the same way on every rerun for a dataset, so streamlit-folium keeps the map
mounted; only the filtered layers (components.core.layers.event_layers) change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import folium
import pandas as pd
import xyzservices
from jinja2 import Template

from components.core.assets import IFRAME_STATIC_URL, STATIC_DIR, OfflineMap
from components.core.dataset import Dataset
from components.core.escaping import script_json
from components.core.layers import (
    ARCS_LAYER,
    COUNTRIES_LAYER,
    COUNTRIES_PANE,
    PLACES_LAYER,
    RELATIONSHIPS_LAYER,
    ROUTE_STYLE,
    ROUTES_LAYER,
    country_features,
    feature_group,
    route_features,
)
from components.core.rendering import PreRendered, RenderOnce, render_layer
from components.core.schema import CENTRAL_ASIA_COLOR, MIXED_COLOR

CENTER = (44.0, 66.0)
ZOOM = 4
MAP_HEIGHT = 620
TILES_LAYER = "Online map tiles (OpenStreetMap, needs internet)"
# Layers that start switched off; the user's own choices are remembered in the iframe.
HIDDEN_AT_START = (RELATIONSHIPS_LAYER,)
# Given as a provider, not by name: folium looks a name up among all of xyzservices'
# providers on every map it builds (4 ms per rerun).
TILES = xyzservices.providers.OpenStreetMap.Mapnik


class _CountriesPane(RenderOnce):
    """Creates the pane that keeps country shapes below the event layers."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "{{ this._parent.get_name() }}.createPane({{ this.pane|tojson }}).style.zIndex = 350;"
        "{% endmacro %}"
    )

    def __init__(self, pane: str) -> None:
        super().__init__()
        self._name = "CountriesPane"
        self.pane = pane


# streamlit-folium re-adds the filtered layers on every filter change; this keeps a layer
# the user switched off (or one hidden at start) switched off when it comes back.
class _RememberHidden(RenderOnce):
    """Keeps layers the user switched off (or hidden at start) off when they come back."""

    _template = Template(
        """{% macro script(this, kwargs) %}(function(map) {
  var hidden = window.__cadashHidden = window.__cadashHidden || {{ this.hidden|tojson }};
  // Only the user's own clicks count: streamlit-folium removing the old layers also
  // fires overlayremove, which must not hide them. Capture runs before Leaflet's own
  // click handler adds or removes the layer; the box is already toggled by then.
  map.getContainer().addEventListener('click', function(e) {
    var input = e.target;
    if (!input.classList || !input.classList.contains('leaflet-control-layers-selector')) { return; }
    var name = input.nextSibling ? input.nextSibling.textContent.trim() : '';
    if (!name) { return; }
    if (input.checked) { delete hidden[name]; } else { hidden[name] = true; }
  }, true);
  map.on('layeradd', function(e) {
    var group = e.layer;
    if (!(group instanceof L.FeatureGroup) || group instanceof L.GeoJSON) { return; }
    var inner = group.getLayers()[0];
    var name = inner && inner.options && inner.options.cadashName;
    if (name && hidden[name]) { map.removeLayer(group); }
  });
})({{ this._parent.get_name() }});{% endmacro %}"""
    )

    def __init__(self, hidden: tuple[str, ...]) -> None:
        super().__init__()
        self._name = "RememberHidden"
        self.hidden = dict.fromkeys(hidden, True)


def legend_rows(actors: pd.DataFrame) -> list[dict[str, str]]:
    """The legend's entries as data: a label and a swatch (dot colour, or line style)."""
    rows = [
        {"kind": "dot", "color": str(a.color), "label": str(a.name)}
        for a in actors.sort_values("name").itertuples(index=False)
    ]
    rows.append({"kind": "dot", "color": MIXED_COLOR, "label": "Several outside actors"})
    rows.append({"kind": "dot", "color": CENTRAL_ASIA_COLOR, "label": "Central Asian states only"})
    for kind, style in ROUTE_STYLE.items():
        rows.append(
            {
                "kind": "dashed" if style["dashArray"] else "solid",
                "color": str(style["color"]),
                "label": kind.replace("_", " ").capitalize(),
            }
        )
    return rows


class _Legend(RenderOnce):
    """The legend control. Entries arrive as JSON and become text nodes: data never
    becomes markup or template source."""

    _template = Template(
        """{% macro script(this, kwargs) %}(function(map) {
  var rows = {{ this.rows_json }};
  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function() {
    var box = L.DomUtil.create('details', 'cadash-legend');
    box.open = true;
    var summary = L.DomUtil.create('summary', '', box);
    L.DomUtil.create('b', '', summary).textContent = 'Legend';
    L.DomUtil.create('div', 'cadash-note', box).textContent = 'Marker size: events at the place';
    var list = L.DomUtil.create('div', 'cadash-rows', box);
    rows.forEach(function(row) {
      var line = L.DomUtil.create('div', '', list);
      var swatch = L.DomUtil.create('span', row.kind === 'dot' ? 'cadash-dot' : 'cadash-line', line);
      if (/^#[0-9A-Fa-f]{6}$/.test(row.color)) {
        if (row.kind === 'dot') { swatch.style.background = row.color; }
        else { swatch.style.borderTop = '3px ' + row.kind + ' ' + row.color; }
      }
      line.appendChild(document.createTextNode(row.label));
    });
    L.DomUtil.create('div', 'cadash-note', box).textContent = 'Boundaries: Natural Earth';
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  legend.addTo(map);
})({{ this._parent.get_name() }});{% endmacro %}"""
    )

    def __init__(self, rows_json: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.rows_json = rows_json


_STYLE = """
<style>
  .leaflet-container { background: #dce9f0 !important; font: 12px/1.4 sans-serif !important; }
  .leaflet-control-layers { font-size: 12px; }
  .cadash-legend { background: rgba(255,255,255,.92); padding: 6px 8px; border-radius: 4px;
    box-shadow: 0 1px 4px rgba(0,0,0,.3); max-height: 170px; max-width: 230px; overflow-y: auto; }
  .cadash-rows div { white-space: nowrap; }
  .cadash-legend summary { cursor: pointer; }
  .cadash-dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%;
    margin-right: 5px; border: 1px solid #fff; box-shadow: 0 0 0 1px #999; }
  .cadash-line { display: inline-block; width: 18px; margin: 0 5px 3px 0; }
  .cadash-note { color: #555; font-size: 11px; }
  .leaflet-tooltip { white-space: normal; min-width: 180px; max-width: 300px; }
  path.leaflet-interactive:focus { outline: none; }
</style>
"""


class _TileLayer(folium.TileLayer, RenderOnce):
    """folium's tile layer; its script is not compiled as a template."""

    def render(self, **kwargs: Any) -> None:
        render_layer(self, **kwargs)


class _LayerControl(folium.LayerControl, RenderOnce):
    """folium's layer control; its script is not compiled as a template."""


def countries_asset(digest: str) -> str:
    """Path, under static/, of the pre-built country layer for a boundaries file."""
    return f"map/countries-{digest}.json"


@dataclass(frozen=True)
class BaseParts:
    """What the base map takes from the data, serialised: the same for every rerun."""

    countries_asset: str | None
    countries_json: str | None
    routes_json: str
    legend_json: str


def base_parts(dataset: Dataset, inline: bool = False) -> BaseParts:
    """The base map's data parts; the country outlines as a static file when there is one."""
    asset = countries_asset(dataset.boundaries_digest)
    static = not inline and dataset.boundaries_digest and (STATIC_DIR / asset).exists()
    central = dataset.countries.loc[dataset.countries["role"] == "central_asia", "iso3"]
    outside = dataset.actors[~dataset.actors["iso3"].isin(central)]
    return BaseParts(
        countries_asset=asset if static else None,
        countries_json=None
        if static
        else script_json(
            {"type": "FeatureCollection", "features": country_features(dataset.boundaries)}
        ),
        routes_json=script_json(
            {"type": "FeatureCollection", "features": route_features(dataset.routes)}
        ),
        legend_json=script_json(legend_rows(outside)),
    )


def build_base_map(
    dataset: Dataset,
    static_base_url: str = IFRAME_STATIC_URL,
    inline: bool = False,
    parts: BaseParts | None = None,
) -> folium.Map:
    """A fresh map framed on Central Asia with its constant layers.

    A new object every call: streamlit-folium adds the filtered layers to the map it
    is given, so a cached map would grow with every rerun. ``parts`` (from
    :func:`base_parts`, which callers may cache per dataset) saves re-serialising them.
    """
    parts = parts or base_parts(dataset, inline)
    fmap = OfflineMap(
        static_base_url=static_base_url,
        location=CENTER,
        zoom_start=ZOOM,
        tiles=None,
        min_zoom=2,
        max_zoom=10,
        world_copy_jump=False,
        control_scale=True,
    )
    fmap.get_root().header.add_child(PreRendered(_STYLE))
    _TileLayer(TILES, name=TILES_LAYER, overlay=True, show=False, control=True).add_to(fmap)
    fmap.add_child(_CountriesPane(COUNTRIES_PANE))
    if parts.countries_asset:
        # The outlines are the same on every rerun: the browser fetches them once.
        url = f"{static_base_url}/{parts.countries_asset}"
        countries = feature_group(COUNTRIES_LAYER, None, "cadash-country", url, COUNTRIES_PANE)
    else:
        countries = feature_group(
            COUNTRIES_LAYER,
            None,
            "cadash-country",
            pane=COUNTRIES_PANE,
            data_json=parts.countries_json,
        )
    countries.add_to(fmap)
    feature_group(ROUTES_LAYER, None, "cadash-route", data_json=parts.routes_json).add_to(fmap)
    fmap.add_child(_RememberHidden(HIDDEN_AT_START))
    fmap.add_child(_Legend(parts.legend_json))
    return fmap


def layer_control() -> folium.LayerControl:
    """The control listing base and filtered layers (built with them on each rerun)."""
    return _LayerControl(collapsed=False, position="topright")


__all__ = [
    "ARCS_LAYER",
    "CENTER",
    "MAP_HEIGHT",
    "PLACES_LAYER",
    "ZOOM",
    "BaseParts",
    "base_parts",
    "build_base_map",
    "layer_control",
    "legend_rows",
]
