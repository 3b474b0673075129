"""Results this session keeps for the view it shows, so a selection does not rebuild them.

A click on the map reruns only the map's fragment, with the same view object as the run
before it. What depends on the view alone (the map's features, the 'Go to' list) is built
once per view and reused by every selection; what depends on the selection too (the events
behind it, used by the details and the table) once per selection.

Each entry holds the objects it was made from and is reused only for those same objects
(identity, not equality: views are immutable and shared, and comparing their tables would
cost what the memo saves). The first owner is always the run's dataset. One entry per
name: a new view replaces the old one, and :func:`keep_for` (called once per run with the
run's dataset) drops whatever was made from another dataset, so the memo holds no more
than the session shows (a removed upload's data goes at once).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import streamlit as st

T = TypeVar("T")
_STORE = "_memo"


def remembered(name: str, owners: tuple[Any, ...], extra: Hashable, make: Callable[[], T]) -> T:
    """``make()``, or what it returned before for the same ``owners`` (by identity) and
    an equal ``extra``."""
    store: dict[str, tuple[tuple[Any, ...], Hashable, Any]] = st.session_state.setdefault(
        _STORE, {}
    )
    held = store.get(name)
    if (
        held is not None
        and len(held[0]) == len(owners)
        and all(a is b for a, b in zip(held[0], owners, strict=True))
        and held[1] == extra
    ):
        return held[2]
    value = make()
    store[name] = (owners, extra, value)
    return value


def keep_for(dataset: object) -> None:
    """Drop the entries made from any dataset but ``dataset`` (their first owner)."""
    store = st.session_state.get(_STORE)
    if not store:
        return
    for name in [n for n, held in store.items() if not held[0] or held[0][0] is not dataset]:
        del store[name]
