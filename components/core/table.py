"""The events table as data: which rows, in which order, marked for the map's selection."""

from __future__ import annotations

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
# In the "Selected" column: the row belongs to the map's selection.
MARK = "◉ yes"
MAX_TABLE_ROWS = 1000


def events_table(
    events: pd.DataFrame,
    participants: pd.DataFrame,
    marked: pd.Series | None = None,
    limit: int = MAX_TABLE_ROWS,
) -> pd.DataFrame:
    """The rows the table shows: the marked events first, then the newest, ``limit`` in all.

    Columns: TABLE_COLUMNS plus ``event_id`` and ``place_id`` (kept for selection, not shown).
    """
    marked_ids = set() if marked is None else set(marked)
    is_marked = events["event_id"].isin(marked_ids)
    chosen = pd.concat(
        [
            events[is_marked].sort_values(["start_date", "event_id"], ascending=[False, True]),
            # nlargest, not a full sort: at 100,000 events it is several times faster.
            events[~is_marked]
            .nlargest(limit, "start_date")
            .sort_values(["start_date", "event_id"], ascending=[False, True]),
        ]
    ).head(limit)
    people = participants[participants["event_id"].isin(chosen["event_id"])]
    names = (
        people[people["person"] != ""]
        .astype({"person": str})
        .groupby("event_id", sort=False)["person"]
    )
    shown = chosen.assign(
        people=chosen["event_id"].map(names.agg("; ".join)).fillna(""),
        marked=chosen["event_id"].isin(marked_ids).map({True: MARK, False: ""}),
    )
    return shown[[*TABLE_COLUMNS, "event_id", "place_id"]].reset_index(drop=True)
