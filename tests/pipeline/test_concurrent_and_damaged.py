"""Two runs into one OUT, and damage on disk before a re-run: the lock refuses, a re-run repairs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eheritage.errors import ExitStatus
from eheritage.oai import make_oai_app
from eheritage.pipeline.fixity import read_manifest
from eheritage.pipeline.verify import verify
from eheritage.runlock import LOCK_PATH, OutInUse, exclusive
from harness import Server

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
BASE_URL = "https://heritage.example.org"


def command(out: Path) -> list[str]:
    library = SAMPLES / "library"
    return [sys.executable, "-m", "eheritage", "publish", str(library / "scans"), "--catalogue", str(library / "catalogue.csv"),
            "--profile", "library", "--base-url", BASE_URL, "--workers", "1", "--json", "-o", str(out)]


def run(out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command(out), capture_output=True, text=True, timeout=300)


def fixity(out: Path) -> list:
    return read_manifest(out / "fixity" / "published.sha256")


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("clean") / "out"
    assert run(out).returncode == 0
    return out


def test_a_second_run_refuses_at_once_naming_the_holder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with exclusive(out):
        started = time.monotonic()
        second = run(out)
        assert time.monotonic() - started < 30
    assert second.returncode == ExitStatus.USAGE, second.stderr
    assert f"process {os.getpid()}" in second.stderr and "being written" in second.stderr
    assert not (out / "iiif").exists()


def test_a_stale_lock_is_taken_over(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / LOCK_PATH).parent.mkdir(parents=True)
    (out / LOCK_PATH).write_text(json.dumps({"pid": 999999, "host": "gone", "started": "yesterday"}), encoding="utf-8")
    with exclusive(out):
        holder = json.loads((out / LOCK_PATH).read_text(encoding="utf-8"))
        assert holder["pid"] == os.getpid()
        with exclusive(out):  # re-entrant within one process
            pass
        other = subprocess.run(
            [sys.executable, "-c", f"import pathlib, eheritage.runlock as r\nwith r.exclusive(pathlib.Path({str(out)!r})): pass"],
            capture_output=True, text=True,
        )
        assert other.returncode == 1 and f"{OutInUse.__name__}" in other.stderr and "being written by process" in other.stderr


@pytest.mark.parametrize("pair", range(8))
def test_concurrent_publishes_then_a_plain_rerun_equal_a_clean_out(tmp_path: Path, clean: Path, pair: int) -> None:
    out = tmp_path / "out"
    first, second = (subprocess.Popen(command(out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2))
    codes = {first.wait(timeout=300), second.wait(timeout=300)}
    errors = first.stderr.read() + second.stderr.read()
    assert "Traceback" not in errors, errors
    assert codes <= {ExitStatus.OK, ExitStatus.USAGE}, errors
    again = run(out)
    assert again.returncode == 0, again.stderr
    assert fixity(out) == fixity(clean)
    assert not verify(out).damaged
    assert not list(out.rglob(".scratch-*"))


def test_a_tile_altered_or_deleted_on_disk_is_rebuilt_by_the_next_publish(tmp_path: Path, clean: Path) -> None:
    out = tmp_path / "out"
    assert run(out).returncode == 0
    tiles = sorted((out / "iiif" / "NLA-MS-0187_0001").rglob("default.jpg"))
    altered, deleted = tiles[0], tiles[-1]
    data = bytearray(altered.read_bytes())
    data[len(data) // 2] ^= 0xFF
    altered.write_bytes(bytes(data))
    deleted.unlink()
    manifest = out / "iiif" / "manifest" / "NLA-MS-0187.json"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("Divan", "Damaged"), encoding="utf-8")
    assert verify(out).damaged
    again = run(out)
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert report["images"]["repaired"] == 1 and report["images"]["done"] == 0
    assert deleted.is_file()
    assert not verify(out).damaged
    assert fixity(out) == fixity(clean)


def test_scratch_files_anywhere_are_swept_and_never_served(tmp_path: Path, clean: Path) -> None:
    out = tmp_path / "out"
    assert run(out).returncode == 0
    leftovers = [out / "rdf" / ".scratch-abc", out / "iiif" / "manifest" / ".scratch-def", out / ".scratch-ghi",
                 out / "assets" / "vendor" / "openseadragon" / "images" / ".scratch-jkl", out / "record" / ".scratch-mno"]
    for path in leftovers:
        path.write_text("half a file", encoding="utf-8")
    (out / "iiif" / ".scratch-dir").mkdir()
    with Server(make_oai_app(out)) as server:
        import urllib.error
        import urllib.request

        for name in ("iiif/manifest/.scratch-def", "rdf/.scratch-abc", "iiif/.scratch-dir/x",
                     "assets/vendor/openseadragon/images/.scratch-jkl"):
            with pytest.raises(urllib.error.HTTPError) as caught:
                urllib.request.urlopen(f"{server.root}/{name}", timeout=10)
            assert caught.value.code == 404
    assert run(out).returncode == 0
    assert not list(out.rglob(".scratch-*"))
    assert fixity(out) == fixity(clean)
