"""A record as Europeana EDM: edm:ProvidedCHO, ore:Aggregation and the IIIF web resource.

Descriptive values reuse the simple Dublin Core crosswalk of `oai_dc.py`; the
aggregation names the institution as data provider and provider, the rights URI,
the image shown (`edm:isShownBy`) and, on that web resource, the IIIF manifest
(`dcterms:isReferencedBy`), as Europeana's IIIF guidelines ask.
"""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DC, DCTERMS, RDF

from eheritage.metadata.oai_dc import dc_element
from eheritage.metadata.rdf import record_uri, valid_lang
from eheritage.metadata.records import Record
from eheritage.profiles import Profile

EDM = Namespace("http://www.europeana.eu/schemas/edm/")
ORE = Namespace("http://www.openarchives.org/ore/terms/")


def _provided_cho(graph: Graph, cho: URIRef, record: Record, profile: Profile) -> None:
    graph.add((cho, RDF.type, EDM.ProvidedCHO))
    for f in profile.fields.values():
        element = dc_element(f.dc)
        if element is None or f.kind == "files":
            continue
        for v in record.get(f.key):
            obj = URIRef(v.text) if f.kind == "uri" and v.text.startswith("http") else Literal(v.text, lang=valid_lang(v.lang))
            graph.add((cho, DC[element], obj))
    graph.add((cho, EDM.type, Literal(profile.edm_type)))


def edm_rdfxml(
    record: Record, profile: Profile, base_uri: str | None = None, *, shown_by: str | None = None, manifest: str | None = None
) -> str:
    """The record's EDM as RDF/XML, `<rdf:RDF>` root, no XML declaration."""
    graph = Graph()
    for prefix, ns in (("edm", EDM), ("ore", ORE), ("dc", DC), ("dcterms", DCTERMS)):
        graph.bind(prefix, ns)
    cho = URIRef(record_uri(record, profile, base_uri))
    aggregation = URIRef(f"{cho}#aggregation")
    _provided_cho(graph, cho, record, profile)
    graph.add((aggregation, RDF.type, ORE.Aggregation))
    graph.add((aggregation, EDM.aggregatedCHO, cho))
    name = profile.institution.name
    provider = name.get("en") or next(iter(name.values()), profile.institution.code)
    graph.add((aggregation, EDM.dataProvider, Literal(provider)))
    graph.add((aggregation, EDM.provider, Literal(provider)))
    if record.rights:
        graph.add((aggregation, EDM.rights, URIRef(record.rights)))
    if shown_by:
        graph.add((aggregation, EDM.isShownBy, URIRef(shown_by)))
        graph.add((URIRef(shown_by), RDF.type, EDM.WebResource))
        if manifest:
            graph.add((URIRef(shown_by), DCTERMS.isReferencedBy, URIRef(manifest)))
    xml = graph.serialize(format="pretty-xml")
    return xml.split("?>", 1)[1].lstrip() if xml.startswith("<?xml") else xml
