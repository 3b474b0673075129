"""Hostile and careless uploads (issues 15 and 16): every failure is a problem of its file,
limits hold while a file is read, and no accepted event is lost or doubled."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import tracemalloc
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from components.core import userfiles
from components.core.dataset import Dataset, extend
from components.core.errors import DataError, Problem
from components.core.escaping import WORD_JOINER, md
from components.core.export import to_csv_bytes
from components.core.fileformat import FILE_COLUMNS
from components.core.filters import choices_for, from_query
from components.core.limits import (
    JSON_MAX_DEPTH,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_PROBLEMS,
    MAX_ROWS,
    ReadLimits,
)
from components.core.schema import FIRST_DATE, LAST_DATE
from components.core.userfiles import problems_csv, read_upload, settle_uploads
from components.core.workbook import read_workbook
from components.validate import main as validate_main
from tests.helpers import edit_cell
from tests.hostile import (
    csv_bytes,
    deep_json,
    far_dates_csv,
    huge_number_json,
    ragged_bomb,
    rows,
    xlsx_bytes,
)

TODAY = date(2026, 11, 27)


def upload(reference: Dataset, raw: bytes, name: str = "mine.csv") -> userfiles.ImportResult:
    return read_upload(name, raw, reference, today=TODAY)


def refusal(reference: Dataset, raw: bytes, name: str) -> str:
    with pytest.raises(DataError) as info:
        upload(reference, raw, name)
    return str(info.value)


# ---------------------------------------------------------------- issue 15.1, 15.2: bounded JSON


@pytest.mark.parametrize("kind", ["array", "object"])
def test_deeply_nested_json_is_a_problem_of_the_file(reference: Dataset, kind: str) -> None:
    raw = deep_json(kind=kind)
    assert len(raw) >= 200_000
    assert "is nested too deeply" in refusal(reference, raw, "deep.json")


def test_nesting_past_the_limit_inside_a_record_is_named(reference: Dataset) -> None:
    record = {
        **rows(1)[0],
        "notes": json.loads("[" * (JSON_MAX_DEPTH + 5) + "]" * (JSON_MAX_DEPTH + 5)),
    }
    message = refusal(reference, json.dumps([record]).encode(), "nested.json")
    assert f"row 1: is nested {JSON_MAX_DEPTH + 6} levels deep" in message


def test_json_number_with_thousands_of_digits_is_a_problem_of_the_file(reference: Dataset) -> None:
    message = refusal(reference, huge_number_json(), "huge.json")
    assert "huge.json, row 1: has a number 5,000 characters long" in message


def test_json_numbers_are_kept_as_written(reference: Dataset) -> None:
    record = {k: v for k, v in rows(1)[0].items() if k not in ("lat", "lon")}
    text = json.dumps([record])[:-2] + ', "lat": 39.65420, "lon": 66.9597}]'
    result = upload(reference, text.encode(), "numbers.json")
    assert result.problems == []
    assert result.events["lat"].iloc[0] == pytest.approx(39.6542)


def test_json_with_too_many_values_is_refused_before_decoding(reference: Dataset) -> None:
    raw = b'[{"x": [' + b"[]," * 5_000_000 + b"[]]}]"
    assert "a JSON file may hold at most 4,000,000" in refusal(reference, raw, "lists.json")


def test_json_record_that_is_not_an_object_is_a_row_problem(reference: Dataset) -> None:
    records = [*rows(2), 7]
    result = upload(reference, json.dumps({"events": records, "meta": {"v": 1}}).encode(), "m.json")
    assert [str(p) for p in result.problems] == [
        'm.json, row 3: is not an event object: the file must hold a list of event objects, or {"events": [...]}'
    ]
    assert len(result.events) == 2


@pytest.mark.parametrize(
    "raw",
    [b"[1, 2,]", b'{"events": [], }', b'{"events": [{}] ', b"[] []", b'{"a": 1}', b"5", b"[{"],
)
def test_malformed_json_is_a_problem_of_the_file(reference: Dataset, raw: bytes) -> None:
    with pytest.raises(DataError):
        upload(reference, raw, "bad.json")


def test_an_unexpected_error_is_a_logged_problem_of_the_file(
    reference: Dataset, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(userfiles, "parse_csv_bytes", broken)
    with caplog.at_level(logging.ERROR, logger="components.core.userfiles"):
        message = refusal(reference, csv_bytes(rows(1)), "any.csv")
    assert "could not be read: an unexpected error (ZeroDivisionError)" in message
    assert "ZeroDivisionError: a bug" in caplog.text


# ---------------------------------------------------------------- issue 15.3: dates the app can show


def test_dates_the_dashboard_cannot_show_are_rejected(reference: Dataset) -> None:
    result = upload(reference, far_dates_csv(), "far.csv")
    text = " | ".join(str(p) for p in result.problems)
    assert "row 3, column 'start_date': '1600-01-01' is outside the dates" in text
    assert "row 4, column 'start_date': '2300-01-01' is outside the dates" in text
    assert list(result.events["event_id"]) == ["far-0"]


@pytest.mark.parametrize("day", ["1600-01-01", "2300-01-01"])
def test_validate_refuses_a_folder_with_dates_the_dashboard_cannot_show(
    small_folder: Path, capsys: pytest.CaptureFixture[str], day: str
) -> None:
    edit_cell(small_folder / "events.csv", 0, "start_date", day)
    edit_cell(small_folder / "events.csv", 0, "end_date", day)
    assert validate_main([str(small_folder)]) == 1
    assert f"row 2, column 'start_date': '{day}' is outside the dates" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("day", "accepted"),
    [(FIRST_DATE, True), (LAST_DATE, True), (date(1990, 12, 31), False), (date(2100, 1, 1), False)],
)
def test_the_date_bounds_are_inclusive(reference: Dataset, day: date, accepted: bool) -> None:
    record = {**rows(1)[0], "start_date": day.isoformat(), "end_date": day.isoformat()}
    result = upload(reference, csv_bytes([record]))
    assert (len(result.events) == 1) is accepted, result.problems


@pytest.mark.parametrize(
    ("lat", "lon", "hint"), [("66.9597", "39.6542", True), ("10.0", "66.9597", False)]
)
def test_swapped_coordinates_get_a_hint(reference: Dataset, lat: str, lon: str, hint: bool) -> None:
    result = upload(reference, csv_bytes([{**rows(1)[0], "lat": lat, "lon": lon}]))
    (problem,) = result.problems
    assert "lies outside UZB" in problem.message
    assert ("swapped" in problem.message) is hint


# ---------------------------------------------------------------- issue 16.1: limits while reading


def test_ragged_memory_bomb_stops_at_the_row_limit_in_bounded_memory(reference: Dataset) -> None:
    raw = ragged_bomb(2_000_000)
    tracemalloc.start()
    try:
        message = refusal(reference, raw, "bomb.csv")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert f"has more than {MAX_ROWS:,} rows" in message
    # Reading every line kept a list and a problem per line: hundreds of MB for this 4 MB file.
    assert peak < 60 * 2**20, f"peak {peak / 2**20:.0f} MB"


def test_well_formed_file_over_the_row_limit_is_refused(reference: Dataset) -> None:
    raw = b"event_id,start_date\n" + b"a,b\n" * (MAX_ROWS + 1)
    assert f"has more than {MAX_ROWS:,} rows" in refusal(reference, raw, "long.csv")


def test_a_file_of_exactly_the_row_limit_is_read(reference: Dataset) -> None:
    raw = b"event_id,start_date\n" + b"a,b\n" * MAX_ROWS
    # Read, then refused for its missing columns: the row limit did not stop it.
    assert "missing column(s)" in refusal(reference, raw, "limit.csv")


def test_too_many_columns_are_refused_at_the_header(reference: Dataset) -> None:
    header = ",".join([*FILE_COLUMNS, *(f"x{i}" for i in range(MAX_COLUMNS))])
    message = refusal(reference, (header + "\n").encode(), "wide.csv")
    assert f"the limit is {MAX_COLUMNS}" in message


def test_one_enormous_line_is_refused_without_splitting_it(reference: Dataset) -> None:
    raw = b"event_id,start_date\n" + b"," * (20 * 2**20)
    assert "longer than" in refusal(reference, raw, "line.csv")


@pytest.mark.parametrize("irregular", [False, True])
def test_a_cell_past_the_limit_rejects_its_row(reference: Dataset, irregular: bool) -> None:
    records = rows(3)
    records[1]["notes"] = "n" * (MAX_CELL_CHARS + 1)
    raw = csv_bytes(records)
    if irregular:  # a blank line sends the file down the row-by-row reader
        raw = raw.replace(b"\n", b"\n\n", 1)
    result = upload(reference, raw)
    assert [p.message for p in result.problems] == [
        f"has {MAX_CELL_CHARS + 1:,} characters; a cell may have at most {MAX_CELL_CHARS:,}"
    ]
    assert sorted(result.events["event_id"]) == ["mine-0", "mine-2"]


def test_a_file_wrong_in_every_cell_keeps_a_bounded_list(reference: Dataset) -> None:
    bad = [dict.fromkeys(FILE_COLUMNS, "?") for _ in range(MAX_PROBLEMS)]
    result = upload(reference, csv_bytes(bad), "bad.csv")
    assert len(result.problems) == MAX_PROBLEMS
    assert result.more_problems > MAX_PROBLEMS
    assert result.rejected_rows == MAX_PROBLEMS
    report = pd.read_csv(io.BytesIO(problems_csv(result.problems, result.more_problems)))
    assert len(report) == MAX_PROBLEMS + 1
    assert f"{result.more_problems:,} more problem(s), not listed" in report["reason"].iloc[-1]


def test_too_many_participants_is_a_row_problem(reference: Dataset) -> None:
    record = {**rows(1)[0], "participants": "; ".join(f"EU|Person {i}|" for i in range(101))}
    (problem,) = upload(reference, csv_bytes([record])).problems
    assert problem.message == "names 101 participants; an event may have at most 100"


# ---------------------------------------------------------------- issue 16.2: uploads of one session


def test_a_copy_under_another_name_is_rejected_not_crashed(reference: Dataset) -> None:
    raw = csv_bytes(rows(3, "pair"))
    first, second = upload(reference, raw, "a.csv"), upload(reference, raw, "b.csv")
    settled = settle_uploads([first, second])
    assert settled[0] is first
    assert len(settled[1].events) == 0
    assert settled[1].rejected_rows == 3
    assert "b.csv, row 2, column 'event_id': 'pair-0' is already added by a.csv" in [
        str(p) for p in settled[1].problems
    ]
    events = pd.concat([r.events for r in settled])
    participants = pd.concat([r.participants for r in settled])
    combined = extend(reference, events, participants)
    assert len(combined.events) == len(reference.events) + 3


def test_the_same_event_under_new_ids_in_another_upload_is_a_repeat(reference: Dataset) -> None:
    first = upload(reference, csv_bytes(rows(2, "one")), "a.csv")
    second = upload(reference, csv_bytes(rows(2, "two")), "b.csv")
    (settled_first, settled_second) = settle_uploads([first, second])
    assert settled_first is first
    messages = [p.message for p in settled_second.problems]
    assert messages[0] == (
        "'two-0' repeats 'one-0' (same start date, host and actors), added by a.csv"
    )
    # Removing the first file lets the second add its events.
    (alone,) = settle_uploads([second])
    assert len(alone.events) == 2


# ---------------------------------------------------------------- issue 16.3: line breaks in cells


@pytest.mark.parametrize("brk", ["\r", "\n", "\r\n"])
def test_a_line_break_cannot_start_a_formula_in_the_export(reference: Dataset, brk: str) -> None:
    events = reference.events.head(1).astype({"title": str})
    events = events.assign(title=f"Meeting{brk}=cmd|' /C calc'!A0")
    exported = to_csv_bytes(events, reference.participants)
    _assert_no_formula_line(exported)
    assert f"\"Meeting{brk}'=cmd|".encode() in exported


@pytest.mark.parametrize("brk", ["\r", "\n", "\r\n"])
def test_a_line_break_cannot_start_a_formula_in_the_report(brk: str) -> None:
    report = problems_csv([Problem(f"a{brk}=evil.csv", 2, None, f"x{brk}@SUM(1)")])
    _assert_no_formula_line(report)
    assert f'"a{brk}\'=evil.csv"'.encode() in report


def _assert_no_formula_line(raw: bytes) -> None:
    """No line, as a spreadsheet splits them (at CR or LF), starts with a formula sign."""
    for line in raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n"):
        assert not line.lstrip(b'"').startswith((b"=", b"+", b"-", b"@")), line


# ---------------------------------------------------------------- issue 16.4: plain text


@pytest.mark.parametrize(
    ("text", "broken"),
    [
        ("[Session expired](https://evil.example/login)", "https\\:\u2060//"),
        ("![t](https://evil.example/pixel.png)", "https\\:\u2060//"),
        ("see www.evil.example", "www\u2060\\."),
        ("write to a@evil.example", "a@\u2060evil"),
        (":material/home: and :red[red]", "\\:\u2060material/"),
        (":red[red]", "\\:\u2060red\\["),
    ],
)
def test_md_leaves_nothing_for_markdown_to_turn_into_links_or_icons(text: str, broken: str) -> None:
    shown = md(text)
    assert broken in shown
    # Back to the text as typed once Markdown's escapes and the joiners are taken out.
    assert shown.replace("\\", "").replace(WORD_JOINER, "") == text


def test_md_changes_ordinary_text_only_by_escapes() -> None:
    text = "column 'start_date': javascript:x, 10:30, e-mail me"
    assert WORD_JOINER not in md(text)


@pytest.mark.parametrize(
    ("params", "actors", "notice"),
    [
        ({"actors": ["RUS", "CHN"]}, ("RUS", "CHN"), "'actors' was given 2 times; all its values"),
        ({"actors": ["RUS,EU", "CHN"]}, ("RUS", "EU", "CHN"), "all its values are used"),
        ({"actors": "RUS", "to": ["2023-01-01", "2024-01-01"]}, ("RUS",), "'to' was given 2 times"),
    ],
)
def test_repeated_url_parameters_are_used_with_a_notice(
    reference: Dataset, params: dict, actors: tuple[str, ...], notice: str
) -> None:
    parsed = from_query(params, choices_for(reference))
    assert parsed.filters.actors == actors
    assert any(notice in n for n in parsed.notices), parsed.notices


# ---------------------------------------------------------------- issue 16.5: real Excel files


def test_excel_date_cells_are_read_as_dates(reference: Dataset) -> None:
    frame = pd.DataFrame(rows(2), columns=FILE_COLUMNS)
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column])
    frame["lat"] = frame["lat"].astype(float)
    result = upload(reference, xlsx_bytes({"Events": frame}), "dates.xlsx")
    assert result.problems == []
    assert list(result.events["start_date"]) == [datetime(2025, 3, 10), datetime(2025, 3, 11)]


def test_excel_sheet_with_the_format_is_chosen_and_named(reference: Dataset) -> None:
    notes = pd.DataFrame({"about": ["my notes"]})
    events = pd.DataFrame(rows(2), columns=FILE_COLUMNS)
    result = upload(reference, xlsx_bytes({"Notes": notes, "Events": events}), "two.xlsx")
    assert len(result.events) == 2
    assert result.warnings == [
        "Read sheet 'Events' (it has the format's columns); the workbook has 2 sheets: "
        "'Notes', 'Events'"
    ]


def test_excel_without_the_format_says_which_sheet_was_read(reference: Dataset) -> None:
    raw = xlsx_bytes({"First": pd.DataFrame({"a": [1]}), "Second": pd.DataFrame({"b": [2]})})
    assert "two.xlsx, row 1: missing column(s)" in refusal(reference, raw, "two.xlsx")


def test_excel_reading_stops_at_the_row_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["event_id", "start_date"])
    for i in range(5_000):
        sheet.append([f"e{i}", "2025-01-01"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    pulled = []
    original = openpyxl.worksheet._read_only.ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for row in original(self, *args, **kwargs):
            pulled.append(1)
            yield row

    monkeypatch.setattr(openpyxl.worksheet._read_only.ReadOnlyWorksheet, "_cells_by_row", counting)
    log = userfiles.ProblemLog()
    with pytest.raises(DataError, match="has more than 1,000 rows"):
        read_workbook(buffer.getvalue(), "big.xlsx", ReadLimits(rows=1_000), ["event_id"], log)
    assert len(pulled) <= 1_002 + 1  # the header (read twice: once to choose the sheet)


# ---------------------------------------------------------------- issue 16.7: smaller


def test_a_ragged_row_is_listed_once(reference: Dataset) -> None:
    raw = csv_bytes(rows(2)) + b"short,row\n"
    result = upload(reference, raw)
    header = len(FILE_COLUMNS)
    assert [str(p) for p in result.problems] == [
        f"mine.csv, row 4: has 2 cells, the header has {header}"
    ]
    report = pd.read_csv(io.BytesIO(problems_csv(result.problems)))
    assert len(report) == 1


def test_a_good_row_is_not_a_repeat_of_a_rejected_row(reference: Dataset) -> None:
    first, second = rows(2)
    first.update(status="maybe")  # rejected for its status
    second.update(start_date=first["start_date"], end_date=first["end_date"])
    result = upload(reference, csv_bytes([first, second]))
    assert [str(p) for p in result.problems] == [
        "mine.csv, row 2, column 'status': 'maybe' is not one of: held, announced, cancelled, postponed, unconfirmed"
    ]
    assert list(result.events["event_id"]) == ["mine-1"]


def test_a_semicolon_separated_file_is_read_and_said_so(reference: Dataset) -> None:
    frame = pd.DataFrame(rows(2), columns=FILE_COLUMNS)
    raw = frame.to_csv(index=False, sep=";").encode()
    result = upload(reference, raw)
    assert len(result.events) == 2
    assert any("semicolon-separated" in w for w in result.warnings)


# ---------------------------------------------------------------- properties


def _nested(leaf: st.SearchStrategy) -> st.SearchStrategy:
    return st.recursive(
        leaf,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
        ),
        max_leaves=20,
    )


@given(
    depth=st.integers(min_value=1, max_value=3_000),
    opener=st.sampled_from(["[", '{"a":', '{"events": [', '[{"x": ']),
    digits=st.integers(min_value=1, max_value=6_000),
)
def test_nesting_and_numbers_only_raise_data_error(
    reference: Dataset, depth: int, opener: str, digits: int
) -> None:
    raw = (opener * depth + "9" * digits).encode()
    with contextlib.suppress(DataError):
        upload(reference, raw, "p.json")


@given(
    record=st.dictionaries(
        st.sampled_from(FILE_COLUMNS),
        _nested(st.integers() | st.floats() | st.text(max_size=5) | st.none()),
        max_size=16,
    )
)
def test_any_json_record_only_raises_data_error(reference: Dataset, record: dict) -> None:
    with contextlib.suppress(DataError):
        upload(reference, json.dumps([record]).encode(), "r.json")


@given(day=st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_any_date_is_accepted_only_inside_the_bounds(reference: Dataset, day: date) -> None:
    day_text = day.isoformat()
    # Actors no reference event has together: the row can never repeat one.
    record = {**rows(1)[0], "start_date": day_text, "end_date": day_text}
    record["participants"] = "GCC||; MNG||; UZB||"
    result = upload(reference, csv_bytes([record]))
    assert (len(result.events) == 1) == (FIRST_DATE <= day <= LAST_DATE)
