"""Manifests from published images: schema-valid, complete, in page order, every file real."""

from __future__ import annotations

import json
import stat
import subprocess
import sys

import pytest

from eheritage.errors import ConfigError, ExitStatus
from eheritage.iiif import (
    ManifestError,
    ManifestSpec,
    NoImagesError,
    Provider,
    SeeAlso,
    build_manifest,
    write_manifest,
    write_manifests,
)

LABEL = {"az": ["Xila-əfşan naxışlı xalça"], "ru": ["Ковёр «хила-афшан»"], "en": ["Khila-afshan carpet"]}
RIGHTS = "http://creativecommons.org/publicdomain/mark/1.0/"


def carpet(images: list[str], **fields) -> ManifestSpec:
    return ManifestSpec(
        id="NHM-1998-0042",
        label=LABEL,
        summary={"en": ["Knotted pile carpet."], "az": ["Xovlu xalça."]},
        metadata=[({"en": ["Date"], "az": ["Tarix"], "ru": ["Дата"]}, {"none": ["c.1850"]})],
        required_statement=({"en": ["Credit line"]}, {"en": ["Gift of the Mammadov family, 1998"]}),
        rights=RIGHTS,
        provider=Provider(id="https://museum.example.az/", label={"en": ["National History Museum"]},
                          homepage="https://museum.example.az/"),
        see_also=[SeeAlso(id="http://127.0.0.1:8765/pub/rdf/NHM-1998-0042.rdf", format="application/rdf+xml",
                          profile="http://www.cidoc-crm.org/cidoc-crm/")],
        images=images,
        **fields,
    )  # fmt: skip


def test_manifest_is_valid_complete_and_points_only_at_real_files(publish, out, base_url, check_published):
    publish("NHM-1998-0042_0001", 600, 400)
    publish("NHM-1998-0042_0002", 300, 500)

    manifest = write_manifest(carpet(["NHM-1998-0042_0001", "NHM-1998-0042_0002"]), out, base_url)

    urls = check_published(manifest)
    assert manifest["id"] == f"{base_url}/iiif/manifest/NHM-1998-0042.json"
    assert json.loads((out / "iiif/manifest/NHM-1998-0042.json").read_text(encoding="utf-8")) == manifest
    assert manifest["label"] == LABEL and manifest["summary"]["az"] == ["Xovlu xalça."]
    assert manifest["metadata"][0]["label"]["ru"] == ["Дата"]
    assert manifest["requiredStatement"]["value"] == {"en": ["Gift of the Mammadov family, 1998"]}
    assert manifest["rights"] == RIGHTS
    assert manifest["provider"][0]["type"] == "Agent"
    assert manifest["seeAlso"][0]["format"] == "application/rdf+xml"
    # Both image services, both full-size bodies and the thumbnails were checked.
    assert sum(url.endswith("/info.json") for url in urls) == 2
    assert sum("/full/max/" in url for url in urls) == 2


def test_canvases_follow_the_given_page_order_with_their_sizes(publish, out, base_url, check_published):
    for page, (w, h) in {"B_0001": (500, 300), "B_0002": (400, 320), "B_0010": (350, 500)}.items():
        publish(page, w, h)

    manifest = write_manifest(ManifestSpec(id="B", label={"en": ["Book"]}, images=["B_0002", "B_0010", "B_0001"]),
                              out, base_url)  # fmt: skip

    check_published(manifest)
    canvases = manifest["items"]
    assert [c["id"] for c in canvases] == [f"{base_url}/iiif/manifest/B/canvas/p{n}" for n in (1, 2, 3)]
    assert [(c["width"], c["height"]) for c in canvases] == [(400, 320), (350, 500), (500, 300)]
    bodies = [c["items"][0]["items"][0]["body"] for c in canvases]
    assert [b["service"][0]["id"] for b in bodies] == [f"{base_url}/iiif/B_{n}" for n in ("0002", "0010", "0001")]
    assert all(c["items"][0]["items"][0]["target"] == c["id"] for c in canvases)
    assert manifest["thumbnail"] == canvases[0]["thumbnail"]


def test_painting_body_carries_a_level0_image_service_with_its_sizes(publish, out, base_url):
    folder = publish("P_0001", 600, 400)
    info = json.loads((folder / "info.json").read_text())

    body = build_manifest(ManifestSpec(id="P", label={"en": ["P"]}, images=["P_0001"]), out, base_url)[
        "items"][0]["items"][0]["items"][0]["body"]  # fmt: skip

    assert body["type"] == "Image" and body["format"] == "image/jpeg"
    assert (body["width"], body["height"]) == (600, 400)
    assert body["service"] == [
        {"id": info["id"], "type": "ImageService3", "profile": "level0", "sizes": info["sizes"]}
    ]


def test_thumbnail_is_a_small_published_size(publish, out, base_url):
    publish("T_0001", 1000, 700)

    canvas = build_manifest(ManifestSpec(id="T", label={"en": ["T"]}, images=["T_0001"]), out, base_url)["items"][0]

    thumbnail = canvas["thumbnail"][0]
    assert "/full/max/" not in thumbnail["id"]
    assert 256 <= max(thumbnail["width"], thumbnail["height"]) < 1000
    assert thumbnail["id"].endswith(f"/full/{thumbnail['width']},{thumbnail['height']}/0/default.jpg")


def test_capped_image_paints_its_largest_published_size(publish, out, base_url, check_published):
    publish("C_0001", 1000, 600, cap=500)

    manifest = write_manifest(ManifestSpec(id="C", label={"en": ["C"]}, images=["C_0001"]), out, base_url)

    check_published(manifest)
    canvas = manifest["items"][0]
    body = canvas["items"][0]["items"][0]["body"]
    assert (canvas["width"], canvas["height"]) == (1000, 600)
    assert (body["width"], body["height"]) == (500, 300)
    assert body["id"].endswith("/full/500,300/0/default.jpg")


def test_record_without_images_gets_no_manifest(out, base_url):
    with pytest.raises(NoImagesError, match="record NLA-1935-0412: no images") as caught:
        build_manifest(ManifestSpec(id="NLA-1935-0412", label={"en": ["Journal"]}, images=[]), out, base_url)
    assert "metadata-only" in caught.value.hint
    assert not (out / "iiif" / "manifest").exists()


def test_missing_tiles_name_the_image_and_say_what_to_do(out, base_url):
    with pytest.raises(ManifestError, match="image X_0001: no tiles at .*info.json") as caught:
        build_manifest(ManifestSpec(id="X", label={"en": ["X"]}, images=["X_0001"]), out, base_url)
    assert "eheritage tile" in caught.value.hint
    assert caught.value.exit_status == ExitStatus.PROBLEMS


def test_tiles_made_for_another_base_url_are_refused(publish, out):
    publish("M_0001")

    with pytest.raises(ManifestError, match="M_0001.*has id 'http://127.0.0.1:8765/pub/iiif/M_0001'") as caught:
        build_manifest(ManifestSpec(id="M", label={"en": ["M"]}, images=["M_0001"]), out, "https://elsewhere.az")
    assert "--base-url" in caught.value.hint


def test_relative_base_url_is_a_configuration_error(out):
    with pytest.raises(ConfigError, match="not an absolute http"):
        build_manifest(ManifestSpec(id="M", label={"en": ["M"]}, images=["M_0001"]), out, "/pub")


def test_batch_writes_what_it_can_and_reports_the_rest(publish, out, base_url):
    publish("A_0001")
    specs = [
        ManifestSpec(id="A", label={"en": ["A"]}, images=["A_0001"]),
        ManifestSpec(id="EMPTY", label={"en": ["no scans"]}, images=[]),
        ManifestSpec(id="LOST", label={"en": ["tiles missing"]}, images=["LOST_0001"]),
    ]
    seen: list[tuple[int, int, str]] = []

    batch = write_manifests(specs, out, base_url, progress=lambda *args: seen.append(args))

    assert [m["id"] for m in batch.written] == [f"{base_url}/iiif/manifest/A.json"]
    assert batch.without_images == ["EMPTY"]
    assert list(batch.failed) == ["LOST"] and "LOST_0001" in batch.failed["LOST"].message
    assert seen == [(1, 3, "A"), (2, 3, "EMPTY"), (3, 3, "LOST")]
    assert sorted(p.name for p in (out / "iiif/manifest").iterdir()) == ["A.json"]


def test_written_file_is_readable_by_a_web_server_and_leaves_no_temporary_files(publish, out, base_url):
    publish("W_0001")
    spec = ManifestSpec(id="W", label={"en": ["W"]}, images=["W_0001"])

    write_manifest(spec, out, base_url)
    write_manifest(spec, out, base_url)  # rewriting replaces the file in one step
    path = out / "iiif/manifest/W.json"

    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in path.parent.iterdir()] == ["W.json"]


def test_importing_the_package_does_not_load_iiif_prezi3():
    code = "import sys, eheritage.iiif; print('iiif_prezi3' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
