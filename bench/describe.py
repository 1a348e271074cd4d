"""Benchmark: a 10,000-row museum CSV -> RDF (N-Triples dump + per-record Turtle) and validation.

Prints records/s and ratios against a naive rdflib baseline measured in the same run:
every record's triples in one rdflib Graph, then `serialize(format="turtle")`.
Targets (issue 3): describe >= 10x the baseline; validation >= 2,000 records/s.

    python bench/describe.py [--records 10000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from catalogues import write_museum_catalogue  # beside this script
from eheritage.metadata import describe_catalogue, parse_date, parse_dimensions, read_catalogue, record_triples, validate_catalogue
from eheritage.metadata.terms import to_graph
from eheritage.profiles import load_profile

def timed(fn):  # type: ignore[no-untyped-def]
    # each phase starts cold: the date and dimension parsers cache their answers
    parse_date.cache_clear()
    parse_dimensions.cache_clear()
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    n = parser.parse_args().records
    profile = load_profile("museum")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path = work / "catalogue.csv"
        write_museum_catalogue(csv_path, n, image_files=True)

        def baseline() -> None:
            catalogue = read_catalogue(csv_path, profile)
            graph = to_graph(t for r in catalogue for t in record_triples(r, profile))
            (work / "baseline.ttl").write_text(graph.serialize(format="turtle"), encoding="utf-8")

        def ours() -> None:
            catalogue = read_catalogue(csv_path, profile)
            describe_catalogue(catalogue, work / "out", "ttl", dump_fmt="nt")

        def validation() -> None:
            validate_catalogue(read_catalogue(csv_path, profile), scans_dir=work)

        _, base_s = timed(baseline)
        _, ours_s = timed(ours)
        _, val_s = timed(validation)
    print(f"records: {n}")
    print(f"naive rdflib baseline (one Graph, turtle): {n / base_s:,.0f} records/s")
    print(f"describe (per-record Turtle + N-Triples dump): {n / ours_s:,.0f} records/s")
    print(f"describe / baseline: {base_s / ours_s:.1f}x (target >= 10x)")
    print(f"validate (row checks + SHACL): {n / val_s:,.0f} records/s (target >= 2,000), {base_s / val_s:.1f}x baseline")


if __name__ == "__main__":
    main()
