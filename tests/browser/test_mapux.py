"""The map page as a newcomer, a keyboard user, a phone user and axe-core meet it (issue 12).

Screenshots of the first view (desktop and phone) are written to docs/screenshots/ for the
README.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Frame, Page, expect

from components.core.dataset import Dataset, load_dataset
from components.core.details import marked_events
from components.core.filters import Filters
from components.core.selection import parse_feature_id
from components.core.table import MARK, events_table
from components.core.view import View, make_view
from tests.browser.conftest import Server, Session, screenshot
from tests.browser.mapdriver import (
    IFRAME,
    KPIS,
    choose,
    click_feature,
    feature_ids,
    map_frame,
    open_dashboard,
    open_layer_control,
    tap_feature,
    wait_for_count,
)
from tests.helpers import DATA

TIMEOUT = 30_000
PAGES = {
    "Map": "map",
    "Compare powers": "compare",
    "Summit formats": "formats",
    "Add events": "review",
}
GOTO = "Go to a place, country, arc, relationship or route"


@pytest.fixture(scope="module")
def shipped() -> Dataset:
    return load_dataset(DATA)


@pytest.fixture(scope="module")
def first_view(shipped: Dataset) -> View:
    return make_view(shipped, Filters())


def details(page: Page):
    """The details column (beside the map; below it on a phone)."""
    return page.get_by_test_id("stColumn").filter(has=page.get_by_role("heading", name="Details"))


def legend_labels(frame: Frame) -> list[str]:
    return frame.locator(".cadash-legend li").evaluate_all(
        "items => items.filter(i => i.style.display !== 'none').map(i => i.textContent.trim())"
    )


# ------------------------------------------------------------------ the first view


@pytest.mark.viewport(1440, 900)
def test_first_view_explains_itself(
    session: Session, server: Server, shipped: Dataset, first_view: View
) -> None:
    page = session.page
    frame = open_dashboard(page, server.url)
    wait_for_count(frame, "cadash-place", len(first_view.places))
    wait_for_count(frame, "cadash-arc", len(first_view.arcs))
    names = [shipped.actor_names[a] for a in first_view.highlighted]
    # Arcs only for the leading actors, and the page says so.
    arc_actors = {i.split(":")[1] for i in feature_ids(frame, "cadash-arc")}
    assert arc_actors == set(first_view.highlighted)
    expect(page.get_by_text(f"the {len(names)} most active powers here")).to_be_visible()
    # The legend lists the leading actors by name, then the rest as one entry, and is open.
    legend = frame.locator("details.cadash-legend")
    expect(legend).to_have_attribute("open", "")
    labels = legend_labels(frame)
    assert [label for label in labels if label in shipped.actor_names.values()] == names
    assert "Other outside actors" in labels
    # The layer control is folded; every layer is still listed in it.
    control = frame.locator(".leaflet-control-layers")
    assert "leaflet-control-layers-expanded" not in (control.get_attribute("class") or "")
    listed = frame.locator(".leaflet-control-layers-overlays label").all_text_contents()
    for layer in ("Countries", "Event places", "Actor arcs", "Relationships", "Energy"):
        assert any(layer in text for text in listed), (layer, listed)
    # Markers show their mix of actors, name them for screen readers, and are 24 px or more.
    astana = frame.locator('[data-id="place:KAZ:astana"]')
    assert astana.locator("svg path").count() >= 2
    expect(astana).to_have_attribute(
        "aria-label", re.compile(r"^Astana, Kazakhstan \(\d+ events\)")
    )
    sizes = frame.locator(".cadash-place").evaluate_all(
        "els => els.map(e => [e.getBoundingClientRect().width, e.getBoundingClientRect().height])"
    )
    assert min(min(w, h) for w, h in sizes) >= 24
    # Counts on one line, no stacked metrics.
    assert page.get_by_test_id("stMetric").count() == 0
    screenshot(page, "first-view-desktop", docs=True)

    # A layer switched off takes its rows out of the legend; switched on, they come back.
    assert "Oil pipeline" in legend_labels(frame)
    open_layer_control(frame)
    routes = frame.get_by_label("Energy and transport routes")
    routes.uncheck()
    expect(frame.locator(".cadash-legend li", has_text="Oil pipeline")).to_be_hidden()
    assert "Russia" in legend_labels(frame)
    routes.check()
    expect(frame.locator(".cadash-legend li", has_text="Oil pipeline")).to_be_visible()

    # The legend follows the filters: Japan alone.
    before = frame.evaluate("() => window.__GLOBAL_DATA__.last_feature_group")
    choose(page, "Actors", "Japan")
    frame.wait_for_function(
        "(before) => window.__GLOBAL_DATA__.last_feature_group !== before", arg=before
    )
    expect(frame.locator(".cadash-legend li", has_text="Japan")).to_be_visible(timeout=TIMEOUT)
    assert "Russia" not in legend_labels(frame)
    assert session.errors == []


# ------------------------------------------------------------------ keyboard


FOCUSED = """() => {
  let el = document.activeElement;
  while (el && el.tagName === 'IFRAME' && el.contentDocument && el.contentDocument.activeElement) {
    el = el.contentDocument.activeElement;
  }
  return el;
}"""
# Whether the focused element is on screen and on top where it is (not behind the map's
# panels, the app's header or anything else), and shows a focus indicator.
FOCUS_STATE = """() => {
  const outer = document.activeElement;
  let el = outer, doc = document, offset = [0, 0];
  if (el && el.tagName === 'IFRAME' && el.contentDocument) {
    const box = el.getBoundingClientRect();
    offset = [box.left, box.top];
    doc = el.contentDocument;
    el = doc.activeElement;
  }
  if (!el || el === doc.body) return {tag: 'BODY'};
  const r = el.getBoundingClientRect();
  const x = r.left + Math.min(r.width / 2, 8), y = r.top + r.height / 2;
  const hit = doc.elementFromPoint(x, y);
  const onTop = !!hit && (el.contains(hit) || hit.contains(el));
  const inView = offset[1] + r.top >= 0 && offset[1] + r.bottom <= window.innerHeight;
  const style = doc.defaultView.getComputedStyle(el);
  return {tag: el.tagName, inFrame: doc !== document,
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
          label: el.getAttribute('aria-label') || el.getAttribute('title') || el.textContent.trim().slice(0, 40),
          onTop: onTop, inView: inView, visible: r.width > 0 && r.height > 0,
          testid: (el.closest('[data-testid]') || {}).getAttribute ?
                  el.closest('[data-testid]').getAttribute('data-testid') : null};
}"""


@pytest.mark.viewport(1440, 900)
def test_keyboard_alone_reaches_every_kind_of_feature_and_its_details(
    session: Session, server: Server, shipped: Dataset
) -> None:
    page = session.page
    open_dashboard(page, server.url)
    goto = page.get_by_role("combobox", name=GOTO)
    expect(goto).to_be_visible()
    # From the page's first Tab, Tab only until the 'Go to' list has the focus.
    steps = []
    for _ in range(80):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        steps.append(state)
        if state["tag"] == "BODY":
            continue
        assert state["visible"], state
        assert state["inView"], state
        assert state["onTop"], state
        if goto.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail(f"80 Tabs did not reach the 'Go to' list: {steps[-5:]}")
    # Its focus shows: the control's border takes the theme's primary colour (and loses it
    # when the focus moves on).
    control = goto.locator("xpath=..")
    expect(control).to_have_css("border-color", "rgb(0, 114, 178)")
    page.keyboard.press("Tab")
    expect(control).not_to_have_css("border-color", "rgb(0, 114, 178)")
    page.keyboard.press("Shift+Tab")
    expect(goto).to_be_focused()

    # Tab on into the map: its controls take the focus in turn, each in view and on top
    # (the legend and the layer control never cover a focused element).
    inside = []
    for _ in range(12):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUS_STATE)
        if not state["inFrame"]:
            break
        assert state["visible"], state
        assert state["inView"], state
        assert state["onTop"], state
        # The map's own controls show their focus with a 3 px outline.
        assert state["outline"] or state["tag"] == "DIV", state
        inside.append(state["label"])
    assert "Zoom in" in inside, inside
    assert "Layers" in inside, inside
    assert "Legend" in inside, inside
    goto.focus()
    page.keyboard.type("Astana, Kaz")
    page.keyboard.press("Enter")
    expect(details(page).get_by_role("heading", name="Astana, Kazakhstan")).to_be_visible(
        timeout=TIMEOUT
    )
    frame = map_frame(page)
    expect(frame.locator('[data-id="place:KAZ:astana"]')).to_have_class(
        re.compile(r"\bcadash-selected\b"), timeout=TIMEOUT
    )
    # Every other kind, by keyboard too: a route, a country, an arc and a relationship.
    route = shipped.routes.iloc[0]
    view = make_view(shipped, Filters())
    arc = view.arcs.iloc[-1]
    arc_actor = shipped.actor_names[arc["actor_id"]]
    arc_country = view.places.set_index("place_id").loc[arc["place_id"], "country"]
    rel = shipped.relationships.iloc[0]
    names = shipped.actor_names
    for typed, heading in [
        (f"Route: {route['name']}", route["name"]),
        ("Country: Turkmenistan", "Turkmenistan"),
        (f"Arc: {arc_actor} to {arc['city']} (", f"{arc_actor} in {arc['city']}, {arc_country}"),
        (
            f"Relationship: {names[rel['actor_id']]} and {shipped.country_names[rel['iso3']]}",
            f"{names[rel['actor_id']]} and {shipped.country_names[rel['iso3']]}",
        ),
    ]:
        wait_until_idle(page)
        goto.focus()
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
        expect(details(page).get_by_role("heading", name=heading)).to_be_visible(timeout=TIMEOUT)
    assert session.errors == []


# ------------------------------------------------------------------ linked selection


def grid_row_point(page: Page, row: int) -> tuple[float, float]:
    """Page coordinates of the row marker (the selection box) of a row of the events table."""
    table = page.locator(".st-key-events_table [data-testid=stDataFrameResizable]")
    box = table.bounding_box()
    assert box is not None
    return box["x"] + 18, box["y"] + 35 * (row + 1) + 17


@pytest.mark.viewport(1440, 900)
def test_selecting_a_table_row_selects_its_place_on_the_map(
    session: Session, server: Server, first_view: View
) -> None:
    page = session.page
    frame = open_dashboard(page, server.url)
    table = page.locator(".st-key-events_table")
    table.scroll_into_view_if_needed()
    expect(page.get_by_text("Select a row to show its event's place")).to_be_visible()
    rows = events_table(first_view.events, first_view.participants)
    row = 2
    place_id, title = rows.loc[row, ["place_id", "title"]]
    page.mouse.click(*grid_row_point(page, row))
    # The map selects the event's place, the details open with that event first.
    expect(frame.locator(f'[data-id="{place_id}"]')).to_have_class(
        re.compile(r"\bcadash-selected\b"), timeout=TIMEOUT
    )
    expect(details(page).get_by_text("Selected in the events table:")).to_be_visible()
    expect(details(page).get_by_text(title, exact=True).first).to_be_visible()
    assert place_id.replace(":", "%3A") in page.url or place_id in page.url
    # The table marks the place's rows, lists them first and keeps the event's row selected.
    marked = marked_events(parse_feature_id(place_id), first_view.events, first_view.participants)
    expect(page.get_by_text(f"{len(marked):,} row(s) of the map's selection")).to_be_visible(
        timeout=TIMEOUT
    )
    table = page.locator(".st-key-events_table")
    selected = table.locator('tr[role="row"][aria-selected="true"]')
    expect(selected).to_have_count(1, timeout=TIMEOUT)
    expect(selected.locator("td").nth(3)).to_have_text(title)
    assert session.errors == []


@pytest.mark.viewport(1440, 900)
def test_clicking_the_map_marks_the_table(
    session: Session, server: Server, first_view: View
) -> None:
    page = session.page
    frame = open_dashboard(page, server.url)
    scroll = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop")
    click_feature(page, frame, "place:UZB:samarkand")
    expect(details(page).get_by_role("heading", name="Samarkand, Uzbekistan")).to_be_visible(
        timeout=TIMEOUT
    )
    # The click did not scroll the page under the pointer.
    assert page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollTop") == scroll
    selection = parse_feature_id("place:UZB:samarkand")
    marked = marked_events(selection, first_view.events, first_view.participants)
    expect(page.get_by_text(f"{len(marked):,} row(s) of the map's selection")).to_be_visible(
        timeout=TIMEOUT
    )
    # The grid (its accessible table): marked rows first, the first of them selected.
    table = page.locator(".st-key-events_table")
    table.scroll_into_view_if_needed()
    rows = table.locator('tr[role="row"][aria-rowindex]:not([aria-rowindex="1"])')
    expect(rows.first).to_have_attribute("aria-selected", "true", timeout=TIMEOUT)
    expect(rows.first.locator("td").first).to_have_text(MARK)
    shown = rows.count()
    assert shown > 1
    first_cells = [rows.nth(i).locator("td").first.inner_text() for i in range(shown)]
    assert first_cells[: min(shown, len(marked))] == [MARK] * min(shown, len(marked))
    screenshot(page, "map-click-marks-table")
    assert session.errors == []


# ------------------------------------------------------------------ phone


@pytest.mark.viewport(390, 844, phone=True)
def test_phone_layout_map_high_up_and_a_tap_opens_details(
    session: Session, server: Server, first_view: View
) -> None:
    page = session.page
    frame = open_dashboard(page, server.url)
    wait_for_count(frame, "cadash-place", len(first_view.places))
    box = page.locator(IFRAME).bounding_box()
    assert box is not None
    assert box["y"] < 422, f"the map starts at {box['y']} px"
    # Compact counts: one short block of text, no stacked metrics.
    assert page.get_by_test_id("stMetric").count() == 0
    kpis = page.locator(KPIS).bounding_box()
    assert kpis is not None
    assert kpis["height"] <= 60
    # The legend and the layer control are folded.
    expect(frame.locator("details.cadash-legend")).not_to_have_attribute("open", "")
    control = frame.locator(".leaflet-control-layers")
    assert "leaflet-control-layers-expanded" not in (control.get_attribute("class") or "")
    screenshot(page, "first-view-phone", docs=True)

    tap_feature(page, frame, "place:KAZ:astana")
    heading = details(page).get_by_role("heading", name="Astana, Kazakhstan")
    expect(heading).to_be_attached(timeout=TIMEOUT)
    heading.scroll_into_view_if_needed()
    expect(heading).to_be_in_viewport()
    assert session.errors == []


# ------------------------------------------------------------------ axe-core


def serious(results: dict) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def wait_until_idle(page: Page) -> None:
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=TIMEOUT
    )
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=TIMEOUT)


@pytest.mark.parametrize("title", list(PAGES))
def test_axe_finds_no_serious_or_critical_violation(
    session: Session, server: Server, title: str
) -> None:
    page = session.page
    if PAGES[title] == "map":
        frame = open_dashboard(page, f"{server.url}/{PAGES[title]}")
        frame.wait_for_selector(".cadash-place", timeout=TIMEOUT)
    else:
        page.goto(f"{server.url}/{PAGES[title]}")
        expect(page.get_by_role("link", name=title).first).to_be_visible(timeout=TIMEOUT)
    wait_until_idle(page)
    axe = Axe()
    found = serious(axe.run(page).response)
    if PAGES[title] == "map":
        found += serious(axe.run(map_frame(page)).response)
    assert found == [], found


@pytest.mark.viewport(390, 844, phone=True)
def test_axe_on_the_phone_map_and_an_open_selection(session: Session, server: Server) -> None:
    page = session.page
    frame = open_dashboard(page, f"{server.url}/?sel=place:KAZ:astana")
    frame.wait_for_selector(".cadash-selected", timeout=TIMEOUT)
    wait_until_idle(page)
    axe = Axe()
    found = serious(axe.run(page).response) + serious(axe.run(frame).response)
    assert found == [], found


# ------------------------------------------------------------------ partial reruns

# Records whether the timeline (drawn after the fragment, outside it) is ever marked stale:
# Streamlit marks an element stale while a run that will redraw it is under way.
WATCH_TIMELINE = """() => {
  const chart = document.querySelector('[data-testid="stVegaLiteChart"]');
  const box = chart.closest('[data-testid="stElementContainer"]');
  window.__timelineStale = false;
  if (window.__timelineWatch) window.__timelineWatch.disconnect();
  window.__timelineWatch = new MutationObserver(() => {
    if (box.getAttribute('data-stale') === 'true') window.__timelineStale = true;
  });
  window.__timelineWatch.observe(box, {attributes: true, attributeFilter: ['data-stale']});
}"""


@pytest.mark.viewport(1440, 900)
def test_a_selection_reruns_only_the_map_fragment(session: Session, server: Server) -> None:
    page = session.page
    frame = open_dashboard(page, server.url)
    expect(page.get_by_test_id("stVegaLiteChart")).to_be_visible(timeout=TIMEOUT)
    wait_until_idle(page)
    page.evaluate(WATCH_TIMELINE)
    click_feature(page, frame, "place:KAZ:astana")
    expect(details(page).get_by_role("heading", name="Astana, Kazakhstan")).to_be_visible(
        timeout=TIMEOUT
    )
    wait_until_idle(page)
    goto = page.get_by_role("combobox", name=GOTO)
    goto.focus()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("Country: Kyrgyzstan")
    page.keyboard.press("Enter")
    expect(details(page).get_by_role("heading", name="Kyrgyzstan")).to_be_visible(timeout=TIMEOUT)
    wait_until_idle(page)
    assert page.evaluate("() => window.__timelineStale") is False
    # The watch does see a whole-page rerun: a filter change redraws the timeline.
    page.evaluate(WATCH_TIMELINE)
    choose(page, "Actors", "China")
    page.wait_for_function("() => window.__timelineStale === true", timeout=TIMEOUT)
    assert session.errors == []
