"""The duplicate-event rules: two events are the same when start date, host and actor set agree.

Every check that looks for repeats (the data folder, uploads, GDELT merging, the synthetic
generator) calls :func:`event_keys`. The review queue, whose dates are read from news
text, uses the looser :func:`near_repeat`: a day either side, and the host counted among
the parties (an article names the host country whether or not the data lists it as a
participant).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import numpy as np
import pandas as pd

KEY_COLUMNS = ("start", "host", "actors")


def actor_sets(participants: pd.DataFrame) -> pd.Series:
    """Per event id, a number standing for its set of actors (order and repeats ignored).

    The sum of a fixed 64-bit hash per distinct actor: vectorised, and two different sets
    collide with odds of about 2**-64.
    """
    pairs = participants[["event_id", "actor_id"]].astype(str).drop_duplicates()
    weights = pd.util.hash_array(pairs["actor_id"].to_numpy(dtype=object)).view(np.int64)
    return pd.Series(weights, index=pairs["event_id"].to_numpy()).groupby(level=0).sum()


def event_keys(events: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """The key of each event (start date as text, host, actor set), aligned with ``events``."""
    start = events["start_date"]
    if pd.api.types.is_datetime64_any_dtype(start):
        start = start.dt.strftime("%Y-%m-%d")
    sets = actor_sets(participants)
    return pd.DataFrame(
        {
            "start": start.astype(str).to_numpy(),
            "host": events["host_iso3"].astype(str).to_numpy(),
            "actors": events["event_id"]
            .astype(str)
            .map(sets)
            .fillna(0)
            .astype(np.int64)
            .to_numpy(),
        },
        index=events.index,
    )


def key_tuples(keys: pd.DataFrame) -> list[tuple[str, str, int]]:
    """The keys as hashable tuples, for lookups across frames."""
    return list(zip(keys["start"], keys["host"], keys["actors"].astype(int), strict=True))


REPEAT_MESSAGE = "'{new}' repeats '{old}' (same start date, host and actors)"


# A date read from a news article may be a day off (time zones, "yesterday", overnight talks).
NEAR_DAYS = 1


def party_sets(events: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """Per event: id, start date, host, and its parties (participating actors plus the host).

    Built once per check, then searched by :func:`near_repeat` for each candidate.
    """
    legs = participants[["event_id", "actor_id"]].astype(str)
    sets = legs.groupby("event_id")["actor_id"].agg(frozenset)
    out = events[["event_id", "start_date", "host_iso3"]].copy()
    out["event_id"] = out["event_id"].astype(str)
    out["host_iso3"] = out["host_iso3"].astype(str)
    out["start_date"] = pd.to_datetime(out["start_date"], errors="coerce")
    out["parties"] = [
        sets.get(e, frozenset()) | {h}
        for e, h in zip(out["event_id"], out["host_iso3"], strict=True)
    ]
    return out


def near_repeat(
    start: date, host: str, parties: Iterable[str], existing: pd.DataFrame
) -> str | None:
    """The id of an event in ``existing`` (a :func:`party_sets` frame) that ``start``,
    ``host`` and ``parties`` repeat: same host, same parties (host included), start within
    :data:`NEAR_DAYS` days. None when there is none."""
    host = host.strip().upper()
    wanted = frozenset(p.strip().upper() for p in parties if p.strip()) | (
        {host} if host else frozenset()
    )
    window = existing[
        (existing["host_iso3"] == host)
        & (existing["start_date"] >= pd.Timestamp(start - timedelta(days=NEAR_DAYS)))
        & (existing["start_date"] <= pd.Timestamp(start + timedelta(days=NEAR_DAYS)))
    ]
    for event_id, found in zip(window["event_id"], window["parties"], strict=True):
        if found == wanted:
            return str(event_id)
    return None
