"""Defects found in review: data as template source, crafted ids, Polygon outlines, URL rules."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from components.core import ids
from components.core.basemap import build_base_map
from components.core.dataset import Dataset, load_dataset
from components.core.details import events_for, is_visible, relationship_rows, route_row
from components.core.errors import DataError
from components.core.escaping import script_json
from components.core.filters import Filters
from components.core.layers import event_layers
from components.core.selection import parse_feature_id
from components.core.urls import is_source_url, link_target
from components.core.view import make_view
from tests.helpers import edit_cell

COMPONENTS = Path(__file__).resolve().parents[2] / "components"


# ---------------------------------------------------------------- 1. data is never template source


@pytest.mark.parametrize(
    "name",
    ["{{ 7 * 7 }}", "{% for x in range(3) %}loop{% endfor %}", "two\nlines", "q'uote\\</script>"],
)
def test_actor_names_reach_the_legend_as_json_values(small_folder: Path, name: str) -> None:
    edit_cell(small_folder / "actors.csv", 0, "name", name)
    dataset = load_dataset(small_folder)
    view = make_view(dataset, Filters())
    fmap = build_base_map(dataset)
    groups = event_layers(
        view.places,
        view.arcs,
        view.relationships,
        dataset.actors,
        dataset.countries,
        highlighted=view.highlighted,
    )
    for group in groups:
        group.add_to(fmap)
    html = fmap.get_root().render()
    assert "looploop" not in html
    rows_json = html.split("var rows = ", 1)[1].split(";\n", 1)[0]
    rows = json.loads(rows_json)
    assert name in [r["label"] for r in rows]
    # What streamlit-folium sends on each rerun is these groups rendered the same way
    # (branca's second Jinja pass included); the browser test of hostile data checks it
    # in the running app (tests/browser/test_injection.py).


@pytest.mark.parametrize("payload", ["{{ 7 * 7 }}", "{% if true %}yes{% endif %}", "{# c #}"])
def test_event_text_reaches_the_map_layers_unevaluated(small_folder: Path, payload: str) -> None:
    edit_cell(small_folder / "events.csv", 0, "city", f"Astana {payload}")
    edit_cell(small_folder / "participants.csv", 0, "person", payload)
    dataset = load_dataset(small_folder)
    view = make_view(dataset, Filters())
    fmap = build_base_map(dataset)
    for group in event_layers(
        view.places, view.arcs, view.relationships, dataset.actors, dataset.countries
    ):
        group.add_to(fmap)
    html = fmap.get_root().render()
    assert "Astana 49" not in html
    assert "Astana yes" not in html
    assert "Astana {" + payload[1:] not in html  # only the \\u007b form reaches the page
    assert script_json("Astana " + payload)[1:-1] in html


def _template_sources(tree: ast.AST) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Template"
    ]


def _is_literal(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


@pytest.mark.parametrize("path", sorted(COMPONENTS.rglob("*.py")), ids=lambda p: p.name)
def test_every_template_is_a_literal_built_once(path: Path) -> None:
    """A Template's source is a string literal at class level, never built from values."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for call in _template_sources(tree):
        assert call.args, f"{path.name}:{call.lineno}"
        assert all(_is_literal(a) for a in call.args), f"{path.name}:{call.lineno}"
    for func in [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]:
        assert not _template_sources(func), f"{path.name}: Template() inside {func.name}()"


# ---------------------------------------------------------------- 2. crafted feature ids


MALFORMED = [
    "rel:x",
    "rel:a:b:c",
    "rel:",
    "arc:EU",
    "arc:EU:place:KAZ:astana",
    "place:KAZ",
    "place::",
    "route:",
    "route:a:b",
    "country:",
    "country:KAZ:x",
    "nope:KAZ",
    "",
    ":",
    "place:KAZ:" + "a" * 500,
]


@pytest.mark.parametrize("raw", MALFORMED)
def test_malformed_ids_parse_to_none(raw: str) -> None:
    assert parse_feature_id(raw) is None


def test_ids_round_trip_parts_with_colons() -> None:
    built = ids.build("rel", "ORG:X", "K%Z")
    parsed = ids.parse(built)
    assert parsed is not None
    assert parsed.parts == ("ORG:X", "K%Z")
    assert str(parsed) == built
    arc = ids.parse(ids.build("arc", "A:B", "KAZ", "astana"))
    assert arc is not None
    assert arc.place_id == "place:KAZ:astana"


@given(parts=st.lists(st.text(min_size=1, max_size=12), min_size=2, max_size=2))
def test_any_rel_parts_round_trip(parts: list[str]) -> None:
    parsed = ids.parse(ids.build("rel", *parts))
    assert parsed is not None
    assert list(parsed.parts) == parts


def test_well_formed_but_unknown_ids_are_harmless(reference: Dataset) -> None:
    view = make_view(reference, Filters())
    for raw in ["rel:x:y", "route:none", "country:XXX", "place:XXX:y", "arc:XX:YY:z"]:
        selection = parse_feature_id(raw)
        assert selection is not None
        assert not is_visible(
            selection, view.events, view.participants, view.relationships, reference
        )
    assert relationship_rows(parse_feature_id("rel:x:y"), reference.relationships).empty
    assert route_row(parse_feature_id("route:none"), reference.routes) is None
    assert events_for(parse_feature_id("arc:XX:YY:z"), view.events, view.participants).empty


# ---------------------------------------------------------------- 3. Polygon outlines


def _rewrite_boundaries(folder: Path, change) -> None:
    path = folder / "boundaries.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["features"])
    path.write_text(json.dumps(data), encoding="utf-8")


def test_polygon_features_load(small_folder: Path) -> None:
    def to_polygons(features: list[dict]) -> None:
        for feature in features:
            geometry = feature["geometry"]
            if geometry["type"] == "MultiPolygon":
                largest = max(geometry["coordinates"], key=lambda p: len(p[0]))
                feature["geometry"] = {"type": "Polygon", "coordinates": largest}

    _rewrite_boundaries(small_folder, to_polygons)
    dataset = load_dataset(small_folder)
    html = build_base_map(dataset, inline=True).get_root().render()
    assert '"Polygon"' in html


def test_broken_geometry_is_a_problem_by_feature(small_folder: Path) -> None:
    def break_some(features: list[dict]) -> None:
        features[2]["geometry"] = {"type": "Point", "coordinates": [1, 2]}
        features[4]["geometry"]["coordinates"] = "nonsense"

    _rewrite_boundaries(small_folder, break_some)
    with pytest.raises(DataError) as caught:
        load_dataset(small_folder)
    messages = [str(p) for p in caught.value.problems]
    assert any("feature 3" in m and "Polygon" in m for m in messages), messages
    assert any("feature 5" in m for m in messages), messages


# ---------------------------------------------------------------- 4. one URL rule


@pytest.mark.parametrize(
    "url",
    [
        "https://en.wikipedia.org/wiki/Astana_(city)",
        "https://example.org/it's",
        "http://example.org/a?b=c&d=(e)",
        "https://xn--80ak6aa92e.com/путь",
    ],
)
def test_a_valid_source_url_is_always_a_link(url: str) -> None:
    assert is_source_url(url)
    target = link_target(url)
    assert target is not None
    assert not set("()'") & set(target)


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "https://", "ftp://x.org", "https://a b.org", "https://x.org/<b>", ""],
)
def test_an_invalid_source_url_is_never_a_link(url: str) -> None:
    assert not is_source_url(url)
    assert link_target(url) is None


@given(st.text(max_size=60))
def test_validation_and_links_agree(text: str) -> None:
    assert is_source_url(text) == (link_target(text) is not None)
