"""The validation command, the GDELT path through imports, and the offline HTML export."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from components.core.dataset import Dataset
from components.core.errors import DataError
from components.core.export import to_geojson_bytes
from components.core.fileformat import template_csv
from components.core.filters import Filters
from components.core.standalone import standalone_html
from components.core.userfiles import read_upload
from components.core.view import make_view
from components.validate import main
from tests.helpers import DATA, ROOT, edit_cell
from tests.unit.test_gdelt import gdelt_line


def test_validate_accepts_the_shipped_folder(capsys) -> None:
    assert main([str(DATA)]) == 0
    assert "no problems" in capsys.readouterr().out


def test_validate_reports_a_broken_folder(small_folder: Path, capsys) -> None:
    edit_cell(small_folder / "events.csv", 1, "lat", "north")
    assert main([str(small_folder)]) == 1
    assert "events.csv, row 3, column 'lat': 'north' is not a latitude" in capsys.readouterr().out


def test_validate_a_single_file(tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.csv"
    good.write_bytes(template_csv())
    assert main([str(good)]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(template_csv().decode().replace("2025-06-15", "2025-06-31"), encoding="utf-8")
    assert main([str(bad)]) == 1
    assert (
        "bad.csv, row 2, column 'start_date': '2025-06-31' is not a date" in capsys.readouterr().out
    )


def test_validate_runs_as_a_module(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("event_id\nx\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "components.validate", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "missing column(s)" in result.stdout


ASTANA = ("Astana, Astana, Kazakhstan", "51.1694", "71.4491")
TASHKENT = ("Tashkent, Toshkent, Uzbekistan", "41.2995", "69.2401")


def event(
    event_id: str, date: str, code: str, a1: str, a2: str, geo: str, city: str, lat: str, lon: str
) -> str:
    return gdelt_line(
        GLOBALEVENTID=event_id,
        SQLDATE=date,
        Actor1Name=a1,
        Actor1CountryCode=a1,
        Actor2Name=a2,
        Actor2CountryCode=a2,
        EventCode=code,
        EventBaseCode=code,
        EventRootCode=code[:2],
        NumArticles="3",
        GoldsteinScale="1.0",
        ActionGeo_Type="4",
        ActionGeo_FullName=city,
        ActionGeo_CountryCode=geo,
        ActionGeo_Lat=lat,
        ActionGeo_Long=lon,
        DATEADDED=date + "120000",
        SOURCEURL=f"https://news.example.org/{event_id}",
    )


def test_a_gdelt_export_is_refused_with_a_pointer_to_the_review_queue(
    reference: Dataset,
) -> None:
    """GDELT rows reach the map only through the review queue (tests/unit/test_gdelt_review.py)."""
    lines = [event("1001", "20240601", "042", "RUS", "KAZ", "KZ", *ASTANA)]
    with pytest.raises(DataError) as caught:
        read_upload("20240601.export.CSV", ("\n".join(lines) + "\n").encode(), reference)
    (problem,) = caught.value.problems
    assert problem.file == "20240601.export.CSV"
    assert "review queue (the Add events page)" in problem.message


def test_standalone_html_is_self_contained(reference: Dataset) -> None:
    view = make_view(reference, Filters(actors=("CHN",)))
    page = standalone_html(reference, view).decode("utf-8")
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"https?://", page)
    assert "../../app/static" not in page
    assert "L.map(" in page
    assert '"id":"country:KAZ"' in page
    for place_id in view.places["place_id"]:
        assert f'"id":"{place_id}"' in page


def test_geojson_export_lists_places_and_arcs(reference: Dataset) -> None:
    view = make_view(reference, Filters(actors=("EU",)))
    collection = json.loads(to_geojson_bytes(view, reference.actor_names))
    kinds = [f["properties"]["kind"] for f in collection["features"]]
    assert kinds.count("place") == len(view.places)
    assert kinds.count("arc") == len(view.arcs)
    astana = next(f for f in collection["features"] if f["properties"]["id"] == "place:KAZ:astana")
    assert "European Union" in astana["properties"]["actors"]
