"""SHACL shapes generated from a profile, run once over the whole catalogue's graph.

The row checks read cells; these read the RDF that will be published, catching what
only shows there: a required field that publishes nothing, a rights value published as
text rather than a URI (e.g. from a profile default), a time-span with two starts (two rows minting one URI), a dimension without a
positive value or a unit. (Date order is a row check: rdflib cannot compare BCE
xsd:dateTime values.) pyshacl runs once on a
graph holding only the triples the shapes look at, and each result is mapped back to
its row through the record URI (every node is `<record URI>#...`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from eheritage.metadata.checks import Problem
from eheritage.metadata.records import Catalogue, Record, Value
from eheritage.metadata.rdf import compile_profile, record_triples, record_uri
from eheritage.metadata.terms import RDF_TYPE, to_rdflib
from eheritage.metadata.vocab import CRM
from eheritage.profiles import Profile

_SEVERITY = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "warning"}


def _property(shapes: Graph, node: URIRef, path: URIRef, message: str, name: str | None = None, **constraints: object) -> None:
    prop = BNode()
    shapes.add((node, SH.property, prop))
    shapes.add((prop, SH.path, path))
    shapes.add((prop, SH.message, Literal(message, lang="en")))
    if name:
        shapes.add((prop, SH.name, Literal(name)))
    for key, value in constraints.items():
        shapes.add((prop, SH[key], value if isinstance(value, (URIRef, Literal)) else Literal(value)))


def profile_shapes(profile: Profile) -> Graph:
    """The SHACL shapes for `profile`'s records, time-spans and dimensions."""
    plan = compile_profile(profile)
    shapes = Graph()
    shapes.bind("sh", SH)
    record = URIRef(f"urn:eheritage:shape:{profile.name}:record")
    shapes.add((record, RDF.type, SH.NodeShape))
    shapes.add((record, SH.targetClass, URIRef(plan.record_class)))
    for fp in plan.fields:
        if fp.field.required and fp.dc:
            _property(shapes, record, URIRef(fp.dc), f"{fp.field.label()} is required but nothing was published for it: "
                      "check the column mapping in the profile", fp.field.key, minCount=1)
        if fp.field.kind == "uri" and fp.dc:
            _property(shapes, record, URIRef(fp.dc), f"{fp.field.label()} must be a URI (starting http://), "
                      "not text", fp.field.key, nodeKind=SH.IRI)
    span = URIRef(f"urn:eheritage:shape:{profile.name}:time-span")
    shapes.add((span, RDF.type, SH.NodeShape))
    shapes.add((span, SH.targetClass, URIRef(CRM["E52_Time-Span"])))
    for bound in (CRM.P82a_begin_of_the_begin, CRM.P82b_end_of_the_end):
        _property(shapes, span, URIRef(bound), "this record's date has more than one start or end: another row "
                  "gives the same record URI (check the identifiers)", None, maxCount=1)
    dimension = URIRef(f"urn:eheritage:shape:{profile.name}:dimension")
    shapes.add((dimension, RDF.type, SH.NodeShape))
    shapes.add((dimension, SH.targetClass, URIRef(CRM.E54_Dimension)))
    _property(shapes, dimension, URIRef(CRM.P90_has_value), "a dimension must be a number greater than zero",
              None, minCount=1, datatype=XSD.decimal, minExclusive=Literal(0))
    _property(shapes, dimension, URIRef(CRM.P91_has_unit), "a dimension needs a unit (mm, cm, m or in)", None, minCount=1)
    return shapes


#: Constraints that look at values, not just at how many there are.
_VALUE_CONSTRAINTS = (SH.lessThanOrEquals, SH.datatype, SH.minExclusive, SH["in"], SH.pattern, SH.nodeKind)


def _predicates(shapes: Graph) -> tuple[set[str], set[str]]:
    """(every property the shapes read, those whose values matter rather than their count)."""
    every, valued = {str(RDF.type)}, {str(RDF.type)}
    for prop, path in shapes.subject_objects(SH.path):
        every.add(str(path))
        for constraint in _VALUE_CONSTRAINTS:
            for other in shapes.objects(prop, constraint):
                valued.add(str(path))
                if constraint == SH.lessThanOrEquals:
                    every.add(str(other))
                    valued.add(str(other))
    return every, valued


def shape_fields(profile: Profile) -> tuple[set[str], set[str]]:
    """(the fields whose whole RDF the shapes look at, those of which they see only the Dublin Core).

    Time-spans and dimensions are CIDOC-CRM nodes with shapes of their own; of a required
    field the shapes count the record's DC property."""
    whole = {f.key for f in profile.fields.values() if f.kind in {"date", "dimension"}}
    return whole, {f.key for f in profile.fields.values() if f.required and f.dc and f.key not in whole}


#: What the shapes can see of one node: its types, its constrained values, how many of the rest.
#: A set, as RDF is: the same value twice is one triple.
PatternKey = frozenset[tuple[str, object]]
#: What one field's values put on the record's node, and on each other node (named relative
#: to the record's URI): (pairs, ((node, pairs), ...)).
_FieldNodes = tuple[tuple[tuple[str, object], ...], tuple[tuple[str, tuple[tuple[str, object], ...]], ...]]
#: Distinct (field, values) a lens keeps, as the term caches keep terms: a national
#: catalogue may have millions.
_MEMO_SIZE = 4096


@dataclass(frozen=True)
class ShapeLens:
    """What the shapes see of each record's nodes; plain data, so it pickles to the helper
    processes that check rows of a large catalogue.

    The shapes only test node-local facts (a count, a value, an order between two
    values), so two nodes with the same types, the same constrained values and the same
    number of count-only values get the same results: each node comes down to such a
    pattern, and a catalogue of 10,000 rows usually has a few hundred.
    """

    profile: Profile
    base_uri: str | None
    #: Every property the shapes read, and those whose values matter rather than their count.
    every: frozenset[str]
    valued: frozenset[str]
    #: The fields whose whole RDF the shapes look at, and those of which only the DC.
    whole: frozenset[str]
    dc_only: frozenset[str]
    record_class: str
    #: The whole fields in the profile's order.
    whole_order: tuple[str, ...] = ()
    #: (field, its values) -> `_field_nodes`; emptied when full.
    _memo: dict[tuple[str, tuple[tuple[str, str | None], ...]], _FieldNodes] = field(
        default_factory=dict, init=False, compare=False, repr=False)  # a replaced lens sees differently

    @classmethod
    def of(cls, profile: Profile, shapes: Graph, base_uri: str | None) -> ShapeLens:
        every, valued = _predicates(shapes)
        whole, dc_only = shape_fields(profile)
        return cls(profile, base_uri, frozenset(every), frozenset(valued), frozenset(whole), frozenset(dc_only),
                   str(compile_profile(profile).record_class), tuple(key for key in profile.fields if key in whole))

    def subjects(self, record: Record) -> Iterator[tuple[str, list[tuple[str, object]]]]:
        """(subject, its pairs the shapes look at) for every node of the record."""
        by_subject: dict[str, list[tuple[str, object]]] = {}
        for s, p, o in record_triples(record, self.profile, self.base_uri, only=self.whole, dc_only=self.dc_only):
            if self._sees(s, p, o):
                by_subject.setdefault(s, []).append((p, o))
        return iter(by_subject.items())

    def _sees(self, s: str, p: str, o: object) -> bool:
        """Whether the shapes look at this triple. A part of the object (a frame, a support)
        shares the record's class, as in Linked Art, but the record shape is about records:
        parts are not held to it."""
        return p in self.every and not ("#" in s and p == RDF_TYPE and o == self.record_class)

    def pattern(self, pairs: list[tuple[str, object]]) -> PatternKey:
        """The pattern of a node with these (predicate, object) pairs."""
        counted: dict[str, int] = {}
        key_parts = []
        for p, o in pairs:
            if p in self.valued:
                key_parts.append((p, o))
            else:
                counted[p] = counted.get(p, 0) + 1
                key_parts.append((p, counted[p]))
        return frozenset(key_parts)

    def patterns(self, record: Record) -> Iterator[PatternKey]:
        """The patterns of `subjects(record)`, with each whole field's nodes worked out once
        per distinct value: a catalogue repeats its dates and sizes, and building their RDF
        was a fifth of validate's time. The record's own node is built each time."""
        uri = record_uri(record, self.profile, self.base_uri)
        own: list[tuple[str, object]] = []
        nodes: dict[str, tuple[tuple[str, object], ...]] = {}
        for key in self.whole_order:
            if not (values := record.values.get(key)):
                continue
            found = self._field_nodes(record, key, values, uri)
            if found is None:
                return self._built_patterns(record)
            on_record, elsewhere = found
            own.extend(on_record)
            # A node two fields reach (an event, a unit) carries only its type for the shapes
            # (they read DC, time-span bounds and dimension values): it is the same from either.
            nodes.update(elsewhere)
        for s, p, o in record_triples(record, self.profile, self.base_uri, only=(), dc_only=self.dc_only):
            if s == uri and p in self.every:
                own.append((p, o))
        return iter([self.pattern(own), *map(self.pattern, nodes.values())])

    def _built_patterns(self, record: Record) -> Iterator[PatternKey]:
        return (self.pattern(pairs) for _, pairs in self.subjects(record))

    def _field_nodes(self, record: Record, key: str, values: list[Value], uri: str) -> _FieldNodes | None:
        """What field `key`'s values put on the record's node besides its type, and on every
        other node (named relative to the record): kept per distinct values. None when they
        name the record itself, so cannot be kept for other records."""
        memo_key = (key, tuple((v.text, v.lang) for v in values))
        if (found := self._memo.get(memo_key)) is not None:
            return found
        on_record: list[tuple[str, object]] = []
        elsewhere: dict[str, list[tuple[str, object]]] = {}
        local = uri + "#"  # the record's own nodes; any other is named in full
        one = Record(record.id, record.row, record.profile, {key: values})
        for s, p, o in record_triples(one, self.profile, self.base_uri, only=(key,)):
            # the record's type is on its node once, from `patterns`, not once per field
            if not self._sees(s, p, o) or (s == uri and p == RDF_TYPE and o == self.record_class):
                continue
            if isinstance(o, str) and (o == uri or o.startswith(local)):
                return None  # what the shapes see names this record
            if s == uri:
                on_record.append((p, o))
            else:
                elsewhere.setdefault(s.removeprefix(local) if s.startswith(local) else s, []).append((p, o))
        if len(self._memo) >= _MEMO_SIZE:
            self._memo.clear()
        found = self._memo[memo_key] = (tuple(on_record), tuple((s, tuple(pairs)) for s, pairs in elsewhere.items()))
        return found


class _Patterns:
    """The distinct patterns seen, each as one focus node of a graph pyshacl validates:
    pyshacl's cost is per focus node."""

    def __init__(self, valued: frozenset[str]) -> None:
        self.graph = Graph()
        #: The properties whose values a pattern keeps; of the others it keeps a count.
        self.valued = valued
        self._ids: dict[PatternKey, URIRef] = {}

    def add(self, key: PatternKey) -> None:
        if key in self._ids:
            return
        node = self._ids[key] = URIRef(f"urn:eheritage:pattern:{len(self._ids)}")
        for p, o in key:
            value = to_rdflib(o) if p in self.valued else Literal(o)  # type: ignore[arg-type]
            self.graph.add((node, URIRef(p), value))

    def node(self, key: PatternKey) -> URIRef | None:
        return self._ids.get(key)


class ShapeCheck:
    """The profile's SHACL shapes over a catalogue, fed one record at a time (`add`), or the
    patterns of records seen elsewhere (`add_patterns`), so the pass that reads the rows for
    the row checks gathers the patterns too."""

    def __init__(self, catalogue: Catalogue, base_uri: str | None = None) -> None:
        self.catalogue = catalogue
        self.shapes = profile_shapes(catalogue.profile)
        self.lens = ShapeLens.of(catalogue.profile, self.shapes, base_uri)
        self.patterns = _Patterns(self.lens.valued)

    def add(self, record: Record) -> None:
        self.add_patterns(self.lens.patterns(record))

    def add_patterns(self, keys: Iterable[PatternKey]) -> None:
        for key in keys:
            self.patterns.add(key)

    def problems(self) -> list[Problem]:
        """Validate the distinct patterns; only if some fail, read the catalogue again for the
        rows whose nodes have them. Memory stays flat either way."""
        from pyshacl import validate as shacl_validate  # only here: helper processes never load it

        conforms, results, _ = shacl_validate(self.patterns.graph, shacl_graph=self.shapes, inplace=True, advanced=False,
                                              inference="none")
        if conforms:
            return []
        return sorted(_problems(self, results), key=lambda p: p.row)


def check_shapes(catalogue: Catalogue, base_uri: str | None = None) -> list[Problem]:
    """Run the profile's SHACL shapes over the catalogue and report results by row."""
    check = ShapeCheck(catalogue, base_uri)
    for record in catalogue:
        check.add(record)
    return check.problems()


def _problems(check: ShapeCheck, results: Graph) -> Iterable[Problem]:
    failing: dict[str, list[tuple[str | None, str, str]]] = {}
    for result in results.subjects(RDF.type, SH.ValidationResult):
        source = results.value(result, SH.sourceShape)
        name = results.value(source, SH.name) if source is not None else None
        severity = _SEVERITY.get(results.value(result, SH.resultSeverity), "error")  # type: ignore[arg-type]
        failing.setdefault(str(results.value(result, SH.focusNode)), []).append(
            (str(name) if name is not None else None, severity, str(results.value(result, SH.resultMessage)))
        )
    catalogue = check.catalogue
    fields = catalogue.profile.fields
    for record in catalogue:
        for subject, pairs in check.lens.subjects(record):
            for name, severity, message in failing.get(str(check.patterns.node(check.lens.pattern(pairs))), ()):
                fragment = subject.partition("#")[2]
                f = fields.get(name) if name is not None else fields.get(fragment.rsplit("-", 1)[0]) or fields.get(fragment)
                yield Problem(
                    row=record.row,
                    column=catalogue.mapping.header_of(f) if f else None,
                    field=f.key if f else None,
                    severity=severity,
                    message=message,
                )
