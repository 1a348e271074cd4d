"""An append-only list that keeps its items on disk once it outgrows memory.

What a run reports per record (the records published without images, each record's
Europeana tiers) is read once at the end, for the report; a national catalogue has a
million of them. Held as objects they would be most of a publish's memory, so beyond
`IN_MEMORY` items they are pickled, a batch at a time, into an anonymous temporary file
(gone when the spool is, or the process dies), and read back in order when iterated.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Generic, TypeVar

T = TypeVar("T")

#: Items kept as objects before a batch is written out: small catalogues never touch the disk.
IN_MEMORY = 10_000


class Spool(Generic[T]):
    """Items appended in order and iterated, any number of times, in that order."""

    def __init__(self, items: Iterable[T] = (), *, in_memory: int = IN_MEMORY) -> None:
        self._limit = in_memory
        self._recent: list[T] = []
        self._file: IO[bytes] | None = None
        self._spilled = 0
        self.extend(items)

    def append(self, item: T) -> None:
        self._recent.append(item)
        if len(self._recent) >= self._limit:
            self._spill()

    def extend(self, items: Iterable[T]) -> None:
        for item in items:
            self.append(item)

    def _spill(self) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="eheritage-spool-")
        self._file.seek(0, 2)
        pickle.dump(self._recent, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self._spilled += len(self._recent)
        self._recent = []

    def __iter__(self) -> Iterator[T]:
        if self._file is not None:
            self._file.seek(0)
            read = 0
            while read < self._spilled:
                batch = pickle.load(self._file)
                read += len(batch)
                position = self._file.tell()  # an append between two items moves the file's offset
                yield from batch
                self._file.seek(position)
        yield from self._recent

    def __len__(self) -> int:
        return self._spilled + len(self._recent)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Spool):
            return list(self) == list(other)
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, like a list

    def __repr__(self) -> str:
        return f"Spool({len(self)} items)"
