"""The catalog in PostgreSQL, as a user reaches it: `--catalog postgresql://...` on publish,
serve, harvest and verify. The catalog and OAI suites run on both backends (their fixtures); these
check the whole path: the samples serve the same records from either, and two publishes
into one database at once both land in full.
"""

from __future__ import annotations

import csv
import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from lxml import etree
from sickle import Sickle

from eheritage.catalog import Catalog
from eheritage.oai import make_oai_app
from harness import Server, free_port
from harvesting import erasmus, sources_file
from postgres_server import BACKENDS, catalog_target, fresh_database

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PREFIXES = ("oai_dc", "edm", "crm")


def publish(*arguments: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, "-m", "eheritage", "publish", *arguments, "--no-site", "--json"],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode in (0, 1) and "Traceback" not in done.stderr, done.stderr  # the samples hold broken scans
    return done


def served(out: Path, catalog: Path | str, valid) -> dict[tuple[str, str], tuple[bool, tuple[str, ...], bytes]]:
    """(prefix, OAI identifier) -> (deleted, sets, canonical payload), harvested with sickle;
    every page validated against OAI-PMH.xsd."""
    found = {}
    with Server(make_oai_app(out, catalog=catalog)) as server:
        for prefix in PREFIXES:
            for record in Sickle(server.oai).ListRecords(metadataPrefix=prefix, ignore_deleted=False):
                payload = record.xml.find("{http://www.openarchives.org/OAI/2.0/}metadata")
                found[(prefix, record.header.identifier)] = (
                    record.header.deleted, tuple(sorted(record.header.setSpecs)),
                    # Each server re-bases documents onto its own address: compare them without it.
                    etree.tostring(payload[0], method="c14n", exclusive=True).replace(server.root.encode(), b"ROOT")
                    if payload is not None else b"")
        valid(Sickle(server.oai).ListRecords(metadataPrefix="oai_dc").oai_response.raw.encode())
    return found


def test_the_samples_published_into_postgresql_serve_what_sqlite_serves(tmp_path: Path, postgres: str, valid) -> None:
    url = fresh_database(postgres)
    publish("--batch", str(SAMPLES / "batch.toml"), "-o", str(tmp_path / "sqlite"))
    publish("--batch", str(SAMPLES / "batch.toml"), "-o", str(tmp_path / "pg"), "--catalog", url)
    assert not (tmp_path / "pg" / "catalog.sqlite").exists()  # the catalog is in the database, not beside OUT
    from_sqlite = served(tmp_path / "sqlite", tmp_path / "sqlite", valid)
    from_postgresql = served(tmp_path / "pg", url, valid)
    assert len(from_sqlite) >= 3 * 9 and from_postgresql == from_sqlite


def test_two_publishes_into_one_database_at_once_both_land_in_full(tmp_path: Path, postgres: str) -> None:
    url = fresh_database(postgres)
    runs = []
    for name, profile in (("museum", "museum"), ("library", "library")):
        runs.append(subprocess.Popen(
            [sys.executable, "-m", "eheritage", "publish", str(SAMPLES / name / "scans"), "--catalogue",
             str(SAMPLES / name / "catalogue.csv"), "--profile", profile, "-o", str(tmp_path / name), "--catalog", url,
             "--repository-identifier", "culture.example.az", "--no-site", "--json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for run in runs:
        _, stderr = run.communicate(timeout=600)
        assert run.returncode in (0, 1) and "Traceback" not in stderr, stderr
    expected = {}
    for name in ("museum", "library"):
        with (SAMPLES / name / "catalogue.csv").open(encoding="utf-8", newline="") as rows:
            expected[name] = len(list(csv.DictReader(rows)))
    with Catalog.open(url, readonly=True) as catalog:
        # Each catalogue's scope is <institution code>/<profile>.
        landed = {name: len(catalog.identifiers(scope)) for name, scope in (("museum", "nhm/museum"), ("library", "nla/library"))}
    assert landed == expected and all(expected.values())


def test_a_catalog_url_nobody_answers_is_a_usage_error(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "eheritage", "serve", str(tmp_path), "--catalog",
                           f"postgresql://eheritage@127.0.0.1:{free_port()}/nothing", "--get", "/oai?verb=Identify"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "cannot connect to the catalog database" in done.stderr and "postgresql://USER@HOST:PORT/DATABASE" in done.stderr


@pytest.mark.parametrize("url", ["mysql://localhost/db"])
def test_a_catalog_url_of_no_backend_says_which_there_are(tmp_path: Path, url: str) -> None:
    done = subprocess.run([sys.executable, "-m", "eheritage", "serve", str(tmp_path), "--catalog", url, "--get",
                           "/oai?verb=Identify"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "no catalog backend for mysql://" in done.stderr and "postgresql://" in done.stderr


def test_a_national_catalog_in_postgresql_is_harvested_into_and_served(tmp_path: Path, postgres: str) -> None:
    url = fresh_database(postgres)
    with Server(erasmus()) as dspace:
        path = sources_file(tmp_path / "sources.toml", {"erasmus": dspace.oai})
        done = subprocess.run([sys.executable, "-m", "eheritage", "harvest", str(path), "-o", str(tmp_path / "NAT"),
                               "--catalog", url, "--json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "NAT" / "catalog.sqlite").exists()
    with Server(make_oai_app(tmp_path / "NAT", catalog=url)) as national:
        headers = list(Sickle(national.oai).ListIdentifiers(metadataPrefix="oai_dc", set="erasmus"))
    assert len(headers) == 16
    assert (tmp_path / "NAT" / "dashboard" / "index.html").is_file()


def test_sessions_creating_one_catalog_at_once_all_find_it_made(postgres: str) -> None:
    """Two publishes into a new database both try to lay its tables: one does, the others see them."""
    url = fresh_database(postgres)
    start, failures = threading.Barrier(8), []

    def open_it() -> None:
        start.wait()
        try:
            Catalog.open(url).close()
        except Exception as err:  # noqa: BLE001 - collected, so the assertion names it
            failures.append(err)

    threads = [threading.Thread(target=open_it) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []


def test_several_serve_processes_on_one_database_answer_alike(tmp_path: Path, postgres: str) -> None:
    """Two `eheritage serve` processes on one PostgreSQL catalog, harvested at once, give the same records."""
    url = fresh_database(postgres)
    publish("--batch", str(SAMPLES / "batch.toml"), "-o", str(tmp_path / "out"), "--catalog", url)
    ports = [free_port(), free_port()]
    servers = [subprocess.Popen([sys.executable, "-m", "eheritage", "serve", str(tmp_path / "out"), "--catalog", url,
                                 "--port", str(port), "--quiet"], stderr=subprocess.PIPE) for port in ports]
    try:
        for port in ports:
            _wait_for(port)
        harvested: list[list[str]] = [[], []]

        def harvest(n: int) -> None:
            sickle = Sickle(f"http://127.0.0.1:{ports[n]}/oai")
            harvested[n] = sorted(r.header.identifier for r in sickle.ListRecords(metadataPrefix="edm", ignore_deleted=False))

        threads = [threading.Thread(target=harvest, args=(n,)) for n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    assert harvested[0] == harvested[1] and len(harvested[0]) >= 9


def _wait_for(port: int) -> None:
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on port {port}")


def _damage(target: Path | str, statements: list[str]) -> None:
    """Change the catalog behind eheritage's back, as a careless administrator might."""
    if isinstance(target, str):
        import psycopg

        with psycopg.connect(target, autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)
        return
    import sqlite3

    conn = sqlite3.connect(target / "catalog.sqlite", isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.close()


@pytest.mark.parametrize("backend", BACKENDS)
def test_verify_finds_records_the_catalog_lost_or_garbled(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> None:
    out = tmp_path / "out"
    target = catalog_target(backend, request, out)
    at = ["--catalog", target] if isinstance(target, str) else []
    publish("--catalogue", str(SAMPLES / "archive" / "catalogue.csv"), "--profile", "archive", "-o", str(out), *at)

    def verified() -> tuple[int, dict]:
        done = subprocess.run([sys.executable, "-m", "eheritage", "verify", str(out), "--json", *at],
                              capture_output=True, text=True, timeout=120)
        assert "Traceback" not in done.stderr, done.stderr
        return done.returncode, json.loads(done.stdout)

    published = sorted(path.name.removesuffix(".ttl") for path in (out / "record").glob("*.ttl"))
    status, report = verified()
    assert status == 0 and report["intact"] is True
    assert report["catalog"]["records"] == len(published) > 2 and report["catalog"]["missing"] == []
    lost, garbled = published[0], published[1]
    _damage(target, [f"UPDATE records SET deleted = 1 WHERE identifier = '{lost}'",
                     f"UPDATE payloads SET xml = '<dc>unclosed' WHERE prefix = 'oai_dc' AND record_id = "
                     f"(SELECT id FROM records WHERE identifier = '{garbled}')"])
    status, report = verified()
    assert status == 1 and report["intact"] is False
    assert report["catalog"]["missing"] == [lost]
    assert [line.split(":")[0] for line in report["catalog"]["unreadable"]] == [f"{garbled} (oai_dc)"]
