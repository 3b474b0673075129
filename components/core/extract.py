"""Propose candidate events from a news article: who met whom, where, when, and in what status.

Pure: no Streamlit. Rules, not a model: the knowledge comes from the dataset itself (actors
and their names, capitals, the cities of its events with their coordinates, the people of
its participants table and their offices, its summit formats) plus the hand-maintained name
variants in ``extract_aliases.json`` beside this file. Nothing is downloaded.

The steps: read the article (plain text or saved HTML, with ``URL:`` and ``PUBLISHED:``
header lines honoured), split it into sentences, find mentions (people, countries and their
demonyms, cities, organisations, the five Central Asian states named together), dates
(components.core.dates) and event words (visit, summit, talks, calls), build one candidate
per event word, then merge the candidates that describe the same event and drop those with
no Central Asian party.

Examples
--------
>>> from datetime import date
>>> events = extract_events(
...     "President Kassym-Jomart Tokayev will pay a state visit to Tajikistan on Aug. 22-23.",
...     published=date(2024, 8, 19),
... )
>>> [(e.host_iso3, e.actors, e.start_date, e.status) for e in events]
[('TJK', ['KAZ'], '2024-08-22', 'announced')]
"""

from __future__ import annotations

import csv
import html
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from components.core.dates import DateExpr, find_dates, sentence_tense
from components.core.schema import CENTRAL_ASIA

ALIASES_FILE = Path(__file__).with_name("extract_aliases.json")
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
C5 = frozenset(CENTRAL_ASIA)
VISIT_KINDS = ("state_visit", "official_visit", "working_visit", "visit")
# Organisations whose own summit they host: they are the format, not a party.
FORMAT_ORGS = ("SCO", "CIS", "CSTO", "EAEU", "OTS", "CICA", "ECO", "BRICS", "Caspian summit")


# ---------------------------------------------------------------- knowledge


@dataclass(frozen=True)
class City:
    name: str
    iso3: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Entry:
    """One name to look for: its pattern and what a match means."""

    kind: str  # person, country, org, city, group
    code: str  # actor id, ISO3, organisation id, city name, 'C5'
    pattern: re.Pattern[str]
    level: str = ""  # leader or minister, for people


@dataclass(frozen=True)
class Knowledge:
    """Everything the extractor knows, built once from a data folder and the alias file."""

    entries: tuple[Entry, ...]
    cities: dict[str, City]
    capitals: dict[str, str]
    actor_names: dict[str, str]
    countries: frozenset[str]
    titles: dict[str, re.Pattern[str]]
    cues: dict[str, re.Pattern[str]]
    triggers: tuple[tuple[str, re.Pattern[str]], ...]
    exclusion_after: re.Pattern[str]
    exclusion_before: re.Pattern[str]
    speech: re.Pattern[str]
    hypothetical: re.Pattern[str]
    vague: re.Pattern[str]
    formats: dict[str, str] = field(default_factory=dict)


def _alias_pattern(alias: str) -> str:
    """Regex for one alias: '*' ends a stem; spaces match any whitespace; hyphens any dash."""
    parts = []
    for ch in alias:
        if ch == "*":
            parts.append(r"\w*")
        elif ch == " ":
            parts.append(r"\s+")
        elif ch in "-–—":
            parts.append(r"[-–—‑]\s*")
        elif ch in "'’":
            parts.append(r"['’]")
        else:
            parts.append(re.escape(ch))
    body = "".join(parts)
    return rf"(?<![\w]){body}(?![\w])" if not body.endswith(".") else rf"(?<![\w]){body}"


def _compile(alias: str) -> re.Pattern[str]:
    core = alias.rstrip("*")
    # Short or all-capital names are matched as written ("US" is not "us", "Xi" not "xi").
    sensitive = len(core) <= 3 or core.isupper() or core in ("Xi", "Modi")
    return re.compile(_alias_pattern(alias), 0 if sensitive else re.IGNORECASE)


def _cue_regex(words: list[str]) -> re.Pattern[str]:
    parts = sorted((_alias_pattern(w) for w in words), key=len, reverse=True)
    return re.compile("|".join(parts), re.IGNORECASE)


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def build_knowledge(
    data_dir: Path = DEFAULT_DATA_DIR, aliases_file: Path = ALIASES_FILE
) -> Knowledge:
    """Knowledge from a data folder in the dataset's format and the alias file."""
    return knowledge_from_tables(
        actors=_read_csv(data_dir / "actors.csv"),
        countries=_read_csv(data_dir / "countries.csv"),
        events=_read_csv(data_dir / "events.csv"),
        participants=_read_csv(data_dir / "participants.csv"),
        aliases_file=aliases_file,
    )


def knowledge_from_tables(
    actors: list[dict[str, str]],
    countries: list[dict[str, str]],
    events: list[dict[str, str]],
    participants: list[dict[str, str]],
    aliases_file: Path = ALIASES_FILE,
) -> Knowledge:
    """Knowledge from the rows of the dataset's tables (strings, as in the CSV files)."""
    aliases = json.loads(aliases_file.read_text(encoding="utf-8"))
    actor_names = {a["actor_id"]: a["name"] for a in actors}
    country_codes = frozenset(c["iso3"] for c in countries)
    entries: list[Entry] = []

    # People: the participants table (surname and full name), then the alias file.
    people: dict[str, tuple[str, str]] = {}
    for row in participants:
        person = (row.get("person") or "").strip()
        if not person or row["actor_id"] not in actor_names:
            continue
        level = _level_of_role(row.get("role", ""))
        if level:
            people.setdefault(person, (row["actor_id"], level))
    for canonical, spec in aliases["people"].items():
        if canonical.startswith("_"):
            continue
        people[canonical] = (spec[0], spec[1])
    person_aliases: dict[str, set[str]] = {}
    for canonical, (_actor, _level) in people.items():
        names = {canonical}
        words = canonical.replace("-", " ").split()
        # The surname alone, when it is distinctive (not 'Al', 'bin', 'Costa' is kept).
        if len(words) >= 2 and len(words[-1]) >= 4 and not words[-1][0].islower():
            names.add(words[-1])
        person_aliases[canonical] = names
    for canonical, spec in aliases["people"].items():
        if not canonical.startswith("_"):
            person_aliases[canonical].update(spec[2:])
    for canonical, names in person_aliases.items():
        actor, level = people[canonical]
        for name in names:
            entries.append(Entry("person", actor, _compile(name), level))

    # Countries and actors: names from the data, variants from the alias file.
    for row in actors:
        code = row["actor_id"]
        names = {row["name"]}
        names.update(aliases["actors"].get(code, []))
        kind = "org" if code in aliases["organisations"] else "country"
        for name in names:
            entries.append(Entry(kind, code, _compile(name)))
    for row in countries:
        if row["iso3"] in actor_names:
            continue
        for name in {row["name"], *aliases["countries"].get(row["iso3"], [])}:
            entries.append(Entry("country", row["iso3"], _compile(name)))
    for code, names in aliases["organisations"].items():
        for name in names:
            entries.append(Entry("org", code, _compile(name)))

    # Cities: capitals, the events' cities with coordinates, and the alias file's places.
    cities: dict[str, City] = {}
    capitals: dict[str, str] = {}
    for row in countries:
        cities[row["capital"]] = City(
            row["capital"], row["iso3"], float(row["lat"]), float(row["lon"])
        )
        capitals[row["iso3"]] = row["capital"]
    for row in events:
        name = row.get("city", "").strip()
        if name and name not in cities and row.get("host_iso3") in country_codes:
            try:
                cities[name] = City(name, row["host_iso3"], float(row["lat"]), float(row["lon"]))
            except ValueError:
                continue
    city_aliases: dict[str, set[str]] = {name: {name} for name in cities}
    for name, spec in aliases["cities"].items():
        if name.startswith("_"):
            continue
        iso3, lat, lon, *variants = spec
        cities.setdefault(name, City(name, iso3, float(lat), float(lon)))
        city_aliases.setdefault(name, {name}).update(variants)
    for name, variants in city_aliases.items():
        for variant in variants:
            entries.append(Entry("city", name, _compile(variant)))

    for pattern in aliases["groups"]["patterns"]:
        entries.append(Entry("group", "C5", re.compile(pattern, re.IGNORECASE)))

    titles = {level: _cue_regex(words) for level, words in aliases["titles"].items()}
    cues = {name: _cue_regex(words) for name, words in aliases["status"].items()}
    triggers = tuple(
        (kind, _cue_regex(words))
        for kind, words in aliases["triggers"].items()
        if not kind.startswith("_")
    )
    formats = _formats(events, participants)
    return Knowledge(
        entries=tuple(entries),
        cities=cities,
        capitals=capitals,
        actor_names=actor_names,
        countries=country_codes,
        titles=titles,
        cues=cues,
        triggers=triggers,
        exclusion_after=_cue_regex(aliases["exclusion"]["after_party"]),
        exclusion_before=_cue_regex(aliases["exclusion"]["before_party"]),
        speech=_cue_regex(aliases["speech"]),
        hypothetical=_cue_regex(aliases["hypothetical"]),
        vague=_cue_regex(aliases["vague"]),
        formats=formats,
    )


def _level_of_role(role: str) -> str:
    low = role.lower()
    if any(
        w in low
        for w in ("deputy", "vice", "secretary general", "special representative", "acting deputy")
    ):
        return ""
    if "foreign" in low or "external affairs" in low:
        return "minister"
    if any(
        w in low
        for w in ("president", "prime minister", "chancellor", "emir", "king", "leader", "chairman")
    ):
        return "leader"
    return ""


def _formats(events: list[dict[str, str]], participants: list[dict[str, str]]) -> dict[str, str]:
    """Each summit format of the dataset and its outside counterpart (the '+1'), if any."""
    by_event: dict[str, set[str]] = {}
    for row in participants:
        by_event.setdefault(row["event_id"], set()).add(row["actor_id"])
    counterparts: dict[str, set[str] | None] = {}
    for row in events:
        fmt = row.get("format", "").strip()
        if not fmt:
            continue
        outside = by_event.get(row["event_id"], set()) - C5
        counterparts[fmt] = (
            outside if counterparts.get(fmt) is None else counterparts[fmt] & outside
        )
    return {fmt: sorted(c)[0] if c and len(c) == 1 else "" for fmt, c in counterparts.items()}


@lru_cache(maxsize=4)
def default_knowledge(data_dir: str = str(DEFAULT_DATA_DIR)) -> Knowledge:
    """The knowledge of a data folder, built once per process."""
    return build_knowledge(Path(data_dir))


# ---------------------------------------------------------------- reading an article


@dataclass(frozen=True)
class Article:
    text: str
    url: str | None = None
    published: date | None = None
    title: str = ""


class _TextOfHtml(HTMLParser):
    _SKIP = frozenset(
        {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg"}
    )
    _BLOCK = frozenset(
        {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section", "article", "title"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.meta: dict[str, str] = {}
        self.canonical = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag in self._SKIP:
            self.skip += 1
        elif tag == "meta":
            key = values.get("property") or values.get("name") or values.get("itemprop") or ""
            if key:
                self.meta[key.lower()] = values.get("content", "")
        elif tag == "link" and values.get("rel", "").lower() == "canonical":
            self.canonical = values.get("href", "")
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.skip:
            self.skip -= 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


_DATE_IN_TEXT = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _parse_iso(value: str | None) -> date | None:
    match = _DATE_IN_TEXT.search(value or "")
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def looks_like_html(raw: str) -> bool:
    head = raw.lstrip()[:2000].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in raw)


def read_article(raw: str, published: date | None = None, url: str | None = None) -> Article:
    """The article's text, URL and publication date from plain text or saved HTML.

    Arguments win over what the file says; in a text file, leading ``URL:``, ``PUBLISHED:``
    (also ``DATE:``) and ``TITLE:`` lines are read and removed; in HTML the canonical link
    and the usual publication-time meta tags are read.
    """
    file_url: str | None = None
    file_date: date | None = None
    title = ""
    if looks_like_html(raw):
        parser = _TextOfHtml()
        parser.feed(raw)
        text = "".join(parser.parts)
        meta = parser.meta
        file_url = parser.canonical or meta.get("og:url") or None
        for key in (
            "article:published_time",
            "datepublished",
            "pubdate",
            "date",
            "dc.date",
            "og:published_time",
        ):
            file_date = file_date or _parse_iso(meta.get(key))
        title = meta.get("og:title", "")
    else:
        lines = raw.splitlines()
        body_start = 0
        for index, line in enumerate(lines):
            stripped = line.strip()
            key, _, value = stripped.partition(":")
            if not stripped and index == body_start:
                body_start = index + 1
                continue
            if key.upper() in ("URL", "SOURCE") and value.strip():
                file_url = value.strip()
            elif key.upper() in ("PUBLISHED", "DATE"):
                file_date = _parse_iso(value)
            elif key.upper() == "TITLE":
                title = value.strip()
            else:
                break
            body_start = index + 1
        text = "\n".join(lines[body_start:])
    return Article(
        text=normalise(html.unescape(text) if "&" in text else text),
        url=url or file_url,
        published=published or file_date,
        title=title,
    )


def normalise(text: str) -> str:
    """NFC text with the odd spaces and hyphens of web pages made plain."""
    text = unicodedata.normalize("NFC", text)
    text = (
        text.replace("\u00ad", "")
        .replace("\u2011", "-")
        .replace("\u00a0", " ")
        .replace("\u202f", " ")
    )
    text = re.sub(r"[ \t]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


_ABBREVIATIONS = re.compile(
    r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|St|No|U\.S|U\.K|Gen|Sen|Rep|Prof|Jr|vs|г|ул|им)\.$"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of a text; line breaks end sentences too."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"[.!?…]+[\"'”»)]*\s+|\n+", text):
        end = match.start() + len(match.group(0).rstrip())
        piece = text[start:end]
        if (
            match.group(0).strip()
            and match.group(0)[0] == "."
            and _ABBREVIATIONS.search(text[start : match.start() + 1])
        ):
            continue
        # A full stop after an initial ("S. Lavrov") does not end a sentence.
        if re.search(r"(?:^|\s)[A-ZА-Я]\.$", text[start : match.start() + 1]):
            continue
        if piece.strip():
            spans.append((start, end))
        start = match.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


# ---------------------------------------------------------------- mentions


@dataclass(frozen=True)
class Mention:
    kind: str  # person, country, org, city, group
    code: str
    begin: int
    end: int
    text: str
    level: str = ""
    titled: str = ""  # leader, minister or below, when a title sits next to the name
    location: int = 0  # 2: 'in X', 'to X', 'в X'; 1: a bare city name; 0: not a place
    compound: bool = False  # 'Russia-led', 'Kazakh-Turkish': a modifier, not a party
    listed: int = 1  # length of the list of countries this name stands in


_LOCATION_BEFORE = re.compile(
    r"(?:\b(?:in|to|into|at|inside|visit|visits|visiting|visited|toured|tour of|trip to|arrived in|arrive in|"
    r"arrives in|landed in|hosted in|held in|capital of|the city of|head to|heading to|travel to|fly to|"
    r"leave for|left for|в|во|на|посетит|посетил|посетить|город)\s+(?:the\s+)?(?:neighbou?ring\s+)?)$",
    re.IGNORECASE,
)
_ORIGIN_BEFORE = re.compile(r"\b(?:from|left|leaving|departed|из)\s+(?:the\s+)?$", re.IGNORECASE)


def find_mentions(text: str, knowledge: Knowledge) -> list[Mention]:
    """Names in the text, longest first where they overlap, each flagged with its title."""
    raw: list[tuple[int, int, Entry, str]] = []
    for entry in knowledge.entries:
        for match in entry.pattern.finditer(text):
            if match.end() > match.start():
                raw.append((match.start(), match.end(), entry, match.group(0)))
    raw.sort(key=lambda r: (-(r[1] - r[0]), r[0]))
    taken: list[tuple[int, int]] = []
    kept: list[tuple[int, int, Entry, str]] = []
    for item in raw:
        if any(not (item[1] <= a or item[0] >= b) for a, b in taken):
            continue
        taken.append((item[0], item[1]))
        kept.append(item)
    kept.sort(key=lambda r: r[0])
    mentions = []
    for begin, end, entry, surface in kept:
        before = text[max(0, begin - 40) : begin]
        after = text[end : end + 12]
        location = 0
        if (entry.kind in ("country", "city") and _LOCATION_BEFORE.search(before)) or (
            entry.kind == "country" and _capital_after(text, end)
        ):
            location = 2
        elif entry.kind == "city" and not re.match(r"['’]s\b|\s+(?:said|says|and\s+[A-Z])", after):
            location = 1
        if _ORIGIN_BEFORE.search(before):
            location = 0
        compound = bool(re.match(r"[-–—‑]\s*[\w]", after)) and entry.kind in ("country", "org")
        mentions.append(
            Mention(
                kind=entry.kind,
                code=entry.code,
                begin=begin,
                end=end,
                text=surface,
                level=entry.level,
                titled=_title_near(text, begin, end, knowledge)
                if entry.kind in ("country", "person")
                else "",
                location=location,
                compound=compound,
            )
        )
    return _propagate_lists(text, mentions)


def _propagate_lists(text: str, mentions: list[Mention]) -> list[Mention]:
    """Countries listed together share the first one's title: 'Leaders of Belarus, Kazakhstan and Armenia'."""
    out = list(mentions)
    index = 0
    while index < len(out):
        chain = [index]
        j = index
        while j + 1 < len(out):
            a, b = out[j], out[j + 1]
            between = text[a.end : b.begin]
            # 'Azerbaijan Ilham Aliyev, Kazakhstan Kassym-Jomart Tokayev, ...': a person may sit between.
            if (
                b.kind in ("country", "person")
                and a.kind in ("country", "person")
                and re.fullmatch(
                    r"\s*(?:,|,?\s*and|,?\s*и|&|,\s*as well as)\s*(?:the\s+)?", between
                )
            ) or (a.kind == "country" and b.kind == "person" and re.fullmatch(r"\s+", between)):
                chain.append(j + 1)
                j += 1
            else:
                break
        countries = [k for k in chain if out[k].kind == "country"]
        if len(countries) >= 2:
            title = next((out[k].titled for k in chain if out[k].titled), "")
            for k in chain:
                out[k] = replace(out[k], listed=len(countries), titled=out[k].titled or title)
        index = chain[-1] + 1
    return out


def _capital_after(text: str, end: int) -> bool:
    return bool(re.match(r"['’]?s?\s+(?:capital|столиц)", text[end : end + 20], re.IGNORECASE))


def _title_near(text: str, begin: int, end: int, knowledge: Knowledge) -> str:
    """'leader', 'minister' or 'below' when a title stands right before or after a name."""
    after = text[end : end + 45]
    before = text[max(0, begin - 45) : begin]
    after_match = re.match(r"(?:['’]s)?\s+(?:new\s+|former\s+|then\s+|the\s+)?(.{0,40})", after)
    before_match = re.search(r"(.{0,40}?)\s+(?:of\s+(?:the\s+)?)?$", before)
    for level in ("below", "minister", "leader"):
        pattern = knowledge.titles[level]
        if after_match and pattern.match(after_match.group(1)):
            return level
        if before_match:
            tail = before_match.group(1)
            for found in pattern.finditer(tail):
                rest = tail[found.end() :].strip(" ,")
                if rest in ("", "of", "of the") or re.fullmatch(
                    r"of the Republic of|Republic of", rest
                ):
                    return level
    return ""


# ---------------------------------------------------------------- candidates


@dataclass
class Candidate:
    kind: str  # visit, summit, meeting, attend
    event_type: str
    sentence: int
    trigger_at: int
    host: str | None = None
    city: str | None = None
    parties: set[str] = field(default_factory=set)
    visitors: set[str] = field(default_factory=set)
    people: list[str] = field(default_factory=list)
    date: DateExpr | None = None
    date_from_context: bool = False
    status: str = ""
    level: str = "leader"
    format: str = ""
    evidence: list[int] = field(default_factory=list)
    absent: set[str] = field(default_factory=set)
    leg: int = 0
    closed: bool = False  # a 'X–Central Asia' format: its parties are fixed
    vague: bool = False


@dataclass(frozen=True)
class ExtractedEvent:
    """One candidate event, in the fields the review queue and the CLI show."""

    start_date: str
    end_date: str
    date_precision: str
    status: str
    host_iso3: str | None
    city: str | None
    actors: list[str]
    people: list[str]
    event_type: str
    level: str
    confidence: float
    evidence: str
    format: str = ""
    lat: float | None = None
    lon: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _trigger_hits(sentence: str, knowledge: Knowledge) -> list[tuple[str, int]]:
    hits = []
    for kind, pattern in knowledge.triggers:
        for match in pattern.finditer(sentence):
            hits.append((kind, match.start()))
    return sorted(hits, key=lambda h: h[1])


def _status_of(sentence: str, knowledge: Knowledge) -> str:
    if knowledge.cues["cancelled"].search(sentence):
        return "cancelled"
    if knowledge.cues["postponed"].search(sentence):
        return "postponed"
    return ""


_UPCOMING = re.compile(r"\b(?:upcoming|forthcoming|next|предстоящ\w*|будущ\w*)\s+$", re.IGNORECASE)


def _event_dates(dates: list[DateExpr], sentence: str, knowledge: Knowledge) -> list[DateExpr]:
    """The dates of a sentence that can date an event: not when something was said, not an end alone."""
    out = []
    for expr in dates:
        before = sentence[max(0, expr.begin - 50) : expr.begin]
        if knowledge.speech.search(before) and not re.search(
            r"\b(?:visit|summit|meeting|talks|held|take place|визит|саммит)\w*\b",
            before,
            re.IGNORECASE,
        ):
            continue
        if re.search(r"\b(?:until|till|last until|по|до)\s+$", before, re.IGNORECASE):
            continue
        # A dateline in brackets: '(APP - 22nd Nov, 2019)'.
        if sentence.rfind("(", 0, expr.begin) > sentence.rfind(")", 0, expr.begin) and re.search(
            r"\)", sentence[expr.stop : expr.stop + 6]
        ):
            continue
        out.append(expr)
    return out


def _pick_date(
    dates: list[DateExpr], anchor: int, upcoming: bool, published: date | None
) -> DateExpr | None:
    """The date nearest the event word (after it preferred), most precise first."""
    usable = [d for d in dates if not (upcoming and published and d.end < published)]
    if not usable:
        return None
    scored = []
    for expr in usable:
        distance = expr.begin - anchor if expr.begin >= anchor else (anchor - expr.stop) * 1.5
        precision_penalty = {"day": 0, "week": 40, "month": 60, "year": 120}[expr.precision]
        scored.append((distance + precision_penalty, expr))
    scored.sort(key=lambda s: s[0])
    return scored[0][1]


def _parties(mentions: list[Mention]) -> list[Mention]:
    return [
        m
        for m in mentions
        if m.kind in ("person", "country") and m.titled != "below" and not m.compound
    ]


def _strong(mention: Mention) -> bool:
    return mention.kind == "person" or mention.titled in ("leader", "minister")


def _host_from(
    mentions: list[Mention], anchor: int, knowledge: Knowledge
) -> tuple[str | None, str | None]:
    """(host ISO3, city) from the place mentions nearest after the event word, else before it."""
    for strength in (2, 1):
        places = [m for m in mentions if m.location >= strength and m.kind in ("city", "country")]
        if not places:
            continue
        after = [m for m in places if m.begin >= anchor]
        chosen = after[0] if after else places[-1]
        if chosen.kind == "city":
            city = knowledge.cities[chosen.code]
            return city.iso3, city.name
        # 'the Kazakh capital': the capital city of that country.
        return chosen.code, None
    return None, None


_INVITATION = re.compile(r"(?:at the invitation of|invited by|по приглашению)\s+", re.IGNORECASE)


def _host_by_invitation(sentence: str, mentions: list[Mention]) -> str | None:
    match = _INVITATION.search(sentence)
    if not match:
        return None
    following = [m for m in _parties(mentions) if 0 <= m.begin - match.end() <= 60]
    return following[0].code if following else None


def _destinations(
    mentions: list[Mention], anchor: int, sentence: str, knowledge: Knowledge
) -> list[tuple[str, str | None]]:
    """Countries listed right after a visit word: 'visit Kazakhstan, Uzbekistan and Mongolia'."""
    after = [
        m
        for m in mentions
        if m.begin >= anchor and m.kind in ("country", "city") and m.titled != "below"
    ]
    if not after:
        return []
    first = after[0]
    gap_to_first = sentence[anchor : first.begin]
    if len(gap_to_first) > 40 or re.search(r"[.;]", gap_to_first):
        return []
    chain = [first]
    for mention in after[1:]:
        between = sentence[chain[-1].end : mention.begin]
        if re.fullmatch(r"\s*(?:,|,?\s*and|,?\s*и|&)\s*", between):
            chain.append(mention)
        else:
            break
    if len(chain) < 2:
        return []
    out: list[tuple[str, str | None]] = []
    for mention in chain:
        if mention.kind == "city":
            city = knowledge.cities[mention.code]
            out.append((city.iso3, city.name))
        else:
            out.append((mention.code, None))
    return list(dict.fromkeys(out))


def _visit_type(kind: str) -> str:
    return kind if kind in ("state_visit", "official_visit", "working_visit") else "visit"


_ATTENDING = re.compile(
    r"\b(?:attend\w*|meet|met|gather\w*|came|come|arriv\w*|present|showed up|took part|participat\w*|"
    r"assembled|signed|присутств\w*|участ\w*|собрал\w*)\b",
    re.IGNORECASE,
)


def _excluded(sentence: str, mentions: list[Mention], knowledge: Knowledge) -> set[str]:
    """Parties said to stay away: 'all except the Turkmen president', 'X skipped the summit'."""
    out: set[str] = set()
    for match in knowledge.exclusion_before.finditer(sentence):
        if not _ATTENDING.search(sentence[max(0, match.start() - 80) : match.start() + 80]):
            continue
        following = [m for m in _parties(mentions) if 0 <= m.begin - match.end() <= 20]
        if following:
            out.add(following[0].code)
    for match in knowledge.exclusion_after.finditer(sentence):
        # The one who stays away is the subject: the nearest person or titled name before.
        preceding = [
            m
            for m in _parties(mentions)
            if 0 <= match.start() - m.end <= 160 and _strong(m) and not m.location
        ]
        if preceding:
            out.add(preceding[-1].code)
    return out


def _summit_members(mentions: list[Mention]) -> set[str]:
    """Parties of a summit sentence: people and titled names, and countries listed three or more."""
    members = set()
    for m in _parties(mentions):
        if _strong(m) or m.listed >= 3 or m.location == 2:
            members.add(m.code)
    return members


def _candidates_of_sentence(
    index: int,
    sentence: str,
    mentions: list[Mention],
    dates: list[DateExpr],
    knowledge: Knowledge,
    context_visitor: set[str],
    published: date | None,
) -> list[Candidate]:
    hits = _trigger_hits(sentence, knowledge)
    if not hits or knowledge.hypothetical.search(sentence):
        return []
    kinds = {k for k, _ in hits}
    video = False
    if kinds & {"call", "video"}:
        call_at = min(at for k, at in hits if k in ("call", "video"))
        video = "video" in kinds and "summit" in kinds and call_at >= 0
        if not video:
            # A phone call is no event for the map, and the date in its sentence is the call's.
            return []
    kinds = {k for k, _ in hits}
    status = _status_of(sentence, knowledge)
    vague = bool(knowledge.vague.search(sentence))
    dates = _event_dates(dates, sentence, knowledge)
    parties = _parties(mentions)
    strong = [m for m in parties if _strong(m)]
    orgs = [m for m in mentions if m.kind == "org"]
    groups = [m for m in mentions if m.kind == "group"]
    leaders = any(m.kind == "person" and m.level == "leader" for m in parties) or any(
        m.titled == "leader" for m in parties
    )
    minister_cue = bool(
        re.search(
            r"\bminister(?:ial|s)?\b|secretary of state|министр|глав\w* МИД",
            sentence,
            re.IGNORECASE,
        )
    )
    minister_level = (minister_cue or any(m.level == "minister" for m in strong)) and not leaders
    out: list[Candidate] = []

    # 'skipped the summit': the summit spoken of is another sentence's, not a new one.
    skipped = [m.end() for m in knowledge.exclusion_after.finditer(sentence)]
    summit_hits = [
        at for k, at in hits if k == "summit" and not any(0 <= at - end <= 25 for end in skipped)
    ]
    visit_hits = [(k, at) for k, at in hits if k in VISIT_KINDS]
    meeting_hits = [at for k, at in hits if k == "meeting"]
    attend_hits = [at for k, at in hits if k == "attend"]
    counterparts = _format_counterparts(sentence, mentions)
    members = _summit_members(mentions)
    crowd = len(members) >= 3
    invited_host = _host_by_invitation(sentence, mentions)

    def upcoming(anchor: int) -> bool:
        return bool(_UPCOMING.search(sentence[max(0, anchor - 20) : anchor]))

    summit_like = (
        summit_hits
        or counterparts
        or (orgs and meeting_hits)
        or (groups and (meeting_hits or attend_hits))
    )
    distributive = bool(re.search(r"\brespectively\b|соответственно", sentence, re.IGNORECASE))
    if summit_like or (crowd and not distributive and (meeting_hits or attend_hits)):
        anchor = (summit_hits or meeting_hits or attend_hits or [h[1] for h in visit_hits] or [0])[
            0
        ]
        formats: list[tuple[str, str, bool]] = []  # (format, event type, closed)
        org_codes = list(dict.fromkeys(m.code for m in orgs if m.code in FORMAT_ORGS))
        for counterpart in counterparts:
            name = knowledge.actor_names.get(counterpart, counterpart)
            formats.append((f"{name}–Central Asia", "summit", True))
        for code in org_codes:
            formats.append((code, "multilateral_summit", False))
        if not formats:
            consultative = re.search(r"consultative|консультативн", sentence, re.IGNORECASE)
            formats.append(
                (
                    "Central Asia consultative meeting" if consultative and groups else "",
                    "summit" if (summit_hits or groups) else "meeting",
                    False,
                )
            )
        host, city = _host_from(mentions, anchor, knowledge)
        for position, (fmt, event_type, closed) in enumerate(formats):
            candidate = Candidate(
                kind="summit", event_type=event_type, sentence=index, trigger_at=anchor
            )
            candidate.host, candidate.city = host, city
            candidate.host = candidate.host or invited_host
            if closed:
                counterpart = counterparts[position]
                candidate.parties = (
                    set(C5)
                    | {counterpart}
                    | {m.code for m in strong if m.code in C5 | {counterpart}}
                )
            else:
                candidate.parties = set(members)
                if groups and not (org_codes and not summit_hits):
                    candidate.parties |= C5
                for code in counterparts:
                    candidate.parties |= C5 | {code}
            candidate.closed = closed
            candidate.format = fmt
            if minister_level:
                candidate.level = "minister"
                candidate.event_type = "meeting"
            if video:
                candidate.event_type = "video_conference"
            candidate.people = [m.text for m in parties if m.kind == "person"]
            candidate.date = _pick_date(dates, anchor, upcoming(anchor), published)
            candidate.status = status
            candidate.absent = _excluded(sentence, mentions, knowledge)
            candidate.evidence = [index]
            candidate.vague = vague
            out.append(candidate)

    if visit_hits:
        kind, anchor = next(((k, at) for k, at in visit_hits if k != "visit"), visit_hits[0])
        legs = _destinations(mentions, anchor, sentence, knowledge)
        host, city = _host_from(mentions, anchor, knowledge)
        host = host or invited_host
        if not legs:
            legs = [(host, city)]
        visitors = {m.code for m in strong if not m.location}
        if not visitors:
            visitors = {m.code for m in parties if m.begin < anchor and not m.location}
        if not visitors:
            visitors = set(context_visitor)
        for leg, (leg_host, leg_city) in enumerate(legs):
            candidate = Candidate(
                kind="visit",
                event_type=_visit_type(kind),
                sentence=index,
                trigger_at=anchor,
                host=leg_host,
                city=leg_city,
                visitors=visitors - {leg_host} if leg_host else set(visitors),
                people=[m.text for m in parties if m.kind == "person"],
                date=_pick_date(dates, anchor, upcoming(anchor), published),
                status=status,
                level="minister" if minister_level else "leader",
                evidence=[index],
                leg=leg,
                vague=vague,
            )
            candidate.parties = set(candidate.visitors) | ({leg_host} if leg_host else set())
            out.append(candidate)
        # Whoever travels to a summit worded in the same sentence takes part in it.
        for summit in (c for c in out if c.kind == "summit" and not c.closed):
            summit.parties |= visitors
        return out

    if out:
        return out

    if meeting_hits or attend_hits:
        anchor = (meeting_hits or attend_hits)[0]
        codes = {m.code for m in strong}
        host, city = _host_from(mentions, anchor, knowledge)
        host = host or invited_host
        kind = "attend" if attend_hits else "meeting"
        people = any(m.kind == "person" for m in strong)
        distributive = re.search(r"\brespectively\b|соответственно", sentence, re.IGNORECASE)
        if kind == "attend" or (
            people
            and not distributive
            and (len(codes) >= 2 or (codes and host and host not in codes))
        ):
            candidate = Candidate(
                kind=kind, event_type="meeting", sentence=index, trigger_at=anchor
            )
            candidate.host, candidate.city = host, city
            candidate.parties = codes | ({host} if host else set())
            candidate.people = [m.text for m in strong if m.kind == "person"]
            candidate.date = _pick_date(dates, anchor, upcoming(anchor), published)
            candidate.status = status
            candidate.level = "minister" if minister_level else "leader"
            candidate.evidence = [index]
            candidate.vague = vague
            out.append(candidate)
    return out


def _format_counterparts(sentence: str, mentions: list[Mention]) -> list[str]:
    """Outside actors named in a 'X–Central Asia' format: 'China-Central Asia summit', 'Central Asia + Japan'."""
    out = []
    ca = list(
        re.finditer(r"Central\s+Asia(?:n)?|Центральн\w*\s+Ази\w*|C5", sentence, re.IGNORECASE)
    )
    if not ca:
        return out
    for m in mentions:
        if m.kind not in ("country", "org") or m.code in C5 or m.code in FORMAT_ORGS:
            continue
        for hit in ca:
            if m.end <= hit.start():
                between = sentence[m.end : hit.start()]
            elif m.begin >= hit.end():
                between = sentence[hit.end() : m.begin]
            else:
                continue
            if re.fullmatch(
                r"\s*(?:countries|states|nations|leaders)?\s*[«\"“]?\s*(?:[-–—+]|and|plus|&|и)\s*"
                r"(?:the\s+)?(?:five\s+|5\s+)?[«\"“]?\s*",
                between,
                re.IGNORECASE,
            ):
                out.append(m.code)
                break
    return list(dict.fromkeys(out))


# ---------------------------------------------------------------- assembling events


def _overlaps(a: DateExpr, b: DateExpr, slack: int = 1) -> bool:
    return (a.start - b.end).days <= slack and (b.start - a.end).days <= slack


def _rank(expr: DateExpr) -> int:
    return {"day": 0, "week": 1, "month": 2, "year": 3}[expr.precision]


def _merge_into(
    target: Candidate, other: Candidate, union_parties: bool, take_date: bool = True
) -> None:
    if union_parties and not target.closed:
        target.parties |= other.parties
    target.absent |= other.absent
    target.people = list(dict.fromkeys(target.people + other.people))
    target.evidence = sorted(set(target.evidence) | set(other.evidence))
    target.city = target.city or other.city
    if target.host is None and other.host:
        target.host = other.host
        target.parties.add(other.host)
    target.status = target.status or other.status
    target.format = target.format or other.format
    if (
        target.event_type in ("visit", "official_visit", "meeting", "summit")
        and other.event_type
        in (
            "state_visit",
            "official_visit",
            "working_visit",
            "multilateral_summit",
        )
        and target.event_type != other.event_type
        and (target.kind == "summit") == (other.kind == "summit")
    ):
        target.event_type = other.event_type
    if (
        take_date
        and other.date
        and (
            target.date is None
            or _rank(other.date) < _rank(target.date)
            or (
                _rank(other.date) == _rank(target.date)
                and target.date_from_context
                and not other.date_from_context
            )
        )
    ):
        target.date = other.date
        target.date_from_context = other.date_from_context


def _same_group(a: Candidate, b: Candidate) -> bool:
    visitish = ("visit", "meeting")
    return (a.kind in visitish and b.kind in visitish) or (a.kind == b.kind == "summit")


def _context_host(
    cand: Candidate, spans_mentions: list[list[Mention]], knowledge: Knowledge
) -> tuple[str | None, str | None]:
    """The venue of the nearest earlier sentence, else of the next one."""
    for index in [*range(cand.sentence - 1, -1, -1), cand.sentence + 1]:
        if 0 <= index < len(spans_mentions):
            host, city = _host_from(spans_mentions[index], 0, knowledge)
            if host:
                return host, city
    return None, None


def _assemble(
    cands: list[Candidate],
    sentences: list[str],
    dates: list[list[DateExpr]],
    mentions: list[list[Mention]],
    published: date | None,
    knowledge: Knowledge,
) -> list[Candidate]:
    # 0. A summit or gathering without a venue meets where the text just was.
    for cand in cands:
        if cand.host is None and cand.kind in ("summit", "meeting") and len(cand.parties) >= 2:
            cand.host, cand.city = _context_host(cand, mentions, knowledge)
            if cand.host:
                cand.parties.add(cand.host)
    # 1. Attendance sentences join the summit they speak of.
    summits = [c for c in cands if c.kind == "summit"]
    for cand in [c for c in cands if c.kind == "attend"]:
        near = [s for s in summits if cand.host in (None, s.host)]
        if near:
            target = min(
                near,
                key=lambda s: (
                    s.closed,
                    abs(s.sentence - cand.sentence),
                    s.sentence > cand.sentence,
                ),
            )
            _merge_into(target, cand, union_parties=True, take_date=target.date is not None)
        cand.kind = "merged"
    # 2. Undated candidates: an arrival is dated by its publication; the others join a dated
    # candidate about the same event, else borrow the date of a neighbouring sentence, else
    # that of an event at the same venue; a lead sentence not in the future is the news of the day.
    for cand in cands:
        if (
            cand.date is None
            and cand.kind == "visit"
            and published
            and _ARRIVAL.search(sentences[cand.sentence])
        ):
            cand.date = DateExpr(published, published, "day", 0, 0, "publication date")
            cand.date_from_context = True

    def join_partners() -> None:
        dated = [c for c in cands if c.date is not None and c.kind != "merged"]
        for cand in [c for c in cands if c.date is None and c.kind != "merged"]:
            partner = _partner(cand, dated)
            if partner is not None:
                _merge_into(partner, cand, union_parties=partner.kind == "summit")
                cand.kind = "merged"

    join_partners()
    for cand in [c for c in cands if c.date is None and c.kind != "merged" and not c.vague]:
        borrowed = _nearby_date(cand, sentences, dates, knowledge)
        if borrowed is not None:
            cand.date, cand.date_from_context = borrowed, True
    join_partners()
    for cand in [c for c in cands if c.date is None and c.kind != "merged" and not c.vague]:
        dated = [c for c in cands if c.date is not None and c.kind != "merged"]
        borrowed = next(
            (
                c.date
                for c in sorted(dated, key=lambda c: abs(c.sentence - cand.sentence))
                if c.host and c.host == cand.host
            ),
            None,
        )
        if borrowed is not None:
            cand.date, cand.date_from_context = borrowed, True
        elif (
            published
            and cand.sentence <= 1
            and sentence_tense(sentences[cand.sentence]) != "future"
        ):
            cand.date = DateExpr(published, published, "day", 0, 0, "publication date")
            cand.date_from_context = True
    live = [c for c in cands if c.kind != "merged" and c.date is not None]
    # 3. Host-less candidates take the host of one they share a party and a date with.
    for cand in live:
        if cand.host is None:
            for other in live:
                if (
                    other is not cand
                    and other.host
                    and _same_group(cand, other)
                    and _overlaps(cand.date, other.date)
                    and cand.parties & other.parties
                ):
                    cand.host = other.host
                    cand.city = cand.city or other.city
                    cand.parties.add(other.host)
                    cand.visitors.discard(other.host)
                    break
    # 4. Duplicates merge: same host, dates that agree, compatible parties.
    result: list[Candidate] = []
    for cand in sorted(live, key=lambda c: (c.sentence, c.leg)):
        twin = next((r for r in result if _duplicates(r, cand)), None)
        if twin is None:
            result.append(cand)
        else:
            _merge_into(twin, cand, union_parties=twin.kind == "summit")
    # 5. A trip made for a summit is the summit, unless it is a state or official visit of its own.
    summits = [c for c in result if c.kind == "summit"]
    final = []
    for cand in result:
        if cand.kind != "summit":
            home = next(
                (
                    s
                    for s in summits
                    if s.host == cand.host
                    and _overlaps(s.date, cand.date)
                    and cand.parties <= s.parties | s.absent | ({s.host} if s.host else set())
                    and (
                        len(cand.visitors) >= 2
                        or cand.parties == s.parties
                        or cand.kind == "meeting"
                        or (
                            cand.event_type in ("visit", "working_visit")
                            and cand.date.start == s.date.start
                        )
                    )
                ),
                None,
            )
            if home is not None:
                _merge_into(home, cand, union_parties=False)
                continue
        final.append(cand)
    return final


_ARRIVAL = re.compile(
    r"\b(?:arriv\w+|is arriving|has arrived|landed|прибыл\w*|today|сегодня)\b", re.IGNORECASE
)


def _partner(cand: Candidate, dated: list[Candidate]) -> Candidate | None:
    best = None
    for other in dated:
        if other is cand or not _same_group(cand, other):
            continue
        if cand.host and other.host and cand.host != other.host:
            continue
        if cand.kind == "summit":
            compatible = (cand.host is None or other.host is None or cand.host == other.host) and (
                not other.closed or cand.parties <= other.parties
            )
        else:
            compatible = bool(cand.parties & other.parties) and (
                cand.host is None or cand.host == other.host
            )
            compatible = compatible and not (cand.host is None and other.host is None)
        if not compatible:
            continue
        distance = (abs(other.sentence - cand.sentence), other.closed)
        if best is None or distance < best[0]:
            best = (distance, other)
    return best[1] if best else None


def _nearby_date(
    cand: Candidate, sentences: list[str], dates: list[list[DateExpr]], knowledge: Knowledge
) -> DateExpr | None:
    for offset in (1, -1):
        index = cand.sentence + offset
        if not 0 <= index < len(sentences) or not dates[index]:
            continue
        if any(k in ("call", "video") for k, _ in _trigger_hits(sentences[index], knowledge)):
            continue
        usable = _event_dates(dates[index], sentences[index], knowledge)
        day = [d for d in usable if d.precision == "day"]
        if day:
            return day[0]
    return None


def _duplicates(a: Candidate, b: Candidate) -> bool:
    if a.host != b.host or not _same_group(a, b) or not _overlaps(a.date, b.date):
        return False
    if a.kind == "summit":
        if a.format and b.format and a.format != b.format:
            return False
        return (
            a.parties <= b.parties
            or b.parties <= a.parties
            or bool(a.format and a.format == b.format)
        )
    return a.parties == b.parties or bool(a.visitors and a.visitors == b.visitors)


def _final_status(
    cand: Candidate,
    article_status: str,
    sentences: list[str],
    published: date | None,
    knowledge: Knowledge,
) -> str:
    if cand.status:
        return cand.status
    text = " ".join(sentences[i] for i in cand.evidence)
    if article_status and knowledge.cues["planned_before"].search(text):
        return article_status
    if published is None:
        return "held" if sentence_tense(text) == "past" else "announced"
    if cand.date.start > published:
        return "announced"
    if cand.date.end < published:
        return "held"
    return "announced" if sentence_tense(text) == "future" else "held"


def _confidence(cand: Candidate) -> float:
    score = 0.35
    score += {"day": 0.25, "week": 0.1, "month": 0.1, "year": 0.0}[cand.date.precision]
    score -= 0.15 if cand.date_from_context else 0.0
    score += 0.15 if cand.host else -0.2
    score += 0.1 if cand.people else 0.0
    score += 0.05 if cand.event_type != "meeting" else 0.0
    score -= 0.15 * min(cand.leg, 2)
    return round(max(0.05, min(0.95, score)), 2)


def extract_events(
    raw: str,
    published: date | None = None,
    url: str | None = None,
    knowledge: Knowledge | None = None,
) -> list[ExtractedEvent]:
    """Candidate events of an article (text or HTML), in the order the text gives them.

    Parameters
    ----------
    raw:
        The article: plain text (optionally with ``URL:``/``PUBLISHED:`` header lines) or HTML.
    published:
        Publication date; relative dates ("on Monday", "last year") are resolved against it.
        Without one, the header or HTML meta is used; failing that, only dates that carry
        their own year are trusted.
    url:
        The article's address (kept by the caller; the CLI and review page show it).
    knowledge:
        What the extractor knows; by default built once from the shipped data folder.
    """
    return events_of_article(read_article(raw, published, url), knowledge)


def events_of_article(article: Article, knowledge: Knowledge | None = None) -> list[ExtractedEvent]:
    """Candidate events of an article already read (:func:`read_article`); see
    :func:`extract_events`. The review queue reads first, to bound the text it extracts from."""
    knowledge = knowledge or default_knowledge()
    when = article.published
    text = article.text
    spans = split_sentences(text)
    sentences = [text[a:b] for a, b in spans]
    all_mentions = find_mentions(text, knowledge)
    mentions = [
        [
            replace(m, begin=m.begin - a, end=m.end - a)
            for m in all_mentions
            if a <= m.begin and m.end <= b
        ]
        for a, b in spans
    ]
    anchor_date = when or date.today()
    dates = [_usable_dates(find_dates(s, anchor_date, sentence_tense(s)), when) for s in sentences]
    article_status = _status_of(text, knowledge)
    cands: list[Candidate] = []
    context_visitor: set[str] = set()
    for index, sentence in enumerate(sentences):
        local = mentions[index]
        found = _candidates_of_sentence(
            index, sentence, local, dates[index], knowledge, context_visitor, when
        )
        strong = {m.code for m in _parties(local) if _strong(m) and not m.location}
        if strong:
            context_visitor = strong
        cands.extend(found)
        # An exclusion sentence without an event of its own applies to the summit just before it.
        absent = _excluded(sentence, local, knowledge)
        if absent and not any(c.kind == "summit" for c in found):
            for previous in reversed(cands):
                if previous.kind == "summit" and index - previous.sentence <= 3:
                    previous.absent |= absent
                    break
    events = []
    for cand in _assemble(cands, sentences, dates, mentions, when, knowledge):
        parties = cand.parties - cand.absent
        if cand.host in cand.absent:
            continue
        if cand.host and cand.host not in knowledge.countries:
            continue
        actors = sorted(parties - ({cand.host} if cand.host else set()))
        if not actors or len(parties) < 2 or not parties & C5:
            continue
        if (
            cand.host is None
            and cand.event_type != "video_conference"
            and (cand.date.precision != "day" or len(parties) < 2 or cand.kind == "summit")
        ):
            continue
        status = _final_status(cand, article_status, sentences, when, knowledge)
        city = cand.city
        lat = lon = None
        if city and city in knowledge.cities:
            lat, lon = knowledge.cities[city].lat, knowledge.cities[city].lon
        evidence = " ".join(sentences[i].strip() for i in cand.evidence)
        events.append(
            ExtractedEvent(
                start_date=cand.date.start.isoformat(),
                end_date=max(cand.date.end, cand.date.start).isoformat(),
                date_precision=cand.date.precision,
                status=status,
                host_iso3=None if cand.event_type == "video_conference" else cand.host,
                city=city,
                actors=actors,
                people=list(dict.fromkeys(cand.people)),
                event_type="official_visit" if cand.event_type == "visit" else cand.event_type,
                level=cand.level,
                confidence=_confidence(cand),
                evidence=evidence,
                format=cand.format,
                lat=lat,
                lon=lon,
            )
        )
    return events


def _usable_dates(found: list[DateExpr], published: date | None) -> list[DateExpr]:
    """Without a publication date, only dates that carry their own year are kept."""
    if published is not None:
        return found
    return [d for d in found if re.search(r"(?:19|20)\d{2}", d.text)]


def extract_json(
    raw: str,
    published: date | None = None,
    url: str | None = None,
    knowledge: Knowledge | None = None,
) -> list[dict[str, Any]]:
    """The candidates as plain dicts (what ``python -m components.extract --json`` prints)."""
    return [e.to_dict() for e in extract_events(raw, published, url, knowledge)]
