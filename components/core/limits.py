"""What one uploaded file may hold, checked while it is read so memory follows these numbers.

Every reader of user input (CSV, Excel, JSON, GDELT) stops as soon as a file goes past a
limit: a file of ten million one-cell lines costs what its first 200,001 rows cost.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 50 * 1024 * 1024
MAX_ROWS = 200_000
# Cells in one row: the format has 16 columns; a few more are ignored with a warning.
MAX_COLUMNS = 50
# Characters in one cell. Text columns accept 2,000 (components.core.schema); a longer cell
# in any column rejects its row while the file is read, without being kept.
MAX_CELL_CHARS = 10_000
# Participants of one event (a summit of every OSCE state would still fit).
MAX_PARTICIPANTS = 100
# Problems kept in full per file (listed and in the report); further ones are counted.
MAX_PROBLEMS = 10_000
# JSON: levels of nesting (the format needs 4: {"events": [{"participants": [...]}]}) and
# characters in one number (Python refuses integers past 4,300 digits).
JSON_MAX_DEPTH = 20
JSON_MAX_NUMBER_CHARS = 100
# JSON values in a file (commas and brackets are counted before decoding, so one huge
# record cannot build millions of Python objects first): 20 a row.
JSON_MAX_VALUES = 20 * MAX_ROWS
# Excel: the shared strings of a workbook are read whole, so their unpacked size is capped.
XLSX_MAX_SHARED_STRINGS_BYTES = MAX_BYTES


@dataclass(frozen=True)
class ReadLimits:
    """Limits a reader applies while reading; None means no limit (the project's own data)."""

    rows: int | None = None
    columns: int | None = None
    cell_chars: int | None = None


UPLOAD_LIMITS = ReadLimits(rows=MAX_ROWS, columns=MAX_COLUMNS, cell_chars=MAX_CELL_CHARS)
NO_LIMITS = ReadLimits()
