"""The `describe` verb: one RDF file per record plus the whole catalogue in one file.

Every per-record file is written by our own writers (see `terms.py`), which is what
keeps a 10,000-row catalogue to seconds; only whole-catalogue JSON-LD and RDF/XML dumps
go through rdflib. A large catalogue's rows are read and written by helper processes, a
chunk each (`eheritage.chunks`), while this process hands them out and streams the dump.
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
from eheritage.chunks import Chunks, helper_count
from eheritage.runlock import exclusive
from eheritage.errors import ConfigError, InputError
from eheritage.metadata.formats import FORMATS, check_format
from eheritage.metadata.rdf import record_triples
from eheritage.metadata.checks import collision_message, find_collisions
from eheritage.metadata.read import Row
from eheritage.metadata.records import Catalogue, Record, RecordReader, read_catalogue
from eheritage.metadata.terms import Triple, jsonld, ntriples, rdfxml, to_graph, turtle_body, turtle_prefixes
from eheritage.profiles import Profile, load_profile
from eheritage.progress import Progress

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
    workers: int | None = None,
) -> DescribeReport:
    """Write `out/rdf/<id>.<ext>` per record and `out/rdf/all.<ext>`.

    `dump_fmt` (default: `fmt`) lets the whole-catalogue file differ, e.g. per-record
    Turtle for people plus one N-Triples file for a triple store. `workers` helper
    processes write the records' files (default: one per CPU core from `HELPERS_FROM`
    rows, else none; 1 writes them in this process).
    """
    dump_fmt = dump_fmt or fmt
    for name in (fmt, dump_fmt):
        check_format(name)
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers {workers} is not valid", hint="use 1 or more")
    rdf_dir = out / "rdf"
    try:
        rdf_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(f"cannot create output folder {rdf_dir}: {err.strerror}") from None
    with exclusive(out):
        sweep_out(out)  # scratch files of a run that was killed mid-write
        collides = {later.row: collision_message(first, later) for first, later in find_collisions(catalogue)}
        how = Documents(rdf_dir, fmt, dump_fmt, base_uri, catalogue.reader(), collides)
        return _describe_locked(catalogue, how, _helpers(len(catalogue), dump_fmt, workers), progress)


#: From this many rows describe writes in helper processes unless told how many: below it,
#: starting them costs more than they save (bench/describe.py, 2 cores: 0.7 s lost at 5,000
#: rows, 2.8 s of 7.7 saved at 20,000).
HELPERS_FROM = 10_000


def _helpers(records: int, dump_fmt: str, workers: int | None) -> int:
    """How many helper processes write the files; none when rdflib must build the whole dump
    in this process anyway."""
    return helper_count(records, workers, from_rows=HELPERS_FROM) if dump_fmt in _BODIES else 0


@dataclass(frozen=True)
class Documents:
    """Where and how rows become records' files: all a helper process needs besides the rows."""

    rdf_dir: Path
    fmt: str
    dump_fmt: str
    base_uri: str | None
    read: RecordReader
    #: Row -> why its record must not be written, for the rows whose identifiers collide.
    collides: dict[int, str]


#: One record's triple count and its share of the dump: the statements of a streamed dump
#: format, else the triples themselves.
Share = tuple[int, "str | list[Triple]"]


def write_documents(how: Documents, rows: list[Row]) -> tuple[list[Share], list[tuple[int, str]]]:
    """Read each row as a record and write its file; return the records' shares of the
    dump and the (row, reason) of those that must not be written, in row order."""
    shares: list[Share] = []
    skipped = []
    ext = FORMATS[how.fmt]
    for row in rows:
        record = how.read(row)
        if reason := _unwritable(record, how.collides):
            skipped.append((record.row, reason))
            continue
        triples = record_triples(record, record.profile, how.base_uri)
        if how.dump_fmt not in _BODIES:
            write_text(how.rdf_dir / f"{record.id}.{ext}", render(triples, how.fmt))
            shares.append((len(triples), triples))
            continue
        statements = _BODIES[how.dump_fmt](triples)
        same = how.fmt == how.dump_fmt  # the file's statements are the dump's: rendered once
        write_text(how.rdf_dir / f"{record.id}.{ext}", _HEADERS[how.fmt] + statements if same else render(triples, how.fmt))
        shares.append((len(triples), statements))
    return shares, skipped


def _describe_locked(catalogue: Catalogue, how: Documents, helpers: int, progress: Progress | None) -> DescribeReport:
    report = DescribeReport(how.rdf_dir, how.fmt, how.dump_fmt)
    total = len(catalogue)
    with Dump(report.all_file, how.dump_fmt) as dump, Chunks(write_documents, how, helpers) as chunks:

        def add(done: list[tuple[list[Share], list[tuple[int, str]]]]) -> None:
            for shares, skipped in done:
                report.records += len(shares)
                report.skipped.extend(skipped)
                for count, share in shares:
                    dump.add(count, share)

        for done, row in enumerate(catalogue.rows(), start=1):
            add(chunks.add(row))
            if progress and (done % 200 == 0 or done == total):
                progress(done, total, f"row {row.number}")
        add(chunks.finish())
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

    def add(self, count: int, share: str | list[Triple]) -> None:
        """Add one record's `count` triples: their statements in this dump's format when it is
        streamed, else the triples (`write_documents`)."""
        self.triples += count
        if isinstance(share, str):
            self._stream.write(share + "\n" if self.fmt == "ttl" else share)  # type: ignore[union-attr]
        else:
            to_graph(share, self._graph)

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
    workers: int | None = None,
) -> DescribeReport:
    """Read a catalogue spreadsheet through a profile and write its DC + CRM RDF."""
    loaded = profile if isinstance(profile, Profile) else load_profile(profile)
    catalogue_read = read_catalogue(catalogue, loaded, sheet=sheet)
    return describe_catalogue(catalogue_read, out, fmt, base_uri, progress, dump_fmt=dump_fmt, workers=workers)
