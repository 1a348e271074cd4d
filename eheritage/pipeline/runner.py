"""Run one function over many jobs in isolated worker processes.

`Runner` is the small interface the verbs use, so the local pool below can be swapped for a
distributed engine (e.g. Dask's `client.map` + `as_completed`) without touching image code.

`LocalRunner` keeps one long-lived process per slot, started with `forkserver` (or `spawn`):
forking a process in which libvips has already run can deadlock. Each job gets a deadline;
a worker that overruns it is killed and replaced, and so is one that dies (a segfault in a
decoder), so one bad image fails alone and the batch goes on.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from multiprocessing import forkserver
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from eheritage.errors import ConfigError, EheritageError, os_error_message

J = TypeVar("J")
R = TypeVar("R")


@dataclass(frozen=True)
class Outcome(Generic[R]):
    """What became of one job: its value, or an error message a person can read."""

    value: R | None = None
    error: str | None = None


@dataclass(frozen=True)
class WorkerFunction:
    """A module-level function named rather than imported.

    The process that hands out jobs never loads what only the workers need (libvips for
    tiling), and the name pickles as two strings for any runner, local or distributed.
    """

    module: str
    name: str

    def __call__(self, job: Any) -> Any:
        return getattr(import_module(self.module), self.name)(job)


class Runner(Protocol):
    def check_shared(self, paths: Sequence[Path]) -> None:
        """Refuse (ConfigError) unless wherever jobs run sees `paths` as this process does."""
        ...

    def map_unordered(
        self, fn: Callable[[J], R], jobs: Iterable[J], *, timeout: float | None = None
    ) -> Iterator[tuple[J, Outcome[R]]]:
        """Yield (job, outcome) as each finishes; never raise for one job's failure.

        `fn` and the jobs must be picklable: a module-level function or a `WorkerFunction`
        naming one, plain data.
        """
        ...


@contextmanager
def runner_for(cluster: str | None, workers: int | None) -> Iterator[Runner]:
    """The local pool of `workers` processes, or with `cluster` (`--cluster`) a Dask one."""
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers {workers} is not valid", hint="use 1 or more")
    if cluster is None:
        yield LocalRunner(workers)
        return
    from eheritage.pipeline.dask_runner import DaskRunner  # only then: distributed is an optional extra

    if workers is not None:
        if cluster != "local":
            raise ConfigError(f"--workers {workers} with --cluster {cluster}: a cluster's workers are its own",
                              hint=f"leave out --workers, or write --cluster local:{workers} for a cluster on this machine")
        cluster = f"local:{workers}"
    with DaskRunner(cluster) as runner:
        yield runner


def default_workers() -> int:
    """One worker per core this process may use: libvips also threads within an image."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _serve(conn: Connection, fn: Callable[[Any], Any]) -> None:
    """Worker loop: run jobs until told to stop. Ctrl-C is the parent's to handle.

    A parent that is gone (killed, or stopping on SIGTERM) closes the pipe: the worker
    then just ends, without a traceback on the terminal it shares.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        while (job := conn.recv()) is not None:
            conn.send(_run(fn, job))
    except (EOFError, OSError):
        return


def _run(fn: Callable[[Any], Any], job: Any) -> Outcome[Any]:
    try:
        return Outcome(value=fn(job))
    except EheritageError as err:
        return Outcome(error=str(err))
    except OSError as err:
        message, _ = os_error_message(err)
        return Outcome(error=message)
    except Exception as err:  # noqa: BLE001 - a bug in one job must not end the batch
        return Outcome(error=f"{type(err).__name__}: {err}")


class _Worker:
    """One process, its pipe, and the job it is working on."""

    def __init__(self, context: multiprocessing.context.BaseContext, fn: Callable[[Any], Any]) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, fn), daemon=True)
        self.process.start()
        child.close()
        self.job: Any = None
        self.deadline = float("inf")

    def give(self, job: Any, timeout: float | None) -> None:
        self.job = job
        self.deadline = time.monotonic() + timeout if timeout else float("inf")
        self.conn.send(job)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def start_forkserver(preload: list[str]) -> None:
    """Start the process workers fork from, importing `preload` there, without waiting for it.

    Started early, its imports (pyvips...) run on another core while the caller is still
    busy. Does nothing where forkserver is unavailable or the server already runs.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        forkserver.set_forkserver_preload(["eheritage.pipeline.quiet_exit", *preload])
        forkserver.ensure_running()


class LocalRunner:
    """A pool of worker processes on this machine."""

    def check_shared(self, paths: Sequence[Path]) -> None:
        """Workers on this machine see what this process sees."""

    def __init__(self, workers: int | None = None, start_method: str | None = None) -> None:
        self.workers = workers or default_workers()
        methods = multiprocessing.get_all_start_methods()
        self._context = multiprocessing.get_context(start_method or ("forkserver" if "forkserver" in methods else "spawn"))

    def map_unordered(
        self, fn: Callable[[J], R], jobs: Iterable[J], *, timeout: float | None = None
    ) -> Iterator[tuple[J, Outcome[R]]]:
        pending = list(jobs)
        pending.reverse()  # pop() from the end keeps the given order
        if self._context.get_start_method() == "forkserver":
            # Workers fork from a server that has imported fn's module (pyvips...) but has never
            # run libvips: no libvips threads exist yet, so forking there is safe and saves
            # each worker the imports. Only the first pool of a process starts the server.
            start_forkserver([fn.module if isinstance(fn, WorkerFunction) else fn.__module__])
        pool = [_Worker(self._context, fn) for _ in range(min(self.workers, len(pending)))]
        busy: list[_Worker] = []
        try:
            for worker in pool:
                worker.give(pending.pop(), timeout)
                busy.append(worker)
            while busy:
                for worker, outcome in self._finished(busy, timeout):
                    busy.remove(worker)
                    yield worker.job, outcome
                    if not worker.process.is_alive():  # crashed or killed: replace it
                        pool.remove(worker)
                        worker.stop()
                        if not pending:
                            continue
                        worker = _Worker(self._context, fn)
                        pool.append(worker)
                    if pending:
                        worker.give(pending.pop(), timeout)
                        busy.append(worker)
        finally:
            for worker in pool:
                if worker in busy:
                    worker.stop()  # interrupted mid-job: its scratch folder is swept next run
                else:
                    _shutdown(worker)

    def _finished(self, busy: list[_Worker], timeout: float | None) -> list[tuple[_Worker, Outcome[Any]]]:
        """Wait until some workers answer, die or overrun; kill the last two kinds."""
        now = time.monotonic()
        wait_for = max(0.0, min(worker.deadline for worker in busy) - now) if timeout else None
        ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=wait_for))
        done = []
        for worker in busy:
            if worker.conn in ready and worker.conn.poll():
                done.append((worker, _receive(worker)))
            elif worker.process.sentinel in ready:
                worker.process.join()
                done.append((worker, Outcome(error=_death(worker.process.exitcode))))
            elif time.monotonic() >= worker.deadline:
                worker.process.kill()
                worker.process.join()
                done.append((worker, Outcome(error=f"timed out after {timeout:g} s; the worker was stopped")))
        return done


def _receive(worker: _Worker) -> Outcome[Any]:
    try:
        return worker.conn.recv()
    except (EOFError, OSError):
        worker.process.join()
        return Outcome(error=_death(worker.process.exitcode))


def _death(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"the worker process crashed ({name}) while working on it"
    return f"the worker process exited unexpectedly (exit code {exitcode}) while working on it"


def _shutdown(worker: _Worker) -> None:
    """Ask an idle worker to stop, so it exits cleanly."""
    if worker.process.is_alive():
        try:
            worker.conn.send(None)
            worker.process.join(timeout=2)
        except OSError:
            pass
    worker.stop()
