"""What `publish` writes for each record, one record at a time: RDF, manifest, page, catalog entry.

A catalogue streams past once: each record becomes its triples, its RDF documents
(`record/<id>.ttl`, `.jsonld`), its share of `all.nt`, its IIIF manifest (when it has
images), its landing page and card (`eheritage.site`) and its pre-rendered OAI-PMH
payloads, and is then let go. Only what spans records is kept: each collection's
manifest entries, and the sets seen. So a national catalogue publishes in flat memory.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eheritage.atomic import streaming, write_if_changed
from eheritage.catalog import CatalogEntry, SetInfo
from eheritage.crosswalks import Publication, WebImage, render_all
from eheritage.crosswalks.edm import PREFIX as EDM_PREFIX
from eheritage.crosswalks.tiers import RecordTiers, classify
from eheritage.iiif import CollectionEntry, ManifestSpec, Provider, SeeAlso, entry_for, image_service_url, write_manifests
from eheritage.iiif.urls import RECORDS, manifest_url, record_url, records_base
from eheritage.metadata import Catalogue, Record
from eheritage.metadata.formats import FORMATS, MEDIA_TYPES, RECORD_DOCUMENTS
from eheritage.metadata.rdf import IIIF_PRESENTATION, record_triples
from eheritage.metadata.rdf_files import render
from eheritage.metadata.terms import ntriples
from eheritage.pipeline.sets import Hierarchy, merge_sets, record_sets
from eheritage.pipeline.tile import ImageOutcome
from eheritage.profiles import Profile
from eheritage.site import PageWriter, SiteTarget
from eheritage.site.writer import PARALLEL_FROM
from eheritage.spool import Spool

if TYPE_CHECKING:
    from eheritage.pipeline.publish import PublishOptions


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


def catalog_entries(
    catalogue: Catalogue,
    rows: Iterable[int],
    images: Mapping[str, list[ImageOutcome]],
    options: PublishOptions,
    out: Path,
    all_rdf_part: Path,
    written: Written,
    site: SiteTarget | None = None,
) -> Iterator[CatalogEntry]:
    """Write every record of `rows` (in ascending order) into `out` and yield its catalog entry.

    Meant to be consumed by `Catalog.sync`, which stores the entries in batches; what the
    records leave that spans them is gathered in `written`; `all_rdf_part` receives the
    catalogue's share of `rdf/all.nt`, and `site` its pages and cards.
    """
    profile = catalogue.profile
    wanted = iter(rows)  # ascending, like the catalogue's own rows: merged, never held as a set
    next_row = next(wanted, None)
    parallel = len(catalogue) >= PARALLEL_FROM and options.workers != 1
    hierarchy = Hierarchy.of(catalogue, profile)
    with streaming(all_rdf_part) as part, _pages(site, out, options, parallel) as pages:
        for record in catalogue:
            if record.row != next_row:
                continue
            next_row = next(wanted, None)
            record_images = images.get(record.id, [])
            manifest = _manifest(record, profile, record_images, options, out, written)
            published = record_images if manifest else []
            triples = record_triples(
                record, profile, records_base(options.base_url),
                representations=[image_service_url(options.base_url, image.id) for image in published],
                documents=_documents(record, options.base_url, manifest),
            )
            for fmt in RECORD_DOCUMENTS:
                write_if_changed(out / RECORDS / f"{record.id}.{FORMATS[fmt]}", render(triples, fmt))
            part.write(ntriples(triples))
            if pages is not None:
                pages.add(record, [image.id for image in published])
            sets = record_sets(record, profile, hierarchy)
            merge_sets(written.sets, sets)
            publication = Publication(
                record, records_base(options.base_url), triples,
                page=record_url(options.base_url, record.id, "html") if options.site else None,
                manifest=manifest["id"] if manifest else None,
                images=[WebImage(image_service_url(options.base_url, image.id), image.width or 0, image.height or 0,
                                 options.tile.format) for image in published],
                provider=options.provider,
            )
            yield _entry(publication, manifest, [info.spec for info, _ in sets], written)


def _documents(record: Record, base_url: str, manifest: dict[str, Any] | None) -> list[tuple[str, str]]:
    """What is published about the record: its landing page and, with images, its manifest."""
    documents = [(record_url(base_url, record.id, "html"), "text/html")]
    if manifest:
        documents.append((manifest_url(base_url, record.id), IIIF_PRESENTATION))
    return documents


@contextmanager
def _pages(site: SiteTarget | None, out: Path, options: PublishOptions, parallel: bool) -> Iterator[PageWriter | None]:
    if site is None:
        yield None
        return
    with PageWriter(out, options.base_url, site, parallel=parallel) as writer:
        yield writer


def _manifest(
    record: Record, profile: Profile, images: list[ImageOutcome], options: PublishOptions, out: Path, written: Written
) -> dict[str, Any] | None:
    """Write the record's manifest if it has images; note it in its collection."""
    batch = write_manifests([manifest_spec(record, profile, [i.id for i in images], options)], out, options.base_url)
    written.metadata_only.extend(batch.without_images)
    written.failed.extend((record_id, str(err)) for record_id, err in batch.failed.items())
    if not batch.written:
        return None
    written.manifests += 1
    written.collections.setdefault(record.collection, []).append(entry_for(batch.written[0]))
    return batch.written[0]


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


def _entry(publication: Publication, manifest: dict[str, Any] | None, sets: list[str], written: Written) -> CatalogEntry:
    formats = render_all(publication)
    if EDM_PREFIX in formats:
        written.tiers.append(RecordTiers(publication.record.id, publication.record.row, classify(formats[EDM_PREFIX])))
    digest = hashlib.sha256()
    for prefix in sorted(formats):
        digest.update(prefix.encode() + b"\0" + formats[prefix].encode() + b"\0")
    digest.update(json.dumps(manifest, sort_keys=True).encode())
    return CatalogEntry(identifier=publication.record.id, sets=sets, formats=formats, content_hash=digest.hexdigest())
