"""Driving the dashboard's map in a real browser: find, hover, click and tap features."""

from __future__ import annotations

import re

from playwright.sync_api import Frame, Locator, Page, expect

IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
KPIS = ".st-key-kpis"
TIMEOUT = 30_000

# A point inside the element where the element (or a part of it) is the topmost thing, in
# the iframe's coordinates, or null. Sampling a grid copes with lines and overlapping shapes.
_VISIBLE_POINT = """
(selector) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const box = el.getBoundingClientRect();
  const steps = 24;
  const candidates = [[box.left + box.width / 2, box.top + box.height / 2]];
  if (el.getTotalLength) {
    const length = el.getTotalLength();
    const ctm = el.getScreenCTM();
    for (let i = 1; i < steps; i++) {
      const p = el.getPointAtLength(length * i / steps);
      candidates.push([p.x * ctm.a + p.y * ctm.c + ctm.e, p.x * ctm.b + p.y * ctm.d + ctm.f]);
    }
  }
  for (let i = 1; i < steps; i++) for (let j = 1; j < steps; j++)
    candidates.push([box.left + box.width * i / steps, box.top + box.height * j / steps]);
  for (const [x, y] of candidates) {
    if (x < 0 || y < 0 || x > window.innerWidth || y > window.innerHeight) continue;
    const hit = document.elementFromPoint(x, y);
    if (hit && el.contains(hit)) return [x, y];
  }
  return null;
}
"""


def map_frame(page: Page) -> Frame:
    page.locator(IFRAME).wait_for(state="visible", timeout=TIMEOUT)
    handle = page.locator(IFRAME).element_handle(timeout=TIMEOUT)
    frame = handle.content_frame() if handle else None
    assert frame is not None, "the map iframe has no content"
    return frame


def open_dashboard(page: Page, url: str) -> Frame:
    """Open the app and wait until the map has drawn its countries and the counts show."""
    page.goto(url)
    frame = map_frame(page)
    frame.wait_for_function(
        "() => window.map && document.querySelector('path.cadash-country')", timeout=TIMEOUT
    )
    expect(page.locator(KPIS)).to_be_visible(timeout=TIMEOUT)
    return frame


def feature_point(page: Page, frame: Frame, feature_id: str) -> tuple[float, float]:
    """Page coordinates of a visible point of a feature (waits until there is one)."""
    selector = f'[data-id="{feature_id}"]'
    frame.wait_for_function(f"() => ({_VISIBLE_POINT})({selector!r}) !== null", timeout=TIMEOUT)
    x, y = frame.evaluate(_VISIBLE_POINT, selector)
    box = page.locator(IFRAME).bounding_box()
    assert box is not None
    return box["x"] + x, box["y"] + y


def click_feature(page: Page, frame: Frame, feature_id: str) -> None:
    page.mouse.click(*feature_point(page, frame, feature_id))


def tap_feature(page: Page, frame: Frame, feature_id: str) -> None:
    """A finger's tap (the page's context needs has_touch)."""
    page.touchscreen.tap(*feature_point(page, frame, feature_id))


def hover_feature(page: Page, frame: Frame, feature_id: str) -> None:
    page.mouse.move(*feature_point(page, frame, feature_id))


def count(frame: Frame, css_class: str) -> int:
    """Features of a layer drawn now (SVG paths, or the place markers' icons)."""
    return frame.locator(f".{css_class}").count()


def feature_ids(frame: Frame, css_class: str) -> set[str]:
    return set(
        frame.evaluate(
            f"() => [...document.querySelectorAll('.{css_class}')].map(p => p.getAttribute('data-id'))"
        )
    )


def wait_for_count(frame: Frame, css_class: str, expected: int) -> None:
    frame.wait_for_function(
        f"() => document.querySelectorAll('.{css_class}').length === {expected}",
        timeout=TIMEOUT,
    )


def metric(page: Page, label: str) -> Locator:
    """The value element of the st.metric with this label (the country profile's counts)."""
    return page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")


def kpi(page: Page, label: str) -> str:
    """The value the one-line counts show for ``label`` (as written, e.g. '1,234')."""
    text = page.locator(KPIS).inner_text(timeout=TIMEOUT)
    found = re.search(rf"{re.escape(label)}: ([^·]+?)( ·|$)", text)
    assert found, f"no {label!r} in the counts line: {text!r}"
    return found.group(1).strip()


def expect_kpi(page: Page, label: str, value: int | str, timeout: float = TIMEOUT) -> None:
    """The one-line counts above the map say 'label: value'."""
    text = f"{value:,}" if isinstance(value, int) else value
    expect(page.locator(KPIS)).to_contain_text(
        re.compile(rf"{re.escape(label)}: {re.escape(text)}( ·|$)"), timeout=timeout
    )


def open_layer_control(frame: Frame) -> None:
    """Unfold the layer control (folded at start), as a keyboard or touch user does."""
    control = frame.locator(".leaflet-control-layers")
    if "leaflet-control-layers-expanded" not in (control.get_attribute("class") or ""):
        # Leaflet unfolds it on hover (a mouse), focus and Enter (a keyboard), or a tap.
        control.hover()
    expect(control).to_have_class(re.compile(r"leaflet-control-layers-expanded"), timeout=TIMEOUT)


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a sidebar multiselect, as a user does: open it, click the option."""
    widget = page.get_by_test_id("stMultiSelect").filter(has_text=label)
    # The option list is virtualised: typing brings the option into view.
    widget.locator("input").fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    expect(widget).to_contain_text(option)


def wait_until_idle(page: Page) -> None:
    """Wait until the app has finished its current run (Streamlit marks the state on stApp)."""
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'",
        timeout=TIMEOUT,
    )
