"""A record removed from its catalogue: 410 Gone, a tombstone, and nothing left reaching it."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from PIL import Image

from eheritage.images import DEFAULT_BASE_URL
from eheritage.oai import make_oai_app
from eheritage.pipeline.publish import PublishOptions, publish
from eheritage.profiles import load_profile
from harness import Server, request

HEADER = "object_number,object_name,title@az,title@ru,collection,rights\n"
ROWS = {
    "XƏ-1": "Xalça,Ковёр,Carpets",
    "XƏ-2": "Kilim,Килим,Kilims",
    "Ж-3": "Səhəng,Кувшин,Ceramics",
}
OPTIONS = PublishOptions(base_url=DEFAULT_BASE_URL, workers=1, admin_email="digital@example.az")


def catalogue(folder: Path, ids: list[str]) -> Path:
    lines = [f"{i},thing,{ROWS[i]},http://creativecommons.org/publicdomain/mark/1.0/" for i in ids]
    path = folder / "catalogue.csv"
    path.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_withdrawn_record_answers_410_and_nothing_lists_it(tmp_path: Path) -> None:
    scans = tmp_path / "scans"
    scans.mkdir()
    for n, record_id in enumerate(ROWS):
        Image.new("RGB", (300, 200), (40 * n, 90, 120)).save(scans / f"{record_id}.jpg")
    out = tmp_path / "out"
    profile = load_profile("museum")
    publish(catalogue(tmp_path, list(ROWS)), profile, out, OPTIONS, scans=scans)
    assert (out / "iiif" / "manifest" / "XƏ-2.json").is_file()
    report = publish(catalogue(tmp_path, ["XƏ-1", "Ж-3"]), profile, out, OPTIONS, scans=scans)
    assert report.catalog.deleted == 1

    gone = quote("XƏ-2")
    with Server(make_oai_app(out)) as server:
        for path in (f"/record/{gone}", f"/record/{gone}.html", f"/record/{gone}.ttl", f"/iiif/manifest/{gone}.json"):
            assert request(server.root + path, headers={"Accept": "text/html"}).status == 410, path
        tombstone = request(f"{server.root}/record/{gone}.html")
        assert "withdrawn" in tombstone.text and "XƏ-2" in tombstone.text and 'name="robots" content="noindex"' in tombstone.text
        assert request(f"{server.root}/record/{quote('XƏ-1')}.html").status == 200
        listed = reachable(server.root, f"{server.root}/iiif/collection/top.json")
        assert not any("XƏ-2" in url or gone in url for url in listed)
        assert any(quote("XƏ-1") in url for url in listed)
        # Its collection held only it: gone, not promoted to a root of top.json.
        assert not any("Kilims" in url for url in listed)
        assert request(f"{server.root}/iiif/collection/museum-Kilims.json").status == 404
        assert request(f"{server.root}/browse/nhm/Kilims.html").status == 404
        collection_page = request(f"{server.root}/browse/nhm/Carpets.html").text
        assert quote("XƏ-1") in collection_page and gone not in collection_page
    assert not (out / "iiif" / "XƏ-2").exists()
    fixity = (out / "fixity" / "published.sha256").read_text(encoding="utf-8")
    assert "XƏ-2" not in fixity.replace("XƏ-2.html", "") and "XƏ-1" in fixity
    search = "".join(p.read_text(encoding="utf-8") for p in (out / "search").glob("records-*.js"))
    assert gone not in search and quote("XƏ-1") in search


def reachable(root: str, url: str, seen: set[str] | None = None) -> set[str]:
    """Every collection and manifest URL reached from `url` over HTTP."""
    seen = set() if seen is None else seen
    seen.add(url)
    document = json.loads(request(url).body)
    for item in document.get("items", []):
        if item.get("type") in ("Collection", "Manifest") and item["id"] not in seen:
            if item["type"] == "Collection":
                reachable(root, item["id"], seen)
            else:
                seen.add(item["id"])
                assert request(item["id"]).status == 200, item["id"]
    return seen
