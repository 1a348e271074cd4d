"""Fixity manifests: sha256sum-compatible lines, and the published-files checksum with its stat cache."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eheritage.pipeline.fixity import (
    manifest_line,
    read_manifest,
    sha256_file,
    sorted_entries,
    stat_digest,
    write_manifest,
    write_published_fixity,
)
from eheritage.pipeline.verify import verify


def test_sha256_file_matches_hashlib(tmp_path):
    path = tmp_path / "scan.tif"
    path.write_bytes(b"\x00\x01" * 300_000)
    assert sha256_file(path) == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="needs coreutils sha256sum")
def test_manifest_passes_sha256sum_check_and_catches_a_change(tmp_path):
    files = [tmp_path / "Рукопись 1.tif", tmp_path / "odd\\name.jpg", tmp_path / "plain.png"]
    for number, path in enumerate(files):
        path.write_bytes(bytes([number]) * 1000)
    manifest = tmp_path / "fixity" / "sources.sha256"
    write_manifest(manifest, [(sha256_file(path), path) for path in files])
    ok = subprocess.run(["sha256sum", "-c", str(manifest)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    files[2].write_bytes(b"changed")
    bad = subprocess.run(["sha256sum", "-c", str(manifest)], capture_output=True, text=True)
    assert bad.returncode == 1 and "plain.png: FAILED" in bad.stdout


def test_manifest_line_escapes_backslash_and_newline(tmp_path):
    assert manifest_line("ab", tmp_path / "a\nb") == f"\\ab  {tmp_path}/a\\nb\n"
    assert manifest_line("ab", tmp_path / "x") == f"ab  {tmp_path}/x\n"


def test_read_manifest_round_trips_escaped_names(tmp_path):
    names = [tmp_path / "a\nb.tif", tmp_path / "back\\slash.tif", tmp_path / "plain.tif"]
    manifest = tmp_path / "m.sha256"
    write_manifest(manifest, [(f"{n:064x}", path) for n, path in enumerate(names)])
    assert sorted(read_manifest(manifest), key=lambda e: e[0]) == [(f"{n:064x}", path) for n, path in enumerate(names)]


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="needs coreutils sha256sum")
def test_published_fixity_lists_files_relative_to_out(tmp_path):
    (tmp_path / "iiif" / "a").mkdir(parents=True)
    (tmp_path / "iiif" / "a" / "info.json").write_text("{}")
    (tmp_path / ".eheritage").mkdir()
    (tmp_path / ".eheritage" / "ledger.sqlite").write_bytes(b"working file")
    write_published_fixity(tmp_path)
    manifest = tmp_path / "fixity" / "published.sha256"
    assert [str(path) for _, path in read_manifest(manifest)] == ["iiif/a/info.json"]
    check = subprocess.run(["sha256sum", "-c", "fixity/published.sha256"], cwd=tmp_path, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_published_fixity_rehashes_changed_files_and_verify_still_sees_silent_damage(tmp_path: Path) -> None:
    out = tmp_path / "out"
    page = out / "iiif" / "a" / "info.json"
    page.parent.mkdir(parents=True)
    page.write_text('{"width": 1}', encoding="utf-8")
    write_published_fixity(out)
    page.write_text('{"width": 22}', encoding="utf-8")
    write_published_fixity(out)
    assert read_manifest(out / "fixity" / "published.sha256") == [(sha256_file(page), Path("iiif/a/info.json"))]

    # Bit rot: same size, modification time put back. The stat cache keeps the good digest...
    before = page.stat()
    page.write_text('{"width": 23}', encoding="utf-8")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    write_published_fixity(out)
    assert read_manifest(out / "fixity" / "published.sha256")[0][0] != sha256_file(page)
    # ...and verify, which always reads every byte, reports the damage.
    assert verify(out).altered == [page]


def test_every_hard_linked_name_of_one_file_is_listed_with_the_files_digest(tmp_path) -> None:
    """full/max, the !400,400 thumbnail and the one-tile alias are links to sizes already
    written: each name is listed, with the digest of the bytes (hashed once per inode)."""
    import hashlib
    import os

    from eheritage.pipeline.fixity import read_manifest, write_published_fixity

    out = tmp_path / "out"
    (out / "iiif" / "a").mkdir(parents=True)
    original = out / "iiif" / "a" / "big.jpg"
    original.write_bytes(b"pixels" * 1000)
    os.link(original, out / "iiif" / "a" / "max.jpg")
    (out / "iiif" / "b").mkdir()
    os.link(original, out / "iiif" / "b" / "far.jpg")  # a name far from the others in the walk
    (out / "iiif" / "a" / "other.jpg").write_bytes(b"other")
    write_published_fixity(out)
    listed = {str(path): digest for digest, path in read_manifest(out / "fixity" / "published.sha256")}
    expected = hashlib.sha256(b"pixels" * 1000).hexdigest()
    assert listed["iiif/a/big.jpg"] == listed["iiif/a/max.jpg"] == listed["iiif/b/far.jpg"] == expected
    assert listed["iiif/a/other.jpg"] == hashlib.sha256(b"other").hexdigest()


_FILE_NAMES = st.text(st.characters(blacklist_characters="/\0", blacklist_categories=("Cs",)), min_size=1, max_size=12).filter(
    lambda name: name not in (".", "..") and len(name.encode()) < 255)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.sets(_FILE_NAMES, max_size=30), in_memory=st.integers(1, 8))
def test_a_big_folder_is_listed_in_sorted_order_through_runs_spilled_to_disk(tmp_path: Path, names: set[str], in_memory: int) -> None:
    """OUT/record of a national catalogue holds millions of names: past `in_memory` they
    are sorted in runs on disk and merged, in the order sorted(os.listdir()) gives, and
    names with newlines, quotes or Azerbaijani letters come back as they were."""
    folder = tmp_path / "folder"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for n, name in enumerate(names):  # files, folders and links to folders
        if n % 3 == 0:
            (folder / name).touch()
        elif n % 3 == 1:
            (folder / name).mkdir()
        else:
            (folder / name).symlink_to(tmp_path)
    spill = tmp_path / "spill"
    listed = list(sorted_entries(folder, spill=spill, in_memory=in_memory))
    assert [name for name, _ in listed] == sorted(os.listdir(folder))
    assert [is_folder for name, is_folder in listed] == [stat.S_ISDIR((folder / name).lstat().st_mode) for name, _ in listed]
    assert not spill.exists() or not os.listdir(spill)  # the runs were unnamed files, gone when closed



def _walked_digest(folder: Path) -> str:
    """stat_digest as its docstring defines it, through os.walk: the ledgers of earlier runs hold these."""
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            size, mtime = os.stat(path).st_size, os.stat(path).st_mtime_ns
            digest.update(f"{os.path.relpath(path, folder)}\0{size}\0{mtime}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(_FILE_NAMES, min_size=1, max_size=12), shapes=st.lists(st.integers(0, 3), min_size=12, max_size=12))
def test_the_stat_digest_of_an_image_folder_is_the_one_earlier_ledgers_hold(tmp_path: Path, names: list[str], shapes: list[int]) -> None:
    """A re-run compares it with the ledger's: any other order or spelling of the walk would
    re-tile every image once. Nested folders, links to folders and files, Unicode names."""
    folder = tmp_path / "service"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    place = folder
    for name, shape in zip(dict.fromkeys(names), shapes):
        if shape == 0:
            (place / name).write_bytes(name.encode("utf-8", "surrogateescape"))
        elif shape == 1:
            (place / name).mkdir()
            (place / name / "default.jpg").write_bytes(b"tile")
            place = place / name  # the next names go one level deeper, as tiles do
        elif shape == 2:
            (place / name).symlink_to(folder)  # never followed: no loop
        else:
            (place / name).symlink_to(folder / "missing")  # broken: damage done since the ledger's digest
    below = [Path(root) / name for root, dirs, files in os.walk(folder) for name in files + dirs]  # links not followed
    broken = [path for path in below if path.is_symlink() and not path.exists()]
    damaged = stat_digest(folder)  # never raises
    for path in broken:
        path.unlink()
    expected = _walked_digest(folder)
    assert stat_digest(folder) == expected
    assert (damaged != expected) == bool(broken)
    tile = next((path for path in below if path.name == "default.jpg"), None)
    if tile is not None:
        os.utime(tile, ns=(0, 0))
        assert stat_digest(folder) != expected
