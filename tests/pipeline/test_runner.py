"""The local worker pool: results, errors, timeouts and crashes, each confined to its job.

The functions run in workers must be importable there, so these use standard-library ones.
"""

import ctypes
import subprocess
import sys
import time

import pytest

from eheritage.pipeline.runner import LocalRunner


def run(fn, jobs, **kwargs):
    runner_args = {k: kwargs.pop(k) for k in ("workers", "start_method") if k in kwargs}
    return list(LocalRunner(**runner_args).map_unordered(fn, jobs, **kwargs))


def test_every_job_comes_back_once_with_its_value():
    results = run(abs, [-3, -1, 2, -7, 5], workers=2)
    assert sorted((job, outcome.value) for job, outcome in results) == [(-7, 7), (-3, 3), (-1, 1), (2, 2), (5, 5)]
    assert all(outcome.error is None for _, outcome in results)


def test_a_named_function_runs_in_workers_without_loading_its_module_here():
    """How `tile` keeps libvips out of the parent: workers import what they run, the parent does not."""
    probe = (
        "import sys; from eheritage.pipeline.runner import LocalRunner, WorkerFunction\n"
        "results = LocalRunner(1).map_unordered(WorkerFunction('cmath', 'sqrt'), [-4])\n"
        "print([outcome.value for _, outcome in results], 'cmath' in sys.modules)"
    )
    printed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert printed.strip() == "[2j] False"


def test_an_exception_fails_only_its_job():
    results = dict(run(int, ["1", "x", "3"], workers=1))
    assert results["1"].value == 1 and results["3"].value == 3
    assert results["x"].value is None and "ValueError" in results["x"].error


def test_a_stuck_job_is_killed_at_its_timeout_and_the_batch_goes_on():
    start = time.monotonic()
    results = dict(run(time.sleep, [30, 0.01, 0.02], workers=1, timeout=1.5))
    assert time.monotonic() - start < 10
    assert "timed out after 1.5 s" in results[30].error
    assert results[0.01].error is None and results[0.02].error is None


def test_a_segfault_fails_only_its_job():
    results = run(ctypes.string_at, [0, b"ok", 0], workers=1)
    errors = [outcome.error for job, outcome in results if job == 0]
    assert len(errors) == 2 and all("crashed (SIGSEGV)" in error for error in errors)
    assert [outcome.value for job, outcome in results if job == b"ok"] == [b"ok"]


@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_start_methods_that_never_fork_a_libvips_parent(method):
    assert [outcome.value for _, outcome in run(abs, [-2], workers=1, start_method=method)] == [2]


def test_no_jobs_starts_no_workers():
    assert run(abs, [], workers=4) == []
