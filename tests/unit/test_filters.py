from __future__ import annotations

from datetime import date

from components.core.dataset import Dataset
from components.core.filters import (
    Filters,
    choices_for,
    dataset_mask,
    filter_relationships,
    from_query,
    to_query,
)


def ids(dataset: Dataset, filters: Filters) -> list[str]:
    return sorted(dataset.events.loc[dataset_mask(dataset, filters), "event_id"])


def plain_filter(dataset: Dataset, filters: Filters) -> set[str]:
    """A slow, obvious oracle for dataset_mask: one event at a time."""
    events = dataset.events
    kept = set()
    for row in events.itertuples(index=False):
        legs = dataset.participants[dataset.participants["event_id"] == row.event_id]
        if filters.actors and not set(legs["actor_id"].astype(str)) & set(filters.actors):
            continue
        if filters.start and row.end_date.date() < filters.start:
            continue
        if filters.end and row.start_date.date() > filters.end:
            continue
        if filters.event_types and row.event_type not in filters.event_types:
            continue
        if filters.statuses and row.status not in filters.statuses:
            continue
        if filters.hosts and row.host_iso3 not in filters.hosts:
            continue
        text = filters.text.strip().lower()
        if text:
            fields = [row.title, row.format, row.city, *legs["person"].astype(str)]
            if not any(text in str(v).lower() for v in fields):
                continue
        kept.add(row.event_id)
    return kept


def test_no_filter_keeps_everything(small: Dataset) -> None:
    assert ids(small, Filters()) == ["e1", "e2", "e3", "e4"]


def test_actor_filter_matches_any_participant(small: Dataset) -> None:
    assert ids(small, Filters(actors=("CHN",))) == ["e2", "e3"]
    assert ids(small, Filters(actors=("EU", "RUS"))) == ["e1", "e3"]


def test_date_range_includes_events_overlapping_it(small: Dataset) -> None:
    # e2 runs 18-19 May 2023: a range starting on the 19th still includes it.
    assert ids(small, Filters(start=date(2023, 5, 19), end=date(2024, 7, 3))) == ["e2", "e3"]
    assert ids(small, Filters(end=date(2022, 12, 31))) == ["e1"]


def test_type_status_host_and_text(small: Dataset) -> None:
    assert ids(small, Filters(event_types=("multilateral_summit",))) == ["e3"]
    assert ids(small, Filters(statuses=("cancelled",))) == ["e4"]
    assert ids(small, Filters(hosts=("CHN",))) == ["e2"]
    assert ids(small, Filters(text="putin")) == ["e3"]
    assert ids(small, Filters(text="SCO")) == ["e3"]
    assert ids(small, Filters(text="  tokayev ")) == ["e1", "e2", "e3"]


def test_filters_combine(small: Dataset) -> None:
    assert ids(small, Filters(actors=("CHN",), hosts=("KAZ",))) == ["e3"]


def test_dataset_mask_does_not_modify_input(small: Dataset) -> None:
    before = small.events.copy()
    dataset_mask(small, Filters(actors=("CHN",), text="x"))
    assert small.events.equals(before)


def test_relationship_filter(reference: Dataset) -> None:
    rels = filter_relationships(reference.relationships, Filters(actors=("CSTO",)))
    assert set(rels["actor_id"]) == {"CSTO"}
    # Uzbekistan left the CSTO in 2012: not active in a 2022 range.
    active = filter_relationships(
        reference.relationships,
        Filters(actors=("CSTO",), start=date(2022, 1, 1), end=date(2022, 12, 31)),
    )
    assert "UZB" not in set(active["iso3"])
    assert {"KAZ", "KGZ", "TJK"} <= set(active["iso3"])


def test_query_round_trip(small: Dataset) -> None:
    choices = choices_for(small)
    filters = Filters(
        actors=("EU", "CHN"),
        start=date(2022, 11, 1),
        end=date(2024, 1, 1),
        event_types=("summit",),
        statuses=("held",),
        hosts=("KAZ",),
        text="Tokayev",
    )
    params = to_query(filters, choices)
    assert params["actors"] == "EU,CHN"
    parsed = from_query(params, choices)
    assert parsed.filters == filters
    assert parsed.notices == []


def test_defaults_leave_the_url_empty(small: Dataset) -> None:
    choices = choices_for(small)
    assert to_query(Filters(start=choices.first, end=choices.last), choices) == {}


def test_bad_query_values_are_ignored_with_notices(small: Dataset) -> None:
    choices = choices_for(small)
    parsed = from_query(
        {"actors": "EU,NARNIA", "from": "yesterday", "status": "held", "zoom": "3"}, choices
    )
    assert parsed.filters.actors == ("EU",)
    assert parsed.filters.start is None
    assert parsed.filters.statuses == ("held",)
    text = " | ".join(parsed.notices)
    assert "NARNIA" in text
    assert "'from': 'yesterday' is not a date" in text
    assert "unknown URL parameter(s): zoom" in text


def test_query_dates_are_clamped_and_ordered(small: Dataset) -> None:
    choices = choices_for(small)
    parsed = from_query({"from": "1990-01-01"}, choices)
    assert parsed.filters.start == choices.first
    assert "outside the data" in parsed.notices[0]
    reversed_range = from_query({"from": "2024-01-01", "to": "2023-01-01"}, choices)
    assert reversed_range.filters.start is None
    assert "'from' is after 'to'" in reversed_range.notices[0]


def test_indexed_mask_agrees_with_plain_filtering(reference: Dataset) -> None:
    """dataset_mask (integer index, categorical search) selects what a plain loop does."""
    cases = [
        Filters(),
        Filters(actors=("CHN", "TUR")),
        Filters(text="tokayev"),
        Filters(text="sco"),
        Filters(text="samarkand", statuses=("held",)),
        Filters(actors=("EU",), start=date(2023, 1, 1), hosts=("KAZ", "UZB")),
        Filters(event_types=("state_visit",), end=date(2024, 6, 30)),
    ]
    for filters in cases:
        fast = set(reference.events.loc[dataset_mask(reference, filters), "event_id"])
        plain = plain_filter(reference, filters)
        assert fast == plain, filters
        assert fast, filters
