"""What `publish` writes for each record: RDF, manifest, page, catalog entry.

A catalogue streams past once: each record becomes its triples, its RDF documents
(`record/<id>.ttl`, `.jsonld`), its share of `all.nt`, its IIIF manifest (when it has
images), its landing page and card (`eheritage.site`) and its pre-rendered OAI-PMH
payloads, and is then let go. Only what spans records is kept: each collection's
manifest entries, and the sets seen. So a national catalogue publishes in flat memory.

That work is nearly all of a metadata-only publish, and one record's needs nothing of
another's, so from `HELPERS_FROM` rows helper processes do it, a chunk of rows at a time
(`eheritage.chunks`); this process hands out the rows, writes what they give back in
catalogue order (`all.nt`, the cards) and stores the entries in the catalog.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eheritage.atomic import streaming, write_if_changed
from eheritage.catalog import CatalogEntry, SetInfo
from eheritage.chunks import Chunks, helper_count
from eheritage.crosswalks import Publication, WebImage, render_all
from eheritage.crosswalks.edm import PREFIX as EDM_PREFIX
from eheritage.crosswalks.tiers import RecordTiers, classify
from eheritage import iiif  # its builders as iiif.<name>: iiif-prezi3 loads (0.7 s) at the first record with images
from eheritage.iiif import CollectionEntry, ManifestSpec, Provider, SeeAlso, image_service_url
from eheritage.iiif.urls import RECORDS, manifest_url, record_url, records_base
from eheritage.metadata import Catalogue, Record
from eheritage.metadata.formats import FORMATS, MEDIA_TYPES, RECORD_DOCUMENTS
from eheritage.metadata.rdf import IIIF_PRESENTATION, record_triples
from eheritage.metadata.rdf_files import render
from eheritage.metadata.read import Row
from eheritage.metadata.records import RecordReader
from eheritage.metadata.terms import ntriples
from eheritage.pipeline.sets import Hierarchy, merge_sets, record_sets
from eheritage.pipeline.tile import ImageOutcome
from eheritage.profiles import Profile
from eheritage.site import Card, CardWriter, SiteTarget
from eheritage.site.writer import PageContext, write_page
from eheritage.spool import Spool

if TYPE_CHECKING:
    from eheritage.pipeline.publish import PublishOptions

#: From this many rows the records are written in helper processes, one per core, unless
#: `--workers` says how many: below it, starting them costs more than they save.
HELPERS_FROM = 1000


@dataclass
class Written:
    """What the records of one catalogue left behind that spans them."""

    manifests: int = 0
    metadata_only: Spool[str] = field(default_factory=Spool)
    #: (record id, why its manifest failed).
    failed: list[tuple[str, str]] = field(default_factory=list)
    #: Collection name (None: in no collection) -> its records' manifest entries, in row order.
    collections: dict[str | None, list[CollectionEntry]] = field(default_factory=dict)
    #: Every OAI set the records are in, by spec.
    sets: dict[str, SetInfo] = field(default_factory=dict)
    #: Each record's Europeana tiers, read from its EDM, in row order.
    tiers: Spool[RecordTiers] = field(default_factory=Spool)


@dataclass(frozen=True)
class RecordContext:
    """All that writing a record needs besides its row and images: sent to each helper once."""

    read: RecordReader
    options: PublishOptions
    out: Path
    hierarchy: Hierarchy | None
    #: Where the landing pages go; None: published without the site.
    pages: PageContext | None


@dataclass(frozen=True)
class RecordOutput:
    """What one record's files left for this process: its entry, its share of all.nt and so on."""

    entry: CatalogEntry
    statements: str
    sets: list[tuple[SetInfo, bool]]
    card: Card | None
    tiers: RecordTiers | None
    #: Its collection and manifest entry, when a manifest was written.
    listed: tuple[str | None, CollectionEntry] | None
    without_images: list[str]
    failed: list[tuple[str, str]]


def catalog_entries(
    catalogue: Catalogue,
    records: Iterable[tuple[int, str]],
    images: Mapping[str, list[ImageOutcome]],
    options: PublishOptions,
    out: Path,
    all_rdf_part: Path,
    written: Written,
    site: SiteTarget | None = None,
) -> Iterator[CatalogEntry]:
    """Write every record of `records` ((row, id), in ascending rows) into `out` and yield
    its catalog entry.

    Meant to be consumed by `Catalog.sync`, which stores the entries in batches; what the
    records leave that spans them is gathered in `written`; `all_rdf_part` receives the
    catalogue's share of `rdf/all.nt`, gzipped, and `site` its pages and cards.
    """
    wanted = iter(records)  # ascending, like the catalogue's own rows: merged, never held as a set
    next_record = next(wanted, None)
    context = RecordContext(catalogue.reader(), options, out, Hierarchy.of(catalogue, catalogue.profile),
                            site.pages(out, options.base_url) if site else None)
    helpers = helper_count(len(catalogue), options.workers, from_rows=HELPERS_FROM)
    with (streaming(all_rdf_part, gzipped=True) as part, CardWriter(site) if site else nullcontext() as cards,
          Chunks(write_records, context, helpers) as chunks):

        def gathered(done: list[list[RecordOutput]]) -> Iterator[CatalogEntry]:
            for outputs in done:
                for output in outputs:
                    part.write(output.statements)
                    if cards is not None and output.card is not None:
                        cards.add(output.card)
                    yield _gather(output, written)

        for row in catalogue.rows():
            if next_record is None or row.number != next_record[0]:
                continue
            yield from gathered(chunks.add((row, images.get(next_record[1], []))))
            next_record = next(wanted, None)
        yield from gathered(chunks.finish())


def _gather(output: RecordOutput, written: Written) -> CatalogEntry:
    """Keep what spans records; return the record's catalog entry."""
    merge_sets(written.sets, output.sets)
    written.metadata_only.extend(output.without_images)
    written.failed.extend(output.failed)
    if output.listed is not None:
        collection, entry = output.listed
        written.manifests += 1
        written.collections.setdefault(collection, []).append(entry)
    if output.tiers is not None:
        written.tiers.append(output.tiers)
    return output.entry


def write_records(context: RecordContext, rows: list[tuple[Row, list[ImageOutcome]]]) -> list[RecordOutput]:
    """Read each row as a record and write its files; return what each left, in order."""
    return [_write_record(context, context.read(row), images) for row, images in rows]


def _write_record(context: RecordContext, record: Record, images: list[ImageOutcome]) -> RecordOutput:
    options, out, profile = context.options, context.out, record.profile
    manifest, without_images, failed = _manifest(record, images, options, out)
    published = images if manifest else []
    triples = record_triples(
        record, profile, records_base(options.base_url),
        representations=[image_service_url(options.base_url, image.id) for image in published],
        documents=_documents(record, options.base_url, manifest),
    )
    for fmt in RECORD_DOCUMENTS:
        write_if_changed(out / RECORDS / f"{record.id}.{FORMATS[fmt]}", render(triples, fmt))
    card = write_page(context.pages, record, [image.id for image in published]) if context.pages else None
    sets = record_sets(record, profile, context.hierarchy)
    publication = Publication(
        record, records_base(options.base_url), triples,
        page=record_url(options.base_url, record.id, "html") if options.site else None,
        manifest=manifest["id"] if manifest else None,
        images=[WebImage(image_service_url(options.base_url, image.id), image.width or 0, image.height or 0,
                         options.tile.format) for image in published],
        provider=options.provider,
    )
    formats = render_all(publication)
    tiers = RecordTiers(record.id, record.row, classify(formats[EDM_PREFIX])) if EDM_PREFIX in formats else None
    return RecordOutput(
        entry=CatalogEntry(identifier=record.id, sets=[info.spec for info, _ in sets], formats=formats,
                           content_hash=_content_hash(formats, manifest)),
        statements=ntriples(triples), sets=sets, card=card, tiers=tiers,
        listed=(record.collection, iiif.entry_for(manifest)) if manifest else None,
        without_images=without_images, failed=failed,
    )


def _manifest(record: Record, images: list[ImageOutcome], options: PublishOptions,
              out: Path) -> tuple[dict[str, Any] | None, list[str], list[tuple[str, str]]]:
    """The record's manifest if one was written, [its id] if it has no images, and
    (id, why) if its manifest failed. A record without images is known as such before any
    spec is built: most of a metadata-only catalogue."""
    if not images:
        return None, [record.id], []
    batch = iiif.write_manifests([manifest_spec(record, record.profile, [image.id for image in images], options)], out,
                            options.base_url)
    failed = [(record_id, str(err)) for record_id, err in batch.failed.items()]
    return (batch.written[0] if batch.written else None), batch.without_images, failed


def _documents(record: Record, base_url: str, manifest: dict[str, Any] | None) -> list[tuple[str, str]]:
    """What is published about the record: its landing page and, with images, its manifest."""
    documents = [(record_url(base_url, record.id, "html"), "text/html")]
    if manifest:
        documents.append((manifest_url(base_url, record.id), IIIF_PRESENTATION))
    return documents


def language_map(values: Mapping[str | None, str] | Mapping[str, str]) -> dict[str, list[str]]:
    """`{"az": "...", None: "..."}` as an IIIF language map; untagged text goes under "none"."""
    return {lang or "none": [text] for lang, text in values.items()}


def manifest_spec(record: Record, profile: Profile, image_ids: list[str], options: PublishOptions) -> ManifestSpec:
    credit = profile.by_role("credit_line")
    institution = profile.institution
    return ManifestSpec(
        id=record.id,
        label=language_map(record.titles) or {"none": [record.identifier]},
        summary=language_map(record.descriptions) or None,
        metadata=[(language_map(labels), language_map(values)) for labels, values in record.metadata_pairs()],
        required_statement=(
            (language_map(credit.labels), language_map(record.credit_lines))
            if credit and record.credit_lines
            else None
        ),
        rights=record.rights,
        provider=Provider(id=institution.base_uri, label=language_map(institution.name)),
        see_also=[
            SeeAlso(
                id=record_url(options.base_url, record.id, FORMATS[fmt]),
                format=MEDIA_TYPES[fmt],
                label={"en": ["CIDOC-CRM and Dublin Core description"]},
            )
            for fmt in RECORD_DOCUMENTS
        ],
        images=image_ids,
    )


def _content_hash(formats: Mapping[str, str], manifest: dict[str, Any] | None) -> str:
    digest = hashlib.sha256()
    for prefix in sorted(formats):
        digest.update(prefix.encode() + b"\0" + formats[prefix].encode() + b"\0")
    digest.update(json.dumps(manifest, sort_keys=True).encode())
    return digest.hexdigest()
