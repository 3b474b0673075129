"""Time the dashboard in a real browser: page open to first marker, filter change to map.

Usage: python -m benchmarks.browser [--events 100000] [--runs 3] [--json PATH] [--workdir DIR]

Runs `streamlit run dashboard.py` on the shipped data and on a synthetic dataset, drives
Debian's Chromium with Playwright, and reads the server's peak memory (VmHWM): after one
user's session (first page and filter changes), and again after further page opens, each a
new session. Waits are on conditions in the page; times are wall-clock around those waits.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import tempfile
import time
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
            browser.close()
        memory_all = peak_memory_mb(server.process.pid)
    finally:
        stop_server(server)
    return {
        "dataset": name,
        "open_to_first_marker_ms_cold": round(cold),
        "open_to_first_marker_ms_p50": round(statistics.median(warm)),
        "filter_change_to_map_ms_p50": round(statistics.median(changes)),
        "server_peak_memory_mb_one_session": round(memory_one),
        "server_peak_memory_mb_after_all_sessions": round(memory_all),
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
