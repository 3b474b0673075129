"""Print what a data folder covers: events by actor and year, by host country, by status.

Usage: python -m components.coverage [DATA_DIR] [--update-readme]
(default: the shipped data/ folder). The output is Markdown; data/README.md carries it
between the coverage markers, and --update-readme rewrites that part of the folder's README.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pandas as pd

from components.core.dataset import DEFAULT_DATA_DIR, Dataset, load_dataset
from components.core.errors import DataError
from components.core.schema import LEVELS

NOTES_FILE = "coverage_notes.csv"
# Actors the dataset's scope names (first the main five, then those it covers "where found");
# a year without their events needs a note in coverage_notes.csv.
SCOPE_ACTORS = (
    "EU", "RUS", "CHN", "TUR", "USA",
    "DEU", "FRA", "GBR", "ITA", "JPN", "KOR", "IND", "IRN", "AZE", "SAU", "ARE", "QAT",
)  # fmt: skip


Note = tuple[str, int, str]  # (actor, year, level)


def read_notes(folder: Path) -> dict[Note, str]:
    """(actor, year, level) -> why the dataset has no held event there."""
    path = folder / NOTES_FILE
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            (r["actor_id"], int(r["year"]), r.get("level") or "leader"): r["note"]
            for r in csv.DictReader(handle)
        }


def _legs(dataset: Dataset) -> pd.DataFrame:
    legs = dataset.participants[["event_id", "actor_id"]].astype(str).drop_duplicates()
    events = dataset.events[["event_id", "start_date", "level", "status"]].astype(
        {"event_id": str, "level": str, "status": str}
    )
    legs = legs.merge(events, on="event_id")
    legs["year"] = legs["start_date"].dt.year
    return legs


def actor_year_table(dataset: Dataset) -> pd.DataFrame:
    """Events per actor (rows) and year and level (columns); an event counts once per actor."""
    legs = _legs(dataset)
    legs["column"] = legs["year"].astype(str) + " " + legs["level"].str.slice(0, 3)
    table = legs.pivot_table(
        index="actor_id", columns="column", values="event_id", aggfunc="count", fill_value=0
    )
    names = dataset.actor_names
    table.index = [f"{names.get(a, a)} ({a})" for a in table.index]
    return table.sort_index()


def _markdown(frame: pd.DataFrame, index_name: str) -> str:
    header = [index_name, *map(str, frame.columns)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for name, row in frame.iterrows():
        lines.append("| " + " | ".join([str(name), *(str(v) for v in row)]) + " |")
    return "\n".join(lines)


def held_cells(dataset: Dataset) -> set[Note]:
    """(actor, year, level) cells with at least one held event."""
    legs = _legs(dataset)
    legs = legs[legs["status"] == "held"]
    return set(zip(legs["actor_id"], legs["year"], legs["level"], strict=True))


def missing_scope_years(dataset: Dataset, first_year: int = 2022) -> list[Note]:
    """(actor, year, level) cells of the scope actors with no held event, from first_year on."""
    last_year = int(dataset.events["start_date"].dt.year.max())
    present = held_cells(dataset)
    return [
        (actor, year, level)
        for actor in SCOPE_ACTORS
        for year in range(first_year, last_year + 1)
        for level in LEVELS
        if (actor, year, level) not in present
    ]


def contradicted_notes(dataset: Dataset, notes: dict[Note, str]) -> list[Note]:
    """Notes that explain a gap the data does not have (a held event is there)."""
    present = held_cells(dataset)
    return sorted(key for key in notes if key in present)


def report(dataset: Dataset, notes: dict[Note, str]) -> str:
    events = dataset.events
    hosts = (
        events.groupby("country").size().rename("events").sort_values(ascending=False).to_frame()
    )
    statuses = events.groupby("status").size().rename("events").to_frame()
    types = events.groupby("event_type").size().rename("events").to_frame()
    levels = events.groupby("level").size().rename("events").to_frame()
    parts: list[str] = [
        f"{len(events)} events from {events['start_date'].min():%Y-%m-%d} to "
        f"{events['end_date'].max():%Y-%m-%d}, {len(dataset.participants)} participants, "
        f"{len(dataset.relationships)} relationships, {len(dataset.routes)} routes.",
        f"Data as of {dataset.as_of:%Y-%m-%d}." if dataset.as_of is not None else "",
        "### Events by level\n\n" + _markdown(levels, "level"),
        "### Events by actor, year and level (lea: leaders, min: foreign ministers)\n\n"
        + _markdown(actor_year_table(dataset), "actor"),
        "### Events by host country\n\n" + _markdown(hosts, "host country"),
        "### Events by status\n\n" + _markdown(statuses, "status"),
        "### Events by type\n\n" + _markdown(types, "type"),
    ]
    gaps = missing_scope_years(dataset)
    if gaps:
        lines = [
            f"- {dataset.actor_names.get(a, a)}, {y}, {lv}: "
            f"{notes.get((a, y, lv), 'NO NOTE: explain this gap')}"
            for a, y, lv in gaps
        ]
        parts.append(
            "### Years without events for the actors the scope names\n\n" + "\n".join(lines)
        )
    others = sorted(set(notes) - set(gaps))
    if others:
        lines = [
            f"- {dataset.actor_names.get(a, a)}, {y}, {lv}: {notes[(a, y, lv)]}"
            for a, y, lv in others
        ]
        parts.append("### Other coverage notes\n\n" + "\n".join(lines))
    return "\n\n".join(parts) + "\n"


START, END = "<!-- coverage:start -->", "<!-- coverage:end -->"


def with_report(readme: str, text: str) -> str:
    """The README with the part between the coverage markers replaced by text."""
    head, _, rest = readme.partition(START)
    _, _, tail = rest.partition(END)
    return f"{head}{START}\n{text}{END}{tail}"


def main(argv: list[str]) -> int:
    update = "--update-readme" in argv
    paths = [a for a in argv if a != "--update-readme"]
    folder = Path(paths[0]) if paths else DEFAULT_DATA_DIR
    try:
        dataset = load_dataset(folder)
    except DataError as exc:
        print(exc, file=sys.stderr)
        return 1
    text = report(dataset, read_notes(folder))
    if update:
        readme = folder / "README.md"
        readme.write_text(with_report(readme.read_text(encoding="utf-8"), text), encoding="utf-8")
    else:
        print(text, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
