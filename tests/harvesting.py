"""Running `eheritage harvest` as a user does, and reading what the national catalog serves."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sickle import Sickle

from eheritage.oai import make_oai_app
from harness import Server, free_port


def write_sources(path: Path, institutions: dict, down_port: int, foreign: str | None = None) -> Path:
    """The institutions, a foreign repository at `foreign` (if given) and a source that is down."""
    lines = ['[aggregator]', 'name = "e-Culture national platform"', 'admin-email = "platform@culture.example.az"',
             'identifier = "culture.example.az"', '']
    for item in institutions.values():
        lines += ['[[source]]', f'name = "{item.name}"', f'url = "{item.server.oai}"', f'cluster = "{item.cluster}"', '']
    if foreign:
        lines += ['[[source]]', 'name = "foreign"', f'url = "{foreign}"', 'cluster = "libraries"', '']
    lines += ['[[source]]', 'name = "theatre"', f'url = "http://127.0.0.1:{down_port}/oai"', 'cluster = "theatres"', '']
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def run_harvest(sources: Path, nat: Path) -> tuple[int, dict]:
    done = subprocess.run([sys.executable, "-m", "eheritage", "harvest", str(sources), "-o", str(nat), "--json"],
                          capture_output=True, text=True, timeout=300)
    assert "Traceback" not in done.stderr and done.stdout, done.stderr
    return done.returncode, json.loads(done.stdout)


def national_headers(nat: Path) -> dict[str, tuple[bool, tuple[str, ...]]]:
    """identifier -> (deleted, sets), harvested from `eheritage serve NAT` with sickle."""
    port = free_port()
    with Server(make_oai_app(nat), port) as server:
        headers = Sickle(server.oai).ListIdentifiers(metadataPrefix="oai_dc", ignore_deleted=False)
        return {h.identifier: (h.deleted, tuple(h.setSpecs)) for h in headers}




def one_source(path: Path, name: str, url: str, cluster: str) -> Path:
    """A sources file naming one endpoint."""
    path.write_text('[aggregator]\nname = "N"\nadmin-email = "a@culture.example.az"\nidentifier = "culture.example.az"\n'
                    f'[[source]]\nname = "{name}"\nurl = "{url}"\ncluster = "{cluster}"\n', encoding="utf-8")
    return path
