"""The events table as data: which rows, in which order, marked for the map's selection."""

from __future__ import annotations

import numpy as np
import pandas as pd

TABLE_COLUMNS = [
    "marked",
    "start_date",
    "end_date",
    "title",
    "event_type",
    "status",
    "city",
    "country",
    "people",
    "source_url",
]
_FROM_EVENTS = [c for c in TABLE_COLUMNS if c not in ("marked", "people")]
# In the "Selected" column: the row belongs to the map's selection.
MARK = "◉ yes"
MAX_TABLE_ROWS = 1000


def _newest_first(events: pd.DataFrame, positions: np.ndarray) -> np.ndarray:
    """The positions ordered newest first, ties by event id."""
    if positions.size == 0:
        return positions
    start = events["start_date"].to_numpy()[positions]
    # Only these rows' ids: the whole column as text would be made for every call.
    ids = events["event_id"].iloc[positions].astype(str).to_numpy()
    return positions[np.lexsort((ids, -start.astype("int64")))]


def _is_marked(column: pd.Series, marked: pd.Series | None, ids: set) -> np.ndarray:
    """Which rows of the id column are marked. When ``marked`` was taken from the same
    dictionary-encoded column (the map's selection is), by its integer codes."""
    if (
        marked is not None
        and isinstance(column.dtype, pd.CategoricalDtype)
        and isinstance(marked.dtype, pd.CategoricalDtype)
        and marked.cat.categories is column.cat.categories
    ):
        chosen = np.zeros(len(column.cat.categories) + 1, dtype=bool)
        codes = marked.cat.codes.to_numpy()
        chosen[codes[codes >= 0]] = True
        # A missing id has code -1: it reads the last, always-False slot.
        return chosen[column.cat.codes.to_numpy()]
    return column.isin(ids).to_numpy()


def _rows(events: pd.DataFrame, participants: pd.DataFrame, positions: np.ndarray) -> pd.DataFrame:
    """The table's columns for these event positions, in that order (``marked`` empty)."""
    chosen = events.iloc[positions][[*_FROM_EVENTS, "event_id", "place_id"]]
    ids = set(chosen["event_id"])
    people = participants.loc[
        participants["event_id"].isin(ids) & (participants["person"] != ""), ["event_id", "person"]
    ]
    names: dict[str, list[str]] = {}
    for event_id, person in zip(people["event_id"], people["person"], strict=True):
        names.setdefault(event_id, []).append(str(person))
    shown = chosen.assign(
        people=["; ".join(names.get(e, ())) for e in chosen["event_id"]], marked=""
    )
    return shown[[*TABLE_COLUMNS, "event_id", "place_id"]].reset_index(drop=True)


def events_table(
    events: pd.DataFrame,
    participants: pd.DataFrame,
    marked: pd.Series | None = None,
    limit: int = MAX_TABLE_ROWS,
    newest: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The rows the table shows: the marked events first, then the newest, ``limit`` in all.

    Columns: TABLE_COLUMNS plus ``event_id`` and ``place_id`` (kept for selection, not shown).
    Works on positions and copies only the rows shown: at 100,000 events it stays fast.
    ``newest``: this function's result for the same events with nothing marked (and the
    same limit), when the caller kept it; the unmarked rows are then taken from it, since
    the newest unmarked events are always among the newest ``limit`` events.
    """
    marked_ids = set() if marked is None else set(marked)
    if not marked_ids and newest is not None:
        return newest
    is_marked = _is_marked(events["event_id"], marked, marked_ids)
    first = _newest_first(events, np.flatnonzero(is_marked))[:limit]
    room = limit - first.size
    head = _rows(events, participants, first).assign(marked=MARK)
    if newest is not None:
        rest = newest[~newest["event_id"].isin(marked_ids)].head(max(room, 0))
        return _text(pd.concat([head, rest], ignore_index=True))
    rest = np.flatnonzero(~is_marked)
    if rest.size > room > 0:
        # The newest `room` of the rest (ties at the cut included), then ordered exactly.
        start = events["start_date"].to_numpy()[rest].astype("int64")
        cut = np.partition(start, start.size - room)[start.size - room]
        rest = rest[start >= cut]
    rest = _newest_first(events, rest)[: max(room, 0)]
    return _text(pd.concat([head, _rows(events, participants, rest)], ignore_index=True))


def _text(table: pd.DataFrame) -> pd.DataFrame:
    """The columns made here as text, whichever parts were empty when joined."""
    return table.astype({"people": "str", "marked": "str"})
