"""The `verify` verb: re-check every checksum a publish or tile recorded under OUT/fixity,
and that the catalog still serves every record OUT holds, in payloads that still parse."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from eheritage.catalog import Catalog
from eheritage.catalog.database import CATALOG_NAME
from eheritage.catalog.xmltext import SAFE_PARSER
from eheritage.errors import InputError
from eheritage.iiif.urls import RECORDS
from eheritage.pipeline.fixity import read_manifest, sha256_file
from eheritage.progress import Progress


@dataclass
class CatalogCheck:
    """The catalog against OUT: records OUT holds that it does not serve, and payloads of
    theirs that no longer parse as XML."""

    #: The catalog, as messages name it (a path, or a URL without its password).
    name: str
    records: int = 0
    missing: list[str] = field(default_factory=list)
    #: "identifier (prefix): what is wrong".
    unreadable: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {"catalog": self.name, "records": self.records, "missing": self.missing, "unreadable": self.unreadable}


@dataclass
class VerifyReport:
    """Files checked, and those missing or altered since their checksum was recorded; the
    catalog's check, when there is a catalog."""

    checked: int = 0
    missing: list[Path] = field(default_factory=list)
    altered: list[Path] = field(default_factory=list)
    catalog: CatalogCheck | None = None

    @property
    def damaged(self) -> bool:
        catalog_damaged = self.catalog is not None and bool(self.catalog.missing or self.catalog.unreadable)
        return bool(self.missing or self.altered) or catalog_damaged

    def to_json(self) -> dict[str, object]:
        return {
            "checked": self.checked,
            "missing": [str(p) for p in self.missing],
            "altered": [str(p) for p in self.altered],
            "catalog": self.catalog.to_json() if self.catalog else None,
            "intact": not self.damaged,
        }


def verify(out: Path, *, catalog: str | None = None, progress: Progress | None = None) -> VerifyReport:
    """Hash every file listed in `OUT/fixity/*.sha256` again and compare; then check the
    catalog (`catalog`, a `postgresql://` URL, else OUT's own catalog.sqlite if it has one).

    Relative paths in a fixity file are relative to OUT, as `cd OUT && sha256sum -c` reads them.
    """
    manifests = sorted((out / "fixity").glob("*.sha256"))
    if not manifests:
        raise InputError(
            f"no fixity records in {out / 'fixity'}",
            hint="run `eheritage publish` or `eheritage tile` into this folder first",
        )
    expected = [(digest, out / path) for manifest in manifests for digest, path in read_manifest(manifest)]
    report = VerifyReport()
    for done, (digest, path) in enumerate(expected, start=1):
        try:
            if sha256_file(path) != digest:
                report.altered.append(path)
        except FileNotFoundError:
            report.missing.append(path)
        report.checked += 1
        if progress and (done % 100 == 0 or done == len(expected)):
            progress(done, len(expected), path.name)
    if catalog is not None or (out / CATALOG_NAME).is_file():
        report.catalog = check_catalog(out, catalog or out, progress)
    return report


def check_catalog(out: Path, target: Path | str, progress: Progress | None = None) -> CatalogCheck:
    """Whether the catalog at `target` serves every record OUT holds (`OUT/record/<id>.ttl`)
    as live, in every format it lists, with each payload well-formed XML."""
    published = sorted(path.name.removesuffix(".ttl") for path in (out / RECORDS).glob("*.ttl"))
    with Catalog.open(target, readonly=True) as opened:
        check = CatalogCheck(opened.name)
        for done, identifier in enumerate(published, start=1):
            check.records += 1
            _check_record(opened, identifier, check)
            if progress and (done % 100 == 0 or done == len(published)):
                progress(done, len(published), f"catalog: {identifier}")
    return check


def _check_record(catalog: Catalog, identifier: str, check: CatalogCheck) -> None:
    formats = catalog.formats_of(identifier) or []
    records = [(fmt.prefix, catalog.get_record(identifier, fmt.prefix)) for fmt in formats]
    if not records or any(record is None or record.header.deleted for _, record in records):
        check.missing.append(identifier)
        return
    for prefix, record in records:
        try:
            etree.fromstring((record.xml or "").encode("utf-8"), SAFE_PARSER)  # type: ignore[union-attr]
        except etree.XMLSyntaxError as err:
            check.unreadable.append(f"{identifier} ({prefix}): {err}")
