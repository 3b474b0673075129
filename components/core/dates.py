"""Find dates in news text and resolve them against the publication date.

Pure: no Streamlit. English and Russian: explicit dates ("March 2-3", "15−17 September",
"21 июля 2022 года"), months ("in November", "March 2018"), years, weekdays resolved by the
tense around them ("on Monday", "last Thursday", "from Friday through Monday"), and words
such as "today", "last year" or "сегодня".

Examples
--------
>>> from datetime import date
>>> [(d.start, d.end, d.precision) for d in find_dates("on Aug. 22-23", date(2024, 8, 19))]
[(datetime.date(2024, 8, 22), datetime.date(2024, 8, 23), 'day')]
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Precision = Literal["day", "week", "month", "year"]
Tense = Literal["past", "future", "unknown"]

MONTHS_EN = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
# Russian month stems: genitive ("марта"), prepositional ("в марте") and nominative forms.
MONTHS_RU = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
    "понедельник": 0,
    "вторник": 1,
    "среду": 2,
    "среда": 2,
    "четверг": 3,
    "пятницу": 4,
    "пятница": 4,
    "субботу": 5,
    "суббота": 5,
    "воскресенье": 6,
}
ORDINALS_RU = {
    "первого": 1,
    "второго": 2,
    "третьего": 3,
    "четвертого": 4,
    "четвёртого": 4,
    "пятого": 5,
    "шестого": 6,
    "седьмого": 7,
    "восьмого": 8,
    "девятого": 9,
    "десятого": 10,
    "одиннадцатого": 11,
    "двенадцатого": 12,
    "тринадцатого": 13,
    "четырнадцатого": 14,
    "пятнадцатого": 15,
    "шестнадцатого": 16,
    "семнадцатого": 17,
    "восемнадцатого": 18,
    "девятнадцатого": 19,
    "двадцатого": 20,
    "тридцатого": 30,
}

_M_EN = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_M_RU = (
    r"(?:январ[ьяе]|феврал[ьяе]|март[ае]?|апрел[ьяе]|ма[йяе]|июн[ьяе]|июл[ьяе]|август[ае]?"
    r"|сентябр[ьяе]|октябр[ьяе]|ноябр[ьяе]|декабр[ьяе])"
)
_DASH = r"\s*(?:[-–—−‒]|to|through|till|until|and|по|и)\s*"
_D = r"(\d{1,2})(?:st|nd|rd|th)?"
_Y = r"((?:19|20)\d{2})"
_WD_EN = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WD_RU = r"(?:понедельник|вторник|среду|среда|четверг|пятницу|пятница|субботу|суббота|воскресенье)"
_ORD_RU = "|".join(sorted(ORDINALS_RU, key=len, reverse=True))

# (name, pattern); earlier patterns win where matches overlap at the same start.
_PATTERNS: list[tuple[str, str]] = [
    ("md_md", rf"(?:from\s+)?({_M_EN})\s+{_D}{_DASH}({_M_EN})\s+{_D}(?:,?\s+{_Y})?"),
    ("m_dd", rf"(?:from\s+)?({_M_EN})\s+{_D}{_DASH}{_D}(?:,?\s+{_Y})?"),
    ("dd_m", rf"{_D}{_DASH}{_D}\s+({_M_EN})(?:,?\s+{_Y})?"),
    ("dd_m_ru", rf"(\d{{1,2}}){_DASH}(\d{{1,2}})\s+({_M_RU})(?:\s+{_Y}\s*(?:года|г\.)?)?"),
    ("d_m_ru", rf"(\d{{1,2}})\s+({_M_RU})(?:\s+{_Y}\s*(?:года|г\.)?)?"),
    ("ord_m_ru", rf"({_ORD_RU})\s+({_M_RU})"),
    ("m_d_y", rf"({_M_EN})\s+{_D}(?:,\s*|\s+){_Y}"),
    ("d_m_y", rf"{_D}\s+({_M_EN})(?:,?\s+){_Y}"),
    ("d_m", rf"{_D}\s+({_M_EN})"),
    ("m_d", rf"({_M_EN})\s+{_D}(?![\d:])"),
    (
        "m_y",
        rf"(?:(?:early|late|mid|the end of|the beginning of|end of)[\s-]+)?({_M_EN})\s+(?:of\s+)?{_Y}",
    ),
    ("m_y_ru", rf"(?:в|во)\s+({_M_RU})\s+{_Y}"),
    (
        "m_only",
        rf"(?:(?:in|by|this|next|last|until|during|early|late|mid|end of|since)[\s-]+)({_M_EN})(?!\s+\d)",
    ),
    ("m_only_ru", rf"(?:в|во)\s+({_M_RU})(?!\s+\d)"),
    (
        "wd_range",
        rf"(?:from\s+)?({_WD_EN})\s+(?:through|to|till|until|and)\s+({_WD_EN})",
    ),
    ("wd", rf"(?:(last|next|this|past|coming)\s+)?({_WD_EN})"),
    ("wd_ru", rf"(?:(?:в|во)\s+)?(прошл\w+\s+|следующ\w+\s+)?({_WD_RU})"),
    ("today", r"\b(?:today|tonight|this morning|this afternoon|this evening|сегодня)\b"),
    ("yesterday", r"\b(?:yesterday|вчера)\b"),
    ("tomorrow", r"\b(?:tomorrow|завтра)\b"),
    ("coming_days", r"\b(?:in the coming days|in the next few days|в ближайшие дни)\b"),
    ("week", r"\b(this|next|last|earlier this|later this)\s+week\b"),
    ("week_ru", r"(на этой|на следующей|на прошлой)\s+неделе"),
    ("rel_year", r"\b(this|next|last|past)\s+year\b"),
    ("rel_year_ru", r"(в этом|в следующем|в прошлом)\s+году"),
    ("year", rf"(?:(?:in|of|for|during|since|until|by|в)\s+)?{_Y}(?:\s*(?:году|года|год))?"),
]
_COMPILED = [
    (name, re.compile(rf"(?<![\w]){pattern}(?![\w])", re.IGNORECASE)) for name, pattern in _PATTERNS
]

# Verbs and words that say when the sentence happens relative to its publication.
_PAST = re.compile(
    r"\b(?:was|were|had|held|met|arrived|visited|took place|hosted|signed|welcomed|greeted|"
    r"attended|convened|landed|began|paid|made|canceled|cancelled|announced|said|thanked|"
    r"прибыл\w*|состоял\w*|прош[ёе]л|прошла|провел\w*|подписал\w*|встретил\w*)\b",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|shall|is to|are to|is due|are due|is set to|are set to|is scheduled|are scheduled|"
    r"is expected|are expected|plans? to|upcoming|forthcoming|is heading|heading|going to|"
    r"состоится|пройдет|примет|примут|посетит|ожидается|запланирован\w*|планируется|"
    r"предстоящ\w*|будет|будут|проведет|возложит|совершит)\b",
    re.IGNORECASE,
)
_WAS_PLANNED = re.compile(
    r"\b(?:was|were)\s+(?:originally\s+|initially\s+)?(?:scheduled|set|due|supposed|planned|to)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateExpr:
    """A date or span found in text: where it is, what it says, how precise it is."""

    start: date
    end: date
    precision: Precision
    begin: int
    stop: int
    text: str


def sentence_tense(sentence: str) -> Tense:
    """'past', 'future' or 'unknown' from the verbs of a sentence."""
    if _WAS_PLANNED.search(sentence):
        return "past"
    future = _FUTURE.search(sentence)
    past = _PAST.search(sentence)
    if future and not past:
        return "future"
    if past and not future:
        return "past"
    if future and past:
        return "future" if future.start() < past.start() else "past"
    return "unknown"


def _month_en(token: str) -> int:
    return MONTHS_EN[token.lower().rstrip(".")]


def _month_ru(token: str) -> int:
    low = token.lower()
    for stem, number in sorted(MONTHS_RU.items(), key=lambda kv: -len(kv[0])):
        if low.startswith(stem):
            return number
    raise KeyError(token)


def _safe(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nearest_year(month: int, day: int | None, published: date) -> int:
    """The year that puts a month (and day) closest to the publication date."""
    best_year = published.year
    best_gap = None
    for year in (published.year - 1, published.year, published.year + 1):
        when = _safe(year, month, day or 15) or date(year, month, 28)
        gap = abs((when - published).days)
        if best_gap is None or gap < best_gap:
            best_year, best_gap = year, gap
    return best_year


def resolve_weekday(weekday: int, published: date, tense: Tense, modifier: str = "") -> date:
    """The date of a weekday named in a text published on `published`.

    "last Thursday" is the latest Thursday before publication; "next Monday" the first one
    after it. Without a modifier the tense decides: a past sentence means the latest such
    day on or before publication, a future one the first on or after it, and an unknown
    tense the nearest one.

    >>> resolve_weekday(4, date(2024, 8, 13), "past")  # Friday, in a Tuesday's past tense
    datetime.date(2024, 8, 9)
    """
    modifier = modifier.lower().strip()
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if modifier in ("last", "past") or modifier.startswith("прошл"):
        return published - timedelta(days=back or 7)
    if modifier in ("next", "coming") or modifier.startswith("следующ"):
        return published + timedelta(days=ahead or 7)
    if modifier == "this" or tense == "future":
        return published + timedelta(days=ahead)
    if tense == "past":
        return published - timedelta(days=back)
    return published - timedelta(days=back) if back <= ahead else published + timedelta(days=ahead)


def _month_span(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _year_given(group: str | None) -> int | None:
    return int(group) if group else None


def _interpret(
    name: str, match: re.Match[str], published: date, tense: Tense
) -> tuple[date, date, Precision] | None:
    g = match.groups()
    if name in ("md_md",):
        m1, d1, m2, d2 = _month_en(g[0]), int(g[1]), _month_en(g[2]), int(g[3])
        year = _year_given(g[4]) or nearest_year(m1, d1, published)
        start = _safe(year, m1, d1)
        end = _safe(year + (1 if m2 < m1 else 0), m2, d2)
        return (start, end, "day") if start and end else None
    if name == "m_dd":
        month, d1, d2 = _month_en(g[0]), int(g[1]), int(g[2])
        year = _year_given(g[3]) or nearest_year(month, d1, published)
        start, end = _safe(year, month, d1), _safe(year, month, d2)
        return (start, end, "day") if start and end and end >= start else None
    if name == "dd_m":
        d1, d2, month = int(g[0]), int(g[1]), _month_en(g[2])
        year = _year_given(g[3]) or nearest_year(month, d1, published)
        start, end = _safe(year, month, d1), _safe(year, month, d2)
        return (start, end, "day") if start and end and end >= start else None
    if name == "dd_m_ru":
        d1, d2, month = int(g[0]), int(g[1]), _month_ru(g[2])
        year = _year_given(g[3]) or nearest_year(month, d1, published)
        start, end = _safe(year, month, d1), _safe(year, month, d2)
        return (start, end, "day") if start and end and end >= start else None
    if name in ("d_m_ru", "ord_m_ru"):
        day = int(g[0]) if name == "d_m_ru" else ORDINALS_RU[g[0].lower()]
        month = _month_ru(g[1])
        year = (_year_given(g[2]) if name == "d_m_ru" else None) or nearest_year(
            month, day, published
        )
        when = _safe(year, month, day)
        return (when, when, "day") if when else None
    if name in ("m_d_y", "m_d"):
        month, day = _month_en(g[0]), int(g[1])
        year = _year_given(g[2] if name == "m_d_y" else None) or nearest_year(month, day, published)
        when = _safe(year, month, day)
        return (when, when, "day") if when else None
    if name in ("d_m_y", "d_m"):
        day, month = int(g[0]), _month_en(g[1])
        year = _year_given(g[2] if name == "d_m_y" else None) or nearest_year(month, day, published)
        when = _safe(year, month, day)
        return (when, when, "day") if when else None
    if name in ("m_y", "m_y_ru"):
        month = _month_en(g[0]) if name == "m_y" else _month_ru(g[0])
        return (*_month_span(int(g[1]), month), "month")
    if name in ("m_only", "m_only_ru"):
        month = _month_en(g[0]) if name == "m_only" else _month_ru(g[0])
        return (*_month_span(nearest_year(month, None, published), month), "month")
    if name == "wd_range":
        first = resolve_weekday(WEEKDAYS[g[0].lower()], published, tense)
        last = first + timedelta(days=(WEEKDAYS[g[1].lower()] - first.weekday()) % 7)
        return first, last, "day"
    if name in ("wd", "wd_ru"):
        when = resolve_weekday(WEEKDAYS[g[1].lower()], published, tense, g[0] or "")
        return when, when, "day"
    if name == "today":
        return published, published, "day"
    if name == "yesterday":
        when = published - timedelta(days=1)
        return when, when, "day"
    if name == "tomorrow":
        when = published + timedelta(days=1)
        return when, when, "day"
    if name == "coming_days":
        return published + timedelta(days=1), published + timedelta(days=7), "week"
    if name in ("week", "week_ru"):
        word = g[0].lower()
        monday = published - timedelta(days=published.weekday())
        if word in ("next", "на следующей"):
            monday += timedelta(days=7)
        elif word in ("last", "на прошлой"):
            monday -= timedelta(days=7)
        return monday, monday + timedelta(days=6), "week"
    if name in ("rel_year", "rel_year_ru"):
        word = g[0].lower()
        year = published.year + (
            1
            if word in ("next", "в следующем")
            else -1
            if word in ("last", "past", "в прошлом")
            else 0
        )
        return date(year, 1, 1), date(year, 12, 31), "year"
    if name == "year":
        year = int(g[0])
        return date(year, 1, 1), date(year, 12, 31), "year"
    return None


def find_dates(text: str, published: date, tense: Tense | None = None) -> list[DateExpr]:
    """Every date expression in `text`, resolved against `published`, in text order.

    Overlapping matches keep the longest. A weekday right before an explicit date ("on
    Friday, April 4") is folded into that date.

    >>> [d.start.isoformat() for d in find_dates("from Friday through Monday", date(2024, 8, 13), "past")]
    ['2024-08-09']
    """
    tense = tense or sentence_tense(text)
    found: list[tuple[int, int, str, re.Match[str]]] = []
    for name, pattern in _COMPILED:
        for match in pattern.finditer(text):
            found.append((match.start(), match.end(), name, match))
    # Longest first, then earliest; keep those that overlap nothing kept already.
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    kept: list[tuple[int, int, str, re.Match[str]]] = []
    for item in found:
        if all(item[1] <= k[0] or item[0] >= k[1] for k in kept):
            kept.append(item)
    kept.sort(key=lambda f: f[0])
    out: list[DateExpr] = []
    for begin, stop, name, match in kept:
        if name == "year" and not _year_context(text, match):
            continue
        resolved = _interpret(name, match, published, tense)
        if resolved is None:
            continue
        start, end, precision = resolved
        if out and name not in ("wd", "wd_ru", "wd_range") and _folds(out[-1], text, begin):
            # "Friday, April 4": the explicit date replaces the weekday before it.
            out.pop()
        elif out and out[-1].precision == "day" and precision in ("month", "year", "week"):
            previous = out[-1]
            if begin - previous.stop <= 2 and previous.start <= start <= previous.end:
                continue
        out.append(DateExpr(start, end, precision, begin, stop, match.group(0)))
    return out


def _folds(previous: DateExpr, text: str, begin: int) -> bool:
    gap = text[previous.stop : begin]
    return (
        previous.precision == "day"
        and previous.text.split()[-1].lower() in WEEKDAYS
        and len(gap) <= 3
        and gap.strip() in ("", ",")
    )


def _year_context(text: str, match: re.Match[str]) -> bool:
    """A bare year counts only as a time phrase ('in 2026'), not as a count or a name."""
    word = match.group(0).strip().lower()
    if not word[:1].isdigit():
        return True
    before = text[max(0, match.start() - 12) : match.start()].lower()
    after = text[match.end() : match.end() + 10].lower()
    if re.search(r"\d[\d\s,.]*$", before) or after.startswith(("-", "–", "%")):
        return False
    return bool(
        re.search(r"(?:in|of|for|during|since|until|by|year|early|late|в)\s*$", before)
    ) or bool(re.match(r"\s*(?:году|года|год)", after))
