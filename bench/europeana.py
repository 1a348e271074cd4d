"""Benchmark: what Europeana's EDM and the tiers read from it add to `publish`.

Publishes the same generated metadata-only museum catalogue into fresh OUT folders in this
process, with every crosswalk and with EDM left out of the registry (so no EDM payload and
no tiers), alternating runs so both meet the same machine, and prints the median ratio.
Target (issue 11): EDM and tiers add at most 25% to a metadata-only publish (ratio <= 1.25);
with scans to tile they are a far smaller share.

    TMPDIR=/dev/shm python bench/europeana.py [--records 5000] [--runs 3]
"""

from __future__ import annotations

import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Iterator

from catalogues import write_museum_catalogue  # beside this script
from ratios import alternated, parser, verdict
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
    args = parser(__doc__, 5_000).parse_args()
    with tempfile.TemporaryDirectory(prefix="eheritage-bench-europeana-") as tmp:
        root = Path(tmp)
        catalogue = root / "catalogue.csv"
        write_museum_catalogue(catalogue, args.records)

        def plain(run: int) -> float:
            with without_edm():
                seconds, tiers = timed_publish(catalogue, root / f"plain-{run}")
            assert tiers == 0
            return seconds

        def full(run: int) -> float:
            seconds, tiers = timed_publish(catalogue, root / f"edm-{run}")
            assert tiers == args.records
            return seconds

        without, with_edm = alternated(args.runs, plain, full)
    print(f"records: {args.records}")
    print(f"publish without EDM: {without:.2f} s ({args.records / without:,.0f} records/s), median of {args.runs}")
    print(f"publish with EDM and tiers: {with_edm:.2f} s ({args.records / with_edm:,.0f} records/s)")
    verdict(with_edm / without, 1.25, args.max_ratio)


if __name__ == "__main__":
    main()
