"""The hand-written RDF writers against rdflib's parsers: any triples a record can make
(text with quotes, backslashes, line breaks, Azerbaijani and Cyrillic letters; language
tags; datatypes; IRIs inside and outside our prefixes) read back as the same graph."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from eheritage.metadata.terms import IRI, PREFIXES, Lit, Triple, jsonld, ntriples, rdfxml, to_graph, turtle_body, turtle_prefixes

_BASE = "https://heritage.example.org/record/"
_LOCAL_NAMES = ["E22_Human-Made_Object", "P102_has_title", "title", "type", "a.b", "x-", "_1"]
#: Properties: RDF/XML can only write those whose last segment is an XML name.
_PROPERTIES = st.builds(lambda ns, local: IRI(ns + local), st.sampled_from(list(PREFIXES.values())), st.sampled_from(_LOCAL_NAMES))
#: Classes and vocabulary terms: AAT's are numbers.
_NAMESPACED = st.builds(lambda ns, local: IRI(ns + local), st.sampled_from(list(PREFIXES.values())),
                        st.sampled_from([*_LOCAL_NAMES, "300033618"]))
_OWN = st.builds(lambda key, frag: IRI(f"{_BASE}{key}{frag}"),
                 st.sampled_from(["ŞƏK-1", "Ф-12", "nhm_3", "a%20b"]), st.sampled_from(["", "#title-1", "#production", "#dimensions-part-çərçivə"]))
_IRIS = st.one_of(_NAMESPACED, _OWN)
#: What a cell may hold once read: any character XML allows (validation reports the others).
_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\ufffe\uffff",
                              whitelist_characters="\t\n\r", min_codepoint=0x20) | st.sampled_from(['"', "\\", "\n", "\r", "ə", "Ж"]),
                max_size=20)
_LITERALS = st.one_of(
    st.builds(lambda text: Lit(text), _TEXT),
    st.builds(lambda text, lang: Lit(text, lang), _TEXT, st.sampled_from(["az", "ru", "en", "az-Cyrl"])),
    st.builds(lambda text, datatype: Lit(text, None, datatype), _TEXT,
              st.sampled_from([PREFIXES["xsd"] + "string", "https://heritage.example.org/type/note"])),
)
_TRIPLES = st.lists(st.tuples(_IRIS, _PROPERTIES, st.one_of(_IRIS, _LITERALS)), max_size=12)


def _same_graph(text: str, fmt: str, triples: list[Triple]) -> None:
    parsed = Graph().parse(data=text, format=fmt)
    assert isomorphic(parsed, to_graph(triples)), text


@settings(max_examples=300, deadline=None)
@given(_TRIPLES)
def test_turtle_reads_back_as_the_triples(triples: list[Triple]) -> None:
    _same_graph(turtle_prefixes() + turtle_body(triples), "turtle", triples)


@settings(max_examples=200, deadline=None)
@given(_TRIPLES)
def test_ntriples_read_back_as_the_triples(triples: list[Triple]) -> None:
    _same_graph(ntriples(triples), "nt", triples)


@settings(max_examples=200, deadline=None)
@given(_TRIPLES)
def test_rdfxml_reads_back_as_the_triples(triples: list[Triple]) -> None:
    _same_graph(rdfxml(triples), "xml", triples)


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")  # rdflib's JSON-LD parser
@settings(max_examples=200, deadline=None)
@given(_TRIPLES)
def test_jsonld_reads_back_as_the_triples(triples: list[Triple]) -> None:
    document = jsonld(triples)
    json.loads(document)
    _same_graph(document, "json-ld", triples)
