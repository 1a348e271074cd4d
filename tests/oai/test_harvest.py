"""Full and incremental harvests over HTTP with three independent OAI-PMH client libraries."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

import pytest
from oaipmh.client import Client
from oaipmh.metadata import MetadataRegistry, oai_dc_reader
from oaipmh_scythe import Scythe
from sickle import Sickle

from eheritage.catalog import Catalog
from eheritage.oai import make_oai_app


def sickle_harvest(endpoint: str, verb: str, **args: str) -> dict[str, bool]:
    """identifier -> deleted, through sickle (retrying on 503 as a polite harvester does)."""
    client = Sickle(endpoint, max_retries=5, default_retry_after=1)
    items = getattr(client, verb)(metadataPrefix="oai_dc", ignore_deleted=False, **args)
    headers = (item.header if verb == "ListRecords" else item for item in items)
    return {h.identifier: h.deleted for h in headers}


def test_sickle_full_harvests_yield_exactly_the_catalog(server, catalog, kit):
    expected = kit.expected_headers(catalog)
    assert len(expected) == kit.RECORDS
    assert sickle_harvest(server.oai, "ListRecords") == expected
    assert sickle_harvest(server.oai, "ListIdentifiers") == expected


def test_sickle_records_carry_the_dublin_core_payload(server):
    records = list(Sickle(server.oai).ListRecords(metadataPrefix="oai_dc", ignore_deleted=True))
    assert len(records) == 40 - 3
    titles = {r.header.identifier: r.metadata["title"][0] for r in records}
    assert titles["oai:heritage.example.org:obj-0005"] == "Object 5 (edition 2)"


def test_scythe_full_harvests_yield_exactly_the_catalog(server, catalog, kit):
    expected = kit.expected_headers(catalog)
    with Scythe(server.oai) as scythe:
        records = {
            r.header.identifier: r.header.deleted
            for r in scythe.list_records(metadata_prefix="oai_dc", ignore_deleted=False)
        }
        headers = {h.identifier: h.deleted for h in scythe.list_identifiers(metadata_prefix="oai_dc", ignore_deleted=False)}
    assert records == expected
    assert headers == expected


def test_pyoai_full_harvests_yield_exactly_the_catalog(server, catalog, kit):
    expected = kit.expected_headers(catalog)
    registry = MetadataRegistry()
    registry.registerReader("oai_dc", oai_dc_reader)
    client = Client(server.oai, registry)
    records = {h.identifier(): h.isDeleted() for h, _, _ in client.listRecords(metadataPrefix="oai_dc")}
    headers = {h.identifier(): h.isDeleted() for h in client.listIdentifiers(metadataPrefix="oai_dc")}
    assert records == expected
    assert headers == expected
    assert client.identify().baseURL() == "https://heritage.example.org/oai"


def test_twenty_concurrent_harvesters_get_identical_record_sets(server, catalog, kit):
    expected = kit.expected_headers(catalog)
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(lambda _: sickle_harvest(server.oai, "ListRecords"), range(20)))
    assert all(result == expected for result in results)


def test_set_harvest_includes_descendant_sets(server):
    harvested = sickle_harvest(server.oai, "ListIdentifiers", set="museum")
    # museum:paintings, museum:prints and museum:paintings:oil: three of the four set kinds.
    assert len(harvested) == 30
    assert all(int(identifier[-4:]) % 4 != 3 for identifier in harvested)


def test_incremental_harvest_after_republish_gets_exactly_the_changes(tmp_path, kit):
    out = kit.publish(tmp_path / "OUT")
    with kit.Server(make_oai_app(out, config=kit.TEST_CONFIG)) as server:
        first = sickle_harvest(server.oai, "ListRecords")
        harvest_started = datetime.now(timezone.utc).replace(microsecond=0)
        assert len(first) == kit.RECORDS

        # Re-publish: one record edited, one removed, the rest untouched.
        entries = [e for e in kit.second_edition() if e.identifier != "obj-0020"]
        entries = [kit.entry(8, edition=3) if e.identifier == "obj-0008" else e for e in entries]
        with Catalog.open(out) as catalog:
            counts = catalog.sync(entries, scope="catalogue")
        assert (counts.changed, counts.deleted) == (1, 1)

        since = harvest_started.strftime("%Y-%m-%dT%H:%M:%SZ")
        changes = sickle_harvest(server.oai, "ListRecords", **{"from": since})
    assert changes == {
        "oai:heritage.example.org:obj-0008": False,
        "oai:heritage.example.org:obj-0020": True,
    }


@pytest.mark.parametrize("verb", ["ListIdentifiers", "ListRecords"])
def test_from_until_window_selects_by_datestamp(server, verb):
    window = {"from": "2024-01-01T12:00:00Z", "until": "2024-01-01T12:00:00Z"}
    untouched = sickle_harvest(server.oai, verb, **window)
    assert len(untouched) == 40 - 5
    assert not any(untouched.values())
