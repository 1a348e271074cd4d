"""Records handed over one by one, worked on a chunk at a time in helper processes, with
each chunk's result given back in the order the chunks were made.

A verb that streams a catalogue (describe, publish) keeps reading rows in its own process
while the helpers turn whole chunks into files: one process alone would leave the other
cores idle. Few chunks are in flight at once, so memory stays flat however long the
catalogue. With no helper processes the same work runs in-process: each verb decides
from what size its helpers pay (`--workers 1` never starts them).

Helpers start with `forkserver`, like the tiling workers, and import only the work's module.
What every chunk is worked with (a profile, the options, an archive's hierarchy) is sent
to each helper once, when it starts, not with every chunk.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, Generic, TypeVar

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")

#: Items a chunk holds: large enough that pickling is cheap per record.
CHUNK = 250


def helper_count(rows: int, workers: int | None, *, from_rows: int) -> int:
    """How many helper processes a verb starts for `rows`: `workers` when given (1: none, all
    in this process), else one per core once there are `from_rows` rows, where they pay."""
    if workers is not None:
        return 0 if workers == 1 else workers
    cores = os.cpu_count() or 1
    return cores if rows >= from_rows and cores > 1 else 0


#: In a helper process: the context its Chunks was made with.
_context: Any = None


def _remember(context: object) -> None:
    global _context
    _context = context


def _work_on(work: Callable[[Any, list[T]], R], chunk: list[T]) -> R:
    return work(_context, chunk)


class Chunks(Generic[C, T, R]):
    """`work(context, chunk)` over items added one by one; use as a context manager.

    With `processes` > 0, `work` must be a module-level function and `context` picklable.
    A chunk's exception is raised, in order, by the `add` or `finish` that would have
    returned its result.
    """

    def __init__(self, work: Callable[[C, list[T]], R], context: C, processes: int, *, chunk: int = CHUNK) -> None:
        self._work, self._context, self._size = work, context, chunk
        self._pool = None
        if processes > 0:
            self._pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("forkserver"),
                                             initializer=_remember, initargs=(context,))
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
        self._pending.append(self._pool.submit(_work_on, self._work, chunk) if self._pool else self._work(self._context, chunk))

    def _take(self) -> R:
        done = self._pending.popleft()
        return done.result() if isinstance(done, Future) else done

    def __enter__(self) -> Chunks[C, T, R]:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
