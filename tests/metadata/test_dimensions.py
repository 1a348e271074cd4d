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
