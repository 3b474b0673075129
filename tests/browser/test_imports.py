"""Uploading a user's file in a real browser, and the offline HTML export."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from playwright.sync_api import expect

from components.core.dataset import load_dataset
from components.core.fileformat import FILE_COLUMNS, TEMPLATE_ROW
from components.core.filters import Filters
from components.core.standalone import standalone_html
from components.core.view import make_view
from tests.browser.conftest import Server, Session, screenshot
from tests.browser.mapdriver import click_feature, expect_kpi, open_dashboard
from tests.helpers import DATA

TIMEOUT = 30_000


def upload_file(tmp_path: Path) -> Path:
    rows = [
        {
            **TEMPLATE_ROW,
            "event_id": "mine-1",
            "start_date": "2025-03-10",
            "end_date": "2025-03-10",
            "city": "Turkistan",
            "host_iso3": "KAZ",
            "lat": "43.2973",
            "lon": "68.2518",
            "title": "My own meeting in Turkistan",
            "participants": "JPN|A. Person|Envoy; KAZ||",
        },
        {**TEMPLATE_ROW, "event_id": "mine-2", "title": "My second meeting"},
        {**TEMPLATE_ROW, "event_id": "mine-3", "start_date": "2025-13-01", "title": "Broken date"},
    ]
    path = tmp_path / "mine.csv"
    pd.DataFrame(rows, columns=FILE_COLUMNS).to_csv(path, index=False)
    return path


def test_upload_adds_good_rows_and_reports_bad_ones(
    session: Session, server: Server, tmp_path: Path
) -> None:
    page = session.page
    frame = open_dashboard(page, server.url)
    events = len(load_dataset(DATA).events)
    expect_kpi(page, "Events", events)
    page.get_by_text("Your data").click()
    page.locator("section[data-testid='stFileUploaderDropzone'] input[type=file]").set_input_files(
        str(upload_file(tmp_path))
    )
    expect(page.get_by_text("2 event(s) added, 1 row(s) rejected")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("column 'start_date': '2025-13-01' is not a date")).to_be_visible()
    expect_kpi(page, "Events", events + 2)
    frame.wait_for_function("() => document.querySelector('[data-id=\"place:KAZ:turkistan\"]')")
    click_feature(page, frame, "place:KAZ:turkistan")
    expect(page.get_by_text("My own meeting in Turkistan")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Imported from mine.csv")).to_be_visible()
    expect(page.get_by_test_id("stMultiSelect").filter(has_text="Origin")).to_be_visible()
    screenshot(page, "upload")
    assert session.errors == []


def test_exported_html_map_opens_offline(session: Session, tmp_path: Path) -> None:
    dataset = load_dataset(DATA)
    view = make_view(dataset, Filters(actors=("EU",)))
    path = tmp_path / "map.html"
    path.write_bytes(standalone_html(dataset, view))
    page = session.page
    page.goto(path.as_uri())
    page.wait_for_function(
        f"() => document.querySelectorAll('.cadash-place').length === {len(view.places)}"
        " && document.querySelectorAll('path.cadash-country').length > 100",
        timeout=TIMEOUT,
    )
    assert not [r for r in session.requests if not r.startswith("file://")]
    assert session.errors == []
