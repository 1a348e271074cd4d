"""`publish` on the sample batches: manifests, catalog datestamps, deletions, fixity, resuming."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from eheritage.catalog import Catalog, ListQuery
from eheritage.cli import app
from eheritage.errors import ExitStatus
from eheritage.iiif import local_path
from eheritage.pipeline.fixity import read_manifest
from eheritage.pipeline.publish import PublishOptions, publish
from eheritage.pipeline.verify import verify
from eheritage.profiles import load_profile

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
SCHEMA = json.loads((ROOT / "tests" / "iiif" / "schemas" / "presentation-3.0.schema.json").read_text())
BASE_URL = "https://heritage.example.org"
OPTIONS = PublishOptions(base_url=BASE_URL, workers=2, admin_email="digital@heritage.example.org")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A private copy of samples/library, free to edit."""
    return Path(shutil.copytree(SAMPLES / "library", tmp_path / "library"))


def run_publish(batch: Path, out: Path, profile: str = "library"):
    return publish(batch / "catalogue.csv", load_profile(profile), out, OPTIONS, scans=batch / "scans")


def headers(out: Path) -> dict[str, tuple[int, bool]]:
    with Catalog.open(out, readonly=True) as catalog:
        page = catalog.list_page(ListQuery(prefix="oai_dc"), after=None, limit=1000, with_xml=False)
    return {h.identifier: (h.datestamp, h.deleted) for h in (r.header for r in page)}


def test_sample_museum_publishes_a_valid_manifest_per_record(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = publish(
        SAMPLES / "museum" / "catalogue.csv", load_profile("museum"), out, OPTIONS, scans=SAMPLES / "museum" / "scans"
    )
    assert report.exit_status == ExitStatus.OK, report.to_json()
    manifests = sorted((out / "iiif" / "manifest").glob("*.json"))
    assert [m.stem for m in manifests] == ["NHM-1998-0042", "NHM-2003-0117", "NHM-2011-0305"]
    for path in manifests:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(manifest, SCHEMA)
        assert set(manifest["label"]) == {"az", "ru", "en"}
        bodies = [canvas["items"][0]["items"][0]["body"] for canvas in manifest["items"]]
        assert [b["service"][0]["id"].rsplit("/", 1)[1] for b in bodies] == [f"{path.stem}_0001", f"{path.stem}_0002"]
        for body in bodies:
            assert local_path(body["id"], BASE_URL, out).is_file()
            assert local_path(body["service"][0]["id"] + "/info.json", BASE_URL, out).is_file()
    for name in ("top", "museum"):
        jsonschema.validate(json.loads((out / "iiif" / "collection" / f"{name}.json").read_text()), SCHEMA)


def test_book_pages_in_order_and_metadata_only_record(tmp_path: Path, library: Path) -> None:
    out = tmp_path / "out"
    report = run_publish(library, out)
    assert report.metadata_only == ["NLA-1935-0412"]
    book = json.loads((out / "iiif" / "manifest" / "NLA-1892-0031.json").read_text())
    canvases = [c["items"][0]["items"][0]["body"]["service"][0]["id"] for c in book["items"]]
    assert [c.rsplit("_", 1)[1] for c in canvases] == ["0001", "0002", "0003", "0004"]
    assert set(headers(out)) == {"NLA-1892-0031", "NLA-MS-0187", "NLA-1935-0412"}


def test_editing_one_row_moves_only_its_datestamp(tmp_path: Path, library: Path) -> None:
    out = tmp_path / "out"
    run_publish(library, out)
    before = headers(out)
    catalogue = library / "catalogue.csv"
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace("Divan (manuscript)", "Divan of Nasimi (manuscript)"), encoding="utf-8")
    time.sleep(1.1)  # datestamps have one-second granularity
    report = run_publish(library, out)
    after = headers(out)
    assert report.tiles.count("done") == 0 and report.tiles.count("skipped") == 6
    assert after["NLA-MS-0187"][0] > before["NLA-MS-0187"][0]
    assert {k: v for k, v in after.items() if k != "NLA-MS-0187"} == {k: v for k, v in before.items() if k != "NLA-MS-0187"}


def test_removing_a_row_leaves_a_deleted_record(tmp_path: Path, library: Path) -> None:
    out = tmp_path / "out"
    run_publish(library, out)
    catalogue = library / "catalogue.csv"
    lines = catalogue.read_text(encoding="utf-8").splitlines(keepends=True)
    catalogue.write_text("".join(line for line in lines if not line.startswith("NLA-1935-0412")), encoding="utf-8")
    report = run_publish(library, out)
    assert report.catalog.deleted == 1
    assert headers(out)["NLA-1935-0412"][1] is True


def test_verify_catches_a_flipped_byte_and_a_missing_file(tmp_path: Path, library: Path) -> None:
    out = tmp_path / "out"
    run_publish(library, out)
    assert not verify(out).damaged
    tile = next((out / "iiif" / "NLA-MS-0187_0001").rglob("default.jpg"))
    data = bytearray(tile.read_bytes())
    data[len(data) // 2] ^= 0x01
    tile.write_bytes(bytes(data))
    (out / "record" / "NLA-1892-0031.ttl").unlink()
    report = verify(out)
    assert report.altered == [tile]
    assert report.missing == [out / "record" / "NLA-1892-0031.ttl"]
    result = CliRunner().invoke(app, ["verify", str(out)])
    assert result.exit_code == ExitStatus.PROBLEMS
    assert "altered" in result.output and tile.name in result.output


def test_metadata_only_publish_without_scans(tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = publish(SAMPLES / "archive" / "catalogue.csv", load_profile("archive"), out, OPTIONS)
    assert report.manifests == 0 and len(report.metadata_only) == report.records > 0
    assert not (out / "iiif" / "manifest").exists() or not any((out / "iiif" / "manifest").iterdir())
    assert len(headers(out)) == report.records


def test_an_interrupted_publish_resumes_to_a_clean_runs_result(tmp_path: Path, library: Path) -> None:
    clean, resumed = tmp_path / "clean", tmp_path / "resumed"
    command = [sys.executable, "-m", "eheritage", "publish", str(library / "scans"), "--catalogue",
               str(library / "catalogue.csv"), "--profile", "library", "--base-url", BASE_URL, "--workers", "1",
               "--admin-email", "digital@heritage.example.org", "--json"]
    assert subprocess.run([*command, "-o", str(clean)], capture_output=True).returncode == 0
    victim = subprocess.Popen([*command, "-o", str(resumed)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    _wait_for_first_tile(resumed, victim)
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()
    finished = subprocess.run([*command, "-o", str(resumed)], capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    assert json.loads(finished.stdout)["images"]["skipped"] >= 1
    assert read_manifest(resumed / "fixity" / "published.sha256") == read_manifest(clean / "fixity" / "published.sha256")


def _wait_for_first_tile(out: Path, process: subprocess.Popen) -> None:
    """Until the ledger records a finished image (so the re-run has something to skip)."""
    ledger = out / ".eheritage" / "ledger.sqlite"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if ledger.is_file():
            with contextlib.closing(sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)) as db:
                with contextlib.suppress(sqlite3.OperationalError):  # tables not created yet
                    if db.execute("SELECT count(*) FROM images").fetchone()[0]:
                        return
        time.sleep(0.02)
    pytest.fail("publish never got as far as its first image")
