"""The wheel a user installs carries the built-in profiles and the site's files, and finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_ships_the_profiles(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("eheritage-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for profile in ("museum", "library", "archive"):
        assert f"eheritage/profiles/{profile}.toml" in names
    assert "eheritage/cli/__init__.py" in names
    # The site works offline: its templates, scripts and the viewer with its licence ship too.
    assert "eheritage/crosswalks/schemas/rdf.xsd" in names
    for asset in ("templates/record.html", "assets/site.js", "assets/search.js", "assets/viewer.js",
                  "assets/vendor/openseadragon/openseadragon.min.js", "assets/vendor/openseadragon/LICENSE.txt"):
        assert f"eheritage/site/{asset}" in names, asset
    assert not any(name.startswith(("tests/", "samples/", "bench/")) for name in names)
