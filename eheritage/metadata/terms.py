"""Minimal RDF terms and hand-written N-Triples / Turtle writers.

Records are turned into RDF thousands at a time; building an rdflib Graph per record
and running its Turtle serializer costs far more than the mapping itself. So the
mapping emits these plain terms, which render straight to N-Triples or Turtle, and
convert to rdflib terms only when a caller wants a Graph.
"""

from __future__ import annotations

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


def nt(term: Term) -> str:
    """N-Triples form of a term."""
    if isinstance(term, IRI):
        return f"<{term}>"
    text = f'"{term.value.translate(_ESCAPES)}"'
    if term.lang:
        return f"{text}@{term.lang}"
    return f"{text}^^<{term.datatype}>" if term.datatype else text


def ntriples(triples: Iterable[Triple]) -> str:
    """Triples as an N-Triples document."""
    return "".join(f"<{s}> <{p}> {nt(o)} .\n" for s, p, o in triples)


@lru_cache(maxsize=65536)  # predicates, classes and shared nodes repeat in every record
def _short(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and _LOCAL.match(iri[len(ns) :]):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _ttl(term: Term) -> str:
    if isinstance(term, IRI):
        return _short(term)
    if term.datatype and not term.lang:
        return f'"{term.value.translate(_ESCAPES)}"^^{_short(term.datatype)}'
    return nt(term)


def turtle_prefixes() -> str:
    """The @prefix lines every Turtle file we write starts with."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()) + "\n"


def turtle_body(triples: Iterable[Triple]) -> str:
    """Triples grouped by subject (in first-seen order) as Turtle statements, no prefixes."""
    by_subject: dict[str, list[tuple[str, str]]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s, []).append(("a" if p == RDF_TYPE else _short(p), _ttl(o)))
    blocks = []
    for s, pairs in by_subject.items():
        body = " ;\n    ".join(f"{p} {o}" for p, o in pairs)
        blocks.append(f"{_short(s)}\n    {body} .\n")
    return "\n".join(blocks)


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
