"""GDELT through the review queue: candidates with a confidence and evidence, repeats merged,
the near-repeat rule, links to repeated events, and an article input that never raises."""

from __future__ import annotations

import logging
from datetime import date

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from components.core import review
from components.core.dataset import Dataset
from components.core.errors import DataError
from components.core.eventkey import near_repeat, party_sets
from components.core.gdelt import confidence
from components.core.review import (
    EDITOR_COLUMNS,
    MAX_ARTICLE_CHARS,
    check_rows,
    find_events,
    gdelt_candidates,
    knowledge_of,
    place_of,
)
from tests.unit.test_gdelt import gdelt_line

ASTANA = {
    "ActionGeo_Type": "4",
    "ActionGeo_FullName": "Astana, Astana, Kazakhstan",
    "ActionGeo_CountryCode": "KZ",
    "ActionGeo_Lat": "51.1694",
    "ActionGeo_Long": "71.4491",
}
KAZAKHSTAN_ONLY = {
    "ActionGeo_Type": "1",
    "ActionGeo_FullName": "Kazakhstan",
    "ActionGeo_CountryCode": "KZ",
    "ActionGeo_Lat": "48",
    "ActionGeo_Long": "68",
}


def line(
    event_id: str,
    sqldate: str,
    code: str,
    a1: str,
    a2: str,
    place: dict[str, str] = ASTANA,
    counts: tuple[int, int, int] = (10, 2, 4),
) -> str:
    mentions, sources, articles = counts
    return gdelt_line(
        GLOBALEVENTID=event_id,
        SQLDATE=sqldate,
        Actor1Name=a1,
        Actor1CountryCode=a1,
        Actor2Name=a2,
        Actor2CountryCode=a2,
        EventCode=code,
        NumMentions=str(mentions),
        NumSources=str(sources),
        NumArticles=str(articles),
        SOURCEURL=f"https://news.example.org/{event_id}",
        **place,
    )


def raw(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


# ---------------------------------------------------------------- confidence

COUNT = st.integers(min_value=0, max_value=10**9)
GEO = st.sampled_from(["1", "2", "3", "4", "5", "", "x"])


@given(COUNT, COUNT, COUNT, GEO, st.integers(min_value=0, max_value=10**6), st.integers(0, 2))
def test_confidence_never_falls_when_a_count_grows(
    mentions: int, sources: int, articles: int, geo: str, more: int, which: int
) -> None:
    counts = [mentions, sources, articles]
    grown = list(counts)
    grown[which] += more
    before, after = confidence(*counts, geo), confidence(*grown, geo)
    assert 0.0 <= before <= after < 1.0


@given(COUNT, COUNT, COUNT)
def test_a_country_only_place_scores_below_a_city(
    mentions: int, sources: int, articles: int
) -> None:
    city, country = (
        confidence(mentions, sources, articles, "4"),
        confidence(mentions, sources, articles, "1"),
    )
    if mentions or sources or articles:
        assert country < city
    else:
        assert country == city == 0.0


def test_confidence_grows_with_each_count_strictly() -> None:
    base = confidence(1, 1, 1, "4")
    assert confidence(2, 1, 1, "4") > base
    assert confidence(1, 2, 1, "4") > base
    assert confidence(1, 1, 2, "4") > base
    # Outlets weigh more than articles, which weigh more than mentions.
    assert confidence(1, 2, 1, "4") > confidence(1, 1, 2, "4") > confidence(2, 1, 1, "4")


# ---------------------------------------------------------------- candidates


def test_a_gdelt_file_becomes_candidates_not_events(small: Dataset) -> None:
    found = gdelt_candidates(
        "export.CSV",
        raw(
            line("1", "20240601", "042", "RUS", "KAZ"),
            # The same visit coded from the host's side: merged into the first.
            line("2", "20240601", "043", "KAZ", "RUS", counts=(5, 1, 2)),
            line("3", "20240602", "040", "CHN", "KAZ", KAZAKHSTAN_ONLY),
            line("4", "20240603", "190", "FRA", "DEU"),  # not diplomacy: skipped
        ),
        small,
    )
    frame = found.frame
    assert list(frame.columns) == EDITOR_COLUMNS
    assert (found.merged, found.skipped, found.problems) == (1, 1, [])
    assert list(frame["approve"]) == [False, False]
    assert list(frame["source_url"]) == [
        "https://news.example.org/1",
        "https://news.example.org/3",
    ]
    assert list(frame["actors"]) == ["RUS", "CHN"]
    visit = frame.iloc[0]
    assert (visit["host_iso3"], visit["city"], visit["event_type"]) == (
        "KAZ",
        "Astana",
        "official_visit",
    )
    # The evidence says what the lines coded; the merged candidate counts both lines.
    assert "042 'make a visit'" in visit["evidence"]
    assert "043 'host a visit'" in visit["evidence"]
    assert "(city or landmark)" in visit["evidence"]
    assert "together 15 mentions, 3 sources, 6 articles" in visit["evidence"]
    assert "(country only)" in frame.iloc[1]["evidence"]
    # Merging raised the confidence above what the first line alone gives.
    alone = gdelt_candidates("one.CSV", raw(line("1", "20240601", "042", "RUS", "KAZ")), small)
    assert visit["confidence"] > alone.frame.iloc[0]["confidence"]
    assert visit["confidence"] == pytest.approx(confidence(15, 3, 6, "4"), abs=1e-3)


def test_lines_of_different_meetings_are_not_merged(small: Dataset) -> None:
    found = gdelt_candidates(
        "export.CSV",
        raw(
            line("1", "20240601", "042", "RUS", "KAZ"),
            line("2", "20240602", "042", "RUS", "KAZ"),  # another day
            line("3", "20240601", "042", "CHN", "KAZ"),  # other parties
        ),
        small,
    )
    assert (len(found.frame), found.merged) == (3, 0)


def test_a_file_without_relevant_lines_says_so(small: Dataset) -> None:
    with pytest.raises(DataError, match="no diplomatic events involving a Central Asian"):
        gdelt_candidates("x.CSV", raw(line("4", "20240603", "190", "FRA", "DEU")), small)


def test_a_candidate_repeating_an_event_links_to_it(small: Dataset) -> None:
    # e3 of the small folder: Putin and Xi at the SCO summit in Astana, 2024-07-03.
    found = gdelt_candidates("x.CSV", raw(line("9", "20240704", "044", "RUS", "CHN")), small)
    (check,) = check_rows(found.frame, small, knowledge_of(small))
    assert check.duplicate_of == "e3"
    assert place_of(small, "e3") == "place:KAZ:astana"
    assert place_of(small, "nope") is None


def test_gdelt_rows_need_a_source_url_for_approval(small: Dataset) -> None:
    found = gdelt_candidates("x.CSV", raw(line("1", "20240601", "042", "RUS", "KAZ")), small)
    assert check_rows(found.frame, small, knowledge_of(small))[0].ok
    found.frame.loc[0, "source_url"] = ""
    (check,) = check_rows(found.frame, small, knowledge_of(small))
    assert "a source URL is required for approval" in check.problems


# ---------------------------------------------------------------- the near-repeat rule


def test_near_repeat_allows_a_day_either_side_and_counts_the_host(small: Dataset) -> None:
    existing = party_sets(small.events, small.participants)
    # e1: EU, KAZ and UZB in Astana (KAZ hosting) on 2022-10-27.
    for day in (26, 27, 28):
        assert near_repeat(date(2022, 10, day), "KAZ", ["EU", "UZB"], existing) == "e1"
    assert near_repeat(date(2022, 10, 29), "KAZ", ["EU", "UZB"], existing) is None
    assert near_repeat(date(2022, 10, 27), "KAZ", ["EU"], existing) is None
    assert near_repeat(date(2022, 10, 27), "UZB", ["EU", "KAZ"], existing) is None
    # e4: Japan's summit in Almaty, where the data lists only Japan as a participant.
    assert near_repeat(date(2024, 8, 9), "KAZ", ["JPN"], existing) == "e4"


# ---------------------------------------------------------------- the article input


def test_an_article_too_long_to_read_is_refused_with_its_length(small: Dataset) -> None:
    text = "Tokayev met Mirziyoyev in Tashkent. " * (MAX_ARTICLE_CHARS // 30)
    with pytest.raises(DataError, match="characters of text; the review reads at most"):
        find_events(text, date(2024, 8, 19), None, knowledge_of(small))


@pytest.mark.parametrize(
    "text",
    [
        "\x00" * 1000 + "Tokayev visited Dushanbe on Aug. 22.",
        "<html><body>" + "<div>" * 20_000 + "Tokayev visited Dushanbe." + "</div>" * 20_000,
        "\ud800\udfff\u202e\ufeff" * 1000,
        "a" * 4_000_000,
        "<html><body><p>" + "&#" * 10_000,
    ],
    ids=["nul", "nested-html", "surrogates", "long-line", "broken-entities"],
)
def test_hostile_articles_give_events_or_a_clear_problem(small: Dataset, text: str) -> None:
    assert _outcome(text, knowledge_of(small)) in ("events", "The article")


def _outcome(text: str, knowledge: object, published: date | None = date(2024, 8, 19)) -> str:
    """'events' when extraction worked, else the file name of the DataError's problem; any
    other exception fails the test."""
    try:
        find_events(text, published, None, knowledge)  # type: ignore[arg-type]
    except DataError as exc:
        return exc.problems[0].file
    return "events"


def test_an_unexpected_extractor_error_becomes_a_logged_problem(
    small: Dataset, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_args: object) -> list:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(review, "events_of_article", broken)
    with caplog.at_level(logging.ERROR), pytest.raises(DataError) as caught:
        find_events("Tokayev visited Dushanbe.", None, None, knowledge_of(small))
    assert "unexpected error (RecursionError) was logged" in str(caught.value)
    assert "Traceback" in caplog.text or caplog.records[0].exc_info


@pytest.fixture(scope="module")
def shipped_knowledge(reference: Dataset):
    return knowledge_of(reference)


@given(st.text(max_size=3000))
def test_extraction_on_any_text_raises_at_most_a_data_error(
    shipped_knowledge: object, text: str
) -> None:
    assert _outcome(text, shipped_knowledge) in ("events", "The article")


@given(
    st.lists(
        st.sampled_from(
            [
                "<div>",
                "</div>",
                "<p>",
                "<script>",
                "&amp;",
                "&#",
                "Tokayev",
                " met ",
                "Putin",
                " in Astana on ",
                "Monday",
                "\x00",
                "\u2028",
                "PUBLISHED: 2024-13-45\n",
                "URL: javascript:x\n",
                "2024-02-30",
            ]
        ),
        max_size=200,
    ).map("".join)
)
def test_extraction_on_article_like_junk_raises_at_most_a_data_error(
    shipped_knowledge: object, text: str
) -> None:
    assert _outcome("<html><body>" + text, shipped_knowledge, None) in ("events", "The article")


def test_candidates_table_has_the_review_columns_even_when_empty(small: Dataset) -> None:
    frame = review.candidate_rows([], small)
    assert list(frame.columns) == EDITOR_COLUMNS
    assert isinstance(frame, pd.DataFrame)


def test_an_unexpected_error_reading_a_gdelt_file_becomes_a_logged_problem(
    small: Dataset, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_args: object) -> None:
        raise MemoryError

    monkeypatch.setattr(review, "merge_repeats", broken)
    with caplog.at_level(logging.ERROR), pytest.raises(DataError) as caught:
        gdelt_candidates("x.CSV", raw(line("1", "20240601", "042", "RUS", "KAZ")), small)
    assert str(caught.value) == (
        "x.CSV: could not be read: an unexpected error (MemoryError) was logged for the maintainers"
    )
    assert caplog.records[0].exc_info
