"""What the harvest tests share: three institutions served on 127.0.0.1, and a first harvest of them."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from eheritage.oai import make_oai_app
from eheritage.pipeline.publish import PublishOptions, publish
from eheritage.profiles import load_profile
from harness import Server, free_port
from harvesting import run_harvest, write_sources

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@dataclass
class Institution:
    name: str
    cluster: str
    catalogue: Path
    out: Path
    root: str
    server: Server | None = None

    def publish(self) -> None:
        report = publish(self.catalogue, load_profile(self.name_of_profile), self.out,
                         PublishOptions(base_url=self.root, workers=1, site=False))
        assert not report.failures, report.failures

    @property
    def name_of_profile(self) -> str:
        return {"nhm": "museum", "nla": "library", "naa": "archive"}[self.name]


@pytest.fixture(scope="module")
def institutions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Institution]]:
    """Three institutions, each its own publish served on its own port (metadata only: fast)."""
    work = tmp_path_factory.mktemp("institutions")
    found = {}
    servers = []
    for name, cluster, profile in (("nhm", "museums", "museum"), ("nla", "libraries", "library"), ("naa", "archives", "archive")):
        catalogue = work / f"{name}.csv"
        with (SAMPLES / profile / "catalogue.csv").open(encoding="utf-8") as src, catalogue.open("w", encoding="utf-8", newline="") as dst:
            rows = list(csv.reader(src))
            header = rows[0]
            if "image_files" in header:  # metadata only: no scans to join
                at = header.index("image_files")
                rows = [row[:at] + row[at + 1:] for row in rows]
            csv.writer(dst).writerows(rows)
        port = free_port()
        out = work / f"out-{name}"
        institution = Institution(name, cluster, catalogue, out, f"http://127.0.0.1:{port}")
        institution.publish()
        institution.server = Server(make_oai_app(out), port)
        servers.append(institution.server.__enter__())
        found[name] = institution
    try:
        yield found
    finally:
        for server in servers:
            server.__exit__(None, None, None)


@pytest.fixture(scope="module")
def first(institutions: dict[str, Institution], tmp_path_factory: pytest.TempPathFactory):
    """The first harvest of the three institutions, a foreign repository and a source that is down."""
    from foreign_repository import Foreign

    work = tmp_path_factory.mktemp("nat")
    with Server(Foreign()) as foreign:
        sources = write_sources(work / "sources.toml", institutions, free_port(), foreign.oai)
        status, report = run_harvest(sources, work / "NAT")
        yield work, sources, status, report


