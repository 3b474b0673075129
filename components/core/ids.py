"""The feature-id grammar: how map features are named, built and parsed in one place.

A feature id is ``kind:part:part...`` with a fixed number of parts per kind. Parts are the
dataset's own ids, which may contain ``:``; inside a feature id, ``%`` and ``:`` in a part
are percent-encoded so that splitting on ``:`` always gives the parts back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

FeatureKind = Literal["place", "arc", "country", "rel", "route"]
# kind -> names of its parts, in order.
ARITY: dict[str, tuple[str, ...]] = {
    "place": ("iso3", "city"),
    "arc": ("actor", "iso3", "city"),
    "country": ("iso3",),
    "rel": ("actor", "iso3"),
    "route": ("route",),
}
KINDS: tuple[str, ...] = tuple(ARITY)
MAX_ID_LENGTH = 400


@dataclass(frozen=True)
class FeatureId:
    """A parsed feature id: its kind and its parts (decoded)."""

    kind: FeatureKind
    parts: tuple[str, ...]

    def __str__(self) -> str:
        return build(self.kind, *self.parts)

    def part(self, name: str) -> str:
        return self.parts[ARITY[self.kind].index(name)]

    @property
    def place_id(self) -> str:
        """The place an arc ends at, or the place itself."""
        if self.kind not in ("place", "arc"):
            raise ValueError(f"a {self.kind} has no place")
        return build("place", self.part("iso3"), self.part("city"))


def _encode(part: str) -> str:
    return part.replace("%", "%25").replace(":", "%3A")


def _decode(part: str) -> str:
    return part.replace("%3A", ":").replace("%3a", ":").replace("%25", "%")


def build(kind: str, *parts: str) -> str:
    """The feature id of a kind and its parts; raises ValueError on a wrong arity."""
    if kind not in ARITY or len(parts) != len(ARITY[kind]):
        raise ValueError(f"'{kind}' ids have parts {ARITY.get(kind)}")
    return ":".join([kind, *(_encode(str(p)) for p in parts)])


def parse(value: object) -> FeatureId | None:
    """The parsed id, or None for anything malformed (wrong kind, arity, empty part)."""
    if not isinstance(value, str) or not value or len(value) > MAX_ID_LENGTH:
        return None
    kind, _, rest = value.partition(":")
    if kind not in ARITY or not rest:
        return None
    parts = tuple(_decode(p) for p in rest.split(":"))
    if len(parts) != len(ARITY[kind]) or not all(parts):
        return None
    return FeatureId(kind, parts)  # type: ignore[arg-type]


def city_slug(city: pd.Series) -> pd.Series:
    """A city name folded to a slug ('Nur-Sultan' -> 'nur-sultan')."""
    slug = city.str.lower().str.normalize("NFKD").str.replace(r"[^a-z0-9]+", "-", regex=True)
    return slug.str.strip("-").replace("", "x")


def _encode_series(values: pd.Series) -> pd.Series:
    return values.astype(str).str.replace("%", "%25").str.replace(":", "%3A")


def place_ids(host: pd.Series, city: pd.Series) -> pd.Series:
    """Vectorised :func:`build` for places: host country plus the city's slug."""
    return "place:" + _encode_series(host) + ":" + city_slug(city.astype(str))


def arc_ids(actor: pd.Series, place_id: pd.Series) -> pd.Series:
    """:func:`build` for arcs from an actor to a place id (a few hundred: a plain loop)."""
    prefix = len("place:")
    return pd.Series(
        [
            f"arc:{_encode(str(a))}:{str(p)[prefix:]}"
            for a, p in zip(actor.tolist(), place_id.tolist(), strict=True)
        ],
        index=actor.index,
        dtype="str",
    )
