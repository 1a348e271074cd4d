"""Records -> Dublin Core (DCMI terms) plus CIDOC-CRM 7.1 triples, after Linked Art.

Each field's `crm` path in the profile (`P108i_was_produced_by/E12_Production/
P4_has_time-span/E52_Time-Span`) alternates property and class. Nodes along the path
are shared by every field with the same prefix (maker, date and place meet in one
E12 Production); the last class is one node per value, modelled by the field's kind.
A path ending in a property (`P3_has_note`) puts the value there as a literal.
Every term is looked up in the closed CRM namespace when the profile is compiled, so
a misspelt class fails with the profile file and field named, before any output.
Intermediate nodes are hash URIs under the record URI, so any node maps back to its
record (and row) by cutting at `#`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cache

from rdflib import Graph
from rdflib.namespace import DCTERMS, RDFS, XSD

from eheritage.errors import ConfigError
from eheritage.identifiers import IdentifierProblem, record_key
from eheritage.metadata.dates import parse_date
from eheritage.metadata.dimensions import parse_dimensions
from eheritage.metadata.records import Record, Value
from eheritage.metadata.terms import (
    AAT,
    IRI,
    RDF_TYPE,
    Lit,
    Triple,
    rdfxml,
    to_graph,
    turtle_body,
    turtle_prefixes,
)
from eheritage.metadata.vocab import CRM
from eheritage.profiles import Field, Profile

#: Getty AAT types for dimensions and units, as Linked Art uses them.
DIMENSION_TYPES = {"height": "300055644", "width": "300055647", "depth": "300072633", "diameter": "300055624",
                   "length": "300055645", "weight": "300056240"}
UNIT_TYPES = {"mm": "300379097", "cm": "300379098", "m": "300379099", "in": "300379100", "g": "300379225",
              "kg": "300379226"}
UNIT_LABELS = {"mm": "millimetres", "cm": "centimetres", "m": "metres", "in": "inches", "g": "grams", "kg": "kilograms"}
#: BCP 47, simplified: language, optional script, region, variants.
LANG_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*$")
_LABEL = IRI(RDFS.label)
_NOTE = IRI(CRM.P3_has_note)
_TYPE = IRI(RDF_TYPE)
_P2 = IRI(CRM.P2_has_type)
_P72 = IRI(CRM.P72_has_language)
_P82A = IRI(CRM.P82a_begin_of_the_begin)
_P82B = IRI(CRM.P82b_end_of_the_end)
_P90 = IRI(CRM.P90_has_value)
_P91 = IRI(CRM.P91_has_unit)
_P190 = IRI(CRM.P190_has_symbolic_content)
_E56 = IRI(CRM.E56_Language)
_E22 = IRI(CRM["E22_Human-Made_Object"])
_P46 = IRI(CRM.P46_is_composed_of)
_E58 = IRI(CRM.E58_Measurement_Unit)
_P129I = IRI(CRM.P129i_is_subject_of)
_E73 = IRI(CRM.E73_Information_Object)
_FORMAT = IRI(DCTERMS.format)
_CONFORMS_TO = IRI(DCTERMS.conformsTo)
#: The standard a published document's media type stands for.
IIIF_PRESENTATION = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'
CONFORMS_TO = {IIIF_PRESENTATION: "http://iiif.io/api/presentation/3/context.json"}
_XSD_DECIMAL = str(XSD.decimal)
_XSD_DATETIME = str(XSD.dateTime)


@cache
def valid_lang(tag: str | None) -> str | None:
    """The tag if it is well-formed BCP 47, else None (the value is then left untagged).

    Cached: a catalogue has a handful of tags, asked about for every value of every record."""
    return tag if tag and LANG_TAG.match(tag) else None


@dataclass(frozen=True)
class _Step:
    prop: IRI
    cls: IRI | None
    slug: str


@dataclass(frozen=True)
class _FieldPlan:
    field: Field
    dc: IRI | None
    steps: tuple[_Step, ...]


@dataclass(frozen=True)
class Plan:
    """A profile compiled to IRIs, checked against CRM 7.1.3 and DCMI terms."""

    record_class: IRI
    fields: tuple[_FieldPlan, ...]


def _crm(term: str, where: str) -> IRI:
    try:
        return IRI(CRM[term])
    except (AttributeError, KeyError):
        raise ConfigError(
            f"{where}: {term!r} is not a CIDOC-CRM 7.1.3 class or property",
            hint="check the spelling against https://cidoc-crm.org/Version/version-7.1.3 (e.g. E22_Human-Made_Object)",
        ) from None


def _steps(f: Field, where: str, slugs: dict[str, tuple[str, ...]]) -> tuple[_Step, ...]:
    """The field's path as steps; `slugs` keeps node names unique across the profile's paths.

    A shared node is named after its class (`#production`); if another path reaches the
    same class by a different route, the property's number is added (`#linguistic_object-p67i`).
    """
    parts = [p for p in (f.crm or "").split("/") if p]
    steps = []
    for i in range(0, len(parts), 2):
        prop = _crm(parts[i], where)
        cls = _crm(parts[i + 1], where) if i + 1 < len(parts) else None
        slug = ""
        if cls is not None:
            route = tuple(parts[: i + 2])
            slug = parts[i + 1].split("_", 1)[1].lower()
            if slugs.setdefault(slug, route) != route:
                slug = f"{slug}-{parts[i].split('_', 1)[0].lower()}"
                slugs.setdefault(slug, route)
        steps.append(_Step(prop, cls, slug))
    return tuple(steps)


def _dc(f: Field, where: str) -> IRI | None:
    if not f.dc:
        return None
    try:
        return IRI(getattr(DCTERMS, f.dc))
    except AttributeError:
        raise ConfigError(f"{where}: dc = {f.dc!r} is not a DCMI term", hint="use a term such as title, creator, date") from None


#: Plans by profile object. Bounded: a helper process receives its records' profile afresh
#: with every chunk (`eheritage.chunks`), so it would otherwise keep one per chunk.
_PLANS: dict[int, tuple[Profile, Plan]] = {}
_PLANS_KEPT = 8


def compile_profile(profile: Profile) -> Plan:
    """Check and compile `profile` once; later calls reuse the plan."""
    cached = _PLANS.get(id(profile))
    if cached and cached[0] is profile:
        return cached[1]
    fields = []
    slugs: dict[str, tuple[str, ...]] = {}
    for f in profile.fields.values():
        where = f"profile {profile.source} [fields.{f.key}]"
        fields.append(_FieldPlan(f, _dc(f, where), _steps(f, where, slugs)))
    plan = Plan(_crm(profile.record_class, f"profile {profile.source} record_class"), tuple(fields))
    if len(_PLANS) >= _PLANS_KEPT:
        del _PLANS[next(iter(_PLANS))]
    _PLANS[id(profile)] = (profile, plan)
    return plan


def default_base(profile: Profile, base_uri: str | None) -> str:
    """The base URI to mint record URIs under: the flag, else the institution's."""
    return (base_uri or profile.institution.base_uri).rstrip("/") + "/"


def reference_uri(base: str, identifier: str) -> IRI | None:
    """The URI of the record `identifier` names (a parent unit), or None when it names none."""
    try:
        return IRI(base + record_key(identifier))
    except IdentifierProblem:
        return None


def record_uri(record: Record, profile: Profile, base_uri: str | None = None) -> str:
    """The record's URI, an IRI: `<base>/<key>`, letters kept (`.../Ф-12`)."""
    return default_base(profile, base_uri) + record.id


_new_tuple = tuple.__new__


class _Builder:
    """Collects one record's triples."""

    def __init__(self, record: Record, profile: Profile, base: str, representations: Sequence[str]) -> None:
        self.record, self.profile, self.base, self.representations = record, profile, base, representations
        self.uri = IRI(base + record.id)
        self.triples: list[Triple] = []
        #: Adds one triple: the list's own append, as a record makes dozens.
        self.add = self.triples.append
        self.made: set[str] = set()
        #: Nodes made once per record, by language tag or by step: asked for by many values.
        self._languages: dict[str, IRI] = {}
        self._steps: dict[str, IRI] = {}

    def lit(self, v: Value) -> Lit:
        return _new_tuple(Lit, (v.text, valid_lang(v.lang), None))  # Lit(...) without its Python-level __new__

    def language(self, tag: str) -> IRI:
        node = self._languages.get(tag)
        if node is None:
            node = self._languages[tag] = IRI(f"{self.base}language/{tag}")
            self.add((node, _TYPE, _E56))
            self.add((node, _LABEL, Lit(tag)))
        return node

    def parent(self, steps: tuple[_Step, ...]) -> IRI:
        """The shared node at the end of `steps`, creating and linking the chain once."""
        node = self.uri
        for step in steps:
            child = self._steps.get(step.slug)
            if child is None:
                child = self._steps[step.slug] = IRI(f"{self.uri}#{step.slug}")
                self.add((node, step.prop, child))
                if step.cls:
                    self.add((child, _TYPE, step.cls))
            node = child
        return node

    def field(self, fp: _FieldPlan) -> None:
        values = self.record.get(fp.field.key)
        # Scans joined by file name leave image_files empty, yet are the record's images.
        published_scans = fp.field.kind == "files" and bool(self.representations)
        if not values and not published_scans:
            return
        if fp.dc and values:
            self.dublin_core(fp, values)
        if not fp.steps:
            return
        parent = self.parent(fp.steps[:-1])
        last = fp.steps[-1]
        if last.cls is None:
            for v in values:
                self.add((parent, last.prop, self.number(v) if fp.field.kind == "number" else self.lit(v)))
            return
        _KIND_WRITERS.get(fp.field.kind, _entities)(self, fp.field, parent, last, values)

    def dublin_core(self, fp: _FieldPlan, values: list[Value]) -> None:
        assert fp.dc is not None
        kind = fp.field.kind
        for v in values:
            if kind == "uri" and v.text.startswith(("http://", "https://")):
                self.add((self.uri, fp.dc, IRI(v.text)))
            elif kind == "reference":
                if (target := reference_uri(self.base, v.text)) is not None:
                    self.add((self.uri, fp.dc, target))
            else:
                self.add((self.uri, fp.dc, self.lit(v)))

    @staticmethod
    def number(v: Value) -> Lit:
        text = v.text.replace(",", ".")
        return Lit(text, datatype=_XSD_DECIMAL) if re.fullmatch(r"\d+(?:\.\d+)?", text) else Lit(v.text)


_Writer = Callable[[_Builder, Field, IRI, _Step, list[Value]], None]


def _texts(b: _Builder, f: Field, parent: IRI, step: _Step, values: list[Value]) -> None:
    """Identifiers, titles, statements: a node per value holding the text (P190) and language (P72)."""
    for i, v in enumerate(values, start=1):
        node = IRI(f"{b.uri}#{f.key}-{i}")
        b.add((parent, step.prop, node))
        b.add((node, _TYPE, step.cls))  # type: ignore[arg-type]
        b.add((node, _P190, b.lit(v)))
        if f.classified_as:
            b.add((node, _P2, IRI(f.classified_as)))
        if lang := valid_lang(v.lang):
            b.add((node, _P72, b.language(lang)))


def _date(b: _Builder, f: Field, parent: IRI, step: _Step, values: list[Value]) -> None:
    """The first value governs; the original text is the time-span's label."""
    v = values[0]
    node = IRI(f"{b.uri}#{f.key}")
    b.add((parent, step.prop, node))
    b.add((node, _TYPE, step.cls))  # type: ignore[arg-type]
    b.add((node, _LABEL, b.lit(v)))
    parsed = parse_date(v.text)
    if parsed:
        b.add((node, _P82A, Lit(parsed.begin_datetime, datatype=_XSD_DATETIME)))
        b.add((node, _P82B, Lit(parsed.end_datetime, datatype=_XSD_DATETIME)))


def _dimensions(b: _Builder, f: Field, parent: IRI, step: _Step, values: list[Value]) -> None:
    """E54 per measurement with numeric P90 and an AAT unit; unreadable text becomes a note.

    A labelled part (support, frame...) is a part of the object, as Linked Art models it:
    an E22 the object P46 is composed of, labelled with the part's name, which carries the
    part's dimensions. Notes such as "each" or "unconfirmed" stay on the dimension.
    """
    n = 0
    for v in values:
        found = parse_dimensions(v.text)
        if not found:
            b.add((b.uri, _NOTE, b.lit(v)))
        for d in found:
            n += 1
            node = IRI(f"{b.uri}#{f.key}-{n}")
            unit = IRI(AAT + UNIT_TYPES[d.unit])
            b.add((_part(b, f, parent, d.part) if d.part else parent, step.prop, node))
            b.add((node, _TYPE, step.cls))  # type: ignore[arg-type]
            for note in d.notes:
                b.add((node, _NOTE, Lit(note, "en")))
            b.add((node, _P2, IRI(AAT + DIMENSION_TYPES[d.kind])))
            b.add((node, _P90, Lit(str(d.value), datatype=_XSD_DECIMAL)))
            b.add((node, _P91, unit))
            if unit not in b.made:
                b.made.add(unit)
                b.add((unit, _TYPE, _E58))
                b.add((unit, _LABEL, Lit(UNIT_LABELS[d.unit], "en")))


def _part(b: _Builder, f: Field, whole: IRI, name: str) -> IRI:
    """The node of one named part of `whole` (made once per record)."""
    node = IRI(f"{b.uri}#{f.key}-part-{'-'.join(name.split())}")
    if node not in b.made:
        b.made.add(node)
        b.add((whole, _P46, node))
        b.add((node, _TYPE, _E22))
        b.add((node, _LABEL, Lit(name, "en")))
    return node


def _entities(b: _Builder, f: Field, parent: IRI, step: _Step, values: list[Value]) -> None:
    """Types, materials, actors, places, languages: the vocabulary's URI where it maps the term."""
    for i, v in enumerate(values, start=1):
        mapped = f.vocabulary.get(v.text.casefold())
        node = IRI(mapped) if mapped else IRI(f"{b.uri}#{f.key}-{i}")
        b.add((parent, step.prop, node))
        b.add((node, _TYPE, step.cls))  # type: ignore[arg-type]
        b.add((node, _LABEL, b.lit(v)))


def _uris(b: _Builder, f: Field, parent: IRI, step: _Step, values: list[Value]) -> None:
    """Rights and other URI values: the URI itself is the node; a non-URI is left to validation."""
    for v in values:
        if v.text.startswith(("http://", "https://")):
            b.add((parent, step.prop, IRI(v.text)))
            b.add((IRI(v.text), _TYPE, step.cls))  # type: ignore[arg-type]


def _references(b: _Builder, f: Field, parent: IRI, step: _Step, values: list[Value]) -> None:
    """A parent unit given by its identifier: linked to that record's URI."""
    for v in values:
        node = reference_uri(b.base, v.text)
        if node is None:
            continue  # validation reports the unusable identifier
        b.add((parent, step.prop, node))
        b.add((node, _TYPE, step.cls))  # type: ignore[arg-type]


def _files(b: _Builder, f: Field, parent: IRI, step: _Step, values: list[Value]) -> None:
    """Each scan is a visual item representing the object: its IIIF image URI once published.

    Before publishing there is no image URI yet, so the item is a node under the record
    labelled with the file name.
    """
    if b.representations:
        nodes = [IRI(url) for url in b.representations]
    else:
        nodes = [IRI(f"{b.uri}#{f.key}-{i}") for i in range(1, len(values) + 1)]
    for i, node in enumerate(nodes):
        b.add((parent, step.prop, node))
        b.add((node, _TYPE, step.cls))  # type: ignore[arg-type]
        if i < len(values):
            b.add((node, _LABEL, Lit(values[i].text)))


_KIND_WRITERS: dict[str, _Writer] = {
    "text": _texts,
    "identifier": _texts,
    "date": _date,
    "dimension": _dimensions,
    "uri": _uris,
    "reference": _references,
    "files": _files,
}


def record_triples(
    record: Record,
    profile: Profile,
    base_uri: str | None = None,
    *,
    representations: Sequence[str] | None = None,
    only: Collection[str] | None = None,
    dc_only: Collection[str] = (),
    documents: Sequence[tuple[str, str]] = (),
) -> list[Triple]:
    """The record's DC + CRM triples.

    `representations` are the IIIF image URIs of the record's scans, in `image_files`
    order, once published; they become the E36 Visual Items the object P138i has.

    `documents` are (URL, media type) of what is published about the record, its landing
    page and IIIF manifest: E73 Information Objects the record P129i is subject of, so a
    harvester of the RDF alone finds the images.

    `only` limits the output to the record's type and those fields, with the Dublin Core
    alone of the `dc_only` fields (validation needs just what its shapes look at, and is
    timed per row).
    """
    plan = compile_profile(profile)
    b = _Builder(record, profile, default_base(profile, base_uri), representations or ())
    b.add((b.uri, _TYPE, plan.record_class))
    if only is None:
        for lang, title in record.titles.items():
            b.add((b.uri, _LABEL, Lit(title, valid_lang(lang))))
    for fp in plan.fields:
        if only is None or fp.field.key in only:
            b.field(fp)
        elif fp.dc and fp.field.key in dc_only and (values := record.get(fp.field.key)):
            b.dublin_core(fp, values)
    for url, media_type in documents:
        document = IRI(url)
        b.add((b.uri, _P129I, document))
        b.add((document, _TYPE, _E73))
        b.add((document, _FORMAT, Lit(media_type)))
        if conforms := CONFORMS_TO.get(media_type):
            b.add((document, _CONFORMS_TO, IRI(conforms)))
    return b.triples


def record_graph(
    record: Record, profile: Profile, base_uri: str | None = None, *, representations: Sequence[str] | None = None
) -> Graph:
    """The record's DC + CRM description as an rdflib Graph."""
    return to_graph(record_triples(record, profile, base_uri, representations=representations))


def record_turtle(record: Record, profile: Profile, base_uri: str | None = None) -> str:
    """The record as a standalone Turtle document."""
    return turtle_prefixes() + turtle_body(record_triples(record, profile, base_uri))


def crm_rdfxml(
    record: Record, profile: Profile, base_uri: str | None = None, *, representations: Sequence[str] | None = None
) -> str:
    """The record's RDF/XML with `<rdf:RDF>` as root and no XML declaration (for OAI-PMH)."""
    return rdfxml(record_triples(record, profile, base_uri, representations=representations))
