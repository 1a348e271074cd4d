"""Dimensions written as text -> measurements with units, one set per labelled part.

Real museum catalogues label what they measure and measure several things in one cell:

    support: 1013 x 1270 mm
    frame: 1207 x 1460 x 105 mm
    object: 121 x 51 x 38 mm, 0.4 kg
    support, each: 300 x 200 mm      (a pair: the note "each" is kept)
    unconfirmed: 45 x 30 cm          (kept with the note "unconfirmed")

A cell is split into segments at line breaks and at `;` or `.` before a new label. Each
segment's label names the part (support, frame, image, object, overall, displayed,
sheet...; any other word is kept as the part's name) and may carry notes (each,
unconfirmed, approximate). Its body holds a grid `H x W (x D) unit`, named measurements
(`h. 12 cm`, `diam. 5 cm`) and a weight (`0.4 kg`), separated by commas or semicolons;
alternative units in brackets (`(15 x 8 in)`) are dropped, being the same measurement.
Units: mm, cm, m, in (also мм, см, м, sm) and for weight g, kg (г, кг). Text
that cannot be read gives an empty tuple, which validation reports and RDF keeps as a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

UNITS = {"mm": "mm", "мм": "mm", "cm": "cm", "см": "cm", "sm": "cm", "m": "m", "м": "m",
         "in": "in", "in.": "in", "inch": "in", "inches": "in", '"': "in", "″": "in"}
WEIGHT_UNITS = {"g": "g", "г": "g", "gr": "g", "kg": "kg", "кг": "kg"}
_ORDER = ("height", "width", "depth")
_NAMED = {"h": "height", "height": "height", "в": "height", "выс": "height", "hünd": "height",
          "w": "width", "width": "width", "ш": "width", "шир": "width", "en": "width",
          "d": "depth", "depth": "depth", "гл": "depth", "l": "length", "length": "length", "дл": "length",
          "diam": "diameter", "dia": "diameter", "diameter": "diameter", "диам": "diameter", "ø": "diameter",
          "weight": "weight", "wt": "weight", "вес": "weight", "çəki": "weight"}
#: Part labels as catalogues write them -> the part's name; other labels are kept as written.
PARTS = {"support": "support", "frame": "frame", "framed": "frame", "image": "image", "object": "object",
         "overall": "overall", "displayed": "displayed", "sheet": "sheet", "plate": "plate", "mount": "mount",
         "sight": "sight", "base": "base", "рама": "frame", "основа": "support", "изображение": "image",
         "лист": "sheet", "предмет": "object", "çərçivə": "frame"}
#: Words of a label that qualify the measurement rather than name a part.
NOTES = {"each": "each", "unconfirmed": "unconfirmed", "approx": "approximate", "approximately": "approximate",
         "approximate": "approximate", "c": "approximate", "ca": "approximate", "circa": "approximate",
         "estimated": "estimated", "каждый": "each", "прибл": "approximate"}
_NUMBER = r"\d+(?:[.,]\d+)?"
_UNIT_WORD = r"(?:mm|cm|m|in\.?|inch(?:es)?|мм|см|м|sm|\"|″)"
_UNIT = rf"(?P<unit>{_UNIT_WORD})"
_SEP = r"\s*[x×х*]\s*"
_GRID = re.compile(rf"^(?P<nums>{_NUMBER}(?:{_SEP}{_NUMBER}){{0,2}})\s*{_UNIT}\.?$", re.IGNORECASE)
_GRID_EACH_UNIT = re.compile(rf"^{_NUMBER}\s*{_UNIT_WORD}(?:{_SEP}{_NUMBER}\s*{_UNIT_WORD}){{1,2}}\.?$", re.IGNORECASE)
_ONE = re.compile(rf"^(?P<name>[^\W\d_]+|ø)\.?\s*:?\s*(?P<num>{_NUMBER})\s*{_UNIT}\.?$", re.IGNORECASE)
_WEIGHT = re.compile(rf"^(?:(?P<name>[^\W\d_]+)\.?\s*:?\s*)?(?P<num>{_NUMBER})\s*(?P<unit>kg|g|gr|кг|г)\.?$", re.IGNORECASE)
_LABEL = re.compile(r"^(?P<label>[^\d:]{1,40}?)\s*:\s*(?P<body>.*)$", re.DOTALL)
#: A new labelled segment starting after `;` or `.` within one line: "support: ...; frame: ...".
_SEGMENT = re.compile(r"\n|[;.]\s+(?=[^\W\d_][^\d:;\n]{0,40}:)")
_BRACKETS = re.compile(r"\s*[(\[][^)\]]*[)\]]")
_PIECES = re.compile(r"\s*[;,]\s*(?=\D)")


@dataclass(frozen=True)
class Dimension:
    """One measurement: what is measured, the number, the unit, and of which part.

    `part` is None for an unlabelled measurement of the whole object; `notes` keeps what
    the label said about it (each, unconfirmed, approximate).
    """

    kind: str
    value: Decimal
    unit: str
    part: str | None = None
    notes: tuple[str, ...] = ()


def _number(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def _grid(text: str) -> list[tuple[str, Decimal, str]] | None:
    if _GRID_EACH_UNIT.match(text):  # "24 cm x 30 cm": one unit per number
        numbers = re.findall(_NUMBER, text)
        units = {UNITS[u.lower()] for u in re.findall(_UNIT_WORD, text, re.IGNORECASE)}
        if len(units) != 1:
            return None
        unit = units.pop()
        return [(kind, _number(n), unit) for kind, n in zip(_ORDER, numbers)]
    m = _GRID.match(text)
    if not m:
        return None
    unit = UNITS[m["unit"].lower()]
    numbers = re.split(_SEP, m["nums"], flags=re.IGNORECASE)
    return [(kind, _number(n), unit) for kind, n in zip(_ORDER, numbers)]


def _measurement(piece: str) -> list[tuple[str, Decimal, str]] | None:
    """A grid, a named measurement or a weight; None when the piece is none of them."""
    grid = _grid(piece)
    if grid is not None:
        return grid
    if m := _WEIGHT.match(piece):
        if m["name"] is None or _NAMED.get(m["name"].lower()) == "weight":
            return [("weight", _number(m["num"]), WEIGHT_UNITS[m["unit"].lower()])]
        return None
    if (m := _ONE.match(piece)) and m["name"].lower() in _NAMED:
        return [(_NAMED[m["name"].lower()], _number(m["num"]), UNITS[m["unit"].lower()])]
    return None


def _label(text: str) -> tuple[str | None, tuple[str, ...], str]:
    """(part, notes, body) of one segment: `support, each: 30 x 20 cm` -> ("support", ("each",), "30 x 20 cm")."""
    m = _LABEL.match(text)
    if not m or m["label"].strip().casefold().rstrip(".") in _NAMED:  # "height: 30 cm" names a measurement
        return None, (), text
    part, notes = None, []
    for word in re.split(r"[\s,()/]+", m["label"].strip().casefold()):
        word = word.strip(".")
        if not word:
            continue
        if word in NOTES:
            notes.append(NOTES[word])
        elif part is None:
            part = PARTS.get(word, word)
        else:
            part = f"{part} {word}"
    return part, tuple(dict.fromkeys(notes)), m["body"]


def _segment(text: str) -> list[Dimension] | None:
    part, notes, body = _label(text.strip())
    body = _BRACKETS.sub("", body).strip().rstrip(".;,")
    leading = re.match(r"^(?P<word>approx(?:imately)?|c|ca|circa)\.?\s+(?=\d)", body, re.IGNORECASE)
    if leading:
        notes, body = tuple(dict.fromkeys((*notes, "approximate"))), body[leading.end():]
    if not body:
        return None
    found: list[Dimension] = []
    for piece in (p for p in _PIECES.split(body) if p.strip()):
        measured = _measurement(" ".join(piece.split()))
        if measured is None:
            return None
        found.extend(Dimension(kind, value, unit, part, notes) for kind, value, unit in measured)
    return found or None


@lru_cache(maxsize=8192)  # catalogues repeat dimensions; validation and RDF both ask
def parse_dimensions(text: str) -> tuple[Dimension, ...]:
    """The measurements in `text`, part by part, or an empty tuple when any segment cannot be read."""
    segments = [s for s in _SEGMENT.split(text) if s.strip()]
    found: list[Dimension] = []
    try:
        for segment in segments:
            measured = _segment(segment)
            if measured is None:
                return ()
            found.extend(measured)
    except InvalidOperation:
        return ()
    return tuple(found)
