"""Writing IIIF documents where their ids say they live, never half-written."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from eheritage.iiif.urls import local_path


def write_document(document: dict[str, Any], out: Path, base_url: str) -> Path:
    """Write a manifest or collection to the file under `out` that its `id` URL names.

    The JSON goes to a temporary file in the same folder and is renamed into place, so a
    reader (or a crash) never sees half a document.
    """
    path = local_path(document["id"], base_url, out)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    ) as temporary:
        temporary.write(text)
    try:
        os.chmod(temporary.name, 0o644)  # a web server must read it; mkstemp makes it private
        os.replace(temporary.name, path)
    except BaseException:
        os.unlink(temporary.name)
        raise
    return path
