"""Benchmark: where a metadata-only publish spends its time, step by step, against the whole.

Each step a publish takes for every record is timed alone, over the same generated museum
records, calling the same functions publish calls: the record's triples, its Turtle and
JSON-LD documents, its share of `all.nt`, each OAI-PMH payload (oai_dc, CIDOC-CRM, EDM),
its Europeana tiers, its landing page, the catalog's check and packing of the payloads, and
its three files written. Then `publish --workers 1` of the same catalogue is timed.

The ratio printed last, publish against the sum of its steps, is what the pipeline itself
costs around the work of its outputs: reading and validating the catalogue, sets, the
catalog's SQL, the cards, all.nt and the site's pages beyond the records, fixity. Timing
the steps tells which one to make faster; the ratio tells whether the pipeline around them
grew. Both are measured in this process, so a slow machine shows in every figure alike.
Issue 13's publish target is read against this: describe renders one document per record,
publish renders seven and writes three files, so publish <= 2x describe would need every
step below made about 3.5 times faster.

    python bench/publish_steps.py [--records 2000] [--runs 3]
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from itertools import count
from pathlib import Path

from catalogues import write_museum_catalogue  # beside this script
from ratios import parser
from eheritage.atomic import write_if_changed
from eheritage.catalog.database import SqliteDatabase
from eheritage.catalog.xmltext import clean_payload
from eheritage.crosswalks import Publication, crosswalks
from eheritage.crosswalks.edm import PREFIX as EDM
from eheritage.crosswalks.tiers import classify
from eheritage.iiif.urls import RECORDS, record_url, records_base
from eheritage.metadata import parse_date, parse_dimensions, read_catalogue
from eheritage.metadata.formats import FORMATS, RECORD_DOCUMENTS
from eheritage.metadata.rdf import record_triples
from eheritage.metadata.rdf_files import render
from eheritage.metadata.records import Record
from eheritage.metadata.terms import Triple, ntriples
from eheritage.pipeline.publish import PublishOptions, publish
from eheritage.profiles import load_profile
from eheritage.site.cards import CatalogueInfo
from eheritage.site.record import record_page

BASE_URL = "https://heritage.example.org/"
#: The whole publish, timed beside its steps.
WHOLE = "publish --workers 1"


def main() -> None:
    args = parser(__doc__.splitlines()[0], 2_000).parse_args()
    profile = load_profile("museum")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        csv_path = work / "catalogue.csv"
        write_museum_catalogue(csv_path, args.records)
        records = list(read_catalogue(csv_path, profile))
        base = records_base(BASE_URL)

        def described(record: Record) -> list[Triple]:  # as publish describes a record without images
            return record_triples(record, profile, base, documents=[(record_url(BASE_URL, record.id, "html"), "text/html")])

        triples = [described(r) for r in records]
        publications = [Publication(r, base, t, page=record_url(BASE_URL, r.id, "html")) for r, t in zip(records, triples)]
        payloads = [{prefix: c.render(p) for prefix, c in crosswalks().items()} for p in publications]
        info = CatalogueInfo.of(profile, "museum")

        def page(record: Record) -> str:
            return record_page(record, profile, [], BASE_URL, info, "Heritage", oai_namespace="heritage.example.org")[0]

        documents = [[(f"{r.id}.{FORMATS[fmt]}", render(t, fmt)) for fmt in RECORD_DOCUMENTS] + [(f"{r.id}.html", page(r))]
                     for r, t in zip(records, triples)]
        runs = count()

        def fresh() -> Path:  # never a folder reused: ext4 makes files slower after mass deletions
            folder = work / f"run-{next(runs)}"
            (folder / RECORDS).mkdir(parents=True)
            return folder

        def files() -> None:
            out = fresh()
            for written in documents:
                for name, text in written:
                    write_if_changed(out / RECORDS / name, text)

        steps: dict[str, Callable[[], object]] = {
            "read the rows as records": lambda: list(read_catalogue(csv_path, profile)),
            "triples": lambda: [described(r) for r in records],
            **{f"{fmt} document": (lambda fmt=fmt: [render(t, fmt) for t in triples]) for fmt in RECORD_DOCUMENTS},
            "all.nt share": lambda: [ntriples(t) for t in triples],
            **{f"{prefix} payload": (lambda c=c: [c.render(p) for p in publications]) for prefix, c in crosswalks().items()},
            "Europeana tiers": lambda: [classify(p[EDM]) for p in payloads],
            "landing page": lambda: [page(r) for r in records],
            "catalog check": lambda: [clean_payload(xml) for p in payloads for xml in p.values()],
            "catalog packing": lambda: [SqliteDatabase.stored(xml) for p in payloads for xml in p.values()],
            "three files written": files,
        }

        def whole() -> None:
            publish(csv_path, profile, fresh(), PublishOptions(base_url=BASE_URL, workers=1))

        timed = {**steps, WHOLE: whole}
        timings: dict[str, list[float]] = {name: [] for name in timed}
        for _ in range(args.runs):
            for name, step in timed.items():
                parse_date.cache_clear()
                parse_dimensions.cache_clear()
                start = time.perf_counter()
                step()
                timings[name].append(time.perf_counter() - start)
    per_record = {name: statistics.median(times) / args.records * 1e6 for name, times in timings.items()}
    whole_us = per_record.pop(WHOLE)
    total = sum(per_record.values())
    print(f"{args.records:,} records, median of {args.runs} runs, µs per record:")
    for name, micros in per_record.items():
        print(f"  {name:26s} {micros:7.0f}  {micros / total:5.1%}")
    print(f"  {'the steps together':26s} {total:7.0f}")
    ratio = whole_us / total
    print(f"{WHOLE}: {whole_us:,.0f} µs per record = {ratio:.2f}x its steps together (target <= 2x)")
    if args.max_ratio is not None and ratio > args.max_ratio:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
