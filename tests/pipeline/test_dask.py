"""Tiling on a real Dask cluster: a scheduler and two workers started on 127.0.0.1.

The output is file for file a local run's; a worker killed with -9 mid-batch costs
nothing; a job that crashes its process fails alone and takes no worker with it.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")
from distributed import Client  # noqa: E402

from eheritage.errors import ConfigError  # noqa: E402
from eheritage.pipeline.dask_runner import DaskRunner, parse_cluster  # noqa: E402
from eheritage.pipeline.tile import tile  # noqa: E402
from harness import free_port  # noqa: E402

from .test_tile import scan, tree  # noqa: E402

DASK = [sys.executable, "-m", "distributed.cli"]


def workers_of(address: str) -> dict[str, int]:
    """Worker address -> its process id, as the scheduler knows them."""
    with Client(address, timeout=30) as client:
        return client.run(os.getpid)


def wait_for_workers(address: str, count: int, timeout: float = 60) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if len(found := workers_of(address)) == count:
                return found
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"the cluster did not reach {count} workers")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """tcp://127.0.0.1:PORT of a scheduler with two single-threaded workers (each under its nanny)."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask-logs")
    started = [subprocess.Popen([*DASK[:2], "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", str(port),
                                 "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=(logs / "scheduler.log").open("w"))]
    for n in range(2):
        started.append(subprocess.Popen([*DASK[:2], "distributed.cli.dask_worker", address, "--nworkers", "1",
                                         "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard"],
                                        stdout=subprocess.DEVNULL, stderr=(logs / f"worker{n}.log").open("w")))
    try:
        wait_for_workers(address, 2)
        yield address
    finally:
        for process in reversed(started):
            process.terminate()
        for process in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """Eight scans, and what a local run publishes from them."""
    folder = tmp_path_factory.mktemp("scans")
    for n in range(8):
        scan(folder / f"scan-{n}.{'jpg' if n % 2 else 'png'}", width=1600 + 40 * n, height=1200, seed=n)
    local = tmp_path_factory.mktemp("local") / "out"
    report = tile([folder], local, workers=1)
    assert all(image.status == "done" for image in report.images)
    return folder, tree(local)


def test_tiling_on_the_cluster_gives_file_for_file_what_a_local_run_gives(cluster, scans, tmp_path: Path) -> None:
    folder, expected = scans
    done = subprocess.run([sys.executable, "-m", "eheritage", "tile", str(folder), "-o", str(tmp_path / "out"),
                           "--cluster", cluster, "--json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert tree(tmp_path / "out") == expected


def test_a_worker_killed_mid_batch_costs_nothing(cluster, scans, tmp_path: Path) -> None:
    folder, expected = scans
    first_done = threading.Event()
    before = wait_for_workers(cluster, 2)
    victim = next(iter(before.values()))
    done_so_far, done_at_kill = [0], [0]

    def progress(done: int, total: int, current: str) -> None:
        done_so_far[0] = done
        if done:
            first_done.set()

    def kill_once_started() -> None:
        if first_done.wait(120):
            os.kill(victim, signal.SIGKILL)
            done_at_kill[0] = done_so_far[0]

    killer = threading.Thread(target=kill_once_started)
    killer.start()
    with DaskRunner(cluster) as runner:
        report = tile([folder], tmp_path / "out", runner=runner, progress=progress)
    killer.join()
    assert 0 < done_at_kill[0] < 8  # killed mid-batch
    assert victim not in wait_for_workers(cluster, 2).values()  # it was killed, and its nanny started another
    assert [image.status for image in report.images] == ["done"] * 8
    assert tree(tmp_path / "out") == expected


def test_a_job_that_crashes_its_process_fails_alone_and_takes_no_worker(cluster) -> None:
    before = wait_for_workers(cluster, 2)
    with DaskRunner(cluster) as runner:
        outcomes = list(runner.map_unordered(ctypes.string_at, [0, b"ok", 0]))
    errors = [outcome.error for job, outcome in outcomes if job == 0]
    assert len(errors) == 2 and all("crashed (SIGSEGV)" in error for error in errors)
    assert [outcome.value for job, outcome in outcomes if job == b"ok"] == [b"ok"]
    assert wait_for_workers(cluster, 2) == before  # the same workers: none was lost or restarted


def test_workers_that_cannot_see_a_path_are_named_before_any_job(cluster, tmp_path: Path) -> None:
    with DaskRunner(cluster) as runner:
        runner.check_shared([tmp_path])
        with pytest.raises(ConfigError) as refused:
            runner.check_shared([tmp_path / "only-here"])
    assert "does not see" in str(refused.value) and "only-here" in str(refused.value)
    assert "shared filesystem" in refused.value.hint


@pytest.mark.parametrize(("given", "expected"), [("local", ("local", None)), ("local:3", ("local", 3)),
                                                 ("tcp://10.0.0.5:8786", ("tcp://10.0.0.5:8786", None))])
def test_cluster_values(given: str, expected: tuple[str, int | None]) -> None:
    assert parse_cluster(given) == expected


@pytest.mark.parametrize("given", ["local:0", "local:many", "10.0.0.5:8786"])
def test_a_wrong_cluster_value_is_a_usage_error(given: str) -> None:
    with pytest.raises(ConfigError):
        parse_cluster(given)


def test_an_unreachable_scheduler_is_a_usage_error_saying_how_to_start_one(tmp_path: Path) -> None:
    scans = tmp_path / "scans"
    scans.mkdir()
    scan(scans / "a.png")
    done = subprocess.run([sys.executable, "-m", "eheritage", "tile", str(scans), "-o", str(tmp_path / "out"),
                           "--cluster", f"tcp://127.0.0.1:{free_port()}"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "cannot reach the Dask scheduler" in done.stderr and "dask scheduler" in done.stderr


def test_publishing_the_samples_on_the_cluster_publishes_what_a_local_run_does(cluster, tmp_path: Path) -> None:
    batch = Path(__file__).resolve().parents[2] / "samples" / "batch.toml"
    trees = []
    for name, extra in (("local", []), ("cluster", ["--cluster", cluster])):
        done = subprocess.run([sys.executable, "-m", "eheritage", "publish", "--batch", str(batch), "-o", str(tmp_path / name),
                               "--no-site", "--json", *extra], capture_output=True, text=True, timeout=300)
        assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr  # the samples hold broken scans
        trees.append(tree(tmp_path / name))
    assert trees[0] == trees[1] and len(trees[0]) > 100
