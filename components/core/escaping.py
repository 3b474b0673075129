"""Escaping for any data string that reaches HTML or folium's JavaScript templates."""

from __future__ import annotations

import html
import json
import re


def esc(value: object) -> str:
    """HTML-escape, and defuse backticks and '${' (folium writes some text into JS template literals)."""
    text = html.escape("" if value is None else str(value), quote=True)
    return text.replace("`", "&#96;").replace("${", "&#36;{")


_MARKDOWN_SPECIAL = set("\\`*_{}[]()#+-.!|<>~$:")
# One pass with str.translate: a backslash before each special character, line breaks as spaces.
_MARKDOWN_TABLE = {ord(ch): "\\" + ch for ch in _MARKDOWN_SPECIAL} | {
    ord("\n"): " ",
    ord("\r"): " ",
}
# Invisible, and not a word character: placed where GitHub-style autolinks start ('://',
# 'www.', 'name@host': found in text even after backslash escapes) and where Streamlit's
# directives start (':material/home:', ':red[...]'), it keeps Markdown from making links or
# icons of data. Text elsewhere is left exactly as it was.
WORD_JOINER = "\u2060"
_LINK_OR_ICON_START = re.compile(
    r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)(?=[\w-])|(?<=:)(?=[a-z][\w-]*[\[/])", re.IGNORECASE
)


def md(value: object) -> str:
    """Text for st.markdown that renders as the plain text it is.

    No links, images, HTML, emphasis, icons or LaTeX from data: Markdown's special
    characters are escaped, line breaks become spaces, and an invisible word joiner breaks
    the places where autolinks and Streamlit's icons would start.
    """
    text = "" if value is None else str(value)
    text = text.replace("\r\n", " ")
    text = _LINK_OR_ICON_START.sub(WORD_JOINER, text)
    return text.translate(_MARKDOWN_TABLE)


# The openings of Jinja tags. In JSON they can only occur inside strings: a structural '{'
# is always followed by '"' or '}'.
_JINJA_OPENING = re.compile(r"\{(?=[{%#])")


def script_json(value: object) -> str:
    """JSON for a map script: it can neither end its <script> element nor become template code.

    branca compiles each element's rendered script as a Jinja template once more, so JSON
    written there, even through ``tojson``, would still run ``{{ ... }}`` found in the data.
    A '{' opening a Jinja tag is written as \\u007b (the same string to JavaScript, plain
    text to Jinja). Only '</' and '<!--' need escaping against the HTML parser.
    """
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return (
        _JINJA_OPENING.sub(r"\\u007b", text)
        .replace("</", "<\\/")
        .replace("<!--", "\\u003c!--")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
