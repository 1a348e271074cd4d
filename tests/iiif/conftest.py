"""Published images for the manifest tests: real pyvips level-0 tiles under tmp_path.

The fixture uses raw `dzsave(layout="iiif3")` and then adds what it leaves out (the `sizes`
files and `full/max`) the way a complete level-0 tiler does, so these tests depend on no
other part of eheritage.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
import pyvips

BASE_URL = "http://127.0.0.1:8765/pub"
SCHEMA = json.loads((Path(__file__).parent / "schemas" / "presentation-3.0.schema.json").read_text(encoding="utf-8"))

Publish = Callable[..., Path]


def publish_image(out: Path, image_id: str, width: int, height: int, *, cap: int | None = None) -> Path:
    """Tile a gradient as `image_id` into `out/iiif/<image_id>/`, with sizes and full/max files."""
    image = (pyvips.Image.xyz(width, height)[0] * 255 / width).cast("uchar").bandjoin([64, 128])
    image = image.copy(interpretation="srgb")
    folder = out / "iiif" / image_id
    folder.parent.mkdir(parents=True, exist_ok=True)
    image.dzsave(str(folder), layout="iiif3", tile_size=128, id=f"{BASE_URL}/iiif")
    (folder / "vips-properties.xml").unlink(missing_ok=True)
    info = json.loads((folder / "info.json").read_text())
    sizes = []
    for factor in sorted(info["tiles"][0]["scaleFactors"], reverse=True):
        w, h = math.ceil(width / factor), math.ceil(height / factor)
        if cap and max(w, h) > cap:
            continue
        sizes.append({"width": w, "height": h})
        _save(image.resize(w / width, vscale=h / height), folder / f"full/{w},{h}/0/default.jpg")
    info["sizes"] = sizes
    if cap:
        info["maxWidth"] = cap
    else:
        _save(image, folder / "full/max/0/default.jpg")
    (folder / "info.json").write_text(json.dumps(info))
    return folder


def _save(image: pyvips.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.jpegsave(str(path), Q=70)


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


@pytest.fixture
def publish(out: Path) -> Publish:
    def publish(image_id: str, width: int = 600, height: int = 400, **options: Any) -> Path:
        return publish_image(out, image_id, width, height, **options)

    return publish


def _validate(document: dict[str, Any]) -> None:
    """Fail unless `document` is valid against the IIIF Presentation 3.0 JSON Schema."""
    jsonschema.Draft7Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(document)


def _resource_urls(document: Any) -> list[str]:
    """URLs a client fetches: documents, image files and image services (their info.json).

    Canvas, annotation page and annotation ids are names, not files, and are left out.
    """
    found: list[str] = []
    if isinstance(document, dict):
        kind = document.get("type")
        if kind in ("Manifest", "Collection", "Image") and "id" in document:
            found.append(document["id"])
        elif kind == "ImageService3":
            found.append(document["id"] + "/info.json")
        for value in document.values():
            found += _resource_urls(value)
    elif isinstance(document, list):
        for value in document:
            found += _resource_urls(value)
    return found


def _file_for(url: str, out: Path) -> Path:
    """The file under OUT a static web server at BASE_URL would serve for `url`."""
    assert url.startswith(BASE_URL + "/"), f"{url} is not under {BASE_URL}"
    return out / unquote(url[len(BASE_URL) + 1 :])


@pytest.fixture
def check_published(out: Path) -> Callable[[dict[str, Any]], list[str]]:
    """Validate a manifest or collection and check each URL it fetches is a file in OUT.

    Returns the URLs checked, so a test can also assert that there were some.
    """

    def check(document: dict[str, Any]) -> list[str]:
        _validate(document)
        urls = _resource_urls(document)
        missing = [url for url in urls if not _file_for(url, out).is_file()]
        assert not missing, f"URLs with no file in OUT: {missing}"
        return urls

    return check


@pytest.fixture
def base_url() -> str:
    return BASE_URL
