"""Point folium at the Leaflet files the app serves itself, never at a CDN."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import folium

from components.core.rendering import RenderOnce

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
# Relative to streamlit-folium's iframe (/component/streamlit_folium.st_folium/index.html),
# so the app also works under a base URL path and on Streamlit Community Cloud.
IFRAME_STATIC_URL = "../../app/static"
VENDORED_JS = {"leaflet": "vendor/leaflet/leaflet.js"}
VENDORED_CSS = {"leaflet_css": "vendor/leaflet/leaflet.css"}


class OfflineMap(folium.Map, RenderOnce):
    """A folium Map that loads the vendored Leaflet, never a CDN.

    Only Leaflet is needed: the map uses GeoJSON and circle markers, no jQuery,
    Bootstrap or icon fonts. The lists are set per instance, so folium.Map itself and
    any other map in the process keep their defaults.
    """

    def __init__(self, *args: Any, static_base_url: str = IFRAME_STATIC_URL, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_js = [(n, f"{static_base_url}/{p}") for n, p in VENDORED_JS.items()]
        self.default_css = [(n, f"{static_base_url}/{p}") for n, p in VENDORED_CSS.items()]


def inline_assets() -> tuple[str, str]:
    """The vendored JavaScript and CSS, for a standalone HTML file that opens offline."""
    js = "\n".join((STATIC_DIR / p).read_text(encoding="utf-8") for p in VENDORED_JS.values())
    css = "\n".join((STATIC_DIR / p).read_text(encoding="utf-8") for p in VENDORED_CSS.values())
    return js, css
