"""samples/make_samples.py is reproducible and its committed output is what it makes.

Catalogues must match byte for byte. Images are compared by size and pixels with a small
tolerance, because the text drawn on them depends on the fonts installed on the machine.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
import pyvips

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SCRIPT = SAMPLES / "make_samples.py"
CATALOGUES = {".csv", ".xlsx"}


def files(root: Path) -> dict[str, Path]:
    """Everything the script writes: all but itself, the README and the hand-written batch file."""
    made = (p for p in sorted(root.rglob("*")) if p.is_file() and p.suffix not in {".py", ".md", ".pyc", ".toml"})
    return {p.relative_to(root).as_posix(): p for p in made}


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Two runs of the script, side by side (one per core)."""
    roots = [tmp_path_factory.mktemp(name) for name in ("run1", "run2")]
    runs = [subprocess.Popen([sys.executable, str(SCRIPT), str(root)], stderr=subprocess.PIPE) for root in roots]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err.decode()
    return roots[0], roots[1]


def pages(path: Path) -> pyvips.Image:
    """All pages of a TIFF stacked top to bottom; other formats have one."""
    return pyvips.Image.new_from_file(str(path), **({"n": -1} if path.suffix == ".tif" else {}))


def test_two_runs_are_byte_identical(made):
    first, second = (files(root) for root in made)
    assert first.keys() == second.keys()
    different = [name for name in first if first[name].read_bytes() != second[name].read_bytes()]
    assert different == []


def test_committed_samples_are_the_scripts_output(made):
    committed, fresh = files(SAMPLES), files(made[0])
    assert committed.keys() == fresh.keys()
    for name, path in fresh.items():
        if path.suffix in CATALOGUES:
            assert committed[name].read_bytes() == path.read_bytes(), f"{name}: re-run samples/make_samples.py"
            continue
        old, new = pages(committed[name]), pages(path)
        assert (old.width, old.height, old.bands, old.format) == (new.width, new.height, new.bands, new.format), name
        scale = 257 if new.format == "ushort" else 1
        assert ((old - new).abs() / scale).avg() < 3, f"{name}: pixels differ beyond font rendering"


def test_samples_stay_small_and_cover_the_hard_cases():
    assert sum(p.stat().st_size for p in SAMPLES.rglob("*") if p.is_file()) < 5_000_000
    scans = {p.name: p for p in SAMPLES.glob("*/scans/*")}
    assert {"NHM-1998-0042_0001.jpg", "NHM-1998-0042_0002.jpg"} <= scans.keys()  # front and back
    assert [f"NLA-1892-0031_000{n}.tif" for n in (1, 2, 3, 4)] == sorted(n for n in scans if n.startswith("NLA-1892"))
    assert pages(scans["AZ-DA-F12-S1-D0042.tif"]).get("n-pages") == 3
    assert pyvips.Image.new_from_file(str(scans["NHM-2011-0305_0001.tif"])).format == "ushort"
    assert pyvips.Image.new_from_file(str(scans["NHM-2003-0117_0001.jpg"])).get_typeof("icc-profile-data")


def test_catalogues_use_the_profile_headers_and_three_languages():
    required = {
        "museum": ("object_number", "object_name", "rights"),
        "library": ("identifier", "title@en", "language", "rights"),
        "archive": ("reference_code", "title@en", "dates", "level", "extent", "creator", "rights"),
    }
    for profile, columns in required.items():
        with (SAMPLES / profile / "catalogue.csv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        assert rows and set(columns) <= rows[0].keys(), profile
        assert {"title@az", "title@ru", "title@en"} <= rows[0].keys(), profile
        assert all(row[column] for row in rows for column in columns), f"{profile}: a required field is empty"
    with (SAMPLES / "archive" / "catalogue.csv").open(encoding="utf-8", newline="") as f:
        archive = {row["reference_code"]: row for row in csv.DictReader(f)}
    assert all(row["parent"] in archive for row in archive.values() if row["parent"])
