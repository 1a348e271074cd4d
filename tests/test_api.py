"""The public API: the verbs import from `eheritage`, and importing costs only what is used."""

from __future__ import annotations

import subprocess
import sys

import eheritage

HEAVY = ("rdflib", "pyshacl", "iiif_prezi3")


def test_every_exported_name_resolves() -> None:
    for name in eheritage.__all__:
        assert getattr(eheritage, name) is not None, name
    assert eheritage.publish.__module__ == "eheritage.pipeline.publish"
    assert callable(eheritage.validate) and callable(eheritage.describe)


def test_the_cli_starts_without_the_metadata_and_iiif_stacks() -> None:
    """`tile` and `serve` start fast: rdflib, pyshacl and iiif-prezi3 load only when needed."""
    probe = f"import sys, eheritage.cli; print([m for m in {HEAVY!r} if m in sys.modules])"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"
