"""A click on the map reruns the map, its details and the events table (which marks the
selection) only; a filter change reruns the page."""

from __future__ import annotations

import time
from collections.abc import Callable

from playwright.sync_api import Page, WebSocket, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser.conftest import Server, Session
from tests.browser.mapdriver import choose, click_feature, open_dashboard

TIMEOUT = 30_000
FINISHED = ForwardMsg.ScriptFinishedStatus


class Messages:
    """What the server sends over the page's websocket: new elements by type, runs ended."""

    def __init__(self) -> None:
        self.elements: list[str] = []
        self.finished: list[int] = []

    def attach(self, ws: WebSocket) -> None:
        ws.on("framereceived", self._received)

    def _received(self, payload: str | bytes) -> None:
        if not isinstance(payload, bytes):
            return
        message = ForwardMsg()
        message.ParseFromString(payload)
        kind = message.WhichOneof("type")
        if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            self.elements.append(message.delta.new_element.WhichOneof("type") or "")
        elif kind == "script_finished":
            self.finished.append(message.script_finished)

    def clear(self) -> None:
        self.elements.clear()
        self.finished.clear()

    def wait(self, page: Page, condition: Callable[[], bool]) -> None:
        """Until the condition holds (Playwright delivers frames while the page waits)."""
        deadline = time.monotonic() + TIMEOUT / 1000
        while not condition():
            assert time.monotonic() < deadline, "timed out waiting for the server"
            page.wait_for_timeout(20)

    def settle(self, page: Page, quiet: float = 1.0) -> None:
        """Until no run has ended for ``quiet`` seconds."""
        seen, since = len(self.finished), time.monotonic()
        while time.monotonic() - since < quiet:
            page.wait_for_timeout(50)
            if len(self.finished) != seen:
                seen, since = len(self.finished), time.monotonic()


def test_a_map_click_reruns_only_the_map_and_details(session: Session, server: Server) -> None:
    page = session.page
    messages = Messages()
    page.on("websocket", messages.attach)
    frame = open_dashboard(page, server.url)
    # The map sends its first value once drawn: let that run end too, then start afresh.
    expect(page.get_by_text("Click a place")).to_be_visible(timeout=TIMEOUT)
    messages.settle(page)
    messages.clear()

    click_feature(page, frame, "place:KAZ:astana")
    messages.wait(page, lambda: bool(messages.finished))
    expect(page.get_by_text("event(s), newest first")).to_be_visible(timeout=TIMEOUT)
    assert messages.finished == [FINISHED.FINISHED_FRAGMENT_RUN_SUCCESSFULLY]
    assert "component_instance" in messages.elements
    assert "dataframe" in messages.elements  # the table marks the selection
    # Neither the timeline, the time controls nor the sidebar's filters were sent again.
    for element in ("vega_lite_chart", "multiselect", "checkbox"):
        assert element not in messages.elements

    messages.settle(page, quiet=0.5)
    messages.clear()
    choose(page, "Actors", "China")
    messages.wait(page, lambda: FINISHED.FINISHED_SUCCESSFULLY in messages.finished)
    assert {"vega_lite_chart", "dataframe", "multiselect", "checkbox"} <= set(messages.elements)
    assert session.errors == []
