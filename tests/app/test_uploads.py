"""Uploads through the app (issues 15 and 16): no file stops the page, accepted events show,
uploads of one session never collide, and nothing of an upload outlives it."""

from __future__ import annotations

import gc
import weakref
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.caching import cache_data_api, cache_resource_api
from streamlit.testing.v1 import AppTest

from components.core.dataset import Dataset
from components.core.escaping import WORD_JOINER
from components.core.userfiles import ImportResult, read_upload
from tests.app.test_dashboard import metrics, table_ids
from tests.helpers import edit_cell
from tests.hostile import (
    csv_bytes,
    deep_json,
    far_dates_csv,
    huge_number_json,
    later_events_csv,
    rows,
)

LAST_DAY = date(2024, 8, 9)  # the small folder's last event ends on this day
CSV = "text/csv"


def uploader(at: AppTest):
    return at.file_uploader(key="import_files")


def sidebar_text(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("error", "warning", "success", "info", "caption")
        for e in getattr(at.sidebar, kind)
    ]
    return " | ".join(parts).replace("\\", "").replace("**", "").replace(WORD_JOINER, "")


@pytest.mark.parametrize(
    ("name", "raw", "says"),
    [
        ("deep.json", deep_json(), "is nested too deeply"),
        ("huge.json", huge_number_json(), "has a number 5,000 characters long"),
    ],
)
def test_a_file_the_parser_cannot_take_never_stops_the_page(
    app: AppTest, name: str, raw: bytes, says: str
) -> None:
    at = app.run()
    uploader(at).set_value((name, raw, "application/json")).run()
    assert not at.exception
    assert says in sidebar_text(at)
    assert metrics(at)["Events"] == "4"
    # Later reruns (the file stays in the uploader) and a second, good upload still work.
    at.sidebar.multiselect(key="flt_actors").set_value(["CHN"]).run()
    assert not at.exception
    assert metrics(at)["Events"] == "2"
    at.sidebar.multiselect(key="flt_actors").set_value([]).run()
    uploader(at).set_value([(name, raw, "application/json"), ("good.csv", csv_bytes(rows(2)), CSV)])
    at.run()
    assert not at.exception
    assert metrics(at)["Events"] == "6"
    assert "good.csv: 2 event(s) added" in sidebar_text(at)
    assert says in sidebar_text(at)


def test_dates_the_slider_cannot_show_are_rejected_and_the_page_works(app: AppTest) -> None:
    at = app.run()
    uploader(at).set_value(("far.csv", far_dates_csv(), CSV)).run()
    assert not at.exception
    assert "'1600-01-01' is outside the dates this dashboard covers" in sidebar_text(at)
    assert metrics(at)["Events"] == "5"
    slider = at.sidebar.slider(key="flt_dates")
    assert slider.value == (date(2022, 10, 27), date(2025, 3, 10))


def test_a_data_folder_with_far_dates_shows_its_problem(app: AppTest, small_folder: Path) -> None:
    edit_cell(small_folder / "events.csv", 0, "start_date", "2300-01-01")
    edit_cell(small_folder / "events.csv", 0, "end_date", "2300-01-01")
    at = app.run()
    assert not at.exception
    assert "2300\\-01\\-01' is outside the dates" in at.error[0].value
    assert not at.metric


def test_an_unexpected_error_loading_the_folder_is_listed_not_shown(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_folder: Path) -> None:
        raise OverflowError("a bug")

    monkeypatch.setattr("components.ui.loading.load_dataset", broken)
    at = app.run()
    assert not at.exception
    assert "could not be loaded: an unexpected error (OverflowError)" in at.error[0].value.replace(
        "\\", ""
    )


def test_uploaded_events_after_the_last_day_show_without_touching_a_filter(app: AppTest) -> None:
    at = app.run()
    uploader(at).set_value(("later.csv", later_events_csv(LAST_DAY), CSV)).run()
    assert not at.exception
    assert metrics(at)["Events"] == "6"
    assert "later meeting 1" in table_ids(at)
    assert at.sidebar.slider(key="flt_dates").value[1] == date(2024, 8, 11)
    assert not at.sidebar.info


def test_a_date_range_the_user_set_stays_and_says_what_it_hides(app: AppTest) -> None:
    at = app.run()
    at.sidebar.slider(key="flt_dates").set_value((date(2023, 1, 1), date(2024, 7, 31))).run()
    uploader(at).set_value(("later.csv", later_events_csv(LAST_DAY), CSV)).run()
    assert not at.exception
    assert at.sidebar.slider(key="flt_dates").value == (date(2023, 1, 1), date(2024, 7, 31))
    assert metrics(at)["Events"] == "2"
    notice = at.sidebar.info[0].value
    assert "hides 2 of the 2 events you uploaded" in notice
    # An end left at the data's edge follows it; the start the user moved stays.
    at.sidebar.slider(key="flt_dates").set_value((date(2023, 1, 1), date(2024, 8, 11))).run()
    more = later_events_csv(date(2025, 1, 1), prefix="more")
    uploader(at).set_value(
        [("later.csv", later_events_csv(LAST_DAY), CSV), ("more.csv", more, CSV)]
    )
    at.run()
    assert at.sidebar.slider(key="flt_dates").value == (date(2023, 1, 1), date(2025, 1, 3))
    assert not at.sidebar.info


def test_a_copy_under_another_name_is_rejected_and_the_page_works(app: AppTest) -> None:
    raw = csv_bytes(rows(3, "pair"))
    at = app.run()
    uploader(at).set_value([("a.csv", raw, CSV), ("b.csv", raw, CSV)]).run()
    assert not at.exception
    assert metrics(at)["Events"] == "7"
    text = sidebar_text(at)
    assert "a.csv: 3 event(s) added" in text
    assert "b.csv: 0 event(s) added, 3 row(s) rejected" in text
    assert "'pair-0' is already added by a.csv" in text
    # Without the first file, the second one's events are added.
    uploader(at).set_value(("b.csv", raw, CSV)).run()
    assert not at.exception
    assert metrics(at)["Events"] == "7"
    assert "b.csv: 3 event(s) added" in sidebar_text(at)


def test_nothing_of_an_upload_outlives_it(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[weakref.ref] = []

    def recording(*args: object, **kwargs: object) -> ImportResult:
        result = read_upload(*args, **kwargs)
        made.append(weakref.ref(result.events))
        return result

    monkeypatch.setattr("components.ui.uploads.read_upload", recording)
    at = app.run()
    uploader(at).set_value(("mine.csv", csv_bytes(rows(3)), CSV)).run()
    assert metrics(at)["Events"] == "7"
    # Nothing made from the upload sits in a cache that every session shares.
    cached = [
        stat.cache_name
        for provider in (
            cache_data_api.get_data_cache_stats_provider(),
            cache_resource_api.get_resource_cache_stats_provider(),
        )
        for family in provider.get_stats().values()
        for stat in family
    ]
    assert cached, "the reference data's cache should be listed"
    # The one upload cache is the session-scoped store (`scope="session"`): every session
    # gets its own, so nothing of this upload is shared.
    shared = [name for name in cached if "upload" in name and not name.endswith(".session_uploads")]
    assert not shared, cached
    # Removing the file drops what it made.
    uploader(at).set_value(None).run()
    assert metrics(at)["Events"] == "4"
    gc.collect()
    assert made[0]() is None
    # So does the end of the session: Streamlit clears its session-scoped caches.
    uploader(at).set_value(("mine.csv", csv_bytes(rows(3)), CSV)).run()
    assert metrics(at)["Events"] == "7"
    assert made[1]() is not None
    st.cache_resource.clear()
    gc.collect()
    assert made[1]() is None


def test_the_dataset_an_upload_makes_is_not_kept_after_the_file_is_removed(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Views, timelines and filter choices of a session's own data stay in the session (a
    shared cache would keep the uploaded data alive for other sessions' sake), and the page
    context of the run before does not hold on to it either."""
    from components.core import dataset as dataset_module
    from components.core import view as view_module
    from components.core.filters import Filters
    from components.core.view import View

    made: list[weakref.ref] = []
    combined: list[weakref.ref] = []

    def recording(*args: object, **kwargs: object) -> Dataset:
        extended = dataset_module.extend(*args, **kwargs)
        combined.append(weakref.ref(extended))
        made.append(weakref.ref(extended.events))
        return extended

    def viewing(dataset: Dataset, filters: Filters) -> View:
        view = view_module.make_view(dataset, filters)
        if any(ref() is dataset for ref in combined):  # a view of the data with the upload
            made.append(weakref.ref(view.events))
        return view

    monkeypatch.setattr("components.ui.uploads.extend", recording)
    monkeypatch.setattr("components.ui.shared.make_view", viewing)
    at = app.run()
    uploader(at).set_value(("mine.csv", csv_bytes(rows(3)), CSV)).run()
    assert metrics(at)["Events"] == "7"
    assert len(made) >= 2
    assert all(ref() is not None for ref in made)
    uploader(at).set_value(None).run()
    assert metrics(at)["Events"] == "4"
    gc.collect()
    assert [ref for ref in made if ref() is not None] == []


def test_repeated_url_parameters_are_all_used_with_a_notice(app: AppTest) -> None:
    app.query_params["actors"] = ["RUS", "CHN"]
    app.query_params["q"] = ["x", "summit"]
    at = app.run()
    assert not at.exception
    assert at.sidebar.multiselect(key="flt_actors").value == ["RUS", "CHN"]
    assert at.sidebar.text_input(key="flt_text").value == "summit"
    text = sidebar_text(at)
    assert "URL parameter 'actors' was given 2 times; all its values are used" in text
    assert "URL parameter 'q' was given 2 times; the last one is used" in text
    assert at.query_params["actors"] == "RUS,CHN"


@pytest.mark.parametrize("param", ["actors", "host", "from", "[x](https://evil.example/k)"])
def test_url_text_is_shown_as_plain_text(app: AppTest, param: str) -> None:
    link = "[Session expired - log in again](https://evil.example/login)"
    app.query_params[param] = link if param != "[x](https://evil.example/k)" else "1"
    at = app.run()
    assert not at.exception
    (notice,) = [w.value for w in at.sidebar.warning]
    # Escaped, and the autolink a Markdown renderer finds in 'https://' is broken.
    assert "https://" not in notice.replace("\\", "")
    assert "https:" + WORD_JOINER + "//evil" in notice.replace("\\", "")
    assert "\\[" in notice
