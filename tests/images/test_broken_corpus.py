"""Real images broken as real collections break them, through the real tiler.

The corpus is made from the sample scans: truncated at several points, bit-flipped, emptied,
and documents renamed as scans. Each file must end as `done` or `failed` with a reason, the
batch must finish, and a truncated file must never be published with its missing part filled.
Beside them: CIELab and old-style-JPEG TIFFs, which libvips' wheel cannot decode, convert.
"""

from __future__ import annotations

import random
import struct
from io import BytesIO
from pathlib import Path

import pytest
import pyvips
from PIL import Image

from eheritage.images.decode import Source, open_display
from eheritage.pipeline.tile import tile

SCANS = sorted(Path(__file__).resolve().parents[2].glob("samples/*/scans/*"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """{file name: how it was broken}, written to one folder."""
    folder = tmp_path_factory.mktemp("broken")
    kinds = {}
    rng = random.Random(20261201)
    for scan in SCANS[:6]:
        data = scan.read_bytes()
        stem, suffix = scan.stem, scan.suffix
        for percent in (10, 50, 90):
            kinds[f"{stem}-cut{percent}{suffix}"] = "truncated"
            (folder / f"{stem}-cut{percent}{suffix}").write_bytes(data[: len(data) * percent // 100])
        flipped = bytearray(data)
        for _ in range(8):
            flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
        kinds[f"{stem}-flip{suffix}"] = "flipped"
        (folder / f"{stem}-flip{suffix}").write_bytes(bytes(flipped))
    (folder / "empty.jpg").write_bytes(b"")
    (folder / "catalogue.tif").write_bytes(b"object_number,title\nA-1,Xalca\n")
    (folder / "report.jpg").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    kinds.update({"empty.jpg": "empty", "catalogue.tif": "renamed", "report.jpg": "renamed"})
    return {"folder": str(folder), **kinds}


def test_every_broken_file_ends_done_or_failed_with_a_reason(corpus: dict[str, str], tmp_path: Path) -> None:
    folder = Path(corpus.pop("folder"))
    report = tile([folder], tmp_path / "out", workers=2)
    by_name: dict[str, list] = {}
    for image in report.images:
        by_name.setdefault(image.source.name, []).append(image)
    assert set(by_name) == set(corpus)
    for name, images in by_name.items():
        for image in images:
            assert image.status in ("done", "failed"), image
            if image.status == "failed":
                assert image.error and image.error != "unknown error", image
            if corpus[name] in ("truncated", "empty", "renamed"):
                assert image.status == "failed", f"{name} ({corpus[name]}) was published: {image}"


def test_a_tiff_that_lost_half_its_strips_fails_instead_of_being_filled_in(tmp_path: Path) -> None:
    picture = Image.new("RGB", (256, 256), (90, 140, 200))
    picture.save(tmp_path / "whole.tif", compression=None, tiffinfo={278: 16})
    data = (tmp_path / "whole.tif").read_bytes()
    (tmp_path / "half.tif").write_bytes(data[: len(data) // 2])
    report = tile([tmp_path / "half.tif"], tmp_path / "out", workers=1)
    [image] = report.images
    assert image.status == "failed" and "decoding failed" in image.error


def test_a_multipage_tiff_with_one_broken_page_fails_that_page_with_a_reason(tmp_path: Path) -> None:
    pages = [Image.new("RGB", (128, 128), (n * 60, 80, 80)) for n in range(3)]
    path = tmp_path / "ledger.tif"
    pages[0].save(path, save_all=True, append_images=pages[1:], compression=None)
    data = bytearray(path.read_bytes())
    at = _strip_offset_entries(bytes(data))[1]
    data[at : at + 4] = struct.pack("<I", len(data) + 10_000)  # page 2's pixels lie past the end
    path.write_bytes(bytes(data))
    report = tile([path], tmp_path / "out", workers=1)
    status = {image.id: (image.status, image.error) for image in report.images}
    assert status["ledger_0001"][0] == status["ledger_0003"][0] == "done"
    assert status["ledger_0002"][0] == "failed" and status["ledger_0002"][1]


def _strip_offset_entries(data: bytes) -> list[int]:
    """Where the StripOffsets value of each page sits, in a little-endian classic TIFF."""
    found, ifd = [], struct.unpack("<I", data[4:8])[0]
    while ifd:
        count = struct.unpack("<H", data[ifd : ifd + 2])[0]
        for n in range(count):
            entry = ifd + 2 + 12 * n
            if struct.unpack("<H", data[entry : entry + 2])[0] == 273:
                found.append(entry + 8)
        ifd = struct.unpack("<I", data[ifd + 2 + 12 * count : ifd + 6 + 12 * count])[0]
    return found


def test_a_cielab_tiff_converts_to_the_srgb_libvips_computes(tmp_path: Path) -> None:
    path = tmp_path / "lab.tif"
    Image.new("LAB", (32, 32), (128, 148, 108)).save(path)  # L* 50, a* +20, b* -20 (Pillow offsets a, b by 128)
    image = open_display(Source(path))
    lab = pyvips.Image.black(1, 1, bands=3).cast("float").new_from_image([50.2, 20, -20]).copy(interpretation="lab")
    expected = [int(v) for v in lab.colourspace("srgb").getpoint(0, 0)]
    assert image.interpretation == "srgb"
    assert all(abs(a - b) <= 6 for a, b in zip(image.getpoint(16, 16), expected)), (image.getpoint(16, 16), expected)


def test_an_old_style_jpeg_tiff_is_decoded(tmp_path: Path) -> None:
    picture = Image.new("RGB", (64, 48), (40, 150, 90))
    path = tmp_path / "ojpeg.tif"
    path.write_bytes(_ojpeg_tiff(picture))
    report = tile([path], tmp_path / "out", workers=1)
    [image] = report.images
    assert image.status == "done", image
    tiled = pyvips.Image.new_from_file(str(tmp_path / "out" / "iiif" / "ojpeg" / "full" / "max" / "0" / "default.jpg"))
    assert all(abs(a - b) <= 8 for a, b in zip(tiled.getpoint(32, 24), (40, 150, 90)))


def _ojpeg_tiff(picture: Image.Image) -> bytes:
    """A TIFF whose one strip is a whole JPEG stream, as old-style JPEG (compression 6) writers made them."""
    stream = BytesIO()
    picture.save(stream, "JPEG", quality=95, subsampling=0)
    jpeg = stream.getvalue() + (b"\0" if len(stream.getvalue()) % 2 else b"")
    w, h = picture.size
    tags = [(256, 3, w), (257, 3, h), (258, 3, 8), (259, 3, 6), (262, 3, 6), (273, 4, 8), (277, 3, 3), (278, 3, h),
            (279, 4, len(jpeg)), (284, 3, 1), (512, 3, 1), (513, 4, 8), (514, 4, len(jpeg))]
    table = b"".join(struct.pack("<HHIHH", t, k, 1, v, 0) if k == 3 else struct.pack("<HHII", t, k, 1, v) for t, k, v in tags)
    return b"II*\0" + struct.pack("<I", 8 + len(jpeg)) + jpeg + struct.pack("<H", len(tags)) + table + b"\0\0\0\0"
