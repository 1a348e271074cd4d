"""Scans to IIIF level-0 tiles: find images and name them, decode them to sRGB, write the tiles."""

from eheritage.images.discover import ImageJob, identifier, image_ids, plan
from eheritage.images.errors import ImageError
from eheritage.images.service import DEFAULT_BASE_URL, TileSettings, service_id

__all__ = ["DEFAULT_BASE_URL", "ImageError", "ImageJob", "TileSettings", "identifier", "image_ids", "plan", "service_id"]
