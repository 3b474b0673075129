"""Small data folders for tests, written from the shipped reference tables."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from components.core.schema import columns

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"

EVENTS = [
    {
        "event_id": "e1",
        "start_date": "2022-10-27",
        "end_date": "2022-10-27",
        "event_type": "summit",
        "status": "held",
        "level": "leader",
        "format": "EU–Central Asia",
        "host_iso3": "KAZ",
        "city": "Astana",
        "lat": "51.1694",
        "lon": "71.4491",
        "title": "EU–Central Asia leaders meeting",
        "summary": "Michel met the region's leaders.",
        "source_url": "https://example.org/a",
        "source_name": "Example",
        "notes": "",
    },
    {
        "event_id": "e2",
        "start_date": "2023-05-18",
        "end_date": "2023-05-19",
        "event_type": "summit",
        "status": "held",
        "level": "leader",
        "format": "China–Central Asia",
        "host_iso3": "CHN",
        "city": "Xi'an",
        "lat": "34.3416",
        "lon": "108.9398",
        "title": "China–Central Asia summit",
        "summary": "Xi hosted the five presidents.",
        "source_url": "https://example.org/b",
        "source_name": "Example",
        "notes": "",
    },
    {
        "event_id": "e3",
        "start_date": "2024-07-03",
        "end_date": "2024-07-04",
        "event_type": "multilateral_summit",
        "status": "held",
        "level": "leader",
        "format": "SCO",
        "host_iso3": "KAZ",
        "city": "Astana",
        "lat": "51.1694",
        "lon": "71.4491",
        "title": "SCO summit",
        "summary": "Putin and Xi in Astana.",
        "source_url": "https://example.org/c",
        "source_name": "Example",
        "notes": "",
    },
    {
        "event_id": "e4",
        "start_date": "2024-08-09",
        "end_date": "2024-08-09",
        "event_type": "summit",
        "status": "cancelled",
        "level": "leader",
        "format": "",
        "host_iso3": "KAZ",
        "city": "Almaty",
        "lat": "43.2389",
        "lon": "76.8897",
        "title": "Central Asia plus Japan summit",
        "summary": "Called off.",
        "source_url": "https://example.org/d",
        "source_name": "Example",
        "notes": "",
    },
]
PARTICIPANTS = [
    ("e1", "EU", "Charles Michel", "President of the European Council"),
    ("e1", "KAZ", "Kassym-Jomart Tokayev", "President of Kazakhstan"),
    ("e1", "UZB", "Shavkat Mirziyoyev", "President of Uzbekistan"),
    ("e2", "CHN", "Xi Jinping", "President of China"),
    ("e2", "KAZ", "Kassym-Jomart Tokayev", "President of Kazakhstan"),
    ("e3", "RUS", "Vladimir Putin", "President of Russia"),
    ("e3", "CHN", "Xi Jinping", "President of China"),
    ("e3", "KAZ", "Kassym-Jomart Tokayev", "President of Kazakhstan"),
    ("e4", "JPN", "Fumio Kishida", "Prime Minister of Japan"),
]


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def make_folder(
    folder: Path,
    events: list[dict[str, str]] | None = None,
    participants: list[tuple[str, str, str, str]] | None = None,
) -> Path:
    """A valid small data folder: shipped countries, actors, boundaries; given events."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("countries.csv", "actors.csv", "boundaries.geojson"):
        shutil.copy(DATA / name, folder / name)
    write_csv(folder / "events.csv", columns("events"), EVENTS if events is None else events)
    rows = PARTICIPANTS if participants is None else participants
    write_csv(
        folder / "participants.csv",
        columns("participants"),
        [dict(zip(columns("participants"), r, strict=False)) for r in rows],
    )
    return folder


def edit_cell(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell (row 0 is the first data row) of a CSV file."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    rows[row][column] = value
    write_csv(path, header, rows)
