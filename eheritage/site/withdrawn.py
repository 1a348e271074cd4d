"""Withdrawn records: a record gone from its catalogue leaves a tombstone, nothing else.

OAI-PMH already lists it as deleted. Its manifest, its tiles and its RDF documents are
removed (so no collection, `top.json` or fixity reaches them), and its landing page says it
was withdrawn and when; `serve` answers 410 Gone for its URI, page and manifest.
"""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote

from eheritage.atomic import write_if_changed
from eheritage.iiif.urls import RECORDS
from eheritage.metadata.formats import FORMATS, RECORD_DOCUMENTS
from eheritage.site.pages import render
from eheritage.site.record import ROOT

def withdraw(out: Path, record_id: str, deleted_at: int, site_name: str | None) -> None:
    """Take down what `record_id` published and, with a site (`site_name`), leave its tombstone.

    Harmless when already done."""
    manifest = out / "iiif" / "manifest" / f"{record_id}.json"
    if manifest.is_file():
        for image_id in _image_ids(manifest):
            shutil.rmtree(out / "iiif" / image_id, ignore_errors=True)
        manifest.unlink()
    for fmt in RECORD_DOCUMENTS:
        (out / RECORDS / f"{record_id}.{FORMATS[fmt]}").unlink(missing_ok=True)
    if site_name is None:
        (out / RECORDS / f"{record_id}.html").unlink(missing_ok=True)
        return
    when = datetime.fromtimestamp(deleted_at, timezone.utc).strftime("%Y-%m-%d")
    write_if_changed(out / RECORDS / f"{record_id}.html",
                     render("withdrawn.html", root=ROOT, site_name=site_name, identifier=record_id, when=when))


def _image_ids(manifest: Path) -> list[str]:
    """The image services a manifest paints, as folder names under OUT/iiif."""
    try:
        document = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    ids = []
    for canvas in document.get("items", []):
        for page in canvas.get("items", []):
            for annotation in page.get("items", []):
                for service in annotation.get("body", {}).get("service", []):
                    name = unquote(str(service.get("id", "")).rsplit("/", 1)[-1])
                    if name and not name.startswith(".") and "/" not in name:
                        ids.append(name)
    return ids
