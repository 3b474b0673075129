"""What the user clicked on the map, as a small typed value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

SelectionKind = Literal["place", "arc", "country", "rel", "route"]
KINDS: tuple[str, ...] = ("place", "arc", "country", "rel", "route")


@dataclass(frozen=True)
class Selection:
    """A clicked feature: its kind and the id the layers gave it (e.g. 'place:KAZ:astana')."""

    kind: SelectionKind
    feature_id: str

    @property
    def parts(self) -> list[str]:
        return self.feature_id.split(":")


def parse_feature_id(feature_id: object) -> Selection | None:
    """A Selection for an id made by components.core.layers, else None."""
    if not isinstance(feature_id, str) or ":" not in feature_id:
        return None
    kind = feature_id.split(":", 1)[0]
    if kind not in KINDS or len(feature_id) > 300:
        return None
    return Selection(kind, feature_id)  # type: ignore[arg-type]


def from_map_output(output: dict[str, Any] | None) -> Selection | None:
    """The clicked feature in st_folium's return value (its 'last_active_drawing')."""
    if not output:
        return None
    drawing = output.get("last_active_drawing")
    if not isinstance(drawing, dict):
        return None
    properties = drawing.get("properties") or {}
    return parse_feature_id(properties.get("id") if isinstance(properties, dict) else None)


def click_count(output: dict[str, Any] | None) -> int:
    """How many clicks on features the map has seen since it was mounted."""
    if not output:
        return 0
    value = output.get("last_object_clicked_count")
    return value if isinstance(value, int) else 0
