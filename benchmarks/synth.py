"""Write a synthetic dataset of any size in the project's own data format.

Usage: python -m benchmarks.synth --events N --out DIR [--seed S]

Countries, actors, boundaries, relationships and routes are copied from data/; events and
participants are generated: dates 2015-2025, hosts mostly in Central Asia, places near real
cities, one to four actors per event weighted towards the main outside powers.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from components.core.analysis import FORMATS
from components.core.dataset import DEFAULT_DATA_DIR
from components.core.eventkey import event_keys
from components.core.readers import read_csv_text
from components.core.schema import EVENT_TYPES, LEVELS, STATUSES
from components.core.validation import country_bboxes

# (city, host) seeds for synthetic places; each gets nearby variants for larger sets.
CITIES: dict[str, list[tuple[str, float, float]]] = {
    "KAZ": [
        ("Astana", 51.1694, 71.4491),
        ("Almaty", 43.2389, 76.8897),
        ("Shymkent", 42.3417, 69.5901),
        ("Aktau", 43.6532, 51.1975),
        ("Atyrau", 47.0945, 51.9238),
        ("Turkistan", 43.2973, 68.2518),
    ],
    "KGZ": [
        ("Bishkek", 42.8746, 74.5698),
        ("Cholpon-Ata", 42.6496, 77.0822),
        ("Osh", 40.5283, 72.7985),
    ],
    "TJK": [("Dushanbe", 38.5598, 68.7870), ("Khujand", 40.2826, 69.6220)],
    "TKM": [("Ashgabat", 37.9601, 58.3261), ("Turkmenbashi", 40.0222, 52.9552)],
    "UZB": [
        ("Tashkent", 41.2995, 69.2401),
        ("Samarkand", 39.6542, 66.9597),
        ("Bukhara", 39.7681, 64.4556),
        ("Khiva", 41.3783, 60.3639),
    ],
    "RUS": [
        ("Moscow", 55.7558, 37.6173),
        ("St Petersburg", 59.9343, 30.3351),
        ("Kazan", 55.7963, 49.1088),
    ],
    "CHN": [
        ("Beijing", 39.9042, 116.4074),
        ("Xi'an", 34.3416, 108.9398),
        ("Urumqi", 43.8256, 87.6168),
    ],
    "TUR": [("Ankara", 39.9334, 32.8597), ("Istanbul", 41.0082, 28.9784)],
    "BEL": [("Brussels", 50.8503, 4.3517)],
    "USA": [("Washington", 38.9072, -77.0369), ("New York", 40.7128, -74.0060)],
    "DEU": [("Berlin", 52.5200, 13.4050)],
    "IRN": [("Tehran", 35.6892, 51.3890)],
    "AZE": [("Baku", 40.4093, 49.8671)],
}
HOST_WEIGHTS = {
    "KAZ": 0.22,
    "UZB": 0.18,
    "KGZ": 0.12,
    "TJK": 0.1,
    "TKM": 0.08,
    "RUS": 0.1,
    "CHN": 0.08,
    "TUR": 0.04,
    "BEL": 0.03,
    "USA": 0.02,
    "DEU": 0.01,
    "IRN": 0.01,
    "AZE": 0.01,
}
OUTSIDE_WEIGHTS = {
    "RUS": 0.25,
    "CHN": 0.22,
    "EU": 0.12,
    "TUR": 0.1,
    "USA": 0.08,
    "DEU": 0.04,
    "FRA": 0.03,
    "JPN": 0.03,
    "KOR": 0.03,
    "IND": 0.03,
    "IRN": 0.03,
    "AZE": 0.02,
    "ITA": 0.02,
}
CENTRAL = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
# Variants per seed city: more events spread over more places, as real data would.
VARIANTS = 20


def _places(
    rng: np.random.Generator, boxes: dict[str, tuple[float, float, float, float]]
) -> pd.DataFrame:
    rows = []
    for host, cities in CITIES.items():
        box = boxes.get(host)
        for city, lat, lon in cities:
            rows.append((host, city, lat, lon))
            for i in range(1, VARIANTS):
                dlat, dlon = rng.normal(0, 0.6, 2)
                y, x = lat + dlat, lon + dlon
                if box:
                    y = float(np.clip(y, box[1] + 0.1, box[3] - 0.1))
                    x = float(np.clip(x, box[0] + 0.1, box[2] - 0.1))
                rows.append((host, f"{city} district {i}", round(y, 4), round(x, 4)))
    return pd.DataFrame(rows, columns=["host", "city", "lat", "lon"])


def generate(n_events: int, seed: int = 7) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Events and participants tables as strings, reproducible for a seed."""
    rng = np.random.default_rng(seed)
    boundaries = __import__("json").loads((DEFAULT_DATA_DIR / "boundaries.geojson").read_text())
    places = _places(rng, country_bboxes(boundaries))
    hosts = list(HOST_WEIGHTS)
    host_p = np.array(list(HOST_WEIGHTS.values()))
    host_of = rng.choice(hosts, size=n_events, p=host_p / host_p.sum())
    by_host = {h: places.index[places["host"] == h].to_numpy() for h in hosts}
    place_idx = np.array([rng.choice(by_host[h]) for h in host_of])
    chosen = places.loc[place_idx].reset_index(drop=True)
    start = pd.Timestamp("2015-01-01") + pd.to_timedelta(
        rng.integers(0, 11 * 365, n_events), unit="D"
    )
    end = start + pd.to_timedelta(rng.choice([0, 0, 0, 1, 2], n_events), unit="D")
    types = rng.choice(EVENT_TYPES, n_events)
    # One probability per status (held, announced, cancelled, postponed, unconfirmed).
    status_p = {"held": 0.88, "announced": 0.04, "cancelled": 0.03, "postponed": 0.02}
    statuses = rng.choice(STATUSES, n_events, p=[status_p.get(s, 0.03) for s in STATUSES])
    levels = rng.choice(LEVELS, n_events, p=[0.7, 0.3])
    # Summits carry one of the formats the calendar lists; some meetings sit on the
    # sidelines of an earlier multilateral summit (as real sideline talks do).
    formats = np.where(
        np.isin(types, ["summit", "multilateral_summit"]),
        rng.choice([value for value, _ in FORMATS], n_events),
        "",
    )
    ids = [f"syn-{i:07d}" for i in range(n_events)]
    summits = np.flatnonzero(types == "multilateral_summit")
    parents = np.full(n_events, "", dtype=object)
    if summits.size:
        sideline = np.flatnonzero((types == "meeting") & (rng.random(n_events) < 0.1))
        parents[sideline] = np.asarray(ids, dtype=object)[rng.choice(summits, sideline.size)]
    events = pd.DataFrame(
        {
            "event_id": ids,
            "start_date": start.strftime("%Y-%m-%d"),
            "end_date": end.strftime("%Y-%m-%d"),
            "event_type": types,
            "status": statuses,
            "level": levels,
            "format": formats,
            "host_iso3": chosen["host"],
            "city": chosen["city"],
            "lat": chosen["lat"].map(lambda v: f"{v:.4f}"),
            "lon": chosen["lon"].map(lambda v: f"{v:.4f}"),
            "title": [
                f"Synthetic {t.replace('_', ' ')} in {c}"
                for t, c in zip(types, chosen["city"], strict=True)
            ],
            "summary": "A generated event for benchmarks.",
            "source_url": [f"https://example.org/synthetic/{i}" for i in ids],
            "source_name": "Synthetic",
            "parent_event_id": parents,
            "notes": "",
        }
    )
    outside = list(OUTSIDE_WEIGHTS)
    out_p = np.array(list(OUTSIDE_WEIGHTS.values()))
    rows: list[tuple[str, str, str, str]] = []
    counts = rng.integers(1, 4, n_events)
    for event_id, host, k in zip(ids, host_of, counts, strict=True):
        home = host if host in CENTRAL else str(rng.choice(CENTRAL))
        rows.append((event_id, home, f"Leader of {home}", "Head of state"))
        for actor in rng.choice(outside, size=k, replace=False, p=out_p / out_p.sum()):
            rows.append((event_id, str(actor), f"Leader of {actor}", "Head of state"))
    participants = pd.DataFrame(rows, columns=["event_id", "actor_id", "person", "role"])
    participants["capacity"] = ""
    _separate_duplicates(events, participants)
    return events, participants


def _separate_duplicates(events: pd.DataFrame, participants: pd.DataFrame) -> None:
    """Validation rejects two events with the same date, host and actors: move repeats on."""
    shift = 0
    while True:
        dup = event_keys(events, participants).duplicated()
        if not dup.any():
            return
        shift += 1
        for column in ("start_date", "end_date"):
            moved = pd.to_datetime(events.loc[dup, column]) + pd.Timedelta(days=shift)
            events.loc[dup, column] = moved.dt.strftime("%Y-%m-%d")


def write(n_events: int, out: Path, seed: int = 7) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for name in (
        "countries.csv",
        "actors.csv",
        "boundaries.geojson",
        "relationships.csv",
        "routes.csv",
    ):
        shutil.copy(DEFAULT_DATA_DIR / name, out / name)
    events, participants = generate(n_events, seed)
    events.to_csv(out / "events.csv", index=False)
    participants.to_csv(out / "participants.csv", index=False)
    read_csv_text(out / "events.csv", "events.csv")  # fail early on a broken write
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    path = write(args.events, args.out, args.seed)
    print(f"wrote {args.events:,} events to {path}")


if __name__ == "__main__":
    main()
