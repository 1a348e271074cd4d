from decimal import Decimal

import pytest

from eheritage.metadata.dimensions import parse_dimensions


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("support: 394 x 419 mm", [("height", "394", "mm"), ("width", "419", "mm")]),
        ("24 x 30 cm", [("height", "24", "cm"), ("width", "30", "cm")]),
        ("h. 12 cm", [("height", "12", "cm")]),
        ("12.5 x 8 in", [("height", "12.5", "in"), ("width", "8", "in")]),
        ("12,5 × 8 × 3 см", [("height", "12.5", "cm"), ("width", "8", "cm"), ("depth", "3", "cm")]),
        ("h. 12 cm; w. 30 cm", [("height", "12", "cm"), ("width", "30", "cm")]),
    ],
)
def test_dimensions_become_typed_measurements(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(d.kind, d.value, d.unit) for d in parse_dimensions(text)] == [(k, Decimal(v), u) for k, v, u in expected]


@pytest.mark.parametrize("text", ["big", "24 x 30", "", "h. twelve cm"])
def test_unreadable_dimensions_give_nothing(text: str) -> None:
    assert parse_dimensions(text) == ()


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("support: 1013 x 1270 mm\nframe: 1207 x 1460 x 105 mm",
         [("support", "height", "1013", "mm"), ("support", "width", "1270", "mm"), ("frame", "height", "1207", "mm"),
          ("frame", "width", "1460", "mm"), ("frame", "depth", "105", "mm")]),
        ("object: 121 x 51 x 38 mm, 0.4 kg",
         [("object", "height", "121", "mm"), ("object", "width", "51", "mm"), ("object", "depth", "38", "mm"),
          ("object", "weight", "0.4", "kg")]),
        ("image: 300 x 200 mm\nsupport: 400 x 300 mm",
         [("image", "height", "300", "mm"), ("image", "width", "200", "mm"), ("support", "height", "400", "mm"),
          ("support", "width", "300", "mm")]),
        ("displayed: 1200 x 800 x 600 mm",
         [("displayed", "height", "1200", "mm"), ("displayed", "width", "800", "mm"), ("displayed", "depth", "600", "mm")]),
        ("support: 30 x 20 cm; frame: 40 x 30 cm",
         [("support", "height", "30", "cm"), ("support", "width", "20", "cm"), ("frame", "height", "40", "cm"),
          ("frame", "width", "30", "cm")]),
        ("394 x 219 cm (155 x 86 in)", [(None, "height", "394", "cm"), (None, "width", "219", "cm")]),
        ("24 cm x 30 cm", [(None, "height", "24", "cm"), (None, "width", "30", "cm")]),
        ("рама: 50 х 40 см", [("frame", "height", "50", "cm"), ("frame", "width", "40", "cm")]),
        ("height: 30 cm", [(None, "height", "30", "cm")]),
        ("overall: 30 x 40 cm\nweight: 2.5 kg", [("overall", "height", "30", "cm"), ("overall", "width", "40", "cm"),
                                                (None, "weight", "2.5", "kg")]),
    ],
)
def test_each_labelled_part_gets_its_own_measurements(text: str, expected: list[tuple]) -> None:
    assert [(d.part, d.kind, d.value, d.unit) for d in parse_dimensions(text)] == [(p, k, Decimal(v), u) for p, k, v, u in expected]


@pytest.mark.parametrize(
    ("text", "notes"),
    [("support, each: 300 x 200 mm", ("each",)), ("unconfirmed: 45 x 30 cm", ("unconfirmed",)), ("c. 30 cm", ("approximate",)),
     ("approx. 12 x 9 in", ("approximate",))],
)
def test_each_and_unconfirmed_are_kept_as_notes(text: str, notes: tuple[str, ...]) -> None:
    found = parse_dimensions(text)
    assert found and all(d.notes == notes for d in found)


#: Dimension strings in the forms museum catalogues publish (parts, weights, brackets, units
#: per number, Russian and Azerbaijani units), written for this test.
CATALOGUE_FORMS = """\
support: 394 x 419 mm
support: 1013 x 1270 mm|frame: 1207 x 1460 x 105 mm
object: 121 x 51 x 38 mm, 0.4 kg
image: 203 x 152 mm|support: 290 x 232 mm
support, each: 300 x 200 mm
unconfirmed: 45 x 30 cm
displayed: 1200 x 800 x 600 mm
overall: 12 x 5 in.
sheet: 560 x 760 mm
plate: 148 x 98 mm|sheet: 250 x 180 mm
h. 12 cm
h. 12 cm; w. 30 cm
h. 45 cm; diam. 20 cm
diam. 5 cm
24 x 30 cm
394 x 219 cm
12,5 × 8 × 3 см
50 х 40 см
2 x 3 m
0.4 kg
350 g
c. 30 cm
approx. 12 x 9 in
394 x 219 cm (155 x 86 in)
24 cm x 30 cm
рама: 50 х 40 см
frame: 62 x 50 x 4 cm
mount: 400 x 300 mm
sight: 180 x 120 mm
object: 15 x 15 x 2 cm, 250 g
support: 600 x 500 mm; frame: 720 x 620 x 60 mm
image: 100 x 150 mm. sheet: 200 x 250 mm
length 30 cm
w. 18 cm
height: 30 cm
base: 10 x 10 cm
overall: 30 x 40 x 20 cm|weight: 2.5 kg
""".splitlines()


def test_the_catalogue_forms_parse_at_99_percent_or_better() -> None:
    texts = [line.replace("|", "\n") for line in CATALOGUE_FORMS if line.strip()]
    unread = [text for text in texts if not parse_dimensions(text)]
    assert len(unread) <= len(texts) // 100, unread


@given(st.text(alphabet=st.sampled_from("0123456789 .,x×х:;\nmcinkgмсщ()-abcdefghrstuwé"), max_size=60) | st.text(max_size=60))
@settings(max_examples=500)
def test_any_text_parses_or_gives_nothing_without_raising(text: str) -> None:
    for d in parse_dimensions(text):
        assert d.value >= 0 and d.unit
