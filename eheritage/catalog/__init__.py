"""The catalog: `OUT/catalog.sqlite`, the interface between `publish` (writer) and `serve` (reader).

It holds each published record's OAI identifier, sets, datestamp, deleted flag, content
hash and pre-rendered metadata payloads, so serving needs no rendering.
"""

from pathlib import Path

from eheritage.catalog.errors import CatalogError, ClaimError
from eheritage.catalog.model import (
    CIDOC_CRM_PREFIX,
    DUBLIN_CORE,
    RDF_XML_SCHEMA,
    SCHEMAS,
    CatalogEntry,
    Header,
    ListQuery,
    MetadataFormat,
    Record,
    RepositoryInfo,
    SetInfo,
    SyncCounts,
    cidoc_crm,
)
from eheritage.catalog.store import CATALOG_NAME, Catalog, utc_seconds

#: The XML Schemas the formats name, as shipped; publish copies them to `OUT/schemas/`.
SCHEMA_FILES = Path(__file__).parent / "schemas"

__all__ = [
    "CATALOG_NAME",
    "CIDOC_CRM_PREFIX",
    "DUBLIN_CORE",
    "RDF_XML_SCHEMA",
    "SCHEMAS",
    "SCHEMA_FILES",
    "Catalog",
    "CatalogEntry",
    "CatalogError",
    "ClaimError",
    "Header",
    "ListQuery",
    "MetadataFormat",
    "Record",
    "RepositoryInfo",
    "SetInfo",
    "SyncCounts",
    "cidoc_crm",
    "utc_seconds",
]
