"""The review queue's pure logic: rows, checks, repeats, ids, CSV."""

from __future__ import annotations

from datetime import date

import pandas as pd

from components.core.dataset import Dataset
from components.core.extract import extract_events
from components.core.review import (
    approved_csv,
    candidate_rows,
    check_rows,
    export_rows,
    knowledge_of,
)

TEXT = "President Kassym-Jomart Tokayev will pay a state visit to Tajikistan on Aug. 22-23."


def _rows(small: Dataset, url: str = "https://example.org/a") -> pd.DataFrame:
    knowledge = knowledge_of(small)
    rows = candidate_rows(extract_events(TEXT, date(2024, 8, 19), knowledge=knowledge), small, url)
    rows.loc[0, ["city", "summary"]] = ["Dushanbe", "A state visit."]
    return rows


def test_a_complete_row_passes_and_a_bad_one_says_why(small: Dataset) -> None:
    knowledge = knowledge_of(small)
    rows = _rows(small)
    assert check_rows(rows, small, knowledge)[0].ok
    rows.loc[0, ["actors", "end_date", "status"]] = ["KAZ, XYZ", "2024-08-01", "maybe"]
    problems = " | ".join(check_rows(rows, small, knowledge)[0].problems)
    assert "unknown actor(s) XYZ" in problems
    assert "status" in problems


def test_the_end_must_follow_the_start_and_the_place_lie_in_the_host(small: Dataset) -> None:
    knowledge = knowledge_of(small)
    rows = _rows(small)
    rows.loc[0, "end_date"] = "2024-08-01"
    assert any("before it starts" in p for p in check_rows(rows, small, knowledge)[0].problems)
    rows = _rows(small)
    rows.loc[0, ["lat", "lon"]] = ["51.1694", "71.4491"]  # Astana is not in Tajikistan
    assert any("outside TJK" in p for p in check_rows(rows, small, knowledge)[0].problems)


def test_a_repeat_is_found_within_a_day_with_the_same_parties(small: Dataset) -> None:
    knowledge = knowledge_of(small)
    rows = _rows(small)
    rows.loc[0, ["start_date", "end_date", "host_iso3", "actors", "city"]] = [
        "2022-10-28",
        "2022-10-28",
        "KAZ",
        "EU, UZB",
        "Astana",
    ]
    assert check_rows(rows, small, knowledge)[0].duplicate_of == "e1"
    rows.loc[0, "actors"] = "EU"
    assert check_rows(rows, small, knowledge)[0].duplicate_of is None


def test_export_ids_are_new_and_unique(small: Dataset) -> None:
    knowledge = knowledge_of(small)
    rows = pd.concat([_rows(small), _rows(small)], ignore_index=True)
    out = export_rows(rows, small, knowledge)
    assert out["event_id"].is_unique
    assert not set(out["event_id"]) & set(small.events["event_id"])
    assert out.loc[0, "lat"] == "38.5598"


def test_csv_neutralises_formulas() -> None:
    data = approved_csv([{"event_id": "x", "title": "=HYPERLINK(1)", "lat": "1", "lon": "2"}])
    assert b"'=HYPERLINK(1)" in data
