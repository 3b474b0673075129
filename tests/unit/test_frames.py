"""Time on the map: frame labels, the frames of a period, one frame's view, the player."""

from __future__ import annotations

from datetime import date

import folium
import pandas as pd
import pytest

from components.core.dataset import Dataset, load_dataset
from components.core.filters import Filters
from components.core.frames import (
    Frame,
    TimeState,
    apply_action,
    frame_containing,
    frame_masks,
    frame_view,
    frames_between,
    neighbour,
    parse_frame,
    resolve,
    window_filters,
)
from components.core.layers import FADED_LAYER, actor_styles, event_layers, faded_features
from tests.analysis_fixture import make_analysis_folder

T = pd.Timestamp
YEAR = (date(2024, 1, 1), date(2024, 12, 31))


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return load_dataset(make_analysis_folder(tmp_path_factory.mktemp("frames") / "data"))


@pytest.mark.parametrize(
    ("text", "label", "start", "end"),
    [
        ("2024-Q3", "2024-Q3", "2024-07-01", "2024-09-30"),
        ("2024 q3", "2024-Q3", "2024-07-01", "2024-09-30"),
        ("Q3 2024", "2024-Q3", "2024-07-01", "2024-09-30"),
        ("2024q1", "2024-Q1", "2024-01-01", "2024-03-31"),
        ("2024-07", "2024-07", "2024-07-01", "2024-07-31"),
        ("2024/2", "2024-02", "2024-02-01", "2024-02-29"),
        (" 2023-12 ", "2023-12", "2023-12-01", "2023-12-31"),
    ],
)
def test_parse_frame(text: str, label: str, start: str, end: str) -> None:
    assert parse_frame(text) == Frame(label, T(start), T(end))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "soon",
        "2024-13",
        "2024-00",
        "2024-Q5",
        "2024-Q0",
        "1899-Q1",
        "2024",
        "2024-07-01",
        None,
        2024,
        "2" * 50,
    ],
)
def test_parse_frame_rejects(text: object) -> None:
    assert parse_frame(text) is None


def test_frame_step() -> None:
    assert frame_containing(date(2024, 8, 15), "quarter").step == "quarter"
    assert frame_containing(date(2024, 8, 15), "month") == Frame(
        "2024-08", T("2024-08-01"), T("2024-08-31")
    )
    with pytest.raises(ValueError, match="unknown step"):
        frame_containing(date(2024, 8, 15), "week")


def test_frames_between() -> None:
    quarters = frames_between(date(2024, 2, 15), date(2024, 8, 1), "quarter")
    assert [f.label for f in quarters] == ["2024-Q1", "2024-Q2", "2024-Q3"]
    months = frames_between(date(2024, 2, 15), date(2024, 8, 1), "month")
    assert [f.label for f in months] == [f"2024-{m:02d}" for m in range(2, 9)]
    assert [f.label for f in frames_between(date(2024, 5, 5), date(2024, 5, 5), "month")] == [
        "2024-05"
    ]
    assert frames_between(date(2024, 8, 1), date(2024, 2, 15), "quarter") == []


def test_resolve_and_neighbour() -> None:
    quarters = frames_between(*YEAR, "quarter")
    months = frames_between(*YEAR, "month")
    assert resolve(quarters, "2024-08", "quarter").label == "2024-Q3"  # type: ignore[union-attr]
    assert resolve(months, "2024-Q3", "month").label == "2024-07"  # type: ignore[union-attr]
    assert resolve(quarters, "2019-Q1", "quarter").label == "2024-Q1"  # type: ignore[union-attr]
    assert resolve(quarters, "2030-Q1", "quarter").label == "2024-Q4"  # type: ignore[union-attr]
    assert resolve(quarters, "rubbish", "quarter").label == "2024-Q1"  # type: ignore[union-attr]
    assert resolve([], "2024-Q1", "quarter") is None
    assert neighbour(quarters, quarters[0], -1).label == "2024-Q1"
    assert neighbour(quarters, quarters[0], 2).label == "2024-Q3"
    assert neighbour(quarters, quarters[3], 1).label == "2024-Q4"


def test_window_filters_stay_inside_the_period() -> None:
    filters = Filters(start=date(2024, 2, 15), end=date(2024, 8, 1), actors=("RUS",))
    current, earlier = window_filters(filters, parse_frame("2024-Q1"))  # type: ignore[arg-type]
    assert (current.start, current.end, current.actors) == (
        date(2024, 2, 15),
        date(2024, 3, 31),
        ("RUS",),
    )
    assert earlier is None
    current, earlier = window_filters(filters, parse_frame("2024-Q3"))  # type: ignore[arg-type]
    assert (current.start, current.end) == (date(2024, 7, 1), date(2024, 8, 1))
    assert earlier is not None
    assert (earlier.start, earlier.end, earlier.actors) == (
        date(2024, 2, 15),
        date(2024, 6, 30),
        ("RUS",),
    )


def test_frame_view_shows_the_frame_and_fades_the_earlier_events(data: Dataset) -> None:
    filters = Filters(start=YEAR[0], end=YEAR[1])
    q4 = frame_view(data, filters, parse_frame("2024-Q4"))  # type: ignore[arg-type]
    assert q4.events["event_id"].tolist() == ["m1"]
    assert q4.places["place_id"].tolist() == ["place:CHN:chengdu"]
    assert q4.faded is not None
    # Earlier in 2024, all in Astana: v3, s1, ca, ca2 (s1b sits inside its summit there).
    assert q4.faded[["place_id", "events"]].values.tolist() == [["place:KAZ:astana", 4]]
    q3 = frame_view(data, filters, parse_frame("2024-Q3"))  # type: ignore[arg-type]
    assert q3.events["event_id"].tolist() == ["v3", "s1", "s1b", "ca", "ca2"]
    assert q3.faded is None  # nothing earlier in the period
    q1 = frame_view(data, filters, parse_frame("2024-Q1"))  # type: ignore[arg-type]
    assert q1.events.empty
    assert q1.faded is None


def test_an_event_running_into_the_frame_belongs_to_the_frame(data: Dataset) -> None:
    filters = Filters(start=YEAR[0], end=YEAR[1])
    # A window that opens on the SCO summit's second day (3 to 4 July).
    window = Frame("2024-07-04", T("2024-07-04"), T("2024-07-31"))
    now, earlier = frame_masks(data, filters, window)
    ids = data.events["event_id"]
    assert ids[now].tolist() == ["s1"]
    assert earlier is not None
    assert ids[earlier].tolist() == ["v3", "s1b"]
    first, none = frame_masks(data, filters, parse_frame("2024-Q1"))  # type: ignore[arg-type]
    assert none is None
    assert not first.any()


def test_faded_places_draw_pale_and_cannot_be_selected(data: Dataset) -> None:
    view = frame_view(data, Filters(start=YEAR[0], end=YEAR[1]), parse_frame("2024-Q4"))  # type: ignore[arg-type]
    assert view.faded is not None
    features = faded_features(
        view.faded, data.actor_names, actor_styles(view.highlighted, data.actors)
    )
    assert len(features) == 1
    assert "id" not in features[0]["properties"]
    assert features[0]["properties"]["tip"].startswith("Earlier in the period<br><b>Astana</b>")
    groups = event_layers(
        view.places, view.arcs, view.relationships, data.actors, data.countries, faded=view.faded
    )
    assert [g.layer_name for g in groups] == [
        "Relationships",
        FADED_LAYER,
        "Actor arcs",
        "Event places",
        "Legend",
    ]
    fmap = folium.Map(tiles=None)
    for group in groups:
        group.add_to(fmap)
    html = fmap.get_root().render()
    assert "cadash-faded" in html
    assert "fillOpacity: 0.15" in html
    plain = event_layers(view.places, view.arcs, view.relationships, data.actors, data.countries)
    assert FADED_LAYER not in [g.layer_name for g in plain]


def test_player_steps_and_pauses() -> None:
    start = TimeState("quarter", "2024-Q2", playing=True)
    assert apply_action(start, ("next",), *YEAR) == TimeState("quarter", "2024-Q3", False)
    assert apply_action(start, ("prev",), *YEAR) == TimeState("quarter", "2024-Q1", False)
    first = TimeState("quarter", "2024-Q1")
    assert apply_action(first, ("prev",), *YEAR).label == "2024-Q1"
    assert apply_action(start, ("pause",), *YEAR) == TimeState("quarter", "2024-Q2", False)
    # No action: only brought in range.
    assert apply_action(TimeState("quarter", ""), None, *YEAR) == TimeState("quarter", "2024-Q1")
    assert apply_action(TimeState("month", "2024-Q3"), None, *YEAR).label == "2024-07"


def test_player_plays_to_the_end_and_stops() -> None:
    state = apply_action(TimeState("quarter", "2024-Q2"), ("play",), *YEAR)
    assert state == TimeState("quarter", "2024-Q2", True)
    state = apply_action(state, ("tick",), *YEAR)
    assert state == TimeState("quarter", "2024-Q3", True)
    state = apply_action(state, ("tick",), *YEAR)
    assert state == TimeState("quarter", "2024-Q4", False)  # stopped on the last frame
    assert apply_action(state, ("tick",), *YEAR) == state  # a late tick does nothing
    # Play on the last frame starts again from the first.
    assert apply_action(state, ("play",), *YEAR) == TimeState("quarter", "2024-Q1", True)


def test_player_goes_to_a_typed_period() -> None:
    state = TimeState("quarter", "2024-Q2", playing=True)
    assert apply_action(state, ("goto", "2024-07"), *YEAR) == TimeState("month", "2024-07")
    assert apply_action(state, ("goto", "Q4 2024"), *YEAR) == TimeState("quarter", "2024-Q4")
    outside = apply_action(state, ("goto", "2030-Q1"), *YEAR)
    assert outside.label == "2024-Q4"
    assert outside.notice == (
        "2030-Q1 is outside the chosen period (2024-01-01 to 2024-12-31); showing 2024-Q4"
    )
    bad = apply_action(state, ("goto", "soon"), *YEAR)
    assert bad == TimeState(
        "quarter", "2024-Q2", False, "'soon' is not a month (2024-07) or a quarter (2024-Q3)"
    )


def test_player_without_frames() -> None:
    state = apply_action(TimeState("quarter", "2024-Q2", True), ("next",), YEAR[1], YEAR[0])
    assert state == TimeState("quarter", "", False)
