"""The one job a tiling worker does: publish one image, atomically, into `iiif/<id>`.

This is the only part of `tile` that decodes pixels, so only worker processes import it,
and with it libvips; the batch bookkeeping stays in `eheritage.pipeline.tile`.
"""

from __future__ import annotations

from eheritage.atomic import building
from eheritage.images.decode import Source, bit_depth_warning, open_display
from eheritage.images.tiler import write_iiif
from eheritage.pipeline.fixity import stat_digest
from eheritage.pipeline.tile import TileJob, TileResult


def tile_one(job: TileJob) -> TileResult:
    """Publish one image into `iiif/<id>`; runs in a worker process."""
    source = Source(job.source, job.page, job.settings.max_pixels)
    with building(job.iiif / job.id) as staged:
        full = write_iiif(open_display(source), staged, job.id, job.settings)
    warning = bit_depth_warning(source)
    return TileResult(full.width, full.height, (warning,) if warning else (), stat_digest(job.iiif / job.id))
