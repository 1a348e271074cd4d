"""Content negotiation for a record's URI (RFC 9110 section 12.5.1): HTML for browsers, RDF for machines."""

from __future__ import annotations

#: Media type -> extension of the record document that answers it, in order of preference on ties.
RECORD_TYPES = {
    "text/html": "html",
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdf",
}


def choose(accept: str | None, offered: dict[str, str] = RECORD_TYPES) -> str | None:
    """The extension of the best document for an `Accept` header; None when nothing offered is acceptable.

    No header at all means anything: HTML.
    """
    if not accept or not accept.strip():
        return next(iter(offered.values()))
    best: tuple[float, int, str] | None = None
    for rank, (media_type, extension) in enumerate(offered.items()):
        quality = _quality(accept, media_type)
        if quality > 0 and (best is None or (quality, -rank) > (best[0], best[1])):
            best = (quality, -rank, extension)
    return best[2] if best else None


def _quality(accept: str, media_type: str) -> float:
    """The q of the most specific range in `accept` matching `media_type` (0 when none does)."""
    kind = media_type.split("/")[0]
    found: tuple[int, float] | None = None
    for item in accept.split(","):
        parts = [part.strip() for part in item.split(";")]
        range_ = parts[0].lower()
        q = 1.0
        for parameter in parts[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        specificity = 2 if range_ == media_type else 1 if range_ == f"{kind}/*" else 0 if range_ == "*/*" else -1
        if specificity >= 0 and (found is None or specificity > found[0]):
            found = (specificity, q)
    return found[1] if found else 0.0
