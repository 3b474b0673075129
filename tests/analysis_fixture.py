"""A small dataset for the comparison pages' numbers, with values worked out by hand.

As-of date 2025-06-30. Contacts (held, not statements, an outside actor and a state):

=====  ==========  ===================  ========  ==============================
id     start       type                 level     outside actors x states
=====  ==========  ===================  ========  ==============================
v1     2022-03-01  meeting              leader    TUR x KGZ
v2     2023-07-01  official_visit       leader    TUR x TKM
v3     2024-07-01  state_visit          leader    RUS x KAZ
s1     2024-07-03  multilateral_summit  leader    RUS, CHN x KAZ, KGZ, UZB (to 2024-07-04, SCO)
s1b    2024-07-03  meeting (sideline)   leader    CHN x UZB (parent s1, format SCO)
m1     2024-10-10  summit               minister  CHN x all five (China–Central Asia)
m2     2025-02-01  meeting              minister  EU x UZB
=====  ==========  ===================  ========  ==============================

Not contacts: st (a statement, EU and KAZ), c1 (C5+1, cancelled), a1 (China–Central Asia,
announced for 2025-09-01), ca0 and ca (consultative meetings of the five, no outside actor)
and ca2 (their foreign ministers, the same day as ca).
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import make_folder

CITIES = {
    "Bishkek": ("KGZ", "42.8746", "74.5698"),
    "Ankara": ("TUR", "39.9334", "32.8597"),
    "Astana": ("KAZ", "51.1694", "71.4491"),
    "Chengdu": ("CHN", "30.5728", "104.0668"),
    "Tashkent": ("UZB", "41.2995", "69.2401"),
    "Brussels": ("BEL", "50.8503", "4.3517"),
    "Washington": ("USA", "38.9072", "-77.0369"),
    "Ashgabat": ("TKM", "37.9601", "58.3261"),
}
AS_OF = "2025-06-30"


def _event(
    event_id: str,
    start: str,
    event_type: str,
    city: str,
    *,
    end: str = "",
    status: str = "held",
    level: str = "leader",
    fmt: str = "",
    parent: str = "",
) -> dict[str, str]:
    host, lat, lon = CITIES[city]
    return {
        "event_id": event_id,
        "start_date": start,
        "end_date": end or start,
        "event_type": event_type,
        "status": status,
        "level": level,
        "format": fmt,
        "host_iso3": host,
        "city": city,
        "lat": lat,
        "lon": lon,
        "title": f"Event {event_id}",
        "summary": "A test event.",
        "source_url": f"https://example.org/{event_id}",
        "source_name": "Example",
        "parent_event_id": parent,
        "notes": "",
    }


EVENTS = [
    _event("ca0", "2021-08-06", "summit", "Ashgabat", fmt="Central Asia consultative meeting"),
    _event("v1", "2022-03-01", "meeting", "Bishkek"),
    _event("v2", "2023-07-01", "official_visit", "Ankara"),
    _event("v3", "2024-07-01", "state_visit", "Astana"),
    _event("s1", "2024-07-03", "multilateral_summit", "Astana", end="2024-07-04", fmt="SCO"),
    _event("s1b", "2024-07-03", "meeting", "Astana", fmt="SCO", parent="s1"),
    _event("ca", "2024-08-09", "summit", "Astana", fmt="Central Asia consultative meeting"),
    _event(
        "ca2",
        "2024-08-09",
        "meeting",
        "Astana",
        level="minister",
        fmt="Central Asia consultative meeting",
    ),
    _event("m1", "2024-10-10", "summit", "Chengdu", level="minister", fmt="China–Central Asia"),
    _event("m2", "2025-02-01", "meeting", "Tashkent", level="minister"),
    _event("st", "2025-03-01", "statement", "Brussels"),
    _event("c1", "2025-05-05", "summit", "Washington", status="cancelled", fmt="C5+1"),
    _event("a1", "2025-09-01", "summit", "Astana", status="announced", fmt="China–Central Asia"),
]

FIVE = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
PARTICIPANTS: list[tuple[str, str, str, str]] = [
    *[("ca0", s, "", "") for s in ("KAZ", "KGZ", "TKM")],
    ("v1", "TUR", "", ""),
    ("v1", "KGZ", "", ""),
    ("v2", "TUR", "", ""),
    ("v2", "TKM", "", ""),
    ("v3", "RUS", "", ""),
    ("v3", "KAZ", "", ""),
    *[("s1", a, "", "") for a in ("RUS", "CHN", "KAZ", "KGZ", "UZB")],
    ("s1b", "CHN", "", ""),
    ("s1b", "UZB", "", ""),
    *[("ca", s, "", "") for s in FIVE],
    ("ca2", "KAZ", "", ""),
    ("ca2", "UZB", "", ""),
    *[("m1", a, "", "") for a in ("CHN", *FIVE)],
    ("m2", "EU", "", ""),
    ("m2", "UZB", "", ""),
    ("st", "EU", "", ""),
    ("st", "KAZ", "", ""),
    ("c1", "USA", "", ""),
    ("c1", "KAZ", "", ""),
    ("c1", "UZB", "", ""),
    *[("a1", a, "", "") for a in ("CHN", *FIVE)],
]


def make_analysis_folder(folder: Path, as_of: str | None = AS_OF) -> Path:
    make_folder(folder, EVENTS, PARTICIPANTS)
    if as_of is not None:
        (folder / "meta.csv").write_text(f"key,value\nas_of,{as_of}\n", encoding="utf-8")
    return folder
