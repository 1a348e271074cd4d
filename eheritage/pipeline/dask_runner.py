"""Jobs on a Dask cluster, behind the same `Runner` seam as the local pool.

`--cluster tcp://HOST:PORT` names a running scheduler; `--cluster local` or `local:N`
starts a LocalCluster of N workers here. Jobs go out with `client.map` and come back with
`as_completed`, in the order they finish.

Each job runs on its Dask worker inside a process of its own (a one-slot `LocalRunner`):
a scan that crashes its decoder kills that process, not the worker, so it fails alone
with a reason, instead of Dask rescheduling it onto worker after worker. A worker that is
lost (killed, its machine gone) is another matter: Dask reschedules what it held, and
the output stays whole because every file is written by rename and the ledger is kept
here, from the outcomes.

Workers must see SOURCE and OUT at the same paths as this process: a shared filesystem.
`check_shared` asks every worker before any job is sent.

`distributed` is an optional extra: `pip install 'eheritage[dask]'`.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from eheritage.errors import ConfigError
from eheritage.pipeline.runner import LocalRunner, Outcome

J = TypeVar("J")
R = TypeVar("R")

#: Times a job is tried again when the machinery around it (not the job) raised.
RETRIES = 2


def parse_cluster(value: str) -> tuple[str, int | None]:
    """("local", N or None) or ("tcp://HOST:PORT", None) from a --cluster value."""
    if value == "local":
        return "local", None
    if value.startswith("local:"):
        count = value.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise ConfigError(f"--cluster {value}: the number of local workers must be 1 or more",
                              hint="write local, local:4, or a scheduler address such as tcp://10.0.0.5:8786")
        return "local", int(count)
    if "://" not in value:
        raise ConfigError(f"--cluster {value} is not a scheduler address",
                          hint="write tcp://HOST:PORT (as `dask scheduler` prints it), or local / local:N")
    return value, None


class DaskRunner:
    """A Dask distributed client (and, for `local`, the LocalCluster it started)."""

    def __init__(self, cluster: str, *, timeout: float = 30) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ConfigError("--cluster needs Dask distributed, which is not installed",
                              hint="pip install 'eheritage[dask]'") from None
        address, workers = parse_cluster(cluster)
        self._cluster = None
        try:
            if address == "local":
                self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, host="127.0.0.1",
                                             dashboard_address=None, processes=True)
                self.client = Client(self._cluster, timeout=timeout)
            else:
                _reachable(address)
                self.client = Client(address, timeout=timeout)
        except OSError as err:
            self.close()
            raise ConfigError(f"cannot reach the Dask scheduler at {address}: {err}",
                              hint="start it with `dask scheduler`, and workers with `dask worker ADDRESS`") from None

    def close(self) -> None:
        for part in (getattr(self, "client", None), self._cluster):
            if part is not None:
                part.close()

    def __enter__(self) -> DaskRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_shared(self, paths: Sequence[Path]) -> None:
        """Refuse to start unless every worker sees each of `paths` (SOURCE and OUT) as this process does."""
        wanted = [str(path.resolve()) for path in paths]
        seen = self.client.run(_visible, wanted)
        if not seen:
            raise ConfigError("the Dask cluster has no workers", hint="start some with `dask worker SCHEDULER-ADDRESS`")
        for worker, missing in sorted(seen.items()):
            if missing:
                raise ConfigError(f"Dask worker {worker} does not see {missing[0]}",
                                  hint="workers read the scans and write OUT themselves: mount both at the same paths "
                                       "on every worker (a shared filesystem)")

    def map_unordered(
        self, fn: Callable[[J], R], jobs: Iterable[J], *, timeout: float | None = None
    ) -> Iterator[tuple[J, Outcome[R]]]:
        from distributed import as_completed

        pending = list(jobs)
        futures = self.client.map(_isolated, pending, fn=fn, timeout=timeout, pure=False, retries=RETRIES)
        index = {future.key: n for n, future in enumerate(futures)}
        try:
            for future in as_completed(futures):
                yield pending[index[future.key]], _outcome(future)
        finally:
            self.client.cancel([future for future in futures if not future.done()])


def _reachable(address: str) -> None:
    """Fail at once when nothing listens at a tcp:// address; the client would retry for its whole timeout."""
    parts = urlsplit(address)
    if parts.scheme == "tcp" and parts.hostname and parts.port:
        socket.create_connection((parts.hostname, parts.port), timeout=5).close()


def _outcome(future: Any) -> Outcome[Any]:
    """The job's Outcome; the machinery's failure (a worker lost too often) as one."""
    try:
        return future.result()
    except Exception as err:  # noqa: BLE001 - KilledWorker and the like: this job fails, the batch goes on
        return Outcome(error=f"the cluster could not run it: {type(err).__name__}: {err}")


def _isolated(job: Any, fn: Callable[[Any], Any], timeout: float | None) -> Outcome[Any]:
    """Run on a Dask worker: `fn(job)` in a process of its own, so that a crash stays there."""
    with _children_allowed():
        for _, outcome in LocalRunner(1).map_unordered(fn, [job], timeout=timeout):
            return outcome
    raise RuntimeError("the job's process gave no outcome")


@contextmanager
def _children_allowed() -> Iterator[None]:
    """Let this (daemonic) Dask worker process start the job's process.

    Dask starts its workers as daemonic processes, and multiprocessing refuses children to
    those, lest they outlive their parent. A job's process cannot: it ends when its pipe to
    this one closes (`runner._serve`). multiprocessing keeps the flag only in this private
    dictionary, so it is lifted there, for the moment the process is started."""
    config = multiprocessing.current_process()._config  # type: ignore[attr-defined]
    daemon = config.get("daemon", False)
    config["daemon"] = False
    try:
        yield
    finally:
        config["daemon"] = daemon


def _visible(paths: list[str]) -> list[str]:
    """Run on each worker: those of `paths` it cannot see."""
    return [path for path in paths if not os.path.exists(path)]
