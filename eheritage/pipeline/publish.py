"""The `publish` verb: a folder of scans and the catalogue describing them, published.

One run, in one direction:

    catalogue rows --read/validate--> records --+--> RDF (OUT/rdf)
    scans --join by identifier--> pages --tile--+--> manifests, collections (OUT/iiif)
                                                +--> catalog (OUT/catalog.sqlite, for OAI-PMH)
                                                +--> fixity (OUT/fixity), report (OUT/report.json)

Every step skips or cheaply redoes what is already current, so re-running after one
edited row or one new scan costs little, and an interrupted run resumes. The catalogue
is never held whole: each pass streams it (validation, then what to publish, then the
records themselves through `record_writer`), so memory stays flat however long it is.
"""

from __future__ import annotations

import gzip
import json
import shutil
import time
from array import array
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from eheritage.atomic import streaming, sweep_out, write_if_changed
from eheritage.catalog import CATALOG_NAME, Catalog, ClaimError, RepositoryInfo, SyncCounts
from eheritage.crosswalks import crosswalks, schema_documents
from eheritage.crosswalks.tiers import RecordTiers, summary
from eheritage.errors import ExitStatus, InputError
from eheritage.identifiers import set_part, uri_segment
from eheritage import iiif  # its builders as iiif.<name>: iiif-prezi3 loads (0.7 s) only where a collection is written
from eheritage.iiif import TOP, CollectionEntry
from eheritage.iiif.urls import normalise_base_url
from eheritage.images.discover import ImageJob, find_files, image_ids, mark_collisions, set_aside_jobs
from eheritage.images.errors import ImageError
from eheritage.images.service import TileSettings
from eheritage.jsonout import Array, write_json
from eheritage.metadata import Catalogue, Problem, Record, read_catalogue, validate_catalogue
from eheritage.metadata.checks import Named
from eheritage.metadata.report import problems_table, tiers_table, write_page
from eheritage.pipeline.fixity import write_published_fixity
from eheritage.pipeline.join import JoinResult, Page, join_scans
from eheritage.pipeline.record_writer import Written, catalog_entries
from eheritage.pipeline.runner import runner_for
from eheritage.pipeline.tile import STATUSES, ImageOutcome, TileReport, tile_jobs
from eheritage.profiles import Profile
from eheritage.runlock import exclusive
from eheritage.site import CARDS, CatalogueInfo, SiteTarget, withdraw, write_site
from eheritage.spool import Spool
from eheritage.progress import Progress


_REPORT_NAME = "report.json"
#: The same for a person: what failed, what to fix, and each record's Europeana tiers.
_HTML_REPORT_NAME = "report.html"

#: Where each catalogue's share of `rdf/all.nt` is kept between runs.
_ALL_RDF_PARTS = Path(".eheritage") / "all-rdf"


@dataclass(frozen=True)
class PublishOptions:
    """How to publish; every field has a `publish` flag of the same name."""

    base_url: str
    tile: TileSettings = field(default_factory=TileSettings)
    workers: int | None = None
    #: A Dask cluster to tile on (`eheritage.pipeline.runner.runner_for`); None: local processes.
    cluster: str | None = None
    #: Where the catalog is: a `postgresql://` URL (several OUTs may share one); None: OUT/catalog.sqlite.
    catalog: str | None = None
    force: bool = False
    admin_email: str | None = None
    repository_name: str | None = None
    #: The domain of every OAI identifier, `oai:<domain>:<id>`; default the first institution's.
    repository_identifier: str | None = None
    #: Who delivers the records to Europeana (EDM's edm:provider): the national aggregator.
    #: Default: the repository's name.
    provider: str | None = None
    #: Which catalog records this catalogue owns (and so deletes when its rows vanish).
    #: Default: the institution and profile, `nhm/museum`; give each catalogue its own
    #: when one institution publishes several catalogues of one profile into one OUT.
    scope: str | None = None
    #: Publish scans that are symbolic links to files outside the scans folder.
    follow_links: bool = False
    #: Write the site: landing pages, browse pages, search (`eheritage.site`).
    site: bool = True


@dataclass(frozen=True)
class Finding:
    """A failure or warning of the run, placed where a person can find it."""

    where: str
    message: str
    row: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"where": self.where, "row": self.row, "message": self.message}


@dataclass
class PublishReport:
    """What a publish did, for the summary, `--json` and `OUT/report.json`."""

    catalogue: Path
    profile: str
    out: Path
    records: int = 0
    manifests: int = 0
    metadata_only: Spool[str] = field(default_factory=Spool)
    tiles: TileReport = field(default_factory=TileReport)
    catalog: SyncCounts = field(default_factory=SyncCounts)
    problems: list[Problem] = field(default_factory=list)
    failures: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    #: Each published record's Europeana tiers, from its EDM.
    tiers: Spool[RecordTiers] = field(default_factory=Spool)

    @property
    def exit_status(self) -> ExitStatus:
        failed = self.failures or self.tiles.count("failed") or any(p.severity == "error" for p in self.problems)
        return ExitStatus.PROBLEMS if failed else ExitStatus.OK

    def to_json(self) -> dict[str, Any]:
        return {
            "catalogue": str(self.catalogue),
            "profile": self.profile,
            "out": str(self.out),
            "records": self.records,
            "manifests": self.manifests,
            "metadata_only": Array(self.metadata_only),
            "images": self.tiles.to_json()["summary"],
            "catalog": vars(self.catalog),
            "failures": [f.to_json() for f in self.failures],
            "warnings": [w.to_json() for w in self.warnings],
            "problems": [p.to_json() for p in self.problems],
            "tiers": {"summary": summary(self.tiers), "records": Array(self.tiers, RecordTiers.to_json)},
            "timings": {phase: round(seconds, 3) for phase, seconds in self.timings.items()},
        }


@dataclass(frozen=True)
class CatalogueSource:
    """One catalogue to publish: its spreadsheet, profile, scans (None: metadata only) and scope."""

    catalogue: Path
    profile: Profile
    scans: Path | None = None
    #: Which catalog records this catalogue owns (see PublishOptions.scope).
    scope: str | None = None
    #: The XLSX sheet to read; default the first.
    sheet: str | None = None

    @property
    def owner(self) -> str:
        """The scope its records belong to. Not the file's path: the same catalogue saved
        elsewhere, or as .xlsx, is still the same catalogue, and its removed rows must
        become deleted records."""
        return self.scope or f"{self.profile.institution.code}/{self.profile.name}"


@dataclass
class BatchReport:
    """What a publish of one or more catalogues into one OUT did: `OUT/report.json`."""

    out: Path
    catalogues: list[PublishReport]
    #: The repository's name and contact as Identify shows them.
    repository: str = ""
    admin_email: str | None = None
    warnings: list[Finding] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    #: How many records the site lists, across every catalogue in OUT (None: published without it).
    site_records: int | None = None

    @property
    def exit_status(self) -> ExitStatus:
        return max((report.exit_status for report in self.catalogues), default=ExitStatus.OK)

    def total(self) -> dict[str, Any]:
        """The batch's sums: what a programme manager reads first."""
        reports = self.catalogues
        images = [report.tiles.to_json()["summary"] for report in reports]
        return {
            "catalogues": len(reports),
            "records": sum(r.records for r in reports),
            "manifests": sum(r.manifests for r in reports),
            "metadata_only": sum(len(r.metadata_only) for r in reports),
            "images": {status: sum(counts[status] for counts in images) for status in STATUSES},
            "catalog": {key: sum(vars(r.catalog)[key] for r in reports) for key in vars(SyncCounts())},
            "failures": sum(len(r.failures) for r in reports),
            "errors": sum(p.severity == "error" for r in reports for p in r.problems),
            "warnings": sum(len(r.warnings) for r in reports) + sum(p.severity == "warning" for r in reports for p in r.problems),
            "tiers": summary(item for r in reports for item in r.tiers),
        }

    def html_parts(self) -> Iterator[str]:
        """`OUT/report.html`'s parts: per catalogue, its failures, the problems to fix and every record's tiers."""
        yield (f"<p>Repository {escape(self.repository)}: {len(self.catalogues)} catalogue(s) published into "
               f"{escape(str(self.out))}. The same report for scripts is report.json beside this file.</p>")
        yield from (f"<p class=\"warning\">{escape(w.where)}: {escape(w.message)}</p>" for w in self.warnings)
        for report in self.catalogues:
            yield f"<h2>{escape(str(report.catalogue))} (profile {escape(report.profile)})</h2>"
            yield f"<p>{report.records} records published, {report.manifests} with images.</p>"
            yield from (f"<p class=\"error\">{escape(f.where)}: {escape(f.message)}</p>" for f in report.failures)
            yield from (f"<p class=\"warning\">{escape(w.where)}: {escape(w.message)}</p>" for w in report.warnings)
            yield from problems_table(report.problems)
            yield from tiers_table(report.tiers)

    def to_json(self) -> dict[str, Any]:
        return {
            "out": str(self.out),
            "repository": {"name": self.repository, "admin_email": self.admin_email},
            "total": self.total(),
            "site": None if self.site_records is None else {"index": str(self.out / "index.html"), "records": self.site_records},
            "warnings": [w.to_json() for w in self.warnings],
            "catalogues": [report.to_json() for report in self.catalogues],
            "timings": {phase: round(seconds, 3) for phase, seconds in self.timings.items()},
        }


class _Publishable:
    """The records to publish, in row order: their rows and identifiers, and the image files
    of those that name any. No object per record: a national catalogue has a million."""

    def __init__(self) -> None:
        self.rows = array("I")
        self.ids: list[str] = []
        self.image_files: dict[str, tuple[str, ...]] = {}

    def add(self, record: Record) -> None:
        self.rows.append(record.row)
        self.ids.append(record.id)
        if record.image_files:
            self.image_files[record.id] = tuple(record.image_files)

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[tuple[int, str]]:
        """(row, identifier) of each, in row order."""
        return zip(self.rows, self.ids)


@dataclass
class _Read:
    """A catalogue read and checked, before anything is written: which records to publish."""

    source: CatalogueSource
    catalogue: Catalogue
    records: _Publishable
    held_back: list[str]
    report: PublishReport


def publish(
    catalogue_path: Path,
    profile: Profile,
    out: Path,
    options: PublishOptions,
    *,
    scans: Path | None = None,
    progress: Progress | None = None,
    sheet: str | None = None,
) -> PublishReport:
    """Publish one catalogue (and its scans, if any) into `out`; `sheet` names an XLSX sheet."""
    source = CatalogueSource(catalogue_path, profile, scans, options.scope, sheet)
    return publish_batch([source], out, options, progress=progress).catalogues[0]


def publish_batch(
    sources: Sequence[CatalogueSource], out: Path, options: PublishOptions, *, progress: Progress | None = None
) -> BatchReport:
    """Publish several catalogues into one OUT as one run.

    Every catalogue is read and checked before anything is written, so identifiers that
    collide, within a catalogue or between two, stop the run with OUT untouched. Then,
    holding OUT's lock, each catalogue is published; what spans them (`rdf/all.nt`, the
    IIIF `top.json`, Identify, fixity and `report.json`) is written once, at the end.
    """
    started = time.perf_counter()
    read = [_read(source, options.workers) for source in sources]
    _refuse_shared_identifiers(read)
    batch = BatchReport(out, [item.report for item in read])
    with exclusive(out):
        sweep_out(out)
        repository = _identify(read, out, options, batch)
        options = replace(options, provider=options.provider or repository.name)
        for item in read:
            _check_claims(item.records, out, item.source.owner, options.catalog)
        for item in read:
            _publish_catalogue(item, out, options, repository, progress)
        with _timed(batch.timings, "finish"):
            batch.site_records = _finish(out, options, batch.repository)
        batch.timings["total"] = time.perf_counter() - started
        with streaming(out / _REPORT_NAME) as stream:
            write_json(batch.to_json(), stream)
        write_page(out / _HTML_REPORT_NAME, "Publish report", batch.html_parts())
    return batch


def _read(source: CatalogueSource, workers: int | None) -> _Read:
    started = time.perf_counter()
    report = PublishReport(source.catalogue, source.profile.name, Path())
    with _phase(report, "read"):
        catalogue = read_catalogue(source.catalogue, source.profile, sheet=source.sheet)
        validation = validate_catalogue(catalogue, scans_dir=source.scans, workers=workers)
        report.problems = validation.problems
        records, held_back = _publishable(catalogue, validation.collisions, report)
        report.records = len(records)
    report.timings["total"] = time.perf_counter() - started
    return _Read(source, catalogue, records, held_back, report)


def _refuse_shared_identifiers(read: Sequence[_Read]) -> None:
    """Two catalogues of one batch claiming one identifier: refused before anything is written."""
    if len(read) < 2:
        return  # one catalogue's own collisions were refused as it was read
    owner: dict[str, str] = {}
    for item in read:
        for record_id in item.records.ids:
            first = owner.setdefault(record_id, item.source.owner)
            if first != item.source.owner:
                raise ClaimError(record_id, first, item.source.owner)


def _publish_catalogue(
    item: _Read, out: Path, options: PublishOptions, repository: RepositoryInfo, progress: Progress | None
) -> None:
    """Everything one catalogue writes, while this run holds OUT's lock."""
    site_name = repository.name
    started = time.perf_counter()
    source, records, report = item.source, item.records, item.report
    report.out = out
    with _phase(report, "tiling"):
        images = _tile(records, source.scans, out, options, report, progress)
    with _phase(report, "records"):
        written = Written()
        part = out / _ALL_RDF_PARTS / f"{uri_segment(source.owner)}.nt.gz"
        site = SiteTarget(CatalogueInfo.of(source.profile, source.owner), site_name,
                          out / CARDS / f"{uri_segment(source.owner)}.jsonl", repository.namespace,
                          frozenset(item.held_back)) if options.site else None
        entries = catalog_entries(item.catalogue, records, images, options, out, part, written, site)
        with Catalog.open(options.catalog or out) as catalog:
            for crosswalk in crosswalks().values():
                catalog.register_format(crosswalk.metadata_format(options.base_url))
            report.catalog = catalog.sync(entries, scope=source.owner, keep=item.held_back)
            for info in written.sets.values():
                catalog.define_set(info)
            withdrawn = catalog.withdrawn(source.owner)
        part.with_suffix("").unlink(missing_ok=True)  # the part as an older eheritage kept it, uncompressed
    with _phase(report, "withdrawn"):
        for record_id, deleted_at in withdrawn:
            withdraw(out, record_id, deleted_at, site_name if options.site else None)
    with _phase(report, "collections"):
        _write_collections(written.collections, source.profile, out, options.base_url)
    report.manifests, report.metadata_only, report.tiers = written.manifests, written.metadata_only, written.tiers
    report.failures.extend(Finding(record_id, message) for record_id, message in written.failed)
    report.timings["total"] += time.perf_counter() - started


def _finish(out: Path, options: PublishOptions, site_name: str) -> int | None:
    """What spans the catalogues of OUT: all.nt, top.json, the formats' schemas, the site's
    shared pages, fixity.

    Returns how many records the site lists (None without a site)."""
    _write_all_rdf(out)
    for path, shipped in schema_documents():
        write_if_changed(out / path, shipped.read_text(encoding="utf-8"))
    iiif.write_collection(TOP, _TOP_LABEL, _root_collections(out), out, options.base_url)
    listed = write_site(out, site_name, options.base_url) if options.site else None
    write_published_fixity(out, working_files=(f"{CATALOG_NAME}*", _REPORT_NAME, _HTML_REPORT_NAME))
    return listed


def _identify(read: Sequence[_Read], out: Path, options: PublishOptions, batch: BatchReport) -> RepositoryInfo:
    """Identify's name and contact, set first: a run cut short still serves a named repository."""
    with Catalog.open(options.catalog or out) as catalog:
        before = catalog.repository()
        info = _repository(read, options, batch, before)
        catalog.set_repository(info)
    if before is not None and before.namespace != info.namespace:
        batch.warnings.append(Finding("OAI-PMH identifiers", (
            f"the repository identifier changed from {before.namespace} to {info.namespace}: every record is now "
            f"oai:{info.namespace}:…, and its oai:{before.namespace}:… identifier a deleted record, so harvesters "
            "replace rather than duplicate them")))
    if not options.provider:
        batch.warnings.append(Finding("EDM", (
            f"edm:provider is {info.name!r}, the repository's name: set provider in the batch file's [repository] "
            "to the aggregator that delivers the records to Europeana")))
    batch.repository, batch.admin_email = info.name, info.admin_email
    return info


def _repository(
    read: Sequence[_Read], options: PublishOptions, batch: BatchReport, before: RepositoryInfo | None
) -> RepositoryInfo:
    """Identify's name and contact: the batch's own, else the one institution's, else all of theirs.

    The OAI identifiers' domain is the one given, else the one OUT already has (so publishing
    another catalogue into it never re-keys the records there), else the first institution's.
    """
    institutions = list(dict.fromkeys(
        (item.source.profile.institution.name.get("en") or item.source.profile.title, item.source.profile.institution.email)
        for item in read
    ))
    name = options.repository_name or ", ".join(dict.fromkeys(n for n, _ in institutions))
    email = options.admin_email or next((e for _, e in institutions if e), None)
    if len(institutions) > 1 and not (options.repository_name and options.admin_email):
        batch.warnings.append(Finding(
            "OAI-PMH Identify",
            f"this OUT spans {len(institutions)} institutions, so Identify is named {name!r} with contact {email}: "
            "set name and admin-email in the batch file's [repository] table (or repository-name and admin-email "
            "in [publish] of the config)",
        ))
    namespace = options.repository_identifier or (before.namespace if before else _institution_domain(read))
    return RepositoryInfo(name=name, base_url=options.base_url, admin_email=email, namespace=namespace)


def _institution_domain(read: Sequence[_Read]) -> str:
    """The first institution's domain, from its base URI: not the publish's base URL, whose
    host changes with where OUT is served, while OAI identifiers must not."""
    return urlsplit(read[0].source.profile.institution.base_uri).hostname or "localhost"


def _phase(report: PublishReport, name: str) -> AbstractContextManager[None]:
    """Time one phase of a catalogue's publish, so the report shows where the time went."""
    return _timed(report.timings, name)


@contextmanager
def _timed(timings: dict[str, float], name: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        timings[name] = timings.get(name, 0.0) + time.perf_counter() - started


def _publishable(
    catalogue: Catalogue, collisions: Sequence[tuple[Named, Named]], report: PublishReport
) -> tuple[_Publishable, list[str]]:
    """The records to publish, and the keys of those held back by errors in their rows.

    A row with an error is not published, and the record it published before stays as it
    was, neither updated nor deleted: a typo must not withdraw a record, and mojibake must
    not go out over OAI-PMH. An error in the header row holds back every row.
    Identifiers that name one record twice stop the publish before anything is written.
    """
    if collisions:
        listed = "; ".join(f"row {first.row} '{first.identifier}' and row {later.row} '{later.identifier}'"
                           for first, later in collisions[:5])
        more = f" and {len(collisions) - 5} more" if len(collisions) > 5 else ""
        raise InputError(
            f"catalogue {catalogue.path}: identifiers name the same record twice: {listed}{more}; nothing was published",
            hint=f"make each identifier unique; eheritage validate {catalogue.path} --profile {catalogue.profile.name} lists them all",
        )
    error_rows = {p.row for p in report.problems if p.severity == "error"}
    records, held_back = _Publishable(), []
    for record in catalogue:
        if not record.id:
            report.failures.append(Finding(f"row {record.row}", f"{record.id_problem}; the row is not published", record.row))
        elif record.row in error_rows or 1 in error_rows:
            where = "the header row" if 1 in error_rows else f"row {record.row}"
            report.failures.append(Finding(record.id, f"not published: {where} has errors to fix (see problems)", record.row))
            held_back.append(record.id)
        else:
            records.add(record)
    return records, held_back


def _check_claims(records: _Publishable, out: Path, scope: str, catalog_at: str | None) -> None:
    """Refuse, before writing anything, identifiers that another catalogue in the catalog owns."""
    if catalog_at is None and not (out / CATALOG_NAME).is_file():
        return
    with Catalog.open(catalog_at or out) as catalog:
        claimed = catalog.claimed_elsewhere(records.ids, scope)
    if claimed:
        identifier, owner = next(iter(claimed.items()))
        raise ClaimError(identifier, owner, scope)


# -- images ---------------------------------------------------------------------------------


def _tile(
    records: _Publishable,
    scans: Path | None,
    out: Path,
    options: PublishOptions,
    report: PublishReport,
    progress: Progress | None,
) -> dict[str, list[ImageOutcome]]:
    """Tile every scan that belongs to a record; return each record's images in page order."""
    if scans is None:
        return {}
    found = find_files([scans], follow_links=options.follow_links)
    joined = join_scans(
        found.files, scans, records.ids, records.image_files,
        follow_links=options.follow_links,
    )
    _report_join(joined, records, report)
    jobs = _image_jobs(joined, scans)
    by_key = {(job.source, job.page): record_id for record_id, job in jobs}
    # The image services live under the publish's base URL, whatever the tile settings say.
    settings = replace(options.tile, base_url=normalise_base_url(options.base_url))
    with runner_for(options.cluster, options.workers) as runner:
        tiles = tile_jobs(set_aside_jobs(found) + [job for _, job in jobs], out, settings, force=options.force,
                          progress=progress, runner=runner)
    report.tiles = tiles
    images: dict[str, list[ImageOutcome]] = {}
    for outcome in tiles.images:
        if outcome.status == "failed":
            report.failures.append(Finding(str(outcome.source), outcome.error or "failed"))
        elif outcome.status == "unsupported":
            report.warnings.append(Finding(str(outcome.source), f"not published: {outcome.error}"))
        else:
            images.setdefault(by_key[(outcome.source, outcome.page)], []).append(outcome)
    order = {(job.source, job.page): n for n, (_, job) in enumerate(jobs)}
    return {rid: sorted(found, key=lambda o: order[(o.source, o.page)]) for rid, found in images.items()}


def _report_join(joined: JoinResult, records: _Publishable, report: PublishReport) -> None:
    rows = dict(zip(records.ids, records.rows))
    for record_id, message in joined.warnings:
        report.warnings.append(Finding(record_id, message, rows.get(record_id)))
    for scan in joined.unmatched_scans:
        report.warnings.append(Finding(str(scan), "matches no record of the catalogue; it was not published"))
    for record_id in joined.records_without_scans:
        report.warnings.append(Finding(record_id, "no scans found; published as metadata only", rows.get(record_id)))


def _image_jobs(joined: JoinResult, scans: Path) -> list[tuple[str, ImageJob]]:
    """One job per page of every matched scan, with identifiers unique across the batch.

    A file's own stem names its images, except in `<id>/<seq>.<ext>` folders, where stems
    like `0001` repeat from record to record and so are prefixed with the record id.
    """
    pairs: list[tuple[str, ImageJob]] = []
    for record_id, pages in joined.pages.items():
        for page in pages:
            pairs.extend((record_id, job) for job in _page_jobs(record_id, page, scans))
    marked = mark_collisions([job for _, job in pairs])
    return [(record_id, job) for (record_id, _), job in zip(pairs, marked)]


def _page_jobs(record_id: str, page: Page, scans: Path) -> list[ImageJob]:
    in_own_folder = page.source.parent != scans and page.source.parent.name == record_id
    stem = f"{record_id}_{page.source.stem}" if in_own_folder else page.source.stem
    try:
        ids = image_ids(page.source, stem=stem)
    except ImageError as err:
        return [ImageJob(page.source, 0, stem, problem=str(err))]
    return [ImageJob(page.source, n, image_id) for n, image_id in enumerate(ids)]


# -- RDF ----------------------------------------------------------------------------------


def _write_all_rdf(out: Path) -> None:
    """`OUT/rdf/all.nt`: every catalogue's records, whichever run published them.

    Each catalogue (scope) keeps its own part under .eheritage, gzipped: a national
    catalogue's all.nt is 14 GB, and the parts were as much again. all.nt joins them in
    scope order, streamed, so publishing one catalogue never drops another's triples.
    A part an older eheritage left uncompressed is joined as it is, unless its catalogue
    has since written the gzipped one.
    """
    parts: dict[str, Path] = {}
    for part in sorted((out / _ALL_RDF_PARTS).glob("*.nt*")):  # x.nt sorts before x.nt.gz, which wins
        if part.name.endswith((".nt", ".nt.gz")):
            parts[part.name.removesuffix(".gz")] = part
    with streaming(out / "rdf" / "all.nt") as whole:
        for _, part in sorted(parts.items()):
            with (gzip.open(part, "rt", encoding="utf-8") if part.suffix == ".gz" else
                  open(part, encoding="utf-8")) as stream:
                shutil.copyfileobj(stream, whole)


# -- IIIF -----------------------------------------------------------------------------------


def _write_collections(
    collections: Mapping[str | None, list[CollectionEntry]], profile: Profile, out: Path, base_url: str
) -> None:
    """`collection/<profile>.json`, grouped by the catalogue's collection field.

    Other catalogues published into the same OUT keep their collections: `top.json`,
    written once a run (`_finish`), lists every collection on disk no other one lists.
    """
    loose = list(collections.get(None, []))
    names = {name: f"{profile.name}-{set_part(name)}" for name in collections if name is not None}
    children = [
        iiif.entry_for(iiif.write_collection(names[name], {"none": [name]}, entries, out, base_url))
        for name, entries in sorted((name, entries) for name, entries in collections.items() if name is not None)
    ]
    iiif.write_collection(profile.name, {"en": [profile.title]}, children + loose, out, base_url)
    # A collection whose records were all withdrawn goes too: left on disk, no collection
    # would list it, and top.json would take it for a root.
    for stale in (out / "iiif" / "collection").glob(f"{profile.name}-*.json"):
        if stale.stem not in names.values():
            stale.unlink()


_TOP_LABEL = {"en": ["All collections"], "az": ["Bütün kolleksiyalar"], "ru": ["Все коллекции"]}


def _root_collections(out: Path) -> list[CollectionEntry]:
    """Every collection on disk that no collection but `top` lists."""
    paths = sorted((out / "iiif" / "collection").glob("*.json"))
    documents = [json.loads(path.read_text(encoding="utf-8")) for path in paths if path.stem != TOP]
    listed = {item["id"] for doc in documents for item in doc.get("items", [])}
    return [iiif.entry_for(doc) for doc in documents if doc["id"] not in listed]
