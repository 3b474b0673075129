"""Escaping for any data string that reaches HTML or folium's JavaScript templates."""

from __future__ import annotations

import html


def esc(value: object) -> str:
    """HTML-escape, and defuse backticks and '${' (folium writes some text into JS template literals)."""
    text = html.escape("" if value is None else str(value), quote=True)
    return text.replace("`", "&#96;").replace("${", "&#36;{")


_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:")


def md(value: object) -> str:
    """Escape text for st.markdown: no links, images, HTML, emphasis or LaTeX from data."""
    text = "" if value is None else str(value)
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in text).replace("\n", " ")


def safe_url(value: object) -> str | None:
    """The URL if it is a plain http(s) address, else None (never a javascript: link)."""
    text = "" if value is None else str(value).strip()
    if not text.lower().startswith(("http://", "https://")) or any(c in text for c in " <>\"'`()"):
        return None
    return text
