"""Makers of small real test images, shared by the image and pipeline tests."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
import pyvips
from PIL import Image

#: Colours of the four quadrants as displayed: top-left, top-right, bottom-left, bottom-right.
QUADRANTS = ((220, 30, 30), (30, 200, 30), (30, 30, 220), (240, 220, 40))
#: The transpose that undoes each EXIF orientation, as Pillow's exif_transpose applies it.
UNDO = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180, 4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE, 6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
#: The transpose that stores a displayed image under an orientation (inverse of UNDO).
STORE = {**UNDO, 6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270}


def quadrants(width: int = 64, height: int = 40) -> Image.Image:
    picture = Image.new("RGB", (width, height))
    half_w, half_h = width // 2, height // 2
    for index, colour in enumerate(QUADRANTS):
        left, top = (index % 2) * half_w, (index // 2) * half_h
        picture.paste(colour, (left, top, left + half_w, top + half_h))
    return picture


def quadrant_colours(image: pyvips.Image) -> list[tuple[int, ...]]:
    """The colour at the centre of each quadrant of a decoded image."""
    w, h = image.width, image.height
    points = [(w // 4, h // 4), (3 * w // 4, h // 4), (w // 4, 3 * h // 4), (3 * w // 4, 3 * h // 4)]
    return [tuple(int(v) for v in image.getpoint(x, y)) for x, y in points]


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=True))


def oriented_jpeg(path: Path, orientation: int) -> Path:
    """A JPEG whose pixels are stored so that it *displays* as `quadrants()` under `orientation`."""
    stored = quadrants()
    if orientation in STORE:
        stored = stored.transpose(STORE[orientation])
    exif = Image.Exif()
    exif[0x0112] = orientation
    stored.save(path, quality=95, exif=exif)
    return path


def sixteen_bit_tiff(path: Path, peak: int) -> Path:
    """A 16-bit RGB TIFF whose left half is `peak` and right half a quarter of it."""
    left = pyvips.Image.black(32, 16, bands=3) + peak
    right = pyvips.Image.black(32, 16, bands=3) + peak // 4
    left.join(right, "horizontal").cast("ushort").copy(interpretation="rgb16").tiffsave(str(path))
    return path


def cmyk_tiff(path: Path, cmyk: tuple[int, int, int, int] = (255, 0, 0, 0)) -> Path:
    """A CMYK TIFF with libvips' built-in CMYK ICC profile embedded."""
    image = (pyvips.Image.black(24, 24, bands=4) + list(cmyk)).cast("uchar").copy(interpretation="cmyk")
    image.tiffsave(str(path), profile="cmyk")
    return path


def rgba_png(path: Path) -> Path:
    """Left half opaque red, right half fully transparent (stored black)."""
    picture = Image.new("RGBA", (40, 20), (0, 0, 0, 0))
    picture.paste((200, 0, 0, 255), (0, 0, 20, 20))
    picture.save(path)
    return path


def grey_png(path: Path) -> Path:
    Image.new("L", (30, 20), 90).save(path)
    return path


def truncated_jpeg(path: Path) -> Path:
    buffer = pyvips.Image.perlin(400, 300, uchar=True).jpegsave_buffer(Q=90)
    path.write_bytes(buffer[: len(buffer) // 2])
    return path


def huge_png_header(path: Path, side: int = 100_000) -> Path:
    """A tiny PNG whose header claims side x side pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b""))
    return path


def multipage_tiff(path: Path, pages: int = 3) -> Path:
    """Pages of different sizes, each a flat grey level, so pages can be told apart."""
    frames = [Image.new("RGB", (40 + 10 * n, 30), (60 * n + 20,) * 3) for n in range(pages)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    return path


def jp2(path: Path) -> Path:
    quadrants().save(path, format="JPEG2000")
    return path


class Makers:
    """The makers above, writing into one test's tmp_path; a fixture so tests can reach them."""

    QUADRANTS = QUADRANTS
    quadrants = staticmethod(quadrants)
    quadrant_colours = staticmethod(quadrant_colours)
    close = staticmethod(close)

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def oriented_jpeg(self, orientation: int) -> Path:
        return oriented_jpeg(self.folder / f"orient{orientation}.jpg", orientation)

    def sixteen_bit_tiff(self, peak: int, name: str = "deep.tif") -> Path:
        return sixteen_bit_tiff(self.folder / name, peak)

    def cmyk_tiff(self, cmyk: tuple[int, int, int, int] = (255, 0, 0, 0)) -> Path:
        return cmyk_tiff(self.folder / "cmyk.tif", cmyk)

    def rgba_png(self) -> Path:
        return rgba_png(self.folder / "alpha.png")

    def grey_png(self) -> Path:
        return grey_png(self.folder / "grey.png")

    def multipage_tiff(self, pages: int = 3) -> Path:
        return multipage_tiff(self.folder / "book.tif", pages)

    def jp2(self) -> Path:
        return jp2(self.folder / "scan.jp2")

    def broken(self) -> dict[str, Path]:
        """One of each kind of bad input, in its own folder."""
        folder = self.folder / "broken"
        folder.mkdir()
        (folder / "zero.tif").write_bytes(b"")
        (folder / "text.tif").write_text("not an image, just a note\n" * 20)
        return {
            "zero": folder / "zero.tif",
            "text": folder / "text.tif",
            "truncated": truncated_jpeg(folder / "truncated.jpg"),
            "huge": huge_png_header(folder / "huge.png"),
        }


@pytest.fixture
def make(tmp_path: Path) -> Makers:
    return Makers(tmp_path)
