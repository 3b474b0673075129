"""Point folium at the Leaflet files the app serves itself, never at a CDN."""

from __future__ import annotations

from pathlib import Path

import folium

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
# Relative to streamlit-folium's iframe (/component/streamlit_folium.st_folium/index.html),
# so the app also works under a base URL path and on Streamlit Community Cloud.
IFRAME_STATIC_URL = "../../app/static"
VENDORED_JS = {"leaflet": "vendor/leaflet/leaflet.js"}
VENDORED_CSS = {"leaflet_css": "vendor/leaflet/leaflet.css"}


def use_local_assets(base_url: str = IFRAME_STATIC_URL) -> None:
    """Replace folium.Map's CDN script and style lists with the vendored files.

    Only Leaflet is needed: the map uses GeoJSON and circle markers, no jQuery,
    Bootstrap or icon fonts.
    """
    folium.Map.default_js = [(name, f"{base_url}/{path}") for name, path in VENDORED_JS.items()]
    folium.Map.default_css = [(name, f"{base_url}/{path}") for name, path in VENDORED_CSS.items()]


def inline_assets() -> tuple[str, str]:
    """The vendored JavaScript and CSS, for a standalone HTML file that opens offline."""
    js = "\n".join((STATIC_DIR / p).read_text(encoding="utf-8") for p in VENDORED_JS.values())
    css = "\n".join((STATIC_DIR / p).read_text(encoding="utf-8") for p in VENDORED_CSS.values())
    return js, css
