"""What the aggregator normalises in harvested Dublin Core, and what it leaves alone."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from eheritage.harvest.normalise import normalise

DC = "{http://purl.org/dc/elements/1.1/}"


def record(*elements: tuple[str, str]) -> str:
    body = "".join(f"<dc:{name}>{text}</dc:{name}>" for name, text in elements)
    return ('<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" '
            f'xmlns:dc="http://purl.org/dc/elements/1.1/">{body}</oai_dc:dc>')


def normalised(xml: str) -> tuple[str, bool]:
    root = etree.fromstring(xml.encode())
    changed = normalise(root)
    return etree.tostring(root, encoding="unicode"), changed


def values(xml: str, name: str) -> list[str]:
    return [e.text for e in etree.fromstring(xml.encode()).iter(f"{DC}{name}")]


@pytest.mark.parametrize(("given_", "expected"), [("Russian", "ru"), ("rus", "ru"), ("русский", "ru"), ("aze", "az"),
                                                  ("Azərbaycan", "az"), ("ger", "de"), ("Klingon", "Klingon")])
def test_languages_become_iso_639_1_where_we_know_them(given_: str, expected: str) -> None:
    assert values(normalised(record(("language", given_)))[0], "language") == [expected]


@pytest.mark.parametrize(("rights", "expected"), [
    ("https://creativecommons.org/licenses/by/4.0/deed.az", "http://creativecommons.org/licenses/by/4.0/"),
    ("http://rightsstatements.org/vocab/InC/1.0", "http://rightsstatements.org/vocab/InC/1.0/"),
    ("http://rightsstatements.org/vocab/InC/1.0/", "http://rightsstatements.org/vocab/InC/1.0/"),
    ("All rights reserved", "All rights reserved"),
])
def test_rights_take_the_one_form_europeana_accepts(rights: str, expected: str) -> None:
    assert values(normalised(record(("rights", rights)))[0], "rights") == [expected]


def test_a_dcmi_type_is_added_only_where_the_type_says_one() -> None:
    assert values(normalised(record(("type", "info:eu-repo/semantics/article")))[0], "type") == [
        "info:eu-repo/semantics/article", "Text"]
    assert values(normalised(record(("type", "Image")))[0], "type") == ["Image"]  # already a DCMI Type
    xml, changed = normalised(record(("type", "something else"), ("title", "T")))
    assert not changed and values(xml, "type") == ["something else"]


@given(st.lists(st.tuples(st.sampled_from(["title", "language", "type", "rights"]),
                          st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)), max_size=6))
def test_any_record_stays_well_formed_and_keeps_its_elements(elements) -> None:
    from xml.sax.saxutils import escape

    xml = record(*((name, escape(text)) for name, text in elements))
    out, _ = normalised(xml)
    for name in ("title", "language", "rights"):
        assert len(values(out, name)) == len(values(xml, name))
