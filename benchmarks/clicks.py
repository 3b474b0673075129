"""Time a selection in a real browser: a click on the map, or a 'Go to' choice, to its details.

Usage: python -m benchmarks.clicks [--events 100000] [--runs 5] [--json PATH] [--workdir DIR]

Runs `streamlit run dashboard.py` on the shipped data and on a synthetic dataset, drives
Debian's Chromium with Playwright and, for each selection, measures the wall-clock time
from the click (or the Enter in the 'Go to' list) to the details panel showing the chosen
place's heading and the map drawing it as selected. A selection reruns only the fragment
holding the map, its details and the table (components/ui/map_page.py); for comparison the
same run times a filter change, which reruns the whole page. Waits are on conditions in the
page; nothing sleeps.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect, sync_playwright

from benchmarks import report, synth
from components.core.dataset import load_dataset
from components.core.filters import Filters
from components.core.view import make_view
from tests.browser.mapdriver import (
    _VISIBLE_POINT,
    IFRAME,
    expect_kpi,
    feature_point,
    map_frame,
)
from tests.browser.server import chromium_args, ensure_chromium, start_server, stop_server

TIMEOUT = 180_000
GOTO = "Go to a place, country, arc, relationship or route"


def _idle(page: Page) -> None:
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=TIMEOUT
    )


def _selected(page: Page, place_id: str, heading: str) -> None:
    details = page.get_by_test_id("stColumn").filter(
        has=page.get_by_role("heading", name="Details")
    )
    expect(details.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=TIMEOUT)
    map_frame(page).wait_for_selector(f'.cadash-selected[data-id="{place_id}"]', timeout=TIMEOUT)


def click_to_details(page: Page, place_id: str, heading: str) -> float | None:
    """None when the place's marker is covered right now (the selected one is drawn on top)."""
    frame = map_frame(page)
    if frame.evaluate(_VISIBLE_POINT, f'[data-id="{place_id}"]') is None:
        return None
    point = feature_point(page, frame, place_id)
    start = time.perf_counter()
    page.mouse.click(*point)
    _selected(page, place_id, heading)
    elapsed = (time.perf_counter() - start) * 1000
    _idle(page)
    return elapsed


def goto_to_details(page: Page, label: str, place_id: str, heading: str) -> float:
    goto = page.get_by_role("combobox", name=GOTO)
    goto.focus()
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type(label)
    page.get_by_role("option", name=label).first.wait_for(timeout=TIMEOUT)
    start = time.perf_counter()
    page.keyboard.press("Enter")
    _selected(page, place_id, heading)
    elapsed = (time.perf_counter() - start) * 1000
    _idle(page)
    return elapsed


def filter_to_page(page: Page, actor: str, events: int) -> float:
    """For comparison: a filter change, which reruns the whole page, to the new counts."""
    widget = page.get_by_test_id("stMultiSelect").filter(has_text="Actors")
    widget.locator("input").fill(actor)
    option = page.get_by_role("option", name=actor, exact=True)
    option.wait_for(timeout=TIMEOUT)
    start = time.perf_counter()
    option.click()
    expect_kpi(page, "Events", events, timeout=TIMEOUT)
    elapsed = (time.perf_counter() - start) * 1000
    page.keyboard.press("Escape")
    _idle(page)
    return elapsed


def measure(name: str, data_dir: Path | None, runs: int, log_dir: Path) -> dict[str, Any]:
    dataset = load_dataset(data_dir) if data_dir else None
    if dataset is None:
        from tests.helpers import DATA

        dataset = load_dataset(DATA)
    places = make_view(dataset, Filters()).places.head(60)
    candidates = [
        (row.place_id, f"{row.city}, {row.country}", int(row.events))
        for row in places.itertuples(index=False)
    ]
    chosen = ("CHN", "RUS", "TUR", "USA", "EU")[: min(runs, 5)]
    picked = [
        (chosen[: i + 1], len(make_view(dataset, Filters(actors=chosen[: i + 1])).events))
        for i in range(len(chosen))
    ]
    server = start_server(data_dir, log_dir / f"{name}.log", timeout=300)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(ensure_chromium()), args=chromium_args()
            )
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            page.goto(server.url)
            page.locator(IFRAME).wait_for(state="visible", timeout=TIMEOUT)
            map_frame(page).wait_for_selector(".cadash-place", timeout=TIMEOUT)
            _idle(page)
            # Places whose marker is not covered by others (and whose name is unique).
            frame = map_frame(page)
            headings = [h for _, h, _ in candidates]
            targets = [
                (p, h, n)
                for p, h, n in candidates
                if headings.count(h) == 1
                and frame.evaluate(_VISIBLE_POINT, f'[data-id="{p}"]') is not None
            ]
            clicks: list[float] = []
            for p, h, _ in targets:
                elapsed = click_to_details(page, p, h)
                if elapsed is not None:
                    clicks.append(elapsed)
                if len(clicks) == runs:
                    break
            gotos = [
                goto_to_details(page, f"Place: {h} ({n} event", p, h) for p, h, n in targets[-runs:]
            ]
            filters = [
                filter_to_page(page, dataset.actor_names[picks[-1]], events)
                for picks, events in picked
            ]
            browser.close()
    finally:
        stop_server(server)
    result = {
        "dataset": name,
        "click_to_details_ms_p50": round(statistics.median(clicks)),
        "click_to_details_ms_max": round(max(clicks)),
        "goto_to_details_ms_p50": round(statistics.median(gotos)),
        "filter_change_full_rerun_ms_p50": round(statistics.median(filters)),
    }
    print(result, flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="0: shipped data only")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = [measure("shipped", None, args.runs, Path(tmp))]
        if args.events:
            workdir = args.workdir or Path(tmp)
            folder = workdir / f"synthetic-{args.events}"
            if not (folder / "events.csv").exists():
                synth.write(args.events, folder)
            results.append(measure(f"{args.events:,}", folder, args.runs, Path(tmp)))
    if args.json:
        report.write(args.json, {**report.header(), "results": results})


if __name__ == "__main__":
    main()
