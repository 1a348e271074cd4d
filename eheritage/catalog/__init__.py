"""The catalog: `OUT/catalog.sqlite`, the interface between `publish` (writer) and `serve` (reader).

It holds each published record's OAI identifier, sets, datestamp, deleted flag, content
hash and pre-rendered metadata payloads, so serving needs no rendering.
"""

from eheritage.catalog.errors import CatalogError, ClaimError, DuplicateError
from eheritage.catalog.model import (
    DUBLIN_CORE,
    CatalogEntry,
    Header,
    ListQuery,
    MetadataFormat,
    Record,
    RepositoryInfo,
    SetInfo,
    SyncCounts,
)
from eheritage.catalog.database import CATALOG_NAME
from eheritage.catalog.store import Catalog, utc_seconds

__all__ = [
    "CATALOG_NAME",
    "DUBLIN_CORE",
    "Catalog",
    "CatalogEntry",
    "CatalogError",
    "ClaimError",
    "DuplicateError",
    "Header",
    "ListQuery",
    "MetadataFormat",
    "Record",
    "RepositoryInfo",
    "SetInfo",
    "SyncCounts",
    "utc_seconds",
]
