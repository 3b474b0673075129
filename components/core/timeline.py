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
    names = actors["name"].to_numpy(dtype=object)
    kept = np.zeros(len(actors), dtype=bool)
    kept[busiest] = True
    labels = sorted(names[busiest].tolist() + ([OTHER] if not kept[codes].all() else []))
    slot = np.full(len(actors), labels.index(OTHER) if OTHER in labels else 0)
    slot[busiest] = [labels.index(n) for n in names[busiest].tolist()]
    # Quarters as integers (months since 1970 // 3): one bincount over (quarter, label).
    quarters = events["quarter"].to_numpy()
    months = quarters.astype("datetime64[M]").astype(np.int64)
    index = (months // 3)[legs["event_pos"].to_numpy()]
    first = int(index.min())
    cells = np.bincount((index - first) * len(labels) + slot[codes])
    present = np.flatnonzero(cells)
    quarter = ((present // len(labels) + first) * 3).astype("datetime64[M]")
    return pd.DataFrame(
        {
            "quarter": quarter.astype(quarters.dtype),
            "actor": np.array(labels, dtype=object)[present % len(labels)],
            "events": cells[present].astype(np.int64),
        }
    )


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
