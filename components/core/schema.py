"""Table definitions, fixed vocabularies and colours of the dataset format."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

ColumnKind = Literal["text", "id", "date", "partial_date", "lat", "lon", "url", "enum", "color"]


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, what it holds, and whether it may be empty."""

    name: str
    kind: ColumnKind = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    max_length: int = 2000


EVENT_TYPES: tuple[str, ...] = (
    "state_visit",
    "official_visit",
    "working_visit",
    "summit",
    "multilateral_summit",
    "meeting",
    "video_conference",
    "statement",
)
# Event dates the dashboard accepts: the scope is the diplomacy of the five states, which
# became independent in 1991, and nothing is planned past this century. Both ends lie well
# inside what the app can show (pandas timestamps cover 1677-2262; the date slider, which
# counts microseconds in JavaScript's safe integers, 1684-2255).
FIRST_DATE = date(1991, 1, 1)
LAST_DATE = date(2099, 12, 31)
# 'unconfirmed': the stored sources do not settle whether (or on which day) it took place.
STATUSES: tuple[str, ...] = ("held", "announced", "cancelled", "postponed", "unconfirmed")
# Statuses that describe a plan: after the dataset's as-of date they must be resolved.
PENDING_STATUSES: tuple[str, ...] = ("announced", "postponed")
LEVELS: tuple[str, ...] = ("leader", "minister")
LEVEL_LABELS: dict[str, str] = {
    "leader": "Leaders (heads of state or government)",
    "minister": "Foreign ministers",
}
CAPACITIES: tuple[str, ...] = ("host", "guest", "participant", "observer", "chair", "remote")
YES_NO: tuple[str, ...] = ("yes", "no")
RELATIONSHIP_KINDS: tuple[str, ...] = (
    "agreement",
    "membership",
    "trade",
    "energy",
    "security",
    "tension",
    "sanctions",
)
ROUTE_KINDS: tuple[str, ...] = ("oil_pipeline", "gas_pipeline", "transport_corridor")
ACTOR_KINDS: tuple[str, ...] = ("state", "bloc", "organisation")
COUNTRY_ROLES: tuple[str, ...] = ("central_asia", "outside")
CENTRAL_ASIA: tuple[str, ...] = ("KAZ", "KGZ", "TJK", "TKM", "UZB")

TABLES: dict[str, tuple[Column, ...]] = {
    "countries": (
        Column("iso3", "id"),
        Column("iso_numeric", required=False),
        Column("name"),
        Column("capital"),
        Column("lat", "lat"),
        Column("lon", "lon"),
        Column("role", "enum", choices=COUNTRY_ROLES),
    ),
    "actors": (
        Column("actor_id", "id"),
        Column("name"),
        Column("kind", "enum", choices=ACTOR_KINDS),
        Column("iso3", required=False),
        Column("seat"),
        Column("lat", "lat"),
        Column("lon", "lon"),
        Column("color", "color"),
    ),
    "events": (
        Column("event_id", "id"),
        Column("start_date", "date"),
        Column("end_date", "date"),
        Column("event_type", "enum", choices=EVENT_TYPES),
        Column("status", "enum", choices=STATUSES),
        Column("level", "enum", choices=LEVELS),
        Column("format", required=False),
        Column("host_iso3"),
        Column("city"),
        Column("lat", "lat"),
        Column("lon", "lon"),
        Column("title"),
        Column("summary"),
        Column("source_url", "url"),
        Column("source_name"),
        Column("parent_event_id", required=False),
        Column("notes", required=False),
    ),
    "participants": (
        Column("event_id"),
        Column("actor_id"),
        Column("person", required=False),
        Column("role", required=False),
        Column("capacity", "enum", required=False, choices=CAPACITIES),
    ),
    # Every page read to confirm an event (the event's own source_url among them).
    "sources": (
        Column("event_id"),
        Column("url", "url"),
        Column("source_name"),
        Column("official", "enum", choices=YES_NO),
    ),
    # One spelling per person, and the offices they held: participants refer to them.
    "people": (
        Column("person"),
        Column("actor_id"),
        Column("office"),
        Column("start", "date", required=False),
        Column("end", "date", required=False),
        Column("source_url", required=False, max_length=4000),
        Column("notes", required=False),
    ),
    # Facts about the dataset itself, as key and value (as_of: the latest date it covers).
    "meta": (
        Column("key"),
        Column("value"),
    ),
    "relationships": (
        Column("rel_id", "id"),
        Column("actor_id"),
        Column("iso3"),
        Column("kind", "enum", choices=RELATIONSHIP_KINDS),
        Column("label"),
        Column("since", "partial_date", required=False),
        Column("until", "partial_date", required=False),
        Column("summary"),
        Column("source_url", "url"),
        Column("source_name"),
        Column("notes", required=False),
    ),
    "routes": (
        Column("route_id", "id"),
        Column("name"),
        Column("kind", "enum", choices=ROUTE_KINDS),
        Column("actor_id"),
        Column("countries"),
        Column("path", max_length=20000),
        Column("since", "partial_date", required=False),
        Column("summary"),
        Column("source_url", "url"),
        Column("source_name"),
        Column("notes", required=False),
    ),
}

# Tables a data folder must have; routes are optional so a team's own folder can omit them.
REQUIRED_TABLES: tuple[str, ...] = ("countries", "actors", "events", "participants")
# Tables with no column the one-file upload format carries.
OPTIONAL_TABLES: tuple[str, ...] = ("relationships", "routes", "sources", "people", "meta")
AS_OF_KEY = "as_of"
BOUNDARIES_FILE = "boundaries.geojson"

# Columns added on import to tell the reference data from a user's own rows.
ORIGIN_COLUMN = "origin"
REFERENCE_ORIGIN = "reference"

# Place markers: the slice of actors without a colour of their own on the map.
OTHER_ACTORS_COLOR = "#D0D0D0"
CENTRAL_ASIA_COLOR = "#7F7F7F"

EVENT_TYPE_LABELS: dict[str, str] = {t: t.replace("_", " ").capitalize() for t in EVENT_TYPES}


def columns(table: str) -> list[str]:
    """Column names of a table, in file order."""
    return [c.name for c in TABLES[table]]
