"""The 'Go to' list, the table's marked rows and the chart's text alternative."""

from __future__ import annotations

import pandas as pd
import pytest

from components.core.dataset import Dataset
from components.core.details import marked_events
from components.core.filters import Filters
from components.core.goto import targets
from components.core.selection import parse_feature_id
from components.core.table import MARK, events_table
from components.core.view import make_view


def test_every_feature_on_the_map_is_in_the_list(reference: Dataset) -> None:
    view = make_view(reference, Filters())
    found = {t.feature_id: t.label for t in targets(reference, view)}
    assert set(view.places["place_id"]) <= set(found)
    assert set(view.arcs["arc_id"]) <= set(found)
    assert {f"route:{r}" for r in reference.routes["route_id"]} <= set(found)
    assert {f"country:{c}" for c in reference.countries["iso3"]} <= set(found)
    rels = {k for k in found if k.startswith("rel:")}
    assert len(rels) == len(view.relationships[["actor_id", "iso3"]].drop_duplicates())
    assert found["place:KAZ:astana"].startswith("Place: Astana, Kazakhstan (")
    assert found["country:KAZ"] == "Country: Kazakhstan"
    # Every entry is a well-formed feature id.
    assert all(parse_feature_id(k) is not None for k in found)


def test_the_list_follows_the_filters(reference: Dataset) -> None:
    view = make_view(reference, Filters(actors=("JPN",)))
    found = {t.feature_id for t in targets(reference, view)}
    assert {k for k in found if k.startswith("place:")} == set(view.places["place_id"])
    assert all(k.startswith("arc:JPN:") for k in found if k.startswith("arc:"))


def test_marked_rows_per_kind_of_selection(small: Dataset) -> None:
    view = make_view(small, Filters())

    def marked(sel: str) -> set[str]:
        return set(marked_events(parse_feature_id(sel), view.events, view.participants))

    assert marked("place:KAZ:astana") == {"e1", "e3"}
    assert marked("arc:RUS:KAZ:astana") == {"e3"}
    assert marked("country:KAZ") == {"e1", "e3", "e4"}
    assert marked("rel:CHN:KAZ") == {"e3"}
    assert marked("route:cpc") == set()
    assert set(marked_events(None, view.events, view.participants)) == set()


def test_table_lists_marked_rows_first_then_the_newest(small: Dataset) -> None:
    view = make_view(small, Filters())
    table = events_table(
        view.events,
        view.participants,
        marked_events(parse_feature_id("place:CHN:xi-an"), view.events, view.participants),
    )
    assert list(table["event_id"]) == ["e2", "e4", "e3", "e1"]
    assert list(table["marked"]) == [MARK, "", "", ""]
    assert table.loc[0, "people"] == "Xi Jinping; Kassym-Jomart Tokayev"
    limited = events_table(view.events, view.participants, None, limit=2)
    assert list(limited["event_id"]) == ["e4", "e3"]


@pytest.mark.parametrize("limit", [1, 3, 50, 1000])
def test_table_from_the_kept_newest_rows_is_the_same_table(limit: int) -> None:
    """The map's table reuses its unmarked rows per view: the result may not change."""
    from components.core.dataset import DEFAULT_DATA_DIR, load_dataset

    data = load_dataset(DEFAULT_DATA_DIR)
    view = make_view(data, Filters())
    newest = events_table(view.events, view.participants, None, limit=limit)
    busiest = view.places.sort_values("events", ascending=False)["place_id"].tolist()
    for place_id in [*busiest[:5], *busiest[-3:]]:
        marked = marked_events(parse_feature_id(place_id), view.events, view.participants)
        plain = events_table(view.events, view.participants, marked, limit=limit)
        kept = events_table(view.events, view.participants, marked, limit=limit, newest=newest)
        pd.testing.assert_frame_equal(kept, plain)
        # Marked by codes (ids taken from the column) or by text: the same rows.
        as_text = pd.Series([str(e) for e in marked], dtype=object)
        by_text = events_table(view.events, view.participants, as_text, limit=limit)
        pd.testing.assert_frame_equal(by_text, plain)
    assert events_table(view.events, view.participants, None, limit=limit, newest=newest) is newest
