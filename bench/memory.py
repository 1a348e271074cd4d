"""Benchmark: peak memory of validate, describe and a metadata-only publish as catalogues grow.

Each command runs as `eheritage ...` in its own process on a generated museum CSV of N
rows; its peak RSS is read from the kernel (getrusage of the finished child), and the peak
of its whole process tree (its helper processes too) is sampled. The ratio printed is the
peak at the large size over the peak at the small one, against the ratio of row counts:
flat memory means a ratio near 1, whatever N.
Targets (issue 9): publish of 200,000 rows under 600 MiB; growth at most 1.5x from
20,000 to 200,000 rows. Issue 13: a metadata-only publish of 1,000,000 under 1 GiB, with
the catalog in SQLite and in PostgreSQL (`--postgres`: a throw-away server, started as the
tests start theirs; each publish gets a fresh database).

    python bench/memory.py [--small 20000] [--large 200000] [--commands validate,describe,publish]
                           [--max-growth 1.5]   # exit 1 when any command grows more (used by the tests)
    python bench/memory.py --commands publish --postgres
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil

from catalogues import write_museum_catalogue  # beside this script

def peak_rss(argv: list[str]) -> tuple[float, float, float]:
    """(peak RSS of the command's own process, peak of its whole process tree, seconds), in MiB.

    The process's own peak comes from the kernel (wait4). Its helper processes are counted
    by sampling the tree every 0.2 s and summing each process's proportional set size
    (shared pages split between the processes sharing them): what the machine must have."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    tree_peak = [0]
    sampler = threading.Thread(target=_sample_tree, args=(psutil.Process(process.pid), tree_peak), daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    sampler.join()
    if process.returncode not in (0, 1):
        sys.exit(f"{' '.join(argv)} failed ({process.returncode}): {process.stderr.read().decode()[-2000:]}")
    return usage.ru_maxrss / 1024, tree_peak[0] / 2**20, time.perf_counter() - started


def _sample_tree(root: psutil.Process, peak: list[int]) -> None:
    while True:
        try:
            tree = [root, *root.children(recursive=True)]
            if root.status() == psutil.STATUS_ZOMBIE:
                return
        except psutil.Error:
            return
        total = 0
        for member in tree:
            try:
                total += member.memory_full_info().pss
            except psutil.Error:
                pass
        peak[0] = max(peak[0], total)
        time.sleep(0.2)


def command(name: str, catalogue: Path, out: Path, catalog: str | None = None) -> list[str]:
    base = [sys.executable, "-m", "eheritage"]
    if name == "validate":
        return [*base, "validate", str(catalogue), "--profile", "museum", "--json"]
    if name == "describe":
        return [*base, "describe", str(catalogue), "--profile", "museum", "-o", str(out)]
    at = ["--catalog", catalog] if catalog else []
    return [*base, "publish", "--catalogue", str(catalogue), "--profile", "museum", "-o", str(out), "--json", *at]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=20_000)
    parser.add_argument("--large", type=int, default=200_000)
    parser.add_argument("--commands", default="validate,describe,publish")
    parser.add_argument("--max-growth", type=float, default=None, help="exit 1 if any command's growth exceeds this")
    parser.add_argument("--postgres", action="store_true", help="publish into a throw-away PostgreSQL server's databases")
    args = parser.parse_args()
    if args.postgres:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
        from postgres_server import fresh_database, postgres_server

        with postgres_server() as server:
            measure(args, lambda: fresh_database(server))
        return
    measure(args, lambda: None)


def measure(args: argparse.Namespace, catalog: Callable[[], str | None]) -> None:
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sizes = {}
        for n in (args.small, args.large):
            write_museum_catalogue(folder / f"c{n}.csv", n)
            sizes[n] = folder / f"c{n}.csv"
        print(f"rows: {args.small:,} and {args.large:,} ({args.large / args.small:.0f}x)")
        for name in args.commands.split(","):
            (small_mib, small_tree, small_s), (large_mib, large_tree, large_s) = (
                peak_rss(command(name, sizes[n], folder / f"out-{name}-{n}", catalog())) for n in (args.small, args.large)
            )
            print(f"{name:>9}: peak RSS {small_mib:7.0f} MiB -> {large_mib:7.0f} MiB, growth {large_mib / small_mib:5.2f}x; "
                  f"with its helpers {small_tree:7.0f} MiB -> {large_tree:7.0f} MiB, growth {large_tree / small_tree:5.2f}x "
                  f"({small_s:.1f} s -> {large_s:.1f} s, {args.large / large_s:,.0f} rows/s)", flush=True)
            worst = max(worst, large_mib / small_mib, large_tree / small_tree)
    if args.max_growth is not None and worst > args.max_growth:
        sys.exit(f"memory grew {worst:.2f}x, more than --max-growth {args.max_growth}")


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    main()
