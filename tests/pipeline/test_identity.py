"""OAI identifiers are the repository's, not the host's: re-basing keeps them, a new identity deletes the old ones."""

from __future__ import annotations

from pathlib import Path

from sickle import Sickle

from eheritage.oai import make_oai_app
from eheritage.pipeline.batch import load_batch
from eheritage.pipeline.publish import CatalogueSource, PublishOptions, publish_batch
from eheritage.profiles import load_profile
from harness import Server, free_port

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def publish(out: Path, base_url: str, identifier: str | None = None):
    batch = load_batch(SAMPLES / "batch.toml")
    sources = [CatalogueSource(item.catalogue, load_profile(item.profile), item.scans) for item in batch.items]
    options = PublishOptions(base_url=base_url, workers=1, repository_name=batch.repository_name,
                             admin_email=batch.admin_email, repository_identifier=identifier)
    return publish_batch(sources, out, options)


def harvest(out: Path) -> dict[str, bool]:
    """identifier -> deleted, harvested over HTTP the way an aggregator does."""
    port = free_port()
    with Server(make_oai_app(out), port) as server:
        headers = Sickle(server.oai).ListIdentifiers(metadataPrefix="oai_dc", ignore_deleted=False)
        return {h.identifier: h.deleted for h in headers}


def test_renaming_the_host_keeps_every_oai_identifier(tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish(out, "http://127.0.0.1:8000")
    before = harvest(out)
    assert len(before) == 10 and all(i.startswith("oai:example.org:") for i in before)
    report = publish(out, "https://heritage.example.az/collections")
    assert harvest(out) == before
    assert not [w for w in report.warnings if w.where == "OAI-PMH identifiers"]


def test_a_new_repository_identifier_turns_the_old_identifiers_into_deleted_records(tmp_path: Path) -> None:
    out = tmp_path / "out"
    publish(out, "http://127.0.0.1:8000")
    old = harvest(out)
    report = publish(out, "http://127.0.0.1:8000", identifier="culture.example.az")
    after = harvest(out)
    assert {i for i, deleted in after.items() if deleted} == set(old)
    live = {i for i, deleted in after.items() if not deleted}
    assert live == {i.replace("oai:example.org:", "oai:culture.example.az:") for i in old}
    assert [w.where for w in report.warnings].count("OAI-PMH identifiers") == 1
    publish(out, "http://127.0.0.1:8000", identifier="culture.example.az")  # a re-run changes nothing more
    assert harvest(out) == after
