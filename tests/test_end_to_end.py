"""End to end: the three sample batches published into one OUT, served over real HTTP on
127.0.0.1, and used the way an aggregator and a IIIF viewer use them.

Real parts only: `publish()` tiles the committed scans, `make_oai_app()` runs under waitress,
and sickle, the maintained pyoai client (`oaipmh` 4.x), requests, rdflib, lxml and jsonschema
read what comes back. Every URL publish writes is under the server's own address, so every
link in a manifest or info.json can be followed.
"""

from __future__ import annotations

import json
import math
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import jsonschema
import pytest
import pyvips
import rdflib
import requests
from lxml import etree
from oaipmh.client import Client
from oaipmh.metadata import MetadataRegistry, oai_dc_reader
from rdflib.namespace import RDF
from sickle import Sickle
from typer.testing import CliRunner

from eheritage.cli import app as cli_app
from eheritage.metadata import read_catalogue
from eheritage.oai import ServeConfig, make_oai_app
from harness import Server, free_port
from eheritage.pipeline.publish import PublishOptions, PublishReport, publish
from eheritage.profiles import load_profile

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
IIIF_SCHEMA = json.loads((ROOT / "tests" / "iiif" / "schemas" / "presentation-3.0.schema.json").read_text("utf-8"))
PROFILES = ("museum", "library", "archive")
ADMIN_EMAIL = "digital@heritage.example.org"
REPOSITORY_NAME = "Azerbaijan Heritage Portal"
#: Small pages, so the three catalogues' ten records take several resumption tokens.
CONFIG = ServeConfig(page_size=4)
OAI = "{http://www.openarchives.org/OAI/2.0/}"
EDM = "{http://www.europeana.eu/schemas/edm/}"
ORE = "{http://www.openarchives.org/ore/terms/}"
RDF_NS = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CRM = rdflib.Namespace("http://www.cidoc-crm.org/cidoc-crm/")
#: The library row the incremental-harvest test edits, and the one it removes.
EDITED, REMOVED = "NLA-MS-0187", "NLA-1935-0412"


# -- helpers --------------------------------------------------------------------------------


#: The domain of every OAI identifier, whatever the host serving OUT.
REPOSITORY_IDENTIFIER = "culture.example.az"


def oai_id(base_url: str, local: str) -> str:
    """The OAI identifier of a record: `oai:<repository identifier>:<id>`, the same under any base URL."""
    return f"oai:{REPOSITORY_IDENTIFIER}:{local}"


def sickle_headers(endpoint: str, verb: str, **args: str) -> dict[str, bool]:
    """identifier -> deleted, through sickle."""
    items = getattr(Sickle(endpoint), verb)(ignore_deleted=False, **args)
    headers = (item.header if verb == "ListRecords" else item for item in items)
    return {h.identifier: h.deleted for h in headers}


def dc_titles(metadata: etree._Element) -> set[tuple[str | None, str]]:
    return {(t.get(XML_LANG), t.text) for t in metadata.iter(f"{DC}title")}


def image_size(data: bytes) -> tuple[int, int]:
    image = pyvips.Image.new_from_buffer(data, "")
    return image.width, image.height


# -- fixtures -------------------------------------------------------------------------------


@dataclass
class Site:
    """The published OUT, the server answering for it, and what went in."""

    out: Path
    base_url: str
    server: Server
    options: PublishOptions
    sources: dict[str, Path]
    reports: dict[str, PublishReport]
    #: profile -> its records' identifiers, read from the catalogue with the library's reader.
    records: dict[str, list[str]]
    #: record id -> {language: title}, as catalogued.
    titles: dict[str, dict[str | None, str]]
    http: requests.Session

    def oai_get(self, **params: str) -> requests.Response:
        reply = self.http.get(self.server.oai, params=params, timeout=30)
        assert reply.status_code == 200, reply.text[:500]
        return reply

    def every_id(self) -> set[str]:
        return {oai_id(self.base_url, r) for ids in self.records.values() for r in ids}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The three samples published into one OUT, under the address of the server serving it."""
    work = tmp_path_factory.mktemp("e2e")
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    options = PublishOptions(
        base_url=base_url, admin_email=ADMIN_EMAIL, repository_name=REPOSITORY_NAME, workers=2,
        repository_identifier=REPOSITORY_IDENTIFIER,
    )
    # The library is published from a private copy, which the incremental test later edits.
    sources = {name: SAMPLES / name for name in PROFILES}
    sources["library"] = Path(shutil.copytree(SAMPLES / "library", work / "library"))
    out = work / "OUT"
    reports = {}
    for name in PROFILES:
        reports[name] = publish(
            sources[name] / "catalogue.csv", load_profile(name), out, options, scans=sources[name] / "scans"
        )
    records, titles = {}, {}
    for name in PROFILES:
        catalogue = read_catalogue(sources[name] / "catalogue.csv", load_profile(name))
        records[name] = [r.id for r in catalogue]
        titles.update({r.id: r.titles for r in catalogue})
    with Server(make_oai_app(out, config=CONFIG), port) as server, requests.Session() as http:
        assert server.root == base_url
        http.headers["Connection"] = "close"  # no idle keep-alive holding the server open at teardown
        yield Site(out, base_url, server, options, sources, reports, records, titles, http)


# -- publish --------------------------------------------------------------------------------


def test_the_samples_publish_cleanly(site: Site) -> None:
    for name, report in site.reports.items():
        assert report.failures == [] and report.tiles.count("failed") == 0, (name, report.to_json())
        assert report.records == len(site.records[name]) > 0
    assert site.reports["library"].metadata_only == [REMOVED]


# -- OAI-PMH --------------------------------------------------------------------------------


def test_sickle_harvests_every_record_with_its_titles(site: Site) -> None:
    records = list(Sickle(site.server.oai).ListRecords(metadataPrefix="oai_dc", ignore_deleted=False))
    identifiers = [r.header.identifier for r in records]
    assert len(identifiers) == len(set(identifiers))
    assert set(identifiers) == site.every_id()
    assert not any(r.header.deleted for r in records)
    local = {oai_id(site.base_url, rid): rid for rid in site.titles}
    for record in records:
        metadata = record.xml.find(f"{OAI}metadata")
        assert dc_titles(metadata) == set(site.titles[local[record.header.identifier]].items())
    painting = next(r for r in records if r.header.identifier == oai_id(site.base_url, "NHM-2003-0117"))
    assert dc_titles(painting.xml.find(f"{OAI}metadata")) == {
        ("az", "Gənc qadın portreti"),
        ("ru", "Портрет молодой женщины"),
        ("en", "Portrait of a young woman"),
    }


def test_pyoai_harvests_every_record(site: Site) -> None:
    registry = MetadataRegistry()
    registry.registerReader("oai_dc", oai_dc_reader)
    client = Client(site.server.oai, registry)
    assert client.identify().baseURL() == f"{site.base_url}/oai"
    harvested = {header.identifier(): metadata for header, metadata, _ in client.listRecords(metadataPrefix="oai_dc")}
    assert set(harvested) == site.every_id()
    tales = harvested[oai_id(site.base_url, "NLA-1892-0031")].getField("title")
    assert sorted(tales) == sorted(site.titles["NLA-1892-0031"].values())
    assert "Сборникъ ширванскихъ сказаній" in tales
    assert {h.identifier() for h in client.listIdentifiers(metadataPrefix="oai_dc")} == site.every_id()


def test_crm_payloads_are_rdf_with_the_right_class(site: Site) -> None:
    records = list(Sickle(site.server.oai).ListRecords(metadataPrefix="crm"))
    assert {r.header.identifier for r in records} == site.every_id()
    objects, holdings = CRM["E22_Human-Made_Object"], CRM["E78_Curated_Holding"]
    classes = {"museum": objects, "library": objects, "archive": holdings}
    kinds = {oai_id(site.base_url, rid): name for name, ids in site.records.items() for rid in ids}
    for record in records:
        graph = crm_graph(record.xml)
        subject = rdflib.URIRef(f"{site.base_url}/record/{record.header.identifier.rsplit(':', 1)[1]}")
        assert (subject, RDF.type, classes[kinds[record.header.identifier]]) in graph, record.header.identifier


def crm_graph(record: etree._Element) -> rdflib.Graph:
    payload = record.find(f"{OAI}metadata")[0]
    assert payload.tag == f"{{{RDF}}}RDF"
    return rdflib.Graph().parse(data=etree.tostring(payload), format="xml")


def crm_representations(site: Site) -> dict[str, set[str]]:
    """record id -> the IIIF image services its CRM payload says represent it."""
    found = {}
    for record in Sickle(site.server.oai).ListRecords(metadataPrefix="crm"):
        graph = crm_graph(record.xml)
        local = record.header.identifier.rsplit(":", 1)[1]
        subject = rdflib.URIRef(f"{site.base_url}/record/{local}")
        found[local] = {str(o) for o in graph.objects(subject, CRM.P138i_has_representation)}
    return found


def manifest_services(site: Site) -> dict[str, set[str]]:
    """record id -> the image services its published manifest paints."""
    services = {}
    for path in (site.out / "iiif" / "manifest").glob("*.json"):
        manifest = json.loads(path.read_text("utf-8"))
        services[path.stem] = {c["items"][0]["items"][0]["body"]["service"][0]["id"] for c in manifest["items"]}
    return services


def test_crm_links_scans_listed_in_image_files_to_their_image_services(site: Site) -> None:
    # NHM-2003-0117 and AZ-DA-F12-S1-D0042 name their scans in the image_files column.
    representations, services = crm_representations(site), manifest_services(site)
    for record_id in ("NHM-2003-0117", "AZ-DA-F12-S1-D0042"):
        assert representations[record_id] == services[record_id] != set()


def test_crm_links_every_scanned_record_to_its_image_services(site: Site) -> None:
    representations, services = crm_representations(site), manifest_services(site)
    assert len(services) == 7
    missing = {rid: sorted(s) for rid, s in services.items() if representations[rid] != s}
    assert missing == {}


def test_list_sets_names_institutions_and_profiles(site: Site, valid) -> None:
    root = valid(site.oai_get(verb="ListSets").content)
    specs = {s.text for s in root.iter(f"{OAI}setSpec")}
    for name in PROFILES:
        profile = load_profile(name)
        assert {profile.institution.code, profile.name} <= specs
    assert {s.setSpec for s in Sickle(site.server.oai).ListSets()} == specs


def test_selective_harvest_by_set(site: Site) -> None:
    museum = {oai_id(site.base_url, r) for r in site.records["museum"]}
    harvested = sickle_headers(site.server.oai, "ListIdentifiers", metadataPrefix="oai_dc", set="museum")
    assert harvested == dict.fromkeys(museum, False)
    library = {oai_id(site.base_url, r) for r in site.records["library"]}
    code = load_profile("library").institution.code
    assert set(sickle_headers(site.server.oai, "ListRecords", metadataPrefix="oai_dc", set=code)) == library


def test_harvesting_a_fonds_set_returns_the_fonds_its_series_and_their_files(site: Site, valid) -> None:
    """OAI-PMH 2.0 §4.6: an archive's units are nested sets, so a fonds' set holds everything below it."""
    archive = [oai_id(site.base_url, r) for r in site.records["archive"]]  # fonds, series, two files
    fonds = sickle_headers(site.server.oai, "ListIdentifiers", metadataPrefix="oai_dc", set="archive:AZ-DA-F12")
    assert set(fonds) == set(archive)
    series = sickle_headers(site.server.oai, "ListIdentifiers", metadataPrefix="edm", set="archive:AZ-DA-F12:S1")
    assert set(series) == set(archive[1:])
    listed = valid(site.oai_get(verb="ListSets").content)
    names = {s.findtext(f"{OAI}setSpec"): s.findtext(f"{OAI}setName") for s in listed.iter(f"{OAI}set")}
    assert names["archive:AZ-DA-F12:S1"] == "AZ-DA-F12-S1: Correspondence on oil plots"
    assert "archive:AZ-DA-F12-S1" not in names


def test_every_verb_answers_schema_valid_xml(site: Site, valid) -> None:
    identify = valid(site.oai_get(verb="Identify").content)
    assert identify.findtext(f"{OAI}Identify/{OAI}baseURL") == f"{site.base_url}/oai"
    assert identify.findtext(f"{OAI}Identify/{OAI}adminEmail") == ADMIN_EMAIL
    scheme = "{http://www.openarchives.org/OAI/2.0/oai-identifier}"
    assert identify.findtext(f".//{scheme}repositoryIdentifier") == REPOSITORY_IDENTIFIER
    sample = identify.findtext(f".//{scheme}sampleIdentifier")
    assert sample.startswith(f"oai:{REPOSITORY_IDENTIFIER}:")

    formats = valid(site.oai_get(verb="ListMetadataFormats").content)
    assert {p.text for p in formats.iter(f"{OAI}metadataPrefix")} == {"oai_dc", "crm", "edm"}

    valid(site.oai_get(verb="ListSets").content)

    first = valid(site.oai_get(verb="ListRecords", metadataPrefix="oai_dc").content)
    token = first.find(f"{OAI}ListRecords/{OAI}resumptionToken")
    assert len(first.findall(f"{OAI}ListRecords/{OAI}record")) == CONFIG.page_size
    assert token is not None and token.text and token.get("completeListSize") == str(len(site.every_id()))
    second = valid(site.oai_get(verb="ListRecords", resumptionToken=token.text).content)
    assert len(second.findall(f"{OAI}ListRecords/{OAI}record")) == CONFIG.page_size

    identifier = oai_id(site.base_url, "NHM-2003-0117")
    record = valid(site.oai_get(verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier).content)
    assert record.findtext(f"{OAI}GetRecord/{OAI}record/{OAI}header/{OAI}identifier") == identifier

    error = valid(site.oai_get(verb="GetRecord", metadataPrefix="oai_dc", identifier=identifier + "-nope").content)
    assert error.find(f"{OAI}error").get("code") == "idDoesNotExist"


# -- IIIF over HTTP -------------------------------------------------------------------------


def fetch(site: Site, url: str, content_type: str | None = None) -> requests.Response:
    assert url.startswith(site.base_url + "/"), url
    reply = site.http.get(url, timeout=30)
    assert reply.status_code == 200, url
    assert reply.headers.get("Access-Control-Allow-Origin") == "*", url
    if content_type:
        assert reply.headers["Content-Type"].split(";")[0] == content_type, url
    return reply


def walk(site: Site, url: str, seen: dict[str, dict]) -> None:
    """Fetch a collection or manifest and, for a collection, everything it lists."""
    if url in seen:
        return
    document = seen[url] = fetch(site, url, "application/ld+json").json()
    jsonschema.validate(document, IIIF_SCHEMA)
    assert document["id"] == url
    for item in document.get("items", []) if document["type"] == "Collection" else []:
        walk(site, item["id"], seen)


def scanned(site: Site) -> set[str]:
    """Records with at least one scan, by the join rule `<id>.<ext>` or `<id>_<seq>.<ext>`."""
    stems = {p.stem for name in PROFILES for p in (site.sources[name] / "scans").iterdir()}
    ids = [rid for ids in site.records.values() for rid in ids]
    return {rid for rid in ids if any(s == rid or s.startswith(rid + "_") for s in stems)}


@pytest.fixture(scope="module")
def documents(site: Site) -> dict[str, dict]:
    """Every collection and manifest reachable over HTTP from top.json, by URL."""
    seen: dict[str, dict] = {}
    walk(site, f"{site.base_url}/iiif/collection/top.json", seen)
    return seen


def manifests(documents: dict[str, dict]) -> dict[str, dict]:
    return {url: doc for url, doc in documents.items() if doc["type"] == "Manifest"}


def test_top_collection_reaches_a_valid_manifest_per_scanned_record(site: Site, documents) -> None:
    top = documents[f"{site.base_url}/iiif/collection/top.json"]
    assert {i["id"] for i in top["items"]} == {f"{site.base_url}/iiif/collection/{name}.json" for name in PROFILES}
    found = {m["id"].rsplit("/", 1)[1].removesuffix(".json") for m in manifests(documents).values()}
    assert found == scanned(site) and len(found) == 7


def test_every_image_service_tile_and_thumbnail_is_served(site: Site, documents) -> None:
    checked = 0
    for manifest in manifests(documents).values():
        thumbnails = [t["id"] for t in manifest.get("thumbnail", [])]
        assert thumbnails, manifest["id"]
        for canvas in manifest["items"]:
            body = canvas["items"][0]["items"][0]["body"]
            image = fetch(site, body["id"], "image/jpeg")
            assert image_size(image.content) == (body["width"], body["height"]) == (canvas["width"], canvas["height"])
            service = body["service"][0]
            info = fetch(site, service["id"] + "/info.json", "application/ld+json").json()
            assert info["id"] == service["id"] and info["type"] == "ImageService3"
            assert (info["width"], info["height"]) == (canvas["width"], canvas["height"])
            assert info["sizes"], service["id"]
            for size in info["sizes"]:
                tile = fetch(site, f"{info['id']}/full/{size['width']},{size['height']}/0/default.jpg", "image/jpeg")
                assert image_size(tile.content) == (size["width"], size["height"])
                checked += 1
            thumbnails += [t["id"] for t in canvas.get("thumbnail", [])]
        for url in thumbnails:
            fetch(site, url, "image/jpeg")
    assert checked >= 16  # sixteen pages, at least one size each


def test_an_image_service_uri_redirects_to_its_info_json(site: Site, documents) -> None:
    manifest = next(iter(manifests(documents).values()))
    service = manifest["items"][0]["items"][0]["items"][0]["body"]["service"][0]["id"]
    reply = site.http.get(service, allow_redirects=False, timeout=30)
    assert reply.status_code == 303
    assert reply.headers["Location"].endswith("/info.json")


def test_see_also_links_are_served(site: Site, documents) -> None:
    for manifest in manifests(documents).values():
        for link in manifest["seeAlso"]:
            assert site.http.get(link["id"], timeout=30).status_code == 200, link["id"]


# -- CLI ------------------------------------------------------------------------------------


def test_serve_get_answers_identify_in_process(site: Site, valid) -> None:
    result = CliRunner().invoke(cli_app, ["serve", str(site.out), "--get", "/oai?verb=Identify"])
    assert result.exit_code == 0, result.output
    root = valid(result.stdout_bytes)
    assert root.findtext(f"{OAI}Identify/{OAI}repositoryName") == REPOSITORY_NAME
    assert root.findtext(f"{OAI}Identify/{OAI}adminEmail") == ADMIN_EMAIL


# -- incremental harvest --------------------------------------------------------------------


def test_incremental_harvest_after_republish_gets_exactly_the_changes(site: Site, tmp_path: Path) -> None:
    """An aggregator harvests, the library edits one row and removes another, publishes again;
    harvesting `from` the first harvest's start returns just those two records."""
    out = Path(shutil.copytree(site.out, tmp_path / "OUT"))  # a copy, so the other tests keep theirs
    with Server(make_oai_app(out, config=CONFIG), free_port()) as server:
        # Publish stamps seconds: start the harvest in a second no first-publish datestamp has.
        harvest_started = math.floor(time.time()) + 1
        time.sleep(harvest_started - time.time() + 0.05)
        first = sickle_headers(server.oai, "ListIdentifiers", metadataPrefix="oai_dc")
        assert first == dict.fromkeys(site.every_id(), False)
        time.sleep(1.1)  # so the re-publish stamps a later second than the harvest started in

        catalogue = site.sources["library"] / "catalogue.csv"
        lines = catalogue.read_text("utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not line.startswith(REMOVED)]
        assert len(kept) == len(lines) - 1
        edited = "".join(kept).replace("Divan (manuscript)", "Divan of Nasimi (manuscript)")
        assert edited != "".join(kept)
        catalogue.write_text(edited, encoding="utf-8")
        report = publish(catalogue, load_profile("library"), out, site.options, scans=site.sources["library"] / "scans")
        assert (report.catalog.changed, report.catalog.deleted) == (1, 1), report.to_json()
        assert report.tiles.count("done") == 0

        since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(harvest_started))
        changes = sickle_headers(server.oai, "ListIdentifiers", metadataPrefix="oai_dc", **{"from": since})
        assert changes == {oai_id(site.base_url, EDITED): False, oai_id(site.base_url, REMOVED): True}

        query = {"verb": "ListIdentifiers", "metadataPrefix": "oai_dc", "from": since}
        raw = etree.fromstring(requests.get(server.oai, params=query, timeout=30).content)
        statuses = {h.findtext(f"{OAI}identifier"): h.get("status") for h in raw.iter(f"{OAI}header")}
        assert statuses == {oai_id(site.base_url, EDITED): None, oai_id(site.base_url, REMOVED): "deleted"}
        (record,) = Sickle(server.oai).ListRecords(metadataPrefix="oai_dc", ignore_deleted=True, **{"from": since})
        assert ("en", "Divan of Nasimi (manuscript)") in dc_titles(record.xml.find(f"{OAI}metadata"))


def test_a_row_removed_from_the_catalogue_saved_elsewhere_is_deleted(site: Site, tmp_path: Path) -> None:
    out = Path(shutil.copytree(site.out, tmp_path / "OUT"))
    moved = tmp_path / "library-2025" / "catalogue.csv"
    moved.parent.mkdir()
    lines = (SAMPLES / "library" / "catalogue.csv").read_text("utf-8").splitlines(keepends=True)
    moved.write_text("".join(line for line in lines if not line.startswith(REMOVED)), encoding="utf-8")
    report = publish(moved, load_profile("library"), out, site.options, scans=site.sources["library"] / "scans")
    assert report.records == len(site.records["library"]) - 1
    with Server(make_oai_app(out, config=CONFIG), free_port()) as server:
        headers = sickle_headers(server.oai, "ListIdentifiers", metadataPrefix="oai_dc", set="library")
    assert headers[oai_id(site.base_url, REMOVED)] is True


def test_edm_harvested_from_serve_passes_europeanas_schema_and_schematron(site: Site, edm_problems) -> None:
    """Every record harvested as `edm` is one Europeana's Metis would accept, and its links resolve."""
    harvested = list(Sickle(site.server.oai).ListRecords(metadataPrefix="edm"))
    assert {r.header.identifier for r in harvested} == site.every_id()
    checked_images = 0
    for item in harvested:
        payload = etree.fromstring(item.raw.encode()).find(f".//{OAI}metadata")[0]
        xml = etree.tostring(payload, encoding="unicode")
        assert edm_problems(xml) == [], item.header.identifier
        aggregation = payload.find(f"{ORE}Aggregation")
        shown_at = aggregation.find(f"{EDM}isShownAt").get(f"{RDF_NS}resource")
        page = site.http.get(shown_at, timeout=30)
        assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
        for link in ("isShownBy", "object"):
            if (node := aggregation.find(f"{EDM}{link}")) is not None:
                image = site.http.get(node.get(f"{RDF_NS}resource"), timeout=30)
                assert image.status_code == 200 and image.headers["Content-Type"] == "image/jpeg", link
                checked_images += 1
        thumbnail = aggregation.find(f"{EDM}object")
        if thumbnail is not None:
            small = pyvips.Image.new_from_buffer(site.http.get(thumbnail.get(f"{RDF_NS}resource"), timeout=30).content, "")
            assert max(small.width, small.height) == 400  # the samples' scans are all larger
    assert checked_images >= 4  # the samples' image records all have both
