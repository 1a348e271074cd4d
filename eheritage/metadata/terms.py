"""Minimal RDF terms and hand-written N-Triples, Turtle, RDF/XML and JSON-LD writers.

Records are turned into RDF thousands at a time; building an rdflib Graph per record
and running its Turtle serializer costs far more than the mapping itself. So the
mapping emits these plain terms, which render straight to N-Triples or Turtle, and
convert to rdflib terms only when a caller wants a Graph.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple, Union

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from eheritage.metadata.vocab import CRM

AAT = "http://vocab.getty.edu/aat/"
PREFIXES = {
    "crm": str(CRM._NS),
    "dcterms": str(DCTERMS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "aat": AAT,
}
_LOCAL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_-]*[A-Za-z0-9_])?$")
#: A prefixed name XML accepts as an element name (Turtle's also allow a leading digit).
_XML_QNAME = re.compile(r"[A-Za-z_][\w.-]*:[A-Za-z_][\w.-]*", re.ASCII)
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
RDF_TYPE = str(RDF.type)


class IRI(str):
    """An IRI (a plain string subclass, so it hashes and compares as text)."""

    __slots__ = ()


class Lit(NamedTuple):
    """A literal: lexical form, language tag, datatype IRI."""

    value: str
    lang: str | None = None
    datatype: str | None = None


Term = Union[IRI, Lit]
Triple = tuple[IRI, IRI, Term]


def _string(text: str) -> str:
    """A literal's text escaped for N-Triples and Turtle. Most need nothing, and asking
    first is over ten times faster than `str.translate` on non-ASCII text."""
    if "\\" in text or '"' in text or "\n" in text or "\r" in text:
        return text.translate(_ESCAPES)
    return text


def nt(term: Term) -> str:
    """N-Triples form of a term."""
    if isinstance(term, IRI):
        return f"<{term}>"
    text = f'"{_string(term.value)}"'
    if term.lang:
        return f"{text}@{term.lang}"
    return f"{text}^^<{term.datatype}>" if term.datatype else text


def ntriples(triples: Iterable[Triple]) -> str:
    """Triples as an N-Triples document."""
    return "".join(f"<{s}> <{p}> {nt(o)} .\n" for s, p, o in triples)


_NAMESPACES = tuple(PREFIXES.values())


def _short(iri: str) -> str:
    """The IRI as a prefixed name where one of ours fits, else `<iri>`."""
    if not iri.startswith(_NAMESPACES):  # a record's own nodes, most IRIs: one test, nothing cached
        return f"<{iri}>"
    return _prefixed(iri)


@lru_cache(maxsize=4096)  # predicates, classes and vocabulary terms: the same few in every record
def _prefixed(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and _LOCAL.match(iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


@lru_cache(maxsize=4096)
def _predicate(iri: str) -> str:
    return "a" if iri == RDF_TYPE else _short(iri)


def turtle_prefixes() -> str:
    """The @prefix lines every Turtle file we write starts with."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()) + "\n"


def turtle_body(triples: Iterable[Triple]) -> str:
    """Triples grouped by subject (in first-seen order) as Turtle statements, no prefixes.

    The hottest loop of describe: a record has a hundred objects, and going through a term
    writer, `_short` and `nt` for each cost more than the writing. Objects are written here, with
    `_short` inline for IRIs, most of them (30% less time per record)."""
    by_subject: dict[str, list[Triple]] = {}
    for triple in triples:
        if (group := by_subject.get(triple[0])) is None:
            by_subject[triple[0]] = [triple]
        else:
            group.append(triple)
    namespaces, prefixed, predicate = _NAMESPACES, _prefixed, _predicate
    statements = []
    for s, group in by_subject.items():
        pairs = []
        for _, p, o in group:
            if o.__class__ is IRI:  # `_short`, inline: most objects are IRIs
                pairs.append(f"{predicate(p)} {prefixed(o) if o.startswith(namespaces) else f'<{o}>'}")
            elif o.lang:
                pairs.append(f'{predicate(p)} "{_string(o.value)}"@{o.lang}')
            elif o.datatype:
                pairs.append(f'{predicate(p)} "{_string(o.value)}"^^{_short(o.datatype)}')
            else:
                pairs.append(f'{predicate(p)} "{_string(o.value)}"')
        statements.append(f"{_short(s)}\n    " + " ;\n    ".join(pairs) + " .\n")
    return "\n".join(statements)


def rdfxml(triples: Iterable[Triple]) -> str:
    """Triples as RDF/XML, `<rdf:RDF>` as root and no XML declaration.

    Hand-written like the others, for the same reason, and because rdflib's pretty-xml
    writer orders some nodes by set iteration: the same record gave different text in
    different processes, and the catalog moves a record's datestamp when its text changes.
    Subjects come in first-seen order; a subject's first class names its element.
    """
    by_subject: dict[str, list[tuple[str, Term]]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s, []).append((p, o))
    namespaces = dict(PREFIXES)
    blocks = [_rdfxml_node(s, pairs, namespaces) for s, pairs in by_subject.items()]
    declarations = "".join(f' xmlns:{prefix}="{_xml_escape(ns)}"' for prefix, ns in namespaces.items())
    return f"<rdf:RDF{declarations}>\n{''.join(blocks)}</rdf:RDF>\n"


def _rdfxml_node(subject: str, pairs: list[tuple[str, Term]], namespaces: dict[str, str]) -> str:
    element = "rdf:Description"
    kind = next((o for p, o in pairs if p == RDF_TYPE and isinstance(o, IRI)), None)
    if kind is not None and _XML_QNAME.fullmatch(short := _short(kind)):
        element = short
        pairs = [(p, o) for p, o in pairs if not (p == RDF_TYPE and o == kind)]
    lines = [f'  <{element} rdf:about="{_xml_escape(subject)}">\n']
    for p, o in pairs:
        name = _qname(p, namespaces)
        if isinstance(o, IRI):
            lines.append(f'    <{name} rdf:resource="{_xml_escape(o)}"/>\n')
        else:
            extra = f' xml:lang="{o.lang}"' if o.lang else (f' rdf:datatype="{_xml_escape(o.datatype)}"' if o.datatype else "")
            lines.append(f"    <{name}{extra}>{_xml_escape(o.value)}</{name}>\n")
    lines.append(f"  </{element}>\n")
    return "".join(lines)


def _qname(iri: str, namespaces: dict[str, str]) -> str:
    """`prefix:local` for a predicate, declaring a new prefix for a namespace not yet known."""
    short = _short(iri)
    if _XML_QNAME.fullmatch(short):
        return short
    cut = max(iri.rfind("#"), iri.rfind("/")) + 1
    namespace, local = iri[:cut], iri[cut:]
    if not _XML_QNAME.fullmatch(f"ns:{local}"):
        raise ValueError(f"RDF/XML cannot name the property <{iri}>: its last segment is not an XML name")
    prefix = next((p for p, ns in namespaces.items() if ns == namespace), f"ns{len(namespaces)}")
    namespaces[prefix] = namespace
    return f"{prefix}:{local}"


def jsonld(triples: Iterable[Triple]) -> str:
    """Triples as a flat JSON-LD document: one node per subject in `@graph`, prefixes in `@context`.

    Property names and classes are compacted with the same prefixes as Turtle; node ids stay
    whole IRIs, so nothing depends on how a reader resolves them.
    """
    nodes: dict[str, dict[str, list]] = {}
    for s, p, o in triples:
        node = nodes.setdefault(s, {"@id": s})
        if p == RDF_TYPE and isinstance(o, IRI):
            node.setdefault("@type", []).append(_compact(o))
        else:
            node.setdefault(_compact(p), []).append(_jsonld_value(o))
    # No indent: json's C encoder only runs without one (5x faster on a record).
    return json.dumps({"@context": PREFIXES, "@graph": list(nodes.values())}, ensure_ascii=False) + "\n"


def _compact(iri: str) -> str:
    short = _short(iri)
    return iri if short.startswith("<") else short


def _jsonld_value(term: Term) -> dict[str, str]:
    if isinstance(term, IRI):
        return {"@id": term}
    if term.lang:
        return {"@value": term.value, "@language": term.lang}
    if term.datatype:
        return {"@value": term.value, "@type": term.datatype}
    return {"@value": term.value}


#: A carriage return too: XML readers turn a raw one into a line feed (a cell typed on Windows).
_XML_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;"})


def _xml_escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text or '"' in text or "\r" in text:  # asked first, as in `_string`
        return text.translate(_XML_ESCAPES)
    return text


def to_rdflib(term: Term) -> URIRef | Literal:
    """The rdflib equivalent of a term."""
    if isinstance(term, IRI):
        return URIRef(term)
    return Literal(term.value, lang=term.lang, datatype=URIRef(term.datatype) if term.datatype else None)


def to_graph(triples: Iterable[Triple], graph: Graph | None = None) -> Graph:
    """Add triples to `graph` (a new one, prefixes bound, by default)."""
    if graph is None:
        graph = Graph()
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns)
    graph.addN((URIRef(s), URIRef(p), to_rdflib(o), graph) for s, p, o in triples)
    return graph
