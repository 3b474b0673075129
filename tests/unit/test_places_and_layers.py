from __future__ import annotations

import json
import re
from dataclasses import replace

import folium
import numpy as np
import pandas as pd

from components.core.assets import STATIC_DIR
from components.core.basemap import build_base_map, countries_asset, layer_control
from components.core.dataset import Dataset, extend
from components.core.escaping import esc
from components.core.filters import Filters
from components.core.layers import (
    arc_features,
    country_features,
    event_layers,
    place_features,
    route_features,
    script_json,
)
from components.core.places import aggregate_arcs, aggregate_places
from components.core.schema import CENTRAL_ASIA_COLOR, OTHER_ACTORS_COLOR
from components.core.view import make_view


def colors(dataset: Dataset) -> dict[str, str]:
    return dict(zip(dataset.actors["actor_id"], dataset.actors["color"], strict=True))


def every(dataset: Dataset) -> np.ndarray:
    return np.ones(len(dataset.events), dtype=bool)


def places_of(dataset: Dataset, mask: np.ndarray | None = None) -> pd.DataFrame:
    chosen = every(dataset) if mask is None else mask
    return aggregate_places(dataset.events, dataset.legs, dataset.places, dataset.actors, chosen)


def arcs_of(dataset: Dataset) -> pd.DataFrame:
    return aggregate_arcs(dataset.legs, dataset.places, dataset.actors, every(dataset))[0]


def test_places_aggregate_events_and_colour_by_actor(small: Dataset) -> None:
    places = places_of(small).set_index("place_id")
    astana = places.loc["place:KAZ:astana"]
    assert astana["events"] == 2
    # EU at e1, Russia and China at e3: the mix of actors, busiest first (ties: table order).
    assert astana["actors"] == "EU|RUS|CHN"
    assert astana["mix"] == (("EU", 1), ("RUS", 1), ("CHN", 1))
    assert astana["color"] == colors(small)["EU"]
    assert places.loc["place:KAZ:almaty", "color"] == colors(small)["JPN"]
    assert places.loc["place:CHN:xi-an", "events"] == 1


def test_place_of_central_asian_states_only_is_grey(small: Dataset) -> None:
    ca_only = extend(
        small,
        small.events.iloc[[0]].assign(
            event_id="e9",
            start_date=pd.Timestamp("2025-01-01"),
            city="Turkistan",
            lat=43.2973,
            lon=68.2518,
        ),
        pd.DataFrame({"event_id": ["e9"], "actor_id": ["UZB"], "person": [""], "role": [""]}),
    )
    places = places_of(ca_only).set_index("place_id")
    assert places.loc["place:KAZ:turkistan", "color"] == CENTRAL_ASIA_COLOR
    assert places.loc["place:KAZ:turkistan", "actors"] == ""


def test_places_only_count_chosen_events(small: Dataset) -> None:
    mask = (small.events["event_id"] == "e1").to_numpy()
    places = places_of(small, mask)
    assert list(places["place_id"]) == ["place:KAZ:astana"]
    assert places.iloc[0]["events"] == 1
    assert places.iloc[0]["actors"] == "EU"
    assert places.iloc[0]["color"] == colors(small)["EU"]


def test_arcs_are_capped_busiest_first(small: Dataset) -> None:
    arcs, hidden = aggregate_arcs(small.legs, small.places, small.actors, every(small), limit=2)
    assert len(arcs) == 2
    assert hidden == len(arcs_of(small)) - 2


def test_arcs_run_from_seats_to_places_and_skip_home_meetings(small: Dataset) -> None:
    arcs = arcs_of(small).set_index("arc_id")
    assert "arc:EU:KAZ:astana" in arcs.index
    assert "arc:CHN:KAZ:astana" in arcs.index
    # China hosting in Xi'an: no arc for China there; Kazakhstan travelled there.
    assert "arc:CHN:CHN:xi-an" not in arcs.index
    assert "arc:KAZ:CHN:xi-an" in arcs.index
    # Kazakhstan at home in Astana: no arc.
    assert "arc:KAZ:KAZ:astana" not in arcs.index
    eu = arcs.loc["arc:EU:KAZ:astana"]
    assert (eu["from_lat"], eu["from_lon"]) == (50.8503, 4.3517)
    assert eu["events"] == 1


def test_view_hides_central_asian_arcs_unless_chosen(small: Dataset) -> None:
    default = make_view(small, Filters())
    assert not default.arcs["actor_id"].isin(["KAZ", "UZB"]).any()
    chosen = make_view(small, Filters(actors=("KAZ",)))
    assert "arc:KAZ:CHN:xi-an" in set(chosen.arcs["arc_id"])


def test_layers_render_features_with_ids(small: Dataset) -> None:
    view = make_view(small, Filters())
    fmap = build_base_map(small)
    for group in event_layers(
        view.places,
        view.arcs,
        view.relationships,
        small.actors,
        small.countries,
        highlighted=view.highlighted,
    ):
        group.add_to(fmap)
    layer_control().add_to(fmap)
    html = fmap.get_root().render()
    for place_id in view.places["place_id"]:
        assert f'"id":"{place_id}"' in html
    for arc_id in view.arcs["arc_id"]:
        assert f'"id":"{arc_id}"' in html
    # Country outlines come from a static file the browser fetches once.
    asset = STATIC_DIR / countries_asset(small.boundaries_digest)
    assert f"../../app/static/{countries_asset(small.boundaries_digest)}" in html
    assert '"id":"country:KAZ"' in asset.read_text(encoding="utf-8")
    # Offline: Leaflet comes from the app's static folder, and nothing from a CDN.
    assert "../../app/static/vendor/leaflet/leaflet.js" in html
    assert not re.search(r"(src|href)=\"https?://", html)


def test_country_outlines_are_inlined_without_a_static_copy(small: Dataset) -> None:
    html = build_base_map(replace(small, boundaries_digest="0000")).get_root().render()
    assert '"id":"country:KAZ"' in html
    inline = build_base_map(small, inline=True).get_root().render()
    assert '"id":"country:KAZ"' in inline


def test_static_country_layer_matches_the_boundaries(reference: Dataset) -> None:
    """Rebuild with scripts/build_boundaries.py when data/boundaries.geojson changes."""
    asset = STATIC_DIR / countries_asset(reference.boundaries_digest)
    assert asset.exists(), "static country layer missing: run scripts/build_boundaries.py"
    expected = {"type": "FeatureCollection", "features": country_features(reference.boundaries)}
    assert json.loads(asset.read_text(encoding="utf-8")) == json.loads(script_json(expected))


def test_place_features_are_points_sized_by_count(small: Dataset) -> None:
    features = {
        f["properties"]["id"]: f for f in place_features(places_of(small), small.actor_names)
    }
    astana = features["place:KAZ:astana"]
    assert astana["geometry"] == {"type": "Point", "coordinates": [71.4491, 51.1694]}
    assert astana["properties"]["n"] == 2
    assert astana["properties"]["r"] > features["place:CHN:xi-an"]["properties"]["r"]
    assert "2 events" in astana["properties"]["tip"]


def test_arc_features_are_curved_lines(small: Dataset) -> None:
    feature = arc_features(arcs_of(small), small.actor_names)[0]
    coords = feature["geometry"]["coordinates"]
    assert feature["geometry"]["type"] == "LineString"
    assert len(coords) == 13
    # Curved: the midpoint is off the straight chord.
    (x0, y0), (x1, y1), (xm, ym) = coords[0], coords[-1], coords[6]
    assert abs(xm - (x0 + x1) / 2) + abs(ym - (y0 + y1) / 2) > 0.5


def test_tooltips_escape_data(small: Dataset) -> None:
    places = places_of(small).assign(city='<img src=x onerror="alert(1)">`${x}`')
    tooltip = place_features(places, small.actor_names)[0]["properties"]["tip"]
    assert "<img" not in tooltip
    assert "`" not in tooltip
    assert "${" not in tooltip
    assert esc("<b>") == "&lt;b&gt;"


def test_routes_follow_their_waypoints(reference: Dataset) -> None:
    features = route_features(reference.routes)
    assert len(features) == len(reference.routes)
    for feature in features:
        assert len(feature["geometry"]["coordinates"]) >= 2
        assert feature["properties"]["id"].startswith("route:")


def test_base_map_is_identical_between_builds(small: Dataset) -> None:
    """streamlit-folium keeps the map mounted only if the base map's script does not change
    (apart from the element names folium draws at random, which it normalises)."""
    import re

    def page() -> str:
        html = build_base_map(small).get_root().render()
        return re.sub(r"_[0-9a-f]{32}\b", "_ID", html)

    assert page() == page()


def test_no_branca_colormap_on_the_map(small: Dataset) -> None:
    """A ColorMap would make streamlit-folium add a d3 CDN link."""
    import branca.colormap

    fmap = build_base_map(small)

    def walk(element: folium.Element) -> list:
        return [element, *(x for child in element._children.values() for x in walk(child))]

    assert not any(isinstance(e, branca.colormap.ColorMap) for e in walk(fmap))
    json.dumps(small.boundaries)


def test_mix_counts_events_per_actor_busiest_first(small: Dataset) -> None:
    twice = extend(
        small,
        small.events.iloc[[2]].assign(event_id="e9", start_date=pd.Timestamp("2025-01-01")),
        pd.DataFrame({"event_id": ["e9"], "actor_id": ["CHN"], "person": [""], "role": [""]}),
    )
    astana = places_of(twice).set_index("place_id").loc["place:KAZ:astana"]
    assert astana["mix"] == (("CHN", 2), ("EU", 1), ("RUS", 1))
    assert astana["color"] == colors(small)["CHN"]


def test_first_view_colours_and_arcs_only_the_leading_actors(reference: Dataset) -> None:
    from components.core.view import LEADING_ACTORS

    view = make_view(reference, Filters())
    assert len(view.highlighted) == LEADING_ACTORS
    assert set(view.arcs["actor_id"]) <= set(view.highlighted)
    assert view.others > 0
    # The leading actors are the busiest outside actors on the map.
    counts = {
        a: sum(n for mix in view.places["mix"] for x, n in mix if x == a) for a in view.highlighted
    }
    busiest_other = max(
        n for mix in view.places["mix"] for a, n in mix if a not in view.highlighted
    )
    assert min(counts.values()) >= busiest_other
    picked = make_view(reference, Filters(actors=("JPN", "KOR")))
    assert set(picked.highlighted) == {"JPN", "KOR"}
    assert set(picked.arcs["actor_id"]) == {"JPN", "KOR"}


def test_place_slices_colour_the_highlighted_and_sum_the_rest(small: Dataset) -> None:
    from components.core.layers import actor_styles, place_slices

    styles = actor_styles(("RUS",), small.actors)
    assert place_slices((("EU", 1), ("RUS", 2), ("CHN", 1)), styles) == [
        [colors(small)["RUS"], 2],
        [OTHER_ACTORS_COLOR, 2],
    ]
    assert place_slices((), styles) == [[CENTRAL_ASIA_COLOR, 1]]


def test_arcs_differ_by_dash_as_well_as_colour(small: Dataset) -> None:
    from components.core.layers import actor_styles

    styles = actor_styles(("EU", "CHN", "RUS"), small.actors)
    features = arc_features(arcs_of(small), small.actor_names, styles)
    dash = {f["properties"]["id"].split(":")[1]: f["properties"]["d"] for f in features}
    assert len({dash["EU"], dash["CHN"]}) == 2


def test_markers_are_at_least_24_px_across(small: Dataset) -> None:
    from components.core.places import marker_radius

    assert marker_radius(pd.Series([1])).iloc[0] * 2 >= 24
    features = place_features(places_of(small), small.actor_names)
    assert all(f["properties"]["r"] * 2 >= 24 for f in features)


def test_legend_lists_only_what_is_on_the_map(reference: Dataset) -> None:
    from components.core.layers import legend_rows

    def labels(view) -> set[str]:
        from components.core.layers import actor_styles

        styles = actor_styles(view.highlighted, reference.actors)
        rows = legend_rows(
            view.places,
            view.arcs,
            view.relationships,
            reference.routes,
            reference.actor_names,
            styles,
        )
        return {r["label"] for r in rows if r["kind"] in ("actor", "dot")}

    everything = labels(make_view(reference, Filters()))
    assert {
        reference.actor_names[a] for a in make_view(reference, Filters()).highlighted
    } <= everything
    assert "Japan" not in everything
    japan = labels(make_view(reference, Filters(actors=("JPN",))))
    assert "Japan" in japan
    assert "Russia" not in japan
    assert len(japan) < len(everything) + 1


def test_legend_travels_with_the_filtered_layers(small: Dataset) -> None:
    view = make_view(small, Filters(actors=("JPN",)))
    groups = event_layers(
        view.places,
        view.arcs,
        view.relationships,
        small.actors,
        small.countries,
        highlighted=view.highlighted,
    )
    fmap = build_base_map(small)
    assert "var rows = " not in fmap.get_root().render()
    for group in groups:
        group.add_to(fmap)
    html = fmap.get_root().render()
    rows = json.loads(html.split("var rows = ", 1)[1].split(";\n", 1)[0])
    # Japan alone met in Almaty: its swatch (dot and dash, on both layers), nothing else.
    assert [(r["kind"], r["label"]) for r in rows] == [
        ("note", "Places: ring = share of events by actor; number = events"),
        ("actor", "Japan"),
    ]
    assert rows[1]["layers"] == ["Event places", "Actor arcs"]
    # Folded where the map is narrow; the layer control is folded everywhere.
    assert "map.getSize().x >= 600" in html
    assert layer_control().options["collapsed"] is True
