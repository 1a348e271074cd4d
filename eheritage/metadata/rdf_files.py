"""The `describe` verb: one RDF file per record plus the whole catalogue in one file.

Every per-record file is written by our own writers (see `terms.py`), which is what
keeps a 10,000-row catalogue to seconds; only whole-catalogue JSON-LD and RDF/XML dumps
go through rdflib.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TextIO

from rdflib import Graph

from eheritage.atomic import streaming, sweep_out, write_text
from eheritage.runlock import exclusive
from eheritage.errors import InputError
from eheritage.metadata.formats import FORMATS, check_format
from eheritage.metadata.rdf import record_triples
from eheritage.metadata.checks import collision_message, find_collisions
from eheritage.metadata.records import Catalogue, Record, read_catalogue
from eheritage.metadata.terms import Triple, jsonld, ntriples, rdfxml, to_graph, turtle_body, turtle_prefixes
from eheritage.profiles import Profile, load_profile

Progress = Callable[[int, int, str], None]
_RDFLIB_FORMATS = {"jsonld": "json-ld", "xml": "pretty-xml"}


@dataclass
class DescribeReport:
    """What describe wrote, and the rows it skipped (duplicate identifiers) with why."""

    out_dir: Path
    fmt: str
    dump_fmt: str
    records: int = 0
    triples: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)

    @property
    def all_file(self) -> Path:
        return self.out_dir / f"all.{FORMATS[self.dump_fmt]}"


#: The statements of a format written record by record (the dump in flat memory), by
#: FORMATS key; a record's document and its part of the dump share them.
_BODIES: dict[str, Callable[[list[Triple]], str]] = {"nt": ntriples, "ttl": turtle_body}
#: What a whole document in a streamed format starts with.
_HEADERS = {"nt": "", "ttl": turtle_prefixes()}
#: One record's triples as a document, for the formats that are not streamed.
_WRITERS: dict[str, Callable[[list[Triple]], str]] = {"jsonld": jsonld, "xml": rdfxml}


def render(triples: list[Triple], fmt: str) -> str:
    """Triples as a document in `fmt` (a FORMATS key)."""
    if fmt in _BODIES:
        return _HEADERS[fmt] + _BODIES[fmt](triples)
    return _WRITERS[fmt](triples)


def describe_catalogue(
    catalogue: Catalogue,
    out: Path,
    fmt: str = "ttl",
    base_uri: str | None = None,
    progress: Progress | None = None,
    *,
    dump_fmt: str | None = None,
) -> DescribeReport:
    """Write `out/rdf/<id>.<ext>` per record and `out/rdf/all.<ext>`.

    `dump_fmt` (default: `fmt`) lets the whole-catalogue file differ, e.g. per-record
    Turtle for people plus one N-Triples file for a triple store.
    """
    dump_fmt = dump_fmt or fmt
    for name in (fmt, dump_fmt):
        check_format(name)
    rdf_dir = out / "rdf"
    try:
        rdf_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"cannot create output folder {rdf_dir}: {err.strerror}") from None
    with exclusive(out):
        sweep_out(out)  # scratch files of a run that was killed mid-write
        return _describe_locked(catalogue, rdf_dir, fmt, dump_fmt, base_uri, progress)


def _describe_locked(
    catalogue: Catalogue, rdf_dir: Path, fmt: str, dump_fmt: str, base_uri: str | None, progress: Progress | None
) -> DescribeReport:
    report = DescribeReport(rdf_dir, fmt, dump_fmt)
    ext = FORMATS[fmt]
    collides = {later.row: collision_message(first, later) for first, later in find_collisions(catalogue)}
    total = len(catalogue)
    with Dump(report.all_file, dump_fmt) as dump:
        for done, record in enumerate(catalogue, start=1):
            reason = _unwritable(record, collides)
            if reason:
                report.skipped.append((record.row, reason))
                continue
            triples = record_triples(record, catalogue.profile, base_uri)
            if fmt == dump_fmt and fmt in _BODIES:  # the file's statements are the dump's: render once
                body = _BODIES[fmt](triples)
                write_text(rdf_dir / f"{record.id}.{ext}", _HEADERS[fmt] + body)
                dump.add(triples, body)
            else:
                write_text(rdf_dir / f"{record.id}.{ext}", render(triples, fmt))
                dump.add(triples)
            report.records += 1
            if progress and (done % 200 == 0 or done == total):
                progress(done, total, record.id)
    report.triples = dump.triples
    return report


class Dump:
    """The whole catalogue in one RDF file, record by record.

    N-Triples and Turtle stream to disk as records come (flat memory); JSON-LD and
    RDF/XML need the whole graph, so rdflib builds it, and those dumps grow with the
    catalogue: use nt or ttl for large ones.
    """

    def __init__(self, path: Path, fmt: str) -> None:
        self.path, self.fmt, self.triples = path, fmt, 0
        self._exits = ExitStack()
        self._stream: TextIO | None = None
        self._graph = Graph()

    def __enter__(self) -> Dump:
        if self.fmt in _BODIES:  # written record by record, in flat memory
            self._stream = self._exits.enter_context(streaming(self.path))
            self._stream.write(_HEADERS[self.fmt])
        return self

    def add(self, triples: list[Triple], body: str | None = None) -> None:
        """Add one record's triples; `body` is their statements in this dump's format, if already rendered."""
        self.triples += len(triples)
        if self._stream is None:
            to_graph(triples, self._graph)
            return
        self._stream.write(body if body is not None else _BODIES[self.fmt](triples))
        if self.fmt == "ttl":
            self._stream.write("\n")

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None) -> None:
        if self._stream is None and kind is None:
            write_text(self.path, self._graph.serialize(format=_RDFLIB_FORMATS[self.fmt]))
        self._exits.__exit__(kind, err, tb)


def _unwritable(record: Record, collides: dict[int, str]) -> str | None:
    """Why a record's RDF must not be written, if it must not."""
    if not record.id:
        return record.id_problem or "no identifier"
    if record.row in collides:
        return collides[record.row]
    damaged = [v.column or "" for values in record.values.values() for v in values if "\ufffd" in v.text]
    if damaged:
        return (f"{', '.join(dict.fromkeys(damaged))}: characters were lost because the file is not UTF-8; "
                "save the spreadsheet as 'CSV UTF-8' and run again")
    return None


def describe(
    catalogue: Path,
    profile: Profile | str | Path,
    out: Path,
    fmt: str = "ttl",
    base_uri: str | None = None,
    progress: Progress | None = None,
    *,
    dump_fmt: str | None = None,
    sheet: str | None = None,
) -> DescribeReport:
    """Read a catalogue spreadsheet through a profile and write its DC + CRM RDF."""
    loaded = profile if isinstance(profile, Profile) else load_profile(profile)
    catalogue_read = read_catalogue(catalogue, loaded, sheet=sheet)
    return describe_catalogue(catalogue_read, out, fmt, base_uri, progress, dump_fmt=dump_fmt)
