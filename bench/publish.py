"""Benchmark `publish` on a generated batch: where does the time go?

Generates a museum catalogue of N records with two scans each (front and back), publishes
it, and prints the wall time with the share spent tiling against everything else
(reading and validating the catalogue, RDF, manifests, collections, the OAI-PMH catalog,
fixity). Target (issue 4): everything but tiling under 15% of the run.

Then publishes again unchanged, and prints the re-run's time as a share of the first run's
(a resumed or repeated publish should cost a small fraction).

    python bench/publish.py                # 1,000 records, 2,000 scans
    python bench/publish.py --records 100  # quicker
"""

from __future__ import annotations

import argparse
import csv
import shutil
import tempfile
import time
from pathlib import Path

import pyvips

from eheritage.pipeline.publish import CatalogueSource, PublishOptions, publish_batch
from eheritage.profiles import load_profile

RIGHTS = "http://creativecommons.org/publicdomain/mark/1.0/"


def make_scan(path: Path, seed: int, width: int, height: int) -> None:
    """A photograph-like scan: a lit gradient with texture, different for every seed."""
    x = pyvips.Image.xyz(width, height)
    base = (x[0] * (seed % 7 + 1) / width * 60 + x[1] / height * 90 + seed % 50).cast("uchar")
    noise = pyvips.Image.gaussnoise(width, height, sigma=18, mean=40, seed=seed).cast("uchar")
    image = base.bandjoin([noise, (base + noise) / 2]).copy(interpretation="srgb")
    image.write_to_file(str(path), Q=85)


def make_batch(root: Path, records: int, width: int, height: int) -> tuple[Path, Path]:
    scans = root / "scans"
    scans.mkdir(parents=True)
    template = scans / "template"
    catalogue = root / "catalogue.csv"
    with open(catalogue, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["object_number", "object_name", "title@en", "title@az", "date", "dimensions", "collection", "rights"])
        for n in range(records):
            rid = f"BENCH-{n:05d}"
            writer.writerow([rid, "carpet", f"Carpet {n}", f"Xalça {n}", f"c.{1800 + n % 200}", "24 x 30 cm", f"Hall {n % 5}", RIGHTS])
    # Distinct pixels for a few dozen scans, then copies: the tiler's cost does not depend on
    # which of them it gets, and generating 2,000 different images would dominate the bench.
    originals = []
    for k in range(24):
        path = template.with_name(f"template-{k}.jpg")
        make_scan(path, k, width, height)
        originals.append(path)
    for n in range(records):
        for page in (1, 2):
            shutil.copyfile(originals[(2 * n + page) % len(originals)], scans / f"BENCH-{n:05d}_{page:04d}.jpg")
    for path in originals:
        path.unlink()
    return catalogue, scans


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1200)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="eheritage-bench-") as tmp:
        root = Path(tmp)
        catalogue, scans = make_batch(root, args.records, args.width, args.height)
        options = PublishOptions(base_url="https://heritage.example.org", workers=args.workers, admin_email="bench@heritage.example.org")
        profile = load_profile("museum")
        source = CatalogueSource(catalogue, profile, scans)
        started = time.perf_counter()
        batch = publish_batch([source], root / "out", options)
        first = time.perf_counter() - started
        started = time.perf_counter()
        publish_batch([source], root / "out", options)
        again = time.perf_counter() - started
    report = batch.catalogues[0]
    tiling = report.timings["tiling"]
    print(f"records: {report.records}, images: {report.tiles.count('done')} tiled, {report.tiles.count('failed')} failed")
    print(f"wall time: {first:.1f} s ({report.records / first:.1f} records/s)")
    # the catalogue's phases, then what spans the batch (all.nt, the site, fixity)
    for phase, seconds in [*report.timings.items(), ("finish", batch.timings["finish"])]:
        if phase != "total":
            print(f"  {phase:<11} {seconds:7.2f} s  {seconds / first:6.1%}")
    print(f"share spent tiling: {tiling / first:.1%}; everything else: {1 - tiling / first:.1%} (target < 15%)")
    print(f"unchanged re-run: {again:.1f} s = {again / first:.1%} of the first run")


if __name__ == "__main__":
    main()
