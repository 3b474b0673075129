"""Shared results stay as they were made: the app never mutates what every session sees.

st.cache_resource hands every session the same dataset, views and timeline frames. These
tests run the app through its interactions, keep every shared object it used, and compare
each with a fresh computation afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.core import ids
from components.core.dataset import FRAMES, Dataset, freeze, load_dataset, read_only
from components.core.export import to_csv_bytes, to_geojson_bytes
from components.core.standalone import standalone_html
from components.core.timeline import timeline_frame
from components.core.view import View, make_view
from components.ui import loading, shared
from tests.app.conftest import DASHBOARD
from tests.helpers import DATA


@dataclass
class Kept:
    """Every shared object the app was handed while it ran."""

    datasets: list[Dataset] = field(default_factory=list)
    views: list[View] = field(default_factory=list)
    other: list[tuple[str, Any, Callable[[], Any]]] = field(default_factory=list)


@pytest.fixture
def kept(monkeypatch: pytest.MonkeyPatch) -> Kept:
    """Wrap the shared accessors so that each object they return is kept."""
    out = Kept()

    def wrap(module: Any, name: str, keep: Callable[..., None]) -> None:
        original = getattr(module, name)

        def wrapper(*args: Any) -> Any:
            result = original(*args)
            keep(result, *args)
            return result

        monkeypatch.setattr(module, name, wrapper)

    wrap(loading, "load_data", lambda d: out.datasets.append(d))
    wrap(shared, "view_for", lambda v, *_: out.views.append(v))
    wrap(
        shared,
        "timeline_for",
        lambda r, d, v: out.other.append(
            ("timeline", r, lambda: timeline_frame(v.legs, d.events, d.actors))
        ),
    )
    return out


def assert_unchanged(kept: Kept, folder: Path) -> None:
    fresh = load_dataset(folder)
    assert kept.datasets, "the app loaded no dataset"
    for dataset in kept.datasets:
        for name in FRAMES:
            pd.testing.assert_frame_equal(getattr(dataset, name), getattr(fresh, name))
        assert dataset.boundaries == fresh.boundaries
        assert dataset.version == fresh.version
    assert kept.views, "the app made no view"
    for view in kept.views:
        again = make_view(fresh, view.filters)
        for f in fields(View):
            mine, theirs = getattr(view, f.name), getattr(again, f.name)
            if isinstance(mine, pd.DataFrame):
                pd.testing.assert_frame_equal(mine, theirs, obj=f"view.{f.name}")
            else:
                assert mine == theirs, f.name
    kinds = {kind for kind, _, _ in kept.other}
    assert kinds == {"timeline"}
    for kind, mine, make in kept.other:
        theirs = make()
        if isinstance(mine, pd.DataFrame):
            pd.testing.assert_frame_equal(mine, theirs, obj=kind, check_dtype=False)
        else:
            assert mine == theirs, kind


def test_interactions_leave_shared_results_unchanged(
    kept: Kept, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CADASH_DATA_DIR", raising=False)
    reference = load_dataset(DATA)
    rel = reference.relationships.iloc[0]
    route = reference.routes.iloc[0]
    selections = [
        "place:KAZ:astana",
        "arc:EU:KAZ:astana",
        "country:KAZ",
        ids.build("rel", rel["actor_id"], rel["iso3"]),
        ids.build("route", route["route_id"]),
    ]
    for sel in selections:
        at = AppTest.from_file(str(DASHBOARD), default_timeout=60)
        at.query_params["sel"] = sel
        at.run()
        assert not at.exception, sel
        at.sidebar.multiselect(key="flt_actors").set_value(["RUS", "CHN"]).run()
        at.sidebar.multiselect(key="flt_hosts").set_value(["KAZ"]).run()
        at.sidebar.text_input(key="flt_text").input("summit").run()
        at.sidebar.slider(key="flt_dates").set_value((date(2023, 1, 1), date(2025, 6, 30))).run()
        at.sidebar.button(key="flt_reset").click().run()
        assert not at.exception, sel
    # What the download buttons build when clicked, from the same shared objects.
    for view in kept.views:
        to_csv_bytes(view.events, view.participants)
        to_geojson_bytes(view, kept.datasets[0].actor_names)
        standalone_html(kept.datasets[0], view)
    assert len({v.filters for v in kept.views}) >= 5
    assert_unchanged(kept, DATA)


def test_the_unfiltered_view_is_the_dataset_itself(kept: Kept, app: AppTest) -> None:
    """No copy of the events for the default view: it holds the dataset's own buffers."""
    at = app.run()
    assert not at.exception
    dataset, view = kept.datasets[-1], kept.views[-1]
    for column in ("lat", "start_date", "place_code"):
        assert np.shares_memory(view.events[column].to_numpy(), dataset.events[column].to_numpy())
    assert len(view.events) == len(dataset.events)


def test_frozen_tables_refuse_in_place_writes(reference: Dataset) -> None:
    frozen = freeze(reference)
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(frozen, name), getattr(reference, name))
    events = frozen.events
    for column in ("lat", "start_date", "city", "place_code"):
        # pandas words it differently per dtype (for dates, as a resolution problem).
        with pytest.raises(ValueError, match=r"read-only|Incompatible"):
            events.loc[0, column] = events[column].iloc[1]
        series = events[column]
        values = (series.cat.codes if column == "city" else series).to_numpy()
        with pytest.raises(ValueError, match="read-only"):
            values[0] = values[1]
        assert events[column].iloc[0] == reference.events[column].iloc[0]
    with pytest.raises(ValueError, match="read-only"):
        frozen.legs["event_pos"].to_numpy()[:] = 0
    # No copy: the frozen tables are views of the loaded ones.
    assert np.shares_memory(frozen.events["lat"].to_numpy(), reference.events["lat"].to_numpy())
    again = read_only(frozen.events)
    pd.testing.assert_frame_equal(again, frozen.events)
