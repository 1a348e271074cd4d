"""The `verify` verb: re-check every checksum a publish or tile recorded under OUT/fixity."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from eheritage.errors import InputError
from eheritage.pipeline.fixity import read_manifest, sha256_file

ProgressCallback = Callable[[int, int, str], None]


@dataclass
class VerifyReport:
    """Files checked, and those missing or altered since their checksum was recorded."""

    checked: int = 0
    missing: list[Path] = field(default_factory=list)
    altered: list[Path] = field(default_factory=list)

    @property
    def damaged(self) -> bool:
        return bool(self.missing or self.altered)

    def to_json(self) -> dict[str, object]:
        return {
            "checked": self.checked,
            "missing": [str(p) for p in self.missing],
            "altered": [str(p) for p in self.altered],
            "intact": not self.damaged,
        }


def verify(out: Path, *, progress: ProgressCallback | None = None) -> VerifyReport:
    """Hash every file listed in `OUT/fixity/*.sha256` again and compare.

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
    return report
