"""Records and published images to IIIF Presentation 3 manifests and collections.

The builders go through iiif-prezi3 models, never hand-written JSON. They load lazily (PEP
562): importing this package costs nothing until a builder is first used, and iiif-prezi3's
import-time monkeypatching stays inside `eheritage.iiif._models`.

    from eheritage.iiif import ManifestSpec, write_manifest, write_collection, entry_for
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from eheritage.iiif.errors import ManifestError, NoImagesError
from eheritage.iiif.spec import CollectionEntry, LabelValue, LanguageMap, ManifestSpec, Provider, SeeAlso
from eheritage.iiif.urls import canvas_url, collection_url, image_service_url, local_path, manifest_url

if TYPE_CHECKING:
    from eheritage.iiif.collection import TOP, build_collection, entry_for, write_collection
    from eheritage.iiif.manifest import ManifestBatch, build_manifest, write_manifest, write_manifests

#: Public names that live in modules importing iiif-prezi3, loaded on first use.
_LAZY = {
    "build_manifest": "manifest",
    "write_manifest": "manifest",
    "write_manifests": "manifest",
    "ManifestBatch": "manifest",
    "build_collection": "collection",
    "write_collection": "collection",
    "entry_for": "collection",
    "TOP": "collection",
}

__all__ = [
    "CollectionEntry",
    "LabelValue",
    "LanguageMap",
    "ManifestError",
    "ManifestSpec",
    "NoImagesError",
    "Provider",
    "SeeAlso",
    "canvas_url",
    "collection_url",
    "image_service_url",
    "local_path",
    "manifest_url",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f"eheritage.iiif.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'eheritage.iiif' has no attribute {name!r}")
