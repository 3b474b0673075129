"""The constant part of the map: frame, countries, routes and optional tiles.

Built the same way on every rerun for a dataset, so streamlit-folium keeps the map
mounted; only the filtered layers (components.core.layers.event_layers) change.
"""

from __future__ import annotations

from typing import Any

import folium
import xyzservices
from jinja2 import Template

from components.core.assets import IFRAME_STATIC_URL, STATIC_DIR, OfflineMap
from components.core.dataset import Dataset
from components.core.layers import (
    ARCS_LAYER,
    COUNTRIES_LAYER,
    COUNTRIES_PANE,
    PLACES_LAYER,
    RELATIONSHIPS_LAYER,
    ROUTES_LAYER,
    country_features,
    feature_group,
    route_features,
)
from components.core.rendering import PreRendered, RenderOnce, render_layer

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


_STYLE = """
<style>
  .leaflet-container { background: #dce9f0 !important; font: 12px/1.4 sans-serif !important; }
  .leaflet-control-layers { font-size: 12px; }
  .leaflet-control-layers-toggle { width: auto !important; height: 36px !important;
    background-image: none !important; padding: 0 10px; line-height: 36px; color: #111;
    text-decoration: none; font-weight: bold; }
  .leaflet-control-layers-toggle::after { content: "Layers"; }
  .cadash-legend { background: rgba(255,255,255,.95); padding: 4px 8px; border-radius: 4px;
    box-shadow: 0 1px 4px rgba(0,0,0,.3); max-height: 45vh; max-width: 250px; overflow-y: auto;
    color: #111; }
  .cadash-legend summary { cursor: pointer; font-weight: bold; min-height: 24px; line-height: 24px; }
  .cadash-rows { list-style: none; margin: 2px 0; padding: 0; }
  .cadash-rows li { white-space: nowrap; }
  .cadash-dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%;
    margin-right: 4px; border: 1px solid #fff; box-shadow: 0 0 0 1px #555; vertical-align: middle; }
  .cadash-line { margin-right: 5px; vertical-align: middle; }
  .cadash-note { color: #333; font-size: 11px; margin: 2px 0; white-space: normal !important; }
  .leaflet-tooltip { white-space: normal; min-width: 180px; max-width: 300px; }
  .cadash-place { cursor: pointer; }
  path.leaflet-interactive:focus { outline: none; }
  .leaflet-container a:focus-visible, .leaflet-container summary:focus-visible,
  .leaflet-container input:focus-visible, .leaflet-container label:focus-within {
    outline: 3px solid #0072B2 !important; outline-offset: 2px; }
  .leaflet-container:focus-visible { outline: 3px solid #0072B2; outline-offset: -3px; }
</style>
"""


class _FocusWithoutScrolling(RenderOnce):
    """Leaflet focuses the map on mousedown. Where the map's frame is partly out of view,
    that scrolled the page under the pointer before the click landed (a missed click):
    focus without scrolling."""

    _template = Template(
        """{% macro script(this, kwargs) %}(function(map) {
  var keyboard = map.keyboard;
  if (keyboard && keyboard.enabled()) {
    keyboard.disable();
    keyboard._onMouseDown = function() {
      if (!this._focused) { this._map.getContainer().focus({preventScroll: true}); }
    };
    keyboard.enable();
  }
})({{ this._parent.get_name() }});{% endmacro %}"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "FocusWithoutScrolling"


class _TileLayer(folium.TileLayer, RenderOnce):
    """folium's tile layer; its script is not compiled as a template."""

    def render(self, **kwargs: Any) -> None:
        render_layer(self, **kwargs)


class _LayerControl(folium.LayerControl, RenderOnce):
    """folium's layer control; its script is not compiled as a template."""


def countries_asset(digest: str) -> str:
    """Path, under static/, of the pre-built country layer for a boundaries file."""
    return f"map/countries-{digest}.json"


def build_base_map(
    dataset: Dataset, static_base_url: str = IFRAME_STATIC_URL, inline: bool = False
) -> folium.Map:
    """A fresh map framed on Central Asia with its constant layers.

    A new object every call: streamlit-folium adds the filtered layers to the map it
    is given, so a cached map would grow with every rerun.
    """
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
    asset = countries_asset(dataset.boundaries_digest)
    if not inline and dataset.boundaries_digest and (STATIC_DIR / asset).exists():
        # The outlines are the same on every rerun: the browser fetches them once.
        url = f"{static_base_url}/{asset}"
        countries = feature_group(COUNTRIES_LAYER, None, "cadash-country", url, COUNTRIES_PANE)
    else:
        features = country_features(dataset.boundaries)
        countries = feature_group(COUNTRIES_LAYER, features, "cadash-country", pane=COUNTRIES_PANE)
    countries.add_to(fmap)
    feature_group(ROUTES_LAYER, route_features(dataset.routes), "cadash-route").add_to(fmap)
    fmap.add_child(_RememberHidden(HIDDEN_AT_START))
    fmap.add_child(_FocusWithoutScrolling())
    # The legend comes with the filtered layers (components.core.layers.legend_group).
    return fmap


def layer_control() -> folium.LayerControl:
    """The control listing base and filtered layers (built with them on each rerun).

    Folded into a button: it opens on hover, focus or tap and never covers the map at start.
    """
    return _LayerControl(collapsed=True, position="topright")


__all__ = [
    "ARCS_LAYER",
    "CENTER",
    "MAP_HEIGHT",
    "PLACES_LAYER",
    "ZOOM",
    "build_base_map",
    "layer_control",
]
