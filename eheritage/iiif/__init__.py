"""Records and published images to IIIF Presentation 3 manifests and collections.

The builders go through iiif-prezi3 models, never hand-written JSON. They load lazily (PEP
562): importing this package costs nothing until a builder is first used, and iiif-prezi3's
import-time monkeypatching stays inside `eheritage.iiif._models`.

    from eheritage.iiif import ManifestSpec, write_manifest, write_collection, entry_for
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eheritage.iiif.errors import ManifestError, NoImagesError
from eheritage.iiif.spec import CollectionEntry, LabelValue, LanguageMap, ManifestSpec, Provider, SeeAlso
from eheritage.iiif.urls import TOP, canvas_url, collection_url, image_service_url, local_path, manifest_url
from eheritage.lazy import exports

if TYPE_CHECKING:
    from eheritage.iiif.collection import build_collection, entry_for, write_collection
    from eheritage.iiif.manifest import ManifestBatch, build_manifest, write_manifest, write_manifests

#: Public names that live in modules importing iiif-prezi3, loaded on first use.
_LAZY = {
    "build_manifest": "eheritage.iiif.manifest",
    "write_manifest": "eheritage.iiif.manifest",
    "write_manifests": "eheritage.iiif.manifest",
    "ManifestBatch": "eheritage.iiif.manifest",
    "build_collection": "eheritage.iiif.collection",
    "write_collection": "eheritage.iiif.collection",
    "entry_for": "eheritage.iiif.collection",
}

__all__ = [
    "TOP",
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
__getattr__ = exports(__name__, _LAZY)
