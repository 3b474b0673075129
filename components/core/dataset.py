"""The dataset: load a data folder, validate it, type it, and assemble the derived index.

Pure: no Streamlit. The UI caches :func:`load_dataset` once (components.ui.loading).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from components.core.errors import DataError, Problem
from components.core.ids import place_ids
from components.core.readers import read_boundaries, read_csv_text
from components.core.schema import (
    AS_OF_KEY,
    BOUNDARIES_FILE,
    OPTIONAL_TABLES,
    ORIGIN_COLUMN,
    REFERENCE_ORIGIN,
    REQUIRED_TABLES,
    TABLES,
    columns,
)
from components.core.validation import check_cells, check_dataset

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class Dataset:
    """The validated tables, typed and with derived columns for filtering and mapping."""

    countries: pd.DataFrame
    actors: pd.DataFrame
    events: pd.DataFrame
    participants: pd.DataFrame
    relationships: pd.DataFrame
    routes: pd.DataFrame
    sources: pd.DataFrame = field(default_factory=lambda: empty_table("sources"))
    people: pd.DataFrame = field(default_factory=lambda: empty_table("people"))
    # The latest date the data covers: plans dated before it have been resolved.
    as_of: pd.Timestamp | None = None
    boundaries: dict[str, Any] = field(default_factory=dict)
    # Integer index for fast aggregation (components.core.places.build_index).
    legs: pd.DataFrame = field(default_factory=pd.DataFrame)
    places: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Identifies this content: derived results (the rendered base map) are cached by it.
    version: str = ""
    # Digest of boundaries.geojson: the map fetches a pre-built copy served as a static file
    # when one exists for it (components.core.basemap), instead of sending it on every rerun.
    boundaries_digest: str = ""

    @property
    def actor_names(self) -> dict[str, str]:
        return dict(zip(self.actors["actor_id"], self.actors["name"], strict=True))

    @property
    def country_names(self) -> dict[str, str]:
        return dict(zip(self.countries["iso3"], self.countries["name"], strict=True))


def empty_table(table: str) -> pd.DataFrame:
    """A table with its columns and no rows."""
    return pd.DataFrame({c: pd.Series(dtype=str) for c in columns(table)})


def as_of_date(meta: pd.DataFrame | None) -> pd.Timestamp | None:
    """The as-of date a meta table states, if any."""
    if meta is None or meta.empty:
        return None
    values = meta.loc[meta["key"].astype(str) == AS_OF_KEY, "value"]
    return pd.Timestamp(str(values.iloc[0])) if len(values) else None


FRAMES = tuple(f.name for f in fields(Dataset) if f.type == "pd.DataFrame")


def _locked(values: np.ndarray) -> np.ndarray:
    """A non-writeable view of an array (no copy)."""
    view = values.view()
    view.flags.writeable = False
    return view


def read_only(frame: pd.DataFrame) -> pd.DataFrame:
    """The same columns on read-only buffers, for sharing one copy between sessions.

    Numeric, date and categorical columns get non-writeable numpy buffers (an in-place
    write raises instead of changing what every session sees); Arrow-backed text is
    immutable already. No data is copied.
    """
    columns: dict[str, Any] = {}
    for name in frame.columns:
        series = frame[name]
        if isinstance(series.dtype, pd.CategoricalDtype):
            codes = _locked(series.cat.codes.to_numpy())
            columns[name] = pd.Categorical.from_codes(codes, dtype=series.dtype, validate=False)
        elif isinstance(series.dtype, np.dtype):
            columns[name] = _locked(series.to_numpy())
        else:
            columns[name] = series.array
    return pd.DataFrame(columns, index=frame.index, columns=frame.columns, copy=False)


def freeze(dataset: Dataset) -> Dataset:
    """The dataset with every table on read-only buffers (see :func:`read_only`)."""
    return replace(dataset, **{name: read_only(getattr(dataset, name)) for name in FRAMES})


def data_dir_from_env(environ: dict[str, str]) -> Path:
    """The folder named by CADASH_DATA_DIR, else the shipped data/ folder."""
    value = environ.get("CADASH_DATA_DIR", "").strip()
    return Path(value).expanduser() if value else DEFAULT_DATA_DIR


def typed(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """Typed columns in file order; converts in place (the frame is the loader's own)."""
    for column in TABLES[table]:
        if column.kind in ("lat", "lon"):
            frame[column.name] = pd.to_numeric(frame[column.name]).astype("float64")
        elif column.kind == "date":
            frame[column.name] = pd.to_datetime(frame[column.name], format="%Y-%m-%d")
        elif frame[column.name].dtype != "str":
            frame[column.name] = frame[column.name].astype("str")
    for extra in [c for c in frame.columns if c not in columns(table)]:
        del frame[extra]
    return frame if isinstance(frame.index, pd.RangeIndex) else frame.reset_index(drop=True)


def prepare_events(events: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """Add origin, place id, country name and quarter to typed events."""
    # The caller hands over its own frame; columns are added in place, not to a copy.
    out = events
    if ORIGIN_COLUMN not in out.columns:
        out[ORIGIN_COLUMN] = REFERENCE_ORIGIN
    out["place_id"] = place_ids(out["host_iso3"], out["city"])
    names = dict(zip(countries["iso3"], countries["name"], strict=True))
    out["country"] = out["host_iso3"].map(names).fillna(out["host_iso3"])
    out["quarter"] = out["start_date"].dt.to_period("Q").dt.start_time
    return out


CATEGORICAL_EVENT_COLUMNS = (
    "event_type",
    "status",
    "level",
    "format",
    "host_iso3",
    "city",
    "country",
    "place_id",
    "source_name",
    "origin",
    "parent_event_id",
    "notes",
    # Unique per event, but dictionary-encoded all the same: a filtered view then copies
    # 4-byte codes instead of the strings (a view of 100,000 events is a third the size).
    "event_id",
    "title",
    "summary",
    "source_url",
)
PARTICIPANT_CATEGORICAL_COLUMNS = ("event_id", "actor_id", "person", "role", "capacity")


def assemble(
    tables: dict[str, pd.DataFrame],
    boundaries: dict[str, Any],
    version: str = "",
    boundaries_digest: str = "",
) -> Dataset:
    """A Dataset from typed tables: derived event columns and the aggregation index."""
    from components.core.places import build_index

    events = prepare_events(tables["events"], tables["countries"])
    events, legs, places = build_index(
        events, tables["participants"], tables["actors"], tables["countries"]
    )
    position = pd.Series(np.arange(len(events), dtype=np.int32), index=events["event_id"])
    _add_parents(events, position)
    sources = tables.get("sources", empty_table("sources"))
    _add_confirmation(events, sources)
    participants = tables["participants"].drop(columns="event_pos", errors="ignore")
    participants = participants.assign(
        event_pos=position.reindex(participants["event_id"]).to_numpy()
    )
    # Few distinct values, many rows: categories hold each string once, and taking rows
    # (every filtered view does) copies integer codes only.
    for column in CATEGORICAL_EVENT_COLUMNS:
        events[column] = events[column].astype("category")
    for column in PARTICIPANT_CATEGORICAL_COLUMNS:
        participants[column] = participants[column].astype("category")
    return Dataset(
        countries=tables["countries"],
        actors=tables["actors"],
        events=events,
        participants=participants,
        relationships=tables["relationships"],
        routes=tables["routes"],
        sources=sources,
        people=tables.get("people", empty_table("people")),
        as_of=as_of_date(tables.get("meta")),
        boundaries=boundaries,
        legs=legs,
        places=places,
        version=version,
        boundaries_digest=boundaries_digest,
    )


def _add_parents(events: pd.DataFrame, position: pd.Series) -> None:
    """parent_pos (-1: none) and whether a sideline event sits at its summit's place."""
    parent = events["parent_event_id"].astype(str)
    parent_pos = position.reindex(parent.to_numpy()).fillna(-1).astype(np.int32).to_numpy()
    events["parent_pos"] = parent_pos
    places = events["place_id"].to_numpy()
    has_parent = parent_pos >= 0
    same = np.zeros(len(events), dtype=bool)
    same[has_parent] = places[has_parent] == places[parent_pos[has_parent]]
    events["at_parent_place"] = same


def _add_confirmation(events: pd.DataFrame, sources: pd.DataFrame) -> None:
    """How strongly each event is confirmed: distinct sources read, and an official one."""
    listed = sources[["event_id", "url", "official"]].astype(str)
    own = pd.DataFrame(
        {
            "event_id": events["event_id"].astype(str),
            "url": events["source_url"].astype(str),
            "official": "",
        }
    )
    both = pd.concat([listed, own], ignore_index=True).drop_duplicates(["event_id", "url"])
    count = both.groupby("event_id").size()
    official = listed[listed["official"] == "yes"].groupby("event_id").size()
    ids = events["event_id"].astype(str)
    events["n_sources"] = ids.map(count).fillna(1).astype(np.int16).to_numpy()
    events["official_source"] = ids.map(official).fillna(0).gt(0).to_numpy()


def confirmation_label(n_sources: int, official: bool) -> str:
    """'3 sources, 1 official' style text for one event."""
    text = f"{n_sources} source{'s' if n_sources != 1 else ''}"
    return text + (", incl. a participant's official site" if official else "")


# Marks the version of a dataset that holds a session's own events (uploads, approved rows).
SESSION_MARK = "+"


def is_session_data(dataset: Dataset) -> bool:
    """Whether the dataset holds a session's own events (see :func:`extend`)."""
    return SESSION_MARK in dataset.version


def extend(dataset: Dataset, events: pd.DataFrame, participants: pd.DataFrame) -> Dataset:
    """The dataset plus extra typed events (imports), re-indexed; the original is untouched."""
    base_columns = [*columns("events"), ORIGIN_COLUMN]
    as_text = dict.fromkeys([c for c in CATEGORICAL_EVENT_COLUMNS if c in base_columns], "str")
    combined_events = pd.concat(
        [dataset.events[base_columns].astype(as_text), events[base_columns].astype(as_text)],
        ignore_index=True,
    )
    people = columns("participants")
    combined_participants = pd.concat(
        [
            dataset.participants[people].astype("str"),
            participants.reindex(columns=people, fill_value="").astype("str"),
        ],
        ignore_index=True,
    )
    tables = {
        "countries": dataset.countries,
        "actors": dataset.actors,
        "events": combined_events,
        "participants": combined_participants,
        "relationships": dataset.relationships,
        "routes": dataset.routes,
        "sources": dataset.sources,
        "people": dataset.people,
        "meta": pd.DataFrame(
            {"key": [AS_OF_KEY], "value": [f"{dataset.as_of:%Y-%m-%d}"]}
            if dataset.as_of is not None
            else {"key": [], "value": []}
        ),
    }
    digest = hashlib.sha256(
        pd.util.hash_pandas_object(events[base_columns], index=False).to_numpy().tobytes()
    )
    return assemble(
        tables,
        dataset.boundaries,
        f"{dataset.version}{SESSION_MARK}{digest.hexdigest()[:16]}",
        dataset.boundaries_digest,
    )


def load_tables(folder: Path) -> tuple[dict[str, pd.DataFrame], dict[str, Any]]:
    """Read every table of a data folder as strings, validated; raise DataError otherwise."""
    if not folder.is_dir():
        raise DataError([Problem(str(folder), None, None, "is not a folder")])
    problems: list[Problem] = []
    tables: dict[str, pd.DataFrame] = {}
    for table in TABLES:
        path = folder / f"{table}.csv"
        label = f"{table}.csv"
        if not path.exists():
            if table in REQUIRED_TABLES:
                problems.append(Problem(label, None, None, f"is missing from {folder}"))
            continue
        try:
            table_read = read_csv_text(path, label)
        except DataError as exc:
            problems += exc.problems
            continue
        problems += table_read.problems
        problems += check_cells(table_read.frame, table, label)
        tables[table] = table_read.frame
    boundaries, boundary_problems = read_boundaries(folder / BOUNDARIES_FILE)
    problems += boundary_problems
    if not problems:
        problems += check_dataset(tables, boundaries)
    if problems:
        raise DataError(problems)
    return tables, boundaries


def load_dataset(folder: Path) -> Dataset:
    """Load, validate and prepare a data folder; raise DataError naming every problem."""
    tables, boundaries = load_tables(folder)
    typed_tables = {name: typed(frame, name) for name, frame in tables.items()}
    for optional in OPTIONAL_TABLES:
        if optional not in typed_tables:
            typed_tables[optional] = empty_table(optional)
    boundaries_file = folder / BOUNDARIES_FILE
    digest = file_digest(boundaries_file) if boundaries_file.exists() else ""
    return assemble(typed_tables, boundaries, folder_version(folder), digest)


def file_digest(path: Path) -> str:
    """First 16 hex digits of the file's SHA-256."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def folder_version(folder: Path) -> str:
    """A digest of the folder's path and its files' names, sizes and modification times."""
    digest = hashlib.sha256(str(folder.resolve()).encode())
    for path in sorted(folder.iterdir()):
        if path.suffix in (".csv", ".geojson"):
            stat = path.stat()
            digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]
