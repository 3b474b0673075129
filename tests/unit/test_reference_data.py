"""The shipped dataset: complete for its scope, sourced row by row, and internally sound."""

from __future__ import annotations

import itertools

import pandas as pd

from components.core.dataset import Dataset
from components.core.validation import parse_path
from components.coverage import (
    contradicted_notes,
    missing_scope_years,
    read_notes,
    report,
    with_report,
)
from tests.helpers import DATA

SEED = (
    "https://www.themoscowtimes.com/2022/10/27/eu-chief-courts-moscows-central-asia-allies-a79215"
)


def test_scope_size_and_statuses(reference: Dataset) -> None:
    events = reference.events
    assert len(events) >= 400
    assert events["start_date"].min() >= pd.Timestamp("2022-01-01")
    assert {"held", "cancelled", "announced", "unconfirmed"} <= set(events["status"])
    assert set(events["level"]) == {"leader", "minister"}


def test_every_event_has_participants_and_a_source(reference: Dataset) -> None:
    with_people = set(reference.participants["event_id"])
    assert set(reference.events["event_id"]) <= with_people
    for table in (reference.events, reference.relationships, reference.routes):
        assert table["source_url"].str.match(r"^https?://[^\s/]+\.[^\s]+$").all()
        assert (table["source_name"].str.len() > 0).all()
        assert (table["summary"].str.len().between(20, 700)).all()


def test_main_actors_all_present(reference: Dataset) -> None:
    actors = set(reference.participants["actor_id"])
    assert {
        "EU",
        "RUS",
        "CHN",
        "TUR",
        "USA",
        "DEU",
        "FRA",
        "ITA",
        "JPN",
        "KOR",
        "IND",
        "IRN",
        "AZE",
    } <= actors
    assert {"EU", "RUS", "CHN", "TUR", "USA"} <= set(reference.actors["actor_id"])


def test_memberships_cover_the_regional_organisations(reference: Dataset) -> None:
    memberships = reference.relationships[reference.relationships["kind"] == "membership"]
    assert {"CIS", "CSTO", "EAEU", "SCO", "OTS", "CICA"} <= set(memberships["actor_id"])
    assert {"KAZ", "KGZ", "TJK", "TKM", "UZB"} <= set(memberships["iso3"])


def test_routes_are_lines_in_the_region(reference: Dataset) -> None:
    assert {"oil_pipeline", "gas_pipeline", "transport_corridor"} <= set(reference.routes["kind"])
    for path in reference.routes["path"]:
        points = parse_path(path)
        assert len(points) >= 4
        for lat, lon in points:
            assert 20 <= lat <= 60, (lat, lon)
            assert 25 <= lon <= 125, (lat, lon)
        for (lat1, lon1), (lat2, lon2) in itertools.pairwise(points):
            # Consecutive waypoints close enough to draw the route, not a jump across Asia.
            assert abs(lat2 - lat1) + abs(lon2 - lon1) < 20


def test_seed_article_facts_are_in(reference: Dataset) -> None:
    events, people = reference.events, reference.participants

    def on(day: str, host: str) -> pd.DataFrame:
        return events[(events["start_date"] == pd.Timestamp(day)) & (events["host_iso3"] == host)]

    astana = on("2022-10-27", "KAZ")
    astana = astana[astana["parent_event_id"] == ""]
    assert len(astana) == 1
    michel = people[(people["event_id"].isin(astana["event_id"])) & (people["actor_id"] == "EU")]
    assert "Charles Michel" in set(michel["person"])
    assert SEED in astana.iloc[0]["notes"]
    assert len(on("2022-10-28", "UZB")) == 1
    october = events[
        (events["host_iso3"] == "KAZ") & events["start_date"].between("2022-10-10", "2022-10-15")
    ]
    attended = set(people.loc[people["event_id"].isin(october["event_id"]), "actor_id"])
    assert {"RUS", "CHN", "TUR"} <= attended
    june = events[
        (events["start_date"].dt.strftime("%Y-%m") == "2022-06") & (events["host_iso3"] == "RUS")
    ]
    assert (june["event_type"] == "statement").any()
    july = events[
        (events["start_date"].dt.strftime("%Y-%m") == "2022-07")
        & events["event_id"].str.contains("michel")
    ]
    assert len(july) == 1
    rels = reference.relationships.set_index("rel_id")
    for rel_id in (
        "eu-kaz-epca",
        "rus-kaz-oil-transit",
        "rus-kaz-cpc-halts-2022",
        "chn-kaz-bri",
        "tur-kaz-turkic-ties",
    ):
        assert SEED in rels.loc[rel_id, "notes"], rel_id


def test_every_gap_in_the_main_actors_years_has_a_note(reference: Dataset) -> None:
    notes = read_notes(DATA)
    assert [gap for gap in missing_scope_years(reference) if gap not in notes] == []


def test_no_note_claims_a_gap_the_data_does_not_have(reference: Dataset) -> None:
    assert contradicted_notes(reference, read_notes(DATA)) == []


def test_census_rules_hold(reference: Dataset) -> None:
    """As-of date, no unresolved plan before it, levels, sources, people for every name."""
    events = reference.events
    assert reference.as_of is not None
    stale = events["status"].isin(["announced", "postponed"]) & (
        events["end_date"] < reference.as_of
    )
    assert not stale.any()
    assert set(events["level"]) == {"leader", "minister"}
    assert (events["level"] == "minister").sum() >= 100
    assert (events["n_sources"] >= 1).all()
    named = set(reference.participants["person"].astype(str)) - {""}
    assert named <= set(reference.people["person"])
    # Sideline meetings point at their summit.
    sidelines = events[events["parent_event_id"].astype(str) != ""]
    assert len(sidelines) >= 50
    assert (sidelines["parent_pos"] >= 0).all()


def test_readme_coverage_is_current(reference: Dataset) -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert with_report(readme, report(reference, read_notes(DATA))) == readme, (
        "data/README.md is stale: run python -m components.coverage --update-readme"
    )
