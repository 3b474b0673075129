"""The trends chart as a Vega-Lite specification: one panel per power, side by side on one
scale, each power with its own line dash and point shape (not colour alone).

Written as a plain dict rather than built with Altair: Altair spends 40-50 ms assembling
and checking this layered, faceted chart on every rerun; the dict costs well under one.
Streamlit draws it with ``st.vega_lite_chart(data, spec)``. Pure: no Streamlit.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

SHAPES = ("circle", "square", "triangle-up", "diamond", "cross")
DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [1, 3])
# Width of each power's panel, by the number of powers.
PANEL_WIDTHS = {1: 480, 2: 400, 3: 270, 4: 200, 5: 160}
FALLBACK_COLOR = "#555555"


def chart_data(quarterly: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The rows the chart draws: quarter, its first day, the power's name, contacts."""
    return pd.DataFrame(
        {
            "quarter": quarterly["quarter"].to_numpy(),
            "quarter_start": quarterly["quarter_start"].dt.strftime("%Y-%m-%d").to_numpy(),
            "actor": [names.get(a, a) for a in quarterly["actor_id"]],
            "contacts": quarterly["contacts"].to_numpy(),
        }
    )


def trend_spec(
    quarterly: pd.DataFrame,
    names: dict[str, str],
    colors: dict[str, str],
    description: str,
) -> dict[str, Any]:
    """Vega-Lite for the quarterly contacts of ``quarterly`` (analysis.quarterly_contacts).

    ``description`` is the chart's text alternative (read out by screen readers).
    """
    ids = list(dict.fromkeys(quarterly["actor_id"]))
    order = [names.get(a, a) for a in ids]
    count = len(order)
    x = {"field": "quarter_start", "type": "temporal", "timeUnit": "yearquarter", "title": None}
    y = {"field": "contacts", "type": "quantitative", "title": "Contact events per quarter"}
    color = {
        "field": "actor",
        "type": "nominal",
        "scale": {"domain": order, "range": [colors.get(a, FALLBACK_COLOR) for a in ids]},
        "legend": None,
    }
    tooltip = [
        {"field": "actor", "type": "nominal", "title": "Power"},
        {"field": "quarter", "type": "nominal", "title": "Quarter"},
        {"field": "contacts", "type": "quantitative", "title": "Contact events"},
    ]
    return {
        "description": description,
        "facet": {
            "column": {
                "field": "actor",
                "type": "nominal",
                "sort": order,
                "title": None,
                "header": {"labelFontSize": 13},
            }
        },
        "spec": {
            "width": PANEL_WIDTHS.get(count, 160),
            "height": 200,
            "encoding": {"x": x, "y": y, "color": color, "tooltip": tooltip},
            "layer": [
                {
                    "mark": {"type": "line"},
                    "encoding": {
                        "strokeDash": {
                            "field": "actor",
                            "type": "nominal",
                            "scale": {"domain": order, "range": list(DASHES[:count])},
                            "legend": None,
                        }
                    },
                },
                {
                    "mark": {"type": "point", "filled": True, "size": 40},
                    "encoding": {
                        "shape": {
                            "field": "actor",
                            "type": "nominal",
                            "scale": {"domain": order, "range": list(SHAPES[:count])},
                            "legend": None,
                        }
                    },
                },
            ],
        },
        "resolve": {"scale": {"y": "shared", "x": "shared"}},
    }
