"""A record as simple Dublin Core (`oai_dc`), as aggregators want it.

Beside the catalogue's own wording it gives what a machine can use: a DCMI Type term next
to the catalogue's type, an EDTF date next to the date as written, ISO 639 languages (a
text always has one), one rights URI, the landing page and the local identifier as
`dc:identifier`, the IIIF manifest as `dc:relation`. A count of parts is no `dc:format`,
and an access note no second `dc:rights`. XML-illegal characters are stripped.
"""

from __future__ import annotations

from lxml import etree

from eheritage.catalog import DUBLIN_CORE
from eheritage.crosswalks import Crosswalk, Publication
from eheritage.metadata.checks import XML_ILLEGAL
from eheritage.metadata.dates import parse_date
from eheritage.metadata.dcmi import dc_element, dcmi_type, languages, uncoded_languages
from eheritage.metadata.rdf import reference_uri, valid_lang
from eheritage.metadata.records import Value
from eheritage.profiles import Field

OAI_DC = DUBLIN_CORE.namespace
DC = "http://purl.org/dc/elements/1.1/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"
SCHEMA_LOCATION = f"{OAI_DC} {DUBLIN_CORE.schema}"


class _Document:
    def __init__(self) -> None:
        self.root = etree.Element(f"{{{OAI_DC}}}dc", nsmap={"oai_dc": OAI_DC, "dc": DC, "xsi": XSI})
        self.root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)

    def add(self, element: str, text: str, lang: str | None = None) -> None:
        node = etree.SubElement(self.root, f"{{{DC}}}{element}")
        node.text = XML_ILLEGAL.sub("", text)
        if lang := valid_lang(lang):
            node.set(f"{{{XML_NS}}}lang", lang)


def _published(f: Field, element: str | None) -> bool:
    """Whether the field goes into oai_dc at all."""
    if element is None or f.kind in {"files", "language", "number"}:
        return False  # no element; languages are normalised below; a count is no format
    return element != "rights" or f.role == "rights"  # one rights URI, not the access note beside it


def _values(f: Field, values: list[Value], base: str) -> list[tuple[str, str | None]]:
    """(text, language) of one field's values as DC gives them."""
    if f.kind == "date":
        parsed = parse_date(values[0].text)
        return [(v.text, v.lang) for v in values] + ([(parsed.edtf, None)] if parsed and parsed.edtf != values[0].text else [])
    if f.kind == "reference":
        return [(reference_uri(base, v.text) or v.text, None) for v in values]
    return [(v.text, v.lang) for v in values]


def render(publication: Publication) -> str:
    """The `<oai_dc:dc>` element, namespaces declared on it, valid against oai_dc.xsd."""
    record = publication.record
    doc = _Document()
    for f in record.profile.fields.values():
        element = dc_element(f.dc)
        if _published(f, element) and (values := record.get(f.key)):
            for text, lang in _values(f, values, publication.base):
                doc.add(element, text, lang)  # type: ignore[arg-type]
    doc.add("type", dcmi_type(record))
    for code in languages(record, text=dcmi_type(record) == "Text"):
        doc.add("language", code)
    for v in uncoded_languages(record):
        doc.add("language", v.text, v.lang)
    doc.add("identifier", publication.page or publication.uri)
    if publication.manifest:
        doc.add("relation", publication.manifest)
    return etree.tostring(doc.root, encoding="unicode")


CROSSWALK = Crosswalk(prefix=DUBLIN_CORE.prefix, namespace=DUBLIN_CORE.namespace, schema=DUBLIN_CORE.schema, render=render)
