"""Exports of what the user sees: CSV in the import format, GeoJSON, standalone HTML."""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING

import pandas as pd

from components.core.schema import columns

if TYPE_CHECKING:
    from components.core.view import View

if TYPE_CHECKING:
    from components.core.view import View

# One-file format for import and export: the events table plus its participants in one
# column, 'ACTOR|person|role' entries separated by ';'.
PARTICIPANTS_COLUMN = "participants"
EXPORT_COLUMNS = [*columns("events"), PARTICIPANTS_COLUMN]
NUMERIC_COLUMNS = {"lat", "lon"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Defuse spreadsheet formulas: a cell starting with = + - @ tab or CR gets a leading '."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def unneutralise(value: str) -> str:
    """Undo :func:`neutralise`, so an export re-imports to the same rows."""
    return (
        value[1:]
        if value.startswith("'") and value[1:2] and value[1:].startswith(_FORMULA_START)
        else value
    )


def export_frame(events: pd.DataFrame, participants: pd.DataFrame) -> pd.DataFrame:
    """Events as strings in the one-file format, participants folded into one column."""
    out = pd.DataFrame(index=events.index)
    for name in columns("events"):
        series = events[name]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[name] = series.dt.strftime("%Y-%m-%d")
        elif name in NUMERIC_COLUMNS:
            out[name] = series.map(lambda v: f"{float(v):.4f}".rstrip("0").rstrip("."))
        else:
            out[name] = series.astype(str)
    legs = participants[participants["event_id"].isin(events["event_id"])]
    folded = legs.assign(
        entry=legs["actor_id"].str.replace("|", "/")
        + "|"
        + legs["person"].str.replace("|", "/").str.replace(";", ",")
        + "|"
        + legs["role"].str.replace("|", "/").str.replace(";", ",")
    )
    cell = folded.groupby("event_id", sort=False)["entry"].agg("; ".join)
    out[PARTICIPANTS_COLUMN] = events["event_id"].map(cell).fillna("")
    return out.reset_index(drop=True)


def to_csv_bytes(events: pd.DataFrame, participants: pd.DataFrame) -> bytes:
    """CSV (UTF-8) of the events, formula-neutralised in every text column."""
    frame = export_frame(events, participants)
    for name in frame.columns:
        if name not in NUMERIC_COLUMNS:
            frame[name] = frame[name].map(neutralise)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def to_geojson_bytes(view: View, actor_names: dict[str, str]) -> bytes:
    """The visible places and arcs as one FeatureCollection with plain, readable properties."""
    from components.core.layers import arc_features

    features = []
    for row in view.places.itertuples(index=False):
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(row.lon), float(row.lat)]},
                "properties": {
                    "id": str(row.place_id),
                    "kind": "place",
                    "city": str(row.city),
                    "country": str(row.country),
                    "events": int(row.events),
                    "first": row.first.strftime("%Y-%m-%d"),
                    "last": row.last.strftime("%Y-%m-%d"),
                    "actors": [actor_names.get(a, a) for a in str(row.actors).split("|") if a],
                },
            }
        )
    for feature in arc_features(view.arcs, actor_names):
        arc_id = feature["properties"]["id"]
        actor = arc_id.split(":", 2)[1]
        features.append(
            {
                "type": "Feature",
                "geometry": feature["geometry"],
                "properties": {
                    "id": arc_id,
                    "kind": "arc",
                    "actor": actor_names.get(actor, actor),
                    "events": feature["properties"]["n"],
                },
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")
