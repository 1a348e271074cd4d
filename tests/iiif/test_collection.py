"""Collections: one per profile listing its manifests, and top.json listing the collections."""

from __future__ import annotations

import json

from eheritage.iiif import TOP, CollectionEntry, ManifestSpec, build_collection, entry_for, write_collection, write_manifest


def test_top_collection_lists_profile_collections_that_list_manifests(publish, out, base_url, check_published):
    manifests = {}
    for record in ("NHM-1998-0042", "NHM-2003-0117"):
        publish(f"{record}_0001")
        spec = ManifestSpec(id=record, label={"en": [record], "az": [f"Əşya {record}"]}, images=[f"{record}_0001"])
        manifests[record] = write_manifest(spec, out, base_url)

    museum = write_collection(
        "museum", {"en": ["Museum objects"], "az": ["Muzey əşyaları"], "ru": ["Музейные предметы"]},
        [entry_for(manifests[r]) for r in ("NHM-2003-0117", "NHM-1998-0042")], out, base_url,
    )  # fmt: skip
    top = write_collection(TOP, {"en": ["All collections"]}, [entry_for(museum)], out, base_url)

    for document in (museum, top):
        check_published(document)
    assert top["id"] == f"{base_url}/iiif/collection/top.json"
    assert json.loads((out / "iiif/collection/top.json").read_text(encoding="utf-8")) == top
    assert top["items"] == [{"id": museum["id"], "type": "Collection", "label": museum["label"]}]
    assert museum["label"]["ru"] == ["Музейные предметы"]
    assert [item["id"] for item in museum["items"]] == [manifests[r]["id"] for r in ("NHM-2003-0117", "NHM-1998-0042")]
    first = museum["items"][0]
    assert first["type"] == "Manifest" and first["label"]["az"] == ["Əşya NHM-2003-0117"]
    assert first["thumbnail"] == manifests["NHM-2003-0117"]["thumbnail"]


def test_an_empty_collection_is_still_valid(out, base_url, check_published):
    collection = write_collection("archive", {"en": ["Archive"]}, [], out, base_url, summary={"en": ["Nothing yet."]})

    check_published(collection)
    assert collection["items"] == []
    assert collection["summary"] == {"en": ["Nothing yet."]}


def test_entries_can_be_given_by_hand(base_url):
    entry = CollectionEntry(id=f"{base_url}/iiif/manifest/X.json", label={"none": ["X"]})

    collection = build_collection("loose", {"en": ["Loose"]}, [entry], base_url)

    assert collection["items"] == [{"id": entry.id, "type": "Manifest", "label": {"none": ["X"]}}]
