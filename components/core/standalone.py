"""The current map as one HTML file that opens offline: Leaflet and the data inline."""

from __future__ import annotations

import re

from components.core.assets import IFRAME_STATIC_URL, VENDORED_CSS, VENDORED_JS, inline_assets
from components.core.basemap import build_base_map, layer_control
from components.core.dataset import Dataset
from components.core.layers import layer_groups, view_layer_parts
from components.core.view import View


def standalone_html(
    dataset: Dataset, view: View, title: str = "Central Asia Diplomacy Dashboard"
) -> bytes:
    """A self-contained page of the map as filtered: no request leaves the file."""
    fmap = build_base_map(dataset, inline=True)
    for group in layer_groups(view_layer_parts(dataset, view)):
        group.add_to(fmap)
    layer_control().add_to(fmap)
    page = fmap.get_root().render()
    js, css = inline_assets()
    # A literal '</script' inside the inlined library would end its element early.
    js = js.replace("</script", "<\\/script")
    for path in VENDORED_JS.values():
        tag = re.compile(
            r'<script src="' + re.escape(f"{IFRAME_STATIC_URL}/{path}") + r'"></script>'
        )
        page = tag.sub(lambda _m: f"<script>{js}</script>", page)
    for path in VENDORED_CSS.values():
        tag = re.compile(
            r'<link rel="stylesheet" href="' + re.escape(f"{IFRAME_STATIC_URL}/{path}") + r'"\s*/>'
        )
        page = tag.sub(lambda _m: f"<style>{css}</style>", page)
    page = page.replace("<head>", f"<head>\n<title>{_escape(title)}</title>", 1)
    return page.encode("utf-8")


def _escape(text: str) -> str:
    import html

    return html.escape(text)
