"""The identifier policy: how a catalogued identifier or a file name becomes a key, a file
name, an IRI, a URI and an OAI-PMH setSpec. Every package asks here; none decides alone.

Keys keep their letters. `Ф-12`, `ƏM-2021/15` and `ŞƏK 7` stay Cyrillic and Azerbaijani:
a national programme's identifiers are not ASCII, and dropping letters made `Ф-12` and
`Д-12` one record. Only what would break a path segment or a file name is replaced:

- record keys: every run of characters other than letters, digits, marks and `-._~`
  becomes one `-` (`NHM 12/3` -> `NHM-12-3`), after NFC normalisation;
- image keys (file stems): each such character becomes `_`, as `tile` has always named
  images (`Nizami Gəncəvi` -> `Nizami_Gəncəvi`).

A key is used as it is in IRIs (RDF subjects, `dc:identifier`) and on disk, and is
percent-encoded (UTF-8) where a URI is required: IIIF ids and OAI-PMH identifiers.
A key is never made from a row number, so inserting a row never moves an identifier.

Two identifiers whose keys are equal, or equal but for case (some disks ignore case),
name one thing twice: callers report both and publish neither (`collision_key`).

OAI-PMH setSpecs must be ASCII (`setSpecType`), so set names are transliterated (`set_part`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import quote, unquote

#: Longest key, in UTF-8 bytes. File names hold 255 bytes; a key also carries suffixes
#: such as `_0001` and `.jsonld`. 180 bytes is 180 Latin letters or 90 Cyrillic ones.
MAX_KEY_BYTES = 180
#: Punctuation kept as it is (RFC 3986 unreserved); with letters, digits and marks.
_KEPT_PUNCTUATION = frozenset("-._~")
_LETTER_CATEGORIES = ("L", "N", "M")
_RUNS_OF_DASHES = re.compile(r"-{2,}")
#: What an OAI-PMH setSpec part may hold (OAI-PMH.xsd setSpecType, without ':').
_SET_SPEC_PART = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
#: Characters the oai-identifier scheme allows unescaped in the local part.
_OAI_LOCAL_SAFE = "-_.!~*'();/?:@&=+$,"
_NOT_SET_SPEC = re.compile(r"[^A-Za-z0-9_.~]+")

#: Cyrillic to ASCII: Russian after ICAO Doc 9303 Part 3 (the table of Russian passports),
#: Azerbaijani Cyrillic letters as their Azerbaijani Latin letters, then as below.
_CYRILLIC = {
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Е": "E", "Ё": "E", "Ж": "ZH", "З": "Z",
    "И": "I", "Й": "I", "К": "K", "Л": "L", "М": "M", "Н": "N", "О": "O", "П": "P", "Р": "R",
    "С": "S", "Т": "T", "У": "U", "Ф": "F", "Х": "KH", "Ц": "TS", "Ч": "CH", "Ш": "SH",
    "Щ": "SHCH", "Ъ": "IE", "Ы": "Y", "Ь": "", "Э": "E", "Ю": "IU", "Я": "IA",
    "І": "I", "Ә": "A", "Ғ": "G", "Ҝ": "G", "Һ": "H", "Ј": "Y", "Ө": "O", "Ү": "U", "Ҹ": "C",
}
#: Azerbaijani Latin letters without an ASCII decomposition; the rest (Ç Ğ Ö Ş Ü İ) lose
#: their diacritics. Ə -> A as Azerbaijani passports write it (Əliyev -> ALIYEV).
_LATIN = {"Ə": "A", "ə": "a", "ı": "i", "ß": "ss", "Ø": "O", "ø": "o", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe"}
_TRANSLITERATION = str.maketrans(
    # Capital letters open a word more often than they fill one: `Жук` -> `Zhuk`.
    {**{k: v.capitalize() for k, v in _CYRILLIC.items()}, **{k.lower(): v.lower() for k, v in _CYRILLIC.items()}, **_LATIN}
)


class IdentifierProblem(ValueError):
    """An identifier that cannot become a key: `message` says why, `hint` what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(f"{message}: {hint}")
        self.message, self.hint = message, hint


def _kept(char: str) -> bool:
    return char in _KEPT_PUNCTUATION or unicodedata.category(char).startswith(_LETTER_CATEGORIES)


class _Replaced(dict[int, str]):
    """A `str.translate` table that replaces every character a key does not keep with
    `by`: each character is looked at once, then translating runs at C speed (a catalogue
    has a million identifiers, and a few hundred distinct characters)."""

    def __init__(self, by: str) -> None:
        super().__init__()
        self.by = by

    def __missing__(self, code: int) -> str:
        char = chr(code)
        found = self[code] = char if _kept(char) else self.by
        return found


_TO_DASHES, _TO_UNDERSCORES = _Replaced("-"), _Replaced("_")
#: Unicode's control characters (category Cc), a range fixed by the standard.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _check_length(key: str, original: str) -> None:
    size = len(key.encode("utf-8"))
    if size > MAX_KEY_BYTES:
        raise IdentifierProblem(
            f"identifier {original[:40]!r}... is {len(original):,} characters ({size:,} bytes in UTF-8); "
            f"at most {MAX_KEY_BYTES} bytes fit a file name (about {MAX_KEY_BYTES // 2} Cyrillic letters)",
            "shorten it",
        )


def _refuse_control(text: str) -> None:
    if _CONTROL.search(text):
        raise IdentifierProblem(f"{text!r} contains control characters", "retype it without them")


def record_key(identifier: str) -> str:
    """The key of a catalogued identifier: `NHM 12/3` -> `NHM-12-3`, `Ф-12` stays `Ф-12`.

    Raises IdentifierProblem when nothing usable is left or the key is too long.
    """
    text = unicodedata.normalize("NFC", identifier.strip())
    _refuse_control(text)
    key = _RUNS_OF_DASHES.sub("-", text.translate(_TO_DASHES)).strip("-.")
    if not key:
        raise IdentifierProblem(
            f"identifier {identifier!r} has no letters or digits to name the record by", "give it a real identifier"
        )
    _check_length(key, identifier)
    return key


def image_key(stem: str) -> str:
    """The key of a scan's file stem: letters, digits and `-._~` stay, anything else is `_`.

    Raises IdentifierProblem for stems that could escape OUT or hide the folder (control
    characters, empty, or starting with a dot such as `..`), or that are too long.
    """
    _refuse_control(stem)
    key = unicodedata.normalize("NFC", stem).translate(_TO_UNDERSCORES)
    if not key or key.startswith("."):
        raise IdentifierProblem(
            f"file name {stem!r} gives the identifier {key!r}, which could escape the output folder",
            "rename the file so its name starts with a letter or digit",
        )
    _check_length(key, stem)
    return key


def collision_key(key: str) -> str:
    """Keys equal under this name one thing: case is ignored, since some disks ignore it."""
    return key.casefold()


def uri_segment(key: str) -> str:
    """A key as one path segment of a URI: UTF-8, percent-encoded (RFC 3987 section 3.1)."""
    return quote(key, safe="")


def oai_local_part(key: str) -> str:
    """A key as the local part of an OAI identifier (oai-identifier.xsd): UTF-8, percent-encoded."""
    return quote(key, safe=_OAI_LOCAL_SAFE)


def from_oai_local_part(text: str) -> str:
    return unquote(text)


def transliterate(text: str) -> str:
    """Azerbaijani (Latin or Cyrillic) and Russian text in ASCII letters: `Xalçalar` -> `Xalcalar`."""
    mapped = unicodedata.normalize("NFC", text).translate(_TRANSLITERATION)
    return unicodedata.normalize("NFKD", mapped).encode("ascii", "ignore").decode("ascii")


def set_part(name: str) -> str:
    """One part of an OAI-PMH setSpec, made from a set's name: readable, ASCII, distinct.

    A name that is already a valid part is kept (`Carpets`). Any other is transliterated
    and its spaces and signs become `-` (`Ковры` -> `Kovry`), and since that loses what made
    names differ, a short hash of the name itself follows (`Kovry-1f3a9c`): the same name
    gives the same part in every run and every catalogue, two names never share one.
    """
    if _SET_SPEC_PART.fullmatch(name):
        return name
    readable = _NOT_SET_SPEC.sub("-", transliterate(name)).strip("-.")[:60].strip("-.")
    digest = hashlib.sha256(unicodedata.normalize("NFC", name).encode("utf-8")).hexdigest()[:6]
    return f"{readable}-{digest}" if readable else f"set-{digest}"
