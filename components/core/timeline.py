"""The events-per-actor-over-time chart (Altair, which Streamlit ships)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    import altair as alt

OTHER = "Other actors"


def timeline_frame(
    legs: pd.DataFrame, events: pd.DataFrame, actors: pd.DataFrame, top: int = 10
) -> pd.DataFrame:
    """Events per actor per quarter from the filtered legs; an event counts once per actor.

    ``events`` is the whole indexed event table (legs point into it by position). Only the
    ``top`` busiest actors keep their own colour; the rest are summed as 'Other actors'.
    """
    if legs.empty:
        return pd.DataFrame(columns=["quarter", "actor", "events"])
    codes = legs["actor_code"].to_numpy()
    # Count on integer codes; names only for the few (quarter, actor) cells that remain.
    per_actor = np.bincount(codes, minlength=len(actors))
    busiest = np.argsort(-per_actor, kind="stable")[:top]
    busiest = busiest[per_actor[busiest] > 0]
    quarter = events["quarter"].to_numpy()[legs["event_pos"].to_numpy()]
    cells = pd.DataFrame({"quarter": quarter, "code": codes}).groupby(["quarter", "code"]).size()
    cells = cells.rename("events").reset_index()
    names = actors["name"].to_numpy()
    cells["actor"] = np.where(np.isin(cells["code"], busiest), names[cells["code"]], OTHER)
    counts = cells.groupby(["quarter", "actor"], as_index=False)["events"].sum()
    return counts.sort_values(["quarter", "actor"]).reset_index(drop=True)


def timeline_chart(frame: pd.DataFrame, colors: dict[str, str]) -> alt.Chart:
    """Stacked bars per quarter, one colour per actor (the map's colours)."""
    # Imported here: Altair is slow to import, and a first page shows its map before its chart.
    import altair as alt

    actors = sorted(a for a in frame["actor"].unique() if a != OTHER)
    if (frame["actor"] == OTHER).any():
        actors.append(OTHER)
    scale = alt.Scale(domain=actors, range=[colors.get(a, "#999999") for a in actors])
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("quarter:T", title="Quarter", timeUnit="yearquarter"),
            y=alt.Y("sum(events):Q", title="Events (per actor taking part)"),
            color=alt.Color("actor:N", scale=scale, title="Actor"),
            tooltip=[
                alt.Tooltip("quarter:T", timeUnit="yearquarter", title="Quarter"),
                alt.Tooltip("actor:N"),
                alt.Tooltip("sum(events):Q", title="Events"),
            ],
        )
        .properties(height=260)
    )
