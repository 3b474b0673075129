"""Read a data folder, validate every table, and return typed, prepared frames.

Pure: no Streamlit. The UI caches :func:`load_dataset` once (components.ui.loading).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np
import pandas as pd
from pyarrow.lib import ArrowException

from components.core.schema import (
    BOUNDARIES_FILE,
    ORIGIN_COLUMN,
    REFERENCE_ORIGIN,
    REQUIRED_TABLES,
    TABLES,
    Column,
    columns,
)

DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
# Degrees of slack around a country's outline: cities on a coast or a border sit on its edge.
BBOX_SLACK = 0.75
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where (file, spreadsheet row, column) and what."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class DataError(Exception):
    """A data folder or file that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems[:50]))


@dataclass(frozen=True)
class Dataset:
    """The validated tables, typed and with derived columns for filtering and mapping."""

    countries: pd.DataFrame
    actors: pd.DataFrame
    events: pd.DataFrame
    participants: pd.DataFrame
    relationships: pd.DataFrame
    routes: pd.DataFrame
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


def data_dir_from_env(environ: dict[str, str]) -> Path:
    """The folder named by CADASH_DATA_DIR, else the shipped data/ folder."""
    value = environ.get("CADASH_DATA_DIR", "").strip()
    return Path(value).expanduser() if value else DEFAULT_DATA_DIR


# ---------------------------------------------------------------- reading


def read_csv_text(path: Path, file_label: str) -> pd.DataFrame:
    """Read a CSV as strings only (types are checked later, with row numbers)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(
            [Problem(file_label, None, None, f"cannot be read ({exc.strerror})")]
        ) from exc
    return parse_csv_bytes(raw, file_label)


def decode_text(raw: bytes, file_label: str) -> str:
    """UTF-8 (with or without BOM) text, or a DataError saying the file is not text."""
    if b"\x00" in raw[:4096]:
        raise DataError([Problem(file_label, None, None, "is a binary file, not UTF-8 text")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            [
                Problem(
                    file_label,
                    line,
                    None,
                    f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at line {line}); "
                    "save it as UTF-8 and try again",
                )
            ]
        ) from exc


def parse_csv_bytes(raw: bytes, file_label: str) -> pd.DataFrame:
    """Parse CSV bytes into a frame of stripped strings; empty cells become ''.

    pandas' pyarrow parser reads well-formed files without a Python object per cell (a
    100,000-row file would otherwise take hundreds of MB); anything irregular (ragged
    rows, blank lines, line breaks inside cells) goes through the csv module, which can
    say which row is wrong.
    """
    # Checked here, but not kept: the fast path parses the bytes, and the text would double
    # the memory a large file takes while it is read.
    if not decode_text(raw, file_label).strip():
        raise DataError([Problem(file_label, None, None, "is empty")])
    body = raw.removeprefix(b"\xef\xbb\xbf")
    lines = body.count(b"\n") + (0 if body.endswith(b"\n") else 1)
    try:
        frame = pd.read_csv(io.BytesIO(body), dtype=str, keep_default_na=False, engine="pyarrow")
    except (pd.errors.ParserError, ValueError, ArrowException):
        return _parse_csv_rows(decode_text(raw, file_label), file_label)
    # Blank lines or line breaks inside cells would shift row numbers: take the slow path.
    if len(frame) != lines - 1 or frame.isna().any().any():
        return _parse_csv_rows(decode_text(raw, file_label), file_label)
    frame.columns = [str(c).strip() for c in frame.columns]
    for column in frame.columns:
        values = frame[column]
        # Strip only where needed: a copy of every long text column costs memory.
        if (values.str.startswith(" ") | values.str.endswith(" ")).any():
            frame[column] = values.str.strip()
    frame["_row"] = np.arange(2, len(frame) + 2)
    return frame


def _parse_csv_rows(text: str, file_label: str) -> pd.DataFrame:
    """Row by row with the csv module: slower, but names each ragged row."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise DataError([Problem(file_label, None, None, f"is not valid CSV ({exc})")]) from exc
    header = [h.strip() for h in rows[0]]
    problems = []
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                Problem(
                    file_label, number, None, f"has {len(row)} cells, the header has {len(header)}"
                )
            )
            continue
        records.append([cell.strip() for cell in row] + [number])
    frame = pd.DataFrame(records, columns=[*header, "_row"], dtype=object)
    if problems:
        frame.attrs["problems"] = problems
    return frame


def _read_boundaries(path: Path) -> tuple[dict[str, Any], list[Problem]]:
    if not path.exists():
        return {"type": "FeatureCollection", "features": []}, []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("type") != "FeatureCollection":
            raise ValueError("not a GeoJSON FeatureCollection")
    except (ValueError, UnicodeDecodeError) as exc:
        return {}, [Problem(path.name, None, None, f"is not valid GeoJSON ({exc})")]
    return data, []


# ---------------------------------------------------------------- cell checks


def _is_url(value: str) -> bool:
    parsed = urlparse(value)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in value


def _partial_date_ok(value: str) -> bool:
    if not _PARTIAL_DATE.match(value):
        return False
    padded = value + "-01" * (2 - value.count("-"))
    return not pd.isna(pd.to_datetime(padded, format="%Y-%m-%d", errors="coerce"))


def check_cells(frame: pd.DataFrame, table: str, file_label: str) -> list[Problem]:
    """Column presence and per-cell checks (type, vocabulary, range, length), vectorised."""
    problems: list[Problem] = list(frame.attrs.get("problems", []))
    spec = TABLES[table]
    missing = [c.name for c in spec if c.name not in frame.columns]
    if missing:
        present = ", ".join(c for c in frame.columns if c != "_row") or "none"
        problems.append(
            Problem(
                file_label,
                1,
                None,
                f"missing column(s) {', '.join(missing)} (found: {present})",
            )
        )
        return problems
    rows = (
        frame["_row"] if "_row" in frame.columns else pd.Series(frame.index + 2, index=frame.index)
    )
    for column in spec:
        values = frame[column.name]
        if values.dtype != "str":
            values = values.astype("str").str.strip()
        empty = values.eq("")
        bad = pd.Series(False, index=frame.index)
        if column.required:
            _report(problems, file_label, rows[empty], column, "is empty")
        present = ~empty
        bad = present & _invalid(values, column)
        for row, value in zip(rows[bad], values[bad], strict=True):
            problems.append(Problem(file_label, int(row), column.name, _explain(value, column)))
        too_long = values.str.len() > column.max_length
        _report(
            problems,
            file_label,
            rows[too_long],
            column,
            f"is longer than {column.max_length} characters",
        )
    return problems


def _report(
    problems: list[Problem], file_label: str, rows: Iterable[int], column: Column, message: str
) -> None:
    problems.extend(Problem(file_label, int(r), column.name, message) for r in rows)


def _invalid(values: pd.Series, column: Column) -> pd.Series:
    if column.kind == "date":
        parsed = pd.to_datetime(values, format="%Y-%m-%d", errors="coerce")
        return parsed.isna() | ~values.str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    if column.kind in ("lat", "lon"):
        numbers = pd.to_numeric(values, errors="coerce")
        limit = 90 if column.kind == "lat" else 180
        return numbers.isna() | (numbers.abs() > limit)
    if column.kind == "enum":
        return ~values.isin(column.choices)
    if column.kind == "url":
        return ~values.map(_is_url).astype(bool)
    if column.kind == "color":
        return ~values.str.match(_COLOR)
    if column.kind == "partial_date":
        return ~values.map(_partial_date_ok).astype(bool)
    if column.kind == "id":
        return ~values.str.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.:\-]*")
    return pd.Series(False, index=values.index)


def _explain(value: str, column: Column) -> str:
    shown = value if len(value) <= 60 else value[:57] + "..."
    match column.kind:
        case "date":
            return f"'{shown}' is not a date (expected YYYY-MM-DD)"
        case "lat":
            return f"'{shown}' is not a latitude between -90 and 90"
        case "lon":
            return f"'{shown}' is not a longitude between -180 and 180"
        case "enum":
            return f"'{shown}' is not one of: {', '.join(column.choices)}"
        case "url":
            return f"'{shown}' is not a web address (http:// or https://)"
        case "color":
            return f"'{shown}' is not a colour like #1f77b4"
        case "partial_date":
            return f"'{shown}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        case "id":
            return f"'{shown}' is not a valid id (letters, digits, - _ . : only)"
    return f"'{shown}' is not valid"


# ---------------------------------------------------------------- cross-table checks


def _known(
    frame: pd.DataFrame, column: str, known: set[str], file_label: str, what: str
) -> list[Problem]:
    unknown = ~frame[column].isin(known)
    return [
        Problem(file_label, int(row), column, f"unknown {what} '{value}'")
        for row, value in zip(frame.loc[unknown, "_row"], frame.loc[unknown, column], strict=True)
    ]


def _unique(frame: pd.DataFrame, column: str, file_label: str) -> list[Problem]:
    dup = frame[column].duplicated(keep="first")
    return [
        Problem(file_label, int(row), column, f"duplicate id '{value}'")
        for row, value in zip(frame.loc[dup, "_row"], frame.loc[dup, column], strict=True)
    ]


def country_bboxes(boundaries: dict[str, Any]) -> dict[str, tuple[float, float, float, float]]:
    """(min_lon, min_lat, max_lon, max_lat) per ISO3 code found in the boundaries."""
    boxes = {}
    for feature in boundaries.get("features", []):
        iso3 = feature.get("properties", {}).get("iso3")
        if not iso3:
            continue
        xs, ys = [], []
        for polygon in feature["geometry"]["coordinates"]:
            for x, y in polygon[0]:
                xs.append(x)
                ys.append(y)
        if xs:
            boxes[iso3] = (min(xs), min(ys), max(xs), max(ys))
    return boxes


def check_event_rows(
    events: pd.DataFrame,
    file_label: str,
    countries: set[str],
    bboxes: dict[str, tuple[float, float, float, float]],
) -> list[Problem]:
    """Checks across columns of an events table whose cells are already valid."""
    problems = _known(events, "host_iso3", countries, file_label, "country code")
    start = pd.to_datetime(events["start_date"], format="%Y-%m-%d")
    end = pd.to_datetime(events["end_date"], format="%Y-%m-%d")
    backwards = end < start
    problems += [
        Problem(file_label, int(row), "end_date", f"ends ({e}) before it starts ({s})")
        for row, s, e in zip(
            events.loc[backwards, "_row"],
            events.loc[backwards, "start_date"],
            events.loc[backwards, "end_date"],
            strict=True,
        )
    ]
    lat = pd.to_numeric(events["lat"])
    lon = pd.to_numeric(events["lon"])
    boxes = pd.DataFrame(
        [(iso, *box) for iso, box in bboxes.items()], columns=["host", "x0", "y0", "x1", "y1"]
    ).set_index("host")
    box = boxes.reindex(events["host_iso3"].to_numpy())
    known = box["x0"].notna().to_numpy()
    inside = (
        (lon.to_numpy() >= box["x0"].to_numpy() - BBOX_SLACK)
        & (lon.to_numpy() <= box["x1"].to_numpy() + BBOX_SLACK)
        & (lat.to_numpy() >= box["y0"].to_numpy() - BBOX_SLACK)
        & (lat.to_numpy() <= box["y1"].to_numpy() + BBOX_SLACK)
    )
    outside = known & ~inside
    problems += [
        Problem(file_label, int(row), "lat", f"({y}, {x}) lies outside {host}")
        for row, host, y, x in zip(
            events["_row"][outside],
            events["host_iso3"][outside],
            lat[outside],
            lon[outside],
            strict=True,
        )
    ]
    return problems


def check_dataset(tables: dict[str, pd.DataFrame], boundaries: dict[str, Any]) -> list[Problem]:
    """Identity and reference checks across tables whose cells are valid."""
    problems: list[Problem] = []
    countries = tables["countries"]
    actors = tables["actors"]
    events = tables["events"]
    participants = tables["participants"]
    problems += _unique(countries, "iso3", "countries.csv")
    problems += _unique(actors, "actor_id", "actors.csv")
    problems += _unique(events, "event_id", "events.csv")
    iso3 = set(countries["iso3"])
    actor_ids = set(actors["actor_id"])
    with_home = actors[actors["iso3"] != ""]
    problems += _known(with_home, "iso3", iso3, "actors.csv", "country code")
    problems += check_event_rows(events, "events.csv", iso3, country_bboxes(boundaries))
    problems += _known(
        participants, "event_id", set(events["event_id"]), "participants.csv", "event"
    )
    problems += _known(participants, "actor_id", actor_ids, "participants.csv", "actor")
    problems += _duplicate_events(events, participants)
    if "relationships" in tables:
        rel = tables["relationships"]
        problems += _unique(rel, "rel_id", "relationships.csv")
        problems += _known(rel, "actor_id", actor_ids, "relationships.csv", "actor")
        problems += _known(rel, "iso3", iso3, "relationships.csv", "country code")
    if "routes" in tables:
        routes = tables["routes"]
        problems += _unique(routes, "route_id", "routes.csv")
        problems += _known(routes, "actor_id", actor_ids, "routes.csv", "actor")
        for row, codes, path in zip(
            routes["_row"], routes["countries"], routes["path"], strict=True
        ):
            for code in codes.split("|"):
                if code.strip() not in iso3:
                    problems.append(
                        Problem(
                            "routes.csv", int(row), "countries", f"unknown country code '{code}'"
                        )
                    )
            try:
                parse_path(path)
            except ValueError as exc:
                problems.append(Problem("routes.csv", int(row), "path", str(exc)))
    return problems


def _duplicate_events(events: pd.DataFrame, participants: pd.DataFrame) -> list[Problem]:
    # An actor set as a sum of random 64-bit numbers, one per distinct actor: vectorised,
    # and two different sets collide with odds of about 2**-64.
    pairs = participants[["event_id", "actor_id"]].drop_duplicates()
    codes, uniques = pd.factorize(pairs["actor_id"])
    weights = np.random.default_rng(0).integers(1, 2**62, size=max(len(uniques), 1), dtype=np.int64)
    actor_sets = (
        pd.Series(weights[codes], index=pairs["event_id"].to_numpy()).groupby(level=0).sum()
    )
    keys = pd.DataFrame(
        {
            "start": events["start_date"].to_numpy(),
            "host": events["host_iso3"].to_numpy(),
            "actors": events["event_id"].map(actor_sets).fillna(0).astype(np.int64).to_numpy(),
        }
    )
    dup = keys.duplicated(keep="first").to_numpy()
    key = keys["start"] + "/" + keys["host"] + "/" + keys["actors"].astype(str)
    first = dict(zip(key[~dup], events.loc[~dup, "event_id"], strict=True))
    return [
        Problem(
            "events.csv",
            int(row),
            "event_id",
            f"'{eid}' repeats '{first[k]}' (same start date, host and actors)",
        )
        for row, eid, k in zip(
            events.loc[dup, "_row"], events.loc[dup, "event_id"], key[dup], strict=True
        )
    ]


def parse_path(text: str) -> list[tuple[float, float]]:
    """Parse 'lon lat; lon lat; ...' into (lat, lon) pairs, checking ranges."""
    points = []
    for part in text.split(";"):
        bits = part.split()
        if not bits:
            continue
        if len(bits) != 2:
            raise ValueError(f"'{part.strip()}' is not a 'lon lat' pair")
        try:
            lon, lat = float(bits[0]), float(bits[1])
        except ValueError as exc:
            raise ValueError(f"'{part.strip()}' is not a 'lon lat' pair of numbers") from exc
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValueError(f"'{part.strip()}' is out of range (lon -180..180, lat -90..90)")
        points.append((lat, lon))
    if len(points) < 2:
        raise ValueError("a route needs at least two 'lon lat' points")
    return points


# ---------------------------------------------------------------- typing and preparation


def _typed(frame: pd.DataFrame, table: str) -> pd.DataFrame:
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


def place_key(host: pd.Series, city: pd.Series) -> pd.Series:
    """Stable id of a place: host country plus the city's name folded to a slug."""
    slug = city.str.lower().str.normalize("NFKD").str.replace(r"[^a-z0-9]+", "-", regex=True)
    return "place:" + host + ":" + slug.str.strip("-")


def prepare_events(events: pd.DataFrame, countries: pd.DataFrame) -> pd.DataFrame:
    """Add origin, place id, country name and quarter to typed events."""
    # The caller hands over its own frame; columns are added in place, not to a copy.
    out = events
    if ORIGIN_COLUMN not in out.columns:
        out[ORIGIN_COLUMN] = REFERENCE_ORIGIN
    out["place_id"] = place_key(out["host_iso3"], out["city"])
    names = dict(zip(countries["iso3"], countries["name"], strict=True))
    out["country"] = out["host_iso3"].map(names).fillna(out["host_iso3"])
    out["quarter"] = out["start_date"].dt.to_period("Q").dt.start_time
    return out


CATEGORICAL_EVENT_COLUMNS = (
    "event_type",
    "status",
    "format",
    "host_iso3",
    "city",
    "country",
    "place_id",
    "source_name",
    "origin",
    "notes",
)


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
    participants = tables["participants"].drop(columns="event_pos", errors="ignore")
    participants = participants.assign(
        event_pos=position.reindex(participants["event_id"]).to_numpy()
    )
    # Few distinct values, many rows: categories hold each string once. At 100,000 events
    # this halves the dataset that st.cache_data copies on every rerun.
    for column in CATEGORICAL_EVENT_COLUMNS:
        events[column] = events[column].astype("category")
    for column in ("actor_id", "person", "role"):
        participants[column] = participants[column].astype("category")
    return Dataset(
        countries=tables["countries"],
        actors=tables["actors"],
        events=events,
        participants=participants,
        relationships=tables["relationships"],
        routes=tables["routes"],
        boundaries=boundaries,
        legs=legs,
        places=places,
        version=version,
        boundaries_digest=boundaries_digest,
    )


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
        [dataset.participants[people].astype("str"), participants[people].astype("str")],
        ignore_index=True,
    )
    tables = {
        "countries": dataset.countries,
        "actors": dataset.actors,
        "events": combined_events,
        "participants": combined_participants,
        "relationships": dataset.relationships,
        "routes": dataset.routes,
    }
    digest = hashlib.sha256(
        pd.util.hash_pandas_object(events[base_columns], index=False).to_numpy().tobytes()
    )
    return assemble(
        tables,
        dataset.boundaries,
        f"{dataset.version}+{digest.hexdigest()[:16]}",
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
            frame = read_csv_text(path, label)
        except DataError as exc:
            problems += exc.problems
            continue
        cell_problems = check_cells(frame, table, label)
        problems += cell_problems
        tables[table] = frame
    boundaries, boundary_problems = _read_boundaries(folder / BOUNDARIES_FILE)
    problems += boundary_problems
    if not problems:
        problems += check_dataset(tables, boundaries)
    if problems:
        raise DataError(problems)
    return tables, boundaries


def load_dataset(folder: Path) -> Dataset:
    """Load, validate and prepare a data folder; raise DataError naming every problem."""
    tables, boundaries = load_tables(folder)
    typed = {name: _typed(frame, name) for name, frame in tables.items()}
    for optional in ("relationships", "routes"):
        if optional not in typed:
            typed[optional] = pd.DataFrame({c: pd.Series(dtype=str) for c in columns(optional)})
    boundaries_file = folder / BOUNDARIES_FILE
    digest = file_digest(boundaries_file) if boundaries_file.exists() else ""
    return assemble(typed, boundaries, folder_version(folder), digest)


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
