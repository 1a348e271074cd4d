"""Records written by helper processes are the records written in-process: every file, the
catalog's OAI payloads, the cards in order."""

from __future__ import annotations

import csv
import filecmp
import re
import sqlite3
from pathlib import Path

from eheritage.catalog.database import SqliteDatabase
from eheritage.pipeline.publish import PublishOptions, publish
from eheritage.profiles import load_profile
from eheritage.site.cards import read_cards
from eheritage.pipeline.record_writer import HELPERS_FROM

ROWS = HELPERS_FROM + 137


def catalogue(path: Path, broken_row: int | None = None, rows: int = ROWS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["object_number", "object_name", "title@az", "title@ru", "collection", "rights"])
        for n in range(rows):
            name = "" if n == broken_row else "xalça"  # object_name is required: that row is held back
            writer.writerow([f"ŞƏK-{n}", name, f"Xalça {n}", f"Ковёр {n}", f"Kolleksiya {n % 3}",
                             "http://creativecommons.org/publicdomain/mark/1.0/"])
    return path


def payloads(out: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(out / "catalog.sqlite") as db:
        rows = db.execute("SELECT r.identifier, p.prefix, p.xml FROM payloads p JOIN records r ON r.id = p.record_id"
                          " ORDER BY r.identifier, p.prefix").fetchall()
    return [(identifier, prefix, SqliteDatabase.payload(xml)) for identifier, prefix, xml in rows]


def test_the_helper_processes_write_what_one_process_writes(tmp_path: Path) -> None:
    source = catalogue(tmp_path / "catalogue.csv")
    profile = load_profile("museum")
    runs = {}
    for workers in (None, 1):  # None: records written by one helper per core; 1: in-process
        out = tmp_path / f"out-{workers}"
        report = publish(source, profile, out, PublishOptions(base_url="https://h.example.az", admin_email="a@h.az", workers=workers))
        assert report.records == ROWS and len(report.tiers) == ROWS and report.failures == []
        runs[workers] = out
    parallel, inline = runs[None], runs[1]
    written = sorted(p.name for p in (parallel / "record").iterdir())
    assert len(written) == 3 * ROWS  # .html, .ttl, .jsonld
    _, mismatch, errors = filecmp.cmpfiles(parallel / "record", inline / "record", written, shallow=False)
    assert mismatch == errors == []
    assert (parallel / "rdf" / "all.nt").read_bytes() == (inline / "rdf" / "all.nt").read_bytes()
    assert payloads(parallel) == payloads(inline) and len(payloads(parallel)) == 3 * ROWS
    [cards] = list((parallel / ".eheritage" / "site").glob("*.jsonl"))
    assert [card.id for card in read_cards(cards)] == [f"ŞƏK-{n}" for n in range(ROWS)]
    assert cards.read_bytes() == next((inline / ".eheritage" / "site").glob("*.jsonl")).read_bytes()


def test_a_held_back_row_keeps_its_card(tmp_path: Path) -> None:
    out = tmp_path / "out"
    profile = load_profile("museum")
    options = PublishOptions(base_url="https://h.example.az", admin_email="a@h.az")
    publish(catalogue(tmp_path / "catalogue.csv"), profile, out, options)
    report = publish(catalogue(tmp_path / "catalogue.csv", broken_row=5), profile, out, options)
    assert report.records == ROWS - 1
    [cards] = list((out / ".eheritage" / "site").glob("*.jsonl"))
    ids = [card.id for card in read_cards(cards)]
    assert len(ids) == ROWS and "ŞƏK-5" in ids
    assert "ŞƏK-5" in (out / "search" / "records-0.js").read_text(encoding="utf-8").replace("%C5%9E%C6%8FK", "ŞƏK")


def test_browse_pages_follow_a_catalogue_that_shrinks(tmp_path: Path) -> None:
    out = tmp_path / "out"
    profile = load_profile("museum")
    options = PublishOptions(base_url="https://h.example.az", admin_email="a@h.az", workers=1)
    publish(catalogue(tmp_path / "catalogue.csv"), profile, out, options)
    assert (out / "browse" / "nhm.page-12.html").is_file()
    pager = re.search(r'<nav class="paging".*?</nav>', (out / "browse" / "nhm.page-6.html").read_text(encoding="utf-8"), re.S)
    links = re.findall(r'href="([^"]+)"', pager.group(0))
    assert links[0] == "nhm.page-5.html" and links[-1] == "nhm.page-7.html"  # previous, next
    assert {"nhm.html", "nhm.page-3.html", "nhm.page-9.html"} <= set(links) and "nhm.page-10.html" not in links
    assert all((out / "browse" / link).is_file() for link in links) and pager.group(0).count("…") == 2
    publish(catalogue(tmp_path / "catalogue.csv", rows=150), profile, out, options)
    assert (out / "browse" / "nhm.page-2.html").is_file()
    assert not (out / "browse" / "nhm.page-3.html").exists() and not (out / "browse" / "nhm.page-12.html").exists()
    pages = sorted(p.name for p in (out / "browse" / "nhm").iterdir())
    assert len(pages) == 3 and all(name.startswith("Kolleksiya-") and ".page-" not in name for name in pages)
