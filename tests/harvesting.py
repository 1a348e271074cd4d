"""Running `eheritage harvest` as a user does, and reading what the national catalog serves."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs

from sickle import Sickle

from eheritage.oai import make_oai_app
from harness import Server, free_port


#: Real repositories' recorded answers (tests/harvest/replay/README.md).
REPLAY = Path(__file__).parent / "harvest" / "replay"


class Replay:
    """Answers each verb with one recorded file, as (HTTP status line, file)."""

    def __init__(self, answers: dict[str, tuple[str, Path]]) -> None:
        self.answers = answers
        self.asked: list[dict[str, str]] = []

    def __call__(self, environ, start_response):
        args = {key: values[0] for key, values in parse_qs(environ.get("QUERY_STRING", "")).items()}
        self.asked.append(args)
        status, path = self.answers[args.get("verb", "")]
        start_response(status, [("Content-Type", "text/xml; charset=utf-8")])
        return [path.read_bytes()]


def erasmus() -> Replay:
    return Replay({verb: ("200 OK", REPLAY / "erasmus" / f"{verb}.xml")
                   for verb in ("Identify", "ListMetadataFormats", "ListRecords", "ListSets")})


def sources_file(path: Path, urls: dict[str, str], cluster: str = "libraries") -> Path:
    """A sources file naming each endpoint of `urls` (name -> url), all in one cluster."""
    lines = ['[aggregator]', 'name = "N"', 'admin-email = "a@culture.example.az"', 'identifier = "culture.example.az"']
    for name, url in urls.items():
        lines += ['[[source]]', f'name = "{name}"', f'url = "{url}"', f'cluster = "{cluster}"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


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
    return sources_file(path, {name: url}, cluster)
