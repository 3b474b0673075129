"""The map in a real browser: it loads offline, clicks select, filters update it in place."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from components.core.dataset import Dataset, load_dataset
from components.core.filters import Filters
from components.core.view import View, make_view
from tests.browser.conftest import Server, Session, screenshot
from tests.browser.mapdriver import (
    choose,
    click_feature,
    count,
    expect_kpi,
    feature_ids,
    hover_feature,
    map_frame,
    metric,
    open_dashboard,
    open_layer_control,
    wait_for_count,
)
from tests.helpers import DATA

TIMEOUT = 30_000


@pytest.fixture(scope="module")
def shipped() -> Dataset:
    return load_dataset(DATA)


def view_of(dataset: Dataset, **filters: object) -> View:
    return make_view(dataset, Filters(**filters))  # type: ignore[arg-type]


def test_default_view_loads_offline_with_every_marker(
    session: Session, server: Server, shipped: Dataset
) -> None:
    page = session.page
    frame = open_dashboard(page, server.url)
    expected = view_of(shipped)
    wait_for_count(frame, "cadash-place", len(expected.places))
    assert feature_ids(frame, "cadash-place") == set(expected.places["place_id"])
    assert feature_ids(frame, "cadash-arc") == set(expected.arcs["arc_id"])
    assert count(frame, "cadash-route") == len(shipped.routes)
    # Relationships start switched off.
    assert count(frame, "cadash-rel") == 0
    expect_kpi(page, "Events", len(shipped.events))
    # The map's files came from the app itself.
    assert any(r.endswith("/app/static/vendor/leaflet/leaflet.js") for r in session.requests)
    assert session.errors == []
    screenshot(page, "default-view")


def test_clicking_places_and_a_country_shows_their_details(
    session: Session, server: Server, shipped: Dataset
) -> None:
    page = session.page
    frame = open_dashboard(page, server.url)
    events = shipped.events
    astana = events[events["place_id"] == "place:KAZ:astana"]
    click_feature(page, frame, "place:KAZ:astana")
    expect(page.get_by_text(f"{len(astana)} event(s), newest first")).to_be_visible(timeout=TIMEOUT)
    newest = astana.sort_values("start_date").iloc[-1]["title"]
    expect(page.get_by_text(newest, exact=True).first).to_be_visible()
    assert "sel=place%3AKAZ%3Aastana" in page.url or "sel=place:KAZ:astana" in page.url
    # The selected marker is outlined on the map.
    expect(frame.locator('[data-id="place:KAZ:astana"]')).to_have_class(
        re.compile(r"\bcadash-selected\b"), timeout=TIMEOUT
    )
    screenshot(page, "place-selected")

    samarkand = events[events["place_id"] == "place:UZB:samarkand"]
    click_feature(page, frame, "place:UZB:samarkand")
    expect(page.get_by_text(f"{len(samarkand)} event(s), newest first")).to_be_visible(
        timeout=TIMEOUT
    )
    expect(page.get_by_role("heading", name="Samarkand, Uzbekistan")).to_be_visible()
    expect(page.get_by_role("heading", name="Astana, Kazakhstan")).to_have_count(0)

    click_feature(page, frame, "country:TKM")
    expect(page.get_by_role("heading", name="Turkmenistan")).to_be_visible(timeout=TIMEOUT)
    hosted = int((events["host_iso3"] == "TKM").sum())
    expect(metric(page, "Events hosted")).to_have_text(str(hosted))
    assert session.errors == []


def test_clicking_an_arc_selects_that_actors_events(
    session: Session, server: Server, shipped: Dataset
) -> None:
    page = session.page
    # The EU is not among the leading actors whose arcs the first view draws: pick it.
    frame = open_dashboard(page, server.url)
    wait_for_count(frame, "cadash-arc", len(view_of(shipped).arcs))
    assert "arc:EU:KAZ:astana" not in feature_ids(frame, "cadash-arc")
    frame = open_dashboard(page, f"{server.url}/?actors=EU")
    click_feature(page, frame, "arc:EU:KAZ:astana")
    expect(page.get_by_role("heading", name="European Union in Astana, Kazakhstan")).to_be_visible(
        timeout=TIMEOUT
    )


def test_filters_update_map_and_counts_without_reloading_it(
    session: Session, server: Server, shipped: Dataset
) -> None:
    page = session.page
    frame = open_dashboard(page, server.url)
    frame.evaluate("() => { window.__probe = 'still here'; }")
    start_zoom = frame.evaluate("() => window.map.getZoom()")
    frame.locator("a.leaflet-control-zoom-in").click()
    frame.wait_for_function(f"() => window.map.getZoom() === {start_zoom + 1}")

    china = view_of(shipped, actors=("CHN",))
    choose(page, "Actors", "China")
    expect_kpi(page, "Events", len(china.events))
    wait_for_count(frame, "cadash-place", len(china.places))
    assert feature_ids(frame, "cadash-place") == set(china.places["place_id"])

    # Move the start of the date range forward with the keyboard.
    page.get_by_role("slider").first.focus()
    page.keyboard.press("PageUp")
    page.wait_for_function("() => new URL(location.href).searchParams.has('from')")
    params = parse_qs(urlparse(page.url).query)
    start = date.fromisoformat(params["from"][0])
    narrowed = view_of(shipped, actors=("CHN",), start=start)
    expect_kpi(page, "Events", len(narrowed.events))
    wait_for_count(frame, "cadash-place", len(narrowed.places))
    assert len(narrowed.events) < len(china.events)

    # Same iframe document, same zoom: the map was updated, not reloaded.
    assert map_frame(page).evaluate("() => window.__probe") == "still here"
    assert frame.evaluate("() => window.map.getZoom()") == start_zoom + 1
    assert session.errors == []


def test_url_parameters_restore_filters(session: Session, server: Server, shipped: Dataset) -> None:
    page = session.page
    frame = open_dashboard(page, f"{server.url}/?actors=RUS,TUR&from=2023-01-01&status=held")
    expected = view_of(shipped, actors=("RUS", "TUR"), start=date(2023, 1, 1), statuses=("held",))
    expect_kpi(page, "Events", len(expected.events))
    actors = page.get_by_test_id("stMultiSelect").filter(has_text="Actors")
    expect(actors).to_contain_text("Russia")
    expect(actors).to_contain_text("Turkey")
    wait_for_count(frame, "cadash-place", len(expected.places))
    assert feature_ids(frame, "cadash-place") == set(expected.places["place_id"])


def test_layer_switched_off_stays_off_after_a_filter_change(
    session: Session, server: Server
) -> None:
    page = session.page
    frame = open_dashboard(page, server.url)
    frame.wait_for_function("() => document.querySelectorAll('path.cadash-arc').length > 0")
    open_layer_control(frame)
    frame.get_by_label("Actor arcs").uncheck()
    frame.wait_for_function("() => document.querySelectorAll('path.cadash-arc').length === 0")
    frame.get_by_label("Relationships").check()
    frame.wait_for_function("() => document.querySelectorAll('path.cadash-rel').length > 0")
    before = frame.evaluate("() => window.__GLOBAL_DATA__.last_feature_group")
    choose(page, "Actors", "Russia")
    # Wait until the iframe has swapped in the new layers, then check what it shows.
    frame.wait_for_function(
        "(before) => window.__GLOBAL_DATA__.last_feature_group !== before"
        " && document.querySelectorAll('path.cadash-rel').length > 0",
        arg=before,
    )
    assert count(frame, "cadash-arc") == 0
    open_layer_control(frame)
    assert frame.get_by_label("Actor arcs").is_checked() is False


def test_tooltip_on_hover(session: Session, server: Server) -> None:
    page = session.page
    frame = open_dashboard(page, server.url)
    hover_feature(page, frame, "place:KAZ:astana")
    expect(frame.locator(".leaflet-tooltip")).to_contain_text("Astana", timeout=TIMEOUT)
