"""Open a source image as a stream of 8-bit sRGB (or grey) pixels ready for tiling.

Everything here keeps libvips' sequential access, so a 900-megapixel scan is never held in
memory. Colour is fixed once, here, so tiles and full-size images agree:
embedded ICC profile -> sRGB, CMYK -> sRGB, 16-bit -> 8-bit, alpha flattened onto white,
EXIF orientation applied by the loader. Greyscale stays one-band grey.
Pillow decodes in memory what the pyvips wheel cannot: JPEG 2000 (no JP2 loader), TIFFs
with old-style JPEG compression (no OJPEG in its libtiff) and 8-bit CIELab TIFFs (which
libvips takes for packed LabQ); Lab is converted to sRGB through littleCMS.

Decoding is strict: a truncated file fails rather than being published with its missing
part filled in. For TIFF that takes `fail_on="error"`, since libtiff reports strips lost
to truncation as read errors, which "truncated" lets through as blank rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from pathlib import Path

import pyvips

from eheritage.images.errors import ImageError, vips_reason
from eheritage.images.tiff import needs_pillow

if TYPE_CHECKING:
    from PIL.Image import Image as PillowPicture

#: JP2 files start with a signature box; bare J2K codestreams with SOC + SIZ markers.
_JP2_MAGIC = (b"\x00\x00\x00\x0cjP  \r\n\x87\n", b"\xff\x4f\xff\x51")
#: A 16-bit image whose brightest sample is below this probably holds 12-bit data.
_TWELVE_BIT_CEILING = 4096
_GREY = frozenset({"b-w", "grey16"})
_TIFF_SUFFIXES = frozenset({".tif", ".tiff"})


@dataclass(frozen=True)
class Source:
    """Which image to open and how much we are willing to decode."""

    path: Path
    page: int = 0
    max_pixels: int = 1_000_000_000


def is_jpeg2000(path: Path) -> bool:
    with open(path, "rb") as handle:
        head = handle.read(12)
    return any(head.startswith(magic) for magic in _JP2_MAGIC)


def open_raw(source: Source) -> pyvips.Image:
    """The source as its loader gives it (orientation applied), after the size checks.

    Loading reads only the header, so the pixel limit is enforced before any decoding.
    """
    path = source.path
    if path.stat().st_size == 0:
        raise ImageError(f"{path} is empty (0 bytes)", hint="copy the scan again from its master")
    if is_jpeg2000(path) or (path.suffix.lower() in _TIFF_SUFFIXES and needs_pillow(path, source.page)):
        image = _open_with_pillow(source)
    else:
        image = _open_with_vips(source)
    _check_pixels(path, image, source.max_pixels)
    return image


def _open_with_vips(source: Source) -> pyvips.Image:
    path = str(source.path)
    try:
        header = pyvips.Image.new_from_file(path)
        options = _loader_options(header.get("vips-loader"), source.page)
        _check_pixels(source.path, header, source.max_pixels)
        image = pyvips.Image.new_from_file(path, **options)
    except pyvips.Error as err:
        raise ImageError(f"{source.path} is not a readable image: {vips_reason(err)}",
                         hint="check the file opens in an image viewer; re-export it as TIFF or JPEG") from None
    if options.get("autorotate") is None and image.get_typeof("orientation") and image.get("orientation") > 1:
        # PNG and WebP loaders cannot rotate while streaming; such files are small enough
        # to rotate in memory.
        image = pyvips.Image.new_from_file(path, access="random", fail_on="truncated").autorot()
    return image


def _loader_options(loader: str, page: int) -> dict[str, object]:
    """Sequential, strict about truncation, and whatever orientation/page support the loader has."""
    accepted = pyvips.Introspect.get(loader).optional_input
    options: dict[str, object] = {"access": "sequential", "fail_on": "error" if loader.startswith("tiffload") else "truncated"}
    if "autorotate" in accepted:
        options["autorotate"] = True
    if "page" in accepted:
        options["page"] = page
    return options


def _open_with_pillow(source: Source) -> pyvips.Image:
    """Decode with Pillow and hand its pixels (and ICC profile) to pyvips."""
    from PIL import Image as PillowImage  # only these files need it; every run would pay 70 ms

    try:
        with PillowImage.open(source.path) as picture:
            if source.page:
                picture.seek(source.page)
            if picture.width * picture.height > source.max_pixels:
                _refuse(source.path, picture.width, picture.height, source.max_pixels)
            picture.load()
            icc = picture.info.get("icc_profile")
            if picture.mode == "LAB":
                picture, icc = _lab_to_srgb(picture), None
            picture = _vips_friendly(picture)
            image = pyvips.Image.new_from_memory(
                picture.tobytes(), picture.width, picture.height, len(picture.getbands()),
                "ushort" if picture.mode == "I;16" else "uchar",
            )
    except (OSError, EOFError, ValueError, PillowImage.DecompressionBombError) as err:
        raise ImageError(f"{source.path} is not a readable image: {err}",
                         hint="this kind of file is decoded in memory; re-export it as an uncompressed or LZW TIFF") from None
    image = image.copy(interpretation=_interpretation(image))
    if icc:
        image = image.copy()
        image.set_type(pyvips.GValue.blob_type, "icc-profile-data", icc)
    return image


def _lab_to_srgb(picture: PillowPicture) -> PillowPicture:
    """CIELab pixels as sRGB, by littleCMS (D50 Lab, relative colorimetric, as ICC does)."""
    from PIL import ImageCms

    transform = ImageCms.buildTransform(ImageCms.createProfile("LAB"), ImageCms.createProfile("sRGB"), "LAB", "RGB")
    return ImageCms.applyTransform(picture, transform)


def _vips_friendly(picture: PillowPicture) -> PillowPicture:
    if picture.mode in {"RGB", "RGBA", "L", "LA", "I;16"}:
        return picture
    return picture.convert("RGBA" if "A" in picture.getbands() else "RGB")


def _interpretation(image: pyvips.Image) -> str:
    grey = image.bands < 3
    if image.format == "ushort":
        return "grey16" if grey else "rgb16"
    return "b-w" if grey else "srgb"


def _check_pixels(path: Path, image: pyvips.Image, max_pixels: int) -> None:
    if image.width * image.height > max_pixels:
        _refuse(path, image.width, image.height, max_pixels)


def _refuse(path: Path, width: int, height: int, max_pixels: int) -> None:
    raise ImageError(
        f"{path} claims {width}x{height} = {width * height:,} pixels, over the limit of {max_pixels:,}",
        hint="if the image is genuine, raise --max-pixels; otherwise the file header is corrupt",
    )


def to_display(image: pyvips.Image) -> pyvips.Image:
    """8-bit sRGB (or 8-bit grey for grey sources), alpha flattened onto white."""
    grey = image.interpretation in _GREY or image.bands in (1, 2)
    if image.get_typeof("icc-profile-data"):
        try:
            image = image.icc_transform("srgb", embedded=True, intent="relative", depth=8)
        except pyvips.Error:
            image = image.colourspace("srgb")  # an unusable profile: trust the pixels
    elif image.interpretation == "cmyk":
        image = image.icc_transform("srgb", input_profile="cmyk", intent="relative", depth=8)
    image = image.colourspace("b-w" if grey else "srgb")
    if image.format != "uchar":
        image = image.cast("uchar")
    if image.hasalpha():
        image = image.flatten(background=[255] * (image.bands - 1))
    return image.copy(interpretation="b-w" if grey else "srgb")


def open_display(source: Source) -> pyvips.Image:
    """The pipeline tiling reads: `open_raw` then `to_display`. Cheap: it decodes nothing yet."""
    return to_display(open_raw(source))


def bit_depth_warning(source: Source) -> str | None:
    """Warn when a 16-bit image holds only 12-bit data: scaled as 16-bit, it will look dark.

    Costs one extra read of the image, so it is only done for 16-bit sources.
    """
    image = open_raw(source)
    if image.format != "ushort":
        return None
    try:
        brightest = image.max()
    except pyvips.Error as err:
        raise ImageError(f"{source.path} cannot be decoded: {vips_reason(err)}") from None
    if brightest < _TWELVE_BIT_CEILING:
        return (
            f"{source.path} is 16-bit but its brightest value is {int(brightest)}: it probably "
            "holds 12-bit data and will look dark; re-export it scaled to 16 bits"
        )
    return None

