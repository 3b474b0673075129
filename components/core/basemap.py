"""The constant part of the map: frame, countries, routes, legend and optional tiles.

Built the same way on every rerun for a dataset, so streamlit-folium keeps the map
mounted; only the filtered layers (components.core.layers.event_layers) change.
"""

from __future__ import annotations

import folium
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from components.core.assets import IFRAME_STATIC_URL, STATIC_DIR, use_local_assets
from components.core.data import Dataset
from components.core.escaping import esc
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
from components.core.schema import CENTRAL_ASIA_COLOR, MIXED_COLOR

CENTER = (44.0, 66.0)
ZOOM = 4
MAP_HEIGHT = 620
TILES_LAYER = "Online map tiles (OpenStreetMap, needs internet)"
# Layers that start switched off; the user's own choices are remembered in the iframe.
HIDDEN_AT_START = (RELATIONSHIPS_LAYER,)


class _Script(MacroElement):
    """A bit of JavaScript run once the map exists (its name is the map's variable)."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self._name = "Script"
        self._template = Template(
            "{% macro script(this, kwargs) %}(function(map) {"
            + code
            + "})({{ this._parent.get_name() }});{% endmacro %}"
        )


# streamlit-folium re-adds the filtered layers on every filter change; this keeps a layer
# the user switched off (or one hidden at start) switched off when it comes back.
_REMEMBER_HIDDEN = """
  var hidden = window.__cadashHidden = window.__cadashHidden || %s;
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
"""


def legend_html(actors: pd.DataFrame) -> str:
    """The legend's HTML: actor colours, mixed and Central Asia markers, route styles."""
    rows = []
    for actor in actors.sort_values("name").itertuples(index=False):
        rows.append(
            f'<div><span class="cadash-dot" style="background:{esc(actor.color)}"></span>'
            f"{esc(actor.name)}</div>"
        )
    rows.append(
        f'<div><span class="cadash-dot" style="background:{MIXED_COLOR}"></span>Several outside actors</div>'
    )
    rows.append(
        f'<div><span class="cadash-dot" style="background:{CENTRAL_ASIA_COLOR}"></span>'
        "Central Asian states only</div>"
    )
    for kind, style in ROUTE_STYLE.items():
        dash = "dashed" if style["dashArray"] else "solid"
        rows.append(
            f'<div><span class="cadash-line" style="border-top:3px {dash} {style["color"]}"></span>'
            f"{esc(kind.replace('_', ' ').capitalize())}</div>"
        )
    return (
        '<details class="cadash-legend" open><summary><b>Legend</b></summary>'
        '<div class="cadash-note">Marker size: events at the place</div>'
        f'<div class="cadash-rows">{"".join(rows)}</div>'
        '<div class="cadash-note">Boundaries: Natural Earth</div></details>'
    )


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


def _legend(actors: pd.DataFrame) -> _Script:
    html = legend_html(actors).replace("\\", "\\\\").replace("'", "\\'")
    return _Script(
        "var legend = L.control({position: 'bottomright'});"
        "legend.onAdd = function() { var div = L.DomUtil.create('div');"
        f" div.innerHTML = '{html}';"
        " L.DomEvent.disableClickPropagation(div); L.DomEvent.disableScrollPropagation(div);"
        " return div; };"
        " legend.addTo(map);"
    )


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
    use_local_assets(static_base_url)
    fmap = folium.Map(
        location=CENTER,
        zoom_start=ZOOM,
        tiles=None,
        min_zoom=2,
        max_zoom=10,
        world_copy_jump=False,
        control_scale=True,
    )
    fmap.get_root().header.add_child(Element(_STYLE))
    folium.TileLayer(
        "OpenStreetMap", name=TILES_LAYER, overlay=True, show=False, control=True
    ).add_to(fmap)
    fmap.add_child(_Script(f"map.createPane('{COUNTRIES_PANE}').style.zIndex = 350;"))
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
    hidden = "{" + ",".join(f'"{name}": true' for name in HIDDEN_AT_START) + "}"
    fmap.add_child(_Script(_REMEMBER_HIDDEN % hidden))
    central = dataset.countries.loc[dataset.countries["role"] == "central_asia", "iso3"]
    fmap.add_child(_legend(dataset.actors[~dataset.actors["iso3"].isin(central)]))
    return fmap


def layer_control() -> folium.LayerControl:
    """The control listing base and filtered layers (built with them on each rerun)."""
    return folium.LayerControl(collapsed=False, position="topright")


__all__ = [
    "ARCS_LAYER",
    "CENTER",
    "MAP_HEIGHT",
    "PLACES_LAYER",
    "ZOOM",
    "build_base_map",
    "layer_control",
    "legend_html",
]
