"""Records handed over one by one, worked on a chunk at a time in helper processes, with
each chunk's result given back in the order the chunks were made.

A verb that streams a catalogue (describe, publish) keeps reading rows in its own process
while the helpers turn whole chunks into files: one process alone would leave the other
cores idle. Few chunks are in flight at once, so memory stays flat however long the
catalogue. With no helper processes the same work runs in-process: each verb decides
from what size its helpers pay (`--workers 1` never starts them).

Helpers start with `forkserver`, like the tiling workers, and import only the work's module.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Generic, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Items a chunk holds: large enough that pickling is cheap per record.
CHUNK = 250


class Chunks(Generic[T, R]):
    """`work(chunk)` over items added one by one; use as a context manager.

    `work` must be picklable when `processes` > 0 (a module-level function, or a
    `functools.partial` of one over plain data). A chunk's exception is raised, in order,
    by the `add` or `finish` that would have returned its result.
    """

    def __init__(self, work: Callable[[list[T]], R], processes: int, *, chunk: int = CHUNK) -> None:
        self._work, self._size = work, chunk
        context = multiprocessing.get_context("forkserver")
        self._pool = ProcessPoolExecutor(processes, mp_context=context) if processes > 0 else None
        self._in_flight = 2 * processes + 1
        self._pending: deque[Future[R] | R] = deque()
        self._chunk: list[T] = []

    def add(self, item: T) -> list[R]:
        """Queue `item`; return the results of earlier chunks, once too many are in flight."""
        self._chunk.append(item)
        if len(self._chunk) >= self._size:
            self._submit()
        done = []
        while len(self._pending) > self._in_flight:
            done.append(self._take())
        return done

    def finish(self) -> list[R]:
        """Work on the last, partial chunk; return every result not yet returned."""
        self._submit()
        done = []
        while self._pending:
            done.append(self._take())
        return done

    def _submit(self) -> None:
        if not self._chunk:
            return
        chunk, self._chunk = self._chunk, []
        self._pending.append(self._pool.submit(self._work, chunk) if self._pool else self._work(chunk))

    def _take(self) -> R:
        done = self._pending.popleft()
        return done.result() if isinstance(done, Future) else done

    def __enter__(self) -> Chunks[T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
