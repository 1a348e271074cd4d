import pytest

from eheritage.metadata.dates import parse_date


@pytest.mark.parametrize(
    ("text", "edtf", "begin", "end"),
    [
        ("1850", "1850", "1850-01-01T00:00:00", "1850-12-31T23:59:59"),
        ("c.1850", "1850~", "1845-01-01T00:00:00", "1855-12-31T23:59:59"),
        ("ca. 1850", "1850~", "1845-01-01T00:00:00", "1855-12-31T23:59:59"),
        ("?1850", "1850?", "1850-01-01T00:00:00", "1850-12-31T23:59:59"),
        ("1850?", "1850?", "1850-01-01T00:00:00", "1850-12-31T23:59:59"),
        ("1826-7", "1826/1827", "1826-01-01T00:00:00", "1827-12-31T23:59:59"),
        ("1826-1827", "1826/1827", "1826-01-01T00:00:00", "1827-12-31T23:59:59"),
        ("1826\u20131827", "1826/1827", "1826-01-01T00:00:00", "1827-12-31T23:59:59"),
        ("1850s", "185X", "1850-01-01T00:00:00", "1859-12-31T23:59:59"),
        ("18th century", "1701/1800", "1701-01-01T00:00:00", "1800-12-31T23:59:59"),
        ("early 19th century", "1801/1834", "1801-01-01T00:00:00", "1834-12-31T23:59:59"),
        ("XIX əsr", "1801/1900", "1801-01-01T00:00:00", "1900-12-31T23:59:59"),
        ("XIX век", "1801/1900", "1801-01-01T00:00:00", "1900-12-31T23:59:59"),
        ("1794/c.1830-5", "1794/1835~", "1794-01-01T00:00:00", "1840-12-31T23:59:59"),
        ("12 May 1902", "1902-05-12", "1902-05-12T00:00:00", "1902-05-12T23:59:59"),
        ("1902-05-12", "1902-05-12", "1902-05-12T00:00:00", "1902-05-12T23:59:59"),
        ("500 BC", "-0499", "-0499-01-01T00:00:00", "-0499-12-31T23:59:59"),
        ("5th century BCE", "-0499/-0400", "-0499-01-01T00:00:00", "-0400-12-31T23:59:59"),
    ],
)
def test_dates_normalise_to_edtf_and_bounds(text: str, edtf: str, begin: str, end: str) -> None:
    parsed = parse_date(text)
    assert parsed is not None
    assert (parsed.edtf, parsed.begin_datetime, parsed.end_datetime) == (edtf, begin, end)
    assert parsed.text == text


def test_first_date_governs_and_the_rest_is_kept() -> None:
    parsed = parse_date("1826-7, reprinted 1892")
    assert parsed is not None
    assert parsed.edtf == "1826/1827"
    assert parsed.rest == "reprinted 1892"


@pytest.mark.parametrize("text", ["", "unknown", "XIX", "31 February 1902", "sometime in spring"])
def test_unreadable_dates_give_none(text: str) -> None:
    assert parse_date(text) is None


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

#: What date cells are made of: digits, separators, century words and numerals in three languages.
DATE_PARTS = st.sampled_from(["1850", "19", "c.", "ca. ", "?", "-", "/", "–", "s", " ", "BC", "XIX", "əsr", "век",
                              "century", "early", "late", "May", "12", "0", "99999", "-7", ","])


@given(st.lists(DATE_PARTS, max_size=8).map("".join) | st.text(max_size=40))
@settings(max_examples=600)
def test_any_date_cell_parses_to_bounds_or_nothing_without_raising(text: str) -> None:
    parsed = parse_date(text)
    if parsed is not None:
        assert parsed.edtf
        assert parsed.begin_datetime and parsed.end_datetime
