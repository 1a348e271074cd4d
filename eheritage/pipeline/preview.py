"""What Europeana will make of a catalogue before it is published: each record's tiers.

`validate` shows them so a curator sees, before anything is sent, which records reach
which tier and what holds them back. The record is rendered as publish would (landing
page, images joined the same way), with each scan's size read from its header only, so
the preview costs a fraction of a publish.
"""

from __future__ import annotations

from pathlib import Path

from eheritage.crosswalks import Publication, WebImage
from eheritage.crosswalks.edm import tree
from eheritage.crosswalks.tiers import RecordTiers, classify
from eheritage.iiif.urls import record_url, records_base
from eheritage.images.discover import find_files
from eheritage.metadata import Catalogue
from eheritage.metadata.rdf import default_base
from eheritage.pipeline.join import join_scans
from eheritage.spool import Spool


def preview_tiers(catalogue: Catalogue, scans: Path | None = None, *, site: bool = True) -> Spool[RecordTiers]:
    """Every identified record's tiers, as publishing `catalogue` with `scans` would give them."""
    sizes = _scan_sizes(catalogue, scans) if scans is not None and scans.is_dir() else {}
    base_url = default_base(catalogue.profile, None).rstrip("/")
    found: Spool[RecordTiers] = Spool()
    for record in catalogue:
        if not record.id:
            continue
        images = [WebImage(f"{base_url}/iiif/{record.id}-{n}", width, height) for n, (width, height) in enumerate(sizes.get(record.id, []))]
        publication = Publication.of(record, records_base(base_url), images=images,
                                     page=record_url(base_url, record.id, "html") if site else None)
        found.append(RecordTiers(record.id, record.row, classify(tree(publication))))
    return found


def _scan_sizes(catalogue: Catalogue, scans: Path) -> dict[str, list[tuple[int, int]]]:
    """Each record's scans' (width, height), joined to it as publish joins them."""
    files = {record.id: record.image_files for record in catalogue if record.id}
    joined = join_scans(find_files([scans]).files, scans, list(files), files)
    return {record_id: [size for page in pages if (size := _size(page.source))] for record_id, pages in joined.pages.items()}


def _size(path: Path) -> tuple[int, int] | None:
    """Width and height from the file's header; None if it is no image libvips reads."""
    import pyvips  # only here: validate without scans never loads libvips

    try:
        image = pyvips.Image.new_from_file(str(path))
    except pyvips.Error:
        return None  # validation reports the file
    return image.width, image.height
