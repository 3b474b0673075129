"""Each class of broken data file gives a message naming file, row and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from components.core.dataset import load_dataset
from components.core.errors import DataError
from tests.helpers import edit_cell


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_dataset(folder)
    return [str(p) for p in info.value.problems]


def test_small_folder_is_valid(small_folder: Path) -> None:
    dataset = load_dataset(small_folder)
    assert list(dataset.events["event_id"]) == ["e1", "e2", "e3", "e4"]
    assert dataset.events["start_date"].dtype.kind == "M"


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        (
            "start_date",
            "2022-13-01",
            "events.csv, row 2, column 'start_date': '2022-13-01' is not a date",
        ),
        ("start_date", "27/10/2022", "is not a date (expected YYYY-MM-DD)"),
        ("end_date", "", "column 'end_date': is empty"),
        ("lat", "95", "column 'lat': '95' is not a latitude"),
        ("lon", "east", "column 'lon': 'east' is not a longitude"),
        ("status", "rumoured", "column 'status': 'rumoured' is not one of: held"),
        ("event_type", "party", "column 'event_type': 'party' is not one of"),
        ("source_url", "javascript:alert(1)", "is not a web address"),
        ("event_id", "bad id!", "is not a valid id"),
    ],
)
def test_bad_cell_is_reported_with_row_and_column(
    small_folder: Path, column: str, value: str, expected: str
) -> None:
    edit_cell(small_folder / "events.csv", 0, column, value)
    problems = problems_of(small_folder)
    assert any(expected in p for p in problems), problems


def test_end_before_start(small_folder: Path) -> None:
    edit_cell(small_folder / "events.csv", 1, "end_date", "2023-05-01")
    assert (
        "events.csv, row 3, column 'end_date': ends (2023-05-01) before it starts (2023-05-18)"
        in problems_of(small_folder)
    )


def test_coordinates_outside_host_country(small_folder: Path) -> None:
    edit_cell(small_folder / "events.csv", 0, "lat", "10.0")
    assert any(
        "row 2, column 'lat': (10.0, 71.4491) lies outside KAZ" in p
        for p in problems_of(small_folder)
    )


def test_unknown_country_and_actor(small_folder: Path) -> None:
    edit_cell(small_folder / "events.csv", 0, "host_iso3", "XXX")
    edit_cell(small_folder / "participants.csv", 0, "actor_id", "MARS")
    problems = problems_of(small_folder)
    assert "events.csv, row 2, column 'host_iso3': unknown country code 'XXX'" in problems
    assert "participants.csv, row 2, column 'actor_id': unknown actor 'MARS'" in problems


def test_participant_of_unknown_event(small_folder: Path) -> None:
    edit_cell(small_folder / "participants.csv", 2, "event_id", "nope")
    assert "participants.csv, row 4, column 'event_id': unknown event 'nope'" in problems_of(
        small_folder
    )


def test_duplicate_ids(small_folder: Path) -> None:
    edit_cell(small_folder / "events.csv", 1, "event_id", "e1")
    assert "events.csv, row 3, column 'event_id': duplicate id 'e1'" in problems_of(small_folder)


def test_duplicate_event_same_date_host_and_actors(small_folder: Path) -> None:
    path = small_folder / "events.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    copy = text[1].replace("e1,", "e1-copy,", 1)
    path.write_text("\n".join([*text, copy]) + "\n", encoding="utf-8")
    with (small_folder / "participants.csv").open("a", encoding="utf-8") as handle:
        handle.write("e1-copy,EU,Charles Michel,,\ne1-copy,KAZ,,,\ne1-copy,UZB,,,\n")
    assert any("'e1-copy' repeats 'e1'" in p for p in problems_of(small_folder))


def test_missing_column(small_folder: Path) -> None:
    path = small_folder / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    index = header.index("status")
    fixed = [",".join(c for i, c in enumerate(line.split(",")) if i != index) for line in lines[:1]]
    path.write_text(fixed[0] + "\n", encoding="utf-8")
    assert any(
        "events.csv, row 1: missing column(s) status" in p for p in problems_of(small_folder)
    )


def test_missing_file(small_folder: Path) -> None:
    (small_folder / "participants.csv").unlink()
    assert any(p.startswith("participants.csv: is missing") for p in problems_of(small_folder))


def test_ragged_row(small_folder: Path) -> None:
    with (small_folder / "events.csv").open("a", encoding="utf-8") as handle:
        handle.write("e9,2022-01-01\n")
    assert any(
        "events.csv, row 6: has 2 cells, the header has 17" in p for p in problems_of(small_folder)
    )


def test_not_utf8(small_folder: Path) -> None:
    (small_folder / "events.csv").write_bytes("event_id,title\ne1,Caf\xe9\n".encode("latin-1"))
    assert any("events.csv, row 2: is not UTF-8 text" in p for p in problems_of(small_folder))


def test_binary_file(small_folder: Path) -> None:
    (small_folder / "events.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert any("events.csv: is a binary file" in p for p in problems_of(small_folder))


def test_empty_file(small_folder: Path) -> None:
    (small_folder / "events.csv").write_text("", encoding="utf-8")
    assert "events.csv: is empty" in problems_of(small_folder)


def test_bad_route_path(small_folder: Path) -> None:
    (small_folder / "routes.csv").write_text(
        "route_id,name,kind,actor_id,countries,path,since,summary,source_url,source_name,notes\n"
        "r1,Pipe,oil_pipeline,RUS,KAZ|RUS,53 46; 500 47,2001,A pipe.,https://example.org,Ex,\n",
        encoding="utf-8",
    )
    assert any(
        "routes.csv, row 2, column 'path'" in p and "out of range" in p
        for p in problems_of(small_folder)
    )


def test_not_a_folder(tmp_path: Path) -> None:
    assert any("is not a folder" in p for p in problems_of(tmp_path / "nowhere"))


# ---------------------------------------------------------------- census rules


def _write(path: Path, header: str, *rows: str) -> None:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def test_a_participant_must_be_in_people_with_that_office(small_folder: Path) -> None:
    _write(
        small_folder / "people.csv",
        "person,actor_id,office,start,end,source_url,notes",
        "Charles Michel,EU,President of the European Council,2019-12-01,2024-11-30,,",
    )
    problems = problems_of(small_folder)
    assert any("'Kassym-Jomart Tokayev' is not in people.csv" in p for p in problems)
    edit_cell(small_folder / "people.csv", 0, "end", "2022-01-01")
    problems = problems_of(small_folder)
    assert any(
        "Charles Michel was not President of the European Council on 2022-10-27" in p
        for p in problems
    )


def test_a_plan_before_the_as_of_date_must_be_resolved(small_folder: Path) -> None:
    _write(small_folder / "meta.csv", "key,value", "as_of,2024-12-31")
    edit_cell(small_folder / "events.csv", 0, "status", "announced")
    assert any("before the as-of date 2024-12-31" in p for p in problems_of(small_folder))
    _write(small_folder / "meta.csv", "key,value", "as_of,2022-01-01")
    assert load_dataset(small_folder).as_of == pd.Timestamp("2022-01-01")


def test_a_sideline_event_names_a_known_summit(small_folder: Path) -> None:
    edit_cell(small_folder / "events.csv", 1, "parent_event_id", "nope")
    assert any("parent_event_id': unknown event 'nope'" in p for p in problems_of(small_folder))
    edit_cell(small_folder / "events.csv", 1, "parent_event_id", "e2")
    assert any("names the event itself" in p for p in problems_of(small_folder))


def test_sources_must_belong_to_an_event(small_folder: Path) -> None:
    _write(
        small_folder / "sources.csv", "event_id,url,source_name,official", "zz,https://x.org/a,X,no"
    )
    assert any(
        "sources.csv, row 2, column 'event_id': unknown event 'zz'" in p
        for p in problems_of(small_folder)
    )
