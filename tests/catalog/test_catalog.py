"""The catalog store: datestamps move only with content, deletions persist, XML stays legal."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
from lxml import etree
from postgres_server import BACKENDS, catalog_target

from eheritage.catalog import (
    Catalog,
    CatalogEntry,
    CatalogError,
    ListQuery,
    MetadataFormat,
    RepositoryInfo,
    SetInfo,
    utc_seconds,
)
from eheritage.catalog import schema

T0 = datetime(2024, 5, 1, 8, 30, 15, 999_000, tzinfo=timezone.utc)
T1 = T0 + timedelta(days=1)
T2 = T0 + timedelta(days=2)


def dc(title: str) -> str:
    return (
        '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
        f'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{title}</dc:title></oai_dc:dc>'
    )


def item(identifier: str, version: str = "1", sets: tuple[str, ...] = ("museum",), title: str = "T") -> CatalogEntry:
    return CatalogEntry(identifier, sets, {"oai_dc": dc(title)}, f"{identifier}-{version}")


def state(catalog: Catalog) -> dict[str, tuple[int, bool]]:
    """identifier -> (datestamp, deleted) for every stored record."""
    rows = catalog.list_page(ListQuery("oai_dc"), limit=1000, with_xml=False)
    return {r.header.identifier: (r.header.datestamp, r.header.deleted) for r in rows}


@pytest.fixture(params=BACKENDS)
def catalog(request, tmp_path):
    """An empty catalog on each backend: every test that takes it runs on SQLite and on PostgreSQL."""
    with Catalog.open(catalog_target(request.param, request, tmp_path)) as opened:
        yield opened


def test_open_creates_a_wal_catalog_with_oai_dc_built_in(tmp_path):
    with Catalog.open(tmp_path) as catalog:
        assert [f.prefix for f in catalog.formats()] == ["oai_dc"]
    conn = sqlite3.connect(tmp_path / "catalog.sqlite")
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_sync_stamps_new_changed_and_deleted_records_and_keeps_unchanged_ones(catalog):
    counts = catalog.sync([item("a"), item("b"), item("c")], scope="cat", now=T0)
    assert (counts.new, counts.changed, counts.unchanged, counts.deleted) == (3, 0, 0, 0)
    counts = catalog.sync([item("a"), item("b", "2")], scope="cat", now=T1)
    assert (counts.new, counts.changed, counts.unchanged, counts.deleted) == (0, 1, 1, 1)
    t0, t1 = utc_seconds(T0), utc_seconds(T1)
    assert t0 % 1 == 0 and datetime.fromtimestamp(t0, timezone.utc).microsecond == 0
    assert state(catalog) == {"a": (t0, False), "b": (t1, False), "c": (t1, True)}


def test_a_deleted_record_is_kept_and_undeleted_when_it_returns(catalog):
    catalog.sync([item("a"), item("c")], scope="cat", now=T0)
    catalog.sync([item("a")], scope="cat", now=T1)
    assert catalog.get_record("c", "oai_dc").xml is None  # deleted: payload kept out of responses
    counts = catalog.sync([item("a"), item("c")], scope="cat", now=T2)
    assert (counts.changed, counts.deleted) == (1, 0)
    back = catalog.get_record("c", "oai_dc")
    assert (back.header.deleted, back.header.datestamp) == (False, utc_seconds(T2))
    assert "<dc:title>T</dc:title>" in back.xml


def test_deletion_sweeps_only_the_synced_scope(catalog):
    catalog.sync([item("a")], scope="paintings", now=T0)
    catalog.sync([item("z")], scope="prints", now=T1)
    assert state(catalog)["a"] == (utc_seconds(T0), False)
    assert catalog.sync([], scope="prints", now=T2).deleted == 1


def test_illegal_xml_characters_never_reach_the_stored_xml(catalog):
    catalog.sync([item("a", title="bell\x07 and\x00 nul\ufffe")], scope="cat", now=T0)
    xml = catalog.get_record("a", "oai_dc").xml
    assert etree.fromstring(xml).findtext("{http://purl.org/dc/elements/1.1/}title") == "bell and nul"


def test_xml_declaration_is_dropped_so_the_payload_can_be_embedded(catalog):
    entry = CatalogEntry("a", (), {"oai_dc": '<?xml version="1.0"?>\n' + dc("x")}, "h")
    catalog.sync([entry], scope="cat", now=T0)
    assert catalog.get_record("a", "oai_dc").xml.startswith("<oai_dc:dc")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (CatalogEntry("a", (), {"oai_dc": "<oai_dc:dc>&#1;</oai_dc:dc>"}, "h"), "record a: the oai_dc metadata"),
        (CatalogEntry("a", (), {"marc": "<x/>"}, "h"), "record a: metadata format 'marc' is not registered"),
        (CatalogEntry("a", ("bad set",), {}, "h"), "record a: set 'bad set' is not a valid"),
        (CatalogEntry(" a", (), {}, "h"), "record identifier ' a'"),
    ],
)
def test_bad_entries_are_refused_naming_the_record_and_nothing_is_written(catalog, entry, message):
    with pytest.raises(CatalogError, match=message) as caught:
        catalog.sync([item("ok"), entry], scope="cat", now=T0)
    assert caught.value.hint
    assert state(catalog) == {}  # one transaction: all or nothing


def test_duplicate_identifiers_across_batches_are_refused(catalog):
    from eheritage.catalog import writer

    entries = [item(f"r{n}") for n in range(writer.BATCH)] + [item("r7")]
    with pytest.raises(CatalogError, match="'r7' appears more than once"):
        catalog.sync(entries, scope="cat", now=T0)


def test_keyset_pages_cover_the_list_once_in_harvest_order(catalog):
    catalog.sync([item(f"r{n:02d}") for n in range(10)], scope="cat", now=T0)
    catalog.sync([item(f"r{n:02d}", "2" if n % 3 == 0 else "1") for n in range(10)], scope="cat", now=T1)
    query, after, seen = ListQuery("oai_dc"), None, []
    while page := catalog.list_page(query, after=after, limit=3, with_xml=False):
        seen += [(r.header.datestamp, r.header.identifier) for r in page]
        after = seen[-1]
    assert seen == sorted(seen) and len(seen) == 10 == catalog.count(query)
    assert [i for _, i in seen[-4:]] == ["r00", "r03", "r06", "r09"]


def test_set_filter_takes_descendants_but_not_prefix_lookalikes(catalog):
    catalog.sync(
        [item("a", sets=("museum",)), item("b", sets=("museum", "museum:oil")), item("c", sets=("museums",))],
        scope="cat",
        now=T0,
    )
    found = catalog.list_page(ListQuery("oai_dc", set_spec="museum"), limit=10, with_xml=False)
    assert [r.header.identifier for r in found] == ["a", "b"]
    assert catalog.count(ListQuery("oai_dc", set_spec="museum")) == 2  # b is in a set and its subset: once
    assert {s.spec for s in catalog.sets()} == {"museum", "museum:oil", "museums"}


def test_from_until_bounds_are_inclusive(catalog):
    catalog.sync([item("a")], scope="cat", now=T0)
    catalog.sync([item("a"), item("b")], scope="cat", now=T1)
    t0, t1 = utc_seconds(T0), utc_seconds(T1)
    assert catalog.count(ListQuery("oai_dc", from_=t1)) == 1
    assert catalog.count(ListQuery("oai_dc", until=t0)) == 1
    assert catalog.count(ListQuery("oai_dc", from_=t0, until=t1)) == 2


def test_repository_formats_sets_and_secret_persist(tmp_path):
    with Catalog.open(tmp_path) as catalog:
        catalog.set_repository(RepositoryInfo("Museum", "https://museum.example.az/pub", "a@museum.example.az"))
        catalog.register_format(MetadataFormat("crm", "http://example.org/crm.xsd", "http://www.cidoc-crm.org/cidoc-crm/"))
        catalog.define_set(SetInfo("museum", "The Museum"))
        secret = catalog.token_secret()
    with Catalog.open(tmp_path, readonly=True) as catalog:
        repo = catalog.repository()
        assert repo.namespace == "museum.example.az"
        assert repo.oai_base_url == "https://museum.example.az/pub/oai"
        assert repo.oai_identifier("inv 7/1") == "oai:museum.example.az:inv%207/1"
        assert repo.local_identifier("oai:museum.example.az:inv%207/1") == "inv 7/1"
        assert [f.prefix for f in catalog.formats()] == ["crm", "oai_dc"]
        assert catalog.sets() == [SetInfo("museum", "The Museum")]
        assert catalog.token_secret() == secret


def test_a_catalog_from_another_schema_version_is_refused(tmp_path):
    Catalog.open(tmp_path).close()
    sqlite3.connect(tmp_path / "catalog.sqlite", isolation_level=None).execute(
        "UPDATE meta SET value = '99' WHERE key = 'schema_version'"
    )
    with pytest.raises(CatalogError, match="schema version 99, newer") as caught:
        Catalog.open(tmp_path)
    assert "upgrade eheritage" in caught.value.hint


def _raw(target):
    """A plain autocommit connection to the catalog at `target`, past eheritage."""
    if isinstance(target, str):
        import psycopg

        return psycopg.connect(target, autocommit=True)
    return sqlite3.connect(target / "catalog.sqlite", isolation_level=None)


def _scope_index(conn) -> str:
    if isinstance(conn, sqlite3.Connection):
        return ",".join(row[2] for row in conn.execute("PRAGMA index_info(records_by_scope)"))
    definition = conn.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'records_by_scope'").fetchone()[0]
    return definition.split("(", 1)[1].rstrip(")").replace(" ", "")


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_version_1_catalog_is_migrated_in_place_and_keeps_its_records(backend, request, tmp_path):
    target = catalog_target(backend, request, tmp_path)
    with Catalog.open(target) as catalog:
        catalog.sync([item("a"), item("b")], scope="museum")
        catalog.sync([item("c")], scope="library")
        catalog.delete(["b"], "museum")
        before = state(catalog)
    conn = _raw(target)
    for statement in ("DROP INDEX records_by_scope", "CREATE INDEX records_by_scope ON records (scope)",
                      "UPDATE meta SET value = '1' WHERE key = 'schema_version'"):  # as version 1 laid it
        conn.execute(statement)
    with pytest.raises(CatalogError, match="older than this eheritage reads") as caught:
        Catalog.open(target, readonly=True)
    assert "publish or harvest" in caught.value.hint
    with Catalog.open(target) as catalog:
        assert state(catalog) == before
        assert catalog.identifiers("museum") == ["a"]
        assert catalog.withdrawn("museum")[0][0] == "b"
    assert conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(schema.SCHEMA_VERSION)
    assert _scope_index(conn) == "scope,deleted,identifier"
    conn.close()
    Catalog.open(target, readonly=True).close()  # current now: readers open it too


def test_sqlite_keeps_payloads_compressed_and_serves_those_an_older_version_wrote_as_text(tmp_path):
    """Payloads are most of a national catalog (14 KB a record as text): SQLite keeps them
    zlib-compressed. A catalog written before holds text, and serves it still."""
    long_title = "Xalça Ковёр carpet " * 100
    with Catalog.open(tmp_path) as catalog:
        catalog.sync([item("a", title=long_title), item("b", title="Ковёр")], scope="museum")
        served = {name: catalog.get_record(name, "oai_dc").xml for name in ("a", "b")}
    assert long_title in served["a"] and "Ковёр" in served["b"]
    conn = _raw(tmp_path)
    assert {row[0] for row in conn.execute("SELECT typeof(xml) FROM payloads")} == {"blob"}
    stored = conn.execute("SELECT length(p.xml) FROM payloads p JOIN records r ON r.id = p.record_id"
                          " WHERE r.identifier = 'a'").fetchone()[0]
    assert stored < len(served["a"].encode()) / 10
    conn.execute("UPDATE payloads SET xml = ? WHERE record_id = (SELECT id FROM records WHERE identifier = 'b')",
                 (served["b"],))  # as text, the way catalogs were written before
    conn.close()
    with Catalog.open(tmp_path, readonly=True) as catalog:
        assert {name: catalog.get_record(name, "oai_dc").xml for name in ("a", "b")} == served
        assert [r.xml for r in catalog.list_page(ListQuery("oai_dc"), limit=10)] == [served["a"], served["b"]]


def test_readonly_open_of_a_missing_catalog_says_to_publish(tmp_path):
    with pytest.raises(CatalogError, match="no catalog") as caught:
        Catalog.open(tmp_path, readonly=True)
    assert "publish" in caught.value.hint


def test_an_admin_email_identify_could_not_carry_is_refused(catalog):
    with pytest.raises(CatalogError, match="'webmaster@localhost'") as caught:
        catalog.set_repository(RepositoryInfo("M", "http://localhost:8000", "webmaster@localhost"))
    assert "collections@" in caught.value.hint


def test_moving_a_record_to_another_set_is_a_change(catalog):
    catalog.sync([item("a", sets=("museum",))], scope="cat", now=T0)
    counts = catalog.sync([item("a", sets=("library",))], scope="cat", now=T1)
    assert counts.changed == 1
    header = catalog.get_record("a", "oai_dc").header
    assert (header.datestamp, header.sets) == (utc_seconds(T1), ("library",))


def test_sync_reports_progress_with_the_total(catalog):
    seen: list[tuple[int, int, str]] = []
    catalog.sync([item(f"r{n}") for n in range(3)], scope="cat", now=T0, progress=lambda *a: seen.append(a))
    assert seen == [(3, 3, "r2")]
