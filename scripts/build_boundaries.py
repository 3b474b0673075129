"""Rebuild data/boundaries.geojson from Natural Earth (npm package world-atlas@2).

Usage: python scripts/build_boundaries.py [--data DIR]  (needs npm).

The whole world comes from the 1:110m file as a light background; the countries of
the region (Central Asia and its neighbours) from the 1:50m file. Coordinates are
simplified and rounded so the committed file stays well under 1 MB: it is sent to
the browser with every map.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "world-atlas@2.0.2"
# ISO 3166 numeric codes drawn at 1:50m: Central Asia and the states around it.
# Antarctica (010) is left out: no event is near it and it is the largest shape.
SKIPPED = {"010"}
DETAILED = {"398", "417", "762", "795", "860", "004", "364", "031", "051", "268", "586"}

Point = list[float]


def _load_topologies() -> tuple[dict[str, Any], dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            ["npm", "pack", PACKAGE, "--silent", "--pack-destination", tmp],
            check=True,
            capture_output=True,
            text=True,
        )
        archive = Path(tmp) / out.stdout.strip().splitlines()[-1]
        with tarfile.open(archive) as tar:

            def read(name: str) -> dict[str, Any]:
                member = tar.extractfile(f"package/{name}")
                assert member is not None
                return json.load(member)

            return read("countries-110m.json"), read("countries-50m.json")


def _decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    scale = topology["transform"]["scale"]
    translate = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append([x * scale[0] + translate[0], y * scale[1] + translate[1]])
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    ring: list[Point] = []
    for index in indexes:
        # A negative index means the arc ~index, walked backwards.
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    return ring


def _perpendicular(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == dy == 0:
        return ((p[0] - a[0]) ** 2 + (p[1] - a[1]) ** 2) ** 0.5
    return abs(dy * p[0] - dx * p[1] + b[0] * a[1] - b[1] * a[0]) / (dx * dx + dy * dy) ** 0.5


def _simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative so long coastlines cannot overflow the stack."""
    if len(points) < 5:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        start, end = stack.pop()
        best, index = 0.0, -1
        for i in range(start + 1, end):
            d = _perpendicular(points[i], points[start], points[end])
            if d > best:
                best, index = d, i
        if best > tolerance and index > 0:
            keep[index] = True
            stack += [(start, index), (index, end)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _polygons(geometry: dict[str, Any], arcs: list[list[Point]]) -> list[list[list[Point]]]:
    if geometry["type"] == "Polygon":
        return [[_ring(r, arcs) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[_ring(r, arcs) for r in poly] for poly in geometry["arcs"]]
    return []


def _ring_area(ring: list[Point]) -> float:
    return (
        abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1], strict=True)))
        / 2
    )


def _features(
    topology: dict[str, Any], wanted: set[str] | None, tolerance: float, digits: int
) -> dict[str, dict[str, Any]]:
    arcs = _decode_arcs(topology)
    features = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = str(geometry.get("id", ""))
        if not code or code in SKIPPED or (wanted is not None and code not in wanted):
            continue
        polygons = []
        for polygon in _polygons(geometry, arcs):
            # Islands smaller than about 0.05 square degrees vanish at this map's zoom.
            if _ring_area(polygon[0]) < 0.05:
                continue
            rings = []
            for ring in polygon:
                simple = [
                    [round(x, digits), round(y, digits)] for x, y in _simplify(ring, tolerance)
                ]
                if len(simple) >= 4:
                    rings.append(simple)
            if rings:
                polygons.append(rings)
        if polygons:
            features[code] = {
                "name": geometry.get("properties", {}).get("name", ""),
                "coordinates": polygons,
            }
    return features


def build(data_dir: Path) -> Path:
    with (data_dir / "countries.csv").open(encoding="utf-8") as handle:
        countries = {row["iso_numeric"].zfill(3): row for row in csv.DictReader(handle)}
    world, detailed = _load_topologies()
    shapes = _features(world, None, tolerance=0.12, digits=1)
    shapes.update(_features(detailed, DETAILED, tolerance=0.03, digits=2))
    features = []
    for code, shape in sorted(shapes.items()):
        row = countries.get(code)
        features.append(
            {
                "type": "Feature",
                "id": f"country:{row['iso3'] if row else code}",
                "properties": {
                    "iso3": row["iso3"] if row else "",
                    "name": row["name"] if row else shape["name"],
                    "central_asia": bool(row and row["role"] == "central_asia"),
                },
                "geometry": {"type": "MultiPolygon", "coordinates": shape["coordinates"]},
            }
        )
    out = data_dir / "boundaries.geojson"
    collection = {
        "type": "FeatureCollection",
        "source": f"Natural Earth via npm {PACKAGE} (public domain)",
        "features": features,
    }
    out.write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    write_map_asset(out)
    return out


def write_map_asset(boundaries_file: Path) -> Path:
    """The map's country layer, pre-built and named by the boundaries file's digest.

    The app serves it as a static file, so the browser fetches it once instead of
    receiving it with every rerun.
    """
    sys.path.insert(0, str(ROOT))
    from components.core.basemap import countries_asset
    from components.core.dataset import file_digest
    from components.core.layers import country_features, script_json

    static = ROOT / "static"
    for old in (static / "map").glob("countries-*.json"):
        old.unlink()
    target = static / countries_asset(file_digest(boundaries_file))
    target.parent.mkdir(parents=True, exist_ok=True)
    boundaries = json.loads(boundaries_file.read_text(encoding="utf-8"))
    target.write_text(
        script_json({"type": "FeatureCollection", "features": country_features(boundaries)}) + "\n",
        encoding="utf-8",
    )
    return target


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    path = build(parser.parse_args().data)
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
