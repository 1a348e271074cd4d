"""An image service described without pixels: its settings, its pyramid and its info.json.

The parent process of a batch needs these to plan, check settings and name URLs; only the
workers decode images. Keeping libvips out of this module keeps it out of the parent.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from hashlib import sha256
from urllib.parse import urlsplit

from eheritage.errors import ConfigError
from eheritage.identifiers import uri_segment

#: Where `eheritage serve` listens by default, so tiles made without --base-url work locally.
DEFAULT_BASE_URL = "http://127.0.0.1:8000"
#: The largest width or height each tile format can encode; full/max is capped to fit.
FORMAT_LIMITS = {"jpg": 65_535, "webp": 16_383}
_CONTEXT = "http://iiif.io/api/image/3/context.json"


@dataclass(frozen=True)
class TileSettings:
    """Everything that changes the tiles; its digest tells the ledger when to redo an image."""

    base_url: str = DEFAULT_BASE_URL
    tile_size: int = 512
    quality: int = 85
    format: str = "jpg"
    max_pixels: int = 1_000_000_000
    rights: str | None = None
    #: Longest side of full/max and the largest `sizes` entry (maxWidth/maxHeight say so); viewers
    #: use whole images for thumbnails and overviews, tiles for detail. None: as the format allows.
    max_size: int | None = 4096
    #: The box of the best-fit thumbnail `full/!N,N` (also listed in `sizes`): Europeana's media
    #: service asks a IIIF service for `!400,400` and, on a level-0 service, gets only what is on disk.
    thumbnail: int = 400

    def __post_init__(self) -> None:
        problems = [
            ("--base-url", self.base_url, urlsplit(self.base_url).scheme in {"http", "https"} and bool(urlsplit(self.base_url).netloc),
             "give an absolute http(s) URL such as https://example.org/heritage"),
            ("--tile-size", self.tile_size, 16 <= self.tile_size <= 8192, "use a value from 16 to 8192; 512 suits most viewers"),
            ("--quality", self.quality, 1 <= self.quality <= 100, "use a value from 1 to 100"),
            ("--format", self.format, self.format in FORMAT_LIMITS, f"use one of {', '.join(FORMAT_LIMITS)}"),
            ("--max-pixels", self.max_pixels, self.max_pixels > 0, "use a positive number of pixels"),
            ("--max-size", self.max_size, self.max_size is None or self.max_size > 0, "use a positive number of pixels, or 0 for no cap"),
            ("thumbnail", self.thumbnail, self.thumbnail > 0, "use a positive number of pixels, such as 400"),
        ]
        for flag, value, ok, hint in problems:
            if not ok:
                raise ConfigError(f"{flag} {value!r} is not valid", hint=hint)
        if self.rights is not None and not self.rights.startswith(("http://", "https://")):
            raise ConfigError(f"rights {self.rights!r} is not a URI",
                              hint="use a Creative Commons or RightsStatements.org URI")

    def digest(self) -> str:
        return sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Level:
    """The image at one scale factor."""

    scale: int
    width: int
    height: int


def service_id(base_url: str, image_id: str) -> str:
    """The absolute `id` of an image service: `<base-url>/iiif/<percent-encoded id>`."""
    return f"{base_url.rstrip('/')}/iiif/{uri_segment(image_id)}"


def levels(width: int, height: int, tile_size: int) -> list[Level]:
    """The scale factors dzsave writes: halving until the image fits one tile (sizes round up)."""
    found = [Level(1, width, height)]
    while found[-1].width > tile_size or found[-1].height > tile_size:
        scale = found[-1].scale * 2
        found.append(Level(scale, math.ceil(width / scale), math.ceil(height / scale)))
    return found


def best_fit(width: int, height: int, box: int) -> tuple[int, int]:
    """The size `!box,box` asks for: the whole image scaled to fit the box, never enlarged."""
    scale = min(1.0, box / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def info_json(
    image_id: str, pyramid: list[Level], published: list[Level], settings: TileSettings, thumbnail: tuple[int, int] | None = None
) -> dict[str, object]:
    """The IIIF Image 3.0 `info.json` of a level-0 service with every size on disk listed."""
    full = pyramid[0]
    info: dict[str, object] = {
        "@context": _CONTEXT,
        "id": service_id(settings.base_url, image_id),
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level0",
        "width": full.width,
        "height": full.height,
    }
    if published[0] != full:
        info["maxWidth"], info["maxHeight"] = published[0].width, published[0].height
    sizes = {(level.width, level.height) for level in published} | ({thumbnail} if thumbnail else set())
    info["sizes"] = [{"width": width, "height": height} for width, height in sorted(sizes)]
    info["tiles"] = [
        {"width": settings.tile_size, "height": settings.tile_size, "scaleFactors": [level.scale for level in pyramid]}
    ]
    if settings.format != "jpg":
        info["preferredFormats"] = [settings.format]
        info["extraFormats"] = [settings.format]
    if settings.rights:
        info["rights"] = settings.rights
    return info
