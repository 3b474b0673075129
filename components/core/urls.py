"""What a valid source URL is: one rule for validation, links and exports."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

# Characters that would end or break a link in Markdown or HTML; percent-encoded in links.
_LINK_UNSAFE = "()'\"<>`[]\\ "
_LINK_TABLE = {ord(ch): quote(ch, safe="") for ch in _LINK_UNSAFE}
# Whitespace (as str.isspace), control characters, and what ends an attribute or a link.
_NOT_IN_URL = re.compile(r'[\s\x00-\x1f\x7f<>"`\\]')
MAX_URL_LENGTH = 2000


def is_source_url(value: object) -> bool:
    """An absolute http(s) address with a host, no whitespace or control characters."""
    if not isinstance(value, str) or not value or len(value) > MAX_URL_LENGTH:
        return False
    if _NOT_IN_URL.search(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def link_target(value: object) -> str | None:
    """The URL ready for a Markdown or HTML link (brackets and quotes encoded), else None."""
    if not is_source_url(value):
        return None
    return str(value).translate(_LINK_TABLE)
