"""Benchmark `eheritage harvest` against a plain sickle ListRecords loop over the same endpoint.

Fills a catalog of N records (default 100,000; `bench/oai.py`'s generated records),
serves it from a separate process as `eheritage serve` does, and times, in this process
tree: a sickle loop that only walks ListRecords, then `eheritage harvest` fetching,
storing and checking the same records into a fresh national catalog (in a child
process, whose peak RSS is read from the kernel). Then harvests N/10 records the same
way, so memory can be compared: flat memory means nearly the same peak at both sizes.

Targets (issue 12): harvest at >= 0.8x the speed of the sickle loop; memory flat.

    TMPDIR=/dev/shm python bench/harvest.py [--records 100000]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from oai import fill, serve, wait_until_up  # beside this script
from sickle import Sickle


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def endpoint(out: Path, count: int) -> tuple[multiprocessing.Process, str]:
    out.mkdir()
    fill(out, count)
    port = free_port()
    server = multiprocessing.Process(target=serve, args=(out, port, 500), daemon=True)
    server.start()
    wait_until_up(port, server)
    return server, f"http://127.0.0.1:{port}/oai"


def sickle_loop(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    count = sum(1 for _ in Sickle(url).ListRecords(metadataPrefix="oai_dc"))
    return time.perf_counter() - started, count


def tree_peak(pid: int, stop: threading.Event, peak: list[int]) -> None:
    """Sample the RSS of process `pid` and all its descendants (the fetch workers) until `stop`; keep the peak in KiB."""
    try:
        root = psutil.Process(pid)
        while not stop.wait(0.05):
            total = 0
            for process in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += process.memory_info().rss
            peak[0] = max(peak[0], total // 1024)
    except psutil.Error:
        return


def harvest(url: str, root: Path, name: str) -> tuple[float, int, int, int]:
    """(seconds, records harvested, peak RSS of the harvest process, and of it with its
    fetch workers, in KiB) of `eheritage harvest` in a child process."""
    sources = root / f"{name}.toml"
    sources.write_text('[aggregator]\nname = "Bench"\nadmin-email = "a@bench.example.org"\nidentifier = "bench.example.org"\n'
                       f'[[source]]\nname = "{name}"\nurl = "{url}"\ncluster = "museums"\n', encoding="utf-8")
    output = root / f"{name}.json"
    started = time.perf_counter()
    with output.open("w") as stdout:
        child = subprocess.Popen([sys.executable, "-m", "eheritage", "harvest", str(sources), "-o", str(root / f"nat-{name}"),
                                  "--json"], stdout=stdout, stderr=subprocess.DEVNULL)
        stop, tree = threading.Event(), [0]
        sampler = threading.Thread(target=tree_peak, args=(child.pid, stop, tree), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the servers'
        stop.set()
        sampler.join()
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    report = json.loads(output.read_text())["sources"][0]
    assert child.returncode == 0 and report["status"] == "ok", report
    return seconds, report["new"], usage.ru_maxrss, tree[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="alternated runs of each; medians are compared")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eheritage-bench-harvest-") as tmp:
        root = Path(tmp)
        small_server, small_url = endpoint(root / "small", max(1, args.records // 10))
        _, small_count, small_peak, small_tree = harvest(small_url, root, "small")
        small_server.terminate()
        server, url = endpoint(root / "large", args.records)
        references, runs = [], []
        try:
            for run in range(args.runs):
                references.append(sickle_loop(url))
                runs.append(harvest(url, root, f"large{run}"))
        finally:
            server.terminate()
    assert all(w == args.records for _, w in references) and all(r[1] == args.records for r in runs), (references, runs)
    reference, seconds = statistics.median(r[0] for r in references), statistics.median(r[0] for r in runs)
    peak, tree = max(r[2] for r in runs), max(r[3] for r in runs)
    print(f"records: {args.records:,} (oai_dc), from a local endpoint; median of {args.runs} alternated runs")
    print(f"sickle ListRecords loop: {reference:.1f} s ({args.records / reference:,.0f} records/s)")
    print(f"eheritage harvest (fetch, store, check): {seconds:.1f} s ({args.records / seconds:,.0f} records/s)")
    print(f"speed against the loop: {reference / seconds:.2f}x (target >= 0.8x)")
    print(f"peak RSS of the harvest process: {small_peak / 1024:.0f} MiB at {small_count:,} records, {peak / 1024:.0f} MiB"
          f" at {args.records:,} ({peak / small_peak:.2f}x for {args.records / max(1, small_count):.0f}x the records)")
    print(f"with its fetch workers: {small_tree / 1024:.0f} MiB, then {tree / 1024:.0f} MiB ({tree / max(1, small_tree):.2f}x)")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
