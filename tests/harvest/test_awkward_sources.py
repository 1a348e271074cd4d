"""Sources that answer badly, as real ones do: what is kept, what is said, what is never done."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs

import requests
from lxml import etree

from eheritage.oai import make_oai_app
from foreign_repository import FORMATS, IDENTIFY
from harness import Server
from harvesting import national_headers, one_source, run_harvest

OAI = "{http://www.openarchives.org/OAI/2.0/}"
PROVENANCE = "{http://www.openarchives.org/OAI/2.0/provenance}"
DC = "{http://purl.org/dc/elements/1.1/}"


def record(n: int | str, title: str = "Title", datestamp: str = "2020-05-01") -> bytes:
    return (f"<record><header><identifier>oai:awkward.example.org:{n}</identifier><datestamp>{datestamp}</datestamp>"
            '</header><metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></oai_dc:dc></metadata></record>').encode()


class Awkward:
    """A day-granular oai_dc repository whose ListRecords pages are given as bytes,
    keyed by the resumption token that asks for them ("" for the first)."""

    def __init__(self, pages: dict[str, bytes], prologue: bytes = b"") -> None:
        self.pages, self.prologue = pages, prologue

    def __call__(self, environ, start_response):
        args = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        base = f"http://{environ['HTTP_HOST']}{environ['PATH_INFO']}"
        verb = args.get("verb")
        if verb == "Identify":
            body = IDENTIFY.format(base=base).encode()
        elif verb == "ListMetadataFormats":
            body = FORMATS.encode()
        else:
            body = self.pages[args.get("resumptionToken", "")]
        start_response("200 OK", [("Content-Type", "text/xml; charset=utf-8")])
        return [self.prologue + b'<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><responseDate>2026-12-01T10:00:00Z'
                b"</responseDate><request>" + base.encode() + b"</request>" + body + b"</OAI-PMH>"]


def list_records(*records: bytes, token: str = "") -> bytes:
    return b"<ListRecords>" + b"".join(records) + f"<resumptionToken>{token}</resumptionToken></ListRecords>".encode()


def harvest(tmp_path: Path, app: Awkward, nat: str = "NAT") -> dict:
    with Server(app) as server:
        path = one_source(tmp_path / "sources.toml", "awkward", server.oai, "libraries")
        status, report = run_harvest(path, tmp_path / nat)
    return {**report["sources"][0], "exit": status}


def served(nat: Path, identifier: str) -> etree._Element:
    with Server(make_oai_app(nat)) as national:
        reply = requests.get(national.oai, params={"verb": "GetRecord", "metadataPrefix": "oai_dc",
                                                   "identifier": f"oai:culture.example.az:awkward:oai:awkward.example.org:{identifier}"},
                             timeout=30)
    return etree.fromstring(reply.content).find(f".//{OAI}record")


def test_characters_xml_forbids_are_taken_out_and_the_provenance_says_so(tmp_path: Path) -> None:
    page = list_records(record(1, "Form\x0cfeed and a bad byte \xff".encode("latin-1").decode("latin-1")), record(2))
    page = page.replace("\xff".encode(), b"\xff")  # a byte that is no UTF-8, as sent by a mis-encoded repository
    report = harvest(tmp_path, Awkward({"": page}))
    assert report["exit"] == 0 and report["records"] == 2 and report["repaired"] == 2, report
    kept = served(tmp_path / "NAT", "1")
    assert kept.findtext(f".//{DC}title") == "Formfeed and a bad byte \ufffd"
    assert kept.find(f"{OAI}about/{PROVENANCE}provenance/{PROVENANCE}originDescription").get("altered") == "true"


def test_a_page_s_entities_are_never_expanded_so_no_local_file_reaches_the_catalog(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("xyzzy-private-42", encoding="utf-8")
    prologue = (f'<?xml version="1.0"?><!DOCTYPE OAI-PMH [<!ENTITY secret SYSTEM "file://{secret}">'
                '<!ENTITY inner "an internal entity">]>').encode()
    report = harvest(tmp_path, Awkward({"": list_records(record(1, "before &secret; &inner; after"))}, prologue))
    assert report["exit"] == 0 and report["records"] == 1 and report["repaired"] == 1, report
    kept = served(tmp_path / "NAT", "1")
    assert kept.findtext(f".//{DC}title") == "before   after"
    assert b"xyzzy-private-42" not in (tmp_path / "NAT" / "catalog.sqlite").read_bytes()


def test_records_without_an_identifier_or_metadata_are_refused_by_name_and_the_rest_kept(tmp_path: Path) -> None:
    nameless = record(1).replace(b"<identifier>oai:awkward.example.org:1</identifier>", b"")
    empty = b"<record><header><identifier>oai:awkward.example.org:2</identifier><datestamp>2020-05-01</datestamp></header></record>"
    report = harvest(tmp_path, Awkward({"": list_records(nameless, empty, record(3))}))
    assert report["exit"] == 0 and report["records"] == 1
    assert report["refused"] == ["a oai_dc record without an identifier in its header",
                                 "oai:awkward.example.org:2: listed in oai_dc without metadata and not as deleted"]


def test_a_record_listed_twice_is_kept_once_as_it_was_listed_last(tmp_path: Path) -> None:
    pages = {"": list_records(record(1, "first listing"), record(2), token="p2"),
             "p2": list_records(record(1, "second listing", "2020-05-02"), record(3))}
    report = harvest(tmp_path, Awkward(pages))
    assert report["exit"] == 0 and report["records"] == report["new"] == 3, report
    assert served(tmp_path / "NAT", "1").findtext(f".//{DC}title") == "second listing"


def test_a_page_broken_beyond_mending_fails_the_source_and_leaves_its_records_as_they_were(tmp_path: Path) -> None:
    assert harvest(tmp_path, Awkward({"": list_records(record(1), record(2))}))["records"] == 2
    before = national_headers(tmp_path / "NAT")
    # The full re-harvest's first page is stored while the second arrives, cut off mid-record.
    pages = {"": list_records(*(record(n) for n in range(3, 700)), token="p2"), "p2": list_records(record(700))[:60]}
    (tmp_path / "NAT" / ".eheritage" / "harvest" / "awkward.json").unlink()  # forget the last harvest: a full one
    report = harvest(tmp_path, Awkward(pages))
    assert report["exit"] == 1 and report["status"] == "failed" and report["error"].startswith("the source sent an answer that is not well-formed XML")
    assert "resumptionToken=p2" in report["error"]
    assert national_headers(tmp_path / "NAT") == before
