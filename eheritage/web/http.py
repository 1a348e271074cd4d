"""Response headers for static files: validators, caching, CORS; and the 304 decision.

ETag and Last-Modified come from the file's size and mtime (and the base a document is
re-based onto), so a viewer revalidating a tile it has costs one `stat` and a 304.
"""

from __future__ import annotations

import hashlib
import os
from email.utils import formatdate, parsedate_to_datetime
from typing import Any

#: Browsers and viewers may read everything published from any origin (IIIF, OAI-PMH harvesters in JS).
CORS = [
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", "ETag, Last-Modified, Link, Location"),
]
#: Tiles, images and the site's assets change rarely and keep their URLs: cache a day.
LONG = "public, max-age=86400"
#: Documents (manifests, pages, RDF) change with a publish: cache, but revalidate each time.
REVALIDATE = "public, no-cache"


def preflight_headers(environ: dict[str, Any], methods: str) -> list[tuple[str, str]]:
    """The answer to a CORS preflight (`OPTIONS`): any origin, the asked-for headers, a day."""
    asked = environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS", "")
    return CORS + [
        ("Access-Control-Allow-Methods", methods),
        ("Access-Control-Allow-Headers", asked or "Accept, Accept-Language, Content-Type, If-None-Match, If-Modified-Since, Range"),
        ("Access-Control-Max-Age", "86400"),
        ("Allow", methods),
        ("Vary", "Access-Control-Request-Headers"),
    ]


def validators(stat: os.stat_result, variant: str = "") -> tuple[str, str]:
    """(ETag, Last-Modified) of a file; `variant` marks a transformed body (a re-based document)."""
    tag = f"{stat.st_size:x}-{stat.st_mtime_ns:x}"
    if variant:
        tag += "-" + hashlib.sha256(variant.encode()).hexdigest()[:8]
    return f'"{tag}"', formatdate(stat.st_mtime, usegmt=True)


def not_modified(environ: dict[str, Any], etag: str, last_modified: str) -> bool:
    """Whether a conditional GET's validators match (RFC 9110 section 13.1: If-None-Match wins)."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if not if_modified_since:
        return False
    try:
        return parsedate_to_datetime(last_modified) <= parsedate_to_datetime(if_modified_since)
    except (TypeError, ValueError):
        return False
