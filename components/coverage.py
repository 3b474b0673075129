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

NOTES_FILE = "coverage_notes.csv"
# Actors the dataset's scope names (first the main five, then those it covers "where found");
# a year without their events needs a note in coverage_notes.csv.
SCOPE_ACTORS = (
    "EU", "RUS", "CHN", "TUR", "USA",
    "DEU", "FRA", "GBR", "ITA", "JPN", "KOR", "IND", "IRN", "AZE", "SAU", "ARE", "QAT",
)  # fmt: skip


def read_notes(folder: Path) -> dict[tuple[str, int], str]:
    """(actor, year) -> why the dataset has no events there."""
    path = folder / NOTES_FILE
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        return {(r["actor_id"], int(r["year"])): r["note"] for r in csv.DictReader(handle)}


def actor_year_table(dataset: Dataset) -> pd.DataFrame:
    """Events per actor (rows) and year (columns); an event counts once per actor."""
    legs = dataset.participants[["event_id", "actor_id"]].drop_duplicates()
    legs = legs.merge(dataset.events[["event_id", "start_date"]], on="event_id")
    legs["year"] = legs["start_date"].dt.year
    table = legs.pivot_table(
        index="actor_id", columns="year", values="event_id", aggfunc="count", fill_value=0
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


def missing_scope_years(dataset: Dataset, first_year: int = 2022) -> list[tuple[str, int]]:
    """(actor, year) cells of the scope actors with no events, from first_year on."""
    last_year = int(dataset.events["start_date"].dt.year.max())
    legs = dataset.participants.merge(dataset.events[["event_id", "start_date"]], on="event_id")
    present = set(zip(legs["actor_id"], legs["start_date"].dt.year, strict=True))
    return [
        (actor, year)
        for actor in SCOPE_ACTORS
        for year in range(first_year, last_year + 1)
        if (actor, year) not in present
    ]


def report(dataset: Dataset, notes: dict[tuple[str, int], str]) -> str:
    events = dataset.events
    hosts = (
        events.groupby("country").size().rename("events").sort_values(ascending=False).to_frame()
    )
    statuses = events.groupby("status").size().rename("events").to_frame()
    types = events.groupby("event_type").size().rename("events").to_frame()
    parts = [
        f"{len(events)} events from {events['start_date'].min():%Y-%m-%d} to "
        f"{events['end_date'].max():%Y-%m-%d}, {len(dataset.participants)} participants, "
        f"{len(dataset.relationships)} relationships, {len(dataset.routes)} routes.",
        "### Events by actor and year\n\n" + _markdown(actor_year_table(dataset), "actor"),
        "### Events by host country\n\n" + _markdown(hosts, "host country"),
        "### Events by status\n\n" + _markdown(statuses, "status"),
        "### Events by type\n\n" + _markdown(types, "type"),
    ]
    gaps = missing_scope_years(dataset)
    if gaps:
        lines = [
            f"- {dataset.actor_names.get(a, a)}, {y}: {notes.get((a, y), 'NO NOTE: explain this gap')}"
            for a, y in gaps
        ]
        parts.append(
            "### Years without events for the actors the scope names\n\n" + "\n".join(lines)
        )
    others = sorted(set(notes) - set(gaps))
    if others:
        lines = [f"- {dataset.actor_names.get(a, a)}, {y}: {notes[(a, y)]}" for a, y in others]
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
