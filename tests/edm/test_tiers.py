"""Europeana tiers computed from our EDM, checked against Metis' rules case by case."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

import pytest

from eheritage.crosswalks import Publication, WebImage
from eheritage.crosswalks.edm import render
from eheritage.crosswalks.tiers import REFUSED, classify
from eheritage.metadata import read_catalogue
from eheritage.profiles import load_profile

PDM = "http://creativecommons.org/publicdomain/mark/1.0/"
INC = "http://rightsstatements.org/vocab/InC/1.0/"
NOC_NC = "http://rightsstatements.org/vocab/NoC-NC/1.0/"
BY_NC = "http://creativecommons.org/licenses/by-nc/4.0/"
FULL_MUSEUM = {"object_number": "M-1", "object_name": "carpet", "title@az": "Xalça", "title@en": "Carpet",
               "description@en": "A carpet.", "maker": "unknown weaver", "date": "c.1850", "place_made": "Shirvan",
               "materials": "wool", "rights": PDM}


def record(tmp_path: Path, profile: str, cells: dict[str, str]):
    path = tmp_path / "c.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(cells)
        writer.writerow(cells.values())
    return read_catalogue(path, load_profile(profile)).records[0]


def tiers(rec, *, images=(), page=True):
    base = "https://example.org/record/"
    return classify(render(Publication.of(rec, base, images=list(images), page=f"{base}{rec.id}.html" if page else None)))


def image(width: int, height: int) -> WebImage:
    return WebImage(f"https://example.org/iiif/{width}x{height}", width, height)


@pytest.mark.parametrize(("size", "expected"), [((1000, 950), 4), ((1000, 949), 2), ((700, 600), 2), ((500, 200), 1),
                                                ((316, 316), 0)])
def test_image_content_tier_follows_the_megapixel_steps(tmp_path, size, expected) -> None:
    assert tiers(record(tmp_path, "museum", FULL_MUSEUM), images=[image(*size)]).content == expected


def test_the_largest_of_the_shown_and_viewed_images_counts(tmp_path) -> None:
    assert tiers(record(tmp_path, "museum", FULL_MUSEUM), images=[image(300, 300), image(1200, 1000)]).content == 4


@pytest.mark.parametrize(("rights", "cap", "name"), [(INC, 2, "InC"), (NOC_NC, 3, "NoC-NC"), (BY_NC, 3, "CC BY-NC")])
def test_the_licence_caps_the_content_tier_and_says_so(tmp_path, rights, cap, name) -> None:
    found = tiers(record(tmp_path, "museum", {**FULL_MUSEUM, "rights": rights}), images=[image(2000, 1500)])
    assert found.content == cap
    assert found.content_next.startswith(f"the {name} licence caps content at tier {cap}")


def test_an_image_record_without_images_has_no_thumbnail_and_is_tier_0(tmp_path) -> None:
    found = tiers(record(tmp_path, "museum", FULL_MUSEUM))
    assert found.content == 0 and "thumbnail" in found.content_next


def test_a_text_with_only_its_landing_page_is_tier_1_and_without_it_0(tmp_path) -> None:
    book = record(tmp_path, "library", {"identifier": "B-1", "title@az": "Kitab", "language": "az", "rights": PDM})
    assert tiers(book).content == 1
    assert tiers(book, page=False).content == 0
    assert tiers(book, images=[image(1200, 800)]).content == 4


def test_a_record_with_neither_page_nor_image_is_refused_and_told_so(tmp_path, edm_problems) -> None:
    rec = record(tmp_path, "museum", FULL_MUSEUM)
    edm = render(Publication.of(rec, "https://example.org/record/"))
    assert any("isShownAt" in problem for problem in edm_problems(edm))  # what Europeana's own rules say
    found = classify(edm)
    assert found.content == 0 and found.content_next == REFUSED
    assert tiers(rec).content_next != REFUSED  # its landing page is enough to be taken


def test_a_full_record_reaches_metadata_c(tmp_path) -> None:
    found = tiers(record(tmp_path, "museum", FULL_MUSEUM), images=[image(1200, 1000)])
    assert (found.content, found.metadata, found.content_next, found.metadata_next) == (4, "C", None, None)


def test_untagged_fields_keep_the_language_criterion_low_and_are_named(tmp_path) -> None:
    profile = load_profile("museum")
    untagged = replace(profile, language=None)  # a profile declaring no language
    path = tmp_path / "c.csv"
    path.write_text("object_number,object_name,title,description,rights\nM-2,jug,Jug,A jug,%s\n" % PDM, encoding="utf-8")
    found = tiers(read_catalogue(path, untagged).records[0], images=[image(1200, 1000)])
    assert found.metadata == "0"
    assert found.metadata_next.startswith("0 of 3 language-bearing fields carry a language: tag dc:description, dc:title, dc:type")


def test_a_time_span_qualifies_only_with_begin_and_end(tmp_path) -> None:
    dated = tiers(record(tmp_path, "museum", {**FULL_MUSEUM, "object_name": "jug", "materials": "glaze"}))
    undated = tiers(record(tmp_path, "museum", {**FULL_MUSEUM, "object_name": "jug", "materials": "glaze", "date": "undated"}))
    assert dated.metadata == "B"  # the parsed date's TimeSpan is the one contextual class
    assert undated.metadata == "A" and "0 contextual class(es) qualify" in undated.metadata_next


@pytest.mark.parametrize("xml", ['<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "<not closed", "<x/>"])
def test_what_is_no_edm_record_is_refused_in_one_way(xml: str) -> None:
    from eheritage.crosswalks.tiers import UNREADABLE

    with pytest.raises(UNREADABLE):
        classify(xml)
