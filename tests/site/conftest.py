"""The sample batch published with the default base URL, and served elsewhere: the way a
new user meets the site (`eheritage publish --batch samples/batch.toml -o out`, then
`eheritage serve out --port N`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from eheritage.images import DEFAULT_BASE_URL
from eheritage.oai import make_oai_app
from eheritage.pipeline.batch import load_batch
from eheritage.pipeline.publish import BatchReport, CatalogueSource, PublishOptions, publish_batch
from eheritage.profiles import load_profile
from harness import Server

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def publish_samples(out: Path) -> BatchReport:
    batch = load_batch(SAMPLES / "batch.toml")
    sources = [CatalogueSource(item.catalogue, load_profile(item.profile), item.scans) for item in batch.items]
    options = PublishOptions(base_url=DEFAULT_BASE_URL, workers=2, repository_name=batch.repository_name,
                             admin_email=batch.admin_email, repository_identifier=batch.repository_identifier,
                             provider=batch.provider)
    return publish_batch(sources, out, options)


@dataclass
class Published:
    out: Path
    report: BatchReport
    server: Server

    @property
    def root(self) -> str:
        return self.server.root

    def record_ids(self) -> list[str]:
        return [path.stem for path in sorted((self.out / "record").glob("*.ttl"))]


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    out = tmp_path_factory.mktemp("site") / "out"
    report = publish_samples(out)
    assert report.exit_status == 0, report.to_json()
    with Server(make_oai_app(out)) as server:
        assert not server.root.endswith(":8000")
        yield Published(out, report, server)
