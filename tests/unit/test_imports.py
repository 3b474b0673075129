"""Bring-your-own-data: each class of bad input gives a clear message and keeps the good rows."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from components.core.dataset import Dataset, extend
from components.core.errors import DataError, Problem
from components.core.export import export_frame, to_csv_bytes
from components.core.fileformat import FILE_COLUMNS, TEMPLATE_ROW, template_csv
from components.core.userfiles import MAX_BYTES, problems_csv, read_upload

TODAY = date(2026, 11, 27)


def row(**changes: str) -> dict[str, str]:
    return {**TEMPLATE_ROW, **changes}


def csv_of(rows: list[dict[str, str]], columns: list[str] = FILE_COLUMNS) -> bytes:
    return pd.DataFrame(rows, columns=columns).to_csv(index=False).encode("utf-8")


def good(n: int) -> list[dict[str, str]]:
    return [
        row(event_id=f"ok-{i}", start_date=f"2025-0{i + 1}-10", end_date=f"2025-0{i + 1}-10")
        for i in range(n)
    ]


def upload(reference: Dataset, raw: bytes, name: str = "mine.csv"):
    return read_upload(name, raw, reference, today=TODAY)


def messages(result) -> list[str]:
    return [str(p) for p in result.problems]


def test_template_imports_cleanly(reference: Dataset) -> None:
    result = upload(reference, template_csv(), "template.csv")
    assert result.problems == []
    assert list(result.events["event_id"]) == [TEMPLATE_ROW["event_id"]]
    assert set(result.participants["actor_id"]) == {"EU", "UZB"}
    assert (result.events["origin"] == "template.csv").all()


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"start_date": "2025-02-30"},
            "mine.csv, row 4, column 'start_date': '2025-02-30' is not a date",
        ),
        (
            {"end_date": "2020-01-01"},
            "mine.csv, row 4, column 'end_date': ends (2020-01-01) before it starts",
        ),
        ({"lat": "123.4"}, "mine.csv, row 4, column 'lat': '123.4' is not a latitude"),
        ({"lat": "10.0"}, "mine.csv, row 4, column 'lat': (10.0, 66.9597) lies outside UZB"),
        (
            {"host_iso3": "UZBK"},
            "mine.csv, row 4, column 'host_iso3': unknown country code 'UZBK' (did you mean UZB",
        ),
        (
            {"participants": "CHNA|Xi|President"},
            "column 'participants': unknown actor 'CHNA' (did you mean CHN",
        ),
        ({"participants": ""}, "column 'participants': is empty"),
        ({"status": "maybe"}, "column 'status': 'maybe' is not one of"),
        (
            {"source_url": "javascript:alert(1)"},
            "column 'source_url': 'javascript:alert(1)' is not a web address",
        ),
        ({"title": "x" * 3000}, "column 'title': is longer than 2000 characters"),
    ],
)
def test_bad_row_is_rejected_and_good_rows_kept(
    reference: Dataset, changes: dict[str, str], expected: str
) -> None:
    rows = [*good(2), row(event_id="bad-one", **changes)]
    result = upload(reference, csv_of(rows))
    assert any(expected in m for m in messages(result)), messages(result)
    assert sorted(result.events["event_id"]) == ["ok-0", "ok-1"]
    assert result.rejected_rows == 1


def test_duplicate_ids_in_file_and_against_reference(reference: Dataset) -> None:
    taken = reference.events["event_id"].iloc[0]
    rows = [
        *good(1),
        row(event_id="ok-0"),
        row(event_id=taken, start_date="2025-06-01", end_date="2025-06-01"),
    ]
    result = upload(reference, csv_of(rows))
    text = " | ".join(messages(result))
    assert "row 3, column 'event_id': duplicate id 'ok-0' in this file" in text
    assert f"row 4, column 'event_id': '{taken}' is already in the loaded data" in text
    assert list(result.events["event_id"]) == ["ok-0"]


def test_missing_columns_reject_the_file(reference: Dataset) -> None:
    with pytest.raises(DataError) as info:
        upload(reference, b"event_id,title\nx,y\n")
    assert "missing column(s) start_date, end_date" in str(info.value)


def test_empty_file(reference: Dataset) -> None:
    with pytest.raises(DataError, match=r"mine\.csv: is empty"):
        upload(reference, b"  \n")


def test_header_only(reference: Dataset) -> None:
    with pytest.raises(DataError, match="has no rows"):
        upload(reference, ",".join(FILE_COLUMNS).encode() + b"\n")


def test_not_utf8(reference: Dataset) -> None:
    raw = csv_of(good(1)).replace(b"Samarkand", "Samarqand\xe9".encode("latin-1"))
    with pytest.raises(DataError, match=r"is not UTF-8 text \(byte 0xe9 at line 2\)"):
        upload(reference, raw)


def test_utf8_with_bom_is_fine(reference: Dataset) -> None:
    result = upload(reference, b"\xef\xbb\xbf" + csv_of(good(2)))
    assert len(result.events) == 2


def test_binary_file_renamed_csv(reference: Dataset) -> None:
    with pytest.raises(DataError, match="is a binary file"):
        upload(reference, b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10, "photo.csv")


def test_too_large(reference: Dataset) -> None:
    with pytest.raises(DataError, match="the limit is 50 MB"):
        upload(reference, b"a" * (MAX_BYTES + 1))


def test_ragged_row_is_named(reference: Dataset) -> None:
    raw = csv_of(good(2)) + b"short,row\n"
    result = upload(reference, raw)
    header = len(FILE_COLUMNS)
    assert any(f"row 4: has 2 cells, the header has {header}" in m for m in messages(result))
    assert len(result.events) == 2


def test_html_and_script_are_kept_as_text(reference: Dataset) -> None:
    hostile = '<img src=x onerror="alert(1)"> <script>alert(2)</script> `${alert(3)}`'
    result = upload(reference, csv_of([row(event_id="h1", title=hostile, summary=hostile)]))
    assert result.problems == []
    assert result.events.iloc[0]["title"] == hostile


def test_event_already_in_the_data_is_a_repeat(reference: Dataset) -> None:
    first = reference.events.iloc[0]
    actors = reference.participants[reference.participants["event_id"] == first["event_id"]]
    cell = "; ".join(f"{a}||" for a in actors["actor_id"].astype(str))
    copy = row(
        event_id="my-copy",
        start_date=first["start_date"].strftime("%Y-%m-%d"),
        end_date=first["end_date"].strftime("%Y-%m-%d"),
        host_iso3=str(first["host_iso3"]),
        city=str(first["city"]),
        lat=str(first["lat"]),
        lon=str(first["lon"]),
        participants=cell,
    )
    result = upload(reference, csv_of([copy]))
    assert f"'my-copy' repeats '{first['event_id']}'" in " ".join(messages(result))


def test_future_dates_are_flagged(reference: Dataset) -> None:
    result = upload(
        reference, csv_of([row(event_id="f1", start_date="2029-01-01", end_date="2029-01-02")])
    )
    assert len(result.events) == 1
    assert any("more than a year from today" in w for w in result.warnings)


def test_excel_and_json_formats(reference: Dataset) -> None:
    buffer = io.BytesIO()
    pd.DataFrame(good(2), columns=FILE_COLUMNS).to_excel(buffer, index=False)
    excel = upload(reference, buffer.getvalue(), "mine.xlsx")
    assert excel.kind == "xlsx"
    assert sorted(excel.events["event_id"]) == ["ok-0", "ok-1"]
    records = good(2)
    records[1]["participants"] = ["RUS|Vladimir Putin|President", "UZB||"]
    as_json = upload(reference, json.dumps({"events": records}).encode(), "mine.json")
    assert as_json.kind == "json"
    assert set(as_json.participants["actor_id"]) == {"EU", "UZB", "RUS"}
    broken = upload_error(reference, b'{"events": [1, 2]}', "x.json")
    assert "must hold a list of event objects" in broken
    assert "is not valid JSON" in upload_error(reference, b"[{oops", "y.json")
    assert "is not a readable Excel" in upload_error(
        reference, b"PK\x03\x04 not really a zip", "z.xlsx"
    )


def upload_error(reference: Dataset, raw: bytes, name: str) -> str:
    with pytest.raises(DataError) as info:
        upload(reference, raw, name)
    return str(info.value)


def test_export_then_import_gives_the_same_rows(reference: Dataset) -> None:
    events = reference.events.head(30)
    exported = to_csv_bytes(events, reference.participants)
    # Import into a dataset that does not already hold these ids.
    others = reference.events.iloc[30:]
    base = extend(
        Dataset(
            countries=reference.countries,
            actors=reference.actors,
            events=reference.events.iloc[0:0],
            participants=reference.participants.iloc[0:0],
            relationships=reference.relationships,
            routes=reference.routes,
            boundaries=reference.boundaries,
        ),
        others,
        reference.participants[reference.participants["event_id"].isin(others["event_id"])],
    )
    result = read_upload("export.csv", exported, base, today=TODAY)
    assert result.problems == []
    again = export_frame(result.events, result.participants)
    original = export_frame(events, reference.participants)
    pd.testing.assert_frame_equal(again, original)


def test_formula_cells_are_neutralised_and_restored(reference: Dataset) -> None:
    title = '=HYPERLINK("x")'
    events = reference.events.head(1).astype({"title": str, "event_id": str})
    legs = reference.participants[reference.participants["event_id"] == events["event_id"].iloc[0]]
    events = events.assign(title=title, event_id="round-trip-1")
    legs = legs.astype({"event_id": str}).assign(event_id="round-trip-1")
    exported = to_csv_bytes(events, legs)
    assert b"'=HYPERLINK" in exported
    assert b"\n=HYPERLINK" not in exported
    # Restored: the export imports back to the very same title (not the neutralised one).
    other = reference.events.head(1)["start_date"].iloc[0] + pd.Timedelta(days=1)
    exported = exported.replace(
        events["start_date"].iloc[0].strftime("%Y-%m-%d").encode(),
        other.strftime("%Y-%m-%d").encode(),
    )
    result = upload(reference, exported, "round.csv")
    assert list(result.events["title"]) == [title], result.problems


def test_problem_report_is_csv(reference: Dataset) -> None:
    result = upload(reference, csv_of([*good(1), row(event_id="b", status="=cmd")]))
    report = pd.read_csv(io.BytesIO(problems_csv(result.problems)), dtype=str)
    assert list(report.columns) == ["file", "row", "column", "reason"]
    assert report.iloc[0]["row"] == "3"


def test_problem_report_neutralises_every_text_cell() -> None:
    problems = [
        Problem("=evil.csv", 2, "@col", "+SUM(A1)"),
        Problem("a.csv", None, None, "x\r=cmd"),
    ]
    report = pd.read_csv(io.BytesIO(problems_csv(problems)), dtype=str, keep_default_na=False)
    assert list(report.iloc[0]) == ["'=evil.csv", "2", "'@col", "'+SUM(A1)"]
    assert report.iloc[1]["reason"] == "x\r'=cmd"


@given(raw=st.binary(max_size=600), name=st.sampled_from(["a.csv", "a.json", "a.xlsx", "a.txt"]))
def test_parsers_only_raise_their_own_error_on_bytes(
    reference: Dataset, raw: bytes, name: str
) -> None:
    with contextlib.suppress(DataError):
        upload(reference, raw, name)


@given(
    cells=st.lists(
        st.lists(
            st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
            min_size=1,
            max_size=18,
        ),
        min_size=1,
        max_size=6,
    )
)
def test_parsers_only_raise_their_own_error_on_csv_like_text(
    reference: Dataset, cells: list[list[str]]
) -> None:
    header = ",".join(FILE_COLUMNS)
    body = "\n".join(",".join(c.replace(",", " ") for c in line) for line in cells)
    with contextlib.suppress(DataError):
        upload(reference, f"{header}\n{body}\n".encode())
