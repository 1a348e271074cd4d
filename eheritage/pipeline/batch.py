"""A batch file: several catalogues, each with its profile and scans, published into one OUT.

An institution, or a ministry's programme, rarely has one spreadsheet. A batch file lists
them, so one `eheritage publish --batch FILE -o OUT` publishes them all, and the OAI-PMH
catalog and the IIIF top collection span them:

    [[catalogue]]
    path = "museum/catalogue.csv"   # relative to the batch file
    profile = "museum"              # a built-in name or a .toml path
    scans = "museum/scans"          # optional: leave out for metadata only
    scope = "nhm/carpets"           # optional: see PublishOptions.scope
    sheet = "Objects"               # optional: the XLSX sheet to read (default: the first)

and, once, who runs the repository the batch makes (OAI-PMH Identify), since a batch
spanning institutions is none of them:

    [repository]
    name = "e-Culture collections"
    admin-email = "digital@culture.example.az"
    identifier = "culture.example.az"   # the domain in every OAI identifier, oai:<identifier>:<id>
    provider = "Azerbaijan e-Culture"   # who delivers the records to Europeana (edm:provider)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from eheritage.errors import ConfigError, read_toml

_KEYS = frozenset({"path", "profile", "scans", "scope", "sheet"})
_REPOSITORY_KEYS = frozenset({"name", "admin-email", "admin_email", "identifier", "provider"})


@dataclass(frozen=True)
class BatchItem:
    """One catalogue of a batch, its paths resolved against the batch file's folder."""

    catalogue: Path
    profile: str
    scans: Path | None
    scope: str | None = None
    #: The XLSX sheet to read; default the first.
    sheet: str | None = None


@dataclass(frozen=True)
class Batch:
    """A batch file: its catalogues, and the repository's own name and contact if it gives them."""

    items: list[BatchItem]
    repository_name: str | None = None
    admin_email: str | None = None
    repository_identifier: str | None = None
    provider: str | None = None


def load_batch(path: Path) -> Batch:
    """Read a batch file; errors name the file and the entry."""
    data = read_toml(path, "batch file")
    entries = data.get("catalogue")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(
            f"batch file {path} lists no catalogues",
            hint='add one [[catalogue]] table per spreadsheet, with path = "..." and profile = "..."',
        )
    repository = data.get("repository", {})
    if not isinstance(repository, dict) or set(repository) - _REPOSITORY_KEYS:
        raise ConfigError(f"batch file {path}: [repository] takes name, admin-email, identifier and provider",
                          hint='write [repository] with name = "...", admin-email = "...", identifier = "your.domain"')
    items = [_item(entry, n, path) for n, entry in enumerate(entries, start=1)]
    email = repository.get("admin-email", repository.get("admin_email"))
    return Batch(items, repository.get("name"), email, repository.get("identifier"), repository.get("provider"))


def _item(entry: dict, number: int, path: Path) -> BatchItem:
    where = f"batch file {path}, catalogue {number}"
    unknown = set(entry) - _KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}", hint=f"use {', '.join(sorted(_KEYS))}")
    for key in ("path", "profile"):
        if not isinstance(entry.get(key), str):
            raise ConfigError(f"{where}: {key} is missing", hint=f'add {key} = "..."')
    folder = path.parent
    profile = entry["profile"]
    if profile.endswith(".toml"):
        profile = str(folder / profile)
    scans = folder / entry["scans"] if entry.get("scans") else None
    return BatchItem(folder / entry["path"], profile, scans, entry.get("scope"), entry.get("sheet"))
