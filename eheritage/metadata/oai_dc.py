"""A record as simple Dublin Core (`oai_dc`) for the OAI-PMH provider.

DCMI terms refinements fold into their simple DC element (created -> date, extent ->
format, isPartOf -> relation...). Terms with no simple DC element (provenance) are
left out rather than forced into a wrong one. XML-illegal characters are stripped.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from eheritage.metadata.checks import XML_ILLEGAL
from eheritage.metadata.rdf import record_uri, valid_lang
from eheritage.metadata.records import Record
from eheritage.profiles import Profile

OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/"
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SCHEMA_LOCATION = f"{OAI_DC} http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
_ELEMENTS = {
    "title", "creator", "subject", "description", "publisher", "contributor", "date", "type",
    "format", "identifier", "source", "language", "relation", "coverage", "rights",
}
#: DCMI terms refinement -> the simple DC element it refines.
_REFINES = {
    "created": "date", "issued": "date", "modified": "date", "extent": "format", "medium": "format",
    "isPartOf": "relation", "hasPart": "relation", "spatial": "coverage", "temporal": "coverage",
    "accessRights": "rights", "license": "rights", "abstract": "description", "tableOfContents": "description",
    "alternative": "title",
}


def dc_element(term: str | None) -> str | None:
    """The simple DC element for a DCMI term, or None when there is none."""
    if term in _ELEMENTS:
        return term
    return _REFINES.get(term or "")


def oai_dc_xml(record: Record, profile: Profile, base_uri: str | None = None, *, relations: Sequence[str] = ()) -> str:
    """The `<oai_dc:dc>` element, namespaces declared on it, valid against oai_dc.xsd.

    The record's URI is its last `dc:identifier`; `relations` (its IIIF manifest URL) follow
    as `dc:relation`, so a harvester finds the images.
    """
    root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
    for f in profile.fields.values():
        element = dc_element(f.dc)
        if element is None:
            continue
        for v in record.get(f.key):
            node = etree.SubElement(root, f"{{{DC}}}{element}")
            node.text = XML_ILLEGAL.sub("", v.text)
            if lang := valid_lang(v.lang):
                node.set(f"{{{XML_NS}}}lang", lang)
    etree.SubElement(root, f"{{{DC}}}identifier").text = record_uri(record, profile, base_uri)
    for url in relations:
        etree.SubElement(root, f"{{{DC}}}relation").text = url
    return etree.tostring(root, encoding="unicode")
