"""Azerbaijani and Cyrillic identifiers and collections publish as themselves, end to end."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from eheritage.catalog import Catalog
from eheritage.catalog.errors import ClaimError
from eheritage.errors import ExitStatus, InputError
from eheritage.metadata import validate
from eheritage.oai import make_oai_app
from eheritage.pipeline.publish import PublishOptions, publish
from eheritage.profiles import load_profile
from harness import Server

BASE_URL = "https://muzey.example.az"
OPTIONS = PublishOptions(base_url=BASE_URL, workers=1)
HEADER = "object_number,object_name,title@az,title@ru,collection,rights\n"
PD = "http://creativecommons.org/publicdomain/mark/1.0/"
ROWS = [("Ф-12", "Ковры"), ("Д-12", "Ковры"), ("ƏM-2021/15", "Xalçalar"), ("ŞƏK 7", "Xalçalar")]
OAI = "{http://www.openarchives.org/OAI/2.0/}"


def catalogue(folder: Path, rows: list[tuple[str, str]], name: str = "catalogue.csv") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    lines = [f"{ident},xalça,Xalça {ident},Ковёр {ident},{collection},{PD}\n" for ident, collection in rows]
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("unicode")
    scans = root / "scans"
    scans.mkdir()
    Image.new("RGB", (64, 48), (120, 30, 30)).save(scans / "Ф-12.jpg")
    Image.new("RGB", (64, 48), (30, 120, 30)).save(scans / "ƏM-2021-15.jpg")
    out = root / "OUT"
    report = publish(catalogue(root, ROWS), load_profile("museum"), out, OPTIONS, scans=scans)
    assert report.exit_status == ExitStatus.OK, report.to_json()
    return out


def oai(server: Server, **arguments: str) -> etree._Element:
    with urllib.request.urlopen(f"{server.oai}?{urllib.parse.urlencode(arguments)}", timeout=30) as reply:
        return etree.fromstring(reply.read())


def test_four_identifiers_publish_as_four_records_keeping_their_letters(published: Path, valid) -> None:
    rdf = sorted(path.stem for path in (published / "record").glob("*.ttl"))
    assert rdf == sorted(["Ф-12", "Д-12", "ƏM-2021-15", "ŞƏK-7"])
    turtle = (published / "record" / "ŞƏK-7.ttl").read_text(encoding="utf-8")
    assert "<https://muzey.example.az/record/ŞƏK-7>" in turtle
    manifest = json.loads((published / "iiif" / "manifest" / "Ф-12.json").read_text(encoding="utf-8"))
    assert manifest["id"] == f"{BASE_URL}/iiif/manifest/%D0%A4-12.json"
    assert (published / "iiif" / "Ф-12" / "info.json").is_file()
    with Server(make_oai_app(published)) as server:
        listing = oai(server, verb="ListIdentifiers", metadataPrefix="oai_dc")
        valid(etree.tostring(listing))
        identifiers = {e.text for e in listing.iter(f"{OAI}identifier")}
        assert len(identifiers) == 4
        for typed in ("Ф-12", "ƏM-2021-15"):
            oai_id = f"oai:example.org:{urllib.parse.quote(typed)}"  # the institution's domain, not the host serving OUT
            assert oai_id in identifiers
            record = oai(server, verb="GetRecord", metadataPrefix="oai_dc", identifier=oai_id)
            valid(etree.tostring(record))
            dc_ids = [e.text for e in record.iter("{http://purl.org/dc/elements/1.1/}identifier")]
            assert f"{BASE_URL}/record/{urllib.parse.quote(typed)}.html" in dc_ids and len(dc_ids) == 2  # and its catalogued number


def test_sets_of_cyrillic_and_azerbaijani_collections_are_valid_and_named(published: Path, valid) -> None:
    with Server(make_oai_app(published)) as server:
        sets = oai(server, verb="ListSets")
        valid(etree.tostring(sets))
        named = {s.findtext(f"{OAI}setName"): s.findtext(f"{OAI}setSpec") for s in sets.iter(f"{OAI}set")}
        assert named["Ковры"].startswith("museum:Kovry-")
        assert named["Xalçalar"].startswith("museum:Xalcalar-")
        carpets = oai(server, verb="ListIdentifiers", metadataPrefix="oai_dc", set=named["Ковры"])
        assert len(list(carpets.iter(f"{OAI}header"))) == 2


def test_identifiers_that_name_one_record_stop_the_publish_before_writing(tmp_path: Path) -> None:
    path = catalogue(tmp_path, [("Ə-1", "A"), ("ə-1", "A"), ("NHM 12/3", "A"), ("NHM-12-3", "A")])
    problems = [p for p in validate(path, "museum").problems if p.severity == "error"]
    assert {p.row for p in problems} == {3, 5}
    assert "row 2" in problems[0].message and "row 4" in problems[1].message
    out = tmp_path / "OUT"
    with pytest.raises(InputError, match="row 2 'Ə-1' and row 3 'ə-1'"):
        publish(path, load_profile("museum"), out, OPTIONS)
    assert not out.exists()


def test_a_second_catalogue_claiming_an_identifier_is_refused_naming_both(tmp_path: Path) -> None:
    out = tmp_path / "OUT"
    museum = catalogue(tmp_path / "museum", [("X-1", "A")])
    publish(museum, load_profile("museum"), out, OPTIONS)
    before = (out / "record" / "X-1.ttl").read_bytes()
    other = catalogue(tmp_path / "other", [("X-1", "B")])
    with pytest.raises(ClaimError) as caught:
        publish(other, load_profile("museum"), out, PublishOptions(base_url=BASE_URL, scope="nhm/other"))
    assert "nhm/museum" in caught.value.message and "nhm/other" in caught.value.message
    assert (out / "record" / "X-1.ttl").read_bytes() == before
    with Catalog.open(out, readonly=True) as catalog:
        assert catalog.claimed_elsewhere(["X-1"], "nhm/other") == {"X-1": "nhm/museum"}


def test_a_row_with_errors_is_held_back_and_keeps_what_it_published(tmp_path: Path) -> None:
    out = tmp_path / "OUT"
    path = catalogue(tmp_path, [("A-1", "A"), ("A-2", "A")])
    publish(path, load_profile("museum"), out, OPTIONS)
    published = (out / "record" / "A-2.ttl").read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace(f"Ковёр A-2,A,{PD}", "Ковёр A-2,A,all rights"), encoding="utf-8")
    report = publish(path, load_profile("museum"), out, OPTIONS)
    assert report.exit_status == ExitStatus.PROBLEMS
    assert any(f.row == 3 and "not published" in f.message for f in report.failures)
    assert report.catalog.deleted == 0
    assert (out / "record" / "A-2.ttl").read_text(encoding="utf-8") == published


@pytest.mark.parametrize("listed", ["{outside}", "../secret.jpg", "../../secret.jpg", "sub/../../secret.jpg", "link.jpg"])
def test_image_files_cannot_reach_outside_the_scans_folder(tmp_path: Path, listed: str) -> None:
    scans = tmp_path / "cat" / "scans"
    (scans / "sub").mkdir(parents=True)
    secret = tmp_path / "cat" / "secret.jpg"
    Image.new("RGB", (32, 32), (0, 0, 200)).save(secret)
    (scans / "link.jpg").symlink_to(secret)
    listed = listed.format(outside=secret)
    path = tmp_path / "cat" / "catalogue.csv"
    path.write_text(f"{HEADER.strip()},image_files\nS-1,xalça,Xalça,Ковёр,A,{PD},{listed}\n", encoding="utf-8")
    problems = [p for p in validate(path, "museum", scans_dir=scans).problems if p.column == "image_files"]
    assert problems and problems[0].row == 2 and problems[0].severity == "error", problems
    out = tmp_path / "OUT"
    report = publish(path, load_profile("museum"), out, OPTIONS, scans=scans)
    assert report.exit_status == ExitStatus.PROBLEMS
    assert not (out / "iiif" / "secret").exists()
    sources = (out / "fixity" / "sources.sha256").read_text(encoding="utf-8") if (out / "fixity" / "sources.sha256").exists() else ""
    assert "secret" not in sources


def test_an_overlong_identifier_is_refused_with_its_row_and_the_limit(tmp_path: Path) -> None:
    path = catalogue(tmp_path, [("Ж" * 10_000, "A"), ("OK-1", "A")])
    [problem] = [p for p in validate(path, "museum").problems if p.severity == "error"]
    assert problem.row == 2 and "at most 180 bytes" in problem.message
    report = publish(path, load_profile("museum"), tmp_path / "OUT", OPTIONS)
    assert [f.row for f in report.failures] == [2]
    assert sorted(p.name for p in (tmp_path / "OUT" / "record").iterdir()) == ["OK-1.html", "OK-1.jsonld", "OK-1.ttl"]
