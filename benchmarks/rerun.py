"""Diagnosis: the app's own work in one rerun, stage by stage, against a naive baseline.

Usage: python -m benchmarks.rerun [--sizes 1000,10000,100000] [--runs 5] [--json PATH]
                                  [--workdir DIR]

This times the script's own stages in one process (CPU time, medians over --runs), not what
the server spends per interaction: that is benchmarks.capacity, the headline. For the
shipped data and synthetic datasets (benchmarks.synth) of each size, with no filter (the
largest view), as a filter change that misses the shared cache would do them: filtering,
aggregating places and arcs (the view, frozen to share it), serialising the map features,
building the map's component arguments with streamlit-folium's st_folium (in bare mode),
and the panels' own work (timeline, table, the details of the busiest place). The shared
dataset is not read or copied per rerun (st.cache_resource), so there is no cache stage.
The payload is the map as folium renders it. The baseline puts one folium.Marker with a
popup per event on a folium map and serialises it; above 10,000 events it takes minutes
and is skipped.
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import folium
from streamlit import logger as streamlit_logger
from streamlit_folium import st_folium

from benchmarks import synth
from components.core.basemap import (
    MAP_HEIGHT,
    BaseParts,
    base_parts,
    build_base_map,
    layer_control,
)
from components.core.dataset import DEFAULT_DATA_DIR, Dataset, freeze, load_dataset
from components.core.details import events_for, people_of
from components.core.filters import Filters, dataset_mask
from components.core.layers import layer_features
from components.core.selection import parse_feature_id
from components.core.timeline import timeline_frame
from components.core.view import freeze_view, make_view, newest_events
from components.ui.panels import MAX_EVENTS_LISTED, MAX_TABLE_ROWS, TABLE_COLUMNS

# st_folium outside `streamlit run` (bare mode) warns on every call.
streamlit_logger.set_log_level(logging.ERROR)

BASELINE_LIMIT = 10_000
STAGES = ("filter", "view", "layers", "map", "panels")
RETURNED = ["last_active_drawing", "last_object_clicked_count"]


def _timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.process_time()
    result = function()
    return (time.process_time() - start) * 1000, result


def one_rerun(dataset: Dataset, parts: BaseParts, filters: Filters) -> tuple[dict[str, float], int]:
    """The work of one rerun, stage by stage (ms of CPU), and the bytes of the map."""
    times: dict[str, float] = {}
    times["filter"], _ = _timed(lambda: dataset_mask(dataset, filters))
    times["view"], view = _timed(lambda: freeze_view(make_view(dataset, filters)))
    times["layers"], layers = _timed(
        lambda: layer_features(
            view.places, view.arcs, view.relationships, dataset.actors, dataset.countries
        )
    )
    selected = view.places["place_id"].iloc[0] if len(view.places) else None

    def map_args() -> None:
        st_folium(
            build_base_map(dataset, parts=parts),
            key="map",
            height=MAP_HEIGHT,
            use_container_width=True,
            returned_objects=RETURNED,
            feature_group_to_add=layers.groups(selected),
            layer_control=layer_control(),
        )

    times["map"], _ = _timed(map_args)

    def panels() -> None:
        timeline_frame(view.legs, dataset.events, dataset.actors)
        newest_events(view, TABLE_COLUMNS, MAX_TABLE_ROWS)
        if selected:
            chosen = events_for(parse_feature_id(selected), view.events, view.participants)
            people_of(chosen.head(MAX_EVENTS_LISTED), view.participants, dataset.actor_names)

    times["panels"], _ = _timed(panels)
    return times, len(_render(dataset, layers.groups(selected)).encode())


def _render(dataset: Dataset, groups: list[folium.FeatureGroup]) -> str:
    """The whole map as folium renders it: base map, filtered groups and layer control."""
    fmap = build_base_map(dataset)
    for group in groups:
        group.add_to(fmap)
    layer_control().add_to(fmap)
    return fmap.get_root().render()


def constant_payload(dataset: Dataset) -> tuple[int, float]:
    """Bytes of the base map alone and the time to build and render it."""
    elapsed, html = _timed(lambda: build_base_map(dataset).get_root().render())
    return len(html.encode()), elapsed


def naive_rerun(dataset: Dataset) -> tuple[float, int]:
    """One folium.Marker with a popup per event, rendered as st_folium renders a map."""

    def run() -> int:
        fmap = folium.Map(location=(44, 66), zoom_start=4, tiles=None)
        for row in dataset.events.itertuples(index=False):
            popup = f"<b>{html.escape(row.title)}</b><br>{html.escape(row.summary)}"
            folium.Marker(
                (row.lat, row.lon), popup=folium.Popup(popup), tooltip=html.escape(row.city)
            ).add_to(fmap)
        return len(fmap.get_root().render().encode())

    elapsed, size = _timed(run)
    return elapsed, size


def measure(name: str, folder: Path, runs: int, baseline: bool) -> dict[str, Any]:
    load_ms, dataset = _timed(lambda: freeze(load_dataset(folder)))
    constant_bytes, base_ms = constant_payload(dataset)
    parts = base_parts(dataset)
    filters = Filters()
    one_rerun(dataset, parts, filters)  # warm up (imports, first compilations)
    samples = [one_rerun(dataset, parts, filters) for _ in range(runs)]
    stages = {s: round(statistics.median(t[s] for t, _ in samples), 1) for s in STAGES}
    totals = [sum(t.values()) for t, _ in samples]
    result: dict[str, Any] = {
        "dataset": name,
        "events": len(dataset.events),
        "load_ms_once": round(load_ms),
        "base_map_ms_once": round(base_ms, 1),
        "rerun_ms_p50": round(statistics.median(totals), 1),
        "stages_ms_p50": stages,
        # The rendered page includes the base map: no separate constant part is added.
        "payload_bytes": samples[0][1],
        "base_map_bytes": constant_bytes,
    }
    if baseline:
        naive = [naive_rerun(dataset) for _ in range(max(1, min(runs, 3)))]
        result["baseline_rerun_ms_p50"] = round(statistics.median(t for t, _ in naive), 1)
        result["baseline_payload_bytes"] = naive[0][1]
        result["speedup"] = round(result["baseline_rerun_ms_p50"] / result["rerun_ms_p50"], 1)
        result["payload_ratio"] = round(
            result["baseline_payload_bytes"] / result["payload_bytes"], 1
        )
    else:
        result["baseline_rerun_ms_p50"] = None
        result["baseline_payload_bytes"] = None
        result["baseline_note"] = f"skipped above {BASELINE_LIMIT:,} events (it takes minutes)"
    return result


def _table(results: list[dict[str, Any]]) -> str:
    header = f"{'dataset':>9} {'events':>8} {'rerun p50 ms':>12} {'payload KB':>10} {'baseline ms':>11} {'baseline KB':>11}  stages (ms)"
    lines = [header, "-" * len(header)]
    for r in results:
        base_ms = (
            f"{r['baseline_rerun_ms_p50']:.0f}"
            if r["baseline_rerun_ms_p50"] is not None
            else "skipped"
        )
        base_kb = (
            f"{r['baseline_payload_bytes'] / 1024:.0f}"
            if r["baseline_payload_bytes"] is not None
            else "skipped"
        )
        stages = " ".join(f"{k}={v}" for k, v in r["stages_ms_p50"].items())
        lines.append(
            f"{r['dataset']:>9} {r['events']:>8,} {r['rerun_ms_p50']:>12.1f} {r['payload_bytes'] / 1024:>10.0f}"
            f" {base_ms:>11} {base_kb:>11}  {stages}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--workdir", type=Path, help="where synthetic datasets are written (default: a temp dir)"
    )
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    results = [measure("shipped", DEFAULT_DATA_DIR, args.runs, baseline=True)]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        for size in sizes:
            folder = workdir / f"synthetic-{size}"
            if not (folder / "events.csv").exists():
                synth.write(size, folder)
            results.append(measure(f"{size:,}", folder, args.runs, baseline=size <= BASELINE_LIMIT))
    print(_table(results))
    for r in results:
        if "baseline_note" in r:
            print(f"{r['dataset']}: baseline {r['baseline_note']}")
    report = {
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()}, {platform.system()} {platform.release()}, Python {platform.python_version()}",
        "cpus": __import__("os").cpu_count(),
        "results": results,
    }
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
