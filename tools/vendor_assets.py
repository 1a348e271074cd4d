#!/usr/bin/env python3
"""Fetch the viewer's third-party builds from the npm registry into the package, checked.

The site `publish` writes must work offline and without npm on a user's machine, so the
wheel ships pinned builds. They are never copied by hand: this script downloads each
pinned tarball, refuses it unless its sha256 is the one written below, and extracts the
listed files with the package's licence. `VENDORED.json` beside them records every file's
sha256, which a test checks, so an edited vendored file cannot pass unnoticed.

    python tools/vendor_assets.py          # fetch, check, extract
    python tools/vendor_assets.py --check  # only verify the files on disk against VENDORED.json

To update a package: change its version and sha256 here (`npm view openseadragon@X dist`
gives the tarball; `sha256sum` it), run the script, commit what changed.
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from dataclasses import dataclass
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "eheritage" / "site" / "assets" / "vendor"
MANIFEST = VENDOR / "VENDORED.json"


@dataclass(frozen=True)
class Pin:
    package: str
    version: str
    sha256: str
    licence: str
    #: Glob of paths inside the tarball's `package/` -> folder under VENDOR/<package>.
    files: dict[str, str]

    @property
    def tarball(self) -> str:
        return f"https://registry.npmjs.org/{self.package}/-/{self.package}-{self.version}.tgz"


PINS = [
    Pin(
        package="openseadragon",
        version="6.1.1",
        sha256="b4ab2942f33b90e0448e4d20fc5ed14cee049f1f3ae49d70afd4b05e9a2f92d0",
        licence="BSD-3-Clause",
        files={
            "build/openseadragon/openseadragon.min.js": "",
            "build/openseadragon/images/*.png": "images",
            "LICENSE.txt": "",
        },
    ),
]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def fetch(pin: Pin) -> bytes:
    with urllib.request.urlopen(pin.tarball, timeout=60) as response:
        data = response.read()
    if sha256(data) != pin.sha256:
        raise SystemExit(f"{pin.tarball}: sha256 {sha256(data)} is not the pinned {pin.sha256}; nothing was written")
    return data


def extract(pin: Pin, data: bytes) -> dict[str, str]:
    """Write the pinned files; return {path under VENDOR: sha256}."""
    written: dict[str, str] = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            inside = member.name.removeprefix("package/")
            folder = next((dest for pattern, dest in pin.files.items() if fnmatch.fnmatch(inside, pattern)), None)
            if folder is None or not member.isfile():
                continue
            content = archive.extractfile(member).read()
            relative = Path(pin.package, folder, Path(inside).name).as_posix()
            target = VENDOR / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written[relative] = sha256(content)
    return written


def check() -> int:
    recorded = json.loads(MANIFEST.read_text(encoding="utf-8"))
    bad = [path for path, digest in recorded["files"].items()
           if not (VENDOR / path).is_file() or sha256((VENDOR / path).read_bytes()) != digest]
    for path in bad:
        print(f"{VENDOR / path}: missing or not the vendored file; run tools/vendor_assets.py", file=sys.stderr)
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the vendored files only")
    if parser.parse_args().check:
        return check()
    files: dict[str, str] = {}
    packages = {}
    for pin in PINS:
        files.update(extract(pin, fetch(pin)))
        packages[pin.package] = {"version": pin.version, "tarball": pin.tarball, "sha256": pin.sha256, "licence": pin.licence}
    MANIFEST.write_text(json.dumps({"packages": packages, "files": dict(sorted(files.items()))}, indent=2) + "\n", encoding="utf-8")
    print(f"vendored {len(files)} files of {', '.join(packages)} into {VENDOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
