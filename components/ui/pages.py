"""The app's pages, named once: dashboard.py navigates over them, and links between pages
(st.page_link) point at the same page objects.

Page modules import this one to link to another page, so the page modules are imported
here only when the pages are built (after every module has loaded).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.navigation.page import StreamlitPage

MAP = "map"
COMPARE = "compare"
FORMATS = "formats"
REVIEW = "review"


def _specs() -> dict[str, tuple[Callable[[], None], str, str]]:
    """url path -> (render function, title, icon), in the order of the navigation."""
    from components.ui import calendar_page, compare_page, map_page, review

    return {
        MAP: (map_page.render, "Map", "🗺️"),
        COMPARE: (compare_page.render, "Compare powers", "📊"),
        FORMATS: (calendar_page.render, "Summit formats", "📅"),
        REVIEW: (review.render, "Add events", "📝"),
    }


def page(url_path: str) -> StreamlitPage:
    """The page at ``url_path`` (the map is the default page)."""
    render, title, icon = _specs()[url_path]
    return st.Page(render, title=title, icon=icon, url_path=url_path, default=url_path == MAP)


def all_pages() -> list[StreamlitPage]:
    """Every page, for st.navigation."""
    return [page(url_path) for url_path in _specs()]
