"""The review queue in a real browser: paste an article or upload a GDELT export, approve its
event, see it on the map."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from components.core.dataset import load_dataset
from tests.browser.conftest import Server, Session, screenshot
from tests.browser.mapdriver import click_feature, expect_kpi, map_frame, open_dashboard
from tests.helpers import DATA
from tests.unit.test_gdelt_review import line, raw

TIMEOUT = 30_000
ARTICLE = (
    "PUBLISHED: 2026-03-05\n\n"
    "President Kassym-Jomart Tokayev held talks with Turkish President Recep Tayyip Erdogan "
    "in Turkistan on Tuesday, the Akorda press service said."
)
TITLE_PART = "Turkistan"


def test_an_approved_candidate_joins_the_map(session: Session, server: Server) -> None:
    page = session.page
    page.goto(f"{server.url}/review")
    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_label("Source URL (required for approval)").fill(
        "https://example.org/news/tokayev-erdogan-turkistan"
    )
    page.get_by_role("button", name="Find candidate events").click()
    expect(page.get_by_text("Candidates (1)")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Approve every row that passes the checks").click()
    expect(page.get_by_text("Approved (1)")).to_be_visible(timeout=TIMEOUT)
    screenshot(page, "review-approved")
    # Same session, map page: the approved event is at its place on the map.
    page.get_by_role("link", name="Map").click()
    frame = map_frame(page)
    click_feature(page, frame, "place:KAZ:turkistan")
    details = page.get_by_test_id("stVerticalBlock").filter(has_text="newest first").last
    expect(details).to_contain_text("2026-03-03", timeout=TIMEOUT)
    expect(details).to_contain_text("Reviewed articles")


def test_a_gdelt_file_reaches_the_map_only_once_approved(
    session: Session, server: Server, tmp_path: Path
) -> None:
    page = session.page
    open_dashboard(page, server.url)
    events = len(load_dataset(DATA).events)
    expect_kpi(page, "Events", events)
    path = tmp_path / "20250310.export.CSV"
    path.write_bytes(
        raw(
            line(
                "7001",
                "20250310",
                "042",
                "JPN",
                "KAZ",
                {
                    "ActionGeo_Type": "4",
                    "ActionGeo_FullName": "Turkistan, Ongtustik Qazaqstan, Kazakhstan",
                    "ActionGeo_CountryCode": "KZ",
                    "ActionGeo_Lat": "43.2973",
                    "ActionGeo_Long": "68.2518",
                },
            )
        )
    )
    page.get_by_text("Your data").click()
    page.locator("section[data-testid='stFileUploaderDropzone'] input[type=file]").set_input_files(
        str(path)
    )
    expect(page.get_by_text("1 candidate event(s) sent to the review queue")).to_be_visible(
        timeout=TIMEOUT
    )
    expect_kpi(page, "Events", events)  # not on the map before approval
    page.get_by_role("link", name="Review the GDELT candidates").click()
    expect(page.get_by_text("Candidates (1)")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Approve every row that passes the checks").click()
    expect(page.get_by_text("Approved (1)")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("link", name="Map", exact=True).click()
    frame = map_frame(page)
    expect_kpi(page, "Events", events + 1)
    click_feature(page, frame, "place:KAZ:turkistan")
    details = page.get_by_test_id("stVerticalBlock").filter(has_text="newest first").last
    expect(details).to_contain_text("Jpn – Kaz: make a visit (GDELT 042)", timeout=TIMEOUT)
    assert session.errors == []
