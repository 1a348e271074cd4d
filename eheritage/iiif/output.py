"""Writing IIIF documents where their ids say they live, never half-written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eheritage.atomic import write_if_changed
from eheritage.iiif.urls import local_path


def write_document(document: dict[str, Any], out: Path, base_url: str) -> Path:
    """Write a manifest or collection to the file under `out` that its `id` URL names.

    Written atomically, and only when its text changes (`eheritage.atomic`): a reader or a
    crash never sees half a document, and one altered on disk is rewritten.
    """
    path = local_path(document["id"], base_url, out)
    write_if_changed(path, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return path
