"""The comparison pages' numbers on a small dataset whose values were worked out by hand
(tests/analysis_fixture.py lists its events)."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from components.core.analysis import (
    FORMATS,
    MAX_POWERS,
    TREND_RULE,
    absence,
    anchor_date,
    cell_events,
    cell_parameter,
    central_states,
    contact_pairs,
    event_list,
    format_meetings,
    formats_calendar,
    pairs_within,
    parse_cell,
    quarterly_contacts,
    reference_date,
    trend_mark,
    trend_summary,
    trend_table,
    twelve_month_windows,
    who_meets_whom,
    year_on_year,
)
from components.core.dataset import Dataset, load_dataset
from components.core.filters import Filters, dataset_mask
from components.core.trendchart import chart_data, trend_spec
from tests.analysis_fixture import make_analysis_folder

NAN = float("nan")
STATES = ["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"]
T = pd.Timestamp


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return load_dataset(make_analysis_folder(tmp_path_factory.mktemp("analysis") / "data"))


def pairs_of(dataset: Dataset, **filters: object) -> pd.DataFrame:
    return contact_pairs(dataset, dataset_mask(dataset, Filters(**filters)))  # type: ignore[arg-type]


def ids_at(dataset: Dataset, positions: np.ndarray) -> list[str]:
    return dataset.events["event_id"].iloc[positions].tolist()


def rows(table: pd.DataFrame) -> list[list[object]]:
    """Cells as plain values, NaN as the string 'nan' (NaN != NaN would hide a match)."""
    return [
        ["nan" if isinstance(v, float) and math.isnan(v) else v for v in row]
        for row in table.itertuples(index=False)
    ]


# ---------------------------------------------------------------- contacts


def test_contacts_are_held_meetings_of_an_outside_actor_and_a_state(data: Dataset) -> None:
    pairs = pairs_of(data)
    found = sorted(
        (data.events["event_id"].iloc[p], a, s)
        for p, a, s in zip(pairs["event_pos"], pairs["actor_id"], pairs["iso3"], strict=True)
    )
    assert found == sorted(
        [
            ("v1", "TUR", "KGZ"),
            ("v2", "TUR", "TKM"),
            ("v3", "RUS", "KAZ"),
            *[("s1", a, s) for a in ("RUS", "CHN") for s in ("KAZ", "KGZ", "UZB")],
            ("s1b", "CHN", "UZB"),
            *[("m1", "CHN", s) for s in ("KAZ", "KGZ", "TJK", "TKM", "UZB")],
            ("m2", "EU", "UZB"),
        ]
    )
    # Leader level and dates travel with each pair.
    m2 = pairs[pairs["actor_id"] == "EU"].iloc[0]
    assert not m2["leader"]
    assert m2["start"] == T("2025-02-01")
    s1 = pairs[(pairs["actor_id"] == "RUS") & (pairs["iso3"] == "UZB")].iloc[0]
    assert (bool(s1["leader"]), s1["start"], s1["end"]) == (True, T("2024-07-03"), T("2024-07-04"))


def test_no_contacts_in_an_empty_period(data: Dataset) -> None:
    pairs = pairs_of(data, start=date(2021, 1, 1), end=date(2021, 12, 31))
    assert pairs.empty
    assert list(pairs.columns) == ["event_pos", "actor_id", "iso3", "leader", "start", "end"]


def test_central_states_are_the_five_in_order(data: Dataset) -> None:
    assert [name for _, name in central_states(data.countries)] == STATES


# ---------------------------------------------------------------- who meets whom


def test_matrix_counts_totals_and_shares(data: Dataset) -> None:
    matrix = who_meets_whom(pairs_of(data), data.actor_names, central_states(data.countries))
    assert list(matrix.table.columns) == [
        "Actor",
        *STATES,
        "Total",
        "Share %",
        "Leaders",
        "Ministers",
    ]
    # Russia and Turkey tie on 2 events: by name.
    assert rows(matrix.table) == [
        ["China", 2.0, 2.0, 1.0, 1.0, 3.0, 3.0, 42.9, 2.0, 1.0],
        ["Russia", 2.0, 1.0, 0.0, 0.0, 1.0, 2.0, 28.6, 2.0, 0.0],
        ["Turkey", 0.0, 1.0, 0.0, 1.0, 0.0, 2.0, 28.6, 2.0, 0.0],
        ["European Union", 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 14.3, 0.0, 1.0],
        ["Total", 3.0, 3.0, 1.0, 2.0, 4.0, 7.0, 100.0, 5.0, 2.0],
        ["Share %", 42.9, 42.9, 14.3, 28.6, 57.1, 100.0, "nan", 71.4, 28.6],
    ]
    assert matrix.actor_ids == ("CHN", "RUS", "TUR", "EU")
    assert matrix.cell(1, "Kazakhstan") == ("RUS", "KAZ")
    assert matrix.cell(4, "Kazakhstan") is None  # the Total row
    assert matrix.cell(0, "Total") is None
    assert matrix.position("EU", "UZB") == (3, "Uzbekistan")
    assert matrix.position("EU", "KAZ") == (3, "Kazakhstan")
    assert matrix.position("USA", "KAZ") is None


def test_matrix_without_sideline_meetings(data: Dataset) -> None:
    matrix = who_meets_whom(
        pairs_of(data, sidelines=False), data.actor_names, central_states(data.countries)
    )
    # China loses s1b (its talks with Uzbekistan on the SCO summit's sidelines): three-way tie.
    assert rows(matrix.table)[:3] == [
        ["China", 2.0, 2.0, 1.0, 1.0, 2.0, 2.0, 33.3, 1.0, 1.0],
        ["Russia", 2.0, 1.0, 0.0, 0.0, 1.0, 2.0, 33.3, 2.0, 0.0],
        ["Turkey", 0.0, 1.0, 0.0, 1.0, 0.0, 2.0, 33.3, 2.0, 0.0],
    ]
    assert rows(matrix.table)[-2][6] == 6.0


def test_matrix_of_minister_level_contacts(data: Dataset) -> None:
    matrix = who_meets_whom(
        pairs_of(data, levels=("minister",)), data.actor_names, central_states(data.countries)
    )
    assert [r[0] for r in rows(matrix.table)] == [
        "China",
        "European Union",
        "Total",
        "Share %",
    ]
    assert rows(matrix.table)[-2] == ["Total", 1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 100.0, 0.0, 2.0]


def test_matrix_of_one_event(data: Dataset) -> None:
    matrix = who_meets_whom(
        pairs_of(data, actors=("EU",)), data.actor_names, central_states(data.countries)
    )
    assert rows(matrix.table) == [
        ["European Union", 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 100.0, 0.0, 1.0],
        ["Total", 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 100.0, 0.0, 1.0],
        ["Share %", 0.0, 0.0, 0.0, 0.0, 100.0, 100.0, "nan", 0.0, 100.0],
    ]


def test_matrix_of_an_empty_period(data: Dataset) -> None:
    matrix = who_meets_whom(
        pairs_of(data, end=date(2021, 12, 31)), data.actor_names, central_states(data.countries)
    )
    assert matrix.table.empty
    assert list(matrix.table.columns)[:2] == ["Actor", "Kazakhstan"]
    assert matrix.actor_ids == ()
    assert matrix.position("CHN", "KAZ") is None


def test_cell_events_newest_first_ties_in_data_order(data: Dataset) -> None:
    pairs = pairs_of(data)
    # s1 and s1b both start on 2024-07-03: the data's order.
    assert ids_at(data, cell_events(pairs, "CHN", "UZB")) == ["m1", "s1", "s1b"]
    assert ids_at(data, cell_events(pairs, "RUS", "KAZ")) == ["s1", "v3"]
    assert ids_at(data, cell_events(pairs, "EU", "KAZ")) == []


def test_event_list_is_what_the_page_lists(data: Dataset) -> None:
    listed = event_list(data.events, cell_events(pairs_of(data), "CHN", "UZB"), limit=2)
    assert rows(listed) == [
        [
            T("2024-10-10"),
            T("2024-10-10"),
            "Event m1",
            "Summit",
            "Foreign ministers",
            "Chengdu, China",
            "https://example.org/m1",
        ],
        [
            T("2024-07-03"),
            T("2024-07-04"),
            "Event s1",
            "Multilateral summit",
            "Leaders",
            "Astana, Kazakhstan",
            "https://example.org/s1",
        ],
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RUS:KAZ", ("RUS", "KAZ")),
        ("A:B:KAZ", ("A:B", "KAZ")),
        (" EU:UZB ", ("EU", "UZB")),
        ("RUS", None),
        (":KAZ", None),
        ("RUS:", None),
        ("", None),
        (None, None),
        ("X" * 300 + ":KAZ", None),
    ],
)
def test_parse_cell(text: object, expected: tuple[str, str] | None) -> None:
    assert parse_cell(text) == expected


def test_cell_parameter_round_trip() -> None:
    assert parse_cell(cell_parameter("A:B", "KAZ")) == ("A:B", "KAZ")


# ---------------------------------------------------------------- trends


def test_quarterly_contacts_include_empty_quarters(data: Dataset) -> None:
    frame = quarterly_contacts(pairs_of(data), ["RUS", "CHN"], T("2024-04-01"), T("2024-12-31"))
    assert frame[["actor_id", "quarter", "contacts"]].values.tolist() == [
        ["RUS", "2024-Q2", 0],
        ["RUS", "2024-Q3", 2],
        ["RUS", "2024-Q4", 0],
        ["CHN", "2024-Q2", 0],
        ["CHN", "2024-Q3", 2],
        ["CHN", "2024-Q4", 1],
    ]
    assert (
        frame["quarter_start"].tolist() == [T("2024-04-01"), T("2024-07-01"), T("2024-10-01")] * 2
    )


def test_quarterly_contacts_count_events_in_the_period_as_the_filters_do(data: Dataset) -> None:
    # From 2024-07-04: v3 (2024-07-01) is out, s1 (2024-07-03 to 07-04) is in.
    frame = quarterly_contacts(pairs_of(data), ["RUS"], T("2024-07-04"), T("2024-09-30"))
    assert frame[["quarter", "contacts"]].values.tolist() == [["2024-Q3", 1]]


def test_quarterly_contacts_edge_cases(data: Dataset) -> None:
    pairs = pairs_of(data)
    assert quarterly_contacts(pairs, [], T("2024-01-01"), T("2024-12-31")).empty
    assert quarterly_contacts(pairs, ["RUS"], T("2025-01-01"), T("2024-12-31")).empty
    empty = quarterly_contacts(pairs.iloc[0:0], ["EU"], T("2022-01-01"), T("2022-06-30"))
    assert empty[["quarter", "contacts"]].values.tolist() == [["2022-Q1", 0], ["2022-Q2", 0]]
    assert trend_summary(empty, data.actor_names) == (
        "Contact events per quarter, 2022-Q1 to 2022-Q2. European Union: no contacts."
    )


def test_trend_table_and_summary(data: Dataset) -> None:
    frame = quarterly_contacts(pairs_of(data), ["RUS", "CHN"], T("2024-04-01"), T("2024-12-31"))
    table = trend_table(frame, data.actor_names)
    assert list(table.columns) == ["Quarter", "Russia", "China"]
    assert table.values.tolist() == [["2024-Q2", 0, 0], ["2024-Q3", 2, 2], ["2024-Q4", 0, 1]]
    assert trend_summary(frame, data.actor_names) == (
        "Contact events per quarter, 2024-Q2 to 2024-Q4. Russia: 2 contacts, most in 2024-Q3"
        " (2); China: 3 contacts, most in 2024-Q3 (2)."
    )


def test_trend_summary_names_the_earliest_of_tied_quarters(data: Dataset) -> None:
    frame = quarterly_contacts(pairs_of(data), ["TUR"], T("2022-01-01"), T("2023-12-31"))
    assert trend_summary(frame, data.actor_names) == (
        "Contact events per quarter, 2022-Q1 to 2023-Q4. Turkey: 2 contacts, most in 2022-Q1 (1)."
    )
    one = quarterly_contacts(pairs_of(data), ["EU"], T("2025-01-01"), T("2025-03-31"))
    assert trend_summary(one, data.actor_names) == (
        "Contact events per quarter, 2025-Q1. European Union: 1 contact, most in 2025-Q1 (1)."
    )
    assert trend_summary(one.iloc[0:0], data.actor_names) == "No quarters in the chosen period."


@pytest.mark.parametrize(
    ("last", "previous", "mark"),
    [
        (0, 0, "level"),
        (1, 0, "level"),
        (0, 1, "level"),
        (2, 0, "level"),
        (3, 0, "up"),
        (0, 3, "down"),
        (4, 2, "level"),
        (8, 5, "up"),
        (5, 8, "down"),
        (20, 17, "level"),
        (100, 75, "up"),
        (100, 76, "level"),
        (76, 100, "level"),
        (75, 100, "down"),
    ],
)
def test_trend_mark_small_numbers_rule(last: int, previous: int, mark: str) -> None:
    assert trend_mark(last, previous) == mark


def test_the_rule_is_written_down() -> None:
    assert "at least 3 events" in TREND_RULE
    assert "at least 25% of the larger one" in TREND_RULE
    assert "1 against 0" in TREND_RULE


def test_twelve_month_windows() -> None:
    assert twelve_month_windows(T("2025-06-30")) == (
        (T("2023-07-01"), T("2024-06-30")),
        (T("2024-07-01"), T("2025-06-30")),
    )
    # A leap day: a year earlier is 28 February.
    assert twelve_month_windows(T("2024-02-29")) == (
        (T("2022-03-01"), T("2023-02-28")),
        (T("2023-03-01"), T("2024-02-29")),
    )


def test_year_on_year_for_every_state_and_actor(data: Dataset) -> None:
    table = year_on_year(
        pairs_of(data), T("2025-06-30"), data.actor_names, central_states(data.countries)
    )
    assert list(table.columns) == [
        "Who",
        "Kind",
        "12 months before",
        "Last 12 months",
        "Change",
        "Trend",
    ]
    state, actor = "Central Asian state", "Outside actor"
    # v3 (2024-07-01) opens the last window, v2 (2023-07-01) the one before; v1 is older.
    assert rows(table) == [
        ["Uzbekistan", state, 0, 4, 4, "↑ up"],
        ["Kazakhstan", state, 0, 3, 3, "↑ up"],
        ["Kyrgyzstan", state, 0, 2, 2, "→ level"],
        ["Tajikistan", state, 0, 1, 1, "→ level"],
        ["Turkmenistan", state, 1, 1, 0, "→ level"],
        ["China", actor, 0, 3, 3, "↑ up"],
        ["Russia", actor, 0, 2, 2, "→ level"],
        ["European Union", actor, 0, 1, 1, "→ level"],
        ["Turkey", actor, 1, 0, -1, "→ level"],
    ]


def test_year_on_year_with_no_contacts_lists_the_states(data: Dataset) -> None:
    table = year_on_year(
        pairs_of(data), T("2021-06-30"), data.actor_names, central_states(data.countries)
    )
    assert table["Who"].tolist() == sorted(STATES)
    assert set(table["Trend"]) == {"→ level"}


# ---------------------------------------------------------------- absence


def test_absence_days_since_the_last_leader_contact(data: Dataset) -> None:
    table = absence(
        pairs_of(data), T("2025-06-30"), data.actor_names, central_states(data.countries)
    )
    assert list(table.columns) == ["Actor", *STATES, "No leader contact for 2+ years with"]
    # s1 ended 2024-07-04: 361 days. Turkey met Kyrgyzstan on 2022-03-01 (1217 days) and
    # Turkmenistan on 2023-07-01: exactly 730 days, two years, so it counts as long.
    # m1 (China with all five) was at minister level and does not count.
    assert rows(table) == [
        ["China", 361.0, 361.0, "nan", "nan", 361.0, "Tajikistan, Turkmenistan"],
        ["Russia", 361.0, 361.0, "nan", "nan", 361.0, "Tajikistan, Turkmenistan"],
        [
            "Turkey",
            "nan",
            1217.0,
            "nan",
            730.0,
            "nan",
            "Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan",
        ],
    ]


def test_absence_during_a_contact_is_zero_and_later_contacts_do_not_count(data: Dataset) -> None:
    table = absence(
        pairs_of(data), T("2024-07-03"), data.actor_names, central_states(data.countries)
    )
    by_actor = {r[0]: r[1:] for r in rows(table)}
    # The SCO summit (3 to 4 July) is still on.
    assert by_actor["Russia"] == [0.0, 0.0, "nan", "nan", 0.0, "Tajikistan, Turkmenistan"]
    assert by_actor["Turkey"] == [
        "nan",
        855.0,
        "nan",
        368.0,
        "nan",
        "Kazakhstan, Kyrgyzstan, Tajikistan, Uzbekistan",
    ]


def test_absence_with_no_leader_contact_is_empty(data: Dataset) -> None:
    table = absence(
        pairs_of(data, levels=("minister",)),
        T("2025-06-30"),
        data.actor_names,
        central_states(data.countries),
    )
    assert table.empty
    assert table.columns[-1] == "No leader contact for 2+ years with"


# ---------------------------------------------------------------- formats calendar


def calendar_row(table: pd.DataFrame, label: str) -> list[object]:
    row = table[table["Format"] == label]
    assert len(row) == 1
    return ["" if v is pd.NaT else v for v in row.iloc[0].tolist()]


def test_format_meetings_leave_out_talks_on_the_sidelines(data: Dataset) -> None:
    chosen = data.events[format_meetings(data.events)]["event_id"].tolist()
    assert chosen == ["ca0", "s1", "ca", "ca2", "m1", "c1", "a1"]


def test_formats_calendar(data: Dataset) -> None:
    table = formats_calendar(data.events, T("2025-06-30"))
    assert len(table) == len(FORMATS) == 17
    assert table["Format"].tolist()[:2] == [
        "C5+1 (the five and the United States)",
        "EU–Central Asia",
    ]
    sco = "Shanghai Cooperation Organisation (SCO)"
    # s1b, China's talks on the summit's sidelines, is no SCO meeting.
    assert calendar_row(table, sco) == [
        sco,
        T("2024-07-03"),
        "Astana, Kazakhstan",
        "Leaders",
        "",
        "",
        "",
        1,
        1,
    ]
    assert calendar_row(table, "China–Central Asia") == [
        "China–Central Asia",
        T("2024-10-10"),
        "Chengdu, China",
        "Foreign ministers",
        T("2025-09-01"),
        "Astana, Kazakhstan",
        "announced",
        1,
        0,
    ]
    # Cancelled: neither held nor announced.
    assert calendar_row(table, "C5+1 (the five and the United States)")[1:] == [
        "",
        "",
        "",
        "",
        "",
        "",
        0,
        0,
    ]
    # ca and ca2 on the same day: the first listed is 'last held'; ca0 (2021) is before 2022.
    consultative = "Consultative meeting of the Central Asian heads of state"
    assert calendar_row(table, consultative) == [
        consultative,
        T("2024-08-09"),
        "Astana, Kazakhstan",
        "Leaders",
        "",
        "",
        "",
        2,
        1,
    ]
    assert calendar_row(table, "EU–Central Asia")[7:] == [0, 0]


def test_formats_calendar_as_of_an_earlier_day(data: Dataset) -> None:
    table = formats_calendar(data.events, T("2024-08-01"))
    consultative = "Consultative meeting of the Central Asian heads of state"
    assert calendar_row(table, consultative)[1:4] == [
        T("2021-08-06"),
        "Ashgabat, Turkmenistan",
        "Leaders",
    ]
    assert calendar_row(table, consultative)[7:] == [0, 0]
    assert calendar_row(table, "China–Central Asia")[1:8] == [
        "",
        "",
        "",
        T("2025-09-01"),
        "Astana, Kazakhstan",
        "announced",
        0,
    ]


def test_a_plan_dated_before_the_as_of_day_is_not_next(data: Dataset) -> None:
    # a1 (announced for 2025-09-01) seen from 2025-10-01: a stale plan, not the next meeting.
    table = formats_calendar(data.events, T("2025-10-01"))
    assert calendar_row(table, "China–Central Asia")[4:7] == ["", "", ""]
    # On its last day it still is.
    table = formats_calendar(data.events, T("2025-09-01"))
    assert calendar_row(table, "China–Central Asia")[4] == T("2025-09-01")


def test_formats_calendar_on_filtered_events(data: Dataset) -> None:
    chosen = data.events[dataset_mask(data, Filters(actors=("CHN",)))]
    table = formats_calendar(chosen, T("2025-06-30"))
    assert table.set_index("Format")["Meetings since 2022"].to_dict() == {
        label: {"SCO": 1, "China–Central Asia": 1}.get(value, 0) for value, label in FORMATS
    }
    empty = formats_calendar(data.events.iloc[0:0], T("2025-06-30"))
    assert len(empty) == 17
    assert empty["Meetings since 2022"].sum() == 0


# ---------------------------------------------------------------- dates


def test_reference_date(data: Dataset, tmp_path: Path) -> None:
    assert reference_date(data.events, data.as_of) == T("2025-06-30")
    # Without an as-of date: the last day of the latest held event (the statement of March).
    undated = load_dataset(make_analysis_folder(tmp_path / "undated", as_of=None))
    assert undated.as_of is None
    assert reference_date(undated.events, None) == T("2025-03-01")
    assert reference_date(undated.events.iloc[0:0], None) is None


def test_anchor_date() -> None:
    assert anchor_date(T("2025-06-30"), date(2026, 1, 1)) == T("2025-06-30")
    assert anchor_date(T("2025-06-30"), date(2024, 12, 31)) == T("2024-12-31")
    assert anchor_date(T("2025-06-30"), None) == T("2025-06-30")
    assert anchor_date(None, date(2024, 12, 31)) is None


def test_max_powers_is_five() -> None:
    assert MAX_POWERS == 5


def test_pairs_within_narrow_without_rebuilding(data: Dataset) -> None:
    wide = pairs_of(data)
    narrow = pairs_within(wide, dataset_mask(data, Filters(levels=("minister",))))
    expected = pairs_of(data, levels=("minister",))
    assert narrow.reset_index(drop=True).equals(expected.reset_index(drop=True))
    assert len(narrow) == 6  # m1 with the five, m2


def test_trend_chart_is_readable_without_colour(data: Dataset) -> None:
    frame = quarterly_contacts(pairs_of(data), ["RUS", "CHN"], T("2024-04-01"), T("2024-12-31"))
    spec = trend_spec(frame, data.actor_names, {"RUS": "#D55E00"}, "Russia: 2 contacts")
    assert spec["description"] == "Russia: 2 contacts"
    assert spec["facet"]["column"]["sort"] == ["Russia", "China"]
    assert spec["resolve"]["scale"]["y"] == "shared"
    line, points = spec["spec"]["layer"]
    assert line["encoding"]["strokeDash"]["scale"]["range"] == [[1, 0], [6, 3]]
    assert points["encoding"]["shape"]["scale"]["range"] == ["circle", "square"]
    assert spec["spec"]["encoding"]["color"]["scale"]["range"] == ["#D55E00", "#555555"]
    rows_drawn = chart_data(frame, data.actor_names)
    assert rows_drawn.values.tolist()[:2] == [
        ["2024-Q2", "2024-04-01", "Russia", 0],
        ["2024-Q3", "2024-07-01", "Russia", 2],
    ]
