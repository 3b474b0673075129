"""Citations of a view and CSV files of exactly the shown table."""

from __future__ import annotations

from datetime import date

import pandas as pd

from components.core.citation import citation, describe_filters, page_link
from components.core.export import table_csv_bytes
from components.core.filters import Choices, Filters

CHOICES = Choices(
    actors=("EU", "RUS", "CHN"),
    hosts=("KAZ",),
    origins=("reference",),
    first=date(2022, 1, 10),
    last=date(2026, 11, 11),
)
ACTORS = {"EU": "European Union", "RUS": "Russia", "CHN": "China"}
COUNTRIES = {"KAZ": "Kazakhstan"}


def test_default_filters_in_words() -> None:
    assert describe_filters(Filters(), CHOICES, ACTORS, COUNTRIES) == (
        "all actors; 2022-01-10 to 2026-11-11; sideline meetings counted"
    )


def test_every_filter_in_words() -> None:
    filters = Filters(
        actors=("RUS", "CHN"),
        start=date(2023, 1, 1),
        end=date(2024, 6, 30),
        event_types=("summit", "state_visit"),
        statuses=("held",),
        hosts=("KAZ",),
        text="  Tokayev ",
        origins=("my.csv",),
        levels=("leader",),
        sidelines=False,
    )
    assert describe_filters(filters, CHOICES, ACTORS, COUNTRIES) == (
        "actors Russia, China; 2023-01-01 to 2024-06-30; level leaders; types summit, state "
        "visit; status held; hosts Kazakhstan; origin my.csv; search 'Tokayev'; sideline "
        "meetings not counted"
    )


def test_page_link() -> None:
    assert (
        page_link("http://127.0.0.1:8501/compare", {"cell": "RUS:KAZ", "powers": "RUS,CHN"})
        == "http://127.0.0.1:8501/compare?cell=RUS:KAZ&powers=RUS,CHN"
    )
    assert page_link("http://h/formats", {"q": "a b&c"}) == "http://h/formats?q=a+b%26c"
    assert page_link("http://h/formats", {}) == "http://h/formats"
    assert page_link(None, {"cell": "EU:UZB"}) == "?cell=EU:UZB"
    assert page_link(None, {}) == "?"


def test_citation_line() -> None:
    line = citation(
        "who meets whom",
        pd.Timestamp("2026-03-07"),
        "all actors; 2022-01-10 to 2026-11-11; sideline meetings counted",
        "http://h/compare?cell=RUS:KAZ",
        date(2026, 3, 10),
    )
    assert line == (
        "Central Asia Diplomacy Dashboard, who meets whom (data as of 2026-03-07; all actors; "
        "2022-01-10 to 2026-11-11; sideline meetings counted). http://h/compare?cell=RUS:KAZ, "
        "accessed 2026-03-10."
    )
    assert "(data with no as-of date; x)" in citation("v", None, "x", "?", date(2026, 1, 1))


def test_table_csv_is_the_table() -> None:
    table = pd.DataFrame(
        {
            "Actor": ["Russia", "=HYPERLINK(1)", "Total"],
            "Kazakhstan": [3.0, 0.0, 42.9],
            "Change": [-2, 0, 5],
            "Last held": [pd.Timestamp("2024-07-03"), pd.NaT, pd.NaT],
            "Days": [361.0, float("nan"), 730.0],
        }
    )
    assert table_csv_bytes(table).decode("utf-8") == (
        "Actor,Kazakhstan,Change,Last held,Days\r\n"
        "Russia,3,-2,2024-07-03,361\r\n"
        "'=HYPERLINK(1),0,0,,\r\n"
        "Total,42.9,5,,730\r\n"
    )
    assert table_csv_bytes(table.iloc[0:0]).decode("utf-8") == (
        "Actor,Kazakhstan,Change,Last held,Days\r\n"
    )
