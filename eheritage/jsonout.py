"""JSON for people and scripts alike, written piece by piece: `report.json` and `--json`.

Objects are indented; each entry of a list (a record, an image, a problem) takes one line,
which reads and greps well, and which the C encoder writes fast. A report of a national
catalogue lists a million records: its lists can be `Array`s, converted item by item on
the way out, so neither their dicts nor the document's text are ever held whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sized
from typing import Any, Generic, Protocol, TextIO, TypeVar

T = TypeVar("T")


class _SizedIterable(Sized, Iterable[T], Protocol[T]):
    pass


class Array(Generic[T]):
    """A JSON array of `items`, each passed through `convert` as it is written."""

    def __init__(self, items: _SizedIterable[T], convert: Callable[[T], Any] | None = None) -> None:
        self._items, self._convert = items, convert

    def __iter__(self) -> Iterator[Any]:
        convert = self._convert
        return iter(self._items) if convert is None else (convert(item) for item in self._items)

    def __len__(self) -> int:
        return len(self._items)


def write_json(value: Any, stream: TextIO) -> None:
    """`value` as one JSON document, ending in a newline."""
    _write(value, stream, "")
    stream.write("\n")


def _write(value: Any, stream: TextIO, indent: str) -> None:
    inner = indent + "  "
    if isinstance(value, dict) and value:
        separator = "{\n"
        for key, item in value.items():
            stream.write(f"{separator}{inner}{_dumps(key)}: ")
            _write(item, stream, inner)
            separator = ",\n"
        stream.write(f"\n{indent}}}")
    elif isinstance(value, (list, tuple, Array)) and len(value):
        separator = "[\n"
        for item in value:
            stream.write(separator + inner)
            if _entry_like(item):
                stream.write(_dumps(item))
            else:
                _write(item, stream, inner)
            separator = ",\n"
        stream.write(f"\n{indent}]")
    else:
        stream.write(_dumps([] if isinstance(value, Array) else value))


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _entry_like(value: Any) -> bool:
    """One record's, image's or problem's entry: an object holding no list, however deep."""
    if isinstance(value, Array):
        return False
    if isinstance(value, list):
        return not value
    return not isinstance(value, dict) or all(_entry_like(item) for item in value.values())
