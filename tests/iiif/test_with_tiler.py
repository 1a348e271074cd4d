"""Manifests over what `eheritage.pipeline.tile` really publishes for the museum samples."""

from __future__ import annotations

from pathlib import Path

from eheritage.iiif import TOP, ManifestSpec, entry_for, write_collection, write_manifest
from eheritage.images.service import TileSettings
from eheritage.pipeline.tile import tile

MUSEUM_SCANS = Path(__file__).resolve().parents[2] / "samples" / "museum" / "scans"


def test_sample_museum_objects_get_valid_manifests_over_real_tiles(out, base_url, check_published):
    report = tile([MUSEUM_SCANS], out, TileSettings(base_url=base_url, tile_size=256), workers=2)
    assert report.count("failed") == 0

    manifests = []
    for record in ("NHM-1998-0042", "NHM-2003-0117", "NHM-2011-0305"):
        spec = ManifestSpec(id=record, label={"en": [record]}, images=[f"{record}_0001", f"{record}_0002"])
        manifests.append(write_manifest(spec, out, base_url))
    museum = write_collection("museum", {"en": ["Museum"]}, [entry_for(m) for m in manifests], out, base_url)
    top = write_collection(TOP, {"en": ["All"]}, [entry_for(museum)], out, base_url)

    for document in (*manifests, museum, top):
        check_published(document)
    front, back = manifests[0]["items"]
    assert (front["width"], front["height"]) == (2000, 1300)
    assert front["items"][0]["items"][0]["body"]["service"][0]["id"].endswith("/iiif/NHM-1998-0042_0001")
    assert back["items"][0]["items"][0]["body"]["service"][0]["id"].endswith("/iiif/NHM-1998-0042_0002")
