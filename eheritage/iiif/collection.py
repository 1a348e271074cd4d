"""IIIF Presentation 3 collections: lists of manifests, and `top.json` listing the collections."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eheritage.iiif import _models as m
from eheritage.iiif.output import write_document
from eheritage.iiif.spec import CollectionEntry, LanguageMap
from eheritage.iiif.urls import collection_url

def entry_for(document: dict[str, Any]) -> CollectionEntry:
    """A reference to a built manifest or collection, carrying its label and thumbnail along."""
    return CollectionEntry(
        id=document["id"],
        label=document["label"],
        type=document["type"],
        thumbnail=list(document.get("thumbnail", [])),
    )


def build_collection(
    name: str, label: LanguageMap, entries: Sequence[CollectionEntry], base_url: str, *, summary: LanguageMap | None = None
) -> dict[str, Any]:
    """The collection `<base>/iiif/collection/<name>.json` as a JSON-ready dict, listing `entries` in order."""
    collection = m.Collection(
        id=collection_url(base_url, name),
        label=label,
        summary=summary or None,
        items=[_reference(entry) for entry in entries],
    )
    return m.to_json(collection)


def write_collection(
    name: str,
    label: LanguageMap,
    entries: Sequence[CollectionEntry],
    out: Path,
    base_url: str,
    *,
    summary: LanguageMap | None = None,
) -> dict[str, Any]:
    """Build the collection and write it atomically to `OUT/iiif/collection/<name>.json`; return it."""
    collection = build_collection(name, label, entries, base_url, summary=summary)
    write_document(collection, out, base_url)
    return collection


def _reference(entry: CollectionEntry) -> Any:
    thumbnail = [m.AnnotationBody(**resource) for resource in entry.thumbnail] or None
    if entry.type == "Collection":
        return m.CollectionRef(id=entry.id, type="Collection", label=entry.label, thumbnail=thumbnail)
    return m.ManifestRef(id=entry.id, label=entry.label, thumbnail=thumbnail)
