"""`eheritage harvest`: every source's OAI-PMH records into one national catalog.

Each source is fetched in a thread of its own (harvesting waits on the network, so a few
run at once), with the `oaipmh` client; what it brings is then stored by this thread
alone, in one transaction per source, so a harvest killed at any moment leaves the
catalog as the last completed source left it, and its next run starts each source again
from where the last successful harvest of that source began. One failing source is
reported and never stops the others.

Records are keyed `<source>:<its OAI identifier>`, so two sources' identifiers never
collide; each is in its source's set and its cluster's (`cluster:museums`).
"""

from __future__ import annotations

import hashlib
import socket
import sqlite3
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from itertools import groupby
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from lxml import etree
from oaipmh import error as oai_error
from oaipmh.client import Client
from oaipmh.metadata import MetadataRegistry

from eheritage.catalog import (
    DUBLIN_CORE,
    Catalog,
    CatalogEntry,
    MetadataFormat,
    RepositoryInfo,
    SetInfo,
)
from eheritage.crosswalks.edm import PREFIX as EDM_PREFIX
from eheritage.crosswalks.tiers import UNREADABLE, RecordTiers, classify, summary
from eheritage.errors import ExitStatus
from eheritage.harvest.dashboard import write_dashboard
from eheritage.harvest.normalise import FORMAT as NORMALISED
from eheritage.harvest.normalise import normalised
from eheritage.harvest.sources import Source, Sources
from eheritage.harvest.state import FOLDER as STATE_FOLDER
from eheritage.harvest.state import last_started, record_started
from eheritage.images.service import DEFAULT_BASE_URL
from eheritage.runlock import exclusive

#: Waiting longer than this for one answer counts as the source being down.
TIMEOUT = 60
#: Sources fetched at once.
PARALLEL = 4
#: How long a source may ask us to wait (Retry-After) before it counts as down, and how often.
RETRY = {"wait-default": 2, "retry": 5, "max-inline-sleep": 120}
_OAI = "{http://www.openarchives.org/OAI/2.0/}"
_PROVENANCE = "http://www.openarchives.org/OAI/2.0/provenance"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: (source, records fetched so far), called from the fetching threads every _PROGRESS_EVERY records.
ProgressCallback = Callable[[str, int], None]
_PROGRESS_EVERY = 200


@dataclass
class SourceReport:
    """What one source's harvest did: `--json` prints one per source."""

    name: str
    url: str
    cluster: str
    status: str = "ok"
    #: The source's live records in the national catalog after this harvest.
    records: int = 0
    new: int = 0
    updated: int = 0
    deleted: int = 0
    invalid: int = 0
    error: str | None = None
    #: The datestamp this harvest asked from (None: a full harvest).
    since: str | None = None
    #: The Europeana tiers of the EDM records this harvest brought (`eheritage.crosswalks.tiers.summary`).
    tiers: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        return dict(vars(self))


@dataclass
class HarvestReport:
    nat: Path
    sources: list[SourceReport] = field(default_factory=list)

    @property
    def exit_status(self) -> ExitStatus:
        return ExitStatus.PROBLEMS if any(s.status != "ok" for s in self.sources) else ExitStatus.OK

    def to_json(self) -> dict[str, Any]:
        return {"nat": str(self.nat), "sources": [s.to_json() for s in self.sources]}


class _Staging:
    """One source's harvest on its way in, kept on disk so memory stays flat however large
    the source: SQLite beside the national catalog, emptied when that source's next fetch begins.
    A fetch thread writes it; the storing thread then reads it, after the fetch is over."""

    _FLUSH = 500

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (path, path.with_name(path.name + "-journal")):
            leftover.unlink(missing_ok=True)
        self.path = path
        self.conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self.conn.executescript(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;"
            # No keys while rows pour in: appending is a third of the cost; `finish` indexes them once.
            "CREATE TABLE records (oai_id TEXT, prefix TEXT, payload TEXT, datestamp TEXT);"
            "CREATE TABLE deleted (oai_id TEXT);"
        )
        self._live: list[tuple[str, str, str, str]] = []
        self._deleted: list[tuple[str]] = []

    def live(self, oai_id: str, prefix: str, payload: str, datestamp: str) -> None:
        self._live.append((oai_id, prefix, payload, datestamp))
        if len(self._live) >= self._FLUSH:
            self.flush()

    def deleted(self, oai_id: str) -> None:
        self._deleted.append((oai_id,))
        if len(self._deleted) >= self._FLUSH:
            self.flush()

    def flush(self) -> None:
        with self.conn:
            self.conn.executemany("INSERT INTO records VALUES (?, ?, ?, ?)", self._live)
            self.conn.executemany("INSERT INTO deleted VALUES (?)", self._deleted)
        self._live, self._deleted = [], []

    def finish(self) -> None:
        """The last rows written, and the indexes reading needs built."""
        self.flush()
        self.conn.executescript("CREATE INDEX records_by_id ON records (oai_id, prefix); CREATE INDEX deleted_by_id ON deleted (oai_id);")

    def arrived(self, oai_id: str) -> bool:
        """Whether this harvest listed `oai_id`, live or deleted."""
        return bool(self.conn.execute("SELECT 1 FROM records WHERE oai_id = ? UNION SELECT 1 FROM deleted WHERE oai_id = ?",
                                      (oai_id, oai_id)).fetchone())

    def deleted_ids(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT DISTINCT oai_id FROM deleted ORDER BY oai_id")]

    def records(self, prefix: str | None = None) -> Iterator[tuple[str, dict[str, tuple[str, str]]]]:
        """(OAI identifier, {prefix: (payload, datestamp)}) of the live records, in identifier
        order; a record also listed as deleted is not live, and one listed twice (a list
        restarted after a bad resumption token) is as it was listed last."""
        where = "" if prefix is None else " AND prefix = ?"
        rows = self.conn.execute(
            "SELECT oai_id, prefix, payload, datestamp FROM records WHERE oai_id NOT IN (SELECT oai_id FROM deleted)"
            f"{where} ORDER BY oai_id, prefix, rowid", () if prefix is None else (prefix,))
        for oai_id, group in groupby(rows, key=lambda row: row[0]):
            yield oai_id, {row[1]: (row[2], row[3]) for row in group}

    def close(self) -> None:
        self.conn.close()
        self.path.unlink(missing_ok=True)


@dataclass
class _Fetched:
    """One source's harvest, before it is stored."""

    staging: _Staging
    formats: list[MetadataFormat] = field(default_factory=list)
    #: The responseDate of the harvest's first request: where the next one starts.
    started: str | None = None
    full: bool = True


class _Client(Client):
    """The `oaipmh` client, noting the responseDate of the first answer it parses."""

    response_date: str | None = None

    def parse(self, xml: bytes) -> etree._Element:  # type: ignore[override]
        tree = super().parse(xml)
        if self.response_date is None:
            self.response_date = tree.findtext(f"{_OAI}responseDate")
        return tree


def harvest(sources: Sources, nat: Path, *, parallel: int = PARALLEL, progress: ProgressCallback | None = None) -> HarvestReport:
    """Harvest every source into the national catalog in `nat`; one failing source never stops the others."""
    report = HarvestReport(nat, [SourceReport(s.name, s.url, s.cluster) for s in sources.sources])
    nat.mkdir(parents=True, exist_ok=True)
    with exclusive(nat):
        _identify(nat, sources)
        previous = socket.getdefaulttimeout()
        socket.setdefaulttimeout(TIMEOUT)  # urllib, under the oaipmh client, would otherwise wait forever
        try:
            with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
                futures = [(s, r, pool.submit(_fetch, s, _since(nat, s), nat / STATE_FOLDER / f"{s.name}.staging", progress))
                           for s, r in zip(sources.sources, report.sources)]
                for source, source_report, future in futures:
                    _store(nat, source, source_report, future)
        finally:
            socket.setdefaulttimeout(previous)
        write_dashboard(nat, sources.aggregator.name, sources.sources, report.sources)
    return report


def _identify(nat: Path, sources: Sources) -> None:
    aggregator = sources.aggregator
    with Catalog.open(nat) as catalog:
        base_url = (catalog.repository() or RepositoryInfo("", DEFAULT_BASE_URL)).base_url
        catalog.set_repository(RepositoryInfo(aggregator.name, base_url, aggregator.admin_email, aggregator.identifier))
        catalog.define_set(SetInfo("cluster", "Clusters of the programme"))
        for source in sources.sources:
            catalog.define_set(SetInfo(source.name, source.title, source.url))
            catalog.define_set(SetInfo(f"cluster:{source.cluster}", source.cluster))


def _since(nat: Path, source: Source) -> str | None:
    """Where the last successful harvest of `source` began; None for a full harvest."""
    return None if source.full else last_started(nat, source.name)


def _fetch(source: Source, since: str | None, staging: Path, progress: ProgressCallback | None) -> _Fetched:
    registry = MetadataRegistry()
    client = _Client(source.url, registry, custom_retry_policy=RETRY, force_http_get=True)
    client.updateGranularity()  # asks Identify: a day-granular source gets `from` as a day
    offered = {prefix: MetadataFormat(prefix, schema, namespace) for prefix, schema, namespace in client.listMetadataFormats()}
    fetched = _Fetched(_Staging(staging), [offered[p] for p in _prefixes(source, offered)], full=since is None)
    fetched.started = client.response_date
    seen = 0
    for fmt in fetched.formats:
        registry.registerReader(fmt.prefix, _payload)
        for header, payload in _records(client, fmt.prefix, source, since):
            if header.isDeleted():
                fetched.staging.deleted(header.identifier())
            elif payload is not None:
                fetched.staging.live(header.identifier(), fmt.prefix, payload, _utc(header.datestamp()))
                seen += 1
                if progress and seen % _PROGRESS_EVERY == 0:
                    progress(source.name, seen)
    fetched.staging.finish()
    if progress:
        progress(source.name, seen)
    return fetched


def _prefixes(source: Source, offered: dict[str, MetadataFormat]) -> list[str]:
    """oai_dc always; EDM where it is offered, or the prefix the source names."""
    wanted = [source.metadata_prefix] if source.metadata_prefix else [EDM_PREFIX]
    return list(dict.fromkeys(["oai_dc", *(p for p in wanted if p in offered)]))


def _payload(metadata: etree._Element) -> str | None:
    """The payload inside `<metadata>`, as XML text."""
    children = [child for child in metadata if isinstance(child.tag, str)]
    return etree.tostring(children[0], encoding="unicode") if children else None


def _records(client: _Client, prefix: str, source: Source, since: str | None) -> Iterator[tuple[Any, str | None]]:
    """(header, payload) of every record of the list; a bad resumption token restarts it once."""
    args: dict[str, Any] = {"metadataPrefix": prefix}
    if source.set:
        args["set"] = source.set
    if since:
        args["from_"] = _datestamp(since)
    for attempt in range(2):
        try:
            for header, payload, _ in client.listRecords(**args):
                yield header, payload
            return
        except oai_error.NoRecordsMatchError:
            return
        except oai_error.BadResumptionTokenError:
            if attempt:
                raise


def _datestamp(response_date: str) -> datetime:
    """A responseDate (UTC) as the naive datetime `from` takes; the client writes it in the
    source's granularity, a day-granular source getting the day."""
    return datetime.strptime(response_date.strip()[:19], "%Y-%m-%dT%H:%M:%S")


def _store(nat: Path, source: Source, report: SourceReport, future: Future[_Fetched]) -> None:
    """Write one source's harvest into the catalog, or its failure into the report."""
    try:
        fetched = future.result()
    except Exception as err:  # the source's failure is its report, never the run's end
        report.status, report.error = "failed", _describe(err)
        return
    try:
        _store_fetched(nat, source, report, fetched)
    finally:
        fetched.staging.close()
    if fetched.started:
        record_started(nat, source.name, source.url, fetched.started)


def _store_fetched(nat: Path, source: Source, report: SourceReport, fetched: _Fetched) -> None:
    scope = f"source:{source.name}"
    report.since = None if fetched.full else _since(nat, source)
    staging = fetched.staging
    with Catalog.open(nat) as catalog:
        for fmt in [*fetched.formats, NORMALISED]:
            catalog.register_format(fmt)
        # An incremental harvest lists what changed: the records it leaves out stay as they were.
        keep = [] if fetched.full else [i for i in catalog.identifiers(scope) if not staging.arrived(_oai_id(source, i))]
        # Every payload was parsed by the client and written again by lxml: well-formed.
        counts = catalog.sync(_entries(source, fetched), scope=scope, keep=keep, serialised=True)
        deleted = catalog.delete([_key(source, i) for i in staging.deleted_ids()], scope)
        report.new, report.updated = counts.new, counts.changed
        report.deleted = counts.deleted + deleted
        report.records = len(catalog.identifiers(scope))
    report.invalid, report.tiers = _check_edm(staging)


def _check_edm(staging: _Staging) -> tuple[int, dict[str, Any] | None]:
    """How many EDM records that arrived cannot be read as EDM, and the others' tiers (counted as they stream)."""
    invalid = 0

    def read() -> Iterator[RecordTiers]:
        nonlocal invalid
        for oai_id, found in staging.records(EDM_PREFIX):
            try:
                yield RecordTiers(oai_id, 0, classify(found[EDM_PREFIX][0]))
            except UNREADABLE:
                invalid += 1

    counted = summary(read())
    return invalid, counted if counted["records"] else None


def _entries(source: Source, fetched: _Fetched) -> Iterator[CatalogEntry]:
    sets = [source.name, f"cluster:{source.cluster}"]
    namespaces = {fmt.prefix: fmt.namespace for fmt in fetched.formats}
    harvested = fetched.started or _utc(datetime.now(timezone.utc))
    for oai_id, found in fetched.staging.records():
        digest = hashlib.sha256()
        for prefix in sorted(found):
            digest.update(prefix.encode() + b"\0" + found[prefix][0].encode() + b"\0")
        about = {prefix: _provenance(source, oai_id, datestamp, namespaces[prefix], harvested)
                 for prefix, (_, datestamp) in found.items()}
        payloads = {prefix: xml for prefix, (xml, _) in found.items()}
        if "oai_dc" in found:
            payloads[NORMALISED.prefix], altered = normalised(found["oai_dc"][0])
            about[NORMALISED.prefix] = _provenance(source, oai_id, found["oai_dc"][1], DUBLIN_CORE.namespace, harvested,
                                                   altered=altered)
        yield CatalogEntry(_key(source, oai_id), sets, payloads, digest.hexdigest(), about)


def _provenance(source: Source, oai_id: str, datestamp: str, namespace: str, harvested: str, *, altered: bool = False) -> str:
    """OAI-PMH's provenance container (provenance.xsd): where the record came from, and
    whether what is served is what came.

    Written as text: one per record and format, it is the hottest string a harvest makes."""
    return (f"{_provenance_head(harvested, altered)}<baseURL>{_escaped(source.url)}</baseURL>"
            f"<identifier>{_escaped(oai_id)}</identifier><datestamp>{_escaped(datestamp)}</datestamp>"
            f"<metadataNamespace>{_escaped(namespace)}</metadataNamespace></originDescription></provenance>")


@lru_cache(maxsize=64)
def _provenance_head(harvested: str, altered: bool) -> str:
    return (f'<provenance xmlns="{_PROVENANCE}" xmlns:xsi="{_XSI}" xsi:schemaLocation="{_PROVENANCE} '
            f'http://www.openarchives.org/OAI/2.0/provenance.xsd"><originDescription harvestDate={quoteattr(harvested)}'
            f' altered="{"true" if altered else "false"}">')


def _escaped(text: str) -> str:
    """`text` as XML character data; most values (URLs, identifiers, datestamps) need nothing."""
    return escape(text) if "&" in text or "<" in text or ">" in text else text


def _utc(moment: datetime) -> str:
    """A datetime (naive ones are UTC, as the oaipmh client gives them) as an OAI-PMH datestamp."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _key(source: Source, oai_id: str) -> str:
    """A harvested record's identifier in the national catalog: its source, then its own."""
    return f"{source.name}:{oai_id}"


def _oai_id(source: Source, key: str) -> str:
    return key[len(source.name) + 1:]


def _describe(err: BaseException) -> str:
    """A source's failure in a line: what went wrong, not a traceback."""
    if isinstance(err, (TimeoutError, socket.timeout)) or isinstance(err.__cause__, (TimeoutError, socket.timeout)):
        return f"the source did not answer within {TIMEOUT} s"
    if isinstance(err, (oai_error.ServiceUnavailableError, oai_error.RateLimitedError, oai_error.HTTPRetryAfterError)):
        return f"the source is busy and asks to come back later: {err}"
    if isinstance(err, oai_error.NetworkError) or getattr(err, "reason", None) is not None:
        return f"cannot reach the source: {getattr(err, 'reason', None) or err}"
    if isinstance(err, (etree.XMLSyntaxError, oai_error.XMLSyntaxError)):
        return f"the source sent XML that does not parse: {err}"
    if isinstance(err, oai_error.ErrorBase):
        return f"the source answered with an OAI-PMH error: {err}"
    return f"{type(err).__name__}: {err}" if str(err) else type(err).__name__
