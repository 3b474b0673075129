"""The comparison pages and time on the map in a real browser: a matrix cell lists its
events, the timeline plays, and a copied link restores the view.

Screenshots for the README are copied to docs/screenshots/ (see README, "The pages").
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import Browser, Page, Response, expect

from components.core.analysis import (
    cell_events,
    central_states,
    contact_pairs,
    formats_calendar,
    reference_date,
    who_meets_whom,
)
from components.core.dataset import Dataset, load_dataset
from components.core.export import table_csv_bytes
from components.core.filters import Filters, dataset_mask
from components.core.frames import frame_view, parse_frame
from components.ui.compare_page import ACTOR_WIDTH, STATE_WIDTH
from tests.browser.conftest import Server, Session, screenshot
from tests.browser.mapdriver import count, expect_kpi, map_frame, open_dashboard
from tests.helpers import DATA, ROOT

TIMEOUT = 30_000
DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"
# Streamlit's front end first looks for its server under the page's own path (/compare/...)
# and falls back to the root: those two probes answer 404 on every page but the first.
STREAMLIT_PROBES = ("/_stcore/health", "/_stcore/host-config")


@pytest.fixture(scope="module")
def shipped() -> Dataset:
    return load_dataset(DATA)


def scroll_to(page: Page, heading: str) -> None:
    page.get_by_role("heading", name=heading).evaluate("e => e.scrollIntoView({block: 'start'})")


def for_readme(page: Page, name: str) -> None:
    """A screenshot in artifacts/, copied to docs/screenshots/ where the README shows it."""
    path = screenshot(page, name)
    DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, DOCS_SCREENSHOTS / f"{name}.png")


def failed_requests(page: Page) -> list[str]:
    failed: list[str] = []

    def record(response: Response) -> None:
        if response.status >= 400 and not urlparse(response.url).path.endswith(STREAMLIT_PROBES):
            failed.append(f"{response.status} {response.url}")

    page.on("response", record)
    return failed


def params(page: Page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def wait_for_param(page: Page, key: str, value: str) -> None:
    page.wait_for_function(
        "([k, v]) => new URL(location.href).searchParams.get(k) === v",
        arg=[key, value],
        timeout=TIMEOUT,
    )


def other_page(browser: Browser) -> Page:
    """A fresh browser context: a new session, as when a copied link is opened elsewhere."""
    return browser.new_context(viewport={"width": 1500, "height": 1100}).new_page()


def matrix_cell_point(page: Page, row: int, state_column: int) -> tuple[float, float]:
    """Page coordinates of a cell of the matrix (fixed column widths; 35 px rows)."""
    canvas = page.locator(".st-key-cmp_matrix").get_by_test_id("data-grid-canvas")
    canvas.wait_for(timeout=TIMEOUT)
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    assert box is not None
    x = box["x"] + ACTOR_WIDTH + STATE_WIDTH * state_column + STATE_WIDTH / 2
    y = box["y"] + 35 + 35 * row + 17
    return x, y


def test_clicking_a_matrix_cell_lists_its_events_and_a_copied_link_restores_them(
    session: Session, server: Server, shipped: Dataset, browser: Browser
) -> None:
    page = session.page
    failed = failed_requests(page)
    page.goto(f"{server.url}/compare")
    pairs = contact_pairs(shipped, dataset_mask(shipped, Filters()))
    matrix = who_meets_whom(pairs, shipped.actor_names, central_states(shipped.countries))
    row = matrix.actor_ids.index("CHN")
    column = [iso3 for iso3, _ in central_states(shipped.countries)].index("TKM")
    grid = page.locator(".st-key-cmp_matrix")
    # The grid's accessible copy holds the shown numbers.
    expect(grid.get_by_test_id(f"glide-cell-{column + 1}-{row}")).to_have_text(
        f"{matrix.table.iloc[row]['Turkmenistan']:g}", timeout=TIMEOUT
    )
    expect(page.get_by_text("Click a number in one of the five states' columns")).to_be_visible()

    page.mouse.click(*matrix_cell_point(page, row, column))
    expect(page.get_by_role("heading", name="China and Turkmenistan")).to_be_visible(
        timeout=TIMEOUT
    )
    chosen = cell_events(pairs, "CHN", "TKM")
    expect(page.get_by_text(f"{len(chosen)} contact events, newest first")).to_be_visible()
    listed = page.locator(".st-key-cmp_cell_events")
    for position in chosen[:3]:
        title = str(shipped.events["title"].iloc[position])
        expect(listed.get_by_text(title, exact=True).first).to_be_visible()
    wait_for_param(page, "cell", "CHN:TKM")
    expect(grid.get_by_test_id(f"glide-cell-{column + 1}-{row}")).to_have_attribute(
        "aria-selected", "true"
    )
    citation = page.get_by_test_id("stCode").filter(has_text="who meets whom")
    expect(citation).to_contain_text("cell=CHN:TKM")
    expect(citation).to_contain_text(f"data as of {shipped.as_of:%Y-%m-%d}")
    scroll_to(page, "Who meets whom")
    for_readme(page, "compare-matrix")

    # The download holds exactly the table shown.
    with page.expect_download() as download:
        page.locator(".st-key-download_matrix button").click()
    assert Path(download.value.path()).read_bytes() == table_csv_bytes(matrix.table)

    # A copied link, opened elsewhere, shows the same cell and events.
    link = page.url
    again = other_page(browser)
    try:
        again.goto(link)
        expect(again.get_by_role("heading", name="China and Turkmenistan")).to_be_visible(
            timeout=TIMEOUT
        )
        expect(again.get_by_text(f"{len(chosen)} contact events, newest first")).to_be_visible()
        expect(
            again.locator(".st-key-cmp_matrix").get_by_test_id(f"glide-cell-{column + 1}-{row}")
        ).to_have_attribute("aria-selected", "true", timeout=TIMEOUT)
        assert params(again)["cell"] == "CHN:TKM"
    finally:
        again.context.close()
    assert failed == []
    assert [e for e in session.errors if "404" not in e] == []


def test_trends_for_chosen_powers_from_a_link(session: Session, server: Server) -> None:
    page = session.page
    page.goto(f"{server.url}/compare?powers=RUS,CHN,TUR&from=2023-01-01")
    expect(page.get_by_role("heading", name="Trends")).to_be_visible(timeout=TIMEOUT)
    powers = page.locator(".st-key-cmp_powers")
    for name in ("Russia", "China", "Turkey"):
        expect(powers).to_contain_text(name)
    expect(powers).not_to_contain_text("European Union")
    # The chart has its text alternative; the chart itself is drawn by Vega.
    expect(page.get_by_text("Contact events per quarter, 2023-Q1 to")).to_be_visible()
    page.locator(".stVegaLiteChart canvas, .stVegaLiteChart svg").first.wait_for(timeout=TIMEOUT)
    scroll_to(page, "Trends")
    for_readme(page, "compare-trends")
    assert params(page)["powers"] == "RUS,CHN,TUR"


def test_formats_calendar_page(session: Session, server: Server, shipped: Dataset) -> None:
    page = session.page
    failed = failed_requests(page)
    page.goto(server.url)
    # Through the navigation, as a user gets there.
    page.get_by_role("link", name="Summit formats").click()
    expect(page.get_by_role("heading", name="Summit formats")).to_be_visible(timeout=TIMEOUT)
    table = formats_calendar(
        shipped.events, reference_date(shipped.events, shipped.as_of)
    ).set_index("Format")
    grid = page.get_by_test_id("stDataFrame")
    expect(grid.get_by_test_id("glide-cell-0-0")).to_have_text(table.index[0], timeout=TIMEOUT)
    expect(grid).to_contain_text("Collective Security Treaty Organization (CSTO)")
    csto = table.loc["Collective Security Treaty Organization (CSTO)"]
    expect(grid).to_contain_text(f"{csto['Last held']:%Y-%m-%d}")
    expect(page.get_by_test_id("stCode")).to_contain_text("summit formats calendar")
    for_readme(page, "formats")
    assert failed == []


def test_timeline_plays_two_steps_and_a_copied_link_keeps_the_frame(
    session: Session, server: Server, shipped: Dataset, browser: Browser
) -> None:
    page = session.page
    period = Filters(start=date(2025, 1, 1), end=date(2025, 9, 30))
    frame = open_dashboard(page, f"{server.url}/?from=2025-01-01&to=2025-09-30&frame=2025-Q1")
    first = frame_view(shipped, period, parse_frame("2025-Q1"))  # type: ignore[arg-type]
    expect_kpi(page, "Events", len(first.events))
    expect(page.get_by_text("Showing 2025-Q1")).to_be_visible()

    play = page.locator(".st-key-tf_play button")
    expect(play).to_contain_text("Play")
    play.click()
    # Two steps, one after the other; it stops by itself on the period's last frame.
    wait_for_param(page, "frame", "2025-Q2")
    wait_for_param(page, "frame", "2025-Q3")
    expect(page.get_by_text("Showing 2025-Q3")).to_be_visible(timeout=TIMEOUT)
    expect(play).to_contain_text("Play", timeout=TIMEOUT)
    last = frame_view(shipped, period, parse_frame("2025-Q3"))  # type: ignore[arg-type]
    assert last.faded is not None
    expect_kpi(page, "Events", len(last.events))
    # The map shows the frame's places, and the earlier ones faded.
    frame = map_frame(page)
    frame.wait_for_function(
        "([p, f]) => document.querySelectorAll('.cadash-place').length === p"
        " && document.querySelectorAll('path.cadash-faded').length === f",
        arg=[len(last.places), len(last.faded)],
        timeout=TIMEOUT,
    )
    assert count(frame, "cadash-place") == len(last.places)
    for_readme(page, "map-time")

    again = other_page(browser)
    try:
        again_frame = open_dashboard(again, page.url)
        expect(again.get_by_text("Showing 2025-Q3")).to_be_visible(timeout=TIMEOUT)
        expect_kpi(again, "Events", len(last.events))
        again_frame.wait_for_function(
            "(f) => document.querySelectorAll('path.cadash-faded').length === f",
            arg=len(last.faded),
            timeout=TIMEOUT,
        )
        assert params(again)["frame"] == "2025-Q3"
    finally:
        again.context.close()
    assert session.errors == []
