"""Command line: propose candidate events from a news article, or score the development set.

    python -m components.extract ARTICLE [--published YYYY-MM-DD] [--url URL] --json
    python -m components.extract --score tests/extract_dev [--verbose]

ARTICLE is plain text (leading ``URL:`` and ``PUBLISHED:`` lines are honoured) or saved HTML;
``-`` reads standard input. Without ``--json`` the candidates are printed as a short table.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from components.core.extract import extract_events
from components.core.extract_score import score_folder

PRECISION_TARGET = 0.8
RECALL_TARGET = 0.7


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{value}' is not a date (YYYY-MM-DD)") from exc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m components.extract", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "article", nargs="?", help="article file (text or HTML), or - for standard input"
    )
    parser.add_argument("--published", type=_date, help="publication date, YYYY-MM-DD")
    parser.add_argument("--url", help="the article's address")
    parser.add_argument("--json", action="store_true", help="print the candidates as a JSON list")
    parser.add_argument(
        "--score", type=Path, metavar="FOLDER", help="score a development set folder"
    )
    parser.add_argument(
        "--verbose", action="store_true", help="with --score: list misses and extras"
    )
    args = parser.parse_args(argv)

    if args.score:
        score = score_folder(args.score)
        print(f"articles: {len(list((args.score / 'articles').glob('*.txt')))}")
        print(f"gold events (required): {score.required}")
        print(f"predicted (not set aside): {score.predicted}")
        print(f"matched: {score.matched}")
        print(f"precision: {score.precision:.3f} (target {PRECISION_TARGET})")
        print(f"recall: {score.recall:.3f} (target {RECALL_TARGET})")
        if args.verbose:
            for name, event in score.misses:
                print(f"MISS  {name}: {event['start_date']} {event['host_iso3']} {event['actors']}")
            for name, event in score.extras:
                print(
                    f"EXTRA {name}: {event['start_date']} {event['host_iso3']} {event['actors']} {event['event_type']}"
                )
        return 0 if score.precision >= PRECISION_TARGET and score.recall >= RECALL_TARGET else 1

    if not args.article:
        parser.error("give an article file (or --score FOLDER)")
    try:
        raw = (
            sys.stdin.read()
            if args.article == "-"
            else Path(args.article).read_text(encoding="utf-8-sig")
        )
    except (OSError, UnicodeDecodeError) as exc:
        print(f"{args.article}: cannot be read ({exc})", file=sys.stderr)
        return 2
    events = extract_events(raw, published=args.published, url=args.url)
    if args.json:
        print(json.dumps([e.to_dict() for e in events], ensure_ascii=False, indent=2))
        return 0
    if not events:
        print("no candidate events")
    for e in events:
        print(
            f"{e.start_date}..{e.end_date} [{e.date_precision}] {e.status:9} {e.event_type:19} "
            f"host={e.host_iso3 or '-'} city={e.city or '-'} actors={','.join(e.actors)} conf={e.confidence}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
