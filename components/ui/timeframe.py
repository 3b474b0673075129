"""Time on the map: play, pause and step through the filtered period by month or quarter.

The map page calls :func:`map_view_for` instead of building its view directly. With time
off, the view is the whole filtered period. With time on, it is one frame (its events at
full colour, the period's earlier events faded) and the URL keeps the frame
(``frame=2024-Q3`` or ``frame=2024-07``). The widgets' callbacks only record what was asked;
``components.core.frames.apply_action`` decides what it means.

Playing reruns the app once per step from a small fragment with ``run_every``; it stops
by itself on the last frame of the period, on any other control, and when the user leaves
the page (the fragment is then no longer drawn).
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.core.dataset import Dataset
from components.core.escaping import md
from components.core.filters import Filters
from components.core.frames import (
    STEPS,
    TimeState,
    apply_action,
    frame_view,
    frames_between,
    parse_frame,
    resolve,
)
from components.core.view import View
from components.ui import shared

PREFIX = "tf_"
KEYS = {
    name: f"{PREFIX}{name}"
    for name in ("on", "step", "slider", "typed", "prev", "play", "next", "bar")
}
_STATE = f"{PREFIX}state"
_ACTION = f"{PREFIX}action"
_SEEDED = f"{PREFIX}seeded"
_URL_NOTICE = f"{PREFIX}url_notice"
_FULL_RUN = f"{PREFIX}full_run"
URL_PARAMETER = "frame"
# Seconds between two frames while playing.
PLAY_SECONDS = 1.6


def _record(action: tuple[str, ...]) -> None:
    st.session_state[_ACTION] = action


def _record_widget(key: str) -> None:
    st.session_state[_ACTION] = ("goto", str(st.session_state.get(key, "")))


def _seed_from_url() -> None:
    """Once per session: a link's frame turns time on at that frame."""
    if st.session_state.get(_SEEDED):
        return
    st.session_state[_SEEDED] = True
    raw = st.query_params.get(URL_PARAMETER)
    if not raw:
        return
    frame = parse_frame(raw)
    if frame is None:
        shown = raw if len(raw) <= 40 else raw[:37] + "..."
        st.session_state[_URL_NOTICE] = (
            f"Ignored URL parameter '{URL_PARAMETER}': '{shown}' is not a month (2024-07) "
            "or a quarter (2024-Q3)"
        )
        return
    st.session_state[KEYS["on"]] = True
    st.session_state[KEYS["step"]] = frame.step
    st.session_state[_STATE] = TimeState(frame.step, frame.label)


def _sync_url(label: str | None) -> None:
    if label:
        if st.query_params.get(URL_PARAMETER) != label:
            st.query_params[URL_PARAMETER] = label
    elif URL_PARAMETER in st.query_params:
        del st.query_params[URL_PARAMETER]


def _period(dataset: Dataset, filters: Filters) -> tuple[date, date] | None:
    if filters.start is not None and filters.end is not None:
        return filters.start, filters.end
    events = dataset.events
    if events.empty:
        return None
    first = filters.start or events["start_date"].min().date()
    last = filters.end or events["end_date"].max().date()
    return first, last


def map_view_for(dataset: Dataset, filters: Filters) -> View:
    """The controls for time on the map, and the view the map page shows."""
    _seed_from_url()
    notice = st.session_state.pop(_URL_NOTICE, "")
    if notice:
        st.warning(md(notice), icon="⚠️")
    period = _period(dataset, filters)
    with st.container(key=KEYS["bar"]):
        on = st.toggle(
            "Time on the map",
            key=KEYS["on"],
            help="Step or play through the chosen period by month or quarter: each frame "
            "shows its own events, and the period's earlier events faded.",
        )
        if not on or period is None:
            st.session_state.pop(_ACTION, None)
            # Paused, and back at the same frame when switched on again.
            previous: TimeState = st.session_state.get(_STATE, TimeState())
            st.session_state[_STATE] = TimeState(previous.step, previous.label, False)
            _sync_url(None)
            # The whole period: shared by every session with the same data and filters.
            return shared.view_for(dataset, filters)
        return _player(dataset, filters, *period)


def _player(dataset: Dataset, filters: Filters, first: date, last: date) -> View:
    previous: TimeState = st.session_state.get(_STATE, TimeState())
    step = st.session_state.get(KEYS["step"], previous.step)
    if step not in STEPS:
        step = "quarter"
    state = apply_action(
        TimeState(step, previous.label, previous.playing),
        st.session_state.pop(_ACTION, None),
        first,
        last,
    )
    st.session_state[_STATE] = state
    # Widgets show the state (set before they are drawn in this run).
    st.session_state[KEYS["step"]] = state.step
    st.session_state[KEYS["slider"]] = state.label
    st.session_state[KEYS["typed"]] = state.label
    frames = frames_between(first, last, state.step)
    frame = resolve(frames, state.label, state.step)
    assert frame is not None
    at_first, at_last = frame == frames[0], frame == frames[-1]

    step_col, prev_col, play_col, next_col, typed_col = st.columns(
        [2.2, 1.3, 1.3, 1.3, 2.2], vertical_alignment="bottom"
    )
    step_col.radio(
        "Step",
        STEPS,
        key=KEYS["step"],
        horizontal=True,
        format_func=lambda s: "By quarter" if s == "quarter" else "By month",
    )
    prev_col.button(
        "Previous",
        icon=":material/skip_previous:",
        key=KEYS["prev"],
        on_click=_record,
        args=(("prev",),),
        disabled=at_first,
        width="stretch",
    )
    play_col.button(
        "Pause" if state.playing else "Play",
        icon=":material/pause:" if state.playing else ":material/play_arrow:",
        key=KEYS["play"],
        on_click=_record,
        args=(("pause",) if state.playing else ("play",),),
        type="primary",
        width="stretch",
    )
    next_col.button(
        "Next",
        icon=":material/skip_next:",
        icon_position="right",
        key=KEYS["next"],
        on_click=_record,
        args=(("next",),),
        disabled=at_last,
        width="stretch",
    )
    typed_col.text_input(
        "Go to period",
        key=KEYS["typed"],
        on_change=_record_widget,
        args=(KEYS["typed"],),
        placeholder="2024-Q3 or 2024-07",
        help="Type a quarter (2024-Q3) or a month (2024-07) and press Enter.",
    )
    if len(frames) > 1:
        st.select_slider(
            "Frame",
            options=[f.label for f in frames],
            key=KEYS["slider"],
            on_change=_record_widget,
            args=(KEYS["slider"],),
            label_visibility="collapsed",
        )
    if state.notice:
        st.warning(md(state.notice), icon="⚠️")
    st.caption(
        f"Showing {frame.label} ({max(frame.start.date(), first):%Y-%m-%d} to "
        f"{min(frame.end.date(), last):%Y-%m-%d}), frame {frames.index(frame) + 1} of "
        f"{len(frames)}: its events in full colour; the period's earlier events faded."
        + (" Playing." if state.playing else "")
    )
    _sync_url(frame.label)
    st.session_state[_FULL_RUN] = True
    st.fragment(_tick, run_every=PLAY_SECONDS if state.playing else None, key="tf_ticker")()
    return frame_view(dataset, filters, frame)


def _tick() -> None:
    """While playing: on each timed rerun of this fragment, advance and rerun the app."""
    if st.session_state.pop(_FULL_RUN, False):
        return  # drawn by a full run of the page: the timer starts now
    state: TimeState = st.session_state.get(_STATE, TimeState())
    if not state.playing:
        return
    _record(("tick",))
    st.rerun(scope="app")
