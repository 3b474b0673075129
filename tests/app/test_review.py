"""AppTest of the review queue: paste -> find -> edit -> approve -> download."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.core.dataset import load_dataset
from components.core.review import approved_csv
from components.core.userfiles import read_upload

ARTICLE = "President Kassym-Jomart Tokayev will pay a state visit to Tajikistan on Aug. 22-23."
# The small test folder's event e1: Michel met Tokayev and Mirziyoyev in Astana.
REPEAT = (
    "European Council President Charles Michel met Kassym-Jomart Tokayev and Shavkat "
    "Mirziyoyev in Astana on October 27, 2022."
)


def _script() -> None:
    import os
    from pathlib import Path

    from components.core.dataset import load_dataset
    from components.ui.review import review_page

    review_page(load_dataset(Path(os.environ["CADASH_DATA_DIR"])))


@pytest.fixture
def review(monkeypatch: pytest.MonkeyPatch, small_folder: Path) -> AppTest:
    monkeypatch.setenv("CADASH_DATA_DIR", str(small_folder))
    at = AppTest.from_function(_script, default_timeout=60)
    at.run()
    assert not at.exception
    return at


def _paste(at: AppTest, text: str, url: str, published: date) -> None:
    at.text_area(key="review_text").input(text)
    at.text_input(key="review_url").input(url)
    at.date_input(key="review_published").set_value(published)
    at.button(key="review_extract").click()
    at.run()
    assert not at.exception


def _edit(at: AppTest, rows: dict[int, dict[str, object]]) -> None:
    at.session_state["review_editor"] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception


def _checks(at: AppTest) -> pd.DataFrame:
    (table,) = [d.value for d in at.dataframe if "check" in d.value.columns]
    return table


def test_paste_edit_approve_download(review: AppTest, small_folder: Path) -> None:
    at = review
    _paste(at, ARTICLE, "https://example.org/tokayev-dushanbe", date(2024, 8, 19))
    table = at.data_editor(key="review_editor").value
    assert len(table) == 1
    assert table.loc[0, "host_iso3"] == "TJK"
    assert table.loc[0, "actors"] == "KAZ"
    assert table.loc[0, "start_date"] == "2024-08-22"
    assert "Tajikistan on Aug. 22-23" in table.loc[0, "evidence"]
    # Before editing: no city (the summary is a draft), so the dataset's rules refuse the row.
    first = _checks(at)
    assert first.loc[0, "check"] == "problems"
    assert "city: is empty" in first.loc[0, "problems"]

    _edit(
        at,
        {
            0: {
                "city": "Dushanbe",
                "summary": "Tokayev's state visit to Dushanbe, announced by his office.",
                "approve": True,
            }
        },
    )
    assert _checks(at).loc[0, "check"] == "ok"
    at.button(key="review_approve").click()
    at.run()
    assert not at.exception
    approved = at.session_state["review_approved"]
    assert len(approved) == 1
    row = approved[0]
    assert row["event_id"].startswith("2024-08-22-")
    assert row["host_iso3"] == "TJK"
    assert row["city"] == "Dushanbe"
    assert (row["lat"], row["lon"]) == ("38.5598", "68.7870")
    assert row["source_url"] == "https://example.org/tokayev-dushanbe"
    assert row["source_name"] == "example.org"
    assert "KAZ|Kassym-Jomart Tokayev|President of Kazakhstan" in row["participants"]
    assert "TJK||" in row["participants"]

    assert at.download_button(key="review_download").label == "Download approved rows (CSV)"
    # What the button serves re-imports cleanly through the dashboard's own upload checks.
    data = approved_csv(approved)
    result = read_upload(
        "reviewed-events.csv", data, load_dataset(small_folder), today=date(2024, 8, 1)
    )
    assert result.problems == []
    assert list(result.events["host_iso3"]) == ["TJK"]
    assert pd.read_csv(io.BytesIO(data)).shape[0] == 1

    # Approving the same row again does not add it twice.
    at.button(key="review_approve").click()
    at.run()
    assert len(at.session_state["review_approved"]) == 1


def test_a_source_url_is_required(review: AppTest) -> None:
    at = review
    _paste(at, ARTICLE, "", date(2024, 8, 19))
    _edit(at, {0: {"city": "Dushanbe", "summary": "A visit.", "approve": True}})
    assert "source URL is required" in _checks(at).loc[0, "problems"]
    at.button(key="review_approve").click()
    at.run()
    assert at.session_state["review_approved"] == []
    assert any("not approved" in e.value for e in at.error)


def test_a_repeat_of_an_existing_event_is_shown_with_its_id(review: AppTest) -> None:
    at = review
    _paste(at, REPEAT, "https://example.org/michel", date(2022, 10, 28))
    checks = _checks(at)
    assert list(checks["duplicate_of"]) == ["e1"]
    assert list(checks["check"]) == ["duplicate"]
    _edit(at, {0: {"summary": "Again.", "approve": True}})
    at.button(key="review_approve").click()
    at.run()
    assert at.session_state["review_approved"] == []
    assert any("repeats e1" in e.value for e in at.error)


def test_user_text_is_not_rendered_as_markdown(review: AppTest) -> None:
    at = review
    _paste(
        at,
        "**Bold** [link](javascript:alert(1)) " + ARTICLE,
        "https://example.org/x",
        date(2024, 8, 19),
    )
    evidence = [t.value for t in at.text]
    assert any("[link](javascript:alert(1))" in v for v in evidence)
    assert not any("javascript" in m.value for m in at.markdown)
