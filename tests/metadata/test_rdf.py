import csv
import sys
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, XSD

from eheritage.chunks import CHUNK
from eheritage.metadata import crm_rdfxml, describe, read_catalogue, record_graph, record_turtle, record_uri
from eheritage.metadata.gen_vocab import crm_terms, render
from eheritage.metadata.vocab import CRM
from eheritage.profiles import load_profile

from .conftest import SCHEMAS

CRM_RDFS = SCHEMAS / "CIDOC_CRM_v7.1.3.rdf"
CRM_NS = "http://www.cidoc-crm.org/cidoc-crm/"


@pytest.fixture(scope="module")
def crm_terms_defined() -> set[str]:
    return set(crm_terms(CRM_RDFS))


def test_vocab_module_is_generated_from_the_shipped_rdfs() -> None:
    source = Path(sys.modules[CRM.__module__].__file__ or "")
    assert source.read_text(encoding="utf-8") == render(crm_terms(CRM_RDFS))


@pytest.mark.parametrize(("name", "fixture"), [("museum", "museum_csv"), ("library", "library_xlsx"), ("archive", "archive_csv")])
def test_every_crm_term_emitted_exists_in_crm_7_1_3(name: str, fixture: str, request: pytest.FixtureRequest, crm_terms_defined: set[str]) -> None:
    profile = load_profile(name)
    catalogue = read_catalogue(request.getfixturevalue(fixture), profile)
    used = set()
    for record in catalogue:
        graph = record_graph(record, profile)
        used |= {str(p) for p in graph.predicates()} | {str(o) for o in graph.objects(None, RDF.type)}
    crm_used = {u[len(CRM_NS):] for u in used if u.startswith(CRM_NS)}
    assert crm_used and crm_used <= crm_terms_defined, crm_used - crm_terms_defined


def test_museum_record_follows_linked_art_patterns(museum_csv: Path) -> None:
    profile = load_profile("museum")
    record = read_catalogue(museum_csv, profile).records[0]
    g = record_graph(record, profile)
    obj = URIRef(record_uri(record, profile))
    assert (obj, RDF.type, CRM["E22_Human-Made_Object"]) in g
    assert (obj, DCTERMS.title, Literal("Qız portreti", lang="az")) in g
    titles = [n for n in g.objects(obj, CRM.P1_is_identified_by) if (n, RDF.type, CRM.E33_E41_Linguistic_Appellation) in g]
    assert {str(g.value(t, CRM.P190_has_symbolic_content)) for t in titles} >= {"Qız portreti", "Портрет девушки"}
    assert all(g.value(t, CRM.P72_has_language) is not None for t in titles)
    production = g.value(obj, CRM.P108i_was_produced_by)
    span = g.value(production, CRM["P4_has_time-span"])
    assert g.value(span, RDFS.label) == Literal("c.1850")
    assert g.value(span, CRM.P82a_begin_of_the_begin) == Literal("1845-01-01T00:00:00", datatype=XSD.dateTime)
    assert (production, CRM.P14_carried_out_by, None) in g and (production, CRM.P7_took_place_at, None) in g
    assert URIRef("http://vocab.getty.edu/aat/300014078") in set(g.objects(obj, CRM.P45_consists_of))  # canvas
    [support] = [p for p in g.objects(obj, CRM.P46_is_composed_of) if g.value(p, RDFS.label) == Literal("support", lang="en")]
    assert (support, RDF.type, CRM["E22_Human-Made_Object"]) in g  # "support: 394 x 419 mm" measures a part
    heights = [d for d in g.objects(support, CRM.P43_has_dimension) if g.value(d, CRM.P2_has_type) == URIRef("http://vocab.getty.edu/aat/300055644")]
    assert [g.value(h, CRM.P90_has_value) for h in heights] == [Literal("394", datatype=XSD.decimal)]
    assert g.value(heights[0], CRM.P91_has_unit) == URIRef("http://vocab.getty.edu/aat/300379097")
    assert (obj, CRM.P104_is_subject_to, URIRef("http://rightsstatements.org/vocab/InC/1.0/")) in g
    assert (obj, CRM.P138i_has_representation, None) in g


def test_library_text_is_carried_by_the_copy_and_archive_has_level_and_parent(library_xlsx: Path, archive_csv: Path) -> None:
    library = load_profile("library")
    book = read_catalogue(library_xlsx, library).records[0]
    g = record_graph(book, library)
    text = g.value(URIRef(record_uri(book, library)), CRM.P128_carries)
    assert (text, RDF.type, CRM.E33_Linguistic_Object) in g
    assert URIRef("http://id.loc.gov/vocabulary/iso639-2/aze") in set(g.objects(text, CRM.P72_has_language))
    archive = load_profile("archive")
    series = read_catalogue(archive_csv, archive).records[1]
    g = record_graph(series, archive)
    unit = URIRef(record_uri(series, archive))
    assert g.value(unit, CRM.P46i_forms_part_of) == URIRef("https://example.org/naa/AZ-F-1")
    assert g.value(unit, CRM.P2_has_type) == URIRef("https://www.ica.org/standards/RiC/vocabularies/recordSetTypes#Series")


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld", "xml"])
def test_describe_writes_files_that_round_trip(museum_csv: Path, tmp_path: Path, fmt: str) -> None:
    profile = load_profile("museum")
    report = describe(museum_csv, profile, tmp_path / "out", fmt, base_uri="https://data.example.az/obj")
    parse_as = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}[fmt]
    records = read_catalogue(museum_csv, profile).records
    assert report.records == 3
    whole = Graph()
    for record in records:
        path = report.out_dir / f"{record.id}.{'rdf' if fmt == 'xml' else fmt}"
        expected = record_graph(record, profile, "https://data.example.az/obj")
        assert isomorphic(Graph().parse(path, format=parse_as), expected)
        whole += expected
    assert isomorphic(Graph().parse(report.all_file, format=parse_as), whole)


def test_describe_sweeps_what_a_killed_run_left_half_written(museum_csv: Path, tmp_path: Path) -> None:
    rdf = tmp_path / "out" / "rdf"
    rdf.mkdir(parents=True)
    (rdf / ".scratch-k3y9x2").write_text("@prefix crm: <http://www.cidoc-crm.org/cidoc-crm/> .\n<x> crm:P1")
    report = describe(museum_csv, load_profile("museum"), tmp_path / "out", "ttl")
    assert report.records == 3
    assert sorted(path.name for path in rdf.iterdir() if path.name.startswith(".")) == []


def test_turtle_and_rdfxml_strings(museum_csv: Path) -> None:
    profile = load_profile("museum")
    record = read_catalogue(museum_csv, profile).records[1]
    assert isomorphic(Graph().parse(data=record_turtle(record, profile), format="turtle"), record_graph(record, profile))
    xml = crm_rdfxml(record, profile)
    assert xml.startswith("<rdf:RDF") and "<?xml" not in xml
    assert isomorphic(Graph().parse(data=xml, format="xml"), record_graph(record, profile))


def test_published_image_uris_become_the_visual_items(museum_csv: Path) -> None:
    profile = load_profile("museum")
    record = read_catalogue(museum_csv, profile).records[1]
    urls = ["https://iiif.example.az/iiif/NHM-4512-2-1", "https://iiif.example.az/iiif/NHM-4512-2-2"]
    g = record_graph(record, profile, representations=urls)
    items = set(g.objects(URIRef(record_uri(record, profile)), CRM.P138i_has_representation))
    assert items == {URIRef(u) for u in urls}
    assert g.value(URIRef(urls[0]), RDFS.label) == Literal("4512-2a.jpg")
    assert (URIRef(urls[1]), RDF.type, CRM.E36_Visual_Item) in g




@pytest.mark.parametrize("dump_fmt", [None, "nt"])
def test_helper_processes_write_what_one_process_writes(museum_csv: Path, tmp_path: Path, dump_fmt: str | None) -> None:
    rows = list(csv.DictReader(museum_csv.open(encoding="utf-8")))
    many = tmp_path / "many.csv"
    with many.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        for n in range(4 * CHUNK + 57):  # several chunks, the last one short
            row = dict(rows[n % len(rows)], object_number=f"ŞƏK-{n}")
            if n == 700:
                row["object_number"] = "şək 699"  # names the record of row 699 (+ header): skipped
            if n == 800:
                row["object_number"] = ""
            writer.writerow(row)
    profile = load_profile("museum")
    one = describe(many, profile, tmp_path / "one", "ttl", dump_fmt=dump_fmt, workers=1)
    helped = describe(many, profile, tmp_path / "helped", "ttl", dump_fmt=dump_fmt, workers=2)
    assert one.records == 4 * CHUNK + 57 - 2
    assert (helped.records, helped.triples, helped.skipped) == (one.records, one.triples, one.skipped)
    assert [row for row, _ in one.skipped] == [702, 802]
    files = sorted(path.name for path in one.out_dir.iterdir())
    assert files == sorted(path.name for path in helped.out_dir.iterdir())
    assert [name for name in files if (one.out_dir / name).read_bytes() != (helped.out_dir / name).read_bytes()] == []
