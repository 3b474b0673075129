"""Simulated viewers: replay what a real browser sent, over Streamlit's own websocket protocol.

A browser session (benchmarks.capacity) records, per interaction, the ``rerun_script``
BackMsgs Chromium sent and the files it fetched on page open. A simulated viewer replays
them on a new session: it fetches the same files (gzip accepted, like a browser), opens the
websocket at /_stcore/stream, sends each recorded BackMsg and waits for the server's
``script_finished`` before the next. Widget, component and fragment ids are deterministic,
so a recording is valid in every new session of the same server and data.

Only loopback addresses are accepted; proxies from the environment are never used.
"""

from __future__ import annotations

import asyncio
import http.client
import random
import statistics
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# Deltas are large; script_finished is a few dozen bytes. Parse only the small ones.
SMALL_MESSAGE = 2048
INTERACTION_TIMEOUT = 60.0
ASSET_CONNECTIONS = 4


@dataclass
class Step:
    """One user interaction: its kind and the rerun requests it made, in order."""

    kind: str
    frames: list[bytes]


@dataclass
class Script:
    """What one recorded viewer did: the files a page open fetched, then its interactions."""

    base_url: str
    assets: list[str]
    steps: list[Step]


@dataclass
class Sample:
    """One interaction: its wait (s) and, for a page open, the part after the files came."""

    kind: str
    start: float
    wait: float
    ok: bool
    app_wait: float | None = None


@dataclass
class Samples:
    items: list[Sample] = field(default_factory=list)

    def waits(self, *kinds: str) -> list[float]:
        return [s.wait for s in self.items if s.ok and (not kinds or s.kind in kinds)]

    def app_waits(self) -> list[float]:
        """Page opens from the websocket's opening to the app drawn (files excluded)."""
        return [s.app_wait for s in self.items if s.ok and s.app_wait is not None]

    def failures(self) -> int:
        return sum(not s.ok for s in self.items)


def is_rerun(frame: bytes) -> bool:
    message = BackMsg()
    message.ParseFromString(frame)
    return message.WhichOneof("type") == "rerun_script"


def widen_choices(script: Script, key: str, options: list[str], rng: random.Random) -> Script:
    """The script with each distinct non-empty value of the multiselect ``key`` widened by
    one or two other options, picked by ``rng``.

    Replayed as recorded, every viewer would ask for the same few filter states, which the
    server computes once and shares. Widened, each viewer asks for its own (a filter
    across actors only widens, so the places it clicks stay on the map).
    """
    chosen: dict[tuple[str, ...], list[str]] = {}

    def patch(frame: bytes) -> bytes:
        message = BackMsg()
        message.ParseFromString(frame)
        for widget in message.rerun_script.widget_states.widgets:
            if widget.id.endswith(f"-{key}") and widget.WhichOneof("value") == "string_array_value":
                recorded = tuple(widget.string_array_value.data)
                if not recorded:
                    continue
                if recorded not in chosen:
                    extra = [o for o in options if o not in recorded]
                    chosen[recorded] = [*recorded, *rng.sample(extra, rng.randint(1, 2))]
                del widget.string_array_value.data[:]
                widget.string_array_value.data.extend(chosen[recorded])
        return message.SerializeToString()

    steps = [Step(s.kind, [patch(f) for f in s.frames]) for s in script.steps]
    return Script(script.base_url, script.assets, steps)


def is_script_finished(payload: bytes) -> bool:
    if len(payload) > SMALL_MESSAGE:
        return False
    message = ForwardMsg()
    message.ParseFromString(payload)
    return message.WhichOneof("type") == "script_finished"


def _check_loopback(url: str) -> None:
    host = urlsplit(url).hostname or ""
    if host not in LOOPBACK:
        raise ValueError(f"simulated viewers only talk to loopback addresses, not {host!r}")


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1); inf for no values."""
    if not values:
        return float("inf")
    ordered = sorted(values)
    rank = max(1, round(share * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]


def summary(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"n": 0, "p50": None, "p95": None, "max": None}
    return {
        "n": len(values),
        "p50": round(statistics.median(values), 3),
        "p95": round(percentile(values, 0.95), 3),
        "max": round(max(values), 3),
    }


class _Assets:
    """Fetches a page's files as a browser does on a first visit: a few keep-alive connections."""

    def __init__(self, base_url: str, paths: list[str], pool: ThreadPoolExecutor) -> None:
        _check_loopback(base_url)
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.paths = paths
        self.pool = pool

    def _fetch(self, paths: list[str]) -> int:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=INTERACTION_TIMEOUT)
        total = 0
        try:
            for path in paths:
                conn.request("GET", path, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
                response = conn.getresponse()
                total += len(response.read())
        finally:
            conn.close()
        return total

    async def fetch_all(self) -> int:
        loop = asyncio.get_running_loop()
        shares = [self.paths[i::ASSET_CONNECTIONS] for i in range(ASSET_CONNECTIONS)]
        sizes = await asyncio.gather(
            *(loop.run_in_executor(self.pool, self._fetch, share) for share in shares if share)
        )
        return sum(sizes)


async def fetch_files(base_url: str, paths: list[str]) -> int:
    """Fetch the files as a page open does; the bytes received."""
    with ThreadPoolExecutor(max_workers=ASSET_CONNECTIONS) as pool:
        return await _Assets(base_url, paths, pool).fetch_all()


class Session:
    """One websocket session: send a rerun request, wait for its script_finished."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self._finished = asyncio.Event()
        self._reader = asyncio.create_task(self._read())
        self.received = 0

    async def _read(self) -> None:
        async for payload in self.ws:
            if isinstance(payload, bytes):
                self.received += len(payload)
                if is_script_finished(payload):
                    self._finished.set()

    async def rerun(self, frame: bytes, timeout: float = INTERACTION_TIMEOUT) -> None:
        self._finished.clear()
        await self.ws.send(frame)
        await asyncio.wait_for(self._finished.wait(), timeout)

    async def close(self) -> None:
        await self.ws.close()
        self._reader.cancel()


async def open_session(base_url: str) -> Session:
    _check_loopback(base_url)
    url = base_url.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
    ws = await connect(
        url,
        subprotocols=["streamlit"],  # type: ignore[list-item]
        compression=None,
        max_size=None,
        proxy=None,
        ping_interval=None,
        open_timeout=INTERACTION_TIMEOUT,
    )
    return Session(ws)


class Viewer:
    """A simulated viewer replaying a script: page open, then one interaction per period.

    When the recorded interactions run out it opens the page again (a new session).
    """

    def __init__(self, script: Script, samples: Samples, pool: ThreadPoolExecutor) -> None:
        self.script = script
        self.samples = samples
        self.assets = _Assets(script.base_url, script.assets, pool)
        self.session: Session | None = None

    async def _step(self, index: int) -> float | None:
        """Do one interaction; for a page open, the time from the websocket's opening."""
        step = self.script.steps[index]
        app_start = None
        if step.kind == "open":
            if self.session is not None:
                await self.session.close()
            await self.assets.fetch_all()
            app_start = time.perf_counter()
            self.session = await open_session(self.script.base_url)
        assert self.session is not None
        for frame in step.frames:
            await self.session.rerun(frame)
        return None if app_start is None else time.perf_counter() - app_start

    async def interact(self, index: int) -> None:
        step = self.script.steps[index]
        start = time.perf_counter()
        ok, app_wait = True, None
        try:
            app_wait = await self._step(index)
        except Exception:  # a timeout, a refused or closed connection: counted, not raised
            ok = False
            self.session = None
        self.samples.items.append(
            Sample(step.kind, start, time.perf_counter() - start, ok, app_wait)
        )

    async def arrive(self, at: float, samples: Samples) -> None:
        """Open the page at ``at`` (monotonic clock), its wait recorded in ``samples``."""
        await asyncio.sleep(max(0.0, at - time.monotonic()))
        own, self.samples = self.samples, samples
        try:
            await self.interact(0)
        finally:
            self.samples = own

    async def run(self, start_at: float, stop_at: float, period: float, index: int = 0) -> None:
        """Interact at start_at, start_at + period, ... until stop_at (monotonic clock),
        from the script's step ``index``."""
        next_at = start_at
        while next_at < stop_at:
            await asyncio.sleep(max(0.0, next_at - time.monotonic()))
            if self.session is None and self.script.steps[index].kind != "open":
                index = 0
            await self.interact(index)
            index = (index + 1) % len(self.script.steps)
            next_at += period
            # A viewer who waited longer than a period acts as soon as it sees the result.
            next_at = max(next_at, time.monotonic())

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()
            self.session = None


Personalise = Callable[[Script, random.Random], Script]


async def crowd(
    script: Script,
    viewers: int,
    seconds: float,
    period: float,
    seed: int = 1,
    on_tick: Callable[[], None] | None = None,
    personalise: Personalise | None = None,
    arrivals: Samples | None = None,
    on_start: Callable[[], None] | None = None,
) -> Samples:
    """``viewers`` viewers, each starting at a random moment of the first period.

    ``personalise`` gives each viewer its own variant of the script. With ``arrivals``
    given, the viewers are already on the page when the ``seconds`` begin: each opened it
    at a random moment of the period before (those waits go to ``arrivals``), and the
    window holds their interactions only, as for viewers who are using the page.
    ``on_start`` is called when the window begins.
    """
    rng = random.Random(seed)
    samples = Samples()
    with ThreadPoolExecutor(max_workers=max(8, viewers * ASSET_CONNECTIONS)) as pool:
        people = [
            Viewer(personalise(script, rng) if personalise else script, samples, pool)
            for _ in range(viewers)
        ]
        first = 0
        if arrivals is not None:
            now = time.monotonic()
            await asyncio.gather(
                *(p.arrive(now + rng.uniform(0, period), arrivals) for p in people)
            )
            first = 1
        if on_start is not None:
            on_start()
        now = time.monotonic()
        stop_at = now + seconds
        tasks = [
            asyncio.create_task(p.run(now + rng.uniform(0, period), stop_at, period, first))
            for p in people
        ]
        ticker = asyncio.create_task(_tick(on_tick)) if on_tick else None
        await asyncio.gather(*tasks)
        if ticker:
            ticker.cancel()
        await asyncio.gather(*(p.close() for p in people))
    return samples


async def _tick(callback: Callable[[], None], every: float = 0.1) -> None:
    while True:
        callback()
        await asyncio.sleep(every)


async def together(
    script: Script,
    viewers: int,
    steps: int,
    seed: int = 1,
    personalise: Personalise | None = None,
) -> Samples:
    """``viewers`` sessions doing the script's first ``steps`` interactions at the same time.

    Every session stays open until all have finished.
    """
    rng = random.Random(seed)
    samples = Samples()
    with ThreadPoolExecutor(max_workers=max(8, viewers * ASSET_CONNECTIONS)) as pool:
        people = [
            Viewer(personalise(script, rng) if personalise else script, samples, pool)
            for _ in range(viewers)
        ]
        for index in range(min(steps, len(script.steps))):
            await asyncio.gather(*(p.interact(index) for p in people))
        await asyncio.gather(*(p.close() for p in people))
    return samples
