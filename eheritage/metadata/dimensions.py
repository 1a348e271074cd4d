"""Dimensions written as text -> height / width / depth / diameter with units.

`394 x 419 mm` is read height x width (x depth), the usual catalogue order. A leading
label (`support:`, `image:`) is dropped; `h. 12 cm; w. 30 cm` names each measurement.
Units: mm, cm, m, in (also мм, см, м, sm). Text that cannot be read gives an empty
tuple, which validation reports as a warning and RDF keeps as a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal

UNITS = {"mm": "mm", "мм": "mm", "cm": "cm", "см": "cm", "sm": "cm", "m": "m", "м": "m",
         "in": "in", "in.": "in", "inch": "in", "inches": "in", '"': "in", "″": "in"}
_ORDER = ("height", "width", "depth")
_NAMED = {"h": "height", "height": "height", "в": "height", "выс": "height", "hünd": "height",
          "w": "width", "width": "width", "ш": "width", "шир": "width", "en": "width",
          "d": "depth", "depth": "depth", "гл": "depth",
          "diam": "diameter", "dia": "diameter", "diameter": "diameter", "диам": "diameter", "ø": "diameter"}
_NUMBER = r"\d+(?:[.,]\d+)?"
_UNIT = r"(?P<unit>mm|cm|m|in\.?|inch(?:es)?|мм|см|м|sm|\"|″)"
_GRID = re.compile(rf"^(?P<nums>{_NUMBER}(?:\s*[x×х*]\s*{_NUMBER}){{0,2}})\s*{_UNIT}$", re.IGNORECASE)
_ONE = re.compile(rf"^(?P<name>[^\W\d_]+|ø)\.?\s*:?\s*(?P<num>{_NUMBER})\s*{_UNIT}$", re.IGNORECASE)
_LABEL = re.compile(r"^[^\d:]*:\s*")


@dataclass(frozen=True)
class Dimension:
    """One measurement: what is measured, the number, the unit."""

    kind: str
    value: Decimal
    unit: str


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _grid(text: str) -> tuple[Dimension, ...] | None:
    m = _GRID.match(text)
    if not m:
        return None
    unit = UNITS[m["unit"].lower()]
    numbers = re.split(r"\s*[x×х*]\s*", m["nums"], flags=re.IGNORECASE)
    return tuple(Dimension(kind, _number(n), unit) for kind, n in zip(_ORDER, numbers))


def _named(part: str) -> Dimension | None:
    m = _ONE.match(part)
    if not m or m["name"].lower() not in _NAMED:
        return None
    return Dimension(_NAMED[m["name"].lower()], _number(m["num"]), UNITS[m["unit"].lower()])


@lru_cache(maxsize=8192)  # catalogues repeat dimensions; validation and RDF both ask
def parse_dimensions(text: str) -> tuple[Dimension, ...]:
    """The measurements in `text`, or an empty tuple when it cannot be read."""
    s = _LABEL.sub("", " ".join(text.split())).strip()
    if not s:
        return ()
    grid = _grid(s)
    if grid is not None:
        return grid
    found = [_named(part.strip()) for part in re.split(r"[;,]\s*(?=\D)", s) if part.strip()]
    return tuple(d for d in found if d is not None) if found and all(found) else ()
