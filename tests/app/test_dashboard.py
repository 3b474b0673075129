"""The app's widgets and panels through streamlit.testing (the map itself is opaque here)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.core.escaping import md
from components.core.table import MARK
from tests.app.conftest import DASHBOARD
from tests.helpers import edit_cell


def metrics(at: AppTest) -> dict[str, str]:
    """The counts above the map, from their one line ('Events: **4** · Actors: **6** ...')."""
    lines = [m.value for m in at.markdown if m.value.startswith("Events: **")]
    assert len(lines) <= 1
    found = re.findall(r"([A-Za-z ]+): \*\*([^*]+)\*\*", lines[0]) if lines else []
    return {label.strip(): value for label, value in found}


def table_ids(at: AppTest) -> list[str]:
    """Titles in the events table (the dataframe with a 'title' column)."""
    tables = [d.value for d in at.dataframe if "title" in d.value.columns]
    assert len(tables) == 1
    return sorted(tables[0]["title"])


def test_runs_on_the_shipped_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CADASH_DATA_DIR", raising=False)
    at = AppTest.from_file(str(DASHBOARD), default_timeout=60).run()
    assert not at.exception
    assert int(metrics(at)["Events"]) >= 60


def test_default_view_counts_everything(app: AppTest) -> None:
    at = app.run()
    assert not at.exception
    assert metrics(at) == {
        "Events": "4",
        "Actors": "6",
        "Host countries": "2",
        "Date span": "2022–2024",
    }
    assert len(table_ids(at)) == 4


def test_actor_filter_changes_counts_and_table(app: AppTest) -> None:
    at = app.run()
    at.sidebar.multiselect(key="flt_actors").set_value(["CHN"]).run()
    assert metrics(at)["Events"] == "2"
    assert table_ids(at) == ["China–Central Asia summit", "SCO summit"]
    assert at.query_params["actors"] in ("CHN", ["CHN"])


def test_date_filter_changes_counts(app: AppTest) -> None:
    at = app.run()
    at.sidebar.slider(key="flt_dates").set_value((date(2023, 1, 1), date(2024, 7, 31))).run()
    assert metrics(at)["Events"] == "2"
    assert table_ids(at) == ["China–Central Asia summit", "SCO summit"]
    assert at.query_params["from"] in ("2023-01-01", ["2023-01-01"])


def test_text_status_and_host_filters(app: AppTest) -> None:
    at = app.run()
    at.sidebar.text_input(key="flt_text").input("putin").run()
    assert table_ids(at) == ["SCO summit"]
    at.sidebar.text_input(key="flt_text").input("").run()
    at.sidebar.multiselect(key="flt_statuses").set_value(["cancelled"]).run()
    assert table_ids(at) == ["Central Asia plus Japan summit"]
    at.sidebar.multiselect(key="flt_statuses").set_value([]).run()
    at.sidebar.multiselect(key="flt_hosts").set_value(["CHN"]).run()
    assert table_ids(at) == ["China–Central Asia summit"]


def test_query_parameters_restore_filters(app: AppTest) -> None:
    app.query_params["actors"] = "EU,RUS"
    app.query_params["from"] = "2024-01-01"
    at = app.run()
    assert at.sidebar.multiselect(key="flt_actors").value == ["EU", "RUS"]
    assert at.sidebar.slider(key="flt_dates").value[0] == date(2024, 1, 1)
    assert table_ids(at) == ["SCO summit"]


def test_bad_query_parameter_gives_a_notice(app: AppTest) -> None:
    app.query_params["actors"] = "EU,ATLANTIS"
    app.query_params["to"] = "soon"
    at = app.run()
    assert not at.exception
    # Notices are escaped Markdown (URL text never becomes a link): compare the plain text.
    notices = " ".join(w.value for w in at.sidebar.warning).replace("\\", "")
    assert "ATLANTIS" in notices
    assert "'to': 'soon' is not a date" in notices
    assert at.sidebar.multiselect(key="flt_actors").value == ["EU"]


def test_reset_filters(app: AppTest) -> None:
    at = app.run()
    at.sidebar.multiselect(key="flt_actors").set_value(["CHN"]).run()
    at.sidebar.button(key="flt_reset").click().run()
    assert metrics(at)["Events"] == "4"


def test_broken_data_folder_shows_the_problem(app: AppTest, small_folder: Path) -> None:
    edit_cell(small_folder / "events.csv", 2, "start_date", "2024-02-30")
    at = app.run()
    assert not at.exception
    message = at.error[0].value
    assert md("events.csv, row 4, column 'start_date': '2024-02-30' is not a date") in message
    assert not at.metric


def test_data_broken_while_running_keeps_the_last_good_data(
    app: AppTest, small_folder: Path
) -> None:
    at = app.run()
    assert metrics(at)["Events"] == "4"
    edit_cell(small_folder / "events.csv", 0, "lat", "north")
    at.run()
    assert not at.exception
    assert "column 'lat'" in at.error[0].value
    assert "last loaded without errors" in at.warning[0].value
    assert metrics(at)["Events"] == "4"


def test_details_panel_invites_a_click(app: AppTest) -> None:
    at = app.run()
    assert "Click a place" in at.info[0].value


def test_selection_from_url_shows_place_details(app: AppTest) -> None:
    app.query_params["sel"] = "place:KAZ:astana"
    at = app.run()
    text = " ".join(m.value for m in at.markdown)
    assert "SCO summit" in text
    assert "EU–Central Asia leaders meeting" in text
    assert "Vladimir Putin, President of Russia" in text
    # Filtering Astana's events away clears the selection.
    at.sidebar.multiselect(key="flt_hosts").set_value(["CHN"]).run()
    assert "Click a place" in at.info[0].value
    assert "sel" not in at.query_params


def test_country_profile_from_url(app: AppTest) -> None:
    app.query_params["sel"] = "country:KAZ"
    at = app.run()
    labels = {m.label: m.value for m in at.metric}
    assert labels["Events hosted"] == "3"
    assert labels["Events abroad"] == "1"
    visitors = at.dataframe[0].value
    assert dict(zip(visitors["actor"], visitors["events"], strict=True)) == {
        "China": 1,
        "European Union": 1,
        "Japan": 1,
        "Russia": 1,
        "Uzbekistan": 1,
    }


def test_csv_download_is_offered(app: AppTest) -> None:
    at = app.run()
    # By key: the sidebar's template download must not satisfy this.
    labels = {b.proto.id.rsplit("-", 1)[-1]: b.proto.label for b in at.get("download_button")}
    assert labels.get("download_csv") == "Download these events (CSV)"


@pytest.mark.parametrize(
    "sel",
    ["rel:x", "rel:a:b:c", "arc:EU", "arc:EU:place:KAZ:astana", "place::", "route:", "country:X:Y"],
)
def test_a_crafted_selection_link_gives_a_notice(app: AppTest, sel: str) -> None:
    app.query_params["sel"] = sel
    at = app.run()
    assert not at.exception
    notices = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "Ignored URL parameter 'sel'" in notices
    assert "sel" not in at.query_params


def events_table(at: AppTest):
    tables = [d.value for d in at.dataframe if "title" in d.value.columns]
    assert len(tables) == 1
    return tables[0]


def test_go_to_list_opens_the_details_and_marks_the_table(app: AppTest) -> None:
    at = app.run()
    goto = at.selectbox(key="map_goto")
    assert "Place: Astana, Kazakhstan (2 events)" in goto.options
    goto.select("place:KAZ:astana").run()
    assert not at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "SCO summit" in text
    assert at.query_params["sel"] in ("place:KAZ:astana", ["place:KAZ:astana"])
    table = events_table(at)
    marked = table[table["marked"] != ""]
    assert sorted(marked["title"]) == ["EU–Central Asia leaders meeting", "SCO summit"]
    # Marked rows come first.
    assert list(table["marked"][:3]) == [MARK, MARK, ""]
    # The list shows what the map selected, and clearing empties both.
    assert at.selectbox(key="map_goto").value == "place:KAZ:astana"
    at.button(key="details_clear").click().run()
    assert at.selectbox(key="map_goto").value is None
    assert (events_table(at)["marked"] == "").all()


def test_go_to_lists_every_kind_of_feature_by_name(app: AppTest) -> None:
    at = app.run()
    goto = at.selectbox(key="map_goto")
    # This small folder has no relationships or routes (tests/unit/test_goto.py has them).
    assert {o.split(":", 1)[0] for o in goto.options} == {"Place", "Country", "Arc"}


def test_timeline_has_a_text_alternative(app: AppTest) -> None:
    at = app.run()
    captions = " ".join(c.value for c in at.caption)
    assert "Events per actor per quarter, 2022 Q4 to 2024 Q3" in captions
    assert "Most active: Kazakhstan 3" in captions
