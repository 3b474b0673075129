"""Check a data folder, or one file of events, with the rules the dashboard applies.

Usage: python -m components.validate PATH [--data DIR]

PATH is a data folder (every table is checked) or a single events file (CSV, Excel,
JSON or a GDELT export, checked against the countries and actors of --data, by default
the shipped data/ folder). Problems are printed by file, row and column; the exit code is
1 when there are any, 2 when the reference data itself cannot be loaded.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from components.core.dataset import DEFAULT_DATA_DIR, load_dataset, load_tables
from components.core.errors import DataError, Problem
from components.core.userfiles import read_upload


def check_path(path: Path, data_dir: Path) -> tuple[list[Problem], list[str]]:
    """Problems and warnings for a folder or a file."""
    if path.is_dir():
        try:
            load_tables(path)
        except DataError as exc:
            return exc.problems, []
        return [], []
    if not path.exists():
        return [Problem(str(path), None, None, "does not exist")], []
    dataset = load_dataset(data_dir)
    try:
        result = read_upload(path.name, path.read_bytes(), dataset)
    except DataError as exc:
        return exc.problems, []
    return result.problems, result.warnings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument(
        "--data", type=Path, default=DEFAULT_DATA_DIR, help="reference folder for a single file"
    )
    args = parser.parse_args(argv)
    try:
        problems, warnings = check_path(args.path, args.data)
    except DataError as exc:
        print(f"The reference data in {args.data} cannot be loaded:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    for warning in warnings:
        print(f"warning: {warning}")
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {args.path}", file=sys.stderr)
        return 1
    print(f"{args.path}: no problems")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
