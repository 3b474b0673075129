"""The events-per-actor-over-time chart: its data, and its Vega-Lite spec as plain data."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

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


def timeline_spec(frame: pd.DataFrame, colors: dict[str, str]) -> dict[str, Any]:
    """Stacked bars per quarter, one colour per actor (the map's colours), as Vega-Lite.

    Written as data rather than with Altair: Altair builds and validates the spec against
    its JSON schema on every rerun (most of the timeline's server time); this is the spec
    it produced, and ``st.vega_lite_chart`` draws it the same way.
    """
    actors = sorted(a for a in frame["actor"].unique() if a != OTHER)
    if (frame["actor"] == OTHER).any():
        actors.append(OTHER)
    quarter = {"field": "quarter", "type": "temporal", "timeUnit": "yearquarter"}
    events = {"field": "events", "type": "quantitative", "aggregate": "sum"}
    return {
        "mark": {"type": "bar"},
        "height": 260,
        "encoding": {
            "x": {**quarter, "title": "Quarter"},
            "y": {**events, "title": "Events (per actor taking part)"},
            "color": {
                "field": "actor",
                "type": "nominal",
                "title": "Actor",
                "scale": {"domain": actors, "range": [colors.get(a, "#999999") for a in actors]},
            },
            "tooltip": [
                {**quarter, "title": "Quarter"},
                {"field": "actor", "type": "nominal"},
                {**events, "title": "Events"},
            ],
        },
    }


def timeline_summary(frame: pd.DataFrame) -> str:
    """The chart in words (its text alternative): span, busiest actors, busiest quarter."""
    if frame.empty:
        return "No events under the current filters."
    quarters = pd.PeriodIndex(pd.to_datetime(frame["quarter"]), freq="Q")
    label = {q: f"{q.year} Q{q.quarter}" for q in set(quarters)}
    per_actor = frame.groupby("actor")["events"].sum()
    ranked = per_actor.drop(OTHER, errors="ignore").sort_values(ascending=False, kind="stable")
    top = ", ".join(f"{actor} {int(n)}" for actor, n in ranked.head(5).items())
    per_quarter = frame.assign(q=quarters).groupby("q")["events"].sum()
    busiest = per_quarter.idxmax()
    text = (
        f"Events per actor per quarter, {label[quarters.min()]} to {label[quarters.max()]}. "
        f"Most active: {top}."
    )
    if OTHER in per_actor.index:
        text += f" {OTHER}: {int(per_actor[OTHER])}."
    return text + (
        f" Busiest quarter: {label[busiest]} ({int(per_quarter[busiest])} actor-events)."
    )


def timeline_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The chart's numbers as a table: one row per quarter, one column per actor."""
    if frame.empty:
        return pd.DataFrame()
    quarters = pd.PeriodIndex(pd.to_datetime(frame["quarter"]), freq="Q").astype(str)
    wide = frame.assign(Quarter=quarters).pivot_table(
        index="Quarter", columns="actor", values="events", aggfunc="sum", fill_value=0
    )
    order = wide.sum().sort_values(ascending=False, kind="stable").index
    return wide[order].reset_index().rename_axis(columns=None)
