"""The site's parsers of outside text, property-tested: Accept headers and search words."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from array import array
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eheritage.site.browse import NEAR_PAGES, pager
from eheritage.site.rights import rights_name
from eheritage.site.search import _write_terms, fold, term_key, words
from eheritage.web.negotiate import choose
from eheritage.web.rebase import Rebase

ROOT = Path(__file__).resolve().parents[2]


def test_negotiation_follows_quality_and_specificity() -> None:
    assert choose(None) == choose("") == choose("*/*") == "html"
    assert choose("text/turtle") == "ttl"
    assert choose("application/ld+json, text/turtle;q=0.5") == "jsonld"
    assert choose("text/html;q=0.1, text/turtle") == "ttl"
    assert choose("text/*;q=0.3, text/turtle;q=0") == "html"
    assert choose("text/html;q=0, */*;q=0.1") in {"ttl", "jsonld"}
    assert choose("image/png") is None
    # What browsers send.
    assert choose("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8") == "html"


@given(st.text(max_size=300))
def test_any_accept_header_gets_an_answer_or_none(header: str) -> None:
    assert choose(header) in {None, "html", "ttl", "jsonld"}


@given(st.text(max_size=200))
def test_folding_is_idempotent_and_words_are_folded(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert all(word == fold(word) and word for word in words(text))
    assert all(term_key(word) for word in words(text))


def test_azerbaijani_and_cyrillic_fold_together() -> None:
    assert words("ŞƏKİ") == words("Şəki") == words("seki") == ["seki"]
    assert words("Işıq İşıq") == ["isiq", "isiq"]
    assert words("Ковёр с узором") == ["ковер", "с", "узором"]
    assert words("hand-knotted, 1850") == ["hand", "knotted", "1850"]


def test_rights_statements_have_names() -> None:
    assert rights_name("http://rightsstatements.org/vocab/InC/1.0/") == "In Copyright"
    assert rights_name("http://creativecommons.org/licenses/by-sa/4.0/") == "CC BY-SA 4.0"
    assert rights_name("http://creativecommons.org/publicdomain/mark/1.0/") == "Public Domain Mark 1.0"
    assert rights_name("https://example.org/terms") == "https://example.org/terms"


def test_rebasing_replaces_the_base_as_written_and_percent_encoded() -> None:
    rebase = Rebase("http://127.0.0.1:8000", "https://heritage.example.az")
    text = 'id "http://127.0.0.1:8000/iiif/x" ?manifest=http%3A%2F%2F127.0.0.1%3A8000%2Fiiif'
    assert rebase.text(text) == 'id "https://heritage.example.az/iiif/x" ?manifest=https%3A%2F%2Fheritage.example.az%2Fiiif'
    assert not Rebase("https://a.example", "https://a.example").active


def test_the_vendored_viewer_is_the_pinned_build() -> None:
    checked = subprocess.run([sys.executable, str(ROOT / "tools" / "vendor_assets.py"), "--check"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    licence = ROOT / "eheritage" / "site" / "assets" / "vendor" / "openseadragon" / "LICENSE.txt"
    assert "BSD" in licence.read_text(encoding="utf-8") or "Redistribution" in licence.read_text(encoding="utf-8")


def test_catalogue_text_cannot_break_out_of_a_page(tmp_path: Path) -> None:
    from eheritage.metadata import read_catalogue
    from eheritage.profiles import load_profile
    from eheritage.site.cards import CatalogueInfo
    from eheritage.site.record import record_page

    evil = '</script><script>alert(1)</script>" onload="x'
    path = tmp_path / "catalogue.csv"
    path.write_text(f'object_number,object_name,title@az,description@en,collection\nX-1,thing,"{evil.replace(chr(34), 2 * chr(34))}",'
                    f'"{evil.replace(chr(34), 2 * chr(34))}",<b>Kolleksiya</b>\n', encoding="utf-8")
    profile = load_profile("museum")
    [record] = read_catalogue(path, profile).records
    html, card = record_page(record, profile, [], "https://h.example.az", CatalogueInfo.of(profile, "nhm/museum"), "<i>Site</i>",
                             oai_namespace="example.org")
    assert "<script>alert" not in html and "<b>Kolleksiya" not in html and "<i>Site" not in html
    assert '" onload="x' not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert card.titles == {"az": evil}


@given(st.integers(1, 12_000).flatmap(lambda count: st.tuples(st.just(count), st.integers(1, count))))
def test_a_browse_page_links_to_its_neighbours_the_ends_and_a_few_near_pages(count_and_number: tuple[int, int]) -> None:
    """A national list has thousands of pages: each page links to a bounded few, in order,
    with a gap wherever pages are left out, and never to itself."""
    count, number = count_and_number
    hrefs = ["browse/nhm.html", *(f"browse/nhm.page-{n}.html" for n in range(2, count + 1))]
    paging = pager(hrefs, number)
    pages = [link[0] for link in paging["links"] if link is not None]
    assert pages == sorted(set(pages)) and {1, count, number} <= set(pages)
    assert set(range(max(1, number - NEAR_PAGES), min(count, number + NEAR_PAGES) + 1)) <= set(pages)
    assert len(pages) <= 2 * NEAR_PAGES + 3
    for before, after in zip(paging["links"], paging["links"][1:]):
        assert before is not None or after is not None  # never two gaps in a row
        if before is not None and after is not None:
            assert after[0] == before[0] + 1  # consecutive pages, or a gap between them
    assert all(link is None or link[1] == hrefs[link[0] - 1].rsplit("/", 1)[-1] for link in paging["links"])
    assert paging["previous"] == (hrefs[number - 2].rsplit("/", 1)[-1] if number > 1 else None)
    assert paging["next"] == (hrefs[number].rsplit("/", 1)[-1] if number < count else None)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.text(min_size=1, max_size=8), st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=40),
                       max_size=8), st.integers(1, 5))
def test_a_terms_file_streamed_in_slices_is_the_json_of_its_words(tmp_path: Path, postings: dict[str, list[int]],
                                                                 at_once: int) -> None:
    by_word = {word: numbers[0] if len(numbers) == 1 else array("I", numbers) for word, numbers in postings.items()}
    path = tmp_path / "terms.js"
    _write_terms(path, "71-72", sorted(by_word), by_word, at_once)  # small slices: a million numbers need not be drawn
    expected = json.dumps({word: postings[word] for word in sorted(postings)}, ensure_ascii=False, separators=(",", ":"))
    assert path.read_text(encoding="utf-8") == f'eheritageSearch.terms("71-72",{expected});\n'


def test_folding_drops_every_combining_mark_unicode_has() -> None:
    # The folding table fills as characters are met: each mark must still go, whichever comes first
    marks = [chr(code) for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)).startswith("M")]
    assert len(marks) > 2000
    assert [mark for mark in marks if fold("a" + mark + "b") != "ab"] == []
    assert fold("Şəki ŞƏKİ Ковёр ıslaq Straße") == "seki seki ковер islaq strasse"
    assert words("Şəki-nin «Ковёр» 1907_b") == ["seki", "nin", "ковер", "1907", "b"]
