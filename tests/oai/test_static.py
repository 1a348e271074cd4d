"""The published IIIF files: content types, CORS, and nothing outside OUT/iiif."""

from __future__ import annotations

import os

import pytest


def test_manifest_is_json_ld_with_cors(server, kit):
    reply = kit.fetch(f"{server.root}/iiif/manifest/obj-0001.json")
    assert reply.status == 200
    assert reply.body == b'{"type": "Manifest"}'
    assert reply.headers["Content-Type"] == (
        'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'
    )
    assert reply.headers["Access-Control-Allow-Origin"] == "*"


def test_image_service_info_and_tile(server, kit):
    info = kit.fetch(f"{server.root}/iiif/image/obj-0001/info.json")
    assert info.headers["Content-Type"] == 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'
    tile = kit.fetch(f"{server.root}/iiif/image/obj-0001/0,0,256,256/256,/0/default.jpg")
    assert (tile.status, tile.headers["Content-Type"]) == (200, "image/jpeg")
    assert tile.headers["Access-Control-Allow-Origin"] == "*"
    assert tile.body.startswith(b"\xff\xd8")


def test_image_service_base_uri_redirects_to_info_json(server, kit):
    import urllib.request

    with urllib.request.urlopen(f"{server.root}/iiif/image/obj-0001") as reply:
        assert reply.url.endswith("/iiif/image/obj-0001/info.json")
        assert reply.status == 200


@pytest.mark.parametrize(
    "path",
    [
        "/iiif/../catalog.sqlite",
        "/iiif/%2e%2e/catalog.sqlite",
        "/iiif/manifest/..%2f..%2fcatalog.sqlite",
        "/iiif/..%5ccatalog.sqlite",
        "/iiif//etc/passwd",
        "/iiif/%00",
        "/catalog.sqlite",
        "/iiif/manifest/missing.json",
        "/iiif/manifest",
    ],
)
def test_nothing_outside_out_iiif_is_served(server, kit, path):
    reply = kit.fetch(server.root + path)
    assert reply.status == 404
    assert b"SQLite" not in reply.body and b"root:" not in reply.body


def test_symlink_leading_out_of_out_is_refused(tmp_path, kit):
    from eheritage.oai import make_oai_app

    out = kit.publish(tmp_path / "OUT")
    (tmp_path / "secret.txt").write_text("do not serve")
    os.symlink(tmp_path / "secret.txt", out / "iiif" / "manifest" / "leak.json")
    with kit.Server(make_oai_app(out, config=kit.TEST_CONFIG)) as server:
        assert kit.fetch(f"{server.root}/iiif/manifest/leak.json").status == 404
        assert kit.fetch(f"{server.root}/iiif/manifest/obj-0001.json").status == 200
