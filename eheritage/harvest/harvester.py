"""`eheritage harvest`: every source's OAI-PMH records into one national catalog.

Each source is fetched in a thread of its own (harvesting waits on the network, so a few
run at once; `eheritage.harvest.fetch`); what it brings is then stored by this thread
alone, in one transaction per source, so a harvest killed at any moment leaves the
catalog as the last completed source left it, and its next run starts each source again
from where the last successful harvest of that source began. One failing source is
reported and never stops the others.

Records are keyed `<source>:<its OAI identifier>`, so two sources' identifiers never
collide; each is in its source's set and its cluster's (`cluster:museums`).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from eheritage.catalog import (
    DUBLIN_CORE,
    Catalog,
    CatalogEntry,
    DuplicateError,
    RepositoryInfo,
    SetInfo,
    utc_seconds,
)
from eheritage.crosswalks.tiers import RecordTiers, summary
from eheritage.errors import ExitStatus
from eheritage.harvest.dashboard import write_dashboard
from eheritage.harvest.fetch import Fetched, FetchJob
from eheritage.harvest.normalise import FORMAT as NORMALISED
from eheritage.harvest.sources import Source, Sources
from eheritage.harvest.staging import Begun, Staging, Stored, remove
from eheritage.harvest.state import FOLDER as STATE_FOLDER
from eheritage.harvest.state import SourceState, read_state, write_state
from eheritage.images.service import DEFAULT_BASE_URL
from eheritage.oai.render import utc
from eheritage.pipeline.runner import LocalRunner, Outcome, WorkerFunction
from eheritage.runlock import exclusive

#: Sources fetched at once.
PARALLEL = 4
_PROVENANCE = "http://www.openarchives.org/OAI/2.0/provenance"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
#: (source, records fetched so far).
ProgressCallback = Callable[[str, int], None]
#: How often, waiting on a fetch, its staging file is looked at, and how often the
#: progress of the fetches not yet being stored is (seconds).
_POLL = 0.05
_PROGRESS_EVERY = 0.5
#: How many refused records a report names (it counts them all).
_NAMED = 100


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
    #: The first `_NAMED` EDM records Europeana would refuse: {"id", "problem" (the first), "problems" (how many)}.
    invalid_records: list[dict[str, Any]] = field(default_factory=list)
    #: Records the source listed that could not be kept, each said in a line.
    refused: list[str] = field(default_factory=list)
    #: Records that came on pages with characters XML forbids or undefined entities, which
    #: were taken out (their provenance says altered="true").
    repaired: int = 0

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


def harvest(sources: Sources, nat: Path, *, parallel: int = PARALLEL, progress: ProgressCallback | None = None,
            catalog: str | None = None) -> HarvestReport:
    """Harvest every source into the national catalog in `nat` (or the database `catalog`
    names, a `postgresql://` URL); one failing source never stops the others."""
    report = HarvestReport(nat, [SourceReport(s.name, s.url, s.cluster) for s in sources.sources])
    nat.mkdir(parents=True, exist_ok=True)
    with exclusive(nat):
        target = catalog or nat
        _identify(target, sources)
        jobs = [FetchJob(s, _since(nat, s), nat / STATE_FOLDER / f"{s.name}.staging") for s in sources.sources]
        for job in jobs:
            remove(job.staging)  # a killed run's: whatever now appears there is this run's fetch
        fetches = _Fetches(jobs, parallel, progress)
        for job, source_report in zip(jobs, report.sources):
            _store(nat, target, job, source_report, fetches)
        write_dashboard(nat, sources.aggregator.name, sources.sources, report.sources, catalog=target)
    return report


class _Fetches:
    """The sources' fetches, run by worker processes (`eheritage.harvest.fetch.fetch_job`)
    while this thread stores them one after another, each as it arrives."""

    def __init__(self, jobs: Sequence[FetchJob], parallel: int, progress: ProgressCallback | None) -> None:
        self._jobs = {job.source.name: job for job in jobs}
        self._outcomes: dict[str, Outcome[Fetched]] = {}
        self._changed = threading.Condition()
        self._progress = progress
        self._progress_shown = 0.0
        runner = LocalRunner(workers=max(1, min(parallel, len(jobs))))
        results = runner.map_unordered(WorkerFunction("eheritage.harvest.fetch", "fetch_job"), jobs)
        threading.Thread(target=self._collect, args=(results,), name="harvest-fetches", daemon=True).start()

    def _collect(self, results: Iterator[tuple[FetchJob, Outcome[Fetched]]]) -> None:
        for job, outcome in results:
            with self._changed:
                self._outcomes[job.source.name] = outcome
                self._changed.notify_all()

    def outcome(self, name: str, wait: float | None = None) -> Outcome[Fetched] | None:
        """The fetch's outcome, waiting up to `wait` seconds (None: until it ends) and
        showing every fetch's progress meanwhile; None while it still runs."""
        with self._changed:
            while name not in self._outcomes:
                self._changed.wait(_POLL if wait is None else min(wait, _POLL))
                self._show_progress()
                if wait is not None:
                    break
            return self._outcomes.get(name)

    def begun(self, name: str) -> tuple[Staging, Begun] | str:
        """The source's staging once its fetch has begun writing it, or why the fetch failed."""
        while (opened := Staging.open_begun(self._jobs[name].staging)) is None:
            outcome = self.outcome(name, _POLL)
            if outcome is not None and (opened := Staging.open_begun(self._jobs[name].staging)) is None:
                return outcome.error or "the source's fetch ended without writing anything"
        return opened

    def finished(self, name: str) -> Fetched:
        """The fetch's result once it ends; raises `_SourceFailed` if it failed."""
        outcome = self.outcome(name)
        if outcome is None or outcome.value is None:
            raise _SourceFailed(outcome.error if outcome else "the source's fetch did not end")
        return outcome.value

    def show(self, name: str, records: int) -> None:
        if self._progress is not None:
            self._progress(name, records)

    def _show_progress(self) -> None:
        if self._progress is None or time.monotonic() - self._progress_shown < _PROGRESS_EVERY:
            return
        self._progress_shown = time.monotonic()
        for name, job in self._jobs.items():
            opened = Staging.open_begun(job.staging) if name not in self._outcomes else None
            if opened:
                self._progress(name, opened[0].seen())
                opened[0].close()


class _SourceFailed(Exception):
    """A source's fetch failed while its records were being stored: the store is undone."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _identify(target: Path | str, sources: Sources) -> None:
    aggregator = sources.aggregator
    with Catalog.open(target) as catalog:
        base_url = (catalog.repository() or RepositoryInfo("", DEFAULT_BASE_URL)).base_url
        catalog.set_repository(RepositoryInfo(aggregator.name, base_url, aggregator.admin_email, aggregator.identifier))
        catalog.define_set(SetInfo("cluster", "Clusters of the programme"))
        for source in sources.sources:
            catalog.define_set(SetInfo(source.name, source.title, source.url))
            catalog.define_set(SetInfo(f"cluster:{source.cluster}", source.cluster))


def _since(nat: Path, source: Source) -> str | None:
    """Where the last successful harvest of `source` began; None for a full harvest."""
    return None if source.full else read_state(nat, source.name).started


def _store(nat: Path, target: Path | str, job: FetchJob, report: SourceReport, fetches: _Fetches) -> None:
    """Write one source's harvest into the catalog as it arrives, or its failure into the report."""
    opened = fetches.begun(job.source.name)
    if isinstance(opened, str):
        report.status, report.error = "failed", opened
        return
    staging, begun = opened
    try:
        fetched = _store_staged(target, job, report, fetches, staging, begun)
        refused = _check_edm(staging, report)
        report.repaired = staging.repaired()
        # An incremental harvest re-checks what it brought; the rest stands as last checked.
        invalid = {} if job.since is None else read_state(nat, job.source.name).invalid
        invalid = {oai_id: why for oai_id, why in invalid.items() if not staging.arrived(oai_id)} | refused
    except _SourceFailed as failed:
        report.status, report.error = "failed", failed.message
        return
    finally:
        staging.close()
        remove(job.staging)
    report.refused = fetched.refused
    if begun.started:
        write_state(nat, job.source.name, SourceState(begun.started, job.source.url, dict(sorted(invalid.items()))))


def _store_staged(target: Path | str, job: FetchJob, report: SourceReport, fetches: _Fetches, staging: Staging,
                  begun: Begun) -> Fetched:
    """One transaction for the source's records, one for its deletions. A source listed in
    one format is stored while it arrives; one in several once all are in, since a record
    is stored with every format it comes in."""
    source, scope = job.source, f"source:{job.source.name}"
    report.since = job.since
    with Catalog.open(target) as catalog:
        for fmt in [*begun.formats, NORMALISED]:
            catalog.register_format(fmt)
        # Every payload was parsed by the fetch and written again by lxml: well-formed. An
        # incremental harvest lists what changed: the records it leaves out stay as they were.
        store: dict[str, Any] = {"scope": scope, "serialised": True, "sweep": job.since is None}
        counts = None
        if len(begun.formats) == 1:
            try:
                counts = catalog.sync(_streamed(source, staging, begun, fetches), **store)
            except DuplicateError:
                pass  # a list restarted, or a source listing a record twice: stored below, as listed last
        fetched = fetches.finished(source.name)
        if counts is None:
            counts = catalog.sync(_grouped(source, staging, begun), **store)
        deleted = catalog.delete([_key(source, i) for i in staging.deleted_ids()], scope)
        report.new, report.updated = counts.new, counts.changed
        report.deleted = counts.deleted + deleted
        report.records = len(catalog.identifiers(scope))
    return fetched


def _streamed(source: Source, staging: Staging, begun: Begun, fetches: _Fetches) -> Iterator[CatalogEntry]:
    """A one-format source's entries in arrival order, while its fetch goes on."""
    prefix = begun.formats[0].prefix
    after, stored = 0, 0
    while True:
        if rows := staging.arrivals(after):
            for _, oai_id, arrival in rows:
                yield _entry(source, oai_id, {prefix: arrival}, begun)
            after, stored = rows[-1][0], stored + len(rows)
            fetches.show(source.name, stored)
        elif (outcome := fetches.outcome(source.name, _POLL)) is not None:
            if outcome.error is not None:
                raise _SourceFailed(outcome.error)
            if not staging.arrivals(after, 1):
                return


def _grouped(source: Source, staging: Staging, begun: Begun) -> Iterator[CatalogEntry]:
    """The entries of a finished fetch, each record with all its formats."""
    for oai_id, found in staging.records():
        yield _entry(source, oai_id, found, begun)


def _check_edm(staging: Staging, report: SourceReport) -> dict[str, str]:
    """How the EDM records that arrived fared with Europeana's checks (run by the fetch):
    their tiers, and the refused ones, counted and the first of them named; returns
    {OAI identifier: first reason} of every refused one."""
    refused: list[dict[str, Any]] = []

    def readable() -> Iterator[RecordTiers]:
        for checked in staging.checks():
            if checked.problems:
                refused.append({"id": checked.oai_id, "problem": checked.problems[0], "problems": len(checked.problems)})
            if checked.tiers is not None:
                yield RecordTiers(checked.oai_id, 0, checked.tiers)

    counted = summary(readable())
    report.tiers = counted if counted["records"] else None
    report.invalid, report.invalid_records = len(refused), refused[:_NAMED]
    return {item["id"]: item["problem"] for item in refused}


def _entry(source: Source, oai_id: str, found: dict[str, Stored], begun: Begun) -> CatalogEntry:
    payloads = {prefix: stored.payload for prefix, stored in found.items()}
    harvested = begun.started or utc(utc_seconds())
    about = {prefix: _provenance(source, oai_id, stored.datestamp, _namespace(begun, prefix), harvested, altered=stored.repaired)
             for prefix, stored in found.items()}
    if (dc := found.get("oai_dc")) is not None:
        payloads[NORMALISED.prefix] = dc.normalised or dc.payload
        about[NORMALISED.prefix] = _provenance(source, oai_id, dc.datestamp, DUBLIN_CORE.namespace, harvested,
                                               altered=dc.repaired or dc.normalised is not None)
    digest = hashlib.sha256()
    for prefix in sorted(payloads):
        digest.update(prefix.encode() + b"\0" + payloads[prefix].encode() + b"\0")
    return CatalogEntry(_key(source, oai_id), [source.name, f"cluster:{source.cluster}"], payloads, digest.hexdigest(), about)


def _namespace(begun: Begun, prefix: str) -> str:
    return next(fmt.namespace for fmt in begun.formats if fmt.prefix == prefix)


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


def _key(source: Source, oai_id: str) -> str:
    """A harvested record's identifier in the national catalog: its source, then its own."""
    return f"{source.name}:{oai_id}"
