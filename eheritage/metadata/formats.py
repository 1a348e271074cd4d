"""The RDF formats eheritage writes, by their --format name. Kept free of rdflib so the CLI loads fast."""

from __future__ import annotations

from eheritage.errors import ConfigError

#: --format value -> file extension.
FORMATS = {"ttl": "ttl", "nt": "nt", "jsonld": "jsonld", "xml": "rdf"}
#: --format value -> media type, for links such as a manifest's seeAlso.
#: The RDF documents `publish` writes beside every record's landing page, `record/<id>.<ext>`.
RECORD_DOCUMENTS = ("ttl", "jsonld")
MEDIA_TYPES = {"ttl": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json", "xml": "application/rdf+xml"}


def check_format(name: str) -> str:
    """`name` if it is a known format, else a ConfigError listing them."""
    if name not in FORMATS:
        raise ConfigError(f"unknown RDF format {name!r}", hint=f"use one of: {', '.join(FORMATS)}")
    return name
