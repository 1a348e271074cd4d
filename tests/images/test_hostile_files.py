"""Files a real scans folder holds besides scans: loops, FIFOs, links out, corrupt TIFF chains."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path, PurePath

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from eheritage.images import plan
from eheritage.images.discover import page_count
from eheritage.images.tiff import directories
from eheritage.safepath import UnsafePath, contained

ROOT = Path(__file__).resolve().parents[2]


def tiff_header(offset: int, big: bool = False, order: bytes = b"II") -> bytes:
    fmt = "<" if order == b"II" else ">"
    if big:
        return order + struct.pack(fmt + "HHHQ", 43, 8, 0, offset)
    return order + struct.pack(fmt + "HI", 42, offset)


@pytest.mark.parametrize("offset", [2**32 - 1, 2**63, 2**64 - 1])
@pytest.mark.parametrize("big", [False, True])
def test_a_directory_offset_past_any_file_counts_one_page(tmp_path: Path, offset: int, big: bool) -> None:
    if not big and offset >= 2**32:
        offset = 2**32 - 1
    path = tmp_path / "corrupt.tif"
    path.write_bytes(tiff_header(offset, big) + b"\0" * 64)
    assert page_count(path) == 1


@given(st.binary(max_size=600))
@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
def test_any_bytes_after_a_tiff_header_count_without_raising(tail: bytes) -> None:
    import io

    for head in (b"II*\0", b"MM\0*", b"II+\0\x08\0\0\0", b"MM\0+\0\x08\0\0"):
        data = head + tail
        assert 0 <= len(list(directories(io.BytesIO(data), len(data)))) <= len(data)


@given(st.binary(min_size=8, max_size=64), st.integers(min_value=0, max_value=2000))
@settings(max_examples=300)
def test_bit_flipped_real_tiffs_count_without_raising(tmp_path_factory, noise: bytes, where: int) -> None:
    sample = ROOT / "samples" / "archive" / "scans" / "AZ-DA-F12-S1-D0042.tif"
    data = bytearray(sample.read_bytes())
    where %= len(data)
    data[where : where + len(noise)] = noise
    path = tmp_path_factory.mktemp("flip") / "flipped.tif"
    path.write_bytes(bytes(data))
    assert page_count(path) >= 1


def test_a_symlink_loop_a_fifo_and_a_link_out_are_failed_without_opening(tmp_path: Path) -> None:
    scans = tmp_path / "scans"
    scans.mkdir()
    Image.new("RGB", (16, 16)).save(scans / "good.jpg")
    os.symlink("loop.jpg", scans / "loop.jpg")
    os.mkfifo(scans / "pipe.tif")
    outside = tmp_path / "secret.jpg"
    Image.new("RGB", (16, 16)).save(outside)
    os.symlink(outside, scans / "outside.jpg")
    os.symlink(scans / "good.jpg", scans / "inside.jpg")
    jobs = {job.source.name: job for job in plan([scans])}
    assert jobs["good.jpg"].problem is None and jobs["inside.jpg"].problem is None
    assert "loops" in jobs["loop.jpg"].problem
    assert "FIFO" in jobs["pipe.tif"].problem
    assert "outside" in jobs["outside.jpg"].problem and "--follow-links" in jobs["outside.jpg"].problem
    followed = {job.source.name: job for job in plan([scans], follow_links=True)}
    assert followed["outside.jpg"].problem is None


def test_tile_cli_tiles_everything_else_beside_a_corrupt_tiff_and_a_fifo(tmp_path: Path) -> None:
    scans = tmp_path / "scans"
    scans.mkdir()
    Image.new("RGB", (40, 30), (200, 10, 10)).save(scans / "good.jpg")
    (scans / "corrupt.tif").write_bytes(tiff_header(2**32 - 1) + b"\0" * 100)
    os.mkfifo(scans / "hang.jpg")
    (scans / "cover.gif").write_bytes(b"GIF89a")
    result = subprocess.run(
        [sys.executable, "-m", "eheritage", "tile", str(scans), "-o", str(tmp_path / "out"), "--json", "--workers", "1"],
        capture_output=True, text=True, timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    status = {Path(image["source"]).name: image["status"] for image in report["images"]}
    assert status == {"good.jpg": "done", "corrupt.tif": "failed", "hang.jpg": "failed", "cover.gif": "unsupported"}
    assert all(image["error"] for image in report["images"] if image["status"] != "done")
    assert (tmp_path / "out" / "iiif" / "good" / "info.json").is_file()


_NAME_PARTS = st.sampled_from(["..", ".", "", "a", "ş", "Şəki", "x.jpg", "\\", ":", "c:", "..\\..", "//"])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(_NAME_PARTS, min_size=1, max_size=6))
def test_an_image_files_cell_is_refused_exactly_when_it_leads_outside_the_scans_folder(tmp_path: Path, parts: list[str]) -> None:
    """`contained` works on strings, for speed; pathlib's reading of the same name is the oracle."""
    name = "/".join(parts)
    root = tmp_path / "scans"
    root.mkdir(exist_ok=True)
    (root / "x.jpg").touch()
    relative = PurePath(name.replace("\\", "/"))
    absolute = relative.is_absolute() or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":")
    outside = not absolute and not Path(os.path.normpath(root / relative)).is_relative_to(Path(os.path.normpath(root)))
    try:
        found = contained(root, name)
    except UnsafePath as refused:
        reason = str(refused)
        assert ("absolute path" in reason) == absolute, reason
        assert ("leads outside" in reason) == outside, reason
        if not absolute and not outside:  # inside, so refused for what is (not) there
            assert not (root / relative).is_file() or (root / relative).is_dir()
    else:
        assert not absolute and not outside
        assert found.is_file() and os.path.samefile(found, root / "x.jpg")


def test_a_name_no_file_can_have_is_refused_with_a_reason(tmp_path: Path) -> None:
    for name in ("a\x00b.jpg", "bad\ud800.jpg"):
        with pytest.raises(UnsafePath, match="not a name a file can have"):
            contained(tmp_path, name)
