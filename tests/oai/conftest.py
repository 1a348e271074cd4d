"""Fixtures for the provider tests: a published OUT folder built through the catalog writer,
a waitress server on 127.0.0.1, and an offline OAI-PMH schema validator."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from xml.sax.saxutils import escape

import pytest

from eheritage.catalog import Catalog, CatalogEntry, ListQuery, MetadataFormat, RepositoryInfo, SetInfo
from eheritage.oai import ServeConfig, make_oai_app
from harness import Server
from postgres_server import BACKENDS, catalog_target

SCHEMAS = Path(__file__).parent / "schemas"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
BASE_URL = "https://heritage.example.org"
NAMESPACE = "heritage.example.org"
FIRST_PUBLISH = datetime(2024, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
SECOND_PUBLISH = datetime(2024, 3, 1, 12, 0, 0, tzinfo=timezone.utc)
CRM = MetadataFormat("crm", "http://www.cidoc-crm.org/cidoc-crm/", "http://www.w3.org/1999/02/22-rdf-syntax-ns#")
#: Sets the fixture records are spread over (the spec of each record's deepest set).
SETS = ("museum:paintings", "museum:prints", "museum:paintings:oil", "library:manuscripts")
RECORDS = 40
#: Removed by the second publish, so they are deleted records.
DELETED = ("obj-0003", "obj-0017", "obj-0029")
#: Edited by the second publish, so their datestamp is SECOND_PUBLISH.
EDITED = ("obj-0005", "obj-0011")


def dc_payload(identifier: str, title: str) -> str:
    """An oai_dc payload as publish would pre-render it."""
    return (
        '<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
        ' xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc/ http://www.openarchives.org/OAI/2.0/oai_dc.xsd">'
        f"<dc:title>{escape(title)}</dc:title><dc:identifier>{identifier}</dc:identifier>"
        '<dc:language>az</dc:language><dc:creator xml:lang="ru">Художник</dc:creator></oai_dc:dc>'
    )


def crm_payload(identifier: str) -> str:
    return (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:crm="http://www.cidoc-crm.org/cidoc-crm/">'
        f'<crm:E22_Human-Made_Object rdf:about="{BASE_URL}/object/{identifier}"/></rdf:RDF>'
    )


def entry(number: int, *, edition: int = 1) -> CatalogEntry:
    identifier = f"obj-{number:04d}"
    # Every fourth title carries a control character, as a spreadsheet cell might.
    title = f"Object {number} (edition {edition})" + ("\x0b" if number % 4 == 0 else "")
    formats = {"oai_dc": dc_payload(identifier, title)}
    if number % 5:  # a few records have no CRM rendering: GetRecord must say so
        formats["crm"] = crm_payload(identifier)
    return CatalogEntry(identifier, [SETS[number % len(SETS)]], formats, f"hash-{number}-{edition}")


def first_edition() -> list[CatalogEntry]:
    return [entry(n) for n in range(RECORDS)]


def second_edition() -> list[CatalogEntry]:
    kept = [n for n in range(RECORDS) if f"obj-{n:04d}" not in DELETED]
    return [entry(n, edition=2 if f"obj-{n:04d}" in EDITED else 1) for n in kept]


def publish(out: Path, catalog_at: Path | str | None = None) -> Path:
    """An OUT folder with a catalog (in it, or at `catalog_at`) in the state after two
    publishes, and a few IIIF files."""
    out.mkdir(parents=True, exist_ok=True)
    with Catalog.open(catalog_at or out) as catalog:
        catalog.set_repository(RepositoryInfo("Test Museum", BASE_URL, "collections@heritage.example.org"))
        catalog.register_format(CRM)
        catalog.define_set(SetInfo("museum", "The Museum", "Objects of the museum"))
        catalog.sync(first_edition(), scope="catalogue", now=FIRST_PUBLISH)
        catalog.sync(second_edition(), scope="catalogue", now=SECOND_PUBLISH)
    iiif = out / "iiif"
    (iiif / "manifest").mkdir(parents=True)
    (iiif / "manifest" / "obj-0001.json").write_text('{"type": "Manifest"}', encoding="utf-8")
    (iiif / "image" / "obj-0001" / "0,0,256,256" / "256," / "0").mkdir(parents=True)
    (iiif / "image" / "obj-0001" / "info.json").write_text('{"type": "ImageService3"}', encoding="utf-8")
    (iiif / "image" / "obj-0001" / "0,0,256,256" / "256," / "0" / "default.jpg").write_bytes(b"\xff\xd8\xff\xe0jpeg")
    return out


def expected_headers(target: Path | str) -> dict[str, bool]:
    """OAI identifier -> deleted, straight from the catalog (an OUT folder or a database URL)."""
    with Catalog.open(target, readonly=True) as catalog:
        rows = catalog.list_page(ListQuery("oai_dc"), limit=10_000, with_xml=False)
    return {f"oai:{NAMESPACE}:{r.header.identifier}": r.header.deleted for r in rows}


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(url: str, data: bytes | None = None, method: str | None = None) -> Response:
    """One HTTP request with the standard library; HTTP errors are returned, not raised."""
    request = urllib.request.Request(url, data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return Response(reply.status, dict(reply.headers), reply.read())
    except urllib.error.HTTPError as err:
        return Response(err.code, dict(err.headers), err.read())


#: Small pages, so a few dozen records already take several resumption tokens.
TEST_CONFIG = ServeConfig(page_size=7, max_concurrent=32, retry_after=1)


@pytest.fixture(scope="module", params=BACKENDS)
def catalog(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path | str:
    """Where the shared fixture's catalog is: each module using it runs on SQLite and on PostgreSQL."""
    return catalog_target(request.param, request, tmp_path_factory.mktemp("published") / "OUT")


@pytest.fixture(scope="module")
def out(catalog: Path | str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = catalog if isinstance(catalog, Path) else tmp_path_factory.mktemp("published") / "OUT"
    return publish(folder, catalog)


@pytest.fixture(scope="module")
def server(out: Path, catalog: Path | str) -> Iterator[Server]:
    app = make_oai_app(out, config=TEST_CONFIG, catalog=catalog)
    with Server(app, threads=TEST_CONFIG.max_concurrent + 4) as running:
        yield running


@pytest.fixture(scope="session")
def kit() -> SimpleNamespace:
    """The helpers and constants above, for test modules (which cannot import conftest)."""
    return SimpleNamespace(
        fetch=fetch,
        publish=publish,
        expected_headers=expected_headers,
        entry=entry,
        second_edition=second_edition,
        Server=Server,
        TEST_CONFIG=TEST_CONFIG,
        OAI=OAI,
        BASE_URL=BASE_URL,
        NAMESPACE=NAMESPACE,
        SECOND_PUBLISH=SECOND_PUBLISH,
        DELETED=DELETED,
        EDITED=EDITED,
        RECORDS=RECORDS,
    )
