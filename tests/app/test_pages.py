"""AppTest of every page with its URL parameters: compare (cell, powers), summit formats, and
time on the map (frame).

dashboard.py registers its pages as functions under st.navigation; AppTest.switch_page only
opens pages that are files. So each page runs here the way dashboard.py runs it: the data,
the shared sidebar, the published context, then the page function (AppTest.from_function).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.core.analysis import (
    absence,
    central_states,
    contact_pairs,
    formats_calendar,
    who_meets_whom,
    year_on_year,
)
from components.core.dataset import Dataset, load_dataset
from components.core.filters import Filters, dataset_mask
from tests.analysis_fixture import make_analysis_folder

AS_OF = pd.Timestamp("2025-06-30")
TODAY = date.today().isoformat()


def _page_script(page: str) -> None:
    from components.core.filters import choices_for
    from components.ui import calendar_page, compare_page, map_page
    from components.ui.context import publish
    from components.ui.loading import load_data
    from components.ui.sidebar import filter_sidebar

    dataset = load_data()
    filters = filter_sidebar(choices_for(dataset), dataset.actor_names, dataset.country_names)
    publish(dataset, filters)
    pages = {
        "map": map_page.render,
        "compare": compare_page.render,
        "formats": calendar_page.render,
    }
    pages[page]()


@pytest.fixture(autouse=True)
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data = make_analysis_folder(tmp_path / "data")
    monkeypatch.setenv("CADASH_DATA_DIR", str(data))
    return data


@pytest.fixture
def data(folder: Path) -> Dataset:
    return load_dataset(folder)


def page(name: str, **params: str) -> AppTest:
    at = AppTest.from_function(_page_script, args=(name,), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def param(at: AppTest, key: str) -> str | None:
    value = at.query_params.get(key)
    return value[-1] if isinstance(value, list) else value


def table_with(at: AppTest, column: str) -> pd.DataFrame:
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert len(found) == 1, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def headings(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if m.value.startswith("#### ")]


def listed_titles(at: AppTest) -> list[str]:
    return [m.value.split("**")[1] for m in at.markdown if m.value.startswith("**Event ")]


def download_keys(at: AppTest) -> list[str]:
    return [b.proto.id.rsplit("-", 1)[-1] for b in at.get("download_button")]


def warnings(at: AppTest) -> str:
    return " ".join(w.value for w in at.warning).replace("\\", "")


def matrix_selection(at: AppTest) -> list[list[object]]:
    return [list(c) for c in at.session_state["cmp_matrix"]["selection"]["cells"]]


def click_cell(at: AppTest, row: int, column: str) -> None:
    """What the browser sends when a cell of the matrix is clicked."""
    at.session_state["cmp_matrix"] = {
        "selection": {"rows": [], "columns": [], "cells": [[row, column]]}
    }
    at.run()
    assert not at.exception, at.exception


# ---------------------------------------------------------------- compare: the matrix


def test_compare_page_shows_the_matrix_of_the_filtered_events(data: Dataset) -> None:
    at = page("compare")
    expected = who_meets_whom(
        contact_pairs(data, dataset_mask(data, Filters())),
        data.actor_names,
        central_states(data.countries),
    ).table
    pd.testing.assert_frame_equal(table_with(at, "Share %"), expected)
    assert "Click a number" in at.info[0].value
    assert param(at, "cell") is None
    assert download_keys(at) == [
        "download_matrix",
        "download_trends",
        "download_yoy",
        "download_absence",
    ]


def test_cell_in_the_url_lists_its_events_and_selects_it() -> None:
    at = page("compare", cell="CHN:UZB")
    assert headings(at) == ["#### China and Uzbekistan"]
    assert "3 contact events, newest first" in [c.value for c in at.caption]
    assert listed_titles(at) == ["Event m1", "Event s1", "Event s1b"]
    # China is the matrix's first row: the table shows the cell selected.
    assert matrix_selection(at) == [[0, "Uzbekistan"]]
    assert param(at, "cell") == "CHN:UZB"
    assert "download_cell" in download_keys(at)
    citations = [c.value for c in at.code]
    assert citations[1] == (
        "Central Asia Diplomacy Dashboard, contacts of China with Uzbekistan (data as of "
        "2025-06-30; all actors; 2021-08-06 to 2025-09-01; sideline meetings counted). "
        f"?cell=CHN:UZB, accessed {TODAY}."
    )


def test_clicking_a_cell_lists_its_events_and_records_it_in_the_url() -> None:
    at = page("compare")
    click_cell(at, 1, "Kazakhstan")  # Russia's row
    assert headings(at) == ["#### Russia and Kazakhstan"]
    assert listed_titles(at) == ["Event s1", "Event v3"]
    assert param(at, "cell") == "RUS:KAZ"
    click_cell(at, 3, "Uzbekistan")  # the EU
    assert headings(at) == ["#### European Union and Uzbekistan"]
    assert listed_titles(at) == ["Event m2"]
    assert param(at, "cell") == "EU:UZB"
    # A total is no pair: nothing is listed and the URL forgets the cell.
    click_cell(at, 4, "Kazakhstan")
    assert headings(at) == []
    assert "Click a number" in at.info[0].value
    assert param(at, "cell") is None


def test_the_selection_follows_its_actor_when_the_rows_move() -> None:
    at = page("compare", cell="TUR:TKM")
    assert matrix_selection(at) == [[2, "Turkmenistan"]]
    # Without sideline meetings, China, Russia and Turkey tie: still rows 0, 1, 2. With
    # minister-level contacts only, Turkey drops out and the cell clears.
    at.sidebar.multiselect(key="flt_levels").set_value(["minister"]).run()
    assert param(at, "cell") is None
    assert headings(at) == []
    at = page("compare", cell="EU:UZB")
    assert matrix_selection(at) == [[3, "Uzbekistan"]]
    at.sidebar.multiselect(key="flt_levels").set_value(["minister"]).run()
    # Minister level: China (m1) and the EU (m2); the EU is now the second row.
    assert matrix_selection(at) == [[1, "Uzbekistan"]]
    assert headings(at) == ["#### European Union and Uzbekistan"]
    assert param(at, "cell") == "EU:UZB"


@pytest.mark.parametrize("cell", ["USA:KAZ", "RUS:FRA", "RUS", "nonsense:"])
def test_a_cell_not_in_the_matrix_gives_a_notice(cell: str) -> None:
    at = page("compare", cell=cell)
    assert f"Ignored URL parameter 'cell': '{cell}' is not a cell of the matrix" in warnings(at)
    assert param(at, "cell") is None
    assert headings(at) == []
    click_cell(at, 0, "Kazakhstan")
    assert "Ignored URL parameter 'cell'" not in warnings(at)


def test_filters_in_the_url_apply_to_the_matrix() -> None:
    at = page("compare", sidelines="0", cell="CHN:UZB")
    matrix = table_with(at, "Share %")
    assert matrix["Actor"].tolist()[:3] == ["China", "Russia", "Turkey"]
    assert listed_titles(at) == ["Event m1", "Event s1"]
    assert "sideline meetings not counted" in at.code[0].value


# ---------------------------------------------------------------- compare: trends, absence


def test_powers_default_to_the_seed_articles_four() -> None:
    at = page("compare")
    assert at.multiselect(key="cmp_powers").value == ["RUS", "CHN", "EU", "TUR"]
    assert param(at, "powers") is None
    table = table_with(at, "Quarter")
    assert list(table.columns) == ["Quarter", "Russia", "China", "European Union", "Turkey"]
    assert table["Quarter"].iloc[[0, -1]].tolist() == ["2021-Q3", "2025-Q2"]
    assert table[["Russia", "China"]].sum().tolist() == [2, 3]
    assert len(at.get("vega_lite_chart")) == 1


def test_powers_in_the_url_and_their_changes() -> None:
    at = page("compare", powers="TUR,EU")
    assert at.multiselect(key="cmp_powers").value == ["TUR", "EU"]
    assert list(table_with(at, "Quarter").columns) == ["Quarter", "Turkey", "European Union"]
    summary = [c.value for c in at.caption if c.value.startswith("Contact events per quarter")]
    assert summary == [
        "Contact events per quarter, 2021-Q3 to 2025-Q2. Turkey: 2 contacts, most in 2022-Q1 "
        "(1); European Union: 1 contact, most in 2025-Q1 (1)."
    ]
    at.multiselect(key="cmp_powers").set_value(["TUR", "EU", "CHN"]).run()
    assert param(at, "powers") == "TUR,EU,CHN"
    at.multiselect(key="cmp_powers").set_value(["RUS", "CHN", "EU", "TUR"]).run()
    assert param(at, "powers") is None


def test_unknown_powers_give_a_notice_and_one_power_is_not_a_comparison() -> None:
    at = page("compare", powers="RUS,ATLANTIS")
    assert "Ignored unknown value(s) in URL parameter 'powers': ATLANTIS" in warnings(at)
    assert at.multiselect(key="cmp_powers").value == ["RUS"]
    assert any("Choose 2 to 5 powers" in i.value for i in at.info)
    assert not [d for d in at.dataframe if "Quarter" in d.value.columns]
    assert "download_trends" not in download_keys(at)
    # The notice stays until the user chooses.
    at.run()
    assert "ATLANTIS" in warnings(at)
    at.multiselect(key="cmp_powers").set_value(["RUS", "CHN"]).run()
    assert "ATLANTIS" not in warnings(at)
    assert "download_trends" in download_keys(at)


def test_twelve_months_and_absence_tables(data: Dataset) -> None:
    at = page("compare", to="2025-06-30")
    undated = contact_pairs(data, dataset_mask(data, Filters()))
    states = central_states(data.countries)
    pd.testing.assert_frame_equal(
        table_with(at, "Trend"), year_on_year(undated, AS_OF, data.actor_names, states)
    )
    pd.testing.assert_frame_equal(
        table_with(at, "No leader contact for 2+ years with"),
        absence(undated, AS_OF, data.actor_names, states),
    )
    assert table_with(at, "Trend")["Trend"].tolist()[:2] == ["↑ up", "↑ up"]


def test_the_end_of_the_date_range_moves_now_back() -> None:
    at = page("compare", to="2024-07-03")
    absent = table_with(at, "No leader contact for 2+ years with").set_index("Actor")
    # The SCO summit in Astana was on that day: no days of silence.
    assert absent.loc["Russia", "Kazakhstan"] == 0
    assert absent.loc["Turkey", "Turkmenistan"] == 368
    captions = " ".join(c.value for c in at.caption)
    assert "As of 2024-07-03" in captions
    assert (
        "Contact events from 2023-07-04 to 2024-07-03 against 2022-07-04 to 2023-07-03" in captions
    )


def test_compare_page_with_no_contacts() -> None:
    at = page("compare", actors="USA")
    infos = " ".join(i.value for i in at.info)
    assert "No contacts under the current filters." in infos
    assert "No leader-level contacts under the current filters." in infos
    assert "download_matrix" in download_keys(at)


# ---------------------------------------------------------------- summit formats


def test_formats_page_shows_the_calendar(data: Dataset) -> None:
    at = page("formats")
    shown = table_with(at, "Meetings since 2022")
    pd.testing.assert_frame_equal(shown, formats_calendar(data.events, AS_OF))
    assert download_keys(at) == ["download_calendar"]
    assert at.code[0].value == (
        "Central Asia Diplomacy Dashboard, summit formats calendar (data as of 2025-06-30; all "
        f"actors; 2021-08-06 to 2025-09-01; sideline meetings counted). ?, accessed {TODAY}."
    )


def test_formats_page_follows_actors_but_not_dates_or_status() -> None:
    at = page("formats", actors="CHN", to="2023-01-01", status="cancelled")
    shown = table_with(at, "Meetings since 2022").set_index("Format")
    assert shown.loc["China–Central Asia", "Meetings since 2022"] == 1
    assert shown.loc["China–Central Asia", "Status (next)"] == "announced"
    assert shown.loc["Shanghai Cooperation Organisation (SCO)", "Meetings since 2022"] == 1
    assert shown.loc["C5+1 (the five and the United States)", "Meetings since 2022"] == 0
    assert "actors China; 2021-08-06 to 2023-01-01; status cancelled" in at.code[0].value
    assert "actors=CHN" in at.code[0].value


# ---------------------------------------------------------------- time on the map


def metric(at: AppTest, label: str) -> str:
    """A count of the line above the map ('Events: **12** · ...')."""
    for block in at.markdown:
        found = re.search(rf"{re.escape(label)}: \*\*([^*]+)\*\*", block.value)
        if found:
            return found.group(1)
    raise KeyError(label)


def test_frame_in_the_url_turns_time_on() -> None:
    at = page("map", frame="2024-Q3")
    assert at.toggle(key="tf_on").value is True
    assert at.text_input(key="tf_typed").value == "2024-Q3"
    assert at.select_slider(key="tf_slider").value == "2024-Q3"
    assert metric(at, "Events") == "5"  # v3, s1, s1b, ca, ca2
    assert any(
        c.value.startswith("Showing 2024-Q3 (2024-07-01 to 2024-09-30), frame 13 of 17")
        for c in at.caption
    )
    assert param(at, "frame") == "2024-Q3"


def test_step_buttons_slider_and_typed_period() -> None:
    at = page("map", frame="2024-Q3")
    at.button(key="tf_next").click().run()
    assert param(at, "frame") == "2024-Q4"
    assert metric(at, "Events") == "1"  # m1
    at.button(key="tf_prev").click().run()
    at.button(key="tf_prev").click().run()
    assert param(at, "frame") == "2024-Q2"
    assert metric(at, "Events") == "0"
    at.select_slider(key="tf_slider").set_value("2023-Q3").run()
    assert param(at, "frame") == "2023-Q3"
    assert metric(at, "Events") == "1"  # v2
    at.text_input(key="tf_typed").input("2024-07").run()
    assert param(at, "frame") == "2024-07"
    assert at.radio(key="tf_step").value == "month"
    assert metric(at, "Events") == "3"  # v3, s1, s1b (ca and ca2 are in August)
    at.radio(key="tf_step").set_value("quarter").run()
    assert param(at, "frame") == "2024-Q3"


def test_play_and_pause() -> None:
    at = page("map", frame="2025-Q3")  # the last frame
    assert at.button(key="tf_next").disabled
    assert at.button(key="tf_play").label == "Play"
    at.button(key="tf_play").click().run()
    # Playing from the last frame starts again at the first.
    assert at.button(key="tf_play").label == "Pause"
    assert param(at, "frame") == "2021-Q3"
    assert any(c.value.endswith("Playing.") for c in at.caption)
    at.button(key="tf_play").click().run()
    assert at.button(key="tf_play").label == "Play"
    assert param(at, "frame") == "2021-Q3"


def test_typed_nonsense_and_bad_frame_links_give_notices() -> None:
    at = page("map", frame="2024-Q3")
    at.text_input(key="tf_typed").input("soon").run()
    assert "'soon' is not a month (2024-07) or a quarter (2024-Q3)" in warnings(at)
    assert param(at, "frame") == "2024-Q3"
    at = page("map", frame="2024-Q9")
    assert "Ignored URL parameter 'frame': '2024-Q9'" in warnings(at)
    assert at.toggle(key="tf_on").value is False
    assert param(at, "frame") is None
    assert metric(at, "Events") == "13"


def test_time_off_shows_the_whole_period_and_drops_the_frame() -> None:
    at = page("map", frame="2024-Q3")
    at.toggle(key="tf_on").set_value(False).run()
    assert param(at, "frame") is None
    assert metric(at, "Events") == "13"
    at.toggle(key="tf_on").set_value(True).run()
    assert param(at, "frame") == "2024-Q3"  # back where it was
