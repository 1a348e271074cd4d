"""Benchmark: a museum CSV -> RDF (`describe --format ttl`) and validation, against naive rdflib.

The reference is naive rdflib on the same triples, measured in the same run: each record's
triples in an rdflib Graph, serialised as Turtle into the record's file. It is taken per
record because rdflib's Turtle serializer over one Graph of the whole catalogue grows worse
than linearly (66 records/s at 2,000 rows, 18 at 10,000 with rdflib 7.6), which would make
any ratio against it a matter of N.

Being linear, the reference is timed on the first `--naive-records` rows only, and compared
as records per second. `describe` writes more than the reference: every record's file and
the whole catalogue's `all.ttl`. It is timed with its default helper processes (one per
core from 10,000 rows) and with `--workers 1`.
`validate` is timed as the library's `validate_catalogue` (row checks and SHACL) beside a
folder holding each row's scan (empty files: validate only looks for them), with its
default helper processes (from 20,000 rows) and with `--workers 1`, and with the Europeana
tier preview the `validate` command adds (its scans are empty files: each is looked at, and
none has a size to read).
Reading the rows as records is timed too, as the floor under every verb: a machine's speed
changes from day to day (here by 2x), and validate's time against it does not.
A metadata-only `publish` of the same catalogue (RDF, OAI-PMH catalog, landing pages) is
timed too, against describe.
Runs alternate, and each figure is the median of `--runs`. Every run writes into a folder of
its own, all removed only at the end: on ext4 a file made soon after tens of thousands were
deleted costs up to 20 times more (`perf` shows the kernel's new-inode search skipping each
recently deleted inode), which would time the bench's own cleanup, not the code.
Targets (issue 13): describe >= 30x the reference; validate >= 10,000 records/s; a
metadata-only publish <= 2x describe.

    python bench/describe.py [--records 20000] [--naive-records 5000] [--runs 3]
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from itertools import count, islice
from pathlib import Path

from catalogues import write_museum_catalogue  # beside this script
from ratios import parser
from eheritage.metadata import describe_catalogue, parse_date, parse_dimensions, read_catalogue, record_triples, validate_catalogue
from eheritage.metadata.terms import to_graph
from eheritage.pipeline.preview import preview_tiers
from eheritage.pipeline.publish import PublishOptions, publish
from eheritage.profiles import load_profile


def timed(fn: Callable[[], object]) -> float:
    # each run starts cold: the date and dimension parsers cache their answers
    parse_date.cache_clear()
    parse_dimensions.cache_clear()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    options = parser(__doc__.splitlines()[0], 20_000)
    options.add_argument("--naive-records", type=int, default=5_000)
    args = options.parse_args()
    n, profile = args.records, load_profile("museum")
    naive_n = min(args.naive_records, n)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path = work / "catalogue.csv"
        write_museum_catalogue(csv_path, n, image_files=True)
        without_scans = work / "metadata-only.csv"  # the same rows, naming no image files to find
        write_museum_catalogue(without_scans, n)
        # validate looks for each row's scan: a catalogue is validated beside its scans, and
        # a file that is missing is a problem to report, not the common case to time
        scans = work / "scans"
        scans.mkdir()
        for i in range(n):
            (scans / f"img{i}.jpg").touch()

        runs = count()

        def fresh() -> Path:
            return work / f"run-{next(runs)}"

        def naive() -> None:
            folder = fresh()
            folder.mkdir()
            for record in islice(read_catalogue(csv_path, profile), naive_n):
                graph = to_graph(record_triples(record, profile))
                (folder / f"{record.id}.ttl").write_text(graph.serialize(format="turtle"), encoding="utf-8")

        def described(workers: int | None) -> Callable[[], object]:
            return lambda: describe_catalogue(read_catalogue(csv_path, profile), fresh(), "ttl", workers=workers)

        def published() -> None:
            report = publish(without_scans, profile, fresh(), PublishOptions(base_url="https://heritage.example.org/"))
            if report.records != n:
                raise SystemExit(f"publish published {report.records} of {n} records: {report.failures[:3]}")

        def validation(workers: int | None) -> Callable[[], object]:
            return lambda: validate_catalogue(read_catalogue(csv_path, profile), scans_dir=scans, workers=workers)

        def validation_with_tiers() -> None:
            catalogue = read_catalogue(csv_path, profile)
            validate_catalogue(catalogue, scans_dir=scans)
            preview_tiers(catalogue, scans)

        def rows_read() -> None:  # the floor under every verb: the spreadsheet's rows read as records
            for _ in read_catalogue(csv_path, profile):
                pass

        sides = {"naive": naive, "read": rows_read, "describe": described(None), "describe --workers 1": described(1), "publish": published,
                 "validate": validation(None), "validate --workers 1": validation(1), "validate + tiers": validation_with_tiers}
        times: dict[str, list[float]] = {name: [] for name in sides}
        for _ in range(args.runs):
            for name, fn in sides.items():
                times[name].append(timed(fn))
    rate = {name: (naive_n if name == "naive" else n) / sorted(found)[len(found) // 2] for name, found in times.items()}
    print(f"records: {n:,} (naive rdflib: the first {naive_n:,}), median of {args.runs} alternated runs")
    print(f"naive rdflib (a Graph per record, serialised as Turtle): {rate['naive']:,.0f} records/s")
    for name in ("describe", "describe --workers 1"):
        print(f"{name} (per-record Turtle + all.ttl): {rate[name]:,.0f} records/s, "
              f"{rate[name] / rate['naive']:.1f}x naive rdflib (target >= 30x)")
    print(f"metadata-only publish: {rate['publish']:,.0f} records/s, "
          f"{rate['describe'] / rate['publish']:.1f}x the time of describe (target <= 2x)")
    for name in ("validate", "validate --workers 1"):
        print(f"{name} (row checks + SHACL): {rate[name]:,.0f} records/s (target >= 10,000), "
              f"{rate['read'] / rate[name]:.1f}x the time of reading the rows as records ({rate['read']:,.0f} records/s)")
    print(f"validate + Europeana tier preview, as the command runs: {rate['validate + tiers']:,.0f} records/s")


if __name__ == "__main__":
    main()
