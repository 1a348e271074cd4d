"""A record as Europeana EDM, in the shape Europeana's EDM.xsd and schematron accept.

One `rdf:RDF` holds the record's `edm:ProvidedCHO`, an `edm:WebResource` per published
image (with its media type and size, and its IIIF `svcs:Service`) and for the landing page, the `ore:Aggregation` that ties them to the landing
page and the institution, and the contextual classes its values point to: an
`edm:TimeSpan` per parsed date, a `skos:Concept` per vocabulary term (Getty AAT), an
`edm:Agent` per maker, an `edm:Place` per place (with coordinates where the profile's
gazetteer has them). EDM.xsd fixes the order of the aggregation's and web resources'
children, so the XML is written element by element rather than by an RDF serialiser.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from lxml import etree

from eheritage.crosswalks import Crosswalk, Publication, WebImage
from eheritage.metadata.checks import XML_ILLEGAL, untitled_name
from eheritage.metadata.dates import parse_date
from eheritage.metadata.dcmi import DCMI_TYPE, dcmi_type, languages, uncoded_languages
from eheritage.metadata.rdf import reference_uri, valid_lang
from eheritage.metadata.records import Value
from eheritage.profiles import Field

NAMESPACES = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "edm": "http://www.europeana.eu/schemas/edm/",
    "ore": "http://www.openarchives.org/ore/terms/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "svcs": "http://rdfs.org/sioc/services#",
    "doap": "http://usefulinc.com/ns/doap#",
    "ebucore": "http://www.ebu.ch/metadata/ontologies/ebucore/ebucore#",
    "wgs84_pos": "http://www.w3.org/2003/01/geo/wgs84_pos#",
}
PREFIX = "edm"
#: The best-fit box of `edm:object`, the thumbnail Europeana's media service asks IIIF for.
THUMBNAIL_BOX = 400
IIIF_IMAGE_API = "http://iiif.io/api/image"
_MEDIA_TYPES = {"jpg": "image/jpeg"}
_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
IIIF_LEVEL0 = "http://iiif.io/api/image/3/level0.json"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ABOUT = f"{{{NAMESPACES['rdf']}}}about"
_RESOURCE = f"{{{NAMESPACES['rdf']}}}resource"
#: A DCMI term -> the EDM property of a ProvidedCHO that carries it (EuropeanaType's choice).
_CHO_PROPERTIES = {
    "title": "dc:title", "alternative": "dcterms:alternative", "description": "dc:description",
    "abstract": "dc:description", "tableOfContents": "dcterms:tableOfContents", "creator": "dc:creator",
    "contributor": "dc:contributor", "publisher": "dc:publisher", "subject": "dc:subject", "type": "dc:type",
    "identifier": "dc:identifier", "format": "dc:format", "medium": "dcterms:medium", "extent": "dcterms:extent",
    "date": "dc:date", "created": "dcterms:created", "issued": "dcterms:issued", "spatial": "dcterms:spatial",
    "temporal": "dcterms:temporal", "coverage": "dc:coverage", "provenance": "dcterms:provenance",
    "isPartOf": "dcterms:isPartOf", "hasPart": "dcterms:hasPart", "relation": "dc:relation", "source": "dc:source",
    "accessRights": "dc:rights", "language": "dc:language",
}


@cache
def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


def _legible(texts: dict[str | None, str]) -> bool:
    """Whether some text is left once what XML forbids is taken out (a cell of control characters is not)."""
    return any(XML_ILLEGAL.sub("", text).strip() for text in texts.values())


def _add(parent: etree._Element, name: str, text: str | None = None, *, lang: str | None = None,
         resource: str | None = None) -> etree._Element:
    node = etree.SubElement(parent, _q(name))
    if resource is not None:
        node.set(_RESOURCE, resource)
    else:
        node.text = XML_ILLEGAL.sub("", text or "")
        if tag := valid_lang(lang):
            node.set(_XML_LANG, tag)
    return node


@dataclass
class _Context:
    """The contextual entities a record's values point to, by URI, in the order first met."""

    entities: dict[str, tuple[str, list[tuple[str, str | None, str | None]]]] = field(default_factory=dict)

    def add(self, uri: str, cls: str, properties: list[tuple[str, str | None, str | None]]) -> str:
        """Keep `cls` at `uri` with (property, text, lang) children; a second mention adds labels."""
        if uri in self.entities:
            known = self.entities[uri][1]
            known.extend(p for p in properties if p not in known and p[0] == "skos:prefLabel"
                         and all(k[2] != p[2] for k in known if k[0] == "skos:prefLabel"))
        else:
            self.entities[uri] = (cls, properties)
        return uri


class _Record:
    """Builds one record's EDM."""

    def __init__(self, publication: Publication) -> None:
        self.p = publication
        self.record = publication.record
        self.profile = publication.record.profile
        self.uri = publication.uri
        self.context = _Context()
        self.root = etree.Element(_q("rdf:RDF"), nsmap=NAMESPACES)

    def build(self) -> etree._Element:
        self.provided_cho()
        if self.p.page:  # the landing page is a web resource too, an HTML one
            page = etree.SubElement(self.root, _q("edm:WebResource"), {_ABOUT: self.p.page})
            _add(page, "ebucore:hasMimeType", "text/html")
        for n, image in enumerate(self.p.images):
            self.web_resource(image, self.p.images[n - 1] if n else None)
        self.aggregation()
        for image in self.p.images:
            service = etree.SubElement(self.root, _q("svcs:Service"), {_ABOUT: image.service})
            _add(service, "dcterms:conformsTo", resource=IIIF_IMAGE_API)
            _add(service, "doap:implements", resource=IIIF_LEVEL0)
        self.contextual()
        return self.root

    # -- the cultural heritage object --------------------------------------------------------

    def provided_cho(self) -> None:
        cho = etree.SubElement(self.root, _q("edm:ProvidedCHO"), {_ABOUT: self.uri})
        for f in self.profile.fields.values():
            prop = _CHO_PROPERTIES.get(f.dc or "")
            values = self.record.get(f.key)
            if prop is None or not values or f.kind in {"files", "number", "language"} or f.role == "rights":
                continue
            for text, lang, resource in self.values(f, values):
                _add(cho, prop, text, lang=lang, resource=resource)
        if not _legible(self.record.titles) and not _legible(self.record.descriptions):  # Europeana requires one
            name = untitled_name(self.record)
            _add(cho, "dc:title", name.text, lang=name.lang)
        # Its DCMI Type too: true of every record, it gives the sparest row the subject, type,
        # time or place Europeana's rules require of a ProvidedCHO.
        _add(cho, "dc:type", resource=DCMI_TYPE + dcmi_type(self.record))
        for code in languages(self.record, text=self.profile.edm_type == "TEXT"):
            _add(cho, "dc:language", code)
        for value in uncoded_languages(self.record):
            _add(cho, "dc:language", value.text, lang=value.lang)
        _add(cho, "edm:type", self.profile.edm_type)

    def values(self, f: Field, values: list[Value]) -> Iterator[tuple[str | None, str | None, str | None]]:
        """(text, language, resource) for each value of `f`: literals as catalogued, and a
        link to the contextual entity or record the value names, where there is one."""
        kind = f.kind
        if kind == "uri":
            yield from ((None, None, v.text) if v.text.startswith(("http://", "https://")) else (v.text, v.lang, None) for v in values)
        elif kind == "reference":
            for v in values:
                uri = reference_uri(self.p.base, v.text)
                yield (None, None, uri) if uri else (v.text, v.lang, None)
        elif kind == "date":
            yield values[0].text, values[0].lang, None
            if span := self.time_span(f, values[0]):
                yield None, None, span
        elif kind in {"term", "actor", "place"}:
            for n, v in enumerate(values, start=1):
                yield v.text, v.lang, None
                if entity := self.entity(f, v, n):
                    yield None, None, entity
        else:
            yield from ((v.text, v.lang, None) for v in values)

    def time_span(self, f: Field, value: Value) -> str | None:
        parsed = parse_date(value.text)
        if parsed is None:
            return None
        begin, end = parsed.begin_datetime[: -len("T00:00:00")], parsed.end_datetime[: -len("T23:59:59")]
        return self.context.add(f"{self.uri}#timespan-{f.key}", "edm:TimeSpan", [
            ("skos:prefLabel", value.text, value.lang), ("skos:note", f"EDTF: {parsed.edtf}", "en"),
            ("edm:begin", begin, None), ("edm:end", end, None)])

    def entity(self, f: Field, value: Value, n: int) -> str | None:
        """The agent or place a maker or place names, or the concept of a term the profile's
        vocabulary maps (a term it does not map stays words: no concept is made up for it)."""
        label = ("skos:prefLabel", value.text, value.lang)
        if f.kind == "actor":
            return self.context.add(f"{self.uri}#agent-{f.key}-{n}", "edm:Agent", [label])
        if f.kind == "place":
            known = f.gazetteer.get(value.text.casefold())
            if known is None:
                return self.context.add(f"{self.uri}#place-{f.key}-{n}", "edm:Place", [label])
            where = [("wgs84_pos:lat", f"{known.lat:g}", None), ("wgs84_pos:long", f"{known.long:g}", None)]
            return self.context.add(known.uri or f"{self.uri}#place-{f.key}-{n}", "edm:Place", [label, *where])
        mapped = f.vocabulary.get(value.text.casefold())
        if mapped is None:
            return None
        note = ("skos:note", f"{f.label('en')}, as {self.institution_name()} catalogues it", "en")
        return self.context.add(mapped, "skos:Concept", [label, note])

    def institution_name(self) -> str:
        return self.institution()[0]

    def institution(self) -> tuple[str, str | None]:
        """The institution's name, in English where it has one, and that name's language."""
        names = self.profile.institution.name
        lang = "en" if "en" in names else next(iter(names), None)
        return (names[lang], lang) if lang else (self.profile.institution.code, None)

    # -- what is published about it ----------------------------------------------------------

    def web_resource(self, image: WebImage, previous: WebImage | None) -> None:
        resource = etree.SubElement(self.root, _q("edm:WebResource"), {_ABOUT: image.full})
        if previous is not None:
            _add(resource, "edm:isNextInSequence", resource=previous.full)
        if self.record.rights:
            _add(resource, "edm:rights", resource=self.record.rights)
        _add(resource, "ebucore:hasMimeType", _MEDIA_TYPES.get(image.format, f"image/{image.format}"))
        if image.width and image.height:
            for name, pixels in (("ebucore:width", image.width), ("ebucore:height", image.height)):
                _add(resource, name, str(pixels)).set(f"{{{NAMESPACES['rdf']}}}datatype", _XSD_INTEGER)
        if self.p.manifest:
            _add(resource, "dcterms:isReferencedBy", resource=self.p.manifest)
        _add(resource, "svcs:has_service", resource=image.service)

    def aggregation(self) -> None:
        aggregation = etree.SubElement(self.root, _q("ore:Aggregation"), {_ABOUT: f"{self.uri}#aggregation"})
        _add(aggregation, "edm:aggregatedCHO", resource=self.uri)
        name, lang = self.institution()
        _add(aggregation, "edm:dataProvider", name, lang=lang)
        for image in self.p.images[1:]:
            _add(aggregation, "edm:hasView", resource=image.full)
        if self.p.page:
            _add(aggregation, "edm:isShownAt", resource=self.p.page)
        if self.p.images:
            _add(aggregation, "edm:isShownBy", resource=self.p.images[0].full)
            _add(aggregation, "edm:object", resource=self.p.images[0].fitted(THUMBNAIL_BOX))
        _add(aggregation, "edm:provider", self.p.provider or self.institution_name())
        if self.record.rights:
            _add(aggregation, "edm:rights", resource=self.record.rights)

    def contextual(self) -> None:
        for uri, (cls, properties) in self.context.entities.items():
            entity = etree.SubElement(self.root, _q(cls), {_ABOUT: uri})
            for prop, text, lang in sorted(properties, key=lambda p: _ORDER[cls].index(p[0])):
                _add(entity, prop, text, lang=lang)


#: The order EDM.xsd gives each contextual class's children.
_ORDER = {
    "edm:TimeSpan": ["skos:prefLabel", "skos:note", "edm:begin", "edm:end"],
    "skos:Concept": ["skos:prefLabel", "skos:note"],
    "edm:Agent": ["skos:prefLabel", "skos:note"],
    "edm:Place": ["wgs84_pos:lat", "wgs84_pos:long", "skos:prefLabel", "skos:note"],
}


def tree(publication: Publication) -> etree._Element:
    """The record's EDM as a tree, `<rdf:RDF>` as root: for whoever reads it at once (the
    tier preview), which then need not parse its text again."""
    return _Record(publication).build()


def render(publication: Publication) -> str:
    """The record's EDM, `<rdf:RDF>` as root."""
    return etree.tostring(tree(publication), encoding="unicode")


CROSSWALK = Crosswalk(
    prefix=PREFIX,
    namespace=NAMESPACES["edm"],
    schema="http://www.europeana.eu/schemas/edm/EDM.xsd",
    render=render,
)
