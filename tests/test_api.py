"""The public API: the verbs import from `eheritage`, and importing costs only what is used."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import import_module

import eheritage

HEAVY = ("rdflib", "pyshacl", "iiif_prezi3")


def test_every_exported_name_resolves() -> None:
    for name in eheritage.__all__:
        assert getattr(eheritage, name) is not None, name
    assert eheritage.publish.__module__ == "eheritage.pipeline.publish"
    assert callable(eheritage.validate) and callable(eheritage.describe)


def loaded_by(module: str, watched: tuple[str, ...]) -> list[str]:
    """Which of `watched` a fresh interpreter has imported after importing `module`."""
    probe = f"import json, sys, {module}; print(json.dumps([m for m in {watched!r} if m in sys.modules]))"
    return json.loads(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout)


def test_the_cli_starts_without_the_metadata_and_iiif_stacks() -> None:
    """`tile` and `serve` start fast: rdflib, pyshacl and iiif-prezi3 load only when needed."""
    assert loaded_by("eheritage.cli.root", HEAVY) == []


def test_only_tiling_workers_load_libvips() -> None:
    """The process that plans a batch and keeps its ledger leaves decoding to the workers."""
    assert loaded_by("eheritage.cli.root", ("pyvips",)) == []
    assert loaded_by("eheritage.pipeline.tile_worker", ("pyvips",)) == ["pyvips"]


def test_the_entry_point_module_is_light() -> None:
    """Workers started from the `eheritage` script re-import it, and so `eheritage.cli`."""
    assert loaded_by("eheritage.cli", ("typer", "rich", "pyvips", "PIL", *HEAVY)) == []


def test_the_cli_prestarts_the_module_its_workers_run() -> None:
    from eheritage.cli import _WORKER_MODULE
    from eheritage.pipeline.tile import TILE_ONE
    from eheritage.pipeline.tile_worker import tile_one

    assert TILE_ONE.module == _WORKER_MODULE == tile_one.__module__
    assert getattr(import_module(TILE_ONE.module), TILE_ONE.name) is tile_one
