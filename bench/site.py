"""Benchmark: what the site (landing pages, cards, browse pages, search index) adds to `publish`.

Publishes the same generated metadata-only museum catalogue twice into fresh OUT folders in
this process, once with `site=False` and once with the site, alternating runs so both meet
the same machine, and prints the median ratio. Target (issue 10): with 10,000 records the
site adds at most 25% (ratio <= 1.25).

    TMPDIR=/dev/shm python bench/site.py [--records 10000] [--runs 3]

(`TMPDIR=/dev/shm` measures the code rather than a slow disk's file creation.)
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from catalogues import write_museum_catalogue  # beside this script
from eheritage.pipeline.publish import PublishOptions, publish
from eheritage.profiles import load_profile


def timed_publish(catalogue: Path, out: Path, site: bool) -> float:
    options = PublishOptions(base_url="https://heritage.example.org", admin_email="bench@heritage.example.org", site=site)
    started = time.perf_counter()
    report = publish(catalogue, load_profile("museum"), out, options)
    elapsed = time.perf_counter() - started
    assert report.records and not report.failures, report.to_json()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-ratio", type=float, default=None, help="exit 1 when the median ratio is above this")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eheritage-bench-site-") as tmp:
        root = Path(tmp)
        catalogue = root / "catalogue.csv"
        write_museum_catalogue(catalogue, args.records)
        without, with_site = [], []
        for run in range(args.runs):
            without.append(timed_publish(catalogue, root / f"plain-{run}", site=False))
            with_site.append(timed_publish(catalogue, root / f"site-{run}", site=True))
        pages = sum(1 for _ in (root / "site-0" / "record").glob("*.html"))
    plain, site = statistics.median(without), statistics.median(with_site)
    ratio = site / plain
    print(f"records: {args.records}, landing pages: {pages}")
    print(f"publish without site: {plain:.2f} s ({args.records / plain:,.0f} records/s), median of {args.runs}")
    print(f"publish with site:    {site:.2f} s ({args.records / site:,.0f} records/s)")
    print(f"ratio with/without: {ratio:.2f}x (target <= 1.25x)")
    if args.max_ratio is not None and ratio > args.max_ratio:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
