"""Score extracted events against hand-written gold events (tests/extract_dev).

Pure: no Streamlit. A prediction matches a required gold event when the host is the same,
the party sets (host plus actors) are equal and the dates agree: within a day of the gold
start for ``day`` precision, within six days for ``week``, in the same month for ``month``
and the same year for ``year``. Gold events marked ``optional`` are neither rewarded nor
penalised: a prediction that agrees with one on host and date is set aside.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from components.core.extract import Knowledge, extract_json


@dataclass
class Score:
    """Counts over a set of articles, with what went wrong in each."""

    matched: int = 0
    predicted: int = 0
    required: int = 0
    misses: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    extras: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.required if self.required else 1.0


def _day(value: str) -> date:
    return date.fromisoformat(value[:10])


def dates_agree(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    """Whether a predicted start date agrees with a gold one at the gold's precision."""
    g, p = _day(gold["start_date"]), _day(predicted["start_date"])
    precision = gold.get("date_precision", "day")
    if precision == "year":
        return g.year == p.year
    if precision == "month":
        return (g.year, g.month) == (p.year, p.month)
    if precision == "week":
        return abs((g - p).days) <= 6
    return abs((g - p).days) <= 1


def parties(event: dict[str, Any]) -> frozenset[str]:
    host = event.get("host_iso3")
    return frozenset(event.get("actors", [])) | ({host} if host else frozenset())


def matches(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    return (
        (gold.get("host_iso3") or None) == (predicted.get("host_iso3") or None)
        and parties(gold) == parties(predicted)
        and dates_agree(gold, predicted)
    )


def set_aside(gold: dict[str, Any], predicted: dict[str, Any]) -> bool:
    return (gold.get("host_iso3") or None) == (predicted.get("host_iso3") or None) and dates_agree(
        gold, predicted
    )


def score_article(
    gold: list[dict[str, Any]], predicted: list[dict[str, Any]], name: str, total: Score
) -> None:
    """Add one article's counts to `total`."""
    required = [g for g in gold if not g.get("optional")]
    optional = [g for g in gold if g.get("optional")]
    open_gold = list(required)
    leftover = []
    for event in predicted:
        hit = next((g for g in open_gold if matches(g, event)), None)
        if hit is not None:
            open_gold.remove(hit)
            total.matched += 1
            total.predicted += 1
        else:
            leftover.append(event)
    for event in leftover:
        if any(set_aside(g, event) for g in optional):
            continue
        total.predicted += 1
        total.extras.append((name, event))
    total.required += len(required)
    total.misses.extend((name, g) for g in open_gold)


def score_folder(folder: Path, knowledge: Knowledge | None = None) -> Score:
    """Extract every article of ``folder/articles`` and score it against ``folder/gold.json``."""
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))["articles"]
    total = Score()
    for path in sorted((folder / "articles").glob("*.txt")):
        name = path.stem
        predicted = extract_json(path.read_text(encoding="utf-8"), knowledge=knowledge)
        score_article(gold.get(name, []), predicted, name, total)
    return total
