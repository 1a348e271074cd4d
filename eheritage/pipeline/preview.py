"""What Europeana will make of a catalogue before it is published: each record's tiers.

`validate` shows them so a curator sees, before anything is sent, which records reach
which tier and what holds them back. The record is rendered as publish would (landing
page, images joined the same way), with each scan's size read from its header only, so
the preview costs a fraction of a publish.

Rendering a record's EDM and reading its scans' headers cost far more than the row
checks validate runs before them, and one record's tiers need nothing of another's: from
`HELPERS_FROM` rows helper processes do that work, a chunk of rows at a time
(`eheritage.chunks`), as publish writes its records.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eheritage.chunks import Chunks, helper_count
from eheritage.crosswalks import Publication, WebImage
from eheritage.crosswalks.edm import tree
from eheritage.crosswalks.tiers import RecordTiers, classify
from eheritage.iiif.urls import record_url, records_base
from eheritage.images.discover import find_files
from eheritage.metadata import Catalogue
from eheritage.metadata.rdf import default_base
from eheritage.metadata.read import Row
from eheritage.metadata.records import RecordReader
from eheritage.pipeline.join import join_scans
from eheritage.spool import Spool
from eheritage.progress import Progress

#: From this many rows the tiers are found in helper processes, one per core, unless
#: `workers` says how many: a record's EDM and tiers cost about a millisecond, a helper's
#: start (a process, and the imports its work needs) about half a second. Measured on 2
#: cores, helpers break even for the `validate` command at 3,000 rows and make it 1.17x faster at 5,000.
HELPERS_FROM = 5000


@dataclass(frozen=True)
class PreviewContext:
    """All that previewing a record needs besides its row and scans: sent to each helper once."""

    read: RecordReader
    base_url: str
    site: bool


def preview_tiers(catalogue: Catalogue, scans: Path | None = None, *, site: bool = True,
                  progress: Progress | None = None,
                  workers: int | None = None) -> Spool[RecordTiers]:
    """Every identified record's tiers, as publishing `catalogue` with `scans` would give them.

    `workers` helper processes find them (1: in this process; None: one per core from
    `HELPERS_FROM` rows); `progress(done, total, what)` hears of every 500 rows.
    """
    sources = _scan_sources(catalogue, scans, progress) if scans is not None and scans.is_dir() else {}
    context = PreviewContext(catalogue.reader(), default_base(catalogue.profile, None).rstrip("/"), site)
    total, found = len(catalogue), Spool[RecordTiers]()
    with Chunks(tiers_of_rows, context, helper_count(total, workers, from_rows=HELPERS_FROM)) as chunks:
        for done, row in enumerate(catalogue.rows(), start=1):
            for tiers in chunks.add((row, sources.get(row.number, []))):
                found.extend(tiers)
            if progress and done % 500 == 0:
                progress(done, total, "previewing Europeana tiers")
        for tiers in chunks.finish():
            found.extend(tiers)
    return found


def tiers_of_rows(context: PreviewContext, rows: list[tuple[Row, list[Path]]]) -> list[RecordTiers]:
    """The tiers of each identified record among `rows`, each with the scans joined to it."""
    found = []
    for row, sources in rows:
        record = context.read(row)
        if not record.id:
            continue
        sizes = [size for source in sources if (size := _size(source))]
        images = [WebImage(f"{context.base_url}/iiif/{record.id}-{n}", width, height)
                  for n, (width, height) in enumerate(sizes)]
        publication = Publication.of(record, records_base(context.base_url), images=images,
                                     page=record_url(context.base_url, record.id, "html") if context.site else None)
        found.append(RecordTiers(record.id, record.row, classify(tree(publication))))
    return found


def _scan_sources(catalogue: Catalogue, scans: Path, progress: Progress | None) -> dict[int, list[Path]]:
    """Each row's scans, joined to its record as publish joins them: by row, so that the
    rows can be handed out unread. Rows that share an identifier share its scans, as the
    identifier is all a scan is joined by.

    The folder is walked only if some record names no files: `--scans` defaults to the
    catalogue's folder, and a catalogue kept in ~/Downloads or /tmp would otherwise have
    all of it walked (20.7 s against 3.4 s, for 3,000 rows in /tmp) for nothing.
    """
    files: dict[str, list[str]] = {}
    rows: dict[str, list[int]] = {}
    for record in catalogue:
        if record.id:
            files[record.id] = record.image_files
            rows.setdefault(record.id, []).append(record.row)
    found: list[Path] = []
    if not all(files.values()):
        if progress:
            progress(0, None, f"looking for scans named after their records in {scans}")
        found = find_files([scans]).files
    joined = join_scans(found, scans, list(files), files)
    return {row: [page.source for page in pages] for record_id, pages in joined.pages.items() for row in rows[record_id]}


def _size(path: Path) -> tuple[int, int] | None:
    """Width and height from the file's header; None if it is no image libvips reads."""
    import pyvips  # only here: validate without scans never loads libvips

    try:
        image = pyvips.Image.new_from_file(str(path))
    except pyvips.Error:
        return None  # validation reports the file
    return image.width, image.height
