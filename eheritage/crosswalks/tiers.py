"""Europeana's Publishing Framework tiers of a record, read from the EDM we publish.

Europeana computes them only after ingestion (Metis); computing them here, from the same
EDM, tells a curator before anything is sent what each record will get and what stands
in the way of the next tier. The rules follow europeana/metis-framework's classifiers
(`metis-indexing/.../tiers/`): the content tier from the media (`ImageClassifier`,
`TextClassifier`) capped by the licence (`LicenseType`), the metadata tier the lowest of
language, enabling elements and contextual classes (`LanguageClassifier`,
`EnablingElementsClassifier`, `ContextualClassesClassifier`).

Metis reads image sizes and media types it measures itself; here they come from the
`ebucore:` properties our EDM gives each web resource, which publish measured.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from lxml import etree

from eheritage.crosswalks.edm import NAMESPACES

_RDF = NAMESPACES["rdf"]
_ABOUT, _RESOURCE, _LANG = f"{{{_RDF}}}about", f"{{{_RDF}}}resource", "{http://www.w3.org/XML/1998/namespace}lang"
METADATA_TIERS = ("0", "A", "B", "C")

#: Licence prefixes by how far they let content go (corelib's RightReusabilityCategorizer).
_OPEN = ("http://creativecommons.org/publicdomain/mark/", "http://creativecommons.org/publicdomain/zero/1.0/",
         "http://creativecommons.org/licenses/by/", "http://creativecommons.org/licenses/by-sa/")
_RESTRICTED = ("http://creativecommons.org/licenses/by-nc/", "http://creativecommons.org/licenses/by-nc-sa/",
               "http://creativecommons.org/licenses/by-nc-nd/", "http://creativecommons.org/licenses/by-nd/",
               "http://www.europeana.eu/rights/out-of-copyright-non-commercial/",
               "http://rightsstatements.org/vocab/InC-EDU/1.0/", "http://rightsstatements.org/vocab/NoC-NC/1.0/",
               "http://rightsstatements.org/vocab/NoC-OKLR/1.0/")
#: The highest content tier each kind of licence allows.
_CAPS = {"open": 4, "restricted": 3, "closed": 2}
#: Megapixels (as pixels) -> image content tier, largest first.
_IMAGE_STEPS = ((950_000, 4), (420_000, 2), (100_000, 1))
#: The 22 properties whose language the language criterion counts.
_LANGUAGE_PROPERTIES = frozenset(
    f"{{{NAMESPACES[p]}}}{name}" for p, name in (
        ("dc", "coverage"), ("dc", "description"), ("dc", "format"), ("dc", "relation"), ("dc", "rights"),
        ("dc", "source"), ("dc", "subject"), ("dc", "title"), ("dc", "type"), ("dcterms", "alternative"),
        ("dcterms", "hasPart"), ("dcterms", "isPartOf"), ("dcterms", "isReferencedBy"), ("dcterms", "medium"),
        ("dcterms", "provenance"), ("dcterms", "references"), ("dcterms", "spatial"), ("dcterms", "tableOfContents"),
        ("dcterms", "temporal"), ("edm", "currentLocation"), ("edm", "hasType"), ("edm", "isRelatedTo")))
#: Enabling element -> its group, whatever its value.
_ENABLING = {
    **dict.fromkeys(("dcterms:created", "dcterms:issued", "dcterms:temporal"), "time"),
    **dict.fromkeys(("dc:format", "dc:type", "dcterms:medium"), "concept"),
    **dict.fromkeys(("dc:creator", "dc:contributor", "dc:publisher"), "agent"),
    **dict.fromkeys(("dcterms:spatial", "edm:currentLocation"), "place"),
}
#: Enabling elements that count only as a link to an entity of these classes -> group.
_ENABLING_LINKS = {"edm:hasMet": {"TimeSpan": "time", "Agent": "agent"},
                   "dc:subject": {"Concept": "concept", "Agent": "agent", "Place": "place"}}
#: Contextual class -> (its properties, of which one more than prefLabel qualifies it).
_QUALIFIES = {
    "TimeSpan": ((), ("edm:begin", "edm:end")),
    "Concept": (("skos:prefLabel",), ("skos:note", "skos:broader", "skos:narrower", "skos:exactMatch",
                                      "skos:closeMatch", "skos:related")),
    "Place": (("skos:prefLabel",), ("wgs84_pos:lat", "wgs84_pos:long")),
    "Agent": (("skos:prefLabel",), ("edm:begin", "edm:end", "rdaGr2:dateOfBirth", "rdaGr2:placeOfBirth",
                                    "rdaGr2:dateOfDeath", "rdaGr2:placeOfDeath", "rdaGr2:professionOrOccupation")),
}
#: What a curator adds to fill each group of enabling elements.
_GROUP_WORDS = {"time": "a date made or issued (dcterms:created)", "concept": "a type, material or format",
                "agent": "a maker, contributor or publisher", "place": "a place (dcterms:spatial)"}
_CLASSES = {"TimeSpan": "edm", "Concept": "skos", "Place": "edm", "Agent": "edm"}


#: rdf:RDF's children by tag -> the class they are.
_TOP_LEVEL = {
    **{f"{{{NAMESPACES[prefix]}}}{cls}": cls for cls, prefix in _CLASSES.items()},
    f"{{{NAMESPACES['edm']}}}WebResource": "WebResource",
    f"{{{NAMESPACES['edm']}}}ProvidedCHO": "ProvidedCHO",
    f"{{{NAMESPACES['ore']}}}Aggregation": "Aggregation",
}


@cache
def openness(licence: str) -> str:
    """How far a rights URI lets content go: "open", "restricted" or "closed" (anything unlisted)."""
    return "open" if licence.startswith(_OPEN) else "restricted" if licence.startswith(_RESTRICTED) else "closed"


@cache
def _name(tag: str) -> str:
    """`{ns}local` as `prefix:local`."""
    ns, local = tag[1:].split("}")
    return next((f"{p}:{local}" for p, uri in NAMESPACES.items() if uri == ns), local)


@dataclass(frozen=True)
class Tiers:
    """A record's tiers, and in plain words what keeps each from the next one (None at the top)."""

    content: int
    metadata: str
    content_next: str | None
    metadata_next: str | None

    def to_json(self) -> dict[str, object]:
        return {"content": self.content, "metadata": self.metadata,
                "next": {"content": self.content_next, "metadata": self.metadata_next}}


class NotEdm(ValueError):
    """The XML has no ProvidedCHO or no Aggregation: there is no record to rate."""


#: Why a record with neither a landing page nor a published file gets no further: Europeana's
#: schematron requires edm:isShownAt or edm:isShownBy of every aggregation.
REFUSED = ("refused by Europeana, with neither a landing page (edm:isShownAt) nor a published file "
           "(edm:isShownBy): publish the site or the scans")

#: What `classify` raises for a payload it cannot read as EDM.
UNREADABLE = (etree.XMLSyntaxError, NotEdm)


def classify(edm: str | etree._Element) -> Tiers:
    """The tiers Europeana would give the record whose EDM (an `rdf:RDF`, as text or parsed) this is."""
    record = _Parsed(etree.fromstring(edm.encode()) if isinstance(edm, str) else edm)
    content, content_next = record.content()
    metadata, metadata_next = record.metadata()
    return Tiers(content, metadata, _interned(content_next), _interned(metadata_next))


@cache
def _interned(text: str | None) -> str | None:
    """One string object per distinct message: a catalogue's many records share a few."""
    return text


class _Parsed:
    def __init__(self, root: etree._Element) -> None:
        # One pass over rdf:RDF's children: every class EDM allows is one of them.
        self.resources: dict[str | None, etree._Element] = {}
        self.entities: dict[str | None, tuple[str, etree._Element]] = {}
        found: dict[str, etree._Element] = {}
        for child in root:
            kind = _TOP_LEVEL.get(child.tag)
            if kind == "WebResource":
                self.resources[child.get(_ABOUT)] = child
            elif kind in _CLASSES:
                self.entities[child.get(_ABOUT)] = (kind, child)
            elif kind:
                found.setdefault(kind, child)
        if "ProvidedCHO" not in found or "Aggregation" not in found:
            raise NotEdm("no edm:ProvidedCHO or ore:Aggregation")
        self.cho, self.aggregation = found["ProvidedCHO"], found["Aggregation"]
        #: The ProvidedCHO's properties that have a value: what the criteria count.
        self.properties = [e for e in self.cho if isinstance(e.tag, str) and ((e.text or "").strip() or e.get(_RESOURCE))]

    def links(self, name: str) -> list[str]:
        return [e.get(_RESOURCE) for e in self.aggregation.iter(f"{{{NAMESPACES['edm']}}}{name.split(':')[1]}")
                if e.get(_RESOURCE)] if name.startswith("edm:") else []

    # -- content ---------------------------------------------------------------------------

    def content(self) -> tuple[int, str | None]:
        landing, shown_by = bool(self.links("edm:isShownAt")), self.links("edm:isShownBy")
        if not landing and not shown_by:
            return 0, REFUSED
        edm_type = (self.cho.findtext(f"{{{NAMESPACES['edm']}}}type") or "").strip()
        rights = self.aggregation.find(f"{{{NAMESPACES['edm']}}}rights")
        licence = rights.get(_RESOURCE, "") if rights is not None else ""
        cap = _CAPS[openness(licence)]
        media = [self.resources[url] for url in shown_by + self.links("edm:hasView") if url in self.resources]
        pixels = max((_pixels(r) for r in media if _mime(r).startswith("image/")), default=0)
        has_pdf = any(_mime(r).startswith("application/pdf") for r in media)
        if edm_type == "IMAGE":
            if not self.links("edm:object") or not media:
                return 0, "no image is published, so Europeana has no thumbnail: publish the record's scans"
            tier = _image_tier(pixels)
        elif edm_type == "TEXT":
            tier = 4 if has_pdf else max(_image_tier(pixels), 1 if landing else 0)
        else:
            return (1 if media else 0), f"Europeana rates {edm_type or 'untyped'} records from the media it fetches itself"
        if tier > cap:
            return cap, f"the {_licence_name(licence)} licence caps content at tier {cap}: " + (
                "a CC BY, CC BY-SA, CC0 or Public Domain Mark licence reaches 4" if cap == 2 else
                "an open licence (CC BY, CC BY-SA, CC0, Public Domain Mark) reaches 4")
        if tier == 4:
            return 4, None
        if tier == cap:
            return tier, f"the {_licence_name(licence)} licence caps content at tier {cap}"
        return tier, _resolution_advice(pixels, tier, edm_type, has_landing=landing)

    # -- metadata --------------------------------------------------------------------------

    def metadata(self) -> tuple[str, str | None]:
        criteria = [self.language(), self.enabling(), self.contextual()]
        lowest = min(tier for tier, _ in criteria)
        advice = [text for tier, text in criteria if tier == lowest and text]
        return METADATA_TIERS[lowest], "; ".join(advice) or None


    def language(self) -> tuple[int, str | None]:
        counted: dict[str, bool] = {}
        for e in self.properties:
            if e.tag in _LANGUAGE_PROPERTIES:
                counted[_name(e.tag)] = counted.get(_name(e.tag), False) or self.tagged(e)
        share = sum(counted.values()) / len(counted) if counted else 0.0
        tier = 3 if share >= 0.75 else 2 if share >= 0.5 else 1 if share >= 0.25 else 0
        if tier == 3:
            return tier, None
        untagged = sorted(name for name, tagged in counted.items() if not tagged)
        need = {0: 0.25, 1: 0.5, 2: 0.75}[tier]
        return tier, (f"{sum(counted.values())} of {len(counted)} language-bearing fields carry a language: "
                      f"tag {', '.join(untagged) or 'a title or description'} to reach {METADATA_TIERS[tier + 1]} "
                      f"(at least {need:.0%})")

    def tagged(self, e: etree._Element) -> bool:
        if (e.text or "").strip() and e.get(_LANG):
            return True
        cls, entity = self.entities.get(e.get(_RESOURCE) or "", (None, None))
        return entity is not None and cls != "Agent" and any(
            (label.text or "").strip() and label.get(_LANG) for label in entity.iter(f"{{{NAMESPACES['skos']}}}prefLabel"))

    def enabling(self) -> tuple[int, str | None]:
        elements: dict[str, str] = {}
        for e in self.properties:
            name = _name(e.tag)
            if name in _ENABLING:
                elements[name] = _ENABLING[name]
            elif name in _ENABLING_LINKS:
                cls, _ = self.entities.get(e.get(_RESOURCE) or "", (None, None))
                if group := _ENABLING_LINKS[name].get(cls or ""):
                    elements[name] = group
        count, groups = len(elements), len(set(elements.values()))
        tier = 3 if count >= 4 and groups >= 2 else 2 if count >= 3 and groups >= 2 else 1 if count >= 1 else 0
        if tier == 3:
            return tier, None
        goal = {0: "1 element", 1: "3 elements in 2 groups", 2: "4 elements in 2 groups"}[tier]
        have = ", ".join(sorted(elements)) or "none"
        missing = [words for group, words in _GROUP_WORDS.items() if group not in elements.values()]
        return tier, (f"{count} enabling element(s) ({have}): {goal} reach {METADATA_TIERS[tier + 1]}; "
                      f"add {' or '.join(missing or ['another type, material or date'])}")

    def contextual(self) -> tuple[int, str | None]:
        referenced = {e.get(_RESOURCE) for e in self.properties if e.get(_RESOURCE)}
        qualified = sorted({cls for uri, (cls, entity) in self.entities.items()
                            if uri in referenced and _qualifies(cls, entity)})
        tier = 3 if len(qualified) >= 2 else 2 if qualified else 1
        if tier == 3:
            return tier, None
        return tier, (f"{len(qualified)} contextual class(es) qualify ({', '.join(qualified) or 'none'}): "
                      f"{'one' if tier == 1 else 'another'} more reaches {METADATA_TIERS[tier + 1]} — a parsed date, "
                      "a vocabulary term, a place with coordinates (a gazetteer), or a maker with life dates")


def _qualifies(cls: str, entity: etree._Element) -> bool:
    required, any_of = _QUALIFIES[cls]
    present = {_name(child.tag) for child in entity if isinstance(child.tag, str) and (child.text or "").strip()}
    if cls == "TimeSpan" or cls == "Place":
        return set(required) <= present and set(any_of) <= present
    return set(required) <= present and bool(present & set(any_of))


def _mime(resource: etree._Element) -> str:
    return (resource.findtext(f"{{{NAMESPACES['ebucore']}}}hasMimeType") or "").strip()


def _pixels(resource: etree._Element) -> int:
    try:
        width = int(resource.findtext(f"{{{NAMESPACES['ebucore']}}}width") or 0)
        height = int(resource.findtext(f"{{{NAMESPACES['ebucore']}}}height") or 0)
    except ValueError:
        return 0
    return width * height


def _image_tier(pixels: int) -> int:
    return next((tier for least, tier in _IMAGE_STEPS if pixels >= least), 0)


def _resolution_advice(pixels: int, tier: int, edm_type: str, *, has_landing: bool) -> str:
    if not pixels:
        return "no image or PDF is published, only the landing page: publish the scans" if has_landing else \
            "nothing is published to show: publish the scans, or the site for a landing page"
    goal = next(least for least, step in reversed(_IMAGE_STEPS) if step > tier)
    return f"the largest image is {pixels / 1e6:.2f} MP: {goal / 1e6:.2f} MP reaches tier {_image_tier(goal)}"


def _licence_name(uri: str) -> str:
    """`InC`, `CC BY-NC 4.0`, `PDM`: the licence as people name it."""
    parts = [p for p in uri.split("/") if p]
    if "rightsstatements.org" in uri and len(parts) >= 2:
        return parts[-2]
    if "publicdomain/mark" in uri:
        return "Public Domain Mark"
    if "publicdomain/zero" in uri:
        return "CC0"
    if "/licenses/" in uri and len(parts) >= 2:
        return f"CC {parts[parts.index('licenses') + 1].upper()}"
    return uri or "missing"


@dataclass(frozen=True, slots=True)
class RecordTiers:
    """One record's tiers, for a report."""

    id: str
    row: int
    tiers: Tiers

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "row": self.row, "tiers": self.tiers.to_json()}


def summary(records: Iterable[RecordTiers]) -> dict[str, object]:
    """How many records reach each tier, and the share at metadata B or better (Europeana's
    threshold for most of its thematic collections)."""
    content = dict.fromkeys(range(5), 0)
    metadata = dict.fromkeys(METADATA_TIERS, 0)
    for item in records:
        content[item.tiers.content] += 1
        metadata[item.tiers.metadata] += 1
    total = sum(metadata.values())
    good = metadata["B"] + metadata["C"]
    return {"records": total, "content": {str(k): v for k, v in content.items()}, "metadata": metadata,
            "metadata_b_or_better": round(good / total, 3) if total else None}


def advice(records: Iterable[RecordTiers], limit: int = 3) -> list[tuple[str, int]]:
    """The most common things standing in the way of the next tier, with how many records each holds back."""
    counts: dict[str, int] = {}
    for item in records:
        for text in (item.tiers.content_next, item.tiers.metadata_next):
            if text:
                counts[text] = counts.get(text, 0) + 1
    return sorted(counts.items(), key=lambda kv: -kv[1])[:limit]
