"""Benchmark: what Europeana's EDM and the tiers read from it add to `publish`.

Publishes the same generated metadata-only museum catalogue into fresh OUT folders in this
process, with every crosswalk and with EDM left out of the registry (so no EDM payload and
no tiers), alternating runs so both meet the same machine, and prints the median ratio.
Target (issue 11): EDM and tiers add at most 25% to a metadata-only publish (ratio <= 1.25);
with scans to tile they are a far smaller share.

    TMPDIR=/dev/shm python bench/europeana.py [--records 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Iterator

from catalogues import write_museum_catalogue  # beside this script
from eheritage.crosswalks import crosswalks
from eheritage.crosswalks.edm import PREFIX as EDM
from eheritage.pipeline.publish import PublishOptions, publish
from eheritage.profiles import load_profile


@contextmanager
def without_edm() -> Iterator[None]:
    registry = crosswalks()
    edm = registry.pop(EDM)
    try:
        yield
    finally:
        registry[EDM] = edm


def timed_publish(catalogue: Path, out: Path) -> tuple[float, int]:
    options = PublishOptions(base_url="https://heritage.example.org", admin_email="bench@heritage.example.org")
    started = time.perf_counter()
    report = publish(catalogue, load_profile("museum"), out, options)
    elapsed = time.perf_counter() - started
    assert report.records and not report.failures, report.to_json()
    return elapsed, len(report.tiers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-ratio", type=float, default=None, help="exit 1 when the median ratio is above this")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eheritage-bench-europeana-") as tmp:
        root = Path(tmp)
        catalogue = root / "catalogue.csv"
        write_museum_catalogue(catalogue, args.records)
        plain, full = [], []
        for run in range(args.runs):
            with without_edm():
                seconds, tiers = timed_publish(catalogue, root / f"plain-{run}")
                assert tiers == 0
            plain.append(seconds)
            seconds, tiers = timed_publish(catalogue, root / f"edm-{run}")
            assert tiers == args.records
            full.append(seconds)
    without, with_edm = statistics.median(plain), statistics.median(full)
    ratio = with_edm / without
    print(f"records: {args.records}")
    print(f"publish without EDM: {without:.2f} s ({args.records / without:,.0f} records/s), median of {args.runs}")
    print(f"publish with EDM and tiers: {with_edm:.2f} s ({args.records / with_edm:,.0f} records/s)")
    print(f"ratio with/without: {ratio:.2f}x (target <= 1.25x)")
    if args.max_ratio is not None and ratio > args.max_ratio:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
