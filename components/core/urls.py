"""What a valid source URL is: one rule for validation, links and exports."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

# Characters that would end or break a link in Markdown or HTML; percent-encoded in links.
_LINK_UNSAFE = "()'\"<>`[]\\ "
MAX_URL_LENGTH = 2000


def is_source_url(value: object) -> bool:
    """An absolute http(s) address with a host, no whitespace or control characters."""
    if not isinstance(value, str) or not value or len(value) > MAX_URL_LENGTH:
        return False
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in value):
        return False
    if any(ch in value for ch in '<>"`\\'):
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
    text = str(value)
    return "".join(quote(ch, safe="") if ch in _LINK_UNSAFE else ch for ch in text)
