"""What is wrong with an input, and where: the one error type every reader raises."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: where (file, spreadsheet row, column) and what."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class DataError(Exception):
    """A data folder or file that cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems[:50]))


class ProblemLog:
    """The problems of one input as they are found.

    Every row with a problem is remembered (so it is never taken for a good row); the first
    ``limit`` problems are kept in full and the rest only counted, so a file that is wrong
    in every cell costs a bounded list, not one object per cell.
    """

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit
        self.kept: list[Problem] = []
        self.rows: set[int] = set()
        self.more = 0

    def add(self, problem: Problem) -> None:
        if problem.row is not None:
            self.rows.add(problem.row)
        if self.limit is None or len(self.kept) < self.limit:
            self.kept.append(problem)
        else:
            self.more += 1

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def __len__(self) -> int:
        return len(self.kept) + self.more
