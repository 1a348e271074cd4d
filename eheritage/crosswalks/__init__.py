"""Metadata formats (crosswalks): one module per format, found through one registry.

A crosswalk turns what is published about a record into one OAI-PMH payload. `publish`
renders every registered crosswalk into the catalog, and the OAI-PMH provider offers
what the catalog holds, so a new format is one new module: oai_dc, crm and edm are
built in, and a plug-in adds its own through the entry-point group `eheritage.crosswalks`,
each entry naming a `Crosswalk`.

This module stays light (no rdflib, no lxml): the CLI lists formats without paying for them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eheritage.catalog.model import METADATA_PREFIX, MetadataFormat
from eheritage.errors import ConfigError

if TYPE_CHECKING:
    from eheritage.metadata.records import Record
    from eheritage.metadata.terms import Triple

#: Where a published OUT keeps the XML Schemas its formats name: `<base>/schemas/<file>`.
SCHEMAS = "schemas"
#: The schemas shipped with the built-in crosswalks.
SCHEMA_FILES = Path(__file__).parent / "schemas"
ENTRY_POINT_GROUP = "eheritage.crosswalks"
_BUILT_IN = ("eheritage.crosswalks.oai_dc", "eheritage.crosswalks.crm", "eheritage.crosswalks.edm")


@dataclass(frozen=True)
class WebImage:
    """One published image: its IIIF Image service and full size."""

    service: str
    width: int
    height: int
    #: The file format of its derivatives (`jpg`, `webp`).
    format: str = "jpg"

    @property
    def full(self) -> str:
        """The whole image, as large as the service publishes it."""
        return f"{self.service}/full/max/0/default.{self.format}"

    def fitted(self, box: int) -> str:
        """The best-fit derivative in a `box` square, which every service publishes."""
        return f"{self.service}/full/!{box},{box}/0/default.{self.format}"


@dataclass(frozen=True)
class Publication:
    """What is published about one record, for a crosswalk to render."""

    record: Record
    #: The base of record URIs, `<base-url>/record/`.
    base: str
    #: Its Dublin Core + CIDOC-CRM description as published, with its images and documents
    #: (`eheritage.metadata.rdf.record_triples`); None: see `description`.
    triples: Sequence[Triple] | None = None
    #: Its landing page; None when the site is not written.
    page: str | None = None
    manifest: str | None = None
    images: Sequence[WebImage] = ()
    #: Who delivers the records to Europeana (the national aggregator), beside the institution.
    provider: str | None = None

    @property
    def uri(self) -> str:
        return self.base + self.record.id

    def description(self) -> Sequence[Triple]:
        """`triples`, or when none were given the record's own, worked out only now: a
        crosswalk that does not need them (EDM, for a tier preview) never pays for them."""
        if self.triples is not None:
            return self.triples
        from eheritage.metadata.rdf import record_triples

        return record_triples(self.record, self.record.profile, self.base)

    @classmethod
    def of(cls, record: Record, base_uri: str | None = None, **published: Any) -> Publication:
        """A record as it would be published under `base_uri` (default: its institution's),
        for rendering one without publishing; `published` gives page, manifest, images..."""
        from eheritage.metadata.rdf import default_base

        return cls(record, default_base(record.profile, base_uri), **published)


@dataclass(frozen=True)
class Crosswalk:
    """One metadata format: its OAI-PMH prefix, namespace and schema, and how to render it."""

    prefix: str
    namespace: str
    #: An absolute URL, or a path under the published base (`schemas/rdf.xsd`) publish writes.
    schema: str
    render: Callable[[Publication], str]
    #: The shipped file publish copies to `schema` under OUT, for a relative `schema`.
    schema_file: Path | None = None

    def metadata_format(self, base_url: str) -> MetadataFormat:
        """The format as OAI-PMH ListMetadataFormats names it under `base_url`."""
        schema = self.schema if "://" in self.schema else f"{base_url.rstrip('/')}/{self.schema}"
        return MetadataFormat(self.prefix, schema, self.namespace)


@cache
def crosswalks() -> dict[str, Crosswalk]:
    """Every crosswalk by prefix: the built-in ones, then the plug-ins installed."""
    found: dict[str, Crosswalk] = {}
    for module in _BUILT_IN:
        _add(found, importlib.import_module(module).CROSSWALK, module)
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            crosswalk = entry.load()
        except Exception as err:  # a broken plug-in is named, never a traceback
            raise ConfigError(f"metadata format plug-in {entry.name!r} ({entry.value}) does not load: {err}",
                              hint=f"fix or uninstall the package that declares it in [{ENTRY_POINT_GROUP}]") from None
        _add(found, crosswalk, f"plug-in {entry.name!r} ({entry.value})")
    return found


def _add(found: dict[str, Crosswalk], crosswalk: object, where: str) -> None:
    if not isinstance(crosswalk, Crosswalk):
        raise ConfigError(f"metadata format {where} is not an eheritage.crosswalks.Crosswalk",
                          hint="the entry point must name a Crosswalk(prefix=..., namespace=..., schema=..., render=...)")
    if not METADATA_PREFIX.fullmatch(crosswalk.prefix):
        raise ConfigError(f"metadata format {where}: prefix {crosswalk.prefix!r} is not an OAI-PMH metadataPrefix",
                          hint="use letters, digits and - _ . ! ~ * ' ( )")
    if crosswalk.prefix in found:
        raise ConfigError(f"metadata format {where}: prefix {crosswalk.prefix!r} is already taken",
                          hint="give the plug-in's format a prefix of its own")
    found[crosswalk.prefix] = crosswalk


def render_all(publication: Publication) -> dict[str, str]:
    """The record's payload in every registered format, by prefix."""
    return {prefix: crosswalk.render(publication) for prefix, crosswalk in crosswalks().items()}


def schema_documents() -> Sequence[tuple[str, Path]]:
    """(path under OUT, shipped file) of every schema publish must write."""
    return [(c.schema, c.schema_file) for c in crosswalks().values() if c.schema_file is not None]
