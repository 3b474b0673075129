"""What the user selected on the map (or by keyboard), as a small typed value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from components.core import ids


@dataclass(frozen=True)
class Selection:
    """A selected feature: its id as the layers gave it, and the parsed form."""

    feature: ids.FeatureId

    @property
    def kind(self) -> str:
        return self.feature.kind

    @property
    def feature_id(self) -> str:
        return str(self.feature)

    def part(self, name: str) -> str:
        return self.feature.part(name)


def parse_feature_id(feature_id: object) -> Selection | None:
    """A Selection for a well-formed feature id, else None."""
    parsed = ids.parse(feature_id)
    return Selection(parsed) if parsed else None


def from_map_output(output: dict[str, Any] | None) -> Selection | None:
    """The clicked feature in st_folium's return value (its 'last_active_drawing')."""
    if not isinstance(output, dict):
        return None
    drawing = output.get("last_active_drawing")
    if not isinstance(drawing, dict):
        return None
    properties = drawing.get("properties") or {}
    return parse_feature_id(properties.get("id") if isinstance(properties, dict) else None)


def click_count(output: dict[str, Any] | None) -> int:
    """How many clicks on features the map has seen since it was mounted."""
    if not isinstance(output, dict):
        return 0
    value = output.get("last_object_clicked_count")
    return value if isinstance(value, int) else 0
