"""SOURCES.toml: the aggregator and the OAI-PMH endpoints it gathers.

    [aggregator]
    name = "e-Culture national platform"
    admin-email = "platform@culture.example.az"
    identifier = "culture.example.az"      # the domain of the national catalog's OAI identifiers

    [[source]]
    name = "nhm"                           # its set spec in the national catalog
    url = "https://nhm.example.az/oai"     # the OAI-PMH baseURL
    cluster = "museums"                    # museums, libraries, archives, theatres, reserves...
    label = "National History Museum"      # optional
    set = "museum"                         # optional: harvest one set only
    metadata_prefix = "edm"                # optional: instead of EDM where offered, and oai_dc
    full = true                            # optional: re-harvest in full each time (for deletedRecord=no)

Errors name the file and the source, because the file is edited by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from eheritage.catalog.model import EMAIL, REPOSITORY_IDENTIFIER, SET_SPEC
from eheritage.errors import ConfigError, read_toml

_AGGREGATOR_KEYS = frozenset({"name", "admin-email", "identifier"})
_SOURCE_KEYS = frozenset({"name", "url", "cluster", "label", "set", "metadata_prefix", "full"})


@dataclass(frozen=True)
class Aggregator:
    """Who runs the national catalog: its Identify."""

    name: str
    admin_email: str
    identifier: str


@dataclass(frozen=True)
class Source:
    """One institution's OAI-PMH endpoint."""

    name: str
    url: str
    cluster: str
    label: str | None = None
    set: str | None = None
    metadata_prefix: str | None = None
    #: Harvest everything each time, so records that vanished become deleted ones: for a
    #: source whose Identify says deletedRecord=no.
    full: bool = False

    @property
    def title(self) -> str:
        return self.label or self.name


@dataclass(frozen=True)
class Sources:
    aggregator: Aggregator
    sources: list[Source]


def load_sources(path: Path) -> Sources:
    """Read and check SOURCES.toml."""
    data = read_toml(path, "sources file")
    aggregator = _aggregator(data.get("aggregator"), path)
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{path} lists no sources", hint='add one [[source]] table per endpoint, with name, url and cluster')
    sources = [_source(entry, n, path) for n, entry in enumerate(entries, start=1)]
    seen: dict[str, int] = {}
    for n, source in enumerate(sources, start=1):
        if (first := seen.setdefault(source.name.casefold(), n)) != n:
            raise ConfigError(f"{path}: sources {first} and {n} are both named {source.name!r}",
                              hint="give every source a name of its own: it keys its records")
    return Sources(aggregator, sources)


def _aggregator(table: object, path: Path) -> Aggregator:
    where = f"{path} [aggregator]"
    if not isinstance(table, dict):
        raise ConfigError(f"{path} has no [aggregator] table",
                          hint='add [aggregator] with name, admin-email and identifier = "your.domain"')
    if unknown := set(table) - _AGGREGATOR_KEYS:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}", hint=f"use {', '.join(sorted(_AGGREGATOR_KEYS))}")
    name, email, identifier = (table.get(key) for key in ("name", "admin-email", "identifier"))
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: name is missing", hint='add name = "..."')
    if not isinstance(email, str) or not EMAIL.fullmatch(email):
        raise ConfigError(f"{where}: admin-email {email!r} is not an e-mail address", hint="OAI-PMH Identify requires one")
    if not isinstance(identifier, str) or not REPOSITORY_IDENTIFIER.fullmatch(identifier):
        raise ConfigError(f"{where}: identifier {identifier!r} is not a domain name",
                          hint='give the domain of the OAI identifiers of the national catalog, e.g. identifier = "culture.example.az"')
    return Aggregator(name.strip(), email, identifier)


def _source(entry: object, number: int, path: Path) -> Source:
    where = f"{path}, source {number}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where} must be a [[source]] table")
    if unknown := set(entry) - _SOURCE_KEYS:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}", hint=f"use {', '.join(sorted(_SOURCE_KEYS))}")
    for key in ("name", "url", "cluster"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise ConfigError(f"{where}: {key} is missing", hint=f'add {key} = "..."')
    name, url, cluster = entry["name"].strip(), entry["url"].strip(), entry["cluster"].strip()
    for key, value in (("name", name), ("cluster", cluster)):
        if not SET_SPEC.fullmatch(value) or ":" in value:
            raise ConfigError(f"{where}: {key} {value!r} cannot be an OAI-PMH set spec",
                              hint="use letters, digits and - _ . ! ~ * ' ( ), no colon")
    if urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).netloc:
        raise ConfigError(f"{where}: url {url!r} is not an http(s) OAI-PMH baseURL", hint="e.g. https://museum.example.az/oai")
    full = entry.get("full", False)
    if not isinstance(full, bool):
        raise ConfigError(f"{where}: full must be true or false")
    return Source(name, url, cluster, entry.get("label"), entry.get("set"), entry.get("metadata_prefix"), full)
