"""Benchmark: what the site (landing pages, cards, browse pages, search index) adds to `publish`.

Publishes the same generated metadata-only museum catalogue twice into fresh OUT folders in
this process, once with `site=False` and once with the site, alternating runs so both meet
the same machine, and prints the median ratio. Target (issue 10): with 10,000 records the
site adds at most 25% (ratio <= 1.25).

    TMPDIR=/dev/shm python bench/site.py [--records 10000] [--runs 3]

(`TMPDIR=/dev/shm` measures the code rather than a slow disk's file creation.)
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from catalogues import write_museum_catalogue  # beside this script
from ratios import alternated, parser, verdict
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
    args = parser(__doc__, 10_000).parse_args()
    with tempfile.TemporaryDirectory(prefix="eheritage-bench-site-") as tmp:
        root = Path(tmp)
        catalogue = root / "catalogue.csv"
        write_museum_catalogue(catalogue, args.records)
        plain, site = alternated(args.runs, lambda run: timed_publish(catalogue, root / f"plain-{run}", site=False),
                                 lambda run: timed_publish(catalogue, root / f"site-{run}", site=True))
        pages = sum(1 for _ in (root / "site-0" / "record").glob("*.html"))
    print(f"records: {args.records}, landing pages: {pages}")
    print(f"publish without site: {plain:.2f} s ({args.records / plain:,.0f} records/s), median of {args.runs}")
    print(f"publish with site:    {site:.2f} s ({args.records / site:,.0f} records/s)")
    verdict(site / plain, 1.25, args.max_ratio)


if __name__ == "__main__":
    main()
