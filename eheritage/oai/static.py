"""The published files under OUT, found for a URL path and typed (IIIF, RDF, HTML).

Only regular files inside the published folders are ever served: `..`, absolute paths
and symlinks leading out are refused by resolving the path and checking it stays inside,
and names starting with a dot (scratch files, working folders) are never served. A folder
answers with its `index.html`; an image service's folder redirects to its info.json.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_PRESENTATION = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'
_IMAGE = 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'
#: RDF files publish writes to OUT/rdf, which `mimetypes` does not all know.
_TYPES = {
    ".ttl": "text/turtle; charset=utf-8",
    ".nt": "application/n-triples",
    ".jsonld": "application/ld+json",
    ".rdf": "application/rdf+xml",
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".ico": "image/vnd.microsoft.icon",
    ".txt": "text/plain; charset=utf-8",
    ".xsd": "application/xml",
}
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Found:
    """A file to send."""

    path: Path
    content_type: str
    stat: os.stat_result


@dataclass(frozen=True)
class Redirect:
    """An image service base URI: IIIF Image API recommends 303 to its info.json."""

    location: str


def locate(root: Path, relative: str) -> Found | Redirect | None:
    """What `relative` (a URL path, decoded, below `root`'s own URL) names inside `root`, or None."""
    parts = [part for part in relative.split("/") if part]
    # Hidden names are never published: scratch files of a live or killed run, .eheritage.
    if any(part.startswith(".") or "\\" in part or "\0" in part for part in parts):
        return None
    try:
        path = root.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not path.is_relative_to(root):
        return None
    if path.is_dir():
        if (path / "info.json").is_file():
            return Redirect("/".join(parts) + "/info.json")
        path = path / "index.html"
    if not path.is_file():
        return None
    return Found(path, content_type(path), path.stat())


def content_type(path: Path) -> str:
    if path.name == "info.json":
        return _IMAGE
    if path.suffix == ".json":
        return _PRESENTATION
    if path.suffix in (".jpg", ".jpeg"):
        return "image/jpeg"
    if path.suffix in _TYPES:
        return _TYPES[path.suffix]
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def read_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk
