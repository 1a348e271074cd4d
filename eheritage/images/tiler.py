"""Write one image as a complete IIIF Image API 3.0 level-0 service: tiles, sizes, full/max, info.json.

`dzsave(layout="iiif3")` writes the tile pyramid. It leaves out what viewers also ask a
level-0 service for, which is added here: `full/max`, one `sizes` entry (backed by a real
file) per scale factor up to the size cap, a region-form copy of the one-tile level, and an
info.json with `sizes`, `tiles[].height`, `maxWidth`/`maxHeight` when capped, and `rights`.

The source is decoded once either way. An image of up to `IN_MEMORY_PIXELS` is decoded into
memory, and the tiles and the whole-image sizes are cut from those pixels side by side. A
larger one streams through dzsave, and its sizes are stitched from the tiles of their level.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import pyvips

from eheritage.images.errors import ImageError, vips_reason
from eheritage.images.service import FORMAT_LIMITS, Level, TileSettings, best_fit, info_json, levels

T = TypeVar("T")
#: Up to this size (48 MiB as 8-bit RGB per worker) an image is held in memory. Re-decoding
#: its tiles to stitch a full-size JPEG cost as much again as dzsave itself.
IN_MEMORY_PIXELS = 4096 * 4096


def write_iiif(image: pyvips.Image, target: Path, image_id: str, settings: TileSettings) -> Level:
    """Write the whole service for one image into the new folder `target`; return its full size."""
    pyramid = levels(image.width, image.height, settings.tile_size)
    limit = min(settings.max_size or FORMAT_LIMITS[settings.format], FORMAT_LIMITS[settings.format])
    published = [level for level in pyramid if max(level.width, level.height) <= limit] or pyramid[-1:]
    top = pyramid[-1]  # dzsave writes this one-tile level as full/{w},{h} itself
    sizes = [level for level in published if level != top]
    # JPEG encoding is single-threaded, so whole-image sizes are written beside other work.
    with ThreadPoolExecutor(max_workers=2) as pool:
        if image.width * image.height <= IN_MEMORY_PIXELS:
            image = _decoding(image_id, image.copy_memory)
            # the full size's JPEG and the smaller sizes, each one shrunk from the one before, side by side
            full, smaller = (sizes[:1], sizes[1:]) if sizes and sizes[0].scale == 1 else ([], sizes)
            written = [pool.submit(_write_size, image, target, level, settings) for level in full]
            written.append(pool.submit(_shrink, image, smaller, target, settings))
            _write_tiles(image, target, image_id, settings)
        else:
            _write_tiles(image, target, image_id, settings)
            written = [pool.submit(_stitch, target, level, image.width, image.height, settings) for level in sizes]
    for done in written:
        _decoding(image_id, done.result, target)
    ext = settings.format
    _link(target / _size_path(published[0], ext), target / "full" / "max" / "0" / f"default.{ext}")
    _link(target / _size_path(top, ext), target / f"0,0,{image.width},{image.height}" / f"{top.width},{top.height}" / "0" / f"default.{ext}")
    box = min(settings.thumbnail, limit)
    thumbnail = _decoding(image_id, lambda: _write_thumbnail(target, pyramid[0], published + [top], box, settings), target)
    info = info_json(image_id, pyramid, published, settings, thumbnail)
    (target / "info.json").write_text(json.dumps(info, indent=2), encoding="utf-8")
    for leftover in (target / "vips-properties.xml", target.parent / "vips-properties.xml"):
        leftover.unlink(missing_ok=True)
    return pyramid[0]


def _write_thumbnail(target: Path, full: Level, on_disk: list[Level], box: int, settings: TileSettings) -> tuple[int, int]:
    """`full/!box,box`, and the same file under its canonical `full/w,h`; returns its size.

    It is shrunk from the smallest whole image already on disk that covers it, so even a
    gigapixel scan's thumbnail costs a few hundred kilobytes of decoding.
    """
    width, height = best_fit(full.width, full.height, box)
    source = min((level for level in on_disk if level.width >= width and level.height >= height), key=lambda level: level.width)
    ext = settings.format
    canonical = target / _size_path(Level(0, width, height), ext)
    if (source.width, source.height) != (width, height):
        small = pyvips.Image.thumbnail(str(target / _size_path(source, ext)), width, height=height, size="force")
        _write_size(small, target, Level(0, width, height), settings)
    _link(canonical, target / "full" / f"!{box},{box}" / "0" / f"default.{ext}")
    return width, height


def _write_tiles(image: pyvips.Image, target: Path, image_id: str, settings: TileSettings) -> None:
    _decoding(image_id, lambda: image.dzsave(str(target), **_dzsave_options(settings)), target)


def _dzsave_options(settings: TileSettings) -> dict[str, object]:
    return {
        "layout": "iiif3",
        "tile_size": settings.tile_size,
        "overlap": 0,
        "suffix": f".{settings.format}[Q={settings.quality}]",
        "keep": "none",
    }


def _stitch(target: Path, level: Level, width: int, height: int, settings: TileSettings) -> None:
    """Join the tiles of one level into the whole image at that size, `full/{w},{h}`."""
    step = settings.tile_size * level.scale
    tiles, across = [], math.ceil(width / step)
    for y in range(0, height, step):
        for x in range(0, width, step):
            region_w, region_h = min(step, width - x), min(step, height - y)
            size = f"{math.ceil(region_w / level.scale)},{math.ceil(region_h / level.scale)}"
            tiles.append(pyvips.Image.new_from_file(
                str(target / f"{x},{y},{region_w},{region_h}" / size / "0" / f"default.{settings.format}"), access="sequential"))
    # arrayjoin lays tiles on a grid of full tile cells; the short last column and row sit at
    # their cell's top-left, so cropping to the level's size leaves the exact image.
    whole = pyvips.Image.arrayjoin(tiles, across=across).crop(0, 0, level.width, level.height)
    _write_size(whole, target, level, settings)


def _shrink(pixels: pyvips.Image, levels: list[Level], target: Path, settings: TileSettings) -> None:
    """The whole image at each of `levels` (smaller each time), from the decoded pixels.

    Each is shrunk from the one before, held in memory: halving a half-size image costs a
    quarter of shrinking the full one again (4000x3000: 33 ms -> 11 ms for the quarter size),
    and differs from it by less than JPEG's own noise (1.2 levels of 255 on average)."""
    for level in levels:
        pixels = pixels.thumbnail_image(level.width, height=level.height, size="force").copy_memory()
        _write_size(pixels, target, level, settings)


def _write_size(whole: pyvips.Image, target: Path, level: Level, settings: TileSettings) -> None:
    path = target / _size_path(level, settings.format)
    path.parent.mkdir(parents=True, exist_ok=True)
    whole.write_to_file(str(path), Q=settings.quality, keep="none")


def _decoding(image_id: str, work: Callable[[], T], target: Path | None = None) -> T:
    """Run libvips work that decodes and writes; its errors (truncated files, a full disk...) surface here."""
    try:
        return work()
    except pyvips.Error as err:
        reason = vips_reason(err)
        if _WRITE_FAILED.search(reason):
            raise _write_error(image_id, reason, target) from None
        raise ImageError(f"image {image_id!r}: decoding failed: {reason}",
                         hint="the source is damaged or truncated; copy it again from the master") from None


#: How libvips words a failed write (vips__file_write, wbuffer_write, jpegsave...).
_WRITE_FAILED = re.compile(r"write (?:error|failed)|unable to write|No space left", re.IGNORECASE)
#: Below this much free space, a failed write is put down to a full disk.
_NEARLY_FULL = 64 * 1024 * 1024


def _write_error(image_id: str, reason: str, target: Path | None) -> ImageError:
    """A failed write: the disk is full more often than not, so say so when it is."""
    scratch = target.parent if target is not None and target.parent.exists() else None
    free = shutil.disk_usage(scratch).free if scratch is not None else None
    if free is not None and free < _NEARLY_FULL:
        return ImageError(f"image {image_id!r}: the disk is full ({free // 1024:,} KiB free in {scratch.parent})",
                          hint="free some space, or write OUT to another disk, and run the same command again")
    return ImageError(f"image {image_id!r}: writing the tiles failed: {reason}",
                      hint="check that the output disk is writable and not full, then run again")


def _size_path(level: Level, ext: str) -> Path:
    return Path("full") / f"{level.width},{level.height}" / "0" / f"default.{ext}"


def _link(existing: Path, alias: Path) -> None:
    """The same image under a second URL: a hard link costs no space."""
    if alias.exists():
        return
    alias.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(existing, alias)
    except OSError:
        alias.write_bytes(existing.read_bytes())
