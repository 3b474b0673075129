"""The events-per-actor-over-time chart (Altair, which Streamlit ships)."""

from __future__ import annotations

import altair as alt
import pandas as pd

OTHER = "Other actors"


def timeline_frame(
    events: pd.DataFrame,
    participants: pd.DataFrame,
    actor_names: dict[str, str],
    top: int = 10,
) -> pd.DataFrame:
    """Events per actor per quarter; an event with three actors counts once for each.

    Only the ``top`` busiest actors keep their own colour; the rest are summed as 'Other actors'.
    """
    if events.empty:
        return pd.DataFrame(columns=["quarter", "actor", "events"])
    legs = participants.loc[
        participants["event_id"].isin(events["event_id"]), ["event_id", "actor_id"]
    ]
    legs = legs.drop_duplicates().merge(events[["event_id", "start_date"]], on="event_id")
    legs["quarter"] = legs["start_date"].dt.to_period("Q").dt.start_time
    legs["actor"] = legs["actor_id"].map(actor_names).fillna(legs["actor_id"])
    busiest = legs["actor"].value_counts().sort_index().sort_values(ascending=False, kind="stable")
    legs.loc[~legs["actor"].isin(busiest.index[:top]), "actor"] = OTHER
    counts = legs.groupby(["quarter", "actor"]).size().rename("events").reset_index()
    return counts.sort_values(["quarter", "actor"]).reset_index(drop=True)


def timeline_chart(frame: pd.DataFrame, colors: dict[str, str]) -> alt.Chart:
    """Stacked bars per quarter, one colour per actor (the map's colours)."""
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
