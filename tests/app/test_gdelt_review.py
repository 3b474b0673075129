"""GDELT through the app (issue 14): a GDELT file never reaches the map unapproved; the review
queue lists its candidates, links each repeat to the event it repeats, and approval adds it.
The review queue's article input turns every failure into a message (issue 15)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.core import review as review_core
from tests.app.test_dashboard import metrics
from tests.app.test_uploads import sidebar_text
from tests.unit.test_gdelt_review import line, raw

GDELT = raw(
    line("1", "20240601", "042", "RUS", "KAZ"),
    line("2", "20240601", "043", "KAZ", "RUS"),  # the same visit, coded from the host's side
    line("3", "20240704", "044", "RUS", "CHN"),  # e3 of the small folder: the SCO summit
)
NAME = "20240601.export.CSV"


def _app() -> None:
    """dashboard.py's run, with the page picked by session state (AppTest.switch_page opens
    only pages that are files)."""
    import streamlit as st

    from components.ui import map_page, review, shared
    from components.ui.context import publish
    from components.ui.loading import load_data
    from components.ui.sidebar import filter_sidebar
    from components.ui.uploads import import_panel

    filters_box = st.sidebar.container()
    dataset = review.with_approved(import_panel(load_data()))
    filters = filter_sidebar(
        shared.filter_choices(dataset),
        dataset.actor_names,
        dataset.country_names,
        filters_box,
        dataset.events,
    )
    publish(dataset, filters)
    {"map": map_page.render, "review": review.render}[st.session_state.get("_page", "map")]()


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch, small_folder: Path) -> AppTest:
    monkeypatch.setenv("CADASH_DATA_DIR", str(small_folder))
    at = AppTest.from_function(_app, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def _open(at: AppTest, page: str) -> None:
    at.session_state["_page"] = page
    at.run()
    assert not at.exception


def _checks(at: AppTest):
    (table,) = [d.value for d in at.dataframe if "check" in d.value.columns]
    return table


def _links(at: AppTest) -> list[tuple[str, str]]:
    """(label, query string) of every page link on the page."""
    return [(e.proto.label.replace("\\", ""), e.proto.query_string) for e in at.get("page_link")]


def test_a_gdelt_file_in_the_sidebar_reaches_the_map_only_once_approved(app: AppTest) -> None:
    at = app
    assert metrics(at)["Events"] == "4"
    at.sidebar.file_uploader(key="import_files").set_value((NAME, GDELT, "text/csv")).run()
    assert not at.exception
    # Not on the map: the sidebar says where the candidates went, with a link there.
    assert metrics(at)["Events"] == "4"
    said = sidebar_text(at)
    assert f"{NAME}: 2 candidate event(s) sent to the review queue" in said
    assert "Merged 1 line(s)" in said
    assert ("Review the GDELT candidates", "") in _links(at)
    # Later reruns do not send the file again (the reviewer's edits would be lost).
    at.session_state["review_candidates"] = at.session_state["review_candidates"].head(1)
    at.run()
    assert len(at.session_state["review_candidates"]) == 1
    at.session_state["review_candidates"] = None

    # Sent again by removing and re-adding it, as a new upload.
    at.sidebar.file_uploader(key="import_files").set_value([]).run()
    at.sidebar.file_uploader(key="import_files").set_value((NAME, GDELT, "text/csv")).run()
    _open(at, "review")
    table = at.data_editor(key="review_editor").value
    assert list(table["source_url"]) == [
        "https://news.example.org/1",
        "https://news.example.org/3",
    ]
    assert "GDELT line 1: 042 'make a visit'" in table.loc[0, "evidence"]
    checks = _checks(at)
    assert list(checks["check"]) == ["ok", "duplicate"]
    assert list(checks["duplicate_of"]) == ["", "e3"]
    # The repeat links to the event it repeats: the map, opened at its place.
    assert ("Row 2 repeats e3: show it on the map", "sel=place%3AKAZ%3Aastana") in _links(at)

    at.button(key="review_approve_ok").click().run()
    assert not at.exception
    assert len(at.session_state["review_approved"]) == 1
    _open(at, "map")
    assert metrics(at)["Events"] == "5"


def test_the_review_page_takes_a_gdelt_file_too(app: AppTest) -> None:
    at = app
    _open(at, "review")
    at.file_uploader(key="review_file").set_value((NAME, GDELT, "text/csv")).run()
    at.button(key="review_extract").click().run()
    assert not at.exception
    assert len(at.data_editor(key="review_editor").value) == 2
    assert any("none joins the map until you approve it" in c.value for c in at.caption)
    _open(at, "map")
    assert metrics(at)["Events"] == "4"


def test_a_gdelt_file_without_diplomacy_says_so_in_the_sidebar(app: AppTest) -> None:
    at = app
    other = raw(line("4", "20240603", "190", "FRA", "DEU"))
    at.sidebar.file_uploader(key="import_files").set_value((NAME, other, "text/csv")).run()
    assert not at.exception
    assert "has no diplomatic events involving a Central Asian state" in sidebar_text(at)
    assert metrics(at)["Events"] == "4"


def _paste(at: AppTest, text: str) -> None:
    at.text_area(key="review_text").input(text)
    at.date_input(key="review_published").set_value(date(2024, 8, 19))
    at.button(key="review_extract").click().run()


def test_an_extractor_failure_is_a_message_not_a_traceback(
    app: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object) -> list:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(review_core, "events_of_article", broken)
    at = app
    _open(at, "review")
    _paste(at, "Tokayev visited Dushanbe on Aug. 22.")
    assert not at.exception
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "The article: could not be read: an unexpected error (RecursionError)" in errors


def test_an_article_too_long_is_refused_with_its_length(app: AppTest) -> None:
    at = app
    _open(at, "review")
    _paste(at, "Tokayev met Mirziyoyev. " * 3000)  # 72,000 less the last space
    assert not at.exception
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "71,999 characters of text; the review reads at most 50,000" in errors


def test_a_link_inside_the_app_selects_its_place_on_the_map(app: AppTest) -> None:
    at = app
    # The session already has a (empty) selection; the review queue's link carries another.
    at.query_params["sel"] = "place:KAZ:astana"
    at.run()
    assert not at.exception
    assert "SCO summit" in " ".join(m.value for m in at.markdown)
