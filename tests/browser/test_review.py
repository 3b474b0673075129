"""The review queue in a real browser: paste an article, approve its event, see it on the map."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Server, Session, screenshot
from tests.browser.mapdriver import click_feature, map_frame

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
