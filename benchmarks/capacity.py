"""What the running server spends per interaction, and how many viewers it serves.

Usage: python -m benchmarks.capacity [--events 100000] [--repeats 5] [--json PATH]
                                     [--workdir DIR] [--viewers 5,10,...] [--step-seconds 30]
                                     [--quick] [--skip-synthetic] [--skip-uploads]

For the shipped data and a synthetic dataset (benchmarks.synth, --events), it starts the
real server (`streamlit run dashboard.py` with .streamlit/config.toml, loopback only) and:

1. **Per interaction, in Chromium** (Playwright, Debian's /usr/bin/chromium): page open,
   filter change (an actor picked in the sidebar, or *Reset filters*) and map click (a place
   marker inside the streamlit_folium iframe). For each it reads the server process's CPU
   time (/proc/PID/stat utime + stime, all threads) before the action and after the server
   has settled (every rerun the browser asked for has finished and the CPU time has stopped
   growing), and the wait the user sees: from the action to the page showing its result and
   the server's script_finished reaching the browser. The websocket messages Chromium sent
   are recorded for step 2.
2. **Capacity** (benchmarks.viewers): N simulated viewers replay the recorded session over
   Streamlit's own websocket protocol. The viewers arrive first: each opens the page (a
   first visit: the same files Chromium fetched, then the app) at a random moment of one
   period; those waits are reported as arrivals. Then, for --step-seconds, each makes one
   interaction every 5 s (clicks and filter changes, as recorded; a viewer who reaches
   the end of the recording opens the page again). The server's CPU is counted over that
   window; N grows until the 95th percentile wait of the clicks and filter changes passes
   1 s. Reported: the largest N within 1 s, and the server's CPU and peak
   memory at that N; once on both cores, once with the server pinned to core 0 (taskset),
   the closest stand-in here for a small Community Cloud container. The load generator runs
   on the other core in that case.
3. **Memory** (synthetic data): the server's peak with one session, then with ten sessions
   opening the page, changing a filter and clicking the map at the same time.

4. **Hostile uploads** (shipped data, benchmarks.uploads): the server's peak memory while
   it refuses the 20 MB ragged CSV of issue 16, and its resident memory after adding and
   removing a 199,000-row file six times (--skip-uploads leaves this out).

Every phase has a time bound: a step lasts --step-seconds, the ramp stops at the first
step over 1 s (or at the last N), each wait times out after 60 s.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pandas as pd
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Frame,
    Page,
    Playwright,
    Request,
    sync_playwright,
)

from benchmarks import report, synth, uploads, viewers
from benchmarks.procstat import (
    busy_seconds,
    cpu_seconds,
    load_average,
    peak_mb,
    reset_peak,
    rss_mb,
    wait_for_quiet,
    wait_quiet,
)
from components.core.dataset import DEFAULT_DATA_DIR
from tests.browser.mapdriver import IFRAME, map_frame
from tests.browser.server import (
    ROOT,
    Server,
    chromium_args,
    ensure_chromium,
    start_server,
    stop_server,
)

TIMEOUT = 60_000
PERIOD = 5.0
P95_LIMIT = 1.0
DEFAULT_VIEWERS = "5,10,15,20,25,30,40,50,60,80"
# Other processes on the machine take CPU from the server and inflate both its waits and
# its CPU time. Before each phase, wait (up to QUIET_WAIT s) until they use under this.
QUIET_LIMIT = 0.3
QUIET_WAIT = 180.0
ACTORS_KEY = "flt_actors"
# Filter changes, in order: pick an actor (a new filter state), or press Reset filters (back
# to the default state, computed before and shared).
FILTERS = ("China", "Russia", None, "Turkey", "European Union", "Japan", None, "India")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
# Place markers: donuts (a div icon holding an SVG) with the feature id in data-id.
PLACE_MARKER = ".cadash-place[data-id]"
# The sidebar's widgets, by their keys (components.ui.sidebar: flt_<name>).
ACTORS_FILTER = ".st-key-flt_actors"
RESET_FILTERS = ".st-key-flt_reset button"
# A point inside a place marker that is on top, in the iframe's coordinates (or null).
_MARKERS_ON_TOP = """
() => {
  const out = [];
  for (const el of document.querySelectorAll('.cadash-place[data-id]')) {
    const box = el.getBoundingClientRect();
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    if (x < 40 || y < 40 || x > window.innerWidth - 260 || y > window.innerHeight - 40) continue;
    const hit = document.elementFromPoint(x, y);
    if (hit && el.contains(hit)) out.push([el.getAttribute('data-id'), x, y]);
  }
  return out;
}
"""


# ---------------------------------------------------------------- one browser session


class Recorder:
    """Watches a page's websocket: rerun requests sent (kept, by interaction) and runs finished."""

    def __init__(self, page: Page) -> None:
        self.kind = "open"
        self.frames: list[tuple[str, bytes]] = []
        self.assets: list[str] = []
        self.sent = 0
        self.finished = 0
        self.last_frame = time.monotonic()
        self.external: list[str] = []
        page.on("websocket", self._attach)
        page.on("request", self._request)

    def _attach(self, ws: Any) -> None:
        ws.on("framesent", self._sent)
        ws.on("framereceived", self._received)

    def _request(self, request: Request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about"):
            return
        if parts.hostname not in LOCAL_HOSTS:
            self.external.append(request.url)
        elif self.kind == "open" and request.method == "GET":
            self.assets.append(parts.path + (f"?{parts.query}" if parts.query else ""))

    def _sent(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes) and viewers.is_rerun(payload):
            self.frames.append((self.kind, payload))
            self.sent += 1
            self.last_frame = time.monotonic()

    def _received(self, payload: str | bytes) -> None:
        if isinstance(payload, bytes) and viewers.is_script_finished(payload):
            self.finished += 1
            self.last_frame = time.monotonic()

    def steps(self) -> list[viewers.Step]:
        """The recorded interactions, each with its rerun requests."""
        out: list[viewers.Step] = []
        last = None
        for kind, frame in self.frames:
            if kind != last:
                out.append(viewers.Step(kind.split(":")[0], []))
                last = kind
            out[-1].frames.append(frame)
        return out


def settle(page: Page, recorder: Recorder, pid: int, quiet: float = 0.5) -> float:
    """Wait until every requested rerun has finished and the server's CPU time is still."""
    deadline = time.monotonic() + TIMEOUT / 1000
    last_cpu, since = cpu_seconds(pid), time.monotonic()
    while time.monotonic() < deadline:
        page.wait_for_timeout(50)
        now = cpu_seconds(pid)
        if now != last_cpu:
            last_cpu, since = now, time.monotonic()
        idle = time.monotonic() - max(since, recorder.last_frame)
        if recorder.sent == recorder.finished and idle >= quiet:
            return now
    raise TimeoutError("the server did not settle")


def _wait(page: Page, condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + TIMEOUT / 1000
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        page.wait_for_timeout(5)


def _frame(page: Page) -> Frame:
    handle = page.locator(IFRAME).element_handle(timeout=TIMEOUT)
    frame = handle.content_frame() if handle else None
    assert frame is not None
    return frame


def open_page(page: Page, url: str, recorder: Recorder) -> float:
    """From navigation to the first place marker drawn and the first run finished (s)."""
    start = time.perf_counter()
    page.goto(url)
    map_frame(page).wait_for_selector(PLACE_MARKER, state="visible", timeout=TIMEOUT)
    _wait(page, lambda: recorder.finished >= 1)
    return time.perf_counter() - start


def change_filter(page: Page, recorder: Recorder, actor: str | None) -> float:
    """Pick an actor (or press Reset filters); until the map has its new layers (s)."""
    frame = _frame(page)
    before = frame.evaluate("() => window.__GLOBAL_DATA__.last_feature_group")
    if actor is None:
        target = page.locator(RESET_FILTERS)
    else:
        widget = page.locator(ACTORS_FILTER)
        widget.locator("input").fill(actor)
        target = page.get_by_role("option", name=actor, exact=True)
        target.wait_for(timeout=TIMEOUT)
    finished = recorder.finished
    start = time.perf_counter()
    target.click()
    _wait(page, lambda: recorder.finished > finished)
    frame.wait_for_function(
        "(before) => window.__GLOBAL_DATA__.last_feature_group !== before"
        " && document.querySelector('.cadash-place[data-id]')",
        arg=before,
        timeout=TIMEOUT,
    )
    elapsed = time.perf_counter() - start
    if actor is not None:
        page.keyboard.press("Escape")
    return elapsed


def click_place(page: Page, recorder: Recorder, avoid: set[str]) -> tuple[float, str]:
    """Click a place marker not clicked before; until its details are shown (s, its id)."""
    frame = _frame(page)
    candidates = [c for c in frame.evaluate(_MARKERS_ON_TOP) if c[0] not in avoid]
    if not candidates:
        candidates = frame.evaluate(_MARKERS_ON_TOP)
    feature_id, x, y = candidates[0]
    box = page.locator(IFRAME).bounding_box()
    assert box is not None
    finished = recorder.finished
    start = time.perf_counter()
    page.mouse.click(box["x"] + x, box["y"] + y)
    _wait(page, lambda: recorder.finished > finished)
    _wait(page, lambda: parse_qs(urlsplit(page.url).query).get("sel") == [feature_id])
    page.get_by_text("event(s), newest first").wait_for(timeout=TIMEOUT)
    return time.perf_counter() - start, feature_id


def _stats(samples: list[tuple[float, float]]) -> dict[str, Any]:
    """CPU (ms) and wait (ms) of repeated interactions: medians, CPU mean, and the samples."""
    cpu = [c * 1000 for c, _ in samples]
    wait = [w * 1000 for _, w in samples]
    return {
        "server_cpu_ms_p50": round(statistics.median(cpu)),
        "server_cpu_ms_mean": round(statistics.fmean(cpu), 1),
        "wait_ms_p50": round(statistics.median(wait)),
        "wait_ms_max": round(max(wait)),
        "server_cpu_ms": [round(c) for c in cpu],
        "wait_ms": [round(w) for w in wait],
    }


# Loopback only, without request interception (which would turn the HTTP cache off):
# every host name but localhost fails to resolve.
NO_NETWORK = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1"


@contextmanager
def _browser() -> Iterator[tuple[Playwright, Browser]]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(ensure_chromium()), args=[*chromium_args(), NO_NETWORK]
        )
        try:
            yield playwright, browser
        finally:
            browser.close()


def _new_page(browser: Browser, context: BrowserContext | None = None) -> tuple[Page, Recorder]:
    """A page in a new browser context (nothing cached), or in the given one."""
    if context is None:
        context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    return page, Recorder(page)


def in_browser(server: Server, repeats: int) -> tuple[dict[str, Any], viewers.Script]:
    """Per-interaction CPU and waits in Chromium; the recorded session for the viewers."""
    pid = server.process.pid
    out: dict[str, Any] = {}
    external: list[str] = []
    with _browser() as (_, browser):
        page, recorder = _new_page(browser)
        cpu0 = cpu_seconds(pid)
        wait = open_page(page, server.url, recorder)
        cpu1 = settle(page, recorder, pid, quiet=1.0)
        out["open_first_after_start"] = {
            "server_cpu_ms": round((cpu1 - cpu0) * 1000),
            "wait_ms": round(wait * 1000),
        }
        clicks: list[tuple[float, float]] = []
        filters: list[tuple[float, float]] = []
        resets: list[tuple[float, float]] = []
        clicked: set[str] = set()
        for i in range(repeats):
            recorder.kind = f"click:{i}"
            cpu0 = cpu_seconds(pid)
            wait, feature = click_place(page, recorder, clicked)
            clicked.add(feature)
            clicks.append((settle(page, recorder, pid) - cpu0, wait))
            recorder.kind = f"filter:{i}"
            cpu0 = cpu_seconds(pid)
            actor = FILTERS[i % len(FILTERS)]
            wait = change_filter(page, recorder, actor)
            # Reset returns to the default filters, whose results are shared already.
            (resets if actor is None else filters).append(
                (settle(page, recorder, pid) - cpu0, wait)
            )
        script = viewers.Script(server.url, list(recorder.assets), recorder.steps())
        external += recorder.external
        # A returning visitor: a new page (a new session) in the same browser, whose
        # cache holds Streamlit's files (they are served as immutable for a year).
        returns: list[tuple[float, float]] = []
        for _ in range(repeats):
            again, recorder = _new_page(browser, page.context)
            cpu0 = cpu_seconds(pid)
            wait = open_page(again, server.url, recorder)
            returns.append((settle(again, recorder, pid, quiet=1.0) - cpu0, wait))
            external += recorder.external
            again.close()
        page.context.close()
        firsts: list[tuple[float, float]] = []
        for _ in range(repeats):
            # A new context each time: a first visit, nothing cached, a new session.
            page, recorder = _new_page(browser)
            cpu0 = cpu_seconds(pid)
            wait = open_page(page, server.url, recorder)
            firsts.append((settle(page, recorder, pid, quiet=1.0) - cpu0, wait))
            external += recorder.external
            page.context.close()
    out["open_returning"] = _stats(returns)
    out["open_first_visit"] = _stats(firsts)
    out["filter_change"] = _stats(filters)
    out["filter_reset"] = _stats(resets) if resets else None
    out["map_click"] = _stats(clicks)
    if external:
        raise RuntimeError(f"requests left the machine: {external[:5]}")
    out["recorded_reruns"] = {s.kind: 0 for s in script.steps}
    for step in script.steps:
        out["recorded_reruns"][step.kind] += len(step.frames)
    return out, script


def files_cpu(server: Server, assets: list[str], repeats: int = 3) -> dict[str, Any]:
    """What serving a first visit's files costs the server: CPU ms, files, bytes."""
    pid = server.process.pid
    samples, size = [], 0
    for _ in range(repeats):
        wait_quiet(pid, quiet=0.3, timeout=10)
        cpu0 = cpu_seconds(pid)
        size = asyncio.run(viewers.fetch_files(server.url, assets))
        samples.append((wait_quiet(pid, quiet=0.3, timeout=10) - cpu0) * 1000)
    return {
        "server_cpu_ms_p50": round(statistics.median(samples)),
        "files": len(assets),
        "bytes": size,
    }


def idle_cpu(pid: int, seconds: float = 5.0) -> float:
    """CPU ms per second the server spends with no session open."""
    wait_quiet(pid, quiet=0.5, timeout=10)
    start = cpu_seconds(pid)
    time.sleep(seconds)
    return round((cpu_seconds(pid) - start) * 1000 / seconds, 1)


# ---------------------------------------------------------------- many viewers


def _retarget(script: viewers.Script, url: str) -> viewers.Script:
    return viewers.Script(url, script.assets, script.steps)


def personaliser(data_dir: Path | None) -> viewers.Personalise:
    """Each viewer its own filter states: the recorded actors plus one or two of its own."""
    folder = data_dir or DEFAULT_DATA_DIR
    names = pd.read_csv(folder / "actors.csv", dtype=str)["name"].tolist()

    def personalise(script: viewers.Script, rng: random.Random) -> viewers.Script:
        return viewers.widen_choices(script, ACTORS_KEY, names, rng)

    return personalise


@contextmanager
def _load_generator_cpus(server_cpus: str | None) -> Iterator[None]:
    """Keep the load generator off the server's cores when the server is pinned."""
    own = os.sched_getaffinity(0)
    if server_cpus is not None:
        rest = own - {int(c) for c in server_cpus.split(",")}
        if rest:
            os.sched_setaffinity(0, rest)
    try:
        yield
    finally:
        os.sched_setaffinity(0, own)


def within_limit(step: dict[str, Any]) -> bool:
    p95 = step["wait_s"]["p95"]
    return step["failures"] == 0 and p95 is not None and p95 <= P95_LIMIT


def crowd_step(
    server: Server,
    script: viewers.Script,
    n: int,
    seconds: float,
    personalise: viewers.Personalise,
    quiet: bool = True,
) -> dict[str, Any]:
    """``n`` viewers for ``seconds``: waits, and what the server and the machine spent."""
    pid = server.process.pid
    others, waited = wait_for_quiet([pid], QUIET_LIMIT, QUIET_WAIT if quiet else 0)
    peak_rss = [rss_mb(pid)]
    reset = reset_peak(pid)
    start: dict[str, float] = {}

    def window_starts() -> None:
        # What the server and the machine spend is counted from here: after the arrivals.
        start.update(
            cpu=cpu_seconds(pid),
            busy=busy_seconds(),
            own=time.process_time(),
            wall=time.monotonic(),
        )

    arrivals = viewers.Samples()
    samples = asyncio.run(
        viewers.crowd(
            _retarget(script, server.url),
            n,
            seconds,
            PERIOD,
            on_tick=lambda: peak_rss.append(rss_mb(pid)),
            personalise=personalise,
            arrivals=arrivals,
            on_start=window_starts,
        )
    )
    wall = time.monotonic() - start["wall"]
    cpu = cpu_seconds(pid) - start["cpu"]
    busy, own = busy_seconds() - start["busy"], time.process_time() - start["own"]
    done = len(samples.waits())
    return {
        "viewers": n,
        "seconds": round(wall, 1),
        "interactions": done,
        "failures": samples.failures(),
        # The limit applies to what a viewer does on the page; page opens are listed apart
        # (their wait includes fetching Streamlit's ~160 files, see docs/PERFORMANCE.md).
        "wait_s": viewers.summary(samples.waits("filter", "click")),
        "wait_s_by_kind": {
            "filter": viewers.summary(samples.waits("filter")),
            "click": viewers.summary(samples.waits("click")),
            "open": viewers.summary(samples.waits("open")),
            "open_after_files": viewers.summary(samples.app_waits()),
            # The n viewers arriving within one period, before the window (not in the CPU).
            "arrival_open": viewers.summary(arrivals.waits("open")),
            "arrival_failures": arrivals.failures(),
        },
        "server_cpu_share": round(cpu / wall, 2),
        "server_cpu_ms_per_interaction": round(cpu * 1000 / max(done, 1), 1),
        "server_rss_peak_mb": round(max(peak_mb(pid), *peak_rss) if reset else max(peak_rss)),
        "load_generator_cpu_share": round(own / wall, 2),
        "other_processes_cpu_share": round(max(0.0, busy - cpu - own) / wall, 2),
        "other_processes_cpu_share_before": round(others, 2),
        "waited_for_quiet_s": round(waited),
    }


def capacity(
    data_dir: Path | None,
    script: viewers.Script,
    counts: list[int],
    seconds: float,
    cpus: str | None,
    log: Path,
    quiet: bool = True,
) -> dict[str, Any]:
    """Raise the number of viewers until the p95 wait passes the limit."""
    steps: list[dict[str, Any]] = []
    personalise = personaliser(data_dir)
    server = start_server(data_dir, log, timeout=300, cpus=cpus)
    try:
        with _load_generator_cpus(cpus):
            # The first session loads the data; that is not part of a viewer's wait.
            asyncio.run(viewers.together(_retarget(script, server.url), 1, 1))
            wait_quiet(server.process.pid)
            for n in counts:
                step = crowd_step(server, script, n, seconds, personalise, quiet)
                steps.append(step)
                w = step["wait_s_by_kind"]
                print(
                    f"    {n:>3} viewers: p95 {step['wait_s']['p95']} s (filter "
                    f"{w['filter']['p95']}, click {w['click']['p95']}, open "
                    f"{w['open']['p95']}, arriving {w['arrival_open']['p95']}), server {step['server_cpu_share']:.2f} cores, "
                    f"{step['server_cpu_ms_per_interaction']} ms/interaction, RSS peak "
                    f"{step['server_rss_peak_mb']} MB, failures {step['failures']}, other "
                    f"processes {step['other_processes_cpu_share']:.2f} cores "
                    f"(waited {step['waited_for_quiet_s']} s for under {QUIET_LIMIT})",
                    flush=True,
                )
                if not within_limit(step):
                    break
                wait_quiet(server.process.pid, timeout=30)
    finally:
        stop_server(server)
    passing = [s for s in steps if within_limit(s)]
    best = passing[-1] if passing else None
    return {
        "server_cpus": cpus or "all",
        "max_viewers_p95_within_1s": best["viewers"] if best else 0,
        "at_max": best,
        "first_over": steps[len(passing)] if len(passing) < len(steps) else None,
        "steps": steps,
        "stopped_by_limit": len(passing) < len(steps),
    }


def memory(data_dir: Path | None, script: viewers.Script, log: Path, sessions: int = 10) -> dict:
    """Peak memory with one session, then with ``sessions`` sessions at the same time.

    Each session opens the page, changes a filter and clicks the map (its own filters).
    """
    personalise = personaliser(data_dir)
    server = start_server(data_dir, log, timeout=300)
    pid = server.process.pid
    try:
        url = server.url
        steps = min(3, len(script.steps))
        asyncio.run(viewers.together(_retarget(script, url), 1, steps, personalise=personalise))
        wait_quiet(pid)
        one = peak_mb(pid)
        samples = asyncio.run(
            viewers.together(_retarget(script, url), sessions, steps, personalise=personalise)
        )
        wait_quiet(pid)
        many = peak_mb(pid)
        after = rss_mb(pid)
    finally:
        stop_server(server)
    return {
        "sessions": sessions,
        "interactions_each": steps,
        "failures": samples.failures(),
        "server_peak_mb_one_session": round(one),
        "server_peak_mb_all_sessions": round(many),
        "extra_mb_per_session": round((many - one) / (sessions - 1), 1),
        "server_rss_mb_after": round(after),
        "wait_s": viewers.summary(samples.waits()),
    }


# ---------------------------------------------------------------- the whole run


def measure(
    name: str,
    data_dir: Path | None,
    args: argparse.Namespace,
    log_dir: Path,
    cpu_sets: list[str | None],
) -> dict[str, Any]:
    """Every phase for one dataset."""
    print(f"{name}: server CPU per interaction in Chromium", flush=True)
    result: dict[str, Any] = {"dataset": name, "load_average_before": load_average()}
    server = start_server(data_dir, log_dir / f"{name}-browser.log", timeout=300)
    try:
        others, waited = wait_for_quiet(
            [server.process.pid], QUIET_LIMIT, QUIET_WAIT if args.wait_for_quiet else 0
        )
        result["other_processes_before_browser"] = {
            "cores": round(others, 2),
            "waited_s": round(waited),
        }
        result["in_browser"], script = in_browser(server, args.repeats)
        result["page_open_files"] = files_cpu(server, script.assets)
        result["idle_server_cpu_ms_per_s"] = idle_cpu(server.process.pid)
        result["server_peak_mb_after_browser_sessions"] = round(peak_mb(server.process.pid))
    finally:
        stop_server(server)
    _print_browser(result)
    counts = [int(c) for c in args.viewers.split(",") if c.strip()]
    result["capacity"] = []
    for cpus in cpu_sets:
        label = f"core {cpus}" if cpus else "all cores"
        print(f"{name}: capacity, server on {label}", flush=True)
        result["capacity"].append(
            capacity(
                data_dir,
                script,
                counts,
                args.step_seconds,
                cpus,
                log_dir / f"{name}-capacity-{cpus or 'all'}.log",
                args.wait_for_quiet,
            )
        )
        best = result["capacity"][-1]["max_viewers_p95_within_1s"]
        print(f"    largest number of viewers with p95 within 1 s: {best}", flush=True)
    print(f"{name}: memory with 10 sessions at once", flush=True)
    result["memory"] = memory(data_dir, script, log_dir / f"{name}-memory.log")
    m = result["memory"]
    print(
        f"    peak {m['server_peak_mb_one_session']} MB with one session, "
        f"{m['server_peak_mb_all_sessions']} MB with {m['sessions']} "
        f"({m['extra_mb_per_session']} MB each extra)",
        flush=True,
    )
    result["load_average_after"] = load_average()
    return result


def _print_browser(result: dict[str, Any]) -> None:
    b = result["in_browser"]
    first = b["open_first_after_start"]
    print(
        f"    first page after start: {first['server_cpu_ms']} ms CPU, {first['wait_ms']} ms wait"
    )
    for key in ("open_returning", "open_first_visit", "filter_change", "map_click"):
        s = b[key]
        print(
            f"    {key:>16}: server CPU p50 {s['server_cpu_ms_p50']} ms "
            f"(mean {s['server_cpu_ms_mean']}), wait p50 {s['wait_ms_p50']} ms"
        )
    f = result["page_open_files"]
    print(
        f"    a first visit's {f['files']} files ({f['bytes'] / 2**20:.1f} MB): "
        f"{f['server_cpu_ms_p50']} ms server CPU"
    )
    print(f"    idle server: {result['idle_server_cpu_ms_per_s']} ms CPU per second", flush=True)


def _versions() -> dict[str, str]:
    from importlib.metadata import version

    out = {p: version(p) for p in ("streamlit", "streamlit-folium", "folium", "pandas")}
    out["chromium"] = subprocess.run(
        [str(ensure_chromium()), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=8, help="interactions of each kind")
    parser.add_argument("--viewers", default=DEFAULT_VIEWERS, help="viewer counts to try")
    parser.add_argument("--step-seconds", type=float, default=30.0)
    parser.add_argument("--json", type=Path, help="write the results here")
    parser.add_argument("--workdir", type=Path, help="keeps the synthetic data between runs")
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 2 repeats, 10 s steps, 5 and 10 viewers"
    )
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument(
        "--skip-uploads", action="store_true", help="skip the hostile-upload memory phase"
    )
    parser.add_argument(
        "--no-wait-for-quiet",
        dest="wait_for_quiet",
        action="store_false",
        help=f"do not wait (up to {QUIET_WAIT:.0f} s per phase) for other processes to calm down",
    )
    args = parser.parse_args()
    if args.quick:
        args.repeats, args.step_seconds, args.viewers = 2, 10.0, "5,10"
    ensure_chromium()
    started = time.monotonic()
    out: dict[str, Any] = {
        **report.header(),
        "versions": _versions(),
        "config": (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"),
        "period_s": PERIOD,
        "p95_limit_s": P95_LIMIT,
        "step_seconds": args.step_seconds,
        "results": [],
    }

    def save() -> None:
        out["minutes"] = round((time.monotonic() - started) / 60, 1)
        if args.json:
            report.write(args.json, out)

    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        out["results"].append(measure("shipped", None, args, Path(tmp), [None, "0"]))
        save()
        if not args.skip_synthetic:
            folder = workdir / f"synthetic-{args.events}"
            if not (folder / "events.csv").exists():
                print(f"writing {args.events:,} synthetic events to {folder}", flush=True)
                synth.write(args.events, folder)
            name = f"{args.events:,} events"
            out["results"].append(measure(name, folder, args, Path(tmp), ["0"]))
            save()
        if not args.skip_uploads:
            # Issue 16: the server's peak memory for the ragged bomb and for adding and
            # removing a large file (benchmarks.uploads, also runnable alone).
            print("hostile uploads: the server's memory", flush=True)
            rows, repeats = (50_000, 2) if args.quick else (199_000, 6)
            out["uploads"] = uploads.measure(rows, repeats, Path(tmp))
            u = out["uploads"]
            print(
                f"    ragged bomb refused after {u['ragged_bomb_refused_s']} s, peak "
                f"{u['ragged_bomb_peak_mb']} MB; {rows:,}-row file peak {u['large_file_peak_mb']}"
                f" MB; resident after each removal {u['rss_after_each_removal_mb']} MB",
                flush=True,
            )
            save()
    print(f"done in {(time.monotonic() - started) / 60:.1f} minutes")


if __name__ == "__main__":
    main()
