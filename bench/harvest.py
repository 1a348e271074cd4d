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
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def harvest(url: str, root: Path, name: str) -> tuple[float, int, int]:
    """(seconds, records harvested, peak RSS in KiB) of `eheritage harvest` in a child process."""
    sources = root / f"{name}.toml"
    sources.write_text('[aggregator]\nname = "Bench"\nadmin-email = "a@bench.example.org"\nidentifier = "bench.example.org"\n'
                       f'[[source]]\nname = "{name}"\nurl = "{url}"\ncluster = "museums"\n', encoding="utf-8")
    output = root / f"{name}.json"
    started = time.perf_counter()
    with output.open("w") as stdout:
        child = subprocess.Popen([sys.executable, "-m", "eheritage", "harvest", str(sources), "-o", str(root / f"nat-{name}"),
                                  "--json"], stdout=stdout, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the servers'
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    report = json.loads(output.read_text())["sources"][0]
    assert child.returncode == 0 and report["status"] == "ok", report
    return seconds, report["new"], usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eheritage-bench-harvest-") as tmp:
        root = Path(tmp)
        small_server, small_url = endpoint(root / "small", max(1, args.records // 10))
        small_seconds, small_count, small_peak = harvest(small_url, root, "small")
        small_server.terminate()
        server, url = endpoint(root / "large", args.records)
        try:
            reference, walked = sickle_loop(url)
            seconds, harvested, peak = harvest(url, root, "large")
        finally:
            server.terminate()
    assert walked == harvested == args.records, (walked, harvested)
    print(f"records: {args.records:,} (oai_dc), from a local endpoint")
    print(f"sickle ListRecords loop: {reference:.1f} s ({walked / reference:,.0f} records/s)")
    print(f"eheritage harvest (fetch, store, check): {seconds:.1f} s ({harvested / seconds:,.0f} records/s)")
    print(f"speed against the loop: {reference / seconds:.2f}x (target >= 0.8x)")
    print(f"peak RSS: {small_peak / 1024:.0f} MiB at {small_count:,} records, {peak / 1024:.0f} MiB at {harvested:,}"
          f" ({peak / small_peak:.2f}x for {args.records / max(1, small_count):.0f}x the records)")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main()
