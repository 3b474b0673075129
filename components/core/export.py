"""Exports of what the user sees: CSV in the import format, GeoJSON, standalone HTML."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

import pandas as pd

from components.core.dataset import confirmation_label
from components.core.fileformat import (
    NUMERIC_COLUMNS,
    PARTICIPANTS_COLUMN,
    fold_participants,
    neutralise,
    write_csv,
)
from components.core.ids import parse
from components.core.schema import columns

if TYPE_CHECKING:
    from components.core.view import View


def export_frame(
    events: pd.DataFrame, participants: pd.DataFrame, sources: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Events as strings in the one-file format, participants folded into one column; with
    ``sources``, every source read and how strongly each event is confirmed."""
    out = pd.DataFrame(index=events.index)
    for name in columns("events"):
        series = events[name]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[name] = series.dt.strftime("%Y-%m-%d")
        elif name in NUMERIC_COLUMNS:
            out[name] = series.map(lambda v: f"{float(v):.4f}".rstrip("0").rstrip("."))
        else:
            out[name] = series.astype(str)
    out[PARTICIPANTS_COLUMN] = fold_participants(events["event_id"], participants)
    if sources is not None:
        listed = sources[sources["event_id"].isin(events["event_id"])].astype(str)
        urls = listed.groupby("event_id")["url"].agg(" ".join)
        ids = events["event_id"].astype(str)
        out["sources"] = (
            ids.map(urls).astype(object).fillna(events["source_url"].astype(str)).to_numpy()
        )
        out["confirmation"] = [
            confirmation_label(int(n), bool(o))
            for n, o in zip(events["n_sources"], events["official_source"], strict=True)
        ]
    return out.reset_index(drop=True)


def to_csv_bytes(
    events: pd.DataFrame, participants: pd.DataFrame, sources: pd.DataFrame | None = None
) -> bytes:
    """CSV (UTF-8) of the events in the one-file format, safe to open in a spreadsheet."""
    return write_csv(export_frame(events, participants, sources))


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
        parsed = parse(arc_id)
        actor = parsed.part("actor") if parsed else ""
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


def _csv_cell(value: object) -> str:
    """One cell of a shown table: dates as YYYY-MM-DD, whole numbers without decimals."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(round(value, 6))
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def table_csv_bytes(frame: pd.DataFrame) -> bytes:
    """A table as a page shows it, as CSV (UTF-8): its columns and rows, nothing else.

    Missing values are empty cells; text a spreadsheet would run as a formula is prefixed
    with ``'``; numbers are written as numbers (a minus sign is not a formula here).
    """
    out = pd.DataFrame({name: [_csv_cell(v) for v in frame[name].tolist()] for name in frame})
    out = out.reindex(columns=list(frame.columns))
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    return buffer.getvalue().encode("utf-8")
