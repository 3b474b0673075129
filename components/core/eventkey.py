"""The duplicate-event rule: two events are the same when start date, host and actor set agree.

Every check that looks for repeats (the data folder, uploads, GDELT merging, the synthetic
generator) calls :func:`event_keys`.
"""

from __future__ import annotations

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
