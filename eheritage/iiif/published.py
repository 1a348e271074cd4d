"""What the tiler published for one image, read back from `OUT/iiif/<image id>/info.json`.

A manifest must only point at files that exist: a level-0 service has no server to make
an image on request. So the painted image and the thumbnail are chosen among files found
on disk, and a missing or foreign info.json is a clear error rather than a broken viewer.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eheritage.iiif.errors import ManifestError
from eheritage.iiif.urls import image_service_url

#: A thumbnail is the smallest published size whose longer side reaches this many pixels.
THUMBNAIL_LONG_SIDE = 256
#: File extensions a tile set may use, with their media types, in order of preference.
MEDIA_TYPES = {"jpg": "image/jpeg", "webp": "image/webp", "png": "image/png"}


@dataclass(frozen=True)
class ImageFile:
    """A static image file a manifest can point at."""

    url: str
    width: int
    height: int
    format: str


@dataclass(frozen=True)
class PublishedImage:
    """An image's level-0 service and the two files a canvas shows: full image and thumbnail."""

    service_id: str
    service_type: str
    profile: str
    width: int
    height: int
    sizes: list[dict[str, int]]
    body: ImageFile
    thumbnail: ImageFile
    #: The info.json document as the tiler wrote it (a viewer's tile source).
    info: dict[str, Any]


def read_published_image(image_id: str, out: Path, base_url: str) -> PublishedImage:
    """Read an image's info.json and pick its full-size and thumbnail files from those on disk."""
    folder = out / "iiif" / image_id
    info = _read_info(folder / "info.json", image_id)
    expected = image_service_url(base_url, image_id)
    if info.get("id") != expected:
        raise ManifestError(
            f"image {image_id}: {folder / 'info.json'} has id {info.get('id')!r}, expected {expected!r}",
            hint="the tiles were made with another --base-url; re-run `eheritage tile` with this one and --force",
        )
    width, height = _dimension(info, "width", folder), _dimension(info, "height", folder)
    sizes = [{"width": int(s["width"]), "height": int(s["height"])} for s in info.get("sizes", [])]
    extensions = [e for e in info.get("preferredFormats", []) if e in MEDIA_TYPES] + list(MEDIA_TYPES)
    published = [f for f in (_size_file(folder, expected, s, extensions) for s in sizes) if f]
    body = _full_image(info, folder, expected, extensions, published)
    return PublishedImage(
        service_id=expected,
        service_type=str(info.get("type", "ImageService3")),
        profile=str(info.get("profile", "level0")),
        width=width,
        height=height,
        sizes=sizes,
        body=body,
        thumbnail=_thumbnail(published) or body,
        info=info,
    )


def _read_info(path: Path, image_id: str) -> dict:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(
            f"image {image_id}: no tiles at {path}",
            hint="run `eheritage tile` on the scans into the same output folder first",
        ) from None
    except (OSError, ValueError) as err:
        raise ManifestError(
            f"image {image_id}: cannot read {path}: {err}",
            hint="re-run `eheritage tile --force` to rebuild this image's tiles",
        ) from None
    if not isinstance(info, dict):
        raise ManifestError(f"image {image_id}: {path} is not a IIIF image information document")
    return info


def _dimension(info: dict, key: str, folder: Path) -> int:
    value = info.get(key)
    if not isinstance(value, int) or value < 1:
        raise ManifestError(
            f"{folder / 'info.json'}: `{key}` is {value!r}, expected a positive integer",
            hint="re-run `eheritage tile --force` to rebuild this image's tiles",
        )
    return value


def _existing(folder: Path, request: str, extensions: list[str]) -> tuple[str, str] | None:
    """(file name, media type) of `<request>/default.<ext>` if some such file exists."""
    for extension in extensions:
        if (folder / request / f"default.{extension}").is_file():
            return f"default.{extension}", MEDIA_TYPES[extension]
    return None


def _size_file(folder: Path, service_id: str, size: dict[str, int], extensions: list[str]) -> ImageFile | None:
    request = f"full/{size['width']},{size['height']}/0"
    found = _existing(folder, request, extensions)
    if not found:
        return None
    name, media_type = found
    return ImageFile(f"{service_id}/{request}/{name}", size["width"], size["height"], media_type)


def _full_image(
    info: dict, folder: Path, service_id: str, extensions: list[str], published: list[ImageFile]
) -> ImageFile:
    """`full/max` when it is the whole image; otherwise the largest published size."""
    capped = any(key in info for key in ("maxWidth", "maxHeight", "maxArea"))
    found = None if capped else _existing(folder, "full/max/0", extensions)
    if found:
        name, media_type = found
        return ImageFile(f"{service_id}/full/max/0/{name}", info["width"], info["height"], media_type)
    if published:
        return max(published, key=lambda f: f.width * f.height)
    raise ManifestError(
        f"{folder}: neither full/max/0/default.jpg nor any `sizes` file exists",
        hint="re-run `eheritage tile --force`; its tiles are incomplete",
    )


def _thumbnail(published: list[ImageFile]) -> ImageFile | None:
    big_enough = [f for f in published if max(f.width, f.height) >= THUMBNAIL_LONG_SIDE]
    if big_enough:
        return min(big_enough, key=lambda f: f.width * f.height)
    return max(published, key=lambda f: f.width * f.height, default=None)
