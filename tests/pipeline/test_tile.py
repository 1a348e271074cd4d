"""The `tile` verb end to end on real files: skipping, redoing, failures, resuming after kill -9."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyvips
from PIL import Image

from eheritage.images import TileSettings
from eheritage.pipeline.tile import tile


def scan(path: Path, width: int = 300, height: int = 200, seed: int = 0) -> Path:
    image = pyvips.Image.perlin(width, height, cell_size=32 + seed, uchar=True).bandjoin([90, 160 - seed])
    image.copy(interpretation="srgb").write_to_file(str(path))
    return path


def tree(root: Path) -> dict[str, bytes]:
    """Every published file under root/iiif with its bytes (info.json and tiles)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "iiif").rglob("*")) if p.is_file()}


def test_rerun_skips_unchanged_and_redoes_changed_images(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    scan(src / "a.jpg")
    scan(src / "b.png", seed=3)
    out = tmp_path / "out"
    first = tile([src], out, workers=2)
    assert [(i.id, i.status, i.width, i.height) for i in first.images] == [("a", "done", 300, 200), ("b", "done", 300, 200)]
    again = tile([src], out, workers=2)
    assert [(i.status, i.width) for i in again.images] == [("skipped", 300), ("skipped", 300)]
    scan(src / "b.png", width=320, seed=5)
    os.utime(src / "a.jpg")  # touched but the same bytes: still skipped
    changed = tile([src], out, workers=2)
    assert [(i.id, i.status, i.width) for i in changed.images] == [("a", "skipped", 300), ("b", "done", 320)]
    assert json.loads((out / "iiif" / "b" / "info.json").read_text())["width"] == 320


def test_force_and_new_settings_redo_everything(tmp_path):
    source = scan(tmp_path / "a.jpg")
    out = tmp_path / "out"
    tile([source], out, workers=1)
    assert tile([source], out, workers=1, force=True).images[0].status == "done"
    other = TileSettings(base_url="https://example.org/h")
    assert tile([source], out, other, workers=1).images[0].status == "done"
    assert json.loads((out / "iiif" / "a" / "info.json").read_text())["id"] == "https://example.org/h/iiif/a"
    assert tile([source], out, other, workers=1).images[0].status == "skipped"


def test_bad_images_fail_alone_and_the_batch_goes_on(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    scan(src / "good.tif")
    (src / "zero.tif").write_bytes(b"")
    (src / "note.tif").write_text("a text file named like a scan\n")
    buffer = pyvips.Image.perlin(300, 200, uchar=True).jpegsave_buffer()
    (src / "cut.jpg").write_bytes(buffer[: len(buffer) // 2])
    report = tile([src], tmp_path / "out", workers=2)
    status = {image.id: (image.status, image.error) for image in report.images}
    assert status["good"] == ("done", None)
    assert status["zero"][0] == status["note"][0] == status["cut"][0] == "failed"
    assert "empty" in status["zero"][1] and "not a readable image" in status["note"][1]
    assert "premature end" in status["cut"][1]
    assert sorted(p.name for p in (tmp_path / "out" / "iiif").iterdir()) == ["good"]  # nothing half-written
    assert report.to_json()["summary"] == {"done": 1, "skipped": 0, "repaired": 0, "failed": 3, "unsupported": 0}


def test_multipage_tiff_appears_once_per_page(tmp_path):
    path = tmp_path / "book.tif"
    frames = [Image.new("RGB", (40 + 10 * n, 30), (50 * n,) * 3) for n in range(3)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    report = tile([path], tmp_path / "out", workers=2).to_json()
    assert [(i["source"], i["id"], i["width"]) for i in report["images"]] == [
        (str(path), "book_0001", 40), (str(path), "book_0002", 50), (str(path), "book_0003", 60)
    ]


def test_fixity_manifest_covers_the_ledger_and_checks(tmp_path):
    sources = [scan(tmp_path / "a.jpg"), scan(tmp_path / "b.jpg", seed=2)]
    out = tmp_path / "out"
    tile(sources[:1], out, workers=1)
    tile(sources[1:], out, workers=1)  # a later run still lists the earlier source
    manifest = out / "fixity" / "sources.sha256"
    assert len(manifest.read_text().splitlines()) == 2
    check = subprocess.run(["sha256sum", "-c", str(manifest)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout


def test_after_kill_9_the_next_run_completes_and_equals_a_clean_run(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for number in range(8):
        scan(src / f"p{number}.tif", 1600, 1600, seed=number)
    killed, clean = tmp_path / "killed", tmp_path / "clean"
    script = f"from pathlib import Path; from eheritage.pipeline.tile import tile; tile([Path({str(src)!r})], Path({str(killed)!r}), workers=1)"
    command = [sys.executable, "-c", script]
    process = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    published = killed / "iiif"
    deadline = time.monotonic() + 60
    done_at_kill = 0
    while time.monotonic() < deadline and process.poll() is None:
        if published.is_dir():
            done_at_kill = len([p for p in published.iterdir() if not p.name.startswith(".")])
            if done_at_kill:
                break
        time.sleep(0.02)
    assert process.poll() is None, "the run ended before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)  # the whole group: main process, forkserver, workers
    process.wait()
    assert 1 <= done_at_kill < 8
    resumed = tile([src], killed, workers=2)
    assert resumed.count("failed") == 0
    tile([src], clean, workers=2)
    assert tree(killed).keys() == tree(clean).keys()
    assert all(tree(killed)[key] == tree(clean)[key] for key in tree(clean) if key.endswith("info.json"))
    assert not [p for p in (killed / "iiif").iterdir() if p.name.startswith(".")]
