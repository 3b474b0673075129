"""Read the records of a JSON file without trusting its shape.

The records of the top-level list (or of the list under ``"events"``) are decoded one at a
time, so a caller can turn each into cells and drop it: memory follows what is kept, not
Python's objects for the whole document. Every way a file can exceed the parser is a
:class:`DataError` naming the file (and the record, where there is one):

- nesting deeper than :data:`JSON_MAX_DEPTH` inside a record, or deep enough to exhaust
  Python's recursion limit anywhere (which would otherwise be a ``RecursionError``);
- a number longer than :data:`JSON_MAX_NUMBER_CHARS` (Python refuses to convert integers
  of more than 4,300 digits with a ``ValueError``); numbers are kept as written;
- more values than :data:`JSON_MAX_VALUES`, counted before anything is decoded.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from components.core.errors import DataError, Problem
from components.core.limits import JSON_MAX_DEPTH, JSON_MAX_NUMBER_CHARS, JSON_MAX_VALUES

_WHITESPACE = re.compile(r"[ \t\n\r]*")
SHAPE = 'must hold a list of event objects, or {"events": [...]}'


class _NumberTooLongError(ValueError):
    def __init__(self, length: int) -> None:
        super().__init__(length)
        self.length = length


def _number(text: str) -> str:
    """A JSON number kept as written (so '51.10' stays '51.10'), if it is not too long."""
    if len(text) > JSON_MAX_NUMBER_CHARS:
        raise _NumberTooLongError(len(text))
    return text


_DECODER = json.JSONDecoder(parse_int=_number, parse_float=_number, parse_constant=str)


def depth(value: object) -> int:
    """Levels of lists and objects in a decoded value (a scalar is 0, [] is 1), iteratively."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in children)
    return deepest


def _skip(text: str, pos: int) -> int:
    match = _WHITESPACE.match(text, pos)
    return match.end() if match else pos


def _problem(file_label: str, record: int | None, message: str) -> DataError:
    return DataError([Problem(file_label, record, None, message)])


def _invalid(file_label: str, text: str, pos: int, message: str) -> DataError:
    line = text.count("\n", 0, pos) + 1
    column = pos - text.rfind("\n", 0, pos)
    return _problem(
        file_label, None, f"is not valid JSON ({message}: line {line}, column {column})"
    )


def _decode(text: str, pos: int, file_label: str, record: int | None) -> tuple[object, int]:
    """One value at ``pos``, with every parser failure turned into a DataError."""
    # A record's number is the problem's row; a problem outside the records says so.
    where = "" if record is not None else " outside the event records"
    try:
        return _DECODER.raw_decode(text, pos)
    except json.JSONDecodeError as exc:
        raise _invalid(file_label, text, exc.pos, exc.msg) from exc
    except _NumberTooLongError as exc:
        raise _problem(
            file_label,
            record,
            f"has a number {exc.length:,} characters long{where}; "
            f"a number may have at most {JSON_MAX_NUMBER_CHARS}",
        ) from exc
    except RecursionError as exc:
        raise _problem(
            file_label,
            record,
            f"is nested too deeply{where}; an event may nest at most {JSON_MAX_DEPTH} levels",
        ) from exc


def _expect(text: str, pos: int, char: str, file_label: str, message: str) -> int:
    pos = _skip(text, pos)
    if not text.startswith(char, pos):
        raise _invalid(file_label, text, pos, message)
    return _skip(text, pos + 1)


def records(text: str, file_label: str) -> Iterator[tuple[int, object]]:
    """(record number from 1, decoded record) for each element of the file's event list."""
    values = text.count(",") + text.count("[") + text.count("{")
    if values > JSON_MAX_VALUES:
        raise _problem(
            file_label,
            None,
            f"has about {values:,} values; a JSON file may hold at most {JSON_MAX_VALUES:,}",
        )
    pos = _skip(text, 0)
    wrapped = text.startswith("{", pos)
    if wrapped:
        pos = yield from _wrapped_records(text, pos + 1, file_label)
    elif text.startswith("[", pos):
        pos = yield from _list_records(text, pos + 1, file_label)
    else:
        # Not a list or an object: decode it anyway, to say what is wrong with it.
        _decode(text, pos, file_label, None)
        raise _problem(file_label, None, SHAPE)
    if _skip(text, pos) != len(text):
        raise _invalid(file_label, text, _skip(text, pos), "Extra data")


def _list_records(text: str, pos: int, file_label: str) -> Iterator[tuple[int, object]]:
    """The elements of a list whose '[' ends before ``pos``; returns the position after ']'."""
    pos = _skip(text, pos)
    if text.startswith("]", pos):
        return pos + 1
    number = 0
    while True:
        number += 1
        value, pos = _decode(text, pos, file_label, number)
        if depth(value) > JSON_MAX_DEPTH:
            raise _problem(
                file_label,
                number,
                f"is nested {depth(value)} levels deep; "
                f"an event may nest at most {JSON_MAX_DEPTH} levels",
            )
        yield number, value
        pos = _skip(text, pos)
        if text.startswith("]", pos):
            return pos + 1
        pos = _expect(text, pos, ",", file_label, "Expecting ',' delimiter")


def _wrapped_records(text: str, pos: int, file_label: str) -> Iterator[tuple[int, object]]:
    """The records under "events" of an object whose '{' ends before ``pos``; returns the
    position after its '}'. Other members are decoded (and so checked) and dropped."""
    found = False
    pos = _skip(text, pos)
    while not text.startswith("}", pos):
        key, pos = _decode(text, pos, file_label, None)
        if not isinstance(key, str):
            raise _invalid(
                file_label, text, pos, "Expecting property name enclosed in double quotes"
            )
        pos = _expect(text, pos, ":", file_label, "Expecting ':' delimiter")
        if key == "events" and not found and text.startswith("[", pos):
            found = True
            pos = yield from _list_records(text, pos + 1, file_label)
        else:
            _, pos = _decode(text, pos, file_label, None)
        pos = _skip(text, pos)
        if text.startswith("}", pos):
            break
        pos = _expect(text, pos, ",", file_label, "Expecting ',' delimiter")
        if text.startswith("}", pos):
            raise _invalid(file_label, text, pos, "Illegal trailing comma before end of object")
    if not found:
        raise _problem(file_label, None, SHAPE)
    return pos + 1
