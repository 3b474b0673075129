"""Time one rerun's work and the payload sent to the browser, against a naive baseline.

Usage: python -m benchmarks.rerun [--sizes 1000,10000,100000] [--runs 5] [--json PATH]
                                  [--workdir DIR] [--no-scripts] [--clock wall|cpu]

For the shipped data and synthetic datasets (benchmarks.synth) of each size it measures,
as medians over --runs (the dataset is one shared object, st.cache_resource, so a rerun
does not read or copy it): filtering, aggregating places and arcs, building the layers, serialising them as
the map component receives them, and the panels' own work (timeline, table). The payload
is the size of the component's arguments. The baseline puts one folium.Marker with a popup
per event on a folium map and serialises it as st_folium does; above 10,000 events it
takes minutes and is skipped.

The other pages are timed the same way, stage by stage: the comparison page (contact
pairs, the who-meets-whom matrix, one cell's events, trends, the twelve-month table,
absence, and turning the shown tables and the chart into what Streamlit sends), the summit
formats page, and the map with time on (one frame and its faded places). Then each page's
whole script is run through streamlit.testing (AppTest) with the data cached, as a rerun
runs it: widgets, tables and charts marshalled, the map rendered (not sent).
"""

from __future__ import annotations

import argparse
import html
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import folium
import pandas as pd

from benchmarks import report, synth
from components.core import analysis
from components.core.basemap import build_base_map, layer_control
from components.core.dataset import DEFAULT_DATA_DIR, Dataset, load_dataset
from components.core.filters import Filters, choices_for, dataset_mask
from components.core.frames import frame_view, frames_between
from components.core.layers import event_layers
from components.core.places import aggregate_arcs, aggregate_places, central_actor_ids
from components.core.timeline import timeline_frame

BASELINE_LIMIT = 10_000
STAGES = ("filter", "aggregate", "layers", "serialise", "panels")
COMPARE_STAGES = (
    "filter",
    "pairs",
    "matrix",
    "cell",
    "trends",
    "twelve_months",
    "absence",
    "serialise",
)
FORMATS_STAGES = ("filter", "calendar", "serialise")
TIME_STAGES = ("frame_view", "layers", "serialise")
PAGES = ("map", "compare", "formats")


# Wall-clock time by default; --clock cpu times the process's CPU instead (what it spends
# whatever else the machine runs: on a shared machine wall-clock times are inflated).
CLOCKS: dict[str, Callable[[], float]] = {"wall": time.perf_counter, "cpu": time.process_time}
_clock: list[Callable[[], float]] = [time.perf_counter]


def _timed(function: Callable[[], Any]) -> tuple[float, Any]:
    clock = _clock[0]
    start = clock()
    result = function()
    return (clock() - start) * 1000, result


def one_rerun(dataset: Dataset, filters: Filters) -> tuple[dict[str, float], int]:
    """The work of one rerun, stage by stage (ms), and the bytes of the map's arguments."""
    times: dict[str, float] = {}
    times["filter"], mask = _timed(lambda: dataset_mask(dataset, filters))

    def aggregate() -> tuple[Any, Any]:
        skip = frozenset(central_actor_ids(dataset.actors, dataset.countries))
        places = aggregate_places(
            dataset.events, dataset.legs, dataset.places, dataset.actors, mask
        )
        arcs, _ = aggregate_arcs(dataset.legs, dataset.places, dataset.actors, mask, skip)
        return places, arcs

    times["aggregate"], (places, arcs) = _timed(aggregate)
    times["layers"], groups = _timed(
        lambda: event_layers(places, arcs, dataset.relationships, dataset.actors, dataset.countries)
    )
    times["serialise"], script = _timed(lambda: _render(dataset, groups))

    def panels() -> None:
        chosen = dataset.events[mask]
        timeline_frame(
            dataset.legs[mask[dataset.legs["event_pos"].to_numpy()]], dataset.events, dataset.actors
        )
        chosen.nlargest(1000, "start_date")

    times["panels"], _ = _timed(panels)
    return times, len(script.encode())


def _arrow(*tables: Any) -> None:
    """What st.dataframe does with a table before sending it: an Arrow table."""
    import pyarrow as pa

    for table in tables:
        pa.Table.from_pandas(table, preserve_index=False)


def compare_rerun(dataset: Dataset, filters: Filters) -> dict[str, float]:
    """The comparison page's work for one rerun (ms by stage), with the default powers and
    a selected cell (Russia and Kazakhstan)."""
    from dataclasses import replace

    from components.core.trendchart import chart_data, trend_spec
    from components.ui.compare_page import DEFAULT_POWERS

    times: dict[str, float] = {}

    def masks() -> tuple[Any, Any, Any]:
        return (
            dataset_mask(dataset, replace(filters, start=None, end=None, levels=())),
            dataset_mask(dataset, replace(filters, start=None, end=None)),
            dataset_mask(dataset, filters),
        )

    times["filter"], (widest, undated_mask, mask) = _timed(masks)

    def pairs() -> tuple[Any, Any, Any]:
        leaders = analysis.contact_pairs(dataset, widest)
        undated = analysis.pairs_within(leaders, undated_mask)
        return leaders, undated, analysis.pairs_within(undated, mask)

    times["pairs"], (leaders, undated, chosen) = _timed(pairs)
    states = analysis.central_states(dataset.countries)
    names = dataset.actor_names
    times["matrix"], matrix = _timed(lambda: analysis.who_meets_whom(chosen, names, states))
    times["cell"], listed = _timed(
        lambda: analysis.event_list(dataset.events, analysis.cell_events(chosen, "RUS", "KAZ"), 200)
    )
    reference = analysis.reference_date(dataset.events, dataset.as_of)
    anchor = analysis.anchor_date(reference, filters.end)
    first = filters.start or dataset.events["start_date"].min()

    def trends() -> tuple[Any, Any, str]:
        quarterly = analysis.quarterly_contacts(chosen, DEFAULT_POWERS, pd.Timestamp(first), anchor)
        summary = analysis.trend_summary(quarterly, names)
        return quarterly, analysis.trend_table(quarterly, names), summary

    times["trends"], (quarterly, trend, summary) = _timed(trends)
    times["twelve_months"], twelve = _timed(
        lambda: analysis.year_on_year(undated, anchor, names, states)
    )
    times["absence"], absent = _timed(lambda: analysis.absence(leaders, anchor, names, states))
    colors = dict(zip(dataset.actors["actor_id"], dataset.actors["color"], strict=True))

    def serialise() -> None:
        _arrow(matrix.table, listed, trend, twelve, absent, chart_data(quarterly, names))
        json.dumps(trend_spec(quarterly, names, colors, summary))
        choices_for(dataset)  # the citations' filter description

    times["serialise"], _ = _timed(serialise)
    return times


def formats_rerun(dataset: Dataset, filters: Filters) -> dict[str, float]:
    """The summit formats page's work for one rerun (ms by stage)."""
    from dataclasses import replace

    times: dict[str, float] = {}
    wide = replace(filters, start=None, end=None, statuses=(), sidelines=True)
    times["filter"], mask = _timed(lambda: dataset_mask(dataset, wide))
    reference = analysis.reference_date(dataset.events, dataset.as_of)
    times["calendar"], table = _timed(
        lambda: analysis.formats_calendar(dataset.events, reference, mask=mask)
    )
    times["serialise"], _ = _timed(lambda: _arrow(table))
    return times


def time_rerun(dataset: Dataset, filters: Filters) -> dict[str, float]:
    """The map's work with time on, for a frame in the middle of the data (ms by stage)."""
    from dataclasses import replace

    times: dict[str, float] = {}
    choices = choices_for(dataset)
    frames = frames_between(choices.first, choices.last, "quarter")
    frame = frames[len(frames) // 2]
    period = replace(filters, start=filters.start or choices.first, end=filters.end or choices.last)
    times["frame_view"], view = _timed(lambda: frame_view(dataset, period, frame))
    times["layers"], groups = _timed(
        lambda: event_layers(
            view.places,
            view.arcs,
            view.relationships,
            dataset.actors,
            dataset.countries,
            faded=view.faded,
        )
    )
    times["serialise"], _ = _timed(lambda: _render(dataset, groups))
    return times


def _page_script(page: str) -> None:
    """One page as dashboard.py runs it (for AppTest): data, sidebar, context, the page."""
    from components.core.filters import choices_for
    from components.ui import calendar_page, compare_page, map_page
    from components.ui.context import publish
    from components.ui.loading import load_data
    from components.ui.sidebar import filter_sidebar

    dataset = load_data()
    filters = filter_sidebar(choices_for(dataset), dataset.actor_names, dataset.country_names)
    publish(dataset, filters)
    pages = {
        "map": map_page.render,
        "compare": compare_page.render,
        "formats": calendar_page.render,
    }
    pages[page]()


def page_scripts(folder: Path, runs: int) -> dict[str, float]:
    """Each page's whole script, rerun through AppTest with the data cached (p50 ms)."""
    import logging
    import os

    import streamlit as st
    from streamlit.testing.v1 import AppTest

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    previous = os.environ.get("CADASH_DATA_DIR")
    os.environ["CADASH_DATA_DIR"] = str(folder)
    results: dict[str, float] = {}
    try:
        st.cache_data.clear()
        for page in PAGES:
            at = AppTest.from_function(_page_script, args=(page,), default_timeout=600)
            if page == "compare":
                at.query_params["cell"] = "RUS:KAZ"
            at.run()  # loads and caches the data
            if at.exception:
                raise RuntimeError(f"{page}: {at.exception[0].value}")
            samples = [_timed(at.run)[0] for _ in range(runs)]
            results[page] = round(statistics.median(samples), 1)
    finally:
        st.cache_data.clear()
        if previous is None:
            os.environ.pop("CADASH_DATA_DIR", None)
        else:
            os.environ["CADASH_DATA_DIR"] = previous
    return results


def _stages(
    rerun: Callable[[Dataset, Filters], dict[str, float]],
    dataset: Dataset,
    filters: Filters,
    runs: int,
    names: tuple[str, ...],
) -> dict[str, Any]:
    samples = [rerun(dataset, filters) for _ in range(runs)]
    return {
        "work_ms_p50": round(statistics.median(sum(t.values()) for t in samples), 1),
        "stages_ms_p50": {s: round(statistics.median(t[s] for t in samples), 1) for s in names},
    }


def _render(dataset: Dataset, groups: list[folium.FeatureGroup]) -> str:
    """The page st_folium renders each rerun: base map, filtered groups and layer control."""
    fmap = build_base_map(dataset)
    for group in groups:
        group.add_to(fmap)
    layer_control().add_to(fmap)
    return fmap.get_root().render()


def constant_payload(dataset: Dataset) -> tuple[int, float]:
    """Bytes of the base map alone (rebuilt with every rerun) and the time to render it."""
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


def measure(
    name: str, folder: Path, runs: int, baseline: bool, scripts: bool = True
) -> dict[str, Any]:
    load_ms, dataset = _timed(lambda: load_dataset(folder))
    constant_bytes, base_ms = constant_payload(dataset)
    filters = Filters()
    samples = [one_rerun(dataset, filters) for _ in range(runs)]
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
    result["pages"] = {
        "compare": _stages(compare_rerun, dataset, filters, runs, COMPARE_STAGES),
        "formats": _stages(formats_rerun, dataset, filters, runs, FORMATS_STAGES),
        "map_time": _stages(time_rerun, dataset, filters, runs, TIME_STAGES),
    }
    if scripts:
        result["page_script_ms_p50"] = page_scripts(folder, runs)
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
    lines += [
        "",
        f"{'dataset':>9} {'page':>9} {'work p50 ms':>11} {'script p50 ms':>13}  stages (ms)",
    ]
    for r in results:
        scripts = r.get("page_script_ms_p50", {})
        for page, key in (("compare", "compare"), ("formats", "formats"), ("map", "map_time")):
            work = r["pages"][key]
            stages = " ".join(f"{k}={v}" for k, v in work["stages_ms_p50"].items())
            script = scripts.get(page)
            lines.append(
                f"{r['dataset']:>9} {key:>9} {work['work_ms_p50']:>11.1f}"
                f" {script if script is not None else 'skipped':>13}  {stages}"
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
    parser.add_argument(
        "--no-scripts", action="store_true", help="skip the whole-page runs through AppTest"
    )
    parser.add_argument("--clock", choices=tuple(CLOCKS), default="wall")
    args = parser.parse_args()
    _clock[0] = CLOCKS[args.clock]
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    scripts = not args.no_scripts
    results = [measure("shipped", DEFAULT_DATA_DIR, args.runs, baseline=True, scripts=scripts)]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        for size in sizes:
            folder = workdir / f"synthetic-{size}"
            if not (folder / "events.csv").exists():
                synth.write(size, folder)
            results.append(
                measure(
                    f"{size:,}",
                    folder,
                    args.runs,
                    baseline=size <= BASELINE_LIMIT,
                    scripts=scripts,
                )
            )
    print(_table(results))
    for r in results:
        if "baseline_note" in r:
            print(f"{r['dataset']}: baseline {r['baseline_note']}")
    if args.json:
        report.write(args.json, {**report.header(), "clock": args.clock, "results": results})


if __name__ == "__main__":
    main()
