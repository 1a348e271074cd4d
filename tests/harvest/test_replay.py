"""Real repositories' answers (tests/harvest/replay/README.md), replayed from 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import requests
from lxml import etree

from eheritage.oai import make_oai_app
from harness import Server
from harvesting import REPLAY, Replay, erasmus, run_harvest, sources_file

OAI = "{http://www.openarchives.org/OAI/2.0/}"
PROVENANCE = "{http://www.openarchives.org/OAI/2.0/provenance}"


def test_real_repositories_answers_are_harvested_or_their_failure_said_plainly(tmp_path: Path) -> None:
    zenodo = Replay({"Identify": ("200 OK", REPLAY / "zenodo" / "Identify.xml"),
                     "ListMetadataFormats": ("200 OK", REPLAY / "zenodo" / "ListMetadataFormats.xml"),
                     "ListRecords": ("422 Unprocessable Entity", REPLAY / "zenodo" / "badArgument-422.xml")})
    web_page = Replay({"Identify": ("200 OK", REPLAY / "not-oai.html")})
    with Server(erasmus()) as dspace, Server(zenodo) as invenio, Server(web_page) as web:
        path = sources_file(tmp_path / "sources.toml", {"erasmus": dspace.oai, "zenodo": invenio.oai, "web": web.oai})
        status, report = run_harvest(path, tmp_path / "NAT")
    by_name = {source["name"]: source for source in report["sources"]}
    assert status == 1
    assert by_name["erasmus"]["status"] == "ok" and by_name["erasmus"]["new"] == by_name["erasmus"]["records"] == 16
    # Zenodo sends its OAI-PMH errors with HTTP 422: the error in the body is what is reported.
    assert by_name["zenodo"]["status"] == "failed" and "badArgument" in by_name["zenodo"]["error"], by_name["zenodo"]
    assert "metadataPrefix does not exist" in by_name["zenodo"]["error"]
    assert by_name["web"]["status"] == "failed" and "web page, not OAI-PMH" in by_name["web"]["error"], by_name["web"]


def test_a_real_dspace_list_is_re_served_as_it_came_and_a_second_harvest_finds_nothing_new(tmp_path: Path) -> None:
    source = erasmus()
    with Server(source) as dspace:
        path = sources_file(tmp_path / "sources.toml", {"erasmus": dspace.oai})
        assert run_harvest(path, tmp_path / "NAT")[0] == 0
        status, report = run_harvest(path, tmp_path / "NAT")
    assert status == 0 and report["sources"][0]["new"] == report["sources"][0]["updated"] == 0
    assert report["sources"][0]["deleted"] == 0 and report["sources"][0]["records"] == 16
    # The second harvest asks from the first one's start: the responseDate of its first answer, to Identify.
    began = etree.parse(str(REPLAY / "erasmus" / "Identify.xml")).findtext(f"{OAI}responseDate")
    assert [a.get("from") for a in source.asked if a.get("verb") == "ListRecords"] == [None, began]
    came = etree.parse(str(REPLAY / "erasmus" / "ListRecords.xml")).getroot()
    originals = {r.findtext(f"{OAI}header/{OAI}identifier"): r for r in came.iter(f"{OAI}record")}
    with Server(make_oai_app(tmp_path / "NAT")) as national:
        page = requests.get(national.oai, params={"verb": "ListRecords", "metadataPrefix": "oai_dc"}, timeout=30)
    served = etree.fromstring(page.content).findall(f".//{OAI}record")
    assert len(served) == len(originals) == 16
    for record in served:
        origin = record.find(f"{OAI}about/{PROVENANCE}provenance/{PROVENANCE}originDescription")
        original = originals[origin.findtext(f"{PROVENANCE}identifier")]
        assert origin.findtext(f"{PROVENANCE}datestamp") == original.findtext(f"{OAI}header/{OAI}datestamp")
        assert origin.get("altered") == "false"
        payload, given = record.find(f"{OAI}metadata")[0], original.find(f"{OAI}metadata")[0]
        assert etree.tostring(payload, method="c14n", exclusive=True) == etree.tostring(given, method="c14n", exclusive=True)
