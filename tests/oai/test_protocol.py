"""Every verb and every error condition, over HTTP, each response validated against OAI-PMH.xsd."""

from __future__ import annotations

import urllib.parse

import pytest

from eheritage.catalog import utc_seconds
from eheritage.oai.tokens import ListState, TokenCodec

OAI = "{http://www.openarchives.org/OAI/2.0/}"
ID = "oai:heritage.example.org:obj-0001"


@pytest.fixture
def ask(server, kit, valid):
    """GET /oai with the given query; returns the validated root."""

    def request(query: str):
        reply = kit.fetch(f"{server.oai}?{query}")
        assert reply.status == 200, reply.body
        assert reply.headers["Content-Type"].startswith("text/xml")
        return valid(reply.body)

    return request


def error_codes(root) -> list[str]:
    return [e.get("code") for e in root.iter(f"{OAI}error")]


def test_identify_describes_the_repository(ask):
    root = ask("verb=Identify")
    identify = root.find(f"{OAI}Identify")
    assert identify.findtext(f"{OAI}baseURL") == "https://heritage.example.org/oai"
    assert identify.findtext(f"{OAI}repositoryName") == "Test Museum"
    assert identify.findtext(f"{OAI}adminEmail") == "collections@heritage.example.org"
    assert identify.findtext(f"{OAI}earliestDatestamp") == "2024-01-01T12:00:00Z"
    assert identify.findtext(f"{OAI}deletedRecord") == "persistent"
    assert identify.findtext(f"{OAI}granularity") == "YYYY-MM-DDThh:mm:ssZ"
    sample = identify.findtext(".//{http://www.openarchives.org/OAI/2.0/oai-identifier}sampleIdentifier")
    assert sample.startswith("oai:heritage.example.org:")
    assert root.find(f"{OAI}request").attrib == {"verb": "Identify"}


def test_list_metadata_formats(ask):
    prefixes = [e.text for e in ask("verb=ListMetadataFormats").iter(f"{OAI}metadataPrefix")]
    assert prefixes == ["crm", "oai_dc"]
    only_dc = ask("verb=ListMetadataFormats&identifier=oai:heritage.example.org:obj-0005")
    assert [e.text for e in only_dc.iter(f"{OAI}metadataPrefix")] == ["oai_dc"]


def test_list_sets_is_hierarchical_with_names(ask):
    sets = {s.findtext(f"{OAI}setSpec"): s.findtext(f"{OAI}setName") for s in ask("verb=ListSets").iter(f"{OAI}set")}
    assert sets["museum"] == "The Museum"
    assert {"museum:paintings", "museum:paintings:oil", "museum:prints", "library", "library:manuscripts"} <= set(sets)


def test_get_record_with_payload_cleaned_of_control_characters(ask):
    root = ask("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:heritage.example.org:obj-0004")
    title = root.findtext(".//{http://purl.org/dc/elements/1.1/}title")
    assert title == "Object 4 (edition 1)"


def test_get_record_of_a_deleted_record_is_a_deleted_header(ask):
    record = ask("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:heritage.example.org:obj-0003").find(
        f".//{OAI}record"
    )
    assert record.find(f"{OAI}header").get("status") == "deleted"
    assert record.find(f"{OAI}metadata") is None


def test_post_is_answered_like_get(server, kit, valid):
    reply = kit.fetch(server.oai, data=b"verb=GetRecord&metadataPrefix=oai_dc&identifier=" + ID.encode())
    root = valid(reply.body)
    assert root.findtext(f".//{OAI}identifier") == ID


def test_list_identifiers_pages_carry_size_cursor_and_a_final_empty_token(ask):
    root = ask("verb=ListIdentifiers&metadataPrefix=oai_dc")
    cursors, seen = [], 0
    while True:
        seen += len(root.findall(f".//{OAI}header"))
        token = root.find(f".//{OAI}resumptionToken")
        assert token.get("completeListSize") == "40"
        cursors.append(int(token.get("cursor")))
        if not token.text:
            assert token.get("expirationDate") is None
            break
        assert token.get("expirationDate") > "2025"
        root = ask("verb=ListIdentifiers&resumptionToken=" + urllib.parse.quote(token.text))
    assert seen == 40
    assert cursors == [0, 7, 14, 21, 28, 35]


def test_a_list_that_fits_one_page_has_no_token(ask):
    root = ask("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-03-01T12:00:00Z")
    assert len(root.findall(f".//{OAI}header")) == 5  # the 2 edited and the 3 deleted
    assert root.find(f".//{OAI}resumptionToken") is None


def test_every_list_records_page_validates_with_its_payloads(ask):
    root = ask("verb=ListRecords&metadataPrefix=oai_dc")
    records = root.findall(f".//{OAI}record")
    while token := root.findtext(f".//{OAI}resumptionToken"):
        root = ask("verb=ListRecords&resumptionToken=" + urllib.parse.quote(token))
        records += root.findall(f".//{OAI}record")
    deleted = [r for r in records if r.find(f"{OAI}header").get("status") == "deleted"]
    assert len(records) == 40 and len(deleted) == 3
    assert all(r.find(f"{OAI}metadata") is None for r in deleted)


def test_crm_records_carry_their_rdf_payload(server, kit):
    from lxml import etree

    # Not schema-validated: the strict payload wildcard needs an RDF/XML schema, which has none.
    root = etree.fromstring(kit.fetch(f"{server.oai}?verb=ListRecords&metadataPrefix=crm").body)
    payloads = root.findall(f".//{OAI}metadata/{{http://www.w3.org/1999/02/22-rdf-syntax-ns#}}RDF")
    assert len(payloads) == 7
    assert root.find(f".//{OAI}resumptionToken").get("completeListSize") == "32"


def test_set_selection_includes_descendants(ask):
    root = ask("verb=ListIdentifiers&metadataPrefix=oai_dc&set=museum:paintings")
    specs = {s.text for s in root.iter(f"{OAI}setSpec")}
    assert specs == {"museum:paintings", "museum:paintings:oil"}


def test_day_granularity_until_is_inclusive(ask):
    root = ask("verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-03-01&until=2024-03-01")
    assert len(root.findall(f".//{OAI}header")) == 5


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("", "badVerb"),
        ("verb=Frobnicate", "badVerb"),
        ("verb=Identify&verb=Identify", "badVerb"),
        ("verb=Identify&metadataPrefix=oai_dc", "badArgument"),
        ("verb=ListRecords", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-13-45", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01T00:00:00.5Z", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2020-01-01&until=2021-01-01T00:00:00Z", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2021-01-01&until=2020-01-01", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&set=bad%20set", "badArgument"),
        ("verb=ListRecords&metadataPrefix=oai_dc&resumptionToken=x", "badArgument"),
        ("verb=ListRecords&metadataPrefix=", "badArgument"),
        ("verb=GetRecord&identifier=%01&metadataPrefix=oai_dc", "badArgument"),
        ("verb=GetRecord&identifier=" + ID, "badArgument"),
        ("verb=ListRecords&metadataPrefix=marc21", "cannotDisseminateFormat"),
        ("verb=GetRecord&metadataPrefix=crm&identifier=oai:heritage.example.org:obj-0005", "cannotDisseminateFormat"),
        ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:heritage.example.org:nope", "idDoesNotExist"),
        ("verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:other.example.org:obj-0001", "idDoesNotExist"),
        ("verb=ListMetadataFormats&identifier=oai:heritage.example.org:nope", "idDoesNotExist"),
        ("verb=ListRecords&metadataPrefix=oai_dc&from=2030-01-01", "noRecordsMatch"),
        ("verb=ListRecords&metadataPrefix=oai_dc&set=nowhere", "noRecordsMatch"),
        ("verb=ListRecords&metadataPrefix=oai_dc&set=museu", "noRecordsMatch"),
        ("verb=ListSets&resumptionToken=abc", "badResumptionToken"),
        ("verb=ListRecords&resumptionToken=garbage", "badResumptionToken"),
        ("verb=ListRecords&resumptionToken=" + "A" * 20_000, "badResumptionToken"),
        ("verb=ListIdentifiers&resumptionToken=%FF%FE.%00", "badArgument"),
        ("verb=ListIdentifiers&resumptionToken=%C3%A9.%C3%A9", "badResumptionToken"),
        ("verb=Identify" + "&x=1" * 5000, "badArgument"),
    ],
)
def test_error_conditions_get_the_specified_code(ask, query, code):
    root = ask(query)
    assert error_codes(root) == [code]
    request = root.find(f"{OAI}request")
    if code in ("badVerb", "badArgument"):
        assert request.attrib == {}


def _first_token(ask, verb: str) -> str:
    return ask(f"verb={verb}&metadataPrefix=oai_dc").find(f".//{OAI}resumptionToken").text


def test_tampered_token_is_refused(ask):
    token = _first_token(ask, "ListRecords")
    body, signature = token.split(".")
    forged = body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1] + "." + signature
    assert error_codes(ask("verb=ListRecords&resumptionToken=" + urllib.parse.quote(forged))) == ["badResumptionToken"]


def test_token_of_another_verb_is_refused(ask):
    token = _first_token(ask, "ListIdentifiers")
    root = ask("verb=ListRecords&resumptionToken=" + urllib.parse.quote(token))
    assert error_codes(root) == ["badResumptionToken"]


def test_expired_token_is_refused_and_a_fresh_one_accepted(server, kit, valid, catalog):
    # Tokens signed with the catalog's secret, as a restarted server would sign them.
    from eheritage.catalog import Catalog

    with Catalog.open(catalog) as opened:
        codec = TokenCodec(opened.token_secret())
    now = utc_seconds()
    state = ListState("ListIdentifiers", "oai_dc", None, None, None, 0, "", 7, 40, now - 1)
    expired = valid(kit.fetch(f"{server.oai}?verb=ListIdentifiers&resumptionToken={codec.issue(state)}").body)
    assert error_codes(expired) == ["badResumptionToken"]
    fresh = ListState(*[*vars(state).values()][:-1], now + 60)
    root = valid(kit.fetch(f"{server.oai}?verb=ListIdentifiers&resumptionToken={codec.issue(fresh)}").body)
    assert len(root.findall(f".//{OAI}header")) == 7


def test_other_methods_and_paths_are_http_errors_not_500(server, kit):
    assert kit.fetch(server.oai, method="PUT").status == 405
    assert kit.fetch(f"{server.root}/nothing-here").status == 404
    index = kit.fetch(server.root + "/")
    assert index.status == 200 and b"Test Museum" in index.body


def test_a_catalog_without_sets_or_formats_for_a_record(tmp_path, valid):
    """noSetHierarchy and noMetadataFormats need a catalog unlike the shared fixture."""
    from eheritage.catalog import Catalog, CatalogEntry, RepositoryInfo
    from eheritage.oai import make_oai_app

    with Catalog.open(tmp_path) as catalog:
        catalog.set_repository(RepositoryInfo("Flat", "http://flat.example.org", "a@flat.example.org"))
        catalog.sync([CatalogEntry("bare", (), {}, "h")], scope="all")
    provider = make_oai_app(tmp_path).provider

    def codes(query: str) -> list[str]:
        root = valid(provider.respond(urllib.parse.parse_qsl(query), utc_seconds()).encode())
        return error_codes(root)

    assert codes("verb=ListSets") == ["noSetHierarchy"]
    assert codes("verb=ListIdentifiers&metadataPrefix=oai_dc&set=any") == ["noSetHierarchy"]
    assert codes("verb=ListMetadataFormats&identifier=oai:flat.example.org:bare") == ["noMetadataFormats"]
    assert codes("verb=ListRecords&metadataPrefix=oai_dc") == ["noRecordsMatch"]
