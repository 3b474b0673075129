"""Turn a GDELT event export into rows of the one-file import format.

Pure: no Streamlit. Only diplomatic events (CAMEO 036 and 040-046) that involve one of
the five Central Asian states are kept; the caller validates the rows like any import.

GDELT facts this module relies on (GDELT 2.0 Event Codebook, CAMEO Manual 1.1b3):
- an export is tab-separated, one event a line, no header, 61 fields in GDELT 2.0;
  GDELT 1.0 lacks the three *_ADM2Code fields (58 fields in its daily files, 57 in its
  historical backfile, which also lacks SOURCEURL);
- Actor1CountryCode / Actor2CountryCode are 3-character CAMEO codes, which for states are
  ISO 3166 alpha-3; international organisations carry a KnownGroupCode instead
  (the EU is IGOEEC, so KnownGroupCode 'EEC');
- ActionGeo_CountryCode (where the event happened) is a 2-character FIPS 10-4 code.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from components.core.errors import DataError, Problem, ProblemLog
from components.core.eventkey import event_keys, key_tuples
from components.core.fileformat import FILE_COLUMNS, PARTICIPANTS_COLUMN, split_participants
from components.core.readers import check_text, too_many_rows
from components.core.schema import CENTRAL_ASIA

# The 61 fields of a GDELT 2.0 event line, in file order (GDELT 2.0 Event Codebook).
GDELT_COLUMNS: tuple[str, ...] = (
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
)
# GDELT 1.0 has the same fields without the ADM2 codes; its backfile also lacks SOURCEURL.
GDELT1_COLUMNS: tuple[str, ...] = tuple(c for c in GDELT_COLUMNS if not c.endswith("_ADM2Code"))
GDELT1_BACKFILE_COLUMNS: tuple[str, ...] = GDELT1_COLUMNS[:-1]
LAYOUTS: dict[int, tuple[str, ...]] = {
    len(layout): layout for layout in (GDELT_COLUMNS, GDELT1_COLUMNS, GDELT1_BACKFILE_COLUMNS)
}

# CAMEO verb codes kept as diplomacy, with the CAMEO Manual's wording (lower-cased).
CAMEO_DIPLOMACY: dict[str, str] = {
    "036": "express intent to meet or negotiate",
    "040": "consult",
    "041": "discuss by telephone",
    "042": "make a visit",
    "043": "host a visit",
    "044": "meet at a third location",
    "045": "mediate",
    "046": "engage in negotiation",
}
# Travel codes become official visits; everything else is a meeting in our vocabulary.
VISIT_CODES = frozenset({"042", "043"})
# 036 is only an intention to meet, so the meeting is announced, not held.
INTENT_CODES = frozenset({"036"})

# FIPS 10-4 country code -> (ISO 3166 alpha-3, name), for every country of data/countries.csv.
FIPS_COUNTRIES: dict[str, tuple[str, str]] = {
    "KZ": ("KAZ", "Kazakhstan"),
    "KG": ("KGZ", "Kyrgyzstan"),
    "TI": ("TJK", "Tajikistan"),
    "TX": ("TKM", "Turkmenistan"),
    "UZ": ("UZB", "Uzbekistan"),
    "RS": ("RUS", "Russia"),
    "CH": ("CHN", "China"),
    "TU": ("TUR", "Turkey"),
    "US": ("USA", "United States"),
    "BE": ("BEL", "Belgium"),
    "GM": ("DEU", "Germany"),
    "FR": ("FRA", "France"),
    "UK": ("GBR", "United Kingdom"),
    "IT": ("ITA", "Italy"),
    "HU": ("HUN", "Hungary"),
    "JA": ("JPN", "Japan"),
    "KS": ("KOR", "South Korea"),
    "IN": ("IND", "India"),
    "PK": ("PAK", "Pakistan"),
    "AF": ("AFG", "Afghanistan"),
    "IR": ("IRN", "Iran"),
    "AJ": ("AZE", "Azerbaijan"),
    "AM": ("ARM", "Armenia"),
    "GG": ("GEO", "Georgia"),
    "BO": ("BLR", "Belarus"),
    "MG": ("MNG", "Mongolia"),
    "SA": ("SAU", "Saudi Arabia"),
    "AE": ("ARE", "United Arab Emirates"),
    "QA": ("QAT", "Qatar"),
    "KU": ("KWT", "Kuwait"),
    "MU": ("OMN", "Oman"),
    "BA": ("BHR", "Bahrain"),
    "SZ": ("CHE", "Switzerland"),
}
FIPS_TO_ISO3: dict[str, str] = {fips: iso3 for fips, (iso3, _) in FIPS_COUNTRIES.items()}
COUNTRY_NAMES: dict[str, str] = dict(FIPS_COUNTRIES.values())
CENTRAL_ASIA_FIPS = frozenset(f for f, iso3 in FIPS_TO_ISO3.items() if iso3 in CENTRAL_ASIA)

# CAMEO KnownGroupCode -> our actor id, for organisations coded as IGO<code> in the
# CAMEO Manual (table 3.4): European Union IGOEEC, Gulf Cooperation Council IGOGCC, CIS IGOCIS.
KNOWN_GROUP_ACTORS: dict[str, str] = {"EEC": "EU", "GCC": "GCC", "CIS": "CIS"}

_DIGITS = re.compile(r"[0-9]+")
_SQLDATE = re.compile(r"[0-9]{8}")
# A word: letters, with one apostrophe part ("Kazakhstan's"); hyphens split words.
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_HEADER_NAMES = {n: tuple(c.lower() for c in layout) for n, layout in LAYOUTS.items()}
_BOM = b"\xef\xbb\xbf"


def looks_like_gdelt(raw: bytes) -> bool:
    """True when the file reads as a GDELT event export; never raises.

    Accepted: the first non-empty line (after an optional header row of the documented
    column names, as BigQuery exports carry) is tab-separated with 61 fields (GDELT 2.0),
    58 (GDELT 1.0 daily files) or 57 (GDELT 1.0 backfile), a numeric GLOBALEVENTID and an
    8-digit SQLDATE. Undecodable or binary files are simply not GDELT.
    """
    if not isinstance(raw, bytes | bytearray):
        return False
    for index, line in enumerate(_first_lines(bytes(raw))):
        fields = line.split("\t")
        if index == 0 and _is_header(fields):
            continue
        return (
            len(fields) in LAYOUTS
            and bool(_DIGITS.fullmatch(fields[0].strip()))
            and bool(_SQLDATE.fullmatch(fields[1].strip()))
        )
    return False


def _first_lines(raw: bytes) -> Iterator[str]:
    """The first few non-empty lines, decoded; stops at the first that is not UTF-8 text."""
    data = raw[len(_BOM) :] if raw.startswith(_BOM) else raw
    start = 0
    for _ in range(1000):  # a sniff: blank lines before the data are few
        if start >= len(data):
            return
        end = data.find(b"\n", start)
        end = len(data) if end == -1 else end
        chunk = data[start:end].rstrip(b"\r")
        start = end + 1
        if b"\x00" in chunk:
            return
        try:
            line = chunk.decode("utf-8")
        except UnicodeDecodeError:
            return
        if line.strip():
            yield line


def _is_header(fields: list[str]) -> bool:
    names = _HEADER_NAMES.get(len(fields))
    return names is not None and tuple(f.strip().lower() for f in fields) == names


# ActionGeo_Type (GDELT 2.0 Event Codebook): 1 country, 2 US state, 3 US city, 4 world city,
# 5 world state (ADM1). How much a place of each type says about where a meeting was: a
# country alone (the centroid of the country) says least.
GEO_TYPES: dict[str, str] = {
    "1": "country only",
    "2": "state or province",
    "3": "city or landmark",
    "4": "city or landmark",
    "5": "state or province",
}
GEO_WEIGHT: dict[str, float] = {"1": 0.6, "2": 0.8, "5": 0.8, "3": 1.0, "4": 1.0}
UNKNOWN_GEO_WEIGHT = 0.5
# Counts in the file are trusted up to this; a larger or non-numeric value counts as 0.
MAX_COUNT = 10**9
# Weights of log(1 + count): distinct outlets say most that a meeting happened, articles
# next, mentions least (one article can mention an event many times).
SOURCES_WEIGHT, ARTICLES_WEIGHT, MENTIONS_WEIGHT = 0.5, 0.3, 0.2
# A merged candidate's evidence describes this many of its lines, then counts the rest.
MAX_LINES_DESCRIBED = 5
# The columns of GdeltRows.coded, aligned with GdeltRows.frame.
CODED_COLUMNS = (
    "event_code",
    "actor1",
    "actor2",
    "geo_type",
    "geo_name",
    "mentions",
    "sources",
    "articles",
)


def confidence(mentions: int, sources: int, articles: int, geo_type: str) -> float:
    """How far a GDELT event is to be trusted, in [0, 1), from what its line(s) carry.

    ``reports = 0.5 log(1+sources) + 0.3 log(1+articles) + 0.2 log(1+mentions)`` grows with
    each count and flattens (the tenth outlet adds less than the second); it becomes
    ``reports / (1 + reports)``, then is scaled by the place's precision
    (:data:`GEO_WEIGHT`: 1.0 for a city or landmark, 0.8 for a state or province, 0.6 for a
    country only, 0.5 unknown). So it never decreases when a count grows, and for the same
    counts a country-only place scores lower than a city. Negative counts count as 0.

    >>> confidence(30, 5, 12, "4") > confidence(30, 5, 12, "1") > confidence(1, 1, 1, "1")
    True
    """
    reports = (
        SOURCES_WEIGHT * math.log1p(max(sources, 0))
        + ARTICLES_WEIGHT * math.log1p(max(articles, 0))
        + MENTIONS_WEIGHT * math.log1p(max(mentions, 0))
    )
    return reports / (1.0 + reports) * GEO_WEIGHT.get(geo_type, UNKNOWN_GEO_WEIGHT)


def _count(value: str) -> int:
    """A count field as a number; empty, non-numeric or absurd values count as 0."""
    if _DIGITS.fullmatch(value) and len(value) <= 10:
        number = int(value)
        return number if number <= MAX_COUNT else 0
    return 0


def _coded(event: dict[str, str]) -> dict[str, str | int]:
    """What the line coded, kept for the review queue's evidence and confidence."""
    return {
        "event_code": event["EventCode"],
        "actor1": _actor_label(event, 1),
        "actor2": _actor_label(event, 2),
        "geo_type": event["ActionGeo_Type"],
        "geo_name": event["ActionGeo_FullName"],
        "mentions": _count(event["NumMentions"]),
        "sources": _count(event["NumSources"]),
        "articles": _count(event["NumArticles"]),
    }


@dataclass(frozen=True)
class GdeltRows:
    """What a GDELT file gave: rows in the one-file format (with their line in '_row'),
    lines that could not be read, and how many lines were skipped as not relevant.

    ``coded`` is aligned with ``frame``: per row, what its line coded (CODED_COLUMNS).
    """

    frame: pd.DataFrame
    problems: list[Problem]
    skipped: int
    coded: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CODED_COLUMNS))


def gdelt_rows(
    raw: bytes,
    file_label: str,
    actor_ids: set[str],
    log: ProblemLog | None = None,
    max_rows: int | None = None,
) -> GdeltRows:
    """GDELT rows that are diplomatic (CAMEO 036, 040-046) and involve a Central Asian state, as strings in the one-file import format (columns FILE_COLUMNS), plus problems for lines that could not be read.

    A line is read by its field count: 61 (GDELT 2.0) or 58 (GDELT 1.0 daily, no ADM2
    codes). Lines of any other width are problems, and so are relevant 57-field GDELT 1.0
    backfile lines, which have no source URL. Lines that are not diplomatic or do not involve
    Central Asia are skipped and counted. Rows whose host is unknown are kept so the
    caller's validation can say why they are rejected; a host FIPS code without an ISO3
    equivalent here is given as 'FIPS:XX'. A header row of the column names is ignored.

    Lines are read one at a time and counted before they are split, so memory follows the
    rows kept: more than ``max_rows`` of them stops the reading. Problems go to ``log``.
    Raises DataError for a file that is not UTF-8 text, is empty or has too many rows.
    """
    check_text(raw, file_label)
    if not re.search(rb"\S", raw):
        raise DataError([Problem(file_label, None, None, "is empty")])
    log = ProblemLog() if log is None else log
    values: dict[str, list[str]] = {column: [] for column in FILE_COLUMNS}
    coded: list[dict[str, str | int]] = []
    numbers: list[int] = []
    skipped = 0
    # Lines end at '\n' only (not splitlines()): fields may hold form feeds or U+2028, and
    # line numbers must match what an editor shows.
    for number, chunk in enumerate(io.BytesIO(raw), start=1):
        line = chunk.decode("utf-8").removesuffix("\n").removesuffix("\r")
        if number == 1:
            line = line.removeprefix("\ufeff")
        if not line.strip():
            continue
        width = line.count("\t") + 1
        layout = LAYOUTS.get(width)
        if layout is None:
            log.add(
                Problem(
                    file_label,
                    number,
                    None,
                    f"has {width:,} fields, a GDELT 2.0 event line has {len(GDELT_COLUMNS)}",
                )
            )
            continue
        fields = line.split("\t")
        if _is_header(fields):
            continue
        event = dict(zip(layout, (f.strip() for f in fields), strict=True))
        if not _relevant(event):
            skipped += 1
            continue
        if "SOURCEURL" not in event:
            log.add(
                Problem(
                    file_label,
                    number,
                    None,
                    "has 57 fields: a GDELT 1.0 backfile line, which has no source URL; "
                    "use a GDELT 2.0 export (61 fields)",
                )
            )
            continue
        if max_rows is not None and len(numbers) >= max_rows:
            raise too_many_rows(file_label, max_rows, "diplomatic events")
        row = _row(event, actor_ids)
        for column, kept in values.items():
            kept.append(row[column])
        numbers.append(number)
        coded.append(_coded(event))
    frame = pd.DataFrame({c: pd.Series(v, dtype="str") for c, v in values.items()})
    frame["_row"] = np.array(numbers, dtype=np.int64)
    return GdeltRows(frame, log.kept, skipped, pd.DataFrame(coded, columns=list(CODED_COLUMNS)))


@dataclass(frozen=True)
class GdeltEvents:
    """GDELT rows with repeats merged: one row per meeting (the first line's, '_row' its
    line), with the lines it merges, its confidence and its evidence in words."""

    frame: pd.DataFrame
    lines: list[list[int]]
    confidence: list[float]
    evidence: list[str]
    merged: int


def merge_repeats(read: GdeltRows) -> GdeltEvents:
    """Lines that code the same meeting (the duplicate rule, components.core.eventkey) become one.

    GDELT codes a meeting many times: from each side (042 and 043), in each article. The
    merged row keeps the first line's fields; its counts are the lines' sums (an upper
    bound, since lines can share articles) and its place type the most precise of them, so
    a meeting coded again gains confidence instead of vanishing. Rows without a known actor
    have no actor set to compare and are never merged.
    """
    frame, coded = read.frame.reset_index(drop=True), read.coded.reset_index(drop=True)
    legs = pd.DataFrame(
        [
            (event_id, actor)
            for event_id, cell in zip(frame["event_id"], frame[PARTICIPANTS_COLUMN], strict=True)
            for actor, *_ in split_participants(cell)
        ],
        columns=["event_id", "actor_id"],
    )
    groups: dict[tuple[str, str, int] | int, list[int]] = {}
    for index, key in enumerate(key_tuples(event_keys(frame, legs))):
        groups.setdefault(key if key[2] != 0 else index, []).append(index)
    firsts = [members[0] for members in groups.values()]
    lines, scores, evidence = [], [], []
    for members in groups.values():
        part = coded.iloc[members]
        totals = {c: int(part[c].sum()) for c in ("mentions", "sources", "articles")}
        geo = max(part["geo_type"], key=lambda t: GEO_WEIGHT.get(t, UNKNOWN_GEO_WEIGHT))
        numbers = [int(n) for n in frame["_row"].iloc[members]]
        lines.append(numbers)
        scores.append(confidence(totals["mentions"], totals["sources"], totals["articles"], geo))
        evidence.append(_evidence(numbers, part, totals))
    return GdeltEvents(
        frame.iloc[firsts].reset_index(drop=True),
        lines,
        scores,
        evidence,
        merged=len(frame) - len(firsts),
    )


def _evidence(numbers: list[int], part: pd.DataFrame, totals: dict[str, int]) -> str:
    """What the lines coded, in words: code, actors, place and its type, counts."""
    described = []
    shown = list(zip(numbers, part.to_dict("records"), strict=True))[:MAX_LINES_DESCRIBED]
    for number, line in shown:
        code = str(line["event_code"])
        actors = " and ".join(a for a in (line["actor1"], line["actor2"]) if a) or "no actors"
        geo = GEO_TYPES.get(str(line["geo_type"]), "place type unknown")
        described.append(
            f"GDELT line {number}: {code} '{CAMEO_DIPLOMACY.get(code, code)}', {actors}; "
            f"place {line['geo_name'] or 'not given'} ({geo}); "
            f"{line['mentions']} mentions, {line['sources']} sources, {line['articles']} articles."
        )
    if len(numbers) > MAX_LINES_DESCRIBED:
        described.append(f"... and {len(numbers) - MAX_LINES_DESCRIBED} more lines.")
    if len(numbers) > 1:
        described.append(
            f"Merged {len(numbers)} lines coding the same meeting: together "
            f"{totals['mentions']} mentions, {totals['sources']} sources, "
            f"{totals['articles']} articles."
        )
    return " ".join(described)


def _relevant(event: dict[str, str]) -> bool:
    """Diplomatic, and a Central Asian state acts or hosts."""
    if event["EventCode"] not in CAMEO_DIPLOMACY:
        return False
    return (
        event["Actor1CountryCode"] in CENTRAL_ASIA
        or event["Actor2CountryCode"] in CENTRAL_ASIA
        or event["ActionGeo_CountryCode"] in CENTRAL_ASIA_FIPS
    )


def _row(event: dict[str, str], actor_ids: set[str]) -> dict[str, str]:
    code = event["EventCode"]
    description = CAMEO_DIPLOMACY[code]
    fips = event["ActionGeo_CountryCode"]
    host_iso3 = FIPS_TO_ISO3.get(fips, f"FIPS:{fips}" if fips else "")
    country_name = COUNTRY_NAMES.get(host_iso3, "")
    city = event["ActionGeo_FullName"].split(",")[0].strip() or country_name
    date = _date(event["SQLDATE"])
    actors = [n for n in (1, 2) if _actor_label(event, n)]
    titles = list(dict.fromkeys(_title_case(_actor_label(event, n)) for n in actors))
    shown = list(dict.fromkeys(_actor_label(event, n) for n in actors))
    source_url = event["SOURCEURL"]
    goldstein = event["GoldsteinScale"]
    return {
        "event_id": f"gdelt-{event['GLOBALEVENTID']}",
        "start_date": date,
        "end_date": date,
        "event_type": "official_visit" if code in VISIT_CODES else "meeting",
        "status": "announced" if code in INTENT_CODES else "held",
        # GDELT does not code rank: every row starts at the leader level, for review.
        "level": "leader",
        "format": "",
        "host_iso3": host_iso3,
        "city": city,
        "lat": _coordinate(event["ActionGeo_Lat"]),
        "lon": _coordinate(event["ActionGeo_Long"]),
        "title": f"{' – '.join(titles) or country_name or 'Unnamed actors'}: "
        f"{description} (GDELT {code})",
        "summary": _summary(description, shown, event["NumArticles"]),
        "source_url": source_url,
        "source_name": _domain(source_url) or "GDELT",
        "parent_event_id": "",
        "notes": f"Imported from GDELT (EventCode {code}"
        + (f", GoldsteinScale {goldstein})" if goldstein else ")"),
        PARTICIPANTS_COLUMN: "; ".join(f"{a}||" for a in _participants(event, actor_ids)),
    }


def _actor_label(event: dict[str, str], n: int) -> str:
    """GDELT's name for actor n, else its country's name, else its raw CAMEO code."""
    return (
        event[f"Actor{n}Name"]
        or COUNTRY_NAMES.get(event[f"Actor{n}CountryCode"], "")
        or event[f"Actor{n}Code"]
    )


def _title_case(name: str) -> str:
    """GDELT's upper-case names for a title: 'KASSYM-JOMART TOKAYEV' -> 'Kassym-Jomart Tokayev'."""
    return _WORD.sub(lambda m: m[0].capitalize(), name)


def _participants(event: dict[str, str], actor_ids: set[str]) -> list[str]:
    found: list[str] = []
    for n in (1, 2):
        country = event[f"Actor{n}CountryCode"]
        group = KNOWN_GROUP_ACTORS.get(event[f"Actor{n}KnownGroupCode"], "")
        for candidate in (country, group):
            if candidate and candidate in actor_ids and candidate not in found:
                found.append(candidate)
                break
    return found


def _summary(description: str, names: list[str], articles: str) -> str:
    if len(names) >= 2:
        who = f" between {names[0]} and {names[1]}"
    elif names:
        who = f" involving {names[0]}"
    else:
        who = ""
    reported = ""
    # The length cap keeps int() clear of Python's limit on digits in a string.
    if _DIGITS.fullmatch(articles) and len(articles) <= 12:
        count = int(articles)
        reported = f", reported in {count} article{'' if count == 1 else 's'}"
    article = "an" if description[0] in "aeiou" else "a"
    return f"GDELT coded {article} '{description}' event{who}{reported}."


def _date(sqldate: str) -> str:
    """YYYYMMDD as YYYY-MM-DD; anything else unchanged, for validation to report."""
    if _SQLDATE.fullmatch(sqldate):
        return f"{sqldate[:4]}-{sqldate[4:6]}-{sqldate[6:]}"
    return sqldate


def _coordinate(value: str) -> str:
    """A degree value with at most four decimals (like the export), or the text as given."""
    try:
        number = float(value)
    except ValueError:
        return value
    if not math.isfinite(number):
        return value
    return f"{number:.4f}".rstrip("0").rstrip(".")


def _domain(url: str) -> str:
    try:
        host = urlparse(url).hostname or ""
    except ValueError:  # e.g. an unbalanced '[' read as an IPv6 literal
        return ""
    return host.removeprefix("www.")
