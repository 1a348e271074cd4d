"""The level-0 service on disk: every URL a viewer derives from info.json must exist."""

import json
import math

import pytest
import pyvips
from PIL import Image

from eheritage.images import tiler
from eheritage.images.service import TileSettings, best_fit, levels, service_id
from eheritage.images.tiler import write_iiif


def derived_urls(info):
    """Paths a level-0 client may request: each tile at each scale factor, each size, full/max."""
    ext = info.get("preferredFormats", ["jpg"])[0]
    width, height = info["width"], info["height"]
    urls = {f"full/max/0/default.{ext}"}
    urls |= {f"full/{s['width']},{s['height']}/0/default.{ext}" for s in info["sizes"]}
    for tiles in info["tiles"]:
        tw, th = tiles["width"], tiles["height"]
        for scale in tiles["scaleFactors"]:
            for y in range(0, height, th * scale):
                for x in range(0, width, tw * scale):
                    rw, rh = min(tw * scale, width - x), min(th * scale, height - y)
                    size = f"{math.ceil(rw / scale)},{math.ceil(rh / scale)}"
                    region = f"{x},{y},{rw},{rh}"
                    urls.add(f"{region}/{size}/0/default.{ext}")
    return urls


def build(tmp_path, width, height, **settings):
    image = (pyvips.Image.perlin(width, height, uchar=True).bandjoin([80, 160])).copy(interpretation="srgb")
    target = tmp_path / "work" / "new"
    target.parent.mkdir()
    full = write_iiif(image, target, "MS 1 (f.2)", TileSettings(**settings))
    return target, full


@pytest.fixture(params=["in memory", "streamed"])
def held(request, monkeypatch):
    """Both ways of making the whole-image sizes: from pixels in memory, or stitched from tiles."""
    if request.param == "streamed":
        monkeypatch.setattr(tiler, "IN_MEMORY_PIXELS", 0)
    return request.param


@pytest.mark.parametrize(("width", "height"), [(1301, 701), (300, 200), (1024, 1024)])
def test_every_derived_url_exists(tmp_path, held, width, height):
    target, full = build(tmp_path, width, height, tile_size=256)
    info = json.loads((target / "info.json").read_text())
    assert (full.width, full.height) == (info["width"], info["height"]) == (width, height)
    missing = [url for url in derived_urls(info) if not (target / url).is_file()]
    assert missing == []
    expected = {(l.width, l.height) for l in levels(width, height, 256)} | {best_fit(width, height, 400)}
    assert [(s["width"], s["height"]) for s in info["sizes"]] == sorted(expected)
    for size in info["sizes"]:
        with Image.open(target / f"full/{size['width']},{size['height']}/0/default.jpg") as picture:
            assert picture.size == (size["width"], size["height"])
    with Image.open(target / "full/max/0/default.jpg") as picture:
        assert picture.size == (width, height)
    assert not list(tmp_path.rglob("vips-properties.xml"))


def test_info_json_is_a_level0_image_service(tmp_path):
    target, _ = build(tmp_path, 600, 400, base_url="https://example.org/h", rights="http://rightsstatements.org/vocab/InC/1.0/")
    info = json.loads((target / "info.json").read_text())
    assert info["@context"] == "http://iiif.io/api/image/3/context.json"
    assert info["type"] == "ImageService3" and info["profile"] == "level0"
    assert info["id"] == "https://example.org/h/iiif/MS%201%20%28f.2%29" == service_id("https://example.org/h/", "MS 1 (f.2)")
    assert info["tiles"][0]["height"] == 512
    assert info["rights"] == "http://rightsstatements.org/vocab/InC/1.0/"
    assert "maxWidth" not in info


def test_webp_format_and_full_max_capped_to_what_webp_can_encode(tmp_path):
    target, _ = build(tmp_path, 16500, 40, format="webp", tile_size=256, max_size=None)  # WebP stops at 16383 px
    info = json.loads((target / "info.json").read_text())
    assert info["preferredFormats"] == ["webp"]
    assert (info["maxWidth"], info["maxHeight"]) == (8250, 20)
    assert max(s["width"] for s in info["sizes"]) == 8250
    with Image.open(target / "full/max/0/default.webp") as picture:
        assert picture.format == "WEBP" and picture.size == (8250, 20)
    assert not [url for url in derived_urls(info) if not (target / url).is_file()]


def test_max_size_caps_full_max_and_sizes_and_says_so(tmp_path):
    target, _ = build(tmp_path, 1200, 800, tile_size=128, max_size=300)
    info = json.loads((target / "info.json").read_text())
    assert (info["maxWidth"], info["maxHeight"]) == (300, 200)
    assert [(s["width"], s["height"]) for s in info["sizes"]] == [(75, 50), (150, 100), (300, 200)]
    with Image.open(target / "full/!300,300/0/default.jpg") as picture:  # the thumbnail box shrinks to the cap
        assert picture.size == (300, 200)
    with Image.open(target / "full/max/0/default.jpg") as picture:
        assert picture.size == (300, 200)
    assert not [url for url in derived_urls(info) if not (target / url).is_file()]


@pytest.mark.parametrize(("width", "height", "thumbnail"), [(1301, 701, (400, 216)), (701, 1301, (216, 400)), (300, 200, (300, 200)), (5000, 3, (400, 1))])
def test_the_best_fit_thumbnail_europeana_asks_for_is_on_disk(tmp_path, held, width, height, thumbnail):
    """`full/!400,400/0/default.jpg`: fitted in the box, aspect kept, never enlarged, listed in sizes."""
    target, _ = build(tmp_path, width, height, tile_size=256)
    info = json.loads((target / "info.json").read_text())
    with Image.open(target / "full/!400,400/0/default.jpg") as picture:
        assert picture.size == thumbnail
    assert {"width": thumbnail[0], "height": thumbnail[1]} in info["sizes"]
    assert (target / f"full/{thumbnail[0]},{thumbnail[1]}/0/default.jpg").samefile(target / "full/!400,400/0/default.jpg")


def test_sizes_match_the_tiles_of_their_level(tmp_path, held):
    """A viewer switching from a whole-image size to the tiles of its level sees the same picture."""
    target, _ = build(tmp_path, 1301, 701, tile_size=256)
    level = levels(1301, 701, 256)[1]  # scale 2: 651x351, four tiles across, two down
    tiles = [
        pyvips.Image.new_from_file(str(target / f"{x},{y},{min(512, 1301 - x)},{min(512, 701 - y)}"
                                   / f"{math.ceil(min(512, 1301 - x) / 2)},{math.ceil(min(512, 701 - y) / 2)}/0/default.jpg"))
        for y in range(0, 701, 512) for x in range(0, 1301, 512)
    ]
    from_tiles = pyvips.Image.arrayjoin(tiles, across=3).crop(0, 0, level.width, level.height)
    size = pyvips.Image.new_from_file(str(target / f"full/{level.width},{level.height}/0/default.jpg"))
    assert (size.width, size.height) == (level.width, level.height)
    assert (size - from_tiles).abs().avg() < 3  # JPEG noise, not a different picture
