"""`eheritage harvest` against real `eheritage serve` endpoints on 127.0.0.1, and a source that is down."""

from __future__ import annotations

import csv
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import requests
from lxml import etree
from sickle import Sickle

from eheritage.catalog import Catalog, ListQuery
from eheritage.oai import make_oai_app
from harness import Server, free_port
from harvesting import national_headers, one_source, run_harvest

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
PROVENANCE = "{http://www.openarchives.org/OAI/2.0/provenance}"


def test_a_down_source_fails_alone_and_is_named(first) -> None:
    _, _, status, report = first
    assert status == 1
    by_name = {s["name"]: s for s in report["sources"]}
    assert by_name["theatre"]["status"] == "failed" and "cannot reach the source" in by_name["theatre"]["error"]
    assert {n: s["status"] for n, s in by_name.items() if n != "theatre"} == {"nhm": "ok", "nla": "ok", "naa": "ok",
                                                                             "foreign": "ok"}
    assert (by_name["nhm"]["records"], by_name["nla"]["records"], by_name["naa"]["records"]) == (3, 3, 4)
    assert by_name["nhm"]["new"] == 3 and by_name["nhm"]["since"] is None
    assert by_name["nhm"]["tiers"]["records"] == 3  # each EDM record's tiers
    # Published without the site or scans, their EDM has no isShownAt or isShownBy: Europeana's
    # schematron refuses it, and the harvest says so, record by record.
    assert by_name["nhm"]["invalid"] == 3
    refused = by_name["nhm"]["invalid_records"]
    assert {r["id"] for r in refused} == {"oai:example.org:NHM-1998-0042", "oai:example.org:NHM-2003-0117",
                                         "oai:example.org:NHM-2011-0305"}
    assert all("edm:isShownAt or edm:isShownBy" in r["problem"] for r in refused)


def test_the_national_catalog_serves_every_record_once_in_its_sources_and_clusters_sets(first, institutions) -> None:
    work, _, _, _ = first
    headers = national_headers(work / "NAT")
    assert len(headers) == 13 and not any(deleted for deleted, _ in headers.values())  # listed once each
    for identifier, (_, sets) in headers.items():  # in its source's set, and no other source's
        source = identifier.split(":")[2]
        assert [s for s in sets if s in {"nhm", "nla", "naa", "foreign", "theatre"}] == [source], identifier
    museum = {i: sets for i, (_, sets) in headers.items() if "nhm" in sets}
    assert len(museum) == 3 and all("cluster:museums" in sets for sets in museum.values())
    assert all(i.startswith("oai:culture.example.az:nhm:oai") for i in museum)


def test_edm_is_harvested_where_offered_and_re_served(first) -> None:
    work, _, _, _ = first
    port = free_port()
    with Server(make_oai_app(work / "NAT"), port) as server:
        prefixes = {f.metadataPrefix for f in Sickle(server.oai).ListMetadataFormats()}
        assert {"oai_dc", "edm"} <= prefixes
        assert len(list(Sickle(server.oai).ListIdentifiers(metadataPrefix="edm", set="cluster:libraries"))) == 3


def test_a_second_harvest_brings_only_what_changed(first, institutions) -> None:
    work, sources, _, _ = first
    museum = institutions["nhm"]
    with museum.catalogue.open(encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    title = rows[0].index("title@en")
    rows[2][title] = "Portrait of a young woman (retitled)"
    del rows[3]  # withdrawn
    with museum.catalogue.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    museum.publish()
    status, report = run_harvest(sources, work / "NAT")
    by_name = {s["name"]: s for s in report["sources"]}
    assert (by_name["nhm"]["new"], by_name["nhm"]["updated"], by_name["nhm"]["deleted"]) == (0, 1, 1)
    assert by_name["nhm"]["since"] is not None and by_name["nhm"]["records"] == 2
    for name in ("nla", "naa", "foreign"):
        assert (by_name[name]["new"], by_name[name]["updated"], by_name[name]["deleted"]) == (0, 0, 0), name
    headers = national_headers(work / "NAT")
    assert sum(deleted for deleted, _ in headers.values()) == 1 and len(headers) == 13


class Busy:
    """A WSGI wrapper answering its first `busy` requests 503 with Retry-After, as a loaded repository does."""

    def __init__(self, app, busy: int) -> None:
        self.app, self.busy, self.refused = app, busy, 0

    def __call__(self, environ, start_response):
        if self.refused < self.busy:
            self.refused += 1
            start_response("503 Service Unavailable", [("Retry-After", "1"), ("Content-Type", "text/plain")])
            return [b"busy"]
        return self.app(environ, start_response)


def test_a_source_answering_503_with_retry_after_is_waited_for(institutions, tmp_path: Path) -> None:
    busy = Busy(make_oai_app(institutions["nla"].out), busy=2)
    port = free_port()
    with Server(busy, port) as server:
        path = one_source(tmp_path / "sources.toml", "nla", server.oai, "libraries")
        status, report = run_harvest(path, tmp_path / "NAT")
    assert status == 0 and busy.refused == 2
    assert report["sources"][0]["records"] == 3


class Slow:
    """A WSGI wrapper that takes its time over every answer, so a harvest can be killed mid-way."""

    def __init__(self, app, seconds: float) -> None:
        self.app, self.seconds = app, seconds

    def __call__(self, environ, start_response):
        time.sleep(self.seconds)
        return self.app(environ, start_response)


def catalog_contents(nat: Path) -> dict[tuple[str, str], tuple[bool, str | None]]:
    """(identifier, prefix) -> (deleted, payload) of every record: what a harvest of NAT would get."""
    found = {}
    with Catalog.open(nat, readonly=True) as catalog:
        for fmt in catalog.formats():
            for record in catalog.list_page(ListQuery(fmt.prefix), limit=100_000):
                found[(record.header.identifier, fmt.prefix)] = (record.header.deleted, record.xml)
    return found


def test_a_harvest_killed_with_sigkill_and_run_again_gives_the_same_catalog(institutions, tmp_path: Path) -> None:
    servers, lines = [], ['[aggregator]', 'name = "N"', 'admin-email = "a@culture.example.az"', 'identifier = "culture.example.az"']
    for item in institutions.values():
        port = free_port()
        servers.append(Server(Slow(make_oai_app(item.out), 0.25), port).__enter__())
        lines += ['[[source]]', f'name = "{item.name}"', f'url = "http://127.0.0.1:{port}/oai"', f'cluster = "{item.cluster}"']
    sources = tmp_path / "sources.toml"
    sources.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        command = [sys.executable, "-m", "eheritage", "harvest", str(sources), "-o", str(tmp_path / "killed"), "--parallel", "1"]
        victim = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        stored = tmp_path / "killed" / ".eheritage" / "harvest" / "nhm.json"
        deadline = time.monotonic() + 60
        while not stored.exists() and time.monotonic() < deadline and victim.poll() is None:
            time.sleep(0.05)
        victim.send_signal(signal.SIGKILL)  # the first source stored, the second being fetched
        victim.wait(timeout=30)
        cut_short = catalog_contents(tmp_path / "killed")
        again, _ = run_harvest(sources, tmp_path / "killed")
        clean, _ = run_harvest(sources, tmp_path / "clean")
        assert again == clean == 0
        assert 0 < len(cut_short) < len(catalog_contents(tmp_path / "clean"))  # the kill came mid-way
        assert catalog_contents(tmp_path / "killed") == catalog_contents(tmp_path / "clean")
    finally:
        for server in servers:
            server.__exit__(None, None, None)


def test_every_re_served_record_says_where_it_came_from(first, institutions, valid) -> None:
    """OAI-PMH provenance in <about>: the source's baseURL, identifier, datestamp and namespace."""
    work, _, _, _ = first
    port = free_port()
    with Server(make_oai_app(work / "NAT"), port) as server:
        for prefix, namespace in (("oai_dc", "http://www.openarchives.org/OAI/2.0/oai_dc/"),
                                  ("edm", "http://www.europeana.eu/schemas/edm/")):
            page = requests.get(server.oai, params={"verb": "ListRecords", "metadataPrefix": prefix, "set": "nla"}, timeout=30)
            root = etree.fromstring(page.content)
            if prefix == "oai_dc":
                valid(page.content)  # OAI-PMH.xsd, with provenance.xsd for <about>
            records = root.findall(f".//{OAI}record")
            assert len(records) == 3
            for record in records:
                origin = record.find(f"{OAI}about/{PROVENANCE}provenance/{PROVENANCE}originDescription")
                assert origin.get("altered") == "false" and origin.get("harvestDate").endswith("Z")
                assert origin.findtext(f"{PROVENANCE}baseURL") == institutions["nla"].server.oai
                assert origin.findtext(f"{PROVENANCE}metadataNamespace") == namespace
                national = urllib.parse.unquote(record.findtext(f"{OAI}header/{OAI}identifier"))
                assert national == f"oai:culture.example.az:nla:{origin.findtext(f'{PROVENANCE}identifier')}"


def test_a_foreign_day_granular_repository_is_harvested_and_asked_from_a_day(tmp_path: Path) -> None:
    from foreign_repository import Foreign

    repository = Foreign()
    port = free_port()
    with Server(repository, port) as server:
        path = one_source(tmp_path / "sources.toml", "foreign", server.oai, "libraries")
        status, report = run_harvest(path, tmp_path / "NAT")
        assert status == 0 and report["sources"][0]["records"] == 3 and report["sources"][0]["tiers"] is None
        status, report = run_harvest(path, tmp_path / "NAT")  # incremental: from the day of the last harvest
    asked = [r["from"] for r in repository.requests if r.get("verb") == "ListRecords" and "from" in r]
    assert asked == ["2026-12-01"]  # the responseDate, cut to the repository's day granularity
    headers = national_headers(tmp_path / "NAT")
    # Record 9 arrived already deleted: never live here, it is not passed on.
    assert sorted(headers) == [f"oai:culture.example.az:foreign:oai:foreign.example.org:{n}" for n in (1, 2, 3)]
    assert not any(deleted for deleted, _ in headers.values())


def test_the_foreign_records_normalised_oai_dc_sits_beside_the_original(tmp_path: Path) -> None:
    """ISO 639 languages, a DCMI Type and Europeana's form of rights, in oai_dc_normalised; oai_dc as it came."""
    from foreign_repository import Foreign

    port = free_port()
    with Server(Foreign(), port) as server:
        path = one_source(tmp_path / "sources.toml", "foreign", server.oai, "libraries")
        assert run_harvest(path, tmp_path / "NAT")[0] == 0
    with Server(make_oai_app(tmp_path / "NAT"), free_port()) as national:
        def record(prefix: str) -> etree._Element:
            reply = requests.get(national.oai, params={"verb": "GetRecord", "metadataPrefix": prefix,
                                                       "identifier": "oai:culture.example.az:foreign:oai:foreign.example.org:1"}, timeout=30)
            return etree.fromstring(reply.content).find(f".//{OAI}record")
        original, fixed = record("oai_dc"), record("oai_dc_normalised")
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert [e.text for e in original.iter(f"{dc}language")] == ["aze"]
    assert [e.text for e in fixed.iter(f"{dc}language")] == ["az"]
    assert [e.text for e in fixed.iter(f"{dc}type")] == ["text", "Text"]
    origin = f"{OAI}about/{PROVENANCE}provenance/{PROVENANCE}originDescription"
    assert original.find(origin).get("altered") == "false" and fixed.find(origin).get("altered") == "true"
