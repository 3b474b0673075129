"""Time on the map: frames of one month or one quarter, their labels, and one frame's view.

A frame is a calendar month (``2024-07``) or quarter (``2024-Q3``). Playing steps through
the frames of the filtered period; each frame shows the events that fall in its window (any
of their days in it, as the date filter counts them) and, faded, the events earlier in the
period. Pure: no Streamlit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import pandas as pd

from components.core.dataset import Dataset
from components.core.filters import Filters, dataset_mask
from components.core.places import aggregate_places
from components.core.view import View, make_view, map_mask

STEPS: tuple[str, ...] = ("quarter", "month")
_QUARTER = re.compile(r"^\s*(\d{4})\s*[-/ ]?\s*q([1-4])\s*$", re.IGNORECASE)
_QUARTER_FIRST = re.compile(r"^\s*q([1-4])\s*[-/ ]?\s*(\d{4})\s*$", re.IGNORECASE)
_MONTH = re.compile(r"^\s*(\d{4})\s*[-/]\s*(\d{1,2})\s*$")
MIN_YEAR, MAX_YEAR = 1900, 2200


@dataclass(frozen=True)
class Frame:
    """One month or quarter: its label and its first and last day."""

    label: str
    start: pd.Timestamp
    end: pd.Timestamp

    @property
    def step(self) -> str:
        return "quarter" if "Q" in self.label else "month"


def frame_containing(day: date | pd.Timestamp, step: str) -> Frame:
    """The month or quarter that holds ``day``."""
    if step not in STEPS:
        raise ValueError(f"unknown step {step!r}: use one of {', '.join(STEPS)}")
    period = pd.Timestamp(day).to_period("Q" if step == "quarter" else "M")
    start = period.start_time.normalize()
    end = period.end_time.normalize()
    if step == "quarter":
        label = f"{start.year}-Q{period.quarter}"
    else:
        label = f"{start.year}-{start.month:02d}"
    return Frame(label, start, end)


def parse_frame(text: object) -> Frame | None:
    """A frame from '2024-Q3' (also '2024 Q3', 'Q3 2024', '2024q3') or '2024-07' ('2024/7').

    None for anything else, including months outside 1-12 and years outside 1900-2200.
    """
    if not isinstance(text, str) or len(text) > 40:
        return None
    if match := _QUARTER.match(text):
        year, quarter = int(match[1]), int(match[2])
    elif match := _QUARTER_FIRST.match(text):
        year, quarter = int(match[2]), int(match[1])
    elif match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12 or not MIN_YEAR <= year <= MAX_YEAR:
            return None
        return frame_containing(date(year, month, 1), "month")
    else:
        return None
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    return frame_containing(date(year, 3 * quarter - 2, 1), "quarter")


def frames_between(first: date | pd.Timestamp, last: date | pd.Timestamp, step: str) -> list[Frame]:
    """Every frame from the one holding ``first`` to the one holding ``last`` (none if
    ``first`` is after ``last``)."""
    if pd.Timestamp(first) > pd.Timestamp(last):
        return []
    freq = "Q" if step == "quarter" else "M"
    periods = pd.period_range(pd.Timestamp(first), pd.Timestamp(last), freq=freq)
    return [frame_containing(p.start_time, step) for p in periods]


def resolve(frames: list[Frame], label: object, step: str) -> Frame | None:
    """The frame a label names among ``frames``, in the given step: a month label in quarter
    steps becomes its quarter, a quarter in month steps its first month. A period before
    the frames gives the first, one after them the last, an unusable label the first. None
    when there are no frames."""
    if not frames:
        return None
    parsed = parse_frame(label)
    if parsed is None:
        return frames[0]
    wanted = frame_containing(parsed.start, step)
    for frame in frames:
        if frame.start >= wanted.start:
            return frame
    return frames[-1]


def neighbour(frames: list[Frame], frame: Frame, delta: int) -> Frame:
    """The frame ``delta`` steps on, kept within the first and the last."""
    labels = [f.label for f in frames]
    index = labels.index(frame.label) if frame.label in labels else 0
    return frames[min(max(index + delta, 0), len(frames) - 1)]


def window_filters(filters: Filters, frame: Frame) -> tuple[Filters, Filters | None]:
    """The filters narrowed to the frame's window (within the chosen period), and to the part
    of the period before the frame (None when the frame starts the period)."""
    start = frame.start.date()
    end = frame.end.date()
    if filters.start is not None:
        start = max(start, filters.start)
    if filters.end is not None:
        end = min(end, filters.end)
    current = replace(filters, start=start, end=end)
    before = (frame.start - pd.Timedelta(days=1)).date()
    if filters.start is not None and before < filters.start:
        return current, None
    return current, replace(filters, end=before)


def frame_masks(
    dataset: Dataset, filters: Filters, frame: Frame
) -> tuple[np.ndarray, np.ndarray | None]:
    """The events of the frame's window, and those earlier in the period (None when the
    frame starts the period). An event in both (it started earlier and is still on) belongs
    to the frame only."""
    current, earlier = window_filters(filters, frame)
    now = dataset_mask(dataset, current)
    if earlier is None:
        return now, None
    return now, dataset_mask(dataset, earlier) & ~now


def frame_view(dataset: Dataset, filters: Filters, frame: Frame) -> View:
    """The view of one frame: its events as on the map, and the places of the events earlier
    in the period (``faded``; None when there are none)."""
    current, _ = window_filters(filters, frame)
    view = make_view(dataset, current)
    _, earlier = frame_masks(dataset, filters, frame)
    if earlier is None or not np.any(earlier):
        return replace(view, faded=None)
    faded = aggregate_places(
        dataset.events, dataset.legs, dataset.places, dataset.actors, map_mask(dataset, earlier)
    )
    return replace(view, faded=faded)


# ---------------------------------------------------------------- the player's state


@dataclass(frozen=True)
class TimeState:
    """Where the player is: the step, the frame's label, whether it plays, what to say."""

    step: str = "quarter"
    label: str = ""
    playing: bool = False
    notice: str = ""


def apply_action(
    state: TimeState, action: tuple[str, ...] | None, first: date, last: date
) -> TimeState:
    """The player's state after one action, within the frames from ``first`` to ``last``.

    Actions: ``("prev",)`` and ``("next",)`` step and pause; ``("play",)`` plays (from the
    first frame when at the last); ``("pause",)``; ``("tick",)`` advances a playing player
    one frame and stops it on the last; ``("goto", text)`` jumps to a typed or chosen
    period (its step too), with a notice when the text is not a period or lies outside.
    Without an action the state is only brought in range (the label to the step and period).
    """
    frames = frames_between(first, last, state.step)
    if not frames:
        return replace(state, label="", playing=False)
    frame = resolve(frames, state.label, state.step)
    assert frame is not None
    kind = action[0] if action else ""
    playing, notice, step = state.playing, "", state.step
    if kind in ("prev", "next"):
        frame = neighbour(frames, frame, -1 if kind == "prev" else 1)
        playing = False
    elif kind == "play":
        playing = True
        if frame == frames[-1]:
            frame = frames[0]
    elif kind == "pause":
        playing = False
    elif kind == "tick" and playing:
        frame = neighbour(frames, frame, 1)
        playing = frame != frames[-1]
    elif kind == "goto" and action is not None:
        text = str(action[1]) if len(action) > 1 else ""
        wanted = parse_frame(text)
        if wanted is None:
            shown = text if len(text) <= 40 else text[:37] + "..."
            notice = f"'{shown}' is not a month (2024-07) or a quarter (2024-Q3)"
        else:
            step = wanted.step
            frames = frames_between(first, last, step)
            frame = resolve(frames, wanted.label, step) or frame
            if frame.label != wanted.label:
                notice = (
                    f"{wanted.label} is outside the chosen period "
                    f"({first:%Y-%m-%d} to {last:%Y-%m-%d}); showing {frame.label}"
                )
        playing = False
    return TimeState(step, frame.label, playing, notice)
