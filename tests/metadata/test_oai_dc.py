from pathlib import Path

import pytest
from lxml import etree

from eheritage.crosswalks import Publication
from eheritage.crosswalks.oai_dc import render
from eheritage.metadata import read_catalogue
from eheritage.profiles import load_profile

from .conftest import SCHEMAS, write_csv

_LOCAL = {
    "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": SCHEMAS / "simpledc20021212.xsd",
    "http://www.w3.org/2001/03/xml.xsd": SCHEMAS / "xml.xsd",
}


class _Resolver(etree.Resolver):
    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        return self.resolve_filename(str(_LOCAL[url]), context) if url in _LOCAL else None


@pytest.fixture(scope="module")
def oai_dc_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_Resolver())
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "oai_dc.xsd"), parser))
    assert not [e for e in schema.error_log if "WARN" in e.type_name]  # an unresolved import yields an empty schema
    return schema


@pytest.mark.parametrize(("name", "fixture"), [("museum", "museum_csv"), ("library", "library_xlsx"), ("archive", "archive_csv")])
def test_oai_dc_is_valid(name: str, fixture: str, request: pytest.FixtureRequest, oai_dc_schema: etree.XMLSchema) -> None:
    profile = load_profile(name)
    for record in read_catalogue(request.getfixturevalue(fixture), profile):
        doc = etree.fromstring(render(Publication.of(record)))
        assert oai_dc_schema.validate(doc), oai_dc_schema.error_log
        assert doc.findall("{http://purl.org/dc/elements/1.1/}title")


def test_oai_dc_strips_xml_illegal_characters(tmp_path: Path, oai_dc_schema: etree.XMLSchema) -> None:
    path = write_csv(tmp_path / "c.csv", [["object_number", "object_name", "title@az", "rights"],
                                          ["A1", "xalça", "Bad\x0bchar", "http://rightsstatements.org/vocab/InC/1.0/"]])
    profile = load_profile("museum")
    xml = render(Publication.of(read_catalogue(path, profile).records[0]))
    doc = etree.fromstring(xml)
    assert doc.find("{http://purl.org/dc/elements/1.1/}title").text == "Badchar"
    assert doc.find("{http://purl.org/dc/elements/1.1/}title").get("{http://www.w3.org/XML/1998/namespace}lang") == "az"
    assert oai_dc_schema.validate(doc)


DC_NS = "{http://purl.org/dc/elements/1.1/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DCMI_TYPES = {"Collection", "Dataset", "Event", "Image", "InteractiveResource", "MovingImage", "PhysicalObject",
              "Service", "Software", "Sound", "StillImage", "Text"}


def _dc(record, **published) -> dict[str, list[etree._Element]]:
    doc = etree.fromstring(render(Publication.of(record, "https://example.org/record/", **published)))
    found: dict[str, list[etree._Element]] = {}
    for node in doc:
        found.setdefault(etree.QName(node).localname, []).append(node)
    return found


@pytest.mark.parametrize(("name", "fixture"), [("museum", "museum_csv"), ("library", "library_xlsx"), ("archive", "archive_csv")])
def test_oai_dc_is_what_aggregators_ask_for(name: str, fixture: str, request: pytest.FixtureRequest) -> None:
    profile = load_profile(name)
    for record in read_catalogue(request.getfixturevalue(fixture), profile):
        page = f"https://example.org/record/{record.id}.html"
        dc = _dc(record, page=page, manifest=f"https://example.org/iiif/manifest/{record.id}.json")
        texts = {element: [n.text for n in nodes] for element, nodes in dc.items()}
        assert DCMI_TYPES & set(texts["type"]), record.id  # a DCMI Type beside the catalogue's own term
        assert page in texts["identifier"] and record.identifier in texts["identifier"]
        assert texts["relation"][-1].endswith(f"/manifest/{record.id}.json")
        rights = texts.get("rights", [])
        assert len(rights) == 1 and rights[0].startswith("http"), record.id  # one rights URI, no access note
        assert not [f for f in texts.get("format", []) if f.strip().isdigit()]  # no count of parts
        for node in dc["title"] + dc.get("description", []):
            assert node.get(XML_LANG), (record.id, node.text)
        if "Text" in texts["type"]:
            assert texts.get("language") and all(len(code) in (2, 3) and code.islower() for code in texts["language"])


def test_oai_dc_dates_carry_edtf_beside_the_wording(museum_csv: Path) -> None:
    records = read_catalogue(museum_csv, load_profile("museum")).records
    assert [n.text for n in _dc(records[0])["date"]] == ["c.1850", "1850~"]
    assert [n.text for n in _dc(records[1])["date"]] == ["XIX əsr", "1801/1900"]


def test_a_library_record_without_a_language_takes_the_profiles_iso_639(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "l.csv", [["identifier", "title", "rights"], ["B-1", "Kitab", "http://rightsstatements.org/vocab/InC/1.0/"]])
    dc = _dc(read_catalogue(path, load_profile("library")).records[0])
    assert [n.text for n in dc["language"]] == ["en"]
    assert dc["title"][0].get(XML_LANG) == "en"  # an untagged column is in the profile's language
