"""Where published documents live: one place that turns identifiers into URLs and URLs into files.

Everything published is static, so a URL under the base URL and a file under OUT are the same
thing: `<base>/iiif/manifest/X.json` is `OUT/iiif/manifest/X.json`. Identifiers are
percent-encoded in URLs and kept as they are on disk, matching what the tiler writes.

A record's own URI is `<base>/record/<id>`: the thing itself, which `serve` answers by
content negotiation (303 to a document), and whose documents sit beside it as files,
`record/<id>.html`, `.ttl` and `.jsonld`, for any static web server.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from eheritage.errors import ConfigError
from eheritage.identifiers import uri_segment


@lru_cache(maxsize=64)  # asked for every URL of every record: the answer never changes
def normalise_base_url(base_url: str) -> str:
    """The base URL without its trailing slash, refused unless it is absolute http(s)."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ConfigError(
            f"base URL {base_url!r} is not an absolute http(s) URL",
            hint="pass --base-url like https://collections.example.az (IIIF ids must be absolute)",
        )
    return base_url.rstrip("/")


def image_service_url(base_url: str, image_id: str) -> str:
    return f"{normalise_base_url(base_url)}/iiif/{uri_segment(image_id)}"


def manifest_url(base_url: str, record_id: str) -> str:
    return f"{normalise_base_url(base_url)}/iiif/manifest/{uri_segment(record_id)}.json"


def canvas_url(base_url: str, record_id: str, page: int) -> str:
    """Canvas ids hang under the manifest's name; `page` counts from 1."""
    return f"{normalise_base_url(base_url)}/iiif/manifest/{uri_segment(record_id)}/canvas/p{page}"


#: The folder of OUT (and path under the base URL) holding the records' URIs and documents.
RECORDS = "record"


def records_base(base_url: str) -> str:
    """What record URIs start with: `<base>/record/`."""
    return f"{normalise_base_url(base_url)}/{RECORDS}/"


def record_iri(base_url: str, record_id: str) -> str:
    """The record's URI as an IRI, letters kept (`.../record/Ф-12`): its RDF subject."""
    return records_base(base_url) + record_id


def record_url(base_url: str, record_id: str, extension: str = "") -> str:
    """The record's URI, or with `extension` ('html', 'ttl', 'jsonld') one of its documents."""
    return records_base(base_url) + uri_segment(record_id) + (f".{extension}" if extension else "")


#: The name of the collection at the root of everything published: `OUT/iiif/collection/top.json`.
TOP = "top"


def collection_url(base_url: str, name: str) -> str:
    return f"{normalise_base_url(base_url)}/iiif/collection/{uri_segment(name)}.json"


def local_path(url: str, base_url: str, out: Path) -> Path:
    """The file under `out` that serves `url`; refused for URLs outside the base or escaping OUT."""
    base = normalise_base_url(base_url) + "/"
    if not url.startswith(base):
        raise ValueError(f"{url} is not under the base URL {base}")
    relative = PurePosixPath(unquote(urlsplit(url[len(base) :]).path))
    if relative.is_absolute() or ".." in relative.parts:
        raise ValueError(f"{url} points outside the output folder")
    return out.joinpath(*relative.parts)
