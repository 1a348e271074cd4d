"""The values that cross the catalog's boundary: what a publish writes and what the provider reads."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from eheritage.identifiers import from_oai_local_part, oai_local_part

#: OAI-PMH setSpec and metadataPrefix syntax (OAI-PMH.xsd, setSpecType and metadataPrefixType).
SET_SPEC = re.compile(r"[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*")
METADATA_PREFIX = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
#: The repositoryIdentifier of the oai-identifier scheme: a domain name with at least one dot.
REPOSITORY_IDENTIFIER = re.compile(r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+")
#: Marks the stored identifier of a record kept, deleted, under a namespace the repository
#: had before (`oai:<old>:<id>` follows it): no local identifier can begin with a control character.
RETIRED = "\x1fretired\x1f"
#: Prefixes a record's `<about>` per format among its payloads: no metadataPrefix has a control character.
ABOUT = "\x1fabout"
#: Identify's adminEmail (OAI-PMH.xsd, emailType).
EMAIL = re.compile(r"\S+@(\S+\.)+\S+")


@dataclass(frozen=True)
class MetadataFormat:
    """A metadata format the repository disseminates."""

    prefix: str
    schema: str
    namespace: str


#: Built in: OAI-PMH requires every repository to offer unqualified Dublin Core.
DUBLIN_CORE = MetadataFormat(
    prefix="oai_dc",
    schema="http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
    namespace="http://www.openarchives.org/OAI/2.0/oai_dc/",
)
@dataclass(frozen=True)
class SetInfo:
    """A set; `spec` is hierarchical with ':' (`museum:paintings` lies inside `museum`)."""

    spec: str
    name: str
    description: str | None = None


@dataclass(frozen=True)
class CatalogEntry:
    """One published record as the writer receives it.

    `identifier` is the record's local identifier; the OAI identifier is built from it and
    the repository's namespace. `formats` maps a metadata prefix to the pre-rendered XML of
    the payload's root element (e.g. `<oai_dc:dc ...>`). `content_hash` changes exactly when
    the published content changes; it, or a change of `sets`, is what moves the datestamp.
    """

    identifier: str
    sets: Sequence[str]
    formats: Mapping[str, str]
    content_hash: str
    #: Metadata prefix -> what OAI-PMH's `<about>` says of the record in that format: for a
    #: harvested record, its provenance. Not part of `content_hash`: it changes with the content.
    about: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SyncCounts:
    """What a `sync` did; a deleted record that came back counts as changed."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    deleted: int = 0


@dataclass(frozen=True)
class RepositoryInfo:
    """Identity of the repository, written by publish and shown by Identify."""

    name: str
    base_url: str
    admin_email: str | None = None
    #: The domain in `oai:<namespace>:<local id>`; derived from the base URL's host by default.
    namespace: str = ""

    def __post_init__(self) -> None:
        if not self.namespace:
            object.__setattr__(self, "namespace", urlsplit(self.base_url).hostname or "localhost")

    @property
    def oai_base_url(self) -> str:
        """The public OAI-PMH endpoint under the published base URL."""
        return self.base_url.rstrip("/") + "/oai"

    @property
    def namespace_is_oai_identifier(self) -> bool:
        """Whether the namespace fits the oai-identifier scheme, so Identify may describe it."""
        return REPOSITORY_IDENTIFIER.fullmatch(self.namespace) is not None

    def oai_identifier(self, local: str) -> str:
        """`oai:<namespace>:<local>`, escaping characters the scheme does not allow.

        A record kept from a former namespace (`RETIRED`) answers under its old identifier."""
        if local.startswith(RETIRED):
            return local[len(RETIRED):]
        return f"oai:{self.namespace}:{oai_local_part(local)}"

    def local_identifier(self, oai_identifier: str) -> str | None:
        """The local identifier inside an OAI identifier of this repository, else None."""
        prefix = f"oai:{self.namespace}:"
        if not oai_identifier.startswith(prefix) or len(oai_identifier) == len(prefix):
            return RETIRED + oai_identifier if oai_identifier.startswith("oai:") else None
        return from_oai_local_part(oai_identifier[len(prefix) :])


@dataclass(frozen=True)
class Header:
    """A record's header as the provider lists it."""

    identifier: str
    datestamp: int
    deleted: bool
    sets: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Record:
    """A header and, unless deleted, the payload XML in the requested format."""

    header: Header
    xml: str | None
    #: The `<about>` container's content (a harvested record's provenance), if any.
    about: str | None = None


@dataclass(frozen=True)
class ListQuery:
    """The selection of a ListIdentifiers/ListRecords request (bounds inclusive, UTC seconds)."""

    prefix: str
    from_: int | None = None
    until: int | None = None
    set_spec: str | None = None
