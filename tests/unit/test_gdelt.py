"""GDELT event exports become import rows: diplomacy with Central Asia only, problems by line."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.core.errors import DataError, Problem
from components.core.fileformat import FILE_COLUMNS
from components.core.gdelt import GDELT_COLUMNS, gdelt_rows, looks_like_gdelt
from components.core.schema import columns
from components.core.validation import check_cells

# Written out here from the GDELT 2.0 Event Codebook rather than taken from the module, so a
# wrong column order in the module fails these tests instead of building matching fixtures.
CODEBOOK = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
]
ACTORS = {"RUS", "CHN", "KAZ", "UZB", "KGZ", "FRA", "DEU", "EU"}
COUNTRIES = {"KAZ", "KGZ", "TJK", "TKM", "UZB", "RUS", "CHN", "FRA", "DEU"}


def gdelt_line(version: int = 2, **fields: str) -> str:
    """One tab-separated event line; unnamed fields are empty, as GDELT leaves them."""
    values = dict.fromkeys(CODEBOOK, "")
    values.update(fields)
    if version == 1:  # GDELT 1.0: no ADM2 codes
        values = {k: v for k, v in values.items() if not k.endswith("_ADM2Code")}
    return "\t".join(values.values())


RUSSIA_VISITS_KAZAKHSTAN = gdelt_line(
    GLOBALEVENTID="1187654321",
    SQLDATE="20240912",
    MonthYear="202409",
    Year="2024",
    FractionDate="2024.6904",
    Actor1Code="RUSGOV",
    Actor1Name="RUSSIA",
    Actor1CountryCode="RUS",
    Actor1Type1Code="GOV",
    Actor2Code="KAZ",
    Actor2Name="KAZAKHSTAN",
    Actor2CountryCode="KAZ",
    IsRootEvent="1",
    EventCode="042",
    EventBaseCode="042",
    EventRootCode="04",
    QuadClass="1",
    GoldsteinScale="1.9",
    NumMentions="30",
    NumSources="5",
    NumArticles="12",
    AvgTone="2.3512",
    Actor1Geo_Type="4",
    Actor1Geo_FullName="Moscow, Moskva, Russia",
    Actor1Geo_CountryCode="RS",
    ActionGeo_Type="4",
    ActionGeo_FullName="Astana, Astana, Kazakhstan",
    ActionGeo_CountryCode="KZ",
    ActionGeo_ADM1Code="KZ05",
    ActionGeo_Lat="51.181100",
    ActionGeo_Long="71.4278",
    ActionGeo_FeatureID="-2335045",
    DATEADDED="20240912143000",
    SOURCEURL="https://www.example.com/news/2024/09/12/visit",
)
CHINA_CONSULTS_UZBEKISTAN = gdelt_line(
    GLOBALEVENTID="1187654400",
    SQLDATE="20240913",
    Actor1Code="CHNGOV",
    Actor1Name="XI JINPING",
    Actor1CountryCode="CHN",
    Actor2Code="UZBGOV",
    Actor2Name="",
    Actor2CountryCode="UZB",
    EventCode="040",
    GoldsteinScale="1.0",
    NumArticles="1",
    ActionGeo_Type="4",
    ActionGeo_FullName="Beijing, Beijing, China",
    ActionGeo_CountryCode="CH",
    ActionGeo_Lat="39.9289",
    ActionGeo_Long="116.388",
    SOURCEURL="http://uza.uz/en/posts/123",
)
EU_INTENDS_TO_MEET_KYRGYZSTAN = gdelt_line(
    GLOBALEVENTID="1187654500",
    SQLDATE="20240914",
    Actor1Code="IGOEUREEC",
    Actor1Name="EUROPEAN UNION",
    Actor1CountryCode="EUR",
    Actor1KnownGroupCode="EEC",
    Actor1Type1Code="IGO",
    Actor2Code="KGZ",
    Actor2Name="KYRGYZSTAN",
    Actor2CountryCode="KGZ",
    EventCode="036",
    GoldsteinScale="4.0",
    NumArticles="3",
    ActionGeo_Type="1",
    ActionGeo_FullName="Kyrgyzstan",
    ActionGeo_CountryCode="KG",
    ActionGeo_Lat="41",
    ActionGeo_Long="75",
    SOURCEURL="https://eeas.europa.eu/a",
)
FRANCE_VISITS_GERMANY = gdelt_line(
    GLOBALEVENTID="1187654600",
    SQLDATE="20240914",
    Actor1Name="FRANCE",
    Actor1CountryCode="FRA",
    Actor2Name="GERMANY",
    Actor2CountryCode="DEU",
    EventCode="042",
    ActionGeo_FullName="Berlin, Berlin, Germany",
    ActionGeo_CountryCode="GM",
    ActionGeo_Lat="52.5167",
    ActionGeo_Long="13.4",
    SOURCEURL="https://example.org/fr-de",
)
FIGHT_IN_KAZAKHSTAN = gdelt_line(
    GLOBALEVENTID="1187654700",
    SQLDATE="20240914",
    Actor1CountryCode="RUS",
    Actor2CountryCode="KAZ",
    EventCode="190",
    ActionGeo_CountryCode="KZ",
    SOURCEURL="https://example.org/fight",
)
KAZAKHSTAN_IN_UKRAINE = gdelt_line(
    GLOBALEVENTID="1187654800",
    SQLDATE="20240915",
    Actor1Name="KASSYM-JOMART TOKAYEV",
    Actor1CountryCode="KAZ",
    EventCode="043",
    NumArticles="2",
    ActionGeo_FullName="Kyiv, Kyyiv, Misto, Ukraine",
    ActionGeo_CountryCode="UP",
    ActionGeo_Lat="50.4333",
    ActionGeo_Long="30.5167",
    SOURCEURL="https://kyivindependent.com/k",
)
SHORT_LINE = "\t".join(["1187654900", "20240915", *["x"] * 10])

SAMPLE = "\n".join(
    [
        RUSSIA_VISITS_KAZAKHSTAN,  # line 1
        CHINA_CONSULTS_UZBEKISTAN,  # line 2
        "",  # line 3: blank lines are not problems
        EU_INTENDS_TO_MEET_KYRGYZSTAN,  # line 4
        FRANCE_VISITS_GERMANY,  # line 5: no Central Asian state
        FIGHT_IN_KAZAKHSTAN,  # line 6: not diplomacy
        SHORT_LINE,  # line 7
        KAZAKHSTAN_IN_UKRAINE,  # line 8: host outside the dataset, kept for validation
    ]
).encode("utf-8")

EXPECTED = [
    {
        "event_id": "gdelt-1187654321",
        "start_date": "2024-09-12",
        "end_date": "2024-09-12",
        "event_type": "official_visit",
        "status": "held",
        "level": "leader",
        "format": "",
        "host_iso3": "KAZ",
        "city": "Astana",
        "lat": "51.1811",
        "lon": "71.4278",
        "title": "Russia – Kazakhstan: make a visit (GDELT 042)",
        "summary": "GDELT coded a 'make a visit' event between RUSSIA and KAZAKHSTAN, "
        "reported in 12 articles.",
        "source_url": "https://www.example.com/news/2024/09/12/visit",
        "source_name": "example.com",
        "parent_event_id": "",
        "notes": "Imported from GDELT (EventCode 042, GoldsteinScale 1.9)",
        "participants": "RUS||; KAZ||",
    },
    {
        "event_id": "gdelt-1187654400",
        "start_date": "2024-09-13",
        "end_date": "2024-09-13",
        "event_type": "meeting",
        "status": "held",
        "level": "leader",
        "format": "",
        "host_iso3": "CHN",
        "city": "Beijing",
        "lat": "39.9289",
        "lon": "116.388",
        "title": "Xi Jinping – Uzbekistan: consult (GDELT 040)",
        "summary": "GDELT coded a 'consult' event between XI JINPING and Uzbekistan, "
        "reported in 1 article.",
        "source_url": "http://uza.uz/en/posts/123",
        "source_name": "uza.uz",
        "parent_event_id": "",
        "notes": "Imported from GDELT (EventCode 040, GoldsteinScale 1.0)",
        "participants": "CHN||; UZB||",
    },
    {
        "event_id": "gdelt-1187654500",
        "start_date": "2024-09-14",
        "end_date": "2024-09-14",
        "event_type": "meeting",
        "status": "announced",
        "level": "leader",
        "format": "",
        "host_iso3": "KGZ",
        "city": "Kyrgyzstan",
        "lat": "41",
        "lon": "75",
        "title": "European Union – Kyrgyzstan: express intent to meet or negotiate (GDELT 036)",
        "summary": "GDELT coded an 'express intent to meet or negotiate' event between "
        "EUROPEAN UNION and KYRGYZSTAN, reported in 3 articles.",
        "source_url": "https://eeas.europa.eu/a",
        "source_name": "eeas.europa.eu",
        "parent_event_id": "",
        "notes": "Imported from GDELT (EventCode 036, GoldsteinScale 4.0)",
        "participants": "EU||; KGZ||",
    },
    {
        "event_id": "gdelt-1187654800",
        "start_date": "2024-09-15",
        "end_date": "2024-09-15",
        "event_type": "official_visit",
        "status": "held",
        "level": "leader",
        "format": "",
        "host_iso3": "FIPS:UP",
        "city": "Kyiv",
        "lat": "50.4333",
        "lon": "30.5167",
        "title": "Kassym-Jomart Tokayev: host a visit (GDELT 043)",
        "summary": "GDELT coded a 'host a visit' event involving KASSYM-JOMART TOKAYEV, "
        "reported in 2 articles.",
        "source_url": "https://kyivindependent.com/k",
        "source_name": "kyivindependent.com",
        "parent_event_id": "",
        "notes": "Imported from GDELT (EventCode 043)",
        "participants": "KAZ||",
    },
]


def test_module_column_list_is_the_codebook_order() -> None:
    assert list(GDELT_COLUMNS) == CODEBOOK
    assert len(CODEBOOK) == 61


def test_sample_gives_the_expected_rows_and_problems() -> None:
    _read = gdelt_rows(SAMPLE, "gdelt.csv", ACTORS)
    frame, problems = _read.frame, _read.problems
    assert list(frame.columns) == [*FILE_COLUMNS, "_row"]
    assert frame[FILE_COLUMNS].to_dict("records") == EXPECTED
    assert problems == [
        Problem("gdelt.csv", 7, None, "has 12 fields, a GDELT 2.0 event line has 61")
    ]
    assert _read.skipped == 2
    assert list(frame["_row"]) == [1, 2, 4, 8]
    assert (~frame["host_iso3"].isin(COUNTRIES)).sum() == 1


def test_rows_pass_the_events_cell_checks() -> None:
    _read = gdelt_rows(SAMPLE, "gdelt.csv", ACTORS)
    frame, _ = _read.frame, _read.problems
    events = frame[columns("events")].assign(_row=list(frame["_row"]))
    assert check_cells(events, "events", "gdelt.csv") == []


def test_actor_not_in_actor_ids_is_left_out_of_participants() -> None:
    _read = gdelt_rows(RUSSIA_VISITS_KAZAKHSTAN.encode(), "g.csv", {"KAZ"})
    frame, _ = _read.frame, _read.problems
    assert frame.loc[0, "participants"] == "KAZ||"


def test_action_in_central_asia_is_enough() -> None:
    line = gdelt_line(
        GLOBALEVENTID="5",
        SQLDATE="20240101",
        Actor1CountryCode="RUS",
        Actor2CountryCode="CHN",
        EventCode="044",
        ActionGeo_FullName="",
        ActionGeo_CountryCode="TI",
        ActionGeo_Lat="38.5",
        ActionGeo_Long="68.7833",
        SOURCEURL="https://example.org/x",
    )
    _read = gdelt_rows(line.encode(), "g.csv", ACTORS)
    frame, problems = _read.frame, _read.problems
    assert problems == []
    row = frame.loc[0]
    assert (row["host_iso3"], row["city"], row["event_type"]) == ("TJK", "Tajikistan", "meeting")
    assert row["title"] == "Russia – China: meet at a third location (GDELT 044)"


def test_gdelt_1_daily_lines_are_read_and_backfile_lines_need_a_url() -> None:
    fields = {
        "GLOBALEVENTID": "300000001",
        "SQLDATE": "20140301",
        "Actor1CountryCode": "UZB",
        "Actor2CountryCode": "RUS",
        "EventCode": "046",
        "ActionGeo_CountryCode": "RS",
        "ActionGeo_FullName": "Moscow, Moskva, Russia",
        "ActionGeo_Lat": "55.7522",
        "ActionGeo_Long": "37.6156",
    }
    daily = gdelt_line(version=1, **fields, SOURCEURL="https://example.org/d")
    backfile = daily.rsplit("\t", 1)[0]
    assert len(daily.split("\t")) == 58
    assert len(backfile.split("\t")) == 57
    _read = gdelt_rows(f"{daily}\n{backfile}\n".encode(), "v1.csv", ACTORS)
    frame, problems = _read.frame, _read.problems
    assert frame[["event_id", "host_iso3", "city", "lat"]].to_dict("records") == [
        {"event_id": "gdelt-300000001", "host_iso3": "RUS", "city": "Moscow", "lat": "55.7522"}
    ]
    assert [(p.row, p.message.split(":")[0]) for p in problems] == [(2, "has 57 fields")]


def test_header_row_is_ignored_and_recognised() -> None:
    text = "\t".join(CODEBOOK) + "\n" + RUSSIA_VISITS_KAZAKHSTAN + "\r\n"
    _read = gdelt_rows(text.encode(), "g.csv", ACTORS)
    frame, problems = _read.frame, _read.problems
    assert (len(frame), problems, _read.skipped) == (1, [], 0)
    assert looks_like_gdelt(text.encode())


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (SAMPLE, True),
        (b"\xef\xbb\xbf\n\n" + RUSSIA_VISITS_KAZAKHSTAN.encode(), True),
        (gdelt_line(version=1, GLOBALEVENTID="1", SQLDATE="19790101").encode(), True),
        (
            gdelt_line(version=1, GLOBALEVENTID="1", SQLDATE="19790101")
            .rsplit("\t", 1)[0]
            .encode(),
            True,
        ),
        (SHORT_LINE.encode(), False),
        (RUSSIA_VISITS_KAZAKHSTAN.replace("1187654321", "id-1", 1).encode(), False),
        (RUSSIA_VISITS_KAZAKHSTAN.replace("20240912", "2024-09-12", 1).encode(), False),
        (b"event_id,start_date\ne1,2024-01-01\n", False),
        (b"", False),
        (b"\n \n", False),
        (b"\x00\x01\x02" * 100, False),
        (b"\xff\xfe" + RUSSIA_VISITS_KAZAKHSTAN.encode(), False),
    ],
)
def test_looks_like_gdelt(raw: bytes, expected: bool) -> None:
    assert looks_like_gdelt(raw) is expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "is empty"),
        (b" \n\n", "is empty"),
        (b"\x00\x01binary", "is a binary file"),
        (b"\xff\xfe\x00", "is a binary file"),
        (RUSSIA_VISITS_KAZAKHSTAN.encode() + b"\n\xe9t\xe9", "is not UTF-8 text"),
    ],
)
def test_unreadable_files_raise_data_error(raw: bytes, message: str) -> None:
    with pytest.raises(DataError) as info:
        gdelt_rows(raw, "g.csv", ACTORS)
    assert message in str(info.value)


def test_nothing_relevant_gives_an_empty_frame_with_the_columns() -> None:
    _read = gdelt_rows(FRANCE_VISITS_GERMANY.encode(), "g.csv", ACTORS)
    frame, problems = _read.frame, _read.problems
    assert (list(frame.columns), len(frame), problems) == ([*FILE_COLUMNS, "_row"], 0, [])
    assert _read.skipped == 1


# ---------------------------------------------------------------- properties

PROPERTY_SETTINGS = settings()
INTERESTING = st.sampled_from(
    [
        *["", "036", "042", "043", "KAZ", "UZB", "EUR", "EEC", "KZ", "UP", "20240230"],
        *["nan", "inf", "-1e400", "http://[", "https://www.x.org/", "1_0", "\u2028", "\x0c"],
        "9" * 5000,  # past Python's limit on digits that int() reads
    ]
)
FIELD = st.one_of(st.text(max_size=12), INTERESTING)


def _check_output(raw: bytes) -> None:
    try:
        _read = gdelt_rows(raw, "g.csv", ACTORS)
        frame, problems = _read.frame, _read.problems
    except DataError:
        return
    assert list(frame.columns) == [*FILE_COLUMNS, "_row"]
    assert all(isinstance(v, str) for v in frame[FILE_COLUMNS].to_numpy().ravel())
    assert all(isinstance(p, Problem) for p in problems)
    assert len(list(frame["_row"])) == len(frame)


@PROPERTY_SETTINGS
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise_anything_but_data_error(raw: bytes) -> None:
    assert isinstance(looks_like_gdelt(raw), bool)
    _check_output(raw)


@st.composite
def gdelt_like_lines(draw: st.DrawFn) -> str:
    """Lines of a readable width with the fields that steer the conversion often set."""
    width = draw(st.sampled_from([57, 58, 61, 61, 61, draw(st.integers(0, 70))]))
    fields = draw(st.lists(FIELD, min_size=width, max_size=width))
    if width == 61 and draw(st.booleans()):
        fields[26] = draw(st.sampled_from(["036", "040", "041", "042", "043", "044", "045"]))
        fields[7] = draw(st.sampled_from(["KAZ", "KGZ", "TJK", "TKM", "UZB", "", "EUR"]))
        fields[8] = draw(st.sampled_from(["", "EEC", "GCC"]))
    return "\t".join(fields)


@PROPERTY_SETTINGS
@given(st.lists(gdelt_like_lines(), max_size=5), st.sampled_from(["\n", "\r\n"]))
def test_arbitrary_tab_joined_lines_never_raise_anything_but_data_error(
    lines: list[str], newline: str
) -> None:
    raw = newline.join(lines).encode("utf-8", "surrogatepass")
    assert isinstance(looks_like_gdelt(raw), bool)
    _check_output(raw)


def test_frame_values_are_plain_strings() -> None:
    _read = gdelt_rows(SAMPLE, "g.csv", ACTORS)
    frame, _ = _read.frame, _read.problems
    assert isinstance(frame, pd.DataFrame)
    assert frame[FILE_COLUMNS].map(type).eq(str).all().all()
