"""How much building IIIF manifests costs next to tiling the images they show.

    python bench/manifests.py [--records 300]

Tiles two 2000x1500 images with raw pyvips dzsave (the reference, median of 3), completes
them as level 0 (sizes files, full/max), then builds and writes one manifest per record
(two canvases each) plus a collection listing them all. Prints times and ratios measured in
this run only: the cost of a manifest per image against the cost of tiling that image
(issue 4 wants everything but tiling under 15% of a publish), and against a bare
`json.dumps` of the same manifest (what the iiif-prezi3 models cost on top of writing JSON).
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import tempfile
import time
from pathlib import Path

import pyvips

from eheritage.iiif import ManifestSpec, entry_for, write_collection, write_manifest

BASE_URL = "https://collections.example.az"


def scan(width: int, height: int, seed: int) -> pyvips.Image:
    """A scan-like image: gradient plus grain, so JPEG encoding does real work."""
    xy = pyvips.Image.xyz(width, height)
    base = (xy[0] * 200 / width + xy[1] * 40 / height).cast("uchar")
    noise = pyvips.Image.gaussnoise(width, height, sigma=12, seed=seed)
    return (base.bandjoin([base * 0.8, base * 0.6]) + noise).cast("uchar").copy(interpretation="srgb")


def tile_level0(image: pyvips.Image, out: Path, image_id: str) -> float:
    """Raw dzsave plus the sizes and full/max files a manifest points at; returns seconds."""
    start = time.perf_counter()
    folder = out / "iiif" / image_id
    image.dzsave(str(folder), layout="iiif3", tile_size=512, id=f"{BASE_URL}/iiif")
    info = json.loads((folder / "info.json").read_text())
    sizes = []
    for factor in info["tiles"][0]["scaleFactors"]:
        w, h = math.ceil(image.width / factor), math.ceil(image.height / factor)
        sizes.append({"width": w, "height": h})
        (folder / f"full/{w},{h}/0").mkdir(parents=True, exist_ok=True)
        image.resize(w / image.width, vscale=h / image.height).jpegsave(str(folder / f"full/{w},{h}/0/default.jpg"))
    (folder / "full/max/0").mkdir(parents=True, exist_ok=True)
    image.jpegsave(str(folder / "full/max/0/default.jpg"))
    info["sizes"] = sizes
    (folder / "info.json").write_text(json.dumps(info))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=300)
    records = parser.parse_args().records
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        images = [scan(2000, 1500, seed) for seed in (1, 2)]
        tile_times = [tile_level0(images[run % 2], out / f"run{run}", f"img{run % 2}") for run in range(3)]
        tile_level0(images[1], out, "img1")
        tile_level0(images[0], out, "img0")
        per_image_tiling = statistics.median(tile_times)

        specs = [
            ManifestSpec(id=f"REC-{n:05d}", label={"en": [f"Record {n}"], "az": [f"Qeyd {n}"]},
                         summary={"en": ["A summary."]}, metadata=[({"en": ["Date"]}, {"none": ["c.1850"]})],
                         rights="http://creativecommons.org/publicdomain/mark/1.0/", images=["img0", "img1"])
            for n in range(records)
        ]  # fmt: skip
        start = time.perf_counter()
        manifests = [write_manifest(spec, out, BASE_URL) for spec in specs]
        write_collection("all", {"en": ["All"]}, [entry_for(m) for m in manifests], out, BASE_URL)
        building = time.perf_counter() - start

        start = time.perf_counter()
        for n, manifest in enumerate(manifests):
            (out / f"plain-{n}.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2))
        plain = time.perf_counter() - start

    per_image_manifest = building / (2 * records)
    print(f"tiling one 2000x1500 image (raw dzsave + level-0 sizes), median of 3: {per_image_tiling * 1000:.0f} ms")
    print(f"manifests: {records} records x 2 canvases + 1 collection: {building:.2f} s "
          f"({building / records * 1000:.2f} ms per manifest)")  # fmt: skip
    print(f"ratio manifest cost per image / tiling cost per image: {per_image_manifest / per_image_tiling:.4f} "
          f"({100 * per_image_manifest / (per_image_manifest + per_image_tiling):.2f}% of a publish's image work)")
    print(f"ratio building+writing via iiif-prezi3 / json.dumps of the same dicts: {building / plain:.1f}x")


if __name__ == "__main__":
    main()
