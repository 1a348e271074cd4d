"""EDM for Europeana: every record of every test catalogue passes EDM.xsd and Europeana's schematron."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from eheritage.crosswalks import Publication, WebImage, crosswalks
from eheritage.crosswalks.edm import NAMESPACES, render
from eheritage.metadata import read_catalogue
from eheritage.profiles import load_profile

from .conftest import PDM, write_csv

EDM = f"{{{NAMESPACES['edm']}}}"
ORE = f"{{{NAMESPACES['ore']}}}"
DC = f"{{{NAMESPACES['dc']}}}"
RESOURCE = f"{{{NAMESPACES['rdf']}}}resource"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BASE = "https://example.org/record/"


def published(record, images=2) -> Publication:
    shown = [WebImage(f"https://example.org/iiif/{record.id}-{n}", 1600, 1200) for n in range(images)]
    return Publication.of(record, BASE, page=f"{BASE}{record.id}.html", manifest=f"https://example.org/iiif/manifest/{record.id}.json",
                          images=shown, provider="Azerbaijan e-Culture programme")


@pytest.mark.parametrize(("name", "fixture"), [("museum", "museum_csv"), ("library", "library_xlsx"), ("archive", "archive_csv")])
@pytest.mark.parametrize("images", [0, 1, 3])
def test_every_test_catalogue_record_passes_europeanas_checks(name, fixture, images, request, edm_problems) -> None:
    for record in read_catalogue(request.getfixturevalue(fixture), load_profile(name)):
        assert edm_problems(render(published(record, images))) == [], record.id


def test_the_aggregation_links_page_images_thumbnail_and_both_providers(museum_csv: Path) -> None:
    record = read_catalogue(museum_csv, load_profile("museum")).records[1]
    root = etree.fromstring(render(published(record, 2)).encode())
    aggregation = root.find(f"{ORE}Aggregation")
    children = [etree.QName(child).localname for child in aggregation]
    assert children == ["aggregatedCHO", "dataProvider", "hasView", "isShownAt", "isShownBy", "object", "provider", "rights"]
    links = {name: aggregation.find(f"{EDM}{name}").get(RESOURCE) for name in ("isShownAt", "isShownBy", "object", "hasView")}
    assert links == {
        "isShownAt": f"{BASE}{record.id}.html",
        "isShownBy": f"https://example.org/iiif/{record.id}-0/full/max/0/default.jpg",
        "object": f"https://example.org/iiif/{record.id}-0/full/!400,400/0/default.jpg",
        "hasView": f"https://example.org/iiif/{record.id}-1/full/max/0/default.jpg",
    }
    assert aggregation.findtext(f"{EDM}dataProvider") == "National History Museum of Azerbaijan"
    assert aggregation.findtext(f"{EDM}provider") == "Azerbaijan e-Culture programme"
    service = root.find(f"{{{NAMESPACES['svcs']}}}Service")
    assert service.get(f"{{{NAMESPACES['rdf']}}}about") == f"https://example.org/iiif/{record.id}-0"
    assert [c.get(RESOURCE) for c in service] == ["http://iiif.io/api/image", "http://iiif.io/api/image/3/level0.json"]
    resource = root.find(f"{EDM}WebResource[@{{{NAMESPACES['rdf']}}}about='{links['isShownBy']}']")
    assert resource.find(f"{{{NAMESPACES['dcterms']}}}isReferencedBy").get(RESOURCE).endswith(f"/manifest/{record.id}.json")


def test_the_provided_cho_links_concepts_time_spans_and_parents(museum_csv: Path, archive_csv: Path) -> None:
    painting = read_catalogue(museum_csv, load_profile("museum")).records[0]
    root = etree.fromstring(render(published(painting)).encode())
    cho = root.find(f"{EDM}ProvidedCHO")
    assert etree.QName(cho[-1]).localname == "type" and cho[-1].text == "IMAGE"
    assert "http://vocab.getty.edu/aat/300033618" in {e.get(RESOURCE) for e in cho.iter(f"{DC}type")}
    concept = root.find(f"{{{NAMESPACES['skos']}}}Concept[@{{{NAMESPACES['rdf']}}}about='http://vocab.getty.edu/aat/300033618']")
    assert concept.findtext(f"{{{NAMESPACES['skos']}}}prefLabel") == "rəsm əsəri"
    span = root.find(f"{EDM}TimeSpan")
    assert (span.findtext(f"{EDM}begin"), span.findtext(f"{EDM}end")) == ("1845-01-01", "1855-12-31")  # c.1850
    titles = {e.get(XML_LANG): e.text for e in cho.iter(f"{DC}title")}
    assert titles == {"az": "Qız portreti", "ru": "Портрет девушки", "en": "Portrait of a girl"}
    series = read_catalogue(archive_csv, load_profile("archive")).records[1]
    part_of = etree.fromstring(render(published(series)).encode()).find(f"{EDM}ProvidedCHO/{{{NAMESPACES['dcterms']}}}isPartOf")
    assert part_of.get(RESOURCE) == f"{BASE}{series.first('parent')}"


def test_a_gazetted_place_is_an_edm_place_with_coordinates(tmp_path: Path, edm_problems) -> None:
    path = write_csv(tmp_path / "m.csv", [["object_number", "object_name", "title@az", "place_made", "rights"],
                                          ["M-1", "xalça", "Xalça", "Şuşa|Nowhere", PDM]])
    xml = render(published(read_catalogue(path, load_profile("museum")).records[0]))
    places = etree.fromstring(xml.encode()).findall(f"{EDM}Place")
    geo = "{http://www.w3.org/2003/01/geo/wgs84_pos#}"
    assert [(p.findtext(f"{geo}lat"), p.findtext(f"{geo}long")) for p in places] == [("39.7579", "46.7465"), (None, None)]
    assert edm_problems(xml) == []


def test_a_text_without_a_catalogued_language_takes_the_profiles(tmp_path: Path, edm_problems) -> None:
    path = write_csv(tmp_path / "l.csv", [["identifier", "title", "rights"], ["B-1", "Kitab", PDM]])
    xml = render(published(read_catalogue(path, load_profile("library")).records[0], 0))
    assert etree.fromstring(xml.encode()).findtext(f"{EDM}ProvidedCHO/{DC}language") == "en"
    assert edm_problems(xml) == []


def test_edm_is_registered_with_europeanas_schema() -> None:
    edm = crosswalks()["edm"]
    assert (edm.namespace, edm.schema) == ("http://www.europeana.eu/schemas/edm/", "http://www.europeana.eu/schemas/edm/EDM.xsd")


_CELL = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(_CELL, min_size=8, max_size=8), lang=st.sampled_from(["az", "ru", "en", "az-Cyrl", "bad tag!"]))
def test_any_cell_values_still_give_edm_europeana_accepts(tmp_path_factory, edm_problems, cells, lang) -> None:
    """Odd text, control characters, empty cells and bad language tags: never an EDM Europeana rejects."""
    title, description, maker, date, place, materials, dimensions, credit = cells
    path = write_csv(tmp_path_factory.mktemp("edm") / "c.csv", [
        ["object_number", "object_name", f"title@{lang}", "description", "maker", "date", "place_made", "materials",
         "dimensions", "credit_line", "rights"],
        ["M-1", "carpet", title or "t", description, maker, date, place, materials, dimensions, credit, PDM]])
    records = read_catalogue(path, load_profile("museum")).records
    if records and records[0].id:
        assert edm_problems(render(published(records[0], 1))) == []


@pytest.mark.parametrize("rights", [
    "http://creativecommons.org/licenses/by-nc-nd/3.0/de/", "http://creativecommons.org/licenses/by-sa/2.5/scotland/",
    "http://creativecommons.org/licenses/by/2.1/jp/", "http://creativecommons.org/licenses/by-nd-nc/1.0/",
    "http://creativecommons.org/publicdomain/zero/1.0/", "http://rightsstatements.org/vocab/InC-OW-EU/1.0/",
    "http://rightsstatements.org/vocab/CNE/1.0/",
])
def test_every_licence_validation_accepts_is_one_europeana_accepts(tmp_path: Path, rights: str, edm_problems) -> None:
    from eheritage.metadata.checks import ACCEPTED_RIGHTS

    assert ACCEPTED_RIGHTS.match(rights)
    path = write_csv(tmp_path / "m.csv", [["object_number", "object_name", "title@az", "rights"], ["M-1", "xalça", "Xalça", rights]])
    assert edm_problems(render(published(read_catalogue(path, load_profile("museum")).records[0]))) == []


@pytest.mark.parametrize("rights", ["http://creativecommons.org/licenses/by/4.0/de/", "http://creativecommons.org/licenses/by/2.1/",
                                    "https://creativecommons.org/licenses/by/4.0/", "http://rightsstatements.org/vocab/UND/1.0/"])
def test_a_licence_europeana_refuses_is_refused_before_publishing(rights: str) -> None:
    from eheritage.metadata.checks import ACCEPTED_RIGHTS

    assert not ACCEPTED_RIGHTS.match(rights)


def test_a_record_without_title_or_description_is_titled_by_its_type_and_warned_about(tmp_path: Path, edm_problems) -> None:
    from eheritage.metadata import validate

    path = write_csv(tmp_path / "m.csv", [["object_number", "object_name", "rights"], ["M-1", "xalça", PDM]])
    record = read_catalogue(path, load_profile("museum")).records[0]
    xml = render(published(record))
    assert etree.fromstring(xml.encode()).findtext(f"{EDM}ProvidedCHO/{DC}title") == "xalça"
    assert edm_problems(xml) == []
    warnings = [p.message for p in validate(path, "museum").problems if p.severity == "warning"]
    assert any("which Europeana requires: its EDM is titled 'xalça'" in m for m in warnings)


def test_europeanas_checks_refuse_what_europeana_would(museum_csv: Path, edm_problems) -> None:
    """The checks the harvester runs on every EDM record it gathers do catch what they are for."""
    record = next(iter(read_catalogue(museum_csv, load_profile("museum"))))
    root = etree.fromstring(render(published(record)).encode())
    assert edm_problems(etree.tostring(root, encoding="unicode")) == []
    aggregation = root.find(f"{ORE}Aggregation")
    aggregation.remove(aggregation.find(f"{EDM}provider"))
    without_provider = edm_problems(etree.tostring(root, encoding="unicode"))
    assert any(p.startswith("schematron:") and "edm:provider" in p for p in without_provider), without_provider
    cho = root.find(f"{EDM}ProvidedCHO")
    cho.append(etree.Element(f"{EDM}noSuchProperty"))
    assert any(p.startswith("EDM.xsd:") for p in edm_problems(etree.tostring(root, encoding="unicode")))
    assert edm_problems("<rdf:RDF")[0].startswith("not well-formed XML")
