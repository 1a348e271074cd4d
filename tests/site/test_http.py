"""The published site over real HTTP: record URIs, negotiation, CORS, caching, re-basing."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from io import BytesIO
from urllib.parse import quote

import rdflib
import rdflib.compare
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from PIL import Image

from eheritage.oai import make_oai_app
from harness import request

DC = "{http://purl.org/dc/elements/1.1/}"
SCHEMA_TYPES = {"NHM": "VisualArtwork", "NLA": "Book", "AZ-": "ArchiveComponent"}


class _Page(HTMLParser):
    """What the tests read off a page: its title, JSON-LD blocks, links and meta tags."""

    def __init__(self) -> None:
        super().__init__()
        self.title, self.jsonld, self.links, self.meta = "", [], [], {}
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "title" or (tag == "script" and attributes.get("type") == "application/ld+json"):
            self._in = tag
        if tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])
        if tag == "meta" and "property" in attributes:
            self.meta[attributes["property"]] = attributes.get("content")

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.jsonld.append(json.loads(data))

    def handle_endtag(self, tag: str) -> None:
        self._in = None


def page(html: str) -> _Page:
    parsed = _Page()
    parsed.feed(html)
    return parsed


def test_every_record_uri_dereferences_as_html_and_as_turtle(published) -> None:
    ids = published.record_ids()
    assert len(ids) == 10
    for record_id in ids:
        uri = f"{published.root}/record/{quote(record_id)}"
        html = request(uri, headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
        assert html.status == 303 and html.headers["location"] == f"/record/{quote(record_id)}.html"
        assert "accept" in html.headers["vary"].lower()
        landing = request(published.root + html.headers["location"])
        assert landing.status == 200 and landing.headers["content-type"].startswith("text/html")
        turtle = request(uri, headers={"Accept": "text/turtle"})
        assert turtle.status == 303 and turtle.headers["location"].endswith(".ttl")
        document = request(published.root + turtle.headers["location"])
        graph = rdflib.Graph().parse(data=document.text, format="turtle")
        # Published with the default base, served on another port: the subject is where it is served.
        assert (rdflib.URIRef(uri.replace(quote(record_id), record_id)), None, None) in graph, record_id
        jsonld = request(uri, headers={"Accept": "application/ld+json"})
        as_jsonld = rdflib.Graph().parse(data=request(published.root + jsonld.headers["location"]).text, format="json-ld")
        assert len(as_jsonld) == len(graph)
        rdfxml = request(uri, headers={"Accept": "application/rdf+xml"})
        assert rdfxml.headers["location"].endswith(".rdf")
        document = request(published.root + rdfxml.headers["location"])
        assert document.headers["content-type"] == "application/rdf+xml"
        assert rdflib.compare.isomorphic(rdflib.Graph().parse(data=document.body, format="xml"), graph)


def test_a_landing_page_carries_title_schema_org_and_its_manifest(published) -> None:
    for record_id in published.record_ids():
        reply = request(f"{published.root}/record/{quote(record_id)}.html")
        parsed = page(reply.text)
        [schema] = parsed.jsonld
        assert schema["@context"] == "https://schema.org"
        assert schema["@type"] == SCHEMA_TYPES[record_id[:3]]
        assert schema["@id"] == f"{published.root}/record/{record_id}"
        assert schema["identifier"] == record_id and schema["name"] and schema["provider"]["name"]
        names = [n["@value"] if isinstance(n, dict) else n for n in (schema["name"] if isinstance(schema["name"], list) else [schema["name"]])]
        assert any(name in parsed.title for name in names)
        assert parsed.meta["og:title"] and parsed.meta["og:url"] == f"{published.root}/record/{quote(record_id)}.html"
        has_images = (published.out / "iiif" / "manifest" / f"{record_id}.json").is_file()
        manifest_link = f"../iiif/manifest/{quote(record_id)}.json"
        assert (manifest_link in parsed.links) == has_images
        if has_images:
            assert schema["image"] and schema["thumbnailUrl"].startswith(published.root)
            manifest = request(f"{published.root}/iiif/manifest/{quote(record_id)}.json").body
            assert json.loads(manifest)["id"] == f"{published.root}/iiif/manifest/{quote(record_id)}.json"
            dnd = next(link for link in parsed.links if "?manifest=" in link)
            assert dnd.endswith(quote(f"{published.root}/iiif/manifest/{quote(record_id)}.json", safe=""))


def test_oai_dc_names_the_landing_page_and_its_manifest(published) -> None:
    for record_id in published.record_ids():
        reply = request(f"{published.root}/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:culture.example.az:{quote(record_id)}")
        root = etree.fromstring(reply.body)
        identifiers = [e.text for e in root.iter(f"{DC}identifier")]
        relations = [e.text for e in root.iter(f"{DC}relation")]
        assert f"{published.root}/record/{quote(record_id)}.html" in identifiers  # the landing page
        assert record_id in identifiers  # and the local identifier
        manifest = f"{published.root}/iiif/manifest/{quote(record_id)}.json"
        assert (manifest in relations) == (published.out / "iiif" / "manifest" / f"{record_id}.json").is_file()
        baseurl = request(f"{published.root}/oai?verb=Identify").text
        assert f"<baseURL>{published.root}/oai</baseURL>" in baseurl


def test_the_crm_description_says_where_the_page_and_manifest_are(published) -> None:
    graph = rdflib.Graph().parse(data=request(f"{published.root}/record/NHM-2003-0117.ttl").text, format="turtle")
    crm = rdflib.Namespace("http://www.cidoc-crm.org/cidoc-crm/")
    subjects_of = set(map(str, graph.objects(rdflib.URIRef(f"{published.root}/record/NHM-2003-0117"), crm.P129i_is_subject_of)))
    assert subjects_of == {f"{published.root}/record/NHM-2003-0117.html", f"{published.root}/iiif/manifest/NHM-2003-0117.json"}


def test_unacceptable_and_unknown_records(published) -> None:
    assert request(f"{published.root}/record/NHM-2003-0117", headers={"Accept": "image/png"}).status == 406
    assert request(f"{published.root}/record/NO-SUCH-RECORD").status == 404
    assert request(f"{published.root}/record/NO-SUCH-RECORD.html").status == 404
    assert request(f"{published.root}/record/../catalog.sqlite").status == 404
    assert request(f"{published.root}/report.json").status == 404
    assert request(f"{published.root}/catalog.sqlite").status == 404


def test_cors_preflight_for_iiif_and_oai(published) -> None:
    for path in ("/iiif/manifest/NHM-2003-0117.json", "/oai", "/record/NHM-2003-0117"):
        reply = request(published.root + path, "OPTIONS", {
            "Origin": "https://viewer.example.org", "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "accept",
        })
        assert reply.status == 204, path
        assert reply.headers["access-control-allow-origin"] == "*"
        assert "GET" in reply.headers["access-control-allow-methods"]
        assert "accept" in reply.headers["access-control-allow-headers"].lower()
    assert "POST" in request(published.root + "/oai", "OPTIONS").headers["access-control-allow-methods"]
    profile = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'
    manifest = request(published.root + "/iiif/manifest/NHM-2003-0117.json", headers={"Accept": profile})
    assert manifest.status == 200 and manifest.headers["access-control-allow-origin"] == "*"
    assert request(published.root + "/oai?verb=Identify").headers["access-control-allow-origin"] == "*"


def test_conditional_get_answers_304_and_tiles_are_cached(published) -> None:
    tile = next((published.out / "iiif" / "NHM-2003-0117_0001").rglob("default.jpg")).relative_to(published.out)
    url = f"{published.root}/{tile.as_posix()}"
    first = request(url)
    assert first.status == 200 and first.headers["cache-control"] == "public, max-age=86400"
    assert request(url, headers={"If-None-Match": first.headers["etag"]}).status == 304
    assert request(url, headers={"If-Modified-Since": first.headers["last-modified"]}).status == 304
    assert request(url, headers={"If-None-Match": '"other"'}).status == 200
    manifest = f"{published.root}/iiif/manifest/NHM-2003-0117.json"
    document = request(manifest)
    assert document.headers["cache-control"] == "public, no-cache"
    assert request(manifest, headers={"If-None-Match": document.headers["etag"]}).status == 304


def test_documents_follow_the_address_they_are_served_from(published) -> None:
    info = json.loads(request(f"{published.root}/iiif/NHM-2003-0117_0001/info.json").body)
    assert info["id"] == f"{published.root}/iiif/NHM-2003-0117_0001"
    on_disk = json.loads((published.out / "iiif" / "NHM-2003-0117_0001" / "info.json").read_text())
    assert on_disk["id"] == "http://127.0.0.1:8000/iiif/NHM-2003-0117_0001"
    assert "127.0.0.1:8000" not in request(f"{published.root}/rdf/all.nt").text
    assert "127.0.0.1:8000" not in request(f"{published.root}/iiif/collection/top.json").text


def test_the_home_page_names_every_institution_with_its_records(published) -> None:
    home = request(published.root + "/").text
    assert "<h1>e-Culture sample collections</h1>" in home
    for institution, count in (("browse/nhm.html", 3), ("browse/nla.html", 3), ("browse/naa.html", 4)):
        assert re.search(rf'href="{institution}".*?<span class="count">{count} ', home, re.S), institution
    for href in re.findall(r'href="(browse/[^"]+)"', home):
        assert request(f"{published.root}/{href}").status == 200, href


def test_iiif_index_and_favicon_are_there_for_people(published) -> None:
    listing = request(published.root + "/iiif/")
    assert listing.status == 200 and 'href="collection/top.json"' in listing.text
    icon = request(published.root + "/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"] == "image/vnd.microsoft.icon"
    assert Image.open(BytesIO(icon.body)).format == "ICO"


def test_a_hostile_host_header_never_reaches_a_document(published) -> None:
    hostile = request(f"{published.root}/record/NHM-2003-0117.html", headers={"Host": '"><script>alert(1)</script>'})
    assert "<script>alert" not in hostile.text and "http://127.0.0.1:8000/record/NHM-2003-0117" in hostile.text
    other = request(f"{published.root}/iiif/manifest/NHM-2003-0117.json", headers={"Host": "heritage.local:8443"})
    assert json.loads(other.body)["id"] == "http://heritage.local:8443/iiif/manifest/NHM-2003-0117.json"


@settings(max_examples=300, deadline=None)
@given(path=st.lists(st.sampled_from(list("/.%_-~?#&=aZ09ƏəФ\\\0 ") + ["record/", "iiif/", "..", "manifest/", ".json", ".html",
                                                                      ".ttl", ".rdf", "NHM-2003-0117"]), max_size=12).map("".join),
       accept=st.sampled_from(["", "text/html", "text/turtle;q=0.5, */*;q=0.1", "image/png", "application/rdf+xml", ";;q=x"]))
def test_no_path_or_accept_header_makes_serve_fail(published, path: str, accept: str) -> None:
    app = make_oai_app(published.out)
    status, _ = app.get(quote("/" + path, safe="/%?&="), headers={"Accept": accept} if accept else None)
    assert status in {200, 303, 304, 404, 405, 406, 410}, (path, status)


def test_every_format_names_a_schema_a_harvester_can_load_and_its_payloads_pass(published) -> None:
    OAI = "{http://www.openarchives.org/OAI/2.0/}"
    formats = etree.fromstring(request(f"{published.root}/oai?verb=ListMetadataFormats").body)
    schemas = {f.findtext(f"{OAI}metadataPrefix"): f.findtext(f"{OAI}schema") for f in formats.iter(f"{OAI}metadataFormat")}
    assert schemas["crm"] == f"{published.root}/schemas/rdf.xsd"
    schema = etree.XMLSchema(etree.fromstring(request(schemas["crm"]).body))
    listing = etree.fromstring(request(f"{published.root}/oai?verb=ListRecords&metadataPrefix=crm").body)
    payloads = [metadata[0] for metadata in listing.iter(f"{OAI}metadata")]
    assert len(payloads) == 10
    for payload in payloads:
        schema.assertValid(etree.fromstring(etree.tostring(payload)))
    assert not schema.validate(etree.fromstring(b"<rdf xmlns='http://example.org/'/>"))


def test_report_json_gives_every_records_tiers_as_the_served_edm_earns_them(published) -> None:
    """The tiers in OUT/report.json are those Metis' rules give the EDM a harvester gets."""
    from eheritage.crosswalks.tiers import classify

    report = json.loads((published.out / "report.json").read_text(encoding="utf-8"))
    listed = {item["id"]: item["tiers"] for catalogue in report["catalogues"] for item in catalogue["tiers"]["records"]}
    assert sorted(listed) == sorted(published.record_ids())
    for record_id, tiers in listed.items():
        reply = request(f"{published.root}/oai?verb=GetRecord&metadataPrefix=edm&identifier=oai:culture.example.az:{quote(record_id)}")
        payload = etree.fromstring(reply.body).find(".//{http://www.openarchives.org/OAI/2.0/}metadata")[0]
        assert classify(etree.tostring(payload, encoding="unicode")).to_json() == tiers, record_id
    good = sum(t["metadata"] in {"B", "C"} for t in listed.values())
    assert good / len(listed) >= 0.8 and report["total"]["tiers"]["metadata_b_or_better"] == round(good / len(listed), 3)
    html = (published.out / "report.html").read_text(encoding="utf-8")
    assert "Europeana tiers" in html and all(record_id in html for record_id in listed)
    assert request(f"{published.root}/report.html").status == 404  # for the curator, not the public


def test_every_pages_oai_pmh_link_answers_with_its_record(published) -> None:
    """The page's GetRecord link names the repository's identifier, not the host's."""
    for record_id in published.record_ids():
        page = request(f"{published.root}/record/{quote(record_id)}.html").text
        (link,) = re.findall(r'href="([^"]*verb=GetRecord[^"]*)"', page)
        reply = request(link.replace("&amp;", "&"))
        root = etree.fromstring(reply.body)
        assert root.find("{http://www.openarchives.org/OAI/2.0/}error") is None, (record_id, link)
        assert "oai%3Aculture.example.az%3A" in link
