"""A museum's awkward scans, published and harvested as EDM: what Europeana would accept, and the tiers it would give.

Real collections mix 16-bit TIFF masters, CMYK JPEGs from a print workflow, camera JPEGs
turned by their EXIF orientation, greyscale and transparent PNGs, multi-page TIFFs and
thumbnails too small to show. Each goes through real pyvips tiling, is served over real
HTTP and harvested with sickle; every record must pass Europeana's EDM.xsd and
schematron, and its content tier follow from the size of what was published.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import pyvips
import requests
from lxml import etree
from sickle import Sickle

from eheritage.metadata import read_catalogue
from eheritage.oai import make_oai_app
from eheritage.pipeline.preview import preview_tiers
from eheritage.pipeline.publish import PublishOptions, publish
from eheritage.profiles import load_profile
from harness import Server, free_port

PDM = "http://creativecommons.org/publicdomain/mark/1.0/"
INC = "http://rightsstatements.org/vocab/InC/1.0/"
OAI = "{http://www.openarchives.org/OAI/2.0/}"
EDM = "{http://www.europeana.eu/schemas/edm/}"
ORE = "{http://www.openarchives.org/ore/terms/}"
RESOURCE = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}resource"


def photo(width: int, height: int, seed: int) -> pyvips.Image:
    noise = pyvips.Image.gaussnoise(width, height, sigma=30, mean=120, seed=seed)
    return noise.bandjoin([noise * 0.8, noise * 0.6]).cast("uchar").copy(interpretation="srgb")


def make_scans(folder: Path) -> dict[str, tuple[str, int, str]]:
    """record id -> (file, expected content tier, rights)."""
    folder.mkdir()
    photo(1600, 1200, 1).cast("ushort").__mul__(256).copy(interpretation="rgb16").tiffsave(str(folder / "M-1.tif"))
    photo(800, 600, 2).icc_transform("cmyk", intent="relative").jpegsave(str(folder / "M-2.jpg"), profile="cmyk")
    photo(400, 300, 3).colourspace("b-w").pngsave(str(folder / "M-3.png"))
    photo(200, 200, 4).bandjoin(255).pngsave(str(folder / "M-4.png"))
    turned = photo(1200, 900, 5).rot270().copy()  # stored turned; EXIF orientation 6 turns it back to 1200 x 900
    turned.set_type(pyvips.GValue.gint_type, "orientation", 6)
    turned.jpegsave(str(folder / "M-5.jpg"))
    pages = [photo(1000, 1000, 6 + n) for n in range(2)]
    pyvips.Image.arrayjoin(pages, across=1).copy().tiffsave(str(folder / "M-6.tif"), page_height=1000)
    return {"M-1": ("M-1.tif", 4, PDM), "M-2": ("M-2.jpg", 2, PDM), "M-3": ("M-3.png", 1, PDM),
            "M-4": ("M-4.png", 0, PDM), "M-5": ("M-5.jpg", 2, INC), "M-6": ("M-6.tif", 4, PDM)}


@pytest.fixture(scope="module")
def museum(tmp_path_factory: pytest.TempPathFactory):
    work = tmp_path_factory.mktemp("europeana")
    expected = make_scans(work / "scans")
    catalogue = work / "catalogue.csv"
    with catalogue.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["object_number", "object_name", "title@az", "title@en", "description@en", "maker", "date",
                         "place_made", "materials", "rights"])
        for n, (record_id, (_, _, rights)) in enumerate(expected.items(), start=1):
            writer.writerow([record_id, "xalça", f"Xalça {n}", f"Carpet {n}", "Knotted pile.", "unknown weaver",
                             f"{1850 + n}", "Şuşa", "yun", rights])
    port = free_port()
    out = work / "out"
    report = publish(catalogue, load_profile("museum"), out,
                     PublishOptions(base_url=f"http://127.0.0.1:{port}", workers=2, provider="Azerbaijan e-Culture"),
                     scans=work / "scans")
    assert not report.failures, report.failures
    with Server(make_oai_app(out), port) as server:
        yield server, out, expected


def test_every_awkward_scan_gives_edm_europeana_accepts(museum, edm_problems) -> None:
    server, _, expected = museum
    harvested = list(Sickle(server.oai).ListRecords(metadataPrefix="edm"))
    assert len(harvested) == len(expected)
    for item in harvested:
        payload = etree.fromstring(item.raw.encode()).find(f".//{OAI}metadata")[0]
        assert edm_problems(etree.tostring(payload, encoding="unicode")) == [], item.header.identifier
    multipage = next(item for item in harvested if item.header.identifier.endswith(":M-6"))
    views = etree.fromstring(multipage.raw.encode()).findall(f".//{ORE}Aggregation/{EDM}hasView")
    assert len(views) == 1  # the second page of the TIFF


def test_content_tiers_follow_what_was_published(museum) -> None:
    _, out, expected = museum
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    tiers = {item["id"]: item["tiers"] for item in report["catalogues"][0]["tiers"]["records"]}
    assert {record_id: t["content"] for record_id, t in tiers.items()} == {k: v[1] for k, v in expected.items()}
    assert tiers["M-5"]["next"]["content"].startswith("the InC licence caps content at tier 2")
    assert tiers["M-4"]["next"]["content"].startswith("the largest image is 0.04 MP: 0.10 MP reaches tier 1")
    assert all(t["metadata"] == "C" for t in tiers.values())  # AAT concept, time span, gazetted place


def test_the_thumbnail_europeana_fetches_exists_for_every_image(museum) -> None:
    server, out, _ = museum
    for info in sorted((out / "iiif").glob("*/info.json")):
        service = json.loads(info.read_text(encoding="utf-8"))
        reply = requests.get(f"{service['id']}/full/!400,400/0/default.jpg", timeout=30)
        assert reply.status_code == 200 and reply.headers["Content-Type"] == "image/jpeg", service["id"]
        small = pyvips.Image.new_from_buffer(reply.content, "")
        assert max(small.width, small.height) == min(400, max(service["width"], service["height"]))


@pytest.mark.parametrize("workers", [1, 2])
def test_validate_previews_the_content_tiers_publish_gives(museum, workers) -> None:
    # validate reads each scan's size from its header, in helper processes or not
    _, out, expected = museum
    catalogue = read_catalogue(out.parent / "catalogue.csv", load_profile("museum"))
    previewed = preview_tiers(catalogue, out.parent / "scans", workers=workers)
    assert [(found.id, found.row) for found in previewed] == [(record_id, n) for n, record_id in enumerate(expected, start=2)]
    assert {found.id: found.tiers.content for found in previewed} == {k: v[1] for k, v in expected.items()}


@pytest.mark.parametrize("listed", [True, False])
def test_validate_walks_the_scans_folder_only_for_records_that_name_no_files(museum, tmp_path, listed) -> None:
    # --scans defaults to the catalogue's folder: ~/Downloads must not be walked for rows that say where their scans are
    _, out, expected = museum
    catalogue = tmp_path / "catalogue.csv"
    with catalogue.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["object_number", "object_name", "title@en", "date", "rights", "image_files"])
        writer.writerow(["M-1", "xalça", "Carpet 1", "1851", PDM, "M-1.tif" if listed else ""])
        writer.writerow(["M-3", "xalça", "Carpet 3", "1853", PDM, "M-3.png"])
    said: list[str] = []
    previewed = preview_tiers(read_catalogue(catalogue, load_profile("museum")), out.parent / "scans",
                              progress=lambda done, total, what: said.append(what))
    assert {found.id: found.tiers.content for found in previewed} == {"M-1": expected["M-1"][1], "M-3": expected["M-3"][1]}
    walked = [what for what in said if what.startswith("looking for scans")]
    assert walked == ([] if listed else [f"looking for scans named after their records in {out.parent / 'scans'}"])
