"""Time the dashboard in a real browser: page open to first marker, filter change to map, and
the other pages (comparison page open, a matrix cell's click, formats page open, one step of
time on the map) with the server's CPU time for each.

Usage: python -m benchmarks.browser [--events 100000] [--runs 3] [--json PATH] [--workdir DIR]

Runs `streamlit run dashboard.py` on the shipped data and on a synthetic dataset, drives
Debian's Chromium with Playwright, and reads the server's peak memory (VmHWM): after one
user's session (first page and filter changes), and again after further page opens, each a
new session. Waits are on conditions in the page; times are wall-clock around those waits.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

from benchmarks import synth
from tests.browser.mapdriver import IFRAME, map_frame
from tests.browser.server import (
    chromium_args,
    ensure_chromium,
    peak_memory_mb,
    start_server,
    stop_server,
)

ACTORS = ("China", "Russia", "European Union", "Turkey")
TIMEOUT = 180_000


def open_to_first_marker(page: Page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url)
    frame = map_frame(page)
    frame.wait_for_selector(".cadash-place", state="visible", timeout=TIMEOUT)
    return (time.perf_counter() - start) * 1000


def filter_to_map(page: Page, actor: str) -> float:
    """From picking an actor to the map showing the new layers."""
    frame = page.locator(IFRAME).element_handle().content_frame()
    assert frame is not None
    before = frame.evaluate("() => window.__GLOBAL_DATA__.last_feature_group")
    widget = page.get_by_test_id("stMultiSelect").filter(has_text="Actors")
    widget.locator("input").fill(actor)
    option = page.get_by_role("option", name=actor, exact=True)
    option.wait_for()
    start = time.perf_counter()
    option.click()
    frame.wait_for_function(
        "(before) => window.__GLOBAL_DATA__.last_feature_group !== before"
        " && document.querySelector('.cadash-place')",
        arg=before,
        timeout=TIMEOUT,
    )
    elapsed = (time.perf_counter() - start) * 1000
    page.keyboard.press("Escape")
    return elapsed


def server_cpu_ms(pid: int) -> float:
    """CPU time the server process has used so far (user + system), in ms."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def _spent(pid: int, action: Callable[[], None]) -> tuple[float, float]:
    """Wall time of an action (it waits for its result) and the server's CPU during it."""
    cpu = server_cpu_ms(pid)
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000, server_cpu_ms(pid) - cpu


def other_pages(page: Page, url: str, pid: int, runs: int) -> dict[str, Any]:
    """The comparison page, the formats page and a step of time on the map."""
    from components.ui.compare_page import ACTOR_WIDTH, STATE_WIDTH

    def open_compare() -> None:
        page.goto(f"{url}/compare")
        page.locator(".st-key-download_absence").wait_for(timeout=TIMEOUT)

    def click_cell(row: int) -> Callable[[], None]:
        def click() -> None:
            canvas = page.locator(".st-key-cmp_matrix").get_by_test_id("data-grid-canvas")
            canvas.scroll_into_view_if_needed()
            box = canvas.bounding_box()
            assert box is not None
            before = page.evaluate("() => new URL(location.href).searchParams.get('cell')")
            page.mouse.click(
                box["x"] + ACTOR_WIDTH + STATE_WIDTH / 2, box["y"] + 35 + 35 * row + 17
            )
            # The URL names the new cell once the rerun has drawn its events.
            page.wait_for_function(
                "(before) => new URL(location.href).searchParams.get('cell') !== before",
                arg=before,
                timeout=TIMEOUT,
            )
            page.locator(".st-key-cmp_cell_events").wait_for(timeout=TIMEOUT)

        return click

    def open_formats() -> None:
        page.goto(f"{url}/formats")
        page.locator(".st-key-download_calendar").wait_for(timeout=TIMEOUT)

    def step_frame() -> None:
        frame = page.locator(IFRAME).element_handle().content_frame()
        assert frame is not None
        before = frame.evaluate("() => window.__GLOBAL_DATA__.last_feature_group")
        page.locator(".st-key-tf_next button").click()
        frame.wait_for_function(
            "(before) => window.__GLOBAL_DATA__.last_feature_group !== before",
            arg=before,
            timeout=TIMEOUT,
        )

    opens = [_spent(pid, open_compare) for _ in range(runs)]
    clicks = [_spent(pid, click_cell(row)) for row in range(runs)]
    formats = [_spent(pid, open_formats) for _ in range(runs)]
    page.goto(f"{url}/?frame=2015-Q1")
    map_frame(page).wait_for_selector("path.cadash-country", timeout=TIMEOUT)
    steps = [_spent(pid, step_frame) for _ in range(runs)]

    def p50(samples: list[tuple[float, float]], which: int) -> int:
        return round(statistics.median(s[which] for s in samples))

    return {
        "compare_open_ms_p50": p50(opens, 0),
        "compare_open_server_cpu_ms_p50": p50(opens, 1),
        "cell_click_to_events_ms_p50": p50(clicks, 0),
        "cell_click_server_cpu_ms_p50": p50(clicks, 1),
        "formats_open_ms_p50": p50(formats, 0),
        "formats_open_server_cpu_ms_p50": p50(formats, 1),
        "frame_step_to_map_ms_p50": p50(steps, 0),
        "frame_step_server_cpu_ms_p50": p50(steps, 1),
    }


def measure(name: str, data_dir: Path | None, runs: int, log_dir: Path) -> dict[str, Any]:
    server = start_server(data_dir, log_dir / f"{name}.log", timeout=300)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(ensure_chromium()), args=chromium_args()
            )
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            cold = open_to_first_marker(page, server.url)
            # One user: the first page, then filter changes on it.
            changes = [filter_to_map(page, actor) for actor in ACTORS[:runs]]
            memory_one = peak_memory_mb(server.process.pid)
            # Then more page opens: each is a new session with its own reruns.
            warm = [open_to_first_marker(page, server.url) for _ in range(runs)]
            memory_all = peak_memory_mb(server.process.pid)
            pages = other_pages(page, server.url, server.process.pid, runs)
            browser.close()
        memory_pages = peak_memory_mb(server.process.pid)
    finally:
        stop_server(server)
    return {
        "dataset": name,
        "open_to_first_marker_ms_cold": round(cold),
        "open_to_first_marker_ms_p50": round(statistics.median(warm)),
        "filter_change_to_map_ms_p50": round(statistics.median(changes)),
        "server_peak_memory_mb_one_session": round(memory_one),
        "server_peak_memory_mb_after_all_sessions": round(memory_all),
        "server_peak_memory_mb_after_other_pages": round(memory_pages),
        **pages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--workdir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        folder = workdir / f"synthetic-{args.events}"
        if not (folder / "events.csv").exists():
            synth.write(args.events, folder)
        results = [
            measure("shipped", None, args.runs, Path(tmp)),
            measure(f"{args.events:,}", folder, args.runs, Path(tmp)),
        ]
    header = f"{'dataset':>9} {'open cold ms':>12} {'open p50 ms':>11} {'filter p50 ms':>13}"
    print(header + f" {'peak MB (1 session)':>19} {'peak MB (all)':>13}")
    for r in results:
        print(
            f"{r['dataset']:>9} {r['open_to_first_marker_ms_cold']:>12} {r['open_to_first_marker_ms_p50']:>11}"
            f" {r['filter_change_to_map_ms_p50']:>13} {r['server_peak_memory_mb_one_session']:>19}"
            f" {r['server_peak_memory_mb_after_all_sessions']:>13}"
        )
    for r in results:
        print(
            f"{r['dataset']:>9} compare open {r['compare_open_ms_p50']} ms"
            f" (server CPU {r['compare_open_server_cpu_ms_p50']} ms), cell click"
            f" {r['cell_click_to_events_ms_p50']} ms (CPU {r['cell_click_server_cpu_ms_p50']}),"
            f" formats open {r['formats_open_ms_p50']} ms (CPU"
            f" {r['formats_open_server_cpu_ms_p50']}), frame step"
            f" {r['frame_step_to_map_ms_p50']} ms (CPU {r['frame_step_server_cpu_ms_p50']}),"
            f" peak memory after them {r['server_peak_memory_mb_after_other_pages']} MB"
        )
    if args.json:
        report = {
            "date": date.today().isoformat(),
            "machine": f"{platform.machine()}, {platform.system()} {platform.release()}",
            "results": results,
        }
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
