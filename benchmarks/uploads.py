"""What hostile and large uploads cost the running server: peak and held memory.

Usage: python -m benchmarks.uploads [--json PATH] [--rows 199000] [--repeats 6]

Runs `streamlit run dashboard.py` on the shipped data and drives Debian's Chromium:

1. uploads the ragged memory bomb of issue 16 (a 20 MB CSV: a two-column header, then ten
   million one-cell lines) and reads the server's peak memory (VmHWM) once the page says
   the file was refused, with the time that took;
2. uploads a large good file (``--rows`` events) and removes it again, ``--repeats`` times
   in one session, and reads the server's resident memory (VmRSS) after each removal;
3. closes the browser and reads VmRSS again.

Waits are on conditions in the page. Not a test: numbers depend on the machine; see
docs/PERFORMANCE.md for results.
"""

from __future__ import annotations

import argparse
import re
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect, sync_playwright

from benchmarks import report
from components.core.limits import MAX_ROWS
from tests.browser.mapdriver import expect_kpi, kpi, open_dashboard, wait_until_idle
from tests.browser.server import (
    chromium_args,
    ensure_chromium,
    peak_memory_mb,
    start_server,
    stop_server,
)
from tests.hostile import csv_bytes, ragged_bomb, rows

TIMEOUT = 600_000


def resident_mb(pid: int) -> float:
    """The process's resident memory now (VmRSS), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _input(page: Page) -> Locator:
    """The uploader's file input, with the 'Your data' section open (it closes when its
    last file is removed)."""
    if not page.get_by_text("Event files").is_visible():
        page.get_by_text("Your data").click()
        expect(page.get_by_text("Event files")).to_be_visible(timeout=TIMEOUT)
    return page.locator("section[data-testid='stFileUploaderDropzone'] input[type=file]")


def settled_rss(pid: int, before: float, within_s: float = 60) -> tuple[float, float]:
    """The server's resident memory once it stops falling after the browser closed (the
    session disconnects, and Streamlit clears its session-scoped caches), and how long
    that took; polled every half second for at most ``within_s``."""
    start = time.perf_counter()
    lowest, seen_at = before, 0.0
    while time.perf_counter() - start < within_s:
        now = resident_mb(pid)
        if now < lowest - 1:
            lowest, seen_at = now, time.perf_counter() - start
        elif time.perf_counter() - start - seen_at > 10:
            break  # nothing fell for ten seconds
        time.sleep(0.5)
    return lowest, seen_at


def large_file(path: Path, count: int) -> Path:
    """``count`` distinct good events with short texts (to stay under the 50 MB limit).

    No two share start date, host and actors (that would make them repeats): the dates
    cycle through 36,000 days from 2000 and each cycle has its own pair of actors.
    """
    records = rows(count, "big")
    pairs = ["EU", "CHN", "RUS", "TUR", "USA", "JPN", "KOR", "IND", "DEU", "FRA"]
    for i, record in enumerate(records):
        day = (date(2000, 1, 1) + timedelta(days=i % 36_000)).isoformat()
        record.update(start_date=day, end_date=day, summary="A meeting.", notes="")
        record["title"] = "Meeting"
        record["participants"] = f"{pairs[i // 36_000]}||; UZB||"
    path.write_bytes(csv_bytes(records))
    return path


def measure(count: int, repeats: int, workdir: Path) -> dict[str, Any]:
    bomb = workdir / "ragged.csv"
    bomb.write_bytes(ragged_bomb())
    big = large_file(workdir / "big.csv", count)
    server = start_server(None, workdir / "server.log", timeout=300)
    pid = server.process.pid
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(ensure_chromium()), args=chromium_args()
            )
            page = browser.new_page(viewport={"width": 1500, "height": 1100})
            open_dashboard(page, server.url)
            events = kpi(page, "Events")
            idle = resident_mb(pid)

            start = time.perf_counter()
            wait_until_idle(page)
            _input(page).set_input_files(str(bomb))
            expect(page.get_by_text(f"has more than {MAX_ROWS:,} rows")).to_be_visible(
                timeout=TIMEOUT
            )
            refused_s = time.perf_counter() - start
            bomb_peak = peak_memory_mb(pid)
            page.get_by_role("button", name="Remove ragged.csv").click()
            expect(page.get_by_text("has more than")).to_have_count(0, timeout=TIMEOUT)
            wait_until_idle(page)

            after_removals = []
            for repeat in range(repeats):
                # A new name each time: a browser may ignore the same file chosen again.
                copy = big.with_name(f"big-{repeat}.csv")
                copy.write_bytes(big.read_bytes())
                _input(page).set_input_files(str(copy))
                added = page.get_by_text(
                    re.compile(rf"{re.escape(copy.name)}: [\d,]+ event\(s\) added")
                )
                expect(added).to_be_visible(timeout=TIMEOUT)
                wait_until_idle(page)
                page.get_by_role("button", name=f"Remove {copy.name}").click()
                expect_kpi(page, "Events", events)
                wait_until_idle(page)
                after_removals.append(round(resident_mb(pid)))
            # The last upload stays: what the end of the session gives back.
            _input(page).set_input_files(str(big))
            expect(
                page.get_by_text(re.compile(r"big\.csv: [\d,]+ event\(s\) added"))
            ).to_be_visible(timeout=TIMEOUT)
            wait_until_idle(page)
            holding = resident_mb(pid)
            large_peak = peak_memory_mb(pid)
            browser.close()
        closed, closed_after_s = settled_rss(pid, holding)
    finally:
        stop_server(server)
    return {
        "server_idle_rss_mb": round(idle),
        "ragged_bomb_bytes": bomb.stat().st_size,
        "ragged_bomb_refused_s": round(refused_s, 1),
        "ragged_bomb_peak_mb": round(bomb_peak),
        "large_file_rows": count,
        "large_file_bytes": big.stat().st_size,
        "large_file_peak_mb": round(large_peak),
        "rss_after_each_removal_mb": after_removals,
        "rss_holding_one_large_upload_mb": round(holding),
        "rss_after_browser_closed_mb": round(closed),
        "rss_fell_within_s": round(closed_after_s, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=199_000)
    parser.add_argument("--repeats", type=int, default=6)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--workdir", type=Path, help="keep the files and the server log here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        result = measure(args.rows, args.repeats, workdir)
    for key, value in result.items():
        print(f"{key:>30}: {value}")
    if args.json:
        report.write(args.json, {**report.header(), "result": result})


if __name__ == "__main__":
    main()
