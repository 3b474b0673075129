"""No data string can run script: hostile titles, places, people and sources show literally."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Frame, expect

from tests.browser.conftest import Server, Session, screenshot, start_server, stop_server
from tests.browser.mapdriver import click_feature, hover_feature, open_dashboard
from tests.helpers import EVENTS, make_folder

TIMEOUT = 30_000
# Each payload, if it ever ran, would set a flag on window (in the map iframe or the page).
IMG = '<img src=x onerror="window.__xss=1;window.parent.__xss=1">'
SCRIPT = "<script>window.__xss=2;window.parent.__xss=2</script>"
TEMPLATE = "`${window.__xss=3}${window.parent.__xss=3}`"
LINK = "[click me](javascript:window.__xss=4)"
CITY = f"Astana{IMG}"


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("hostile") / "data"
    events = [dict(e) for e in EVENTS]
    events[0].update(
        title=f"Summit {IMG} {TEMPLATE}",
        summary=f"Summary {SCRIPT} {LINK} $x^2$",
        city=CITY,
        # Away from the other Astana marker, so this one is on top where the test hovers.
        lat="42.3417",
        lon="69.5901",
        source_name=f"Source {IMG}",
        format=TEMPLATE,
    )
    participants = [
        ("e1", "EU", f"Michel {SCRIPT}", f"Role {TEMPLATE}"),
        ("e1", "KAZ", f"Tokayev {IMG}", "President"),
    ]
    make_folder(folder, events=events, participants=participants)
    server = start_server(folder, folder.parent / "streamlit.log")
    yield server
    stop_server(server)


def flags(session: Session, frame: Frame) -> list[object]:
    return [
        session.page.evaluate("() => window.__xss"),
        frame.evaluate("() => window.__xss"),
    ]


def test_hostile_strings_are_shown_literally_and_never_run(
    session: Session, hostile_server: Server
) -> None:
    page = session.page
    frame = open_dashboard(page, hostile_server.url)
    place_id = "place:KAZ:astana-img-src-x-onerror-window-xss-1-window-parent-xss-1"
    frame.wait_for_function(f"() => document.querySelector('[data-id=\"{place_id}\"]')")

    hover_feature(page, frame, place_id)
    tooltip = frame.locator(".leaflet-tooltip")
    expect(tooltip).to_contain_text(CITY, timeout=TIMEOUT)
    assert tooltip.locator("img").count() == 0

    click_feature(page, frame, place_id)
    details = page.get_by_test_id("stVerticalBlock").filter(has_text="newest first").last
    expect(details).to_contain_text(f"Summit {IMG}", timeout=TIMEOUT)
    expect(details).to_contain_text(SCRIPT)
    expect(details).to_contain_text(LINK)
    expect(details).to_contain_text(f"Michel {SCRIPT}, Role {TEMPLATE}")
    expect(details).to_contain_text(f"Source {IMG}")
    assert details.locator("img").count() == 0
    assert details.locator("a[href^='javascript']").count() == 0
    screenshot(page, "hostile-details")

    # The table and the timeline render the same strings as data.
    expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
    assert flags(session, frame) == [None, None]
    assert session.dialogs == []
    # An <img src=x> that rendered anywhere would have asked the server for 'x'.
    assert not [r for r in session.requests if r.rstrip("/").endswith("/x")]


def test_hostile_selection_in_url_is_harmless(session: Session, hostile_server: Server) -> None:
    page = session.page
    frame = open_dashboard(page, f"{hostile_server.url}/?sel=place:{IMG}&q={SCRIPT}")
    expect(page.get_by_text("Click a place")).to_be_visible(timeout=TIMEOUT)
    assert flags(session, frame) == [None, None]
    assert session.dialogs == []


JINJA = "{{ 'JIN' ~ 'JA' }}{% if true %}JINJA{% endif %}"
EVERYWHERE = f"X {IMG} {SCRIPT} {TEMPLATE} `tick` {JINJA}"
# Columns whose values are codes, numbers or geometry: a payload there is a different test
# (rejected by validation), not a display test.
NOT_DISPLAY_TEXT = {"iso_numeric", "path", "countries"}


@pytest.fixture(scope="module")
def everywhere_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Every free-text column of every table carries every payload, in its first rows."""
    import shutil

    from components.core.schema import TABLES
    from tests.helpers import DATA, edit_cell

    folder = make_folder(tmp_path_factory.mktemp("everywhere") / "data")
    for name in ("relationships.csv", "routes.csv"):
        shutil.copy(DATA / name, folder / name)
    for table, spec in TABLES.items():
        path = folder / f"{table}.csv"
        if not path.exists():
            continue
        rows = sum(1 for _ in path.open(encoding="utf-8")) - 1
        for column in spec:
            reference = column.name.endswith(("_id", "iso3"))
            if column.kind == "text" and not reference and column.name not in NOT_DISPLAY_TEXT:
                for row in range(min(rows, 6)):
                    edit_cell(path, row, column.name, f"{EVERYWHERE} {row}")
    server = start_server(folder, folder.parent / "streamlit.log")
    yield server
    stop_server(server)


def _no_jinja_ran(page_text: str) -> None:
    assert "JINJA" not in page_text.replace("'JIN' ~ 'JA'", "")


def test_payloads_in_every_text_column_stay_text(
    session: Session, everywhere_server: Server
) -> None:
    page = session.page
    # Kazakhstan's name (first row of countries.csv) carries the payloads: open its profile.
    frame = open_dashboard(page, f"{everywhere_server.url}/?sel=country:KAZ")
    expect(page.get_by_text(JINJA).first).to_be_visible(timeout=TIMEOUT)
    _no_jinja_ran(page.inner_text("body").replace("{% if true %}JINJA{% endif %}", ""))
    _no_jinja_ran(frame.content().replace("JINJA\\u007b%", "").replace("}JINJA{", ""))
    screenshot(page, "hostile-everywhere")
    assert flags(session, frame) == [None, None]
    assert session.dialogs == []
    assert not [r for r in session.requests if r.rstrip("/").endswith("/x")]


@pytest.mark.parametrize(
    "sel",
    ["rel:x", "rel:a:b:c", "arc:EU", "arc:EU:place:KAZ:astana", "place::", "route:", "country:"],
)
def test_malformed_selection_of_every_kind_gives_a_notice(
    session: Session, everywhere_server: Server, sel: str
) -> None:
    page = session.page
    frame = open_dashboard(page, f"{everywhere_server.url}/?sel={sel}")
    expect(page.get_by_text("Ignored URL parameter 'sel'")).to_be_visible(timeout=TIMEOUT)
    assert flags(session, frame) == [None, None]
