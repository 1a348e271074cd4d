"""Fixtures shared by every test folder."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from lxml import etree

# Speed is measured by bench/, never by a test: a per-example deadline only fails on a busy
# two-core CI runner (a validation run that took 340 ms once), so none applies.
settings.register_profile("eheritage", deadline=None)
settings.load_profile("eheritage")

#: Offline copies of the OAI-PMH and Dublin Core schemas (see the README beside them).
OAI_SCHEMAS = Path(__file__).parent / "oai" / "schemas"


@pytest.fixture(scope="session")
def oai_schema() -> etree.XMLSchema:
    """OAI-PMH.xsd + oai_dc in one schema set, resolved offline through the XML catalog."""
    catalog = etree.parse(str(OAI_SCHEMAS / "catalog.xml")).getroot()
    local = {
        (item.get("name") or item.get("systemId")): str(OAI_SCHEMAS / item.get("uri"))
        for item in catalog
        if isinstance(item.tag, str)
    }

    class Offline(etree.Resolver):
        def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
            return self.resolve_filename(local[url], context) if url in local else None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Offline())
    schema = etree.XMLSchema(etree.parse(str(OAI_SCHEMAS / "oai-pmh-dc-driver.xsd"), parser))
    unlocated = [e for e in schema.error_log if e.type_name == "SCHEMAP_WARN_UNLOCATED_SCHEMA"]
    assert not unlocated, f"schema import not resolved offline: {unlocated}"
    return schema


@pytest.fixture(scope="session")
def valid(oai_schema: etree.XMLSchema) -> Callable[[bytes], etree._Element]:
    """Parse a response, assert it validates against OAI-PMH.xsd, return its root."""

    def check(body: bytes) -> etree._Element:
        root = etree.fromstring(body)
        assert oai_schema.validate(root), f"{oai_schema.error_log}\n{body[:2000]!r}"
        return root

    return check

#: (XML of an rdf:RDF record) -> every problem Europeana would reject it for; [] when accepted.
EdmCheck = Callable[[str], list[str]]


@pytest.fixture(scope="session")
def edm_problems() -> EdmCheck:
    """Europeana's EDM.xsd and schematron, as the harvester runs them (`eheritage.crosswalks.europeana`)."""
    from eheritage.crosswalks.europeana import problems

    return problems


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """A throw-away PostgreSQL server for the session (`postgres_server`): its URL."""
    from postgres_server import postgres_server

    with postgres_server() as url:
        yield url

