from __future__ import annotations

import pandas as pd

from components.core.dataset import Dataset
from components.core.details import country_profile, events_for, is_visible
from components.core.filters import Filters
from components.core.selection import from_map_output, parse_feature_id
from components.core.timeline import OTHER, timeline_frame, timeline_spec
from components.core.view import make_view


def test_timeline_counts_each_actor_once_per_event_per_quarter(small: Dataset) -> None:
    frame = timeline_frame(small.legs, small.events, small.actors)
    cells = {(q.strftime("%Y-%m"), a): n for q, a, n in frame.itertuples(index=False)}
    assert cells[("2022-10", "European Union")] == 1
    assert cells[("2022-10", "Kazakhstan")] == 1
    assert cells[("2024-07", "Kazakhstan")] == 1
    assert frame["events"].sum() == len(small.legs)


def test_timeline_groups_all_but_the_busiest(small: Dataset) -> None:
    frame = timeline_frame(small.legs, small.events, small.actors, top=1)
    assert set(frame["actor"]) == {"Kazakhstan", OTHER}
    assert frame["events"].sum() == len(small.legs)
    spec = timeline_spec(frame, {"Kazakhstan": "#000000"})
    assert spec["mark"]["type"] == "bar"
    assert spec["encoding"]["color"]["scale"] == {
        "domain": ["Kazakhstan", OTHER],
        "range": ["#000000", "#999999"],
    }


def test_selection_from_the_map_value() -> None:
    output = {
        "last_active_drawing": {"properties": {"id": "place:KAZ:astana"}},
        "last_object_clicked_count": 2,
    }
    assert from_map_output(output) == parse_feature_id("place:KAZ:astana")
    assert from_map_output({"last_active_drawing": {"properties": {"id": "javascript:x"}}}) is None
    assert parse_feature_id("<img src=x>") is None
    assert parse_feature_id("country:KAZ") == parse_feature_id("country:KAZ")


def test_arc_selection_lists_that_actors_events_at_the_place(small: Dataset) -> None:
    view = make_view(small, Filters())
    chosen = events_for(parse_feature_id("arc:CHN:KAZ:astana"), view.events, view.participants)
    assert list(chosen["event_id"]) == ["e3"]
    visible = is_visible(
        parse_feature_id("arc:CHN:KAZ:astana"),
        view.events,
        view.participants,
        view.relationships,
        small,
    )
    assert visible
    hidden = make_view(small, Filters(end=pd.Timestamp("2023-01-01").date()))
    assert not is_visible(
        parse_feature_id("arc:CHN:KAZ:astana"),
        hidden.events,
        hidden.participants,
        hidden.relationships,
        small,
    )


def test_country_profile_counts_visitors_not_the_host(small: Dataset) -> None:
    profile = country_profile(small, small.events, "KAZ")
    assert profile is not None
    assert profile.hosted == 3
    assert "Kazakhstan" not in set(profile.hosted_by_actor["actor"])
    assert profile.abroad == 1
    assert country_profile(small, small.events, "XXX") is None


def test_the_table_sends_plain_text_not_categories(small: Dataset) -> None:
    """A categorical column would carry every category of the dataset to the browser."""
    from components.core.view import newest_events

    view = make_view(small, Filters())
    assert isinstance(view.events["title"].dtype, pd.CategoricalDtype)
    table = newest_events(view, ["start_date", "title", "city", "people"], 2)
    assert not any(isinstance(t, pd.CategoricalDtype) for t in table.dtypes)
    assert list(table["title"]) == ["Central Asia plus Japan summit", "SCO summit"]
    assert table["people"].iloc[1] == "Vladimir Putin; Xi Jinping; Kassym-Jomart Tokayev"
