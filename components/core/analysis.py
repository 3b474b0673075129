"""Who meets whom, trends, absence and the summit formats: the numbers of the comparison pages.

Pure functions over the dataset and a boolean mask of its events (the filters' output); no
Streamlit. Each function returns the table a page shows, so the page's CSV download is
exactly that table.

What a contact is
-----------------
A *contact* is one event that

- was held (status ``held``: announced, postponed, cancelled and unconfirmed events are not
  contacts),
- is a visit, a summit, a multilateral summit, a meeting or a video conference
  (:data:`CONTACT_TYPES`; a joint statement is not a contact), and
- had among its participants (participants.csv) both an outside actor and one of the five
  Central Asian states. Outside actors are all actors but the five states: states, the EU
  and organisations such as the SCO alike.

A summit is a contact of every outside actor present with every one of the five present.
A bilateral meeting on a summit's sidelines is an event of its own, so a contact of its own,
as long as the sidebar's "Count meetings on summit sidelines" is on; with it off only the
summit counts (the filters drop the sideline events before they reach this module). The
other filters apply as they do on the map.

Counts are of events. A cell of the matrix counts the events of one actor with one state; a
row total counts the actor's events with any of the five, so an event with three of the
states counts in three cells of its row but once in the row total.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from components.core.dataset import Dataset
from components.core.schema import EVENT_TYPE_LABELS, EVENT_TYPES, PENDING_STATUSES

CONTACT_TYPES: tuple[str, ...] = tuple(t for t in EVENT_TYPES if t != "statement")
CONTACT_STATUSES: tuple[str, ...] = ("held",)

# One row per (event, outside actor, Central Asian state) of the contacts.
PAIR_COLUMNS = ["event_pos", "actor_id", "iso3", "leader", "start", "end"]


def contact_mask(events: pd.DataFrame) -> np.ndarray:
    """Which events can be contacts at all: held, and of a meeting kind."""
    return (
        events["status"].isin(CONTACT_STATUSES).to_numpy()
        & events["event_type"].isin(CONTACT_TYPES).to_numpy()
    )


def contact_pairs(dataset: Dataset, mask: np.ndarray) -> pd.DataFrame:
    """Every (event, outside actor, Central Asian state) of the contacts among the masked events.

    Columns: ``event_pos`` (row of ``dataset.events``), ``actor_id`` and ``iso3`` (the state;
    both categorical), ``leader`` (the event is leader level), ``start`` and ``end`` (the
    event's dates). Built from the dataset's integer index (its legs): no strings per row.
    """
    events = dataset.events
    legs = dataset.legs
    actor_ids = pd.Index(dataset.actors["actor_id"].astype(str))
    states = [iso3 for iso3, _ in central_states(dataset.countries)]
    keep = np.asarray(mask, dtype=bool) & contact_mask(events)
    if legs.empty or not keep.any():
        return _empty_pairs(actor_ids, states)
    positions = legs["event_pos"].to_numpy()
    chosen = keep[positions]
    positions = positions[chosen]
    codes = legs["actor_code"].to_numpy()[chosen]
    outside = legs["outside"].to_numpy()[chosen]
    # The state of each of the five states' own actors (their legs are the inside ones).
    state_of_actor = pd.Index(states).get_indexer(dataset.actors["iso3"].astype(str))
    inside_pos = positions[~outside]
    inside_state = state_of_actor[codes[~outside]]
    known = inside_state >= 0
    order = np.argsort(inside_pos[known], kind="stable")
    inside_pos, inside_state = inside_pos[known][order], inside_state[known][order]
    # Join each outside actor's leg with its event's state legs: a sorted-array join.
    outside_pos, outside_code = positions[outside], codes[outside]
    first = np.searchsorted(inside_pos, outside_pos, "left")
    count = np.searchsorted(inside_pos, outside_pos, "right") - first
    total = int(count.sum())
    if total == 0:
        return _empty_pairs(actor_ids, states)
    offsets = np.repeat(first - (np.cumsum(count) - count), count) + np.arange(total)
    at = np.repeat(outside_pos, count)
    return pd.DataFrame(
        {
            "event_pos": at,
            "actor_id": pd.Categorical.from_codes(
                np.repeat(outside_code, count), categories=actor_ids
            ),
            "iso3": pd.Categorical.from_codes(inside_state[offsets], categories=states),
            "leader": (events["level"] == "leader").to_numpy()[at],
            "start": events["start_date"].to_numpy()[at],
            "end": events["end_date"].to_numpy()[at],
        }
    )


def pairs_within(pairs: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    """The pairs whose event is in ``mask`` (a mask over the dataset's events): the pairs of
    narrower filters, without building them again."""
    return pairs[np.asarray(mask, dtype=bool)[pairs["event_pos"].to_numpy()]]


def _empty_pairs(actor_ids: pd.Index, states: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "event_pos": pd.Series(dtype=np.int64),
            "actor_id": pd.Categorical([], categories=actor_ids),
            "iso3": pd.Categorical([], categories=states),
            "leader": pd.Series(dtype=bool),
            "start": pd.Series(dtype="datetime64[ns]"),
            "end": pd.Series(dtype="datetime64[ns]"),
        }
    )


def _coded(
    values: pd.Series, categories: Sequence[str] | None = None
) -> tuple[np.ndarray, list[str]]:
    """Integer codes of a column and what they stand for (-1: not among ``categories``)."""
    categorical = isinstance(values.dtype, pd.CategoricalDtype)
    if categories is None:
        if categorical:
            return values.cat.codes.to_numpy(), [str(c) for c in values.cat.categories]
        codes, uniques = pd.factorize(values.astype(str))
        return codes, [str(u) for u in uniques]
    target = pd.Index(list(categories))
    if not categorical:
        return target.get_indexer(values.astype(str)), list(categories)
    codes = values.cat.codes.to_numpy()
    remap = target.get_indexer(values.cat.categories.astype(str))
    return np.where(codes >= 0, remap[codes], -1), list(categories)


def _unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a plain sort: faster here than numpy's hashing unique)."""
    ordered = np.sort(values, kind="stable")
    if ordered.size == 0:
        return ordered
    return ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))]


def _distinct_count(groups: np.ndarray, n_groups: int, events: np.ndarray) -> np.ndarray:
    """For each group code, the number of distinct events among its rows."""
    if groups.size == 0:
        return np.zeros(n_groups, dtype=np.int64)
    span = int(events.max()) + 1
    keys = _unique(groups.astype(np.int64) * span + events)
    return np.bincount(keys // span, minlength=n_groups)


def central_states(countries: pd.DataFrame) -> list[tuple[str, str]]:
    """(iso3, name) of the five Central Asian states, in alphabetical order of iso3."""
    rows = countries[countries["role"] == "central_asia"].sort_values("iso3")
    return list(zip(rows["iso3"].astype(str), rows["name"].astype(str), strict=True))


def reference_date(events: pd.DataFrame, as_of: pd.Timestamp | None) -> pd.Timestamp | None:
    """The data's as-of date; without one, the last day of the latest held event.

    None when there are no events at all.
    """
    if as_of is not None:
        return pd.Timestamp(as_of).normalize()
    held = events.loc[events["status"] == "held", "end_date"]
    if len(held):
        return pd.Timestamp(held.max())
    if len(events):
        return pd.Timestamp(events["end_date"].max())
    return None


def anchor_date(reference: pd.Timestamp | None, end: date | None) -> pd.Timestamp | None:
    """The day "now" means for trends and absence: the end of the chosen period, or the
    data's as-of date when that is earlier."""
    if reference is None:
        return None
    if end is None:
        return reference
    return min(reference, pd.Timestamp(end))


# ---------------------------------------------------------------- who meets whom

TOTAL_ROW = "Total"
SHARE_ROW = "Share %"
TOTAL = "Total"
SHARE = "Share %"
LEADERS = "Leaders"
MINISTERS = "Ministers"


@dataclass(frozen=True)
class Matrix:
    """The who-meets-whom table as shown, and what its rows and state columns stand for.

    ``table``: one row per outside actor (busiest first), then a ``Total`` row and a
    ``Share %`` row; columns ``Actor``, one per state (its name), ``Total``, ``Share %``,
    ``Leaders`` and ``Ministers`` (foreign ministers). ``actor_ids`` names the actor of each actor row;
    ``states`` maps each state column to its iso3.
    """

    table: pd.DataFrame
    actor_ids: tuple[str, ...]
    states: dict[str, str]

    def cell(self, row: int, column: str) -> tuple[str, str] | None:
        """(actor_id, iso3) of a cell of an actor row and a state column, else None."""
        if 0 <= row < len(self.actor_ids) and column in self.states:
            return self.actor_ids[row], self.states[column]
        return None

    def position(self, actor_id: str, iso3: str) -> tuple[int, str] | None:
        """(row, column name) of an actor's cell with a state, if the matrix has it."""
        names = {v: k for k, v in self.states.items()}
        if actor_id in self.actor_ids and iso3 in names:
            return self.actor_ids.index(actor_id), names[iso3]
        return None


def _distinct(pairs: pd.DataFrame, key: str) -> pd.DataFrame:
    """One row per (key, event): an event with several states counts once per actor."""
    return pairs.drop_duplicates([key, "event_pos"])


def _share(part: float, whole: float) -> float:
    return round(100 * part / whole, 1) if whole else float("nan")


def who_meets_whom(
    pairs: pd.DataFrame, actor_names: dict[str, str], states: Sequence[tuple[str, str]]
) -> Matrix:
    """Contacts of each outside actor with each state in the chosen period (see the module).

    Totals count events (an event once per row or column), shares are of all the contact
    events: an event with two outside actors counts in both rows, so the rows' shares can
    add up to more than 100 (and the columns' likewise).
    """
    names = [name for _, name in states]
    columns = ["Actor", *names, TOTAL, SHARE, LEADERS, MINISTERS]
    state_of = {name: iso3 for iso3, name in states}
    if pairs.empty:
        return Matrix(pd.DataFrame(columns=columns), (), state_of)
    actor_codes, actor_ids = _coded(pairs["actor_id"])
    state_codes, _ = _coded(pairs["iso3"], [iso3 for iso3, _ in states])
    events = pairs["event_pos"].to_numpy()
    leader = pairs["leader"].to_numpy(dtype=bool)
    n_actors, n_states = len(actor_ids), len(states)
    cells = np.bincount(
        actor_codes.astype(np.int64) * n_states + state_codes, minlength=n_actors * n_states
    ).reshape(n_actors, n_states)
    totals = _distinct_count(actor_codes, n_actors, events)
    leaders = _distinct_count(actor_codes[leader], n_actors, events[leader])
    state_totals = _distinct_count(state_codes, n_states, events)
    grand = int(_unique(events).size)
    grand_leaders = int(_unique(events[leader]).size)

    present = np.flatnonzero(totals)
    actors = pd.DataFrame({"actor_id": [actor_ids[i] for i in present]})
    actors["Actor"] = [actor_names.get(a, a) for a in actors["actor_id"]]
    for index, name in enumerate(names):
        actors[name] = cells[present, index].astype(float)
    actors[TOTAL] = totals[present].astype(float)
    actors[SHARE] = [_share(t, grand) for t in actors[TOTAL]]
    actors[LEADERS] = leaders[present].astype(float)
    actors[MINISTERS] = actors[TOTAL] - actors[LEADERS]
    actors = actors.sort_values([TOTAL, "Actor"], ascending=[False, True], kind="stable")

    by_state = [float(n) for n in state_totals]
    total_row = [TOTAL_ROW, *by_state, float(grand), 100.0, grand_leaders, grand - grand_leaders]
    share_row = [
        SHARE_ROW,
        *[_share(n, grand) for n in by_state],
        100.0,
        float("nan"),
        _share(grand_leaders, grand),
        _share(grand - grand_leaders, grand),
    ]
    table = pd.concat(
        [actors[columns], pd.DataFrame([total_row, share_row], columns=columns)],
        ignore_index=True,
    )
    for column in columns[1:]:
        table[column] = table[column].astype(float)
    return Matrix(table, tuple(actors["actor_id"]), state_of)


def parse_cell(text: object) -> tuple[str, str] | None:
    """(actor_id, iso3) from a URL's ``cell=ACTOR:ISO3`` (split at the last colon), else None."""
    if not isinstance(text, str) or len(text) > 200 or ":" not in text:
        return None
    actor_id, iso3 = text.strip().rsplit(":", 1)
    return (actor_id, iso3) if actor_id and iso3 else None


def cell_parameter(actor_id: str, iso3: str) -> str:
    """The URL value naming a cell (see :func:`parse_cell`)."""
    return f"{actor_id}:{iso3}"


def cell_events(pairs: pd.DataFrame, actor_id: str, iso3: str) -> np.ndarray:
    """Event positions of one actor's contacts with one state, newest first."""
    chosen = pairs[(pairs["actor_id"] == actor_id) & (pairs["iso3"] == iso3)]
    chosen = chosen.sort_values(["start", "event_pos"], ascending=[False, True], kind="stable")
    return chosen["event_pos"].to_numpy()


# ---------------------------------------------------------------- trends

MIN_POWERS = 2
MAX_POWERS = 5


def quarter_label(day: pd.Timestamp) -> str:
    """'2024-Q3' for any day of that quarter."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarterly_contacts(
    pairs: pd.DataFrame,
    actor_ids: Sequence[str],
    start: pd.Timestamp,
    end: pd.Timestamp,
) -> pd.DataFrame:
    """Contact events per quarter for each of the given actors, zeros included.

    Long form, one row per actor and quarter from the quarter of ``start`` to that of
    ``end``: ``actor_id``, ``quarter`` (label), ``quarter_start``, ``contacts``. An event is
    counted in the quarter it starts in (an event that started before ``start`` in the
    first quarter).
    """
    columns = ["actor_id", "quarter", "quarter_start", "contacts"]
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    if not actor_ids or start > end:
        return pd.DataFrame(columns=columns)
    periods = pd.period_range(start, end, freq="Q")
    wanted = list(dict.fromkeys(actor_ids))
    codes, _ = _coded(pairs["actor_id"], wanted)
    begins = pairs["start"].to_numpy()
    # In the period as the filters mean it: any of the event's days in it.
    keep = (codes >= 0) & (pairs["end"].to_numpy() >= start) & (begins <= end)
    events = pairs["event_pos"].to_numpy()[keep]
    codes = codes[keep]
    # Quarters since the first one, of each pair's (clipped) start.
    months = (
        np.maximum(begins[keep], start.to_datetime64()).astype("datetime64[M]").astype(np.int64)
    )
    first = (start.year - 1970) * 4 + (start.month - 1) // 3
    quarter = months // 3 - first
    n_quarters = len(periods)
    counts = np.zeros(len(wanted) * n_quarters, dtype=np.int64)
    if codes.size:
        span = int(events.max()) + 1
        combined = codes.astype(np.int64) * span + events
        index = np.argsort(combined, kind="stable")
        ordered = combined[index]
        first = np.concatenate(([True], ordered[1:] != ordered[:-1]))
        keys, index = ordered[first], index[first]
        counts = np.bincount(
            (keys // span) * n_quarters + quarter[index], minlength=len(wanted) * n_quarters
        )
    starts = periods.start_time
    return pd.DataFrame(
        {
            "actor_id": np.repeat(wanted, n_quarters),
            "quarter": [quarter_label(d) for d in starts] * len(wanted),
            "quarter_start": np.tile(starts.to_numpy(), len(wanted)),
            "contacts": counts.astype(int),
        },
        columns=columns,
    )


def trend_table(quarterly: pd.DataFrame, actor_names: dict[str, str]) -> pd.DataFrame:
    """The quarterly counts as one row per quarter and one column per power (as shown)."""
    if quarterly.empty:
        return pd.DataFrame(columns=["Quarter"])
    order = list(dict.fromkeys(quarterly["actor_id"]))
    wide = quarterly.pivot(index="quarter", columns="actor_id", values="contacts")[order]
    wide.columns = [actor_names.get(a, a) for a in order]
    return wide.reset_index(names="Quarter")


def trend_summary(quarterly: pd.DataFrame, actor_names: dict[str, str]) -> str:
    """The chart in words: each power's total, and its busiest quarter (earliest on a tie)."""
    if quarterly.empty:
        return "No quarters in the chosen period."
    parts = []
    for actor_id, rows in quarterly.groupby("actor_id", sort=False):
        total = int(rows["contacts"].sum())
        name = actor_names.get(str(actor_id), str(actor_id))
        if total == 0:
            parts.append(f"{name}: no contacts")
            continue
        peak = rows.loc[rows["contacts"].idxmax()]
        parts.append(
            f"{name}: {total} contact{'s' if total != 1 else ''}, "
            f"most in {peak['quarter']} ({int(peak['contacts'])})"
        )
    quarters = quarterly["quarter"].unique()
    span = f"{quarters[0]} to {quarters[-1]}" if len(quarters) > 1 else str(quarters[0])
    return f"Contact events per quarter, {span}. " + "; ".join(parts) + "."


# The small-numbers rule of the twelve-month comparison, in words and in numbers.
MIN_CHANGE = 3
MIN_RELATIVE_CHANGE = 0.25
TREND_RULE = (
    f"Up or down only when the two counts differ by at least {MIN_CHANGE} events and by at "
    f"least {MIN_RELATIVE_CHANGE:.0%} of the larger one; otherwise level. So 1 against 0 or "
    "4 against 2 is level, 3 against 0 or 8 against 5 is up, and 20 against 17 is level."
)
TREND_MARKS = {"up": "↑ up", "down": "↓ down", "level": "→ level"}


def trend_mark(last: int, previous: int) -> str:
    """'up', 'down' or 'level' for the last twelve months against the twelve before.

    See :data:`TREND_RULE`: a change counts only when it is at least ``MIN_CHANGE`` events
    and at least ``MIN_RELATIVE_CHANGE`` of the larger count.
    """
    change = last - previous
    if abs(change) >= MIN_CHANGE and abs(change) >= MIN_RELATIVE_CHANGE * max(last, previous):
        return "up" if change > 0 else "down"
    return "level"


def twelve_month_windows(
    anchor: pd.Timestamp,
) -> tuple[tuple[pd.Timestamp, pd.Timestamp], tuple[pd.Timestamp, pd.Timestamp]]:
    """((first, last) day of the twelve months before, (first, last) day of the last twelve).

    The last twelve months end on ``anchor`` and start the day after the same date a year
    earlier; the twelve before end on that date.
    """
    anchor = pd.Timestamp(anchor).normalize()
    year_ago = anchor - pd.DateOffset(months=12)
    two_years_ago = anchor - pd.DateOffset(months=24)
    day = pd.Timedelta(days=1)
    return (two_years_ago + day, year_ago), (year_ago + day, anchor)


def year_on_year(
    pairs: pd.DataFrame,
    anchor: pd.Timestamp,
    actor_names: dict[str, str],
    states: Sequence[tuple[str, str]],
) -> pd.DataFrame:
    """Contact events in the last twelve months against the twelve before, with a mark.

    One row per Central Asian state (always, with its contacts with any outside actor),
    then one per outside actor with a contact in either window. An event is placed by its
    start date. Columns: ``Who``, ``Kind``, ``12 months before``, ``Last 12 months``,
    ``Change``, ``Trend``.
    """
    columns = ["Who", "Kind", "12 months before", "Last 12 months", "Change", "Trend"]
    (before_start, before_end), (last_start, last_end) = twelve_month_windows(anchor)
    begins = pairs["start"].to_numpy()
    events = pairs["event_pos"].to_numpy()
    windows = (
        (begins >= before_start.to_datetime64()) & (begins <= before_end.to_datetime64()),
        (begins >= last_start.to_datetime64()) & (begins <= last_end.to_datetime64()),
    )
    blocks = []
    for kind, codes, keys, names in (
        ("Central Asian state", *_coded(pairs["iso3"], [iso3 for iso3, _ in states]), dict(states)),
        ("Outside actor", *_coded(pairs["actor_id"]), actor_names),
    ):
        before, last = (_distinct_count(codes[w], len(keys), events[w]) for w in windows)
        shown = range(len(keys)) if kind == "Central Asian state" else np.flatnonzero(before + last)
        block = pd.DataFrame(
            {
                "Who": [names.get(keys[i], keys[i]) for i in shown],
                "Kind": kind,
                "12 months before": [int(before[i]) for i in shown],
                "Last 12 months": [int(last[i]) for i in shown],
            }
        )
        blocks.append(
            block.sort_values(["Last 12 months", "Who"], ascending=[False, True], kind="stable")
        )
    table = pd.concat(blocks, ignore_index=True)
    table["Change"] = table["Last 12 months"] - table["12 months before"]
    table["Trend"] = [
        TREND_MARKS[trend_mark(a, b)]
        for a, b in zip(table["Last 12 months"], table["12 months before"], strict=True)
    ]
    return table[columns]


# ---------------------------------------------------------------- absence

LONG_SILENCE_DAYS = 730
SILENT_WITH = "No leader contact for 2+ years with"


def absence(
    pairs: pd.DataFrame,
    anchor: pd.Timestamp,
    actor_names: dict[str, str],
    states: Sequence[tuple[str, str]],
) -> pd.DataFrame:
    """Days since each outside actor's last leader-level contact with each state.

    Only leader-level contacts that started on or before ``anchor`` count; days run from
    the contact's last day (0 while it lasts). One row per outside actor with at least one
    such contact; a state it never met at leader level in the data is empty (NaN). The last
    column lists the states not met for :data:`LONG_SILENCE_DAYS` days or more, or never.
    Rows: the actor with the most leader-level contact events first, ties by name.
    """
    names = [name for _, name in states]
    columns = ["Actor", *names, SILENT_WITH]
    anchor = pd.Timestamp(anchor).normalize()
    chosen = pairs["leader"].to_numpy(dtype=bool) & (
        pairs["start"].to_numpy() <= anchor.to_datetime64()
    )
    if not chosen.any():
        return pd.DataFrame(columns=columns)
    actor_codes, actor_ids = _coded(pairs["actor_id"])
    state_codes, _ = _coded(pairs["iso3"], [iso3 for iso3, _ in states])
    actor_codes, state_codes = actor_codes[chosen], state_codes[chosen]
    events = pairs["event_pos"].to_numpy()[chosen]
    now = anchor.to_datetime64().astype("datetime64[ns]")
    ends = np.minimum(pairs["end"].to_numpy()[chosen].astype("datetime64[ns]"), now)
    n_actors, n_states = len(actor_ids), len(states)
    # The last day of the latest contact of each (actor, state), as nanoseconds; none: min.
    none = np.iinfo(np.int64).min
    last = np.full(n_actors * n_states, none, dtype=np.int64)
    np.maximum.at(last, actor_codes.astype(np.int64) * n_states + state_codes, ends.view(np.int64))
    last = last.reshape(n_actors, n_states)
    contacts = _distinct_count(actor_codes, n_actors, events)
    present = np.flatnonzero(contacts)
    never = last[present] == none
    day = np.timedelta64(1, "D").astype("timedelta64[ns]").astype(np.int64)
    days = (now.astype(np.int64) - last[present]) // day
    values = np.where(never, np.nan, days.astype(float))
    table = pd.DataFrame({"Actor": [actor_names.get(actor_ids[i], actor_ids[i]) for i in present]})
    for index, name in enumerate(names):
        table[name] = values[:, index]
    silent = np.isnan(values) | (values >= LONG_SILENCE_DAYS)
    table[SILENT_WITH] = [
        ", ".join(n for n, s in zip(names, row, strict=True) if s) for row in silent
    ]
    # The busiest first (as in the matrix), so that the main powers' silences are on top.
    order = pd.DataFrame(
        {"contacts": contacts[present], "actor": table["Actor"].to_numpy()}
    ).sort_values(["contacts", "actor"], ascending=[False, True], kind="stable")
    return table.iloc[order.index].reset_index(drop=True)[columns]


# ---------------------------------------------------------------- formats calendar

# The formats the calendar lists: the events' `format` value and how the page names it.
FORMATS: tuple[tuple[str, str], ...] = (
    ("C5+1", "C5+1 (the five and the United States)"),
    ("EU–Central Asia", "EU–Central Asia"),
    ("China–Central Asia", "China–Central Asia"),
    ("Russia–Central Asia", "Russia–Central Asia"),
    ("Central Asia+Japan", "Central Asia + Japan"),
    ("Korea–Central Asia", "Korea–Central Asia"),
    ("Central Asia–Germany", "Central Asia–Germany"),
    ("India–Central Asia", "India–Central Asia"),
    ("GCC–Central Asia", "GCC–Central Asia"),
    ("OTS", "Organization of Turkic States (OTS)"),
    ("SCO", "Shanghai Cooperation Organisation (SCO)"),
    ("CSTO", "Collective Security Treaty Organization (CSTO)"),
    ("CIS", "Commonwealth of Independent States (CIS)"),
    ("EAEU", "Eurasian Economic Union (EAEU)"),
    ("CICA", "Conference on Interaction and Confidence-Building Measures in Asia (CICA)"),
    ("Caspian summit", "Caspian summit"),
    (
        "Central Asia consultative meeting",
        "Consultative meeting of the Central Asian heads of state",
    ),
)
# Event types of a format's own meetings even when linked to another event (a ministerial
# held on a summit's eve); other linked events are bilateral talks on the sidelines.
FORMAT_MEETING_TYPES: tuple[str, ...] = ("summit", "multilateral_summit", "video_conference")
SINCE = pd.Timestamp("2022-01-01")
CALENDAR_COLUMNS = [
    "Format",
    "Last held",
    "Where",
    "Level",
    "Next announced",
    "Where (next)",
    "Status (next)",
    "Meetings since 2022",
    "Of which leaders",
]


def format_meetings(events: pd.DataFrame) -> np.ndarray:
    """Events that are meetings of their format: not bilateral talks on another's sidelines.

    A meeting of a format is an event with that ``format`` that is a summit, a multilateral
    summit or a video conference, or any other event not linked to a parent event.
    """
    linked = events["parent_pos"].to_numpy() >= 0
    own_kind = events["event_type"].isin(FORMAT_MEETING_TYPES).to_numpy()
    return (events["format"] != "").to_numpy() & (own_kind | ~linked)


def _level(value: object) -> str:
    return "Leaders" if value == "leader" else "Foreign ministers"


def formats_calendar(
    events: pd.DataFrame,
    reference: pd.Timestamp | None,
    formats: Sequence[tuple[str, str]] = FORMATS,
    since: pd.Timestamp = SINCE,
    mask: np.ndarray | None = None,
) -> pd.DataFrame:
    """One row per format: last held, next announced, meetings since ``since``.

    ``events`` are the events to look at, or all events and a ``mask`` of the filtered ones
    (cheaper than a filtered copy of a large table). *Last held*: the latest
    meeting with status ``held`` that started on or before ``reference`` (the as-of date).
    *Next announced*: the earliest ``announced`` or ``postponed`` meeting that ends on or
    after it. *Meetings since 2022*: held meetings from ``since`` to ``reference``, and how
    many of them were at leader level. Ties on a date go to the event listed first.
    """
    listed, _ = _coded(events["format"], [value for value, _ in formats])
    chosen = (listed >= 0) & format_meetings(events)
    if mask is not None:
        chosen &= np.asarray(mask, dtype=bool)
    rows_at = np.flatnonzero(chosen)
    code = listed[rows_at]
    status = events["status"].iloc[rows_at].astype(str).to_numpy()
    start = events["start_date"].to_numpy()[rows_at]
    end = events["end_date"].to_numpy()[rows_at]
    leader = (events["level"].iloc[rows_at] == "leader").to_numpy()
    held = status == "held"
    pending = np.isin(status, PENDING_STATUSES)
    if reference is not None:
        held &= start <= reference.to_datetime64()
        pending &= end >= reference.to_datetime64()
    counted = held & (start >= pd.Timestamp(since).to_datetime64())

    def place(i: int) -> str:
        at = int(rows_at[i])
        return f"{events['city'].iat[at]}, {events['country'].iat[at]}"

    rows = []
    for k, (_, label) in enumerate(formats):
        mine = code == k
        row: dict[str, object] = {
            "Format": label,
            "Last held": pd.NaT,
            "Where": "",
            "Level": "",
            "Next announced": pd.NaT,
            "Where (next)": "",
            "Status (next)": "",
            "Meetings since 2022": int((mine & counted).sum()),
            "Of which leaders": int((mine & counted & leader).sum()),
        }
        last = np.flatnonzero(mine & held)
        if last.size:
            # The latest start; on a tie, the first listed.
            i = int(last[np.argmax(start[last] == start[last].max())])
            row.update(
                {
                    "Last held": pd.Timestamp(start[i]),
                    "Where": place(i),
                    "Level": _level("leader" if leader[i] else "minister"),
                }
            )
        upcoming = np.flatnonzero(mine & pending)
        if upcoming.size:
            i = int(upcoming[np.argmin(start[upcoming])])
            row.update(
                {
                    "Next announced": pd.Timestamp(start[i]),
                    "Where (next)": place(i),
                    "Status (next)": status[i],
                }
            )
        rows.append(row)
    table = pd.DataFrame(rows, columns=CALENDAR_COLUMNS)
    for column in ("Last held", "Next announced"):
        table[column] = pd.to_datetime(table[column])
    return table


def event_list(
    events: pd.DataFrame, positions: np.ndarray, limit: int | None = None
) -> pd.DataFrame:
    """The listed events (rows of ``events`` by position, in the given order) as shown:
    ``Start``, ``End``, ``Title``, ``Type``, ``Level``, ``Place``, ``Source``."""
    chosen = events.iloc[positions[:limit] if limit is not None else positions]
    return pd.DataFrame(
        {
            "Start": chosen["start_date"].to_numpy(),
            "End": chosen["end_date"].to_numpy(),
            "Title": chosen["title"].astype(str).to_numpy(),
            "Type": [EVENT_TYPE_LABELS.get(t, t) for t in chosen["event_type"].astype(str)],
            "Level": [_level(v) for v in chosen["level"].astype(str)],
            "Place": [
                f"{c}, {n}"
                for c, n in zip(
                    chosen["city"].astype(str), chosen["country"].astype(str), strict=True
                )
            ],
            "Source": chosen["source_url"].astype(str).to_numpy(),
        }
    )
