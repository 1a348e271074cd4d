import hashlib
import shutil
import subprocess

import pytest

from eheritage.pipeline.fixity import manifest_line, read_manifest, sha256_file, write_manifest, write_published_fixity


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
