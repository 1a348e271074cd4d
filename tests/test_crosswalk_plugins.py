"""A metadata format is one module: a plug-in package's entry point adds it to publish and OAI-PMH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from eheritage.catalog import Catalog, ListQuery
from eheritage.crosswalks import ENTRY_POINT_GROUP, crosswalks

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PLUGIN = '''
from eheritage.crosswalks import Crosswalk

def render(publication):
    return f'<t:title xmlns:t="https://example.org/titles/">{publication.record.identifier}</t:title>'

TITLES = Crosswalk(prefix="titles", namespace="https://example.org/titles/",
                   schema="https://example.org/titles.xsd", render=render)
'''


def install_plugin(folder: Path, value: str = "titles_format:TITLES") -> dict[str, str]:
    """A distribution on sys.path declaring one crosswalk, as `pip install` would leave it."""
    (folder / "titles_format.py").write_text(PLUGIN, encoding="utf-8")
    info = folder / "titles_format-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: titles-format\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\ntitles = {value}\n", encoding="utf-8")
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(folder), os.environ.get("PYTHONPATH", "")])}


def test_a_plugin_format_is_published_and_offered(tmp_path: Path) -> None:
    env = install_plugin(tmp_path)
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "eheritage", "publish", "--catalogue", str(SAMPLES / "library" / "catalogue.csv"),
         "--profile", "library", "--no-site", "-o", str(out)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    with Catalog.open(out) as catalog:
        assert {f.prefix for f in catalog.formats()} == {"oai_dc", "crm", "edm", "titles"}
        records = catalog.list_page(ListQuery("titles"), limit=100)
        assert len(records) == 3 and all("<t:title" in r.xml for r in records)
    assert set(crosswalks()) == {"oai_dc", "crm", "edm"}  # this process has no plug-in


def test_a_broken_plugin_is_named_without_a_traceback(tmp_path: Path) -> None:
    env = install_plugin(tmp_path, value="titles_format:MISSING")
    done = subprocess.run(
        [sys.executable, "-m", "eheritage", "publish", "--catalogue", str(SAMPLES / "library" / "catalogue.csv"),
         "--profile", "library", "-o", str(tmp_path / "out")], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert "metadata format plug-in 'titles'" in done.stderr and "Traceback" not in done.stderr
