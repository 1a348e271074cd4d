"""The one door to iiif-prezi3.

Importing iiif_prezi3 monkeypatches helper methods onto its own classes and registers
"auto" defaulters (example.org ids, `none`-language labels) for any object built without
them. Every object here is built with explicit ids and language maps, so those defaults
never fire; importing the library only from this module, and only when a builder first runs
(see `eheritage.iiif.__getattr__`), keeps its side effects and its import time (about half a
second) out of `import eheritage` and the rest of the project.
"""

from __future__ import annotations

import json
from typing import Any

from iiif_prezi3 import (  # noqa: F401  (re-exported to the builders)
    Annotation,
    AnnotationBody,
    AnnotationPage,
    Canvas,
    Collection,
    CollectionRef,
    Homepage,
    KeyValueString,
    LinkedResource,
    Manifest,
    ManifestRef,
    Provider,
    ServiceV3,
)


def to_json(model: Any) -> dict[str, Any]:
    """A JSON-ready dict, through iiif-prezi3's own serialiser (adds @context, drops empty fields)."""
    return json.loads(model.json())
