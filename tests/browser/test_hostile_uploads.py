"""Hostile uploads in a real browser (issues 15 and 16): after each one the map, the filters
and a second, good upload keep working, and nothing the URL or a file says becomes a link."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from components.core.dataset import Dataset, load_dataset
from components.core.filters import Filters
from components.core.view import make_view
from tests.browser.conftest import Server, Session, screenshot
from tests.browser.mapdriver import (
    choose,
    click_feature,
    expect_kpi,
    open_dashboard,
    wait_until_idle,
)
from tests.helpers import DATA
from tests.hostile import (
    csv_bytes,
    deep_json,
    far_dates_csv,
    huge_number_json,
    ragged_bomb,
    rows,
)

TIMEOUT = 60_000


@pytest.fixture(scope="module")
def shipped() -> Dataset:
    return load_dataset(DATA)


def good_file(tmp_path: Path, shipped: Dataset) -> Path:
    """Two events in a town the shipped data has no event in, after its last day."""
    after = shipped.events["end_date"].max().date() + timedelta(days=1)
    records = rows(2, "later", after)
    for record in records:
        record.update(city="Turkistan", host_iso3="KAZ", lat="43.2973", lon="68.2518")
        record["participants"] = "JPN|A. Person|Envoy; KAZ||"
    path = tmp_path / "later.csv"
    path.write_bytes(csv_bytes(records))
    return path


def upload(page: Page, *paths: Path) -> None:
    dropzone = page.locator("section[data-testid='stFileUploaderDropzone'] input[type=file]")
    dropzone.set_input_files([str(p) for p in paths])


def _write(tmp_path: Path, name: str, raw: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(raw)
    return path


HOSTILE = {
    "deep": (["deep.json"], lambda: [deep_json()], "is nested too deeply"),
    "huge-number": (["huge.json"], lambda: [huge_number_json()], "characters long"),
    "far-dates": (["far.csv"], lambda: [far_dates_csv()], "is outside the dates"),
    "ragged-bomb": (["bomb.csv"], lambda: [ragged_bomb()], "has more than 200,000 rows"),
    "colliding-pair": (
        ["a.csv", "b.csv"],
        lambda: [csv_bytes(rows(3, "pair"))] * 2,
        "is already added by a.csv",
    ),
}
# Events each hostile upload adds (the far-date file has one good row, the pair three).
ADDED = {"deep": 0, "huge-number": 0, "far-dates": 1, "ragged-bomb": 0, "colliding-pair": 3}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_after_a_hostile_upload_the_page_keeps_working(
    session: Session, server: Server, shipped: Dataset, tmp_path: Path, case: str
) -> None:
    names, contents, says = HOSTILE[case]
    page = session.page
    frame = open_dashboard(page, server.url)
    total = len(shipped.events)
    page.get_by_text("Your data").click()
    wait_until_idle(page)
    upload(page, *[_write(tmp_path, n, raw) for n, raw in zip(names, contents(), strict=True)])
    expect(page.get_by_text(says).first).to_be_visible(timeout=TIMEOUT)
    total += ADDED[case]
    expect_kpi(page, "Events", total)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    screenshot(page, f"hostile-upload-{case}")

    # The filters still work.
    china = make_view(shipped, Filters(actors=("CHN",)))
    choose(page, "Actors", "China")
    expect_kpi(page, "Events", len(china.events))
    page.get_by_role("button", name="Reset filters").click()
    expect_kpi(page, "Events", total)
    wait_until_idle(page)

    # A second, good upload adds its events, dated after the shipped data, to the map at
    # once: the date filter nobody touched follows the data.
    upload(page, good_file(tmp_path, shipped))
    expect(page.get_by_text("later.csv").first).to_be_visible(timeout=TIMEOUT)
    expect_kpi(page, "Events", total + 2)
    frame.wait_for_function(
        "() => document.querySelector('[data-id=\"place:KAZ:turkistan\"]')", timeout=TIMEOUT
    )
    click_feature(page, frame, "place:KAZ:turkistan")
    expect(page.get_by_role("strong").filter(has_text="later meeting 1")).to_be_visible(
        timeout=TIMEOUT
    )
    expect(page.get_by_test_id("stException")).to_have_count(0)
    assert session.errors == []


LINK = "[Session expired - log in again](https://evil.example/login)"
IMAGE = "![t](https://evil.example/pixel.png)"


def test_url_text_never_becomes_a_link_or_an_image(session: Session, server: Server) -> None:
    page = session.page
    query = f"actors={LINK}&host={IMAGE}&from={LINK}&{IMAGE}=1&{LINK}=2"
    open_dashboard(page, f"{server.url}/?{query}")
    notices = page.get_by_test_id("stSidebar").get_by_test_id("stAlert")
    expect(notices.first).to_be_visible(timeout=TIMEOUT)
    expect(notices.filter(has_text="Session expired").first).to_be_visible()
    assert notices.locator("a").count() == 0
    assert notices.locator("img").count() == 0
    assert page.locator("a[href*='evil.example']").count() == 0
    # Nothing was fetched from there (the session fixture also fails on any outside request).
    assert not [r for r in session.requests if urlparse(r).hostname == "evil.example"]
    screenshot(page, "url-plain-text")
