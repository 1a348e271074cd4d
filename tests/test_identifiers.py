"""The identifier policy: keys keep their letters, collide only when they name one thing, fit a file."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eheritage.identifiers import (
    MAX_KEY_BYTES,
    IdentifierProblem,
    collision_key,
    from_oai_local_part,
    image_key,
    oai_local_part,
    record_key,
    set_part,
    transliterate,
    uri_segment,
)

#: setSpecType's part, and the oai-identifier local part (oai-identifier.xsd).
SET_SPEC_PART = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
OAI_LOCAL = re.compile(r"[a-zA-Z0-9\-_.!~*'();/?:@&=+$,%]+")
#: Text as catalogues hold it: Azerbaijani and Russian letters first, then anything.
CATALOGUE_TEXT = st.text(alphabet=st.sampled_from("ƏəŞşĞğİıÖöÜüÇçФДЖЩЭЮЯфджщэюяAZaz09 -/_.№()«»,"), max_size=40) | st.text(max_size=40)


@pytest.mark.parametrize(
    ("typed", "key"),
    [("Ф-12", "Ф-12"), ("Д-12", "Д-12"), ("ƏM-2021/15", "ƏM-2021-15"), ("ŞƏK 7", "ŞƏK-7"), ("КП-123", "КП-123"),
     ("ЭКСПОНАТ", "ЭКСПОНАТ"), ("NHM 12/3", "NHM-12-3"), ("  inv. 7  ", "inv. 7".replace(" ", "-"))],
)
def test_record_keys_keep_their_letters(typed: str, key: str) -> None:
    assert record_key(typed) == key


def test_the_four_issue_identifiers_stay_four() -> None:
    keys = {record_key(typed) for typed in ("Ф-12", "Д-12", "ƏM-2021/15", "ŞƏK 7")}
    assert len({collision_key(k) for k in keys}) == 4


def test_case_only_differences_collide_since_disks_ignore_case() -> None:
    assert collision_key(record_key("Ə-1")) == collision_key(record_key("ə-1"))
    assert collision_key(record_key("NHM 12/3")) == collision_key(record_key("nhm-12-3"))


@pytest.mark.parametrize("typed", ["", "   ", "///", "—", "a\x00b", "x" * (MAX_KEY_BYTES + 1), "Ж" * (MAX_KEY_BYTES // 2 + 1)])
def test_unusable_identifiers_are_refused_with_a_hint(typed: str) -> None:
    with pytest.raises(IdentifierProblem) as caught:
        record_key(typed)
    assert caught.value.hint


def test_an_overlong_identifier_names_the_limit() -> None:
    with pytest.raises(IdentifierProblem, match=f"at most {MAX_KEY_BYTES} bytes"):
        record_key("Ф" * 10_000)


@given(CATALOGUE_TEXT)
@settings(max_examples=400)
def test_a_record_key_is_a_safe_file_name_and_round_trips_as_a_uri(typed: str) -> None:
    try:
        key = record_key(typed)
    except IdentifierProblem:
        return
    assert key and "/" not in key and "\\" not in key and not key.startswith(".")
    assert len(key.encode("utf-8")) <= MAX_KEY_BYTES
    assert record_key(key) == key  # a key is its own key: publishing twice never renames
    assert uri_segment(key).isascii() and unquote(uri_segment(key)) == key
    assert OAI_LOCAL.fullmatch(oai_local_part(key)) and from_oai_local_part(oai_local_part(key)) == key


def _by_category(text: str, by: str) -> str:
    """Each character kept or replaced as the policy says, looked at one by one."""
    return "".join(c if c in "-._~" or unicodedata.category(c)[0] in "LNM" else by for c in text)


@given(CATALOGUE_TEXT)
@settings(max_examples=400)
def test_keys_replace_exactly_the_characters_the_policy_names(typed: str) -> None:
    # keys are made through a cached translate table: it must keep what the categories keep
    text = unicodedata.normalize("NFC", typed.strip())
    if any(unicodedata.category(c) == "Cc" for c in text):
        with pytest.raises(IdentifierProblem, match="control characters"):
            record_key(typed)
        return
    # (40 characters at most: never too long a key)
    expected = re.sub("-{2,}", "-", _by_category(text, "-")).strip("-.")
    if expected:
        assert record_key(typed) == expected
    else:
        with pytest.raises(IdentifierProblem, match="no letters or digits"):
            record_key(typed)
    underscored = _by_category(unicodedata.normalize("NFC", typed), "_")
    if underscored and not underscored.startswith(".") and not any(unicodedata.category(c) == "Cc" for c in typed):
        assert image_key(typed) == underscored


@given(CATALOGUE_TEXT)
@settings(max_examples=300)
def test_an_image_key_never_escapes_its_folder(stem: str) -> None:
    try:
        key = image_key(stem)
    except IdentifierProblem:
        return
    assert key not in {".", ".."} and not key.startswith(".") and "/" not in key
    assert len(key.encode("utf-8")) <= MAX_KEY_BYTES


@pytest.mark.parametrize(
    ("text", "ascii_text"),
    [("Ковры", "Kovry"), ("Щит и Жук", "Shchit i Zhuk"), ("Xalçalar", "Xalcalar"), ("Əliyev", "Aliyev"),
     ("Şəki xanlığı", "Saki xanligi"), ("Ҹәлил Әһмәдов", "Calil Ahmadov"), ("Ёлка", "Elka")],
)
def test_transliteration_follows_the_published_tables(text: str, ascii_text: str) -> None:
    assert transliterate(text) == ascii_text


def test_set_parts_are_readable_and_keep_valid_names() -> None:
    assert set_part("Carpets") == "Carpets"
    assert set_part("Ковры").startswith("Kovry-")
    assert set_part("Xalçalar").startswith("Xalcalar-")
    assert set_part("Ковры") == set_part("Ковры")  # the same in every run and catalogue


@given(st.lists(CATALOGUE_TEXT.filter(str.strip), min_size=2, max_size=8, unique_by=lambda name: unicodedata.normalize("NFC", name)))
@settings(max_examples=200)
def test_set_parts_are_valid_and_distinct_per_name(names: list[str]) -> None:
    parts = [set_part(name) for name in names]
    assert all(SET_SPEC_PART.fullmatch(part) for part in parts)
    assert len(set(parts)) == len(parts)
