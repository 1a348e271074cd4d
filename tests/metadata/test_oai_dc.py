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
