"""Real-browser fixtures: Debian's Chromium via Playwright, a dashboard server per data folder.

Every request that leaves localhost is blocked and recorded; a test that caused one fails.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Dialog, Page, Playwright, Request, Route, sync_playwright

from tests.browser.server import (
    ROOT,
    Server,
    SetupError,
    chromium_args,
    ensure_chromium,
    start_server,
    stop_server,
)

__all__ = ["Server", "Session", "screenshot", "start_server", "stop_server"]

SCREENSHOTS = ROOT / "artifacts" / "screenshots"
# Screenshots the README shows: made by the browser tests, committed.
DOC_SCREENSHOTS = ROOT / "docs" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    try:
        executable = ensure_chromium()
    except SetupError as exc:
        pytest.fail(str(exc))
    browser = playwright_instance.chromium.launch(
        executable_path=str(executable), args=chromium_args()
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The dashboard on the shipped data."""
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    try:
        running = start_server(None, log)
    except SetupError as exc:
        pytest.fail(str(exc))
    yield running
    stop_server(running)


@dataclass
class Session:
    """A page plus what it did that a test may not allow."""

    page: Page
    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def _viewport(request: pytest.FixtureRequest) -> dict[str, object]:
    """A test marked ``@pytest.mark.viewport(width, height, phone=False)`` gets that screen."""
    marker = request.node.get_closest_marker("viewport")
    if marker is None:
        return {"viewport": {"width": 1500, "height": 1100}}
    width, height = marker.args
    phone = bool(marker.kwargs.get("phone", False))
    return {
        "viewport": {"width": width, "height": height},
        "is_mobile": phone,
        "has_touch": phone,
        "device_scale_factor": 1,
    }


@pytest.fixture
def session(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Session]:
    context = browser.new_context(**_viewport(request))
    page = context.new_page()
    state = Session(page)

    def guard(route: Route, request: Request) -> None:
        url = request.url
        state.requests.append(url)
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:", "about:", "file:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            state.external.append(url)
            route.abort()

    context.route("**/*", guard)
    page.on("console", lambda m: state.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: state.errors.append(f"page error: {e}"))

    def on_dialog(dialog: Dialog) -> None:
        state.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield state
    context.close()
    assert state.external == [], f"requests left localhost: {state.external}"


def screenshot(page: Page, name: str, docs: bool = False) -> Path:
    """Save what the user sees for a person to look at: in the git-ignored artifacts/, or
    with ``docs`` in docs/screenshots/ for the README."""
    folder = DOC_SCREENSHOTS if docs else SCREENSHOTS
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
