"""Catalogue dates as written by curators -> EDTF plus outer begin/end bounds.

The original text is never replaced: it stays the time-span's label. This module only
adds machine-readable bounds where it can; `parse_date` returns None for text it
cannot read, which validation reports as a warning (the record still publishes).

Conventions, chosen to be stated rather than guessed:
- the first date governs: in `1826-7, reprinted 1892` the rest is kept in `rest`;
- `c.`/`ca.`/`circa`/`около`/`təq.` mark an approximate date, widened by 5 years each way;
- `?` before or after marks an uncertain date (EDTF `?`), bounds unchanged;
- `1826-7` and `1826-27` are ranges; `1850-05` (second part smaller than the first
  year's last digits) is ISO year-month;
- centuries run x01-x00 (the 19th century is 1801-1900); early/mid/late are its thirds;
- BCE years are astronomical in EDTF and xsd:dateTime (1 BCE is year 0).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import lru_cache

Day = tuple[int, int, int]

_APPROX = re.compile(r"^(?:circa|ca\.?|c\.?|approx\.?|около|ок\.|təqribən|təq\.?)\s*", re.IGNORECASE)
_BCE = re.compile(r"\s*(?:b\.?\s?c\.?(?:e\.?)?|до\s+н\.?\s?э\.?|e\.?\s?ə\.?)$", re.IGNORECASE)
_CE = re.compile(r"\s*(?:a\.?\s?d\.?|c\.?\s?e\.?|н\.?\s?э\.?|b\.?\s?e\.?)$", re.IGNORECASE)
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_PART = {
    "early": (1, 34), "mid": (34, 67), "middle": (34, 67), "late": (67, 100),
    "начало": (1, 34), "середина": (34, 67), "конец": (67, 100),
    "əvvəli": (1, 34), "ortası": (34, 67), "sonu": (67, 100),
}
_CENTURY_WORDS = r"(?:century|cent\.?|c\.|əsr(?:in)?|век(?:а)?|в\.?)"
_ORDINAL_CENTURY = re.compile(rf"^(?:(?P<part>early|mid|middle|late)\s+)?(?P<n>\d{{1,2}})(?:st|nd|rd|th)\s+{_CENTURY_WORDS}$", re.I)
_ROMAN_CENTURY = re.compile(
    rf"^(?:(?P<pre>начало|середина|конец)\s+)?(?P<n>[IVXLC]+)\s*{_CENTURY_WORDS}(?:\s+(?P<post>əvvəli|ortası|sonu))?$"
)
_YEAR_RANGE = re.compile(r"^(?P<a>\d{1,4})\s*-\s*(?P<b>\d{1,4})$")
_ISO_DAY = re.compile(r"^(?P<y>-?\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:T[\d:.]+Z?)?$")
_DOTTED_DAY = re.compile(r"^(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})$")
_DAY_MONTH_YEAR = re.compile(r"^(?P<d>\d{1,2})\s+(?P<mon>[A-Za-z]+)\.?\s+(?P<y>\d{1,4})$")
_MONTH_DAY_YEAR = re.compile(r"^(?P<mon>[A-Za-z]+)\.?\s+(?P<d>\d{1,2}),?\s+(?P<y>\d{1,4})$")
_MONTH_YEAR = re.compile(r"^(?P<mon>[A-Za-z]+)\.?\s+(?P<y>\d{3,4})$")
_DECADE = re.compile(r"^(?P<y>\d{2,3})0s$")
_YEAR = re.compile(r"^\d{1,4}$")


@dataclass(frozen=True)
class ParsedDate:
    """A date read from catalogue text."""

    text: str
    edtf: str
    begin: Day
    end: Day
    #: What followed the governing date (`reprinted 1892`), kept, not interpreted.
    rest: str = ""

    @property
    def begin_datetime(self) -> str:
        """xsd:dateTime lexical form of the earliest instant (P82a)."""
        return f"{_year(self.begin[0])}-{self.begin[1]:02d}-{self.begin[2]:02d}T00:00:00"

    @property
    def end_datetime(self) -> str:
        """xsd:dateTime lexical form of the latest instant (P82b)."""
        return f"{_year(self.end[0])}-{self.end[1]:02d}-{self.end[2]:02d}T23:59:59"


@dataclass(frozen=True)
class _Span:
    begin: Day
    end: Day
    edtf_begin: str
    edtf_end: str  # equal to edtf_begin for a single date


def _year(y: int) -> str:
    return f"-{-y:04d}" if y < 0 else f"{y:04d}"


def _last_day(y: int, m: int) -> int:
    # calendar rejects year <= 0; the proleptic Gregorian leap rule is the same shifted by 400 years
    return calendar.monthrange(y if y > 0 else y + 400 * (1 - y // 400), m)[1]


def _years(a: int, b: int) -> _Span:
    return _Span((a, 1, 1), (b, 12, 31), _year(a), _year(b))


def _day(y: int, m: int, d: int) -> _Span | None:
    if not (1 <= m <= 12 and 1 <= d <= _last_day(y, m)):
        return None
    iso = f"{_year(y)}-{m:02d}-{d:02d}"
    return _Span((y, m, d), (y, m, d), iso, iso)


def _roman(numeral: str) -> int | None:
    values = [_ROMAN[c] for c in numeral]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total if 0 < total <= 30 else None


def _century(n: int, part: str | None, bce: bool) -> _Span:
    """The nth century (x01-x00), or its early/mid/late third."""
    first, last = (n - 1) * 100 + 1, n * 100
    if part:
        lo, hi = _PART[part.lower()]
        first, last = (n - 1) * 100 + lo, (n - 1) * 100 + hi
    if bce:  # counted backwards from 1 BCE = year 0
        first, last = 1 - last, 1 - first
    return _Span((first, 1, 1), (last, 12, 31), _year(first), _year(last))


def _month_span(mon: str, y: int) -> _Span | None:
    m = _MONTHS.get(mon.lower())
    if m is None:
        return None
    return _Span((y, m, 1), (y, m, _last_day(y, m)), f"{_year(y)}-{m:02d}", f"{_year(y)}-{m:02d}")


def _core(s: str, bce: bool) -> _Span | None:
    """One date expression with qualifiers and era already removed."""
    def astro(y: int) -> int:
        return 1 - y if bce else y

    if m := _ISO_DAY.match(s):
        return _day(int(m["y"]), int(m["m"]), int(m["d"]))
    if m := _DOTTED_DAY.match(s):
        return _day(int(m["y"]), int(m["m"]), int(m["d"]))
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        if (m := pattern.match(s)) and m["mon"].lower() in _MONTHS:
            return _day(astro(int(m["y"])), _MONTHS[m["mon"].lower()], int(m["d"]))
    if m := _MONTH_YEAR.match(s):
        return _month_span(m["mon"], astro(int(m["y"])))
    if m := _YEAR_RANGE.match(s):
        return _year_range(m["a"], m["b"], bce)
    if m := _DECADE.match(s):
        start = int(m["y"]) * 10
        span = _years(start, start + 9)
        return _Span(span.begin, span.end, f"{m['y']}X", f"{m['y']}X")
    if m := _ORDINAL_CENTURY.match(s):
        return _century(int(m["n"]), m["part"], bce)
    if (m := _ROMAN_CENTURY.match(s)) and (n := _roman(m["n"])):
        return _century(n, m["pre"] or m["post"], bce)
    if _YEAR.match(s):
        y = astro(int(s))
        return _Span((y, 1, 1), (y, 12, 31), _year(y), _year(y))
    return None


def _year_range(a_text: str, b_text: str, bce: bool) -> _Span | None:
    """`1826-1827`, `1826-27`, `1826-7`; `1850-05` is ISO year-month (see module notes)."""
    a, b = int(a_text), int(b_text)
    if len(b_text) < len(a_text):
        if len(b_text) == 2 and len(a_text) == 4 and b <= 12 and b < a % 100:
            return _month_span(calendar.month_name[b], a)
        b = int(a_text[: len(a_text) - len(b_text)] + b_text)
    if bce:
        a, b = 1 - a, 1 - b
    return _years(a, b)


def _qualified(s: str) -> _Span | None:
    """A date or range with its circa / ? / BCE marks; marks apply to both ends."""
    s = s.strip()
    approx = bool(_APPROX.match(s))
    s = _APPROX.sub("", s)
    uncertain = s.startswith("?") or s.endswith("?")
    s = s.strip("? ")
    bce = bool(_BCE.search(s))
    s = _CE.sub("", _BCE.sub("", s)).strip()
    span = _core(s, bce)
    if span is None:
        return None
    mark = "%" if approx and uncertain else "~" if approx else "?" if uncertain else ""
    if approx:
        span = _Span((span.begin[0] - 5, 1, 1), (span.end[0] + 5, 12, 31), span.edtf_begin, span.edtf_end)
    return _Span(span.begin, span.end, span.edtf_begin + mark, span.edtf_end + mark)


def _interval(s: str) -> _Span | None:
    """`A/B` (each side a date or range): from the start of A to the end of B."""
    if "/" not in s:
        return _qualified(s)
    left, right = s.split("/", 1)
    a, b = _qualified(left), _qualified(right)
    if a is None or b is None:
        return None
    return _Span(a.begin, b.end, a.edtf_begin, b.edtf_end)


def _normalise(text: str) -> str:
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"\s*-\s*", "-", s) if not s.startswith("-") else s


@lru_cache(maxsize=8192)  # catalogues repeat dates; validation and RDF both ask
def parse_date(text: str) -> ParsedDate | None:
    """EDTF and bounds for `text`, or None when it cannot be read."""
    s = _normalise(text)
    if not s:
        return None
    first, rest = s, ""
    span = _interval(s)
    if span is None and (m := re.search(r"[,;(]", s)):
        first, rest = s[: m.start()], s[m.start() :].lstrip(",; ")
        span = _interval(first)
    if span is None:
        return None
    edtf = span.edtf_begin if span.edtf_begin == span.edtf_end else f"{span.edtf_begin}/{span.edtf_end}"
    return ParsedDate(text=text, edtf=edtf, begin=span.begin, end=span.end, rest=rest)
