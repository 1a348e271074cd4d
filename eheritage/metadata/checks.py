"""Row-by-row checks a curator can act on: each problem names the row, column and fix.

These read the cells directly, so messages can quote what the curator typed. Checks on
the RDF itself live in `shapes.py` (SHACL) and report in the same `Problem` form.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from typing import NamedTuple
from pathlib import Path

from eheritage.metadata.dates import parse_date
from eheritage.metadata.dimensions import parse_dimensions
from eheritage.metadata.rdf import valid_lang
from eheritage.identifiers import IdentifierProblem, collision_key, record_key
from eheritage.metadata.read import Table
from eheritage.metadata.records import Catalogue, Record, Value
from eheritage.profiles import Field
from eheritage.safepath import UnsafePath, contained

_RIGHTS_STATEMENTS = ("InC", "InC-EDU", "InC-OW-EU", "NoC-OKLR", "NoC-NC", "CNE")
_CC = r"http://creativecommons\.org/licenses/"
#: The rights URIs Europeana accepts, written exactly (http, trailing slash): the licence
#: patterns of Europeana's EDM schematron (EDM-EXTERNAL-MAIN.xsd, `license_patterns`),
#: each Creative Commons version with the jurisdiction ports it was issued in.
ACCEPTED_RIGHTS = re.compile("^(?:" + "|".join((
    _CC + r"(?:by|by-sa|by-nd|by-nc|by-nc-sa|by-nc-nd|by-nd-nc)/1\.0/(?:(?:fi|il|nl)/)?",
    _CC + r"(?:by|by-sa|by-nd|by-nc|by-nc-sa|by-nc-nd)/2\.0/(?:(?:au|at|be|br|ca|cl|hr|uk|fr|de|it|jp|nl|pl|kr|es|tw)/)?",
    _CC + r"(?:by|by-sa|by-nd|by-nc|by-nc-sa|by-nc-nd)/2\.1/(?:au|es|jp)/",
    _CC + r"(?:by|by-sa|by-nd|by-nc|by-nc-sa|by-nc-nd)/2\.5/(?:(?:ar|au|br|bg|ca|cn|co|hr|dk|hu|in|il|it|mk|my|mt|mx|nl|pe"
          r"|pl|pt|scotland|si|za|es|se|ch|tw)/)?",
    _CC + r"(?:by|by-sa|by-nd|by-nc|by-nc-sa|by-nc-nd)/3\.0/(?:(?:au|at|br|cl|cn|cr|hr|cz|ec|eg|ee|fr|de|gr|gt|hk|igo|ie|it"
          r"|lu|nl|nz|no|ph|pl|pt|pr|ro|rs|sg|za|es|ch|tw|th|ug|us|ve|vn)/)?",
    _CC + r"(?:by|by-sa|by-nd|by-nc|by-nc-sa|by-nc-nd)/4\.0/",
    r"http://creativecommons\.org/publicdomain/(?:zero|mark)/1\.0/",
    r"http://rightsstatements\.org/vocab/(?:" + "|".join(map(re.escape, _RIGHTS_STATEMENTS)) + r")/1\.0/",
)) + ")$")
#: A number as catalogues write one: digits, with a decimal point or comma.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
#: Characters XML 1.0 forbids; OAI-PMH and RDF/XML output would break on them.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_MOJIBAKE_SOURCES = ("cp1252", "cp1251", "latin-1")
#: Excel keeps at most this many characters in a cell; a longer one is cut when saved there.
EXCEL_CELL_LIMIT = 32_767
_ENCODING_NAMES = {"cp1251": "Windows-1251 (Cyrillic)", "cp1254": "Windows-1254 (Turkish/Azerbaijani)",
                   "cp1252": "Windows-1252 (Western)"}


@dataclass(frozen=True)
class Problem:
    """One thing to fix, located as the curator sees the spreadsheet (header = row 1)."""

    row: int
    column: str | None
    field: str | None
    severity: str  # "error" | "warning"
    message: str

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def untitled_name(record: Record) -> Value:
    """What names a record that has no title: its type as catalogued (`xalça`), else its identifier."""
    for f in record.profile.fields.values():
        if f.dc == "type" and (values := record.get(f.key)):
            return values[0]
    return Value(record.identifier, None, None)


def rights_suggestion(text: str) -> str | None:
    """The accepted URI a near miss (https, no trailing slash, deed page) was meant to be."""
    s = text.strip().replace("https://", "http://").replace("://www.", "://")
    s = re.sub(r"(?:deed\.[a-z-]+|legalcode(?:\.[a-z-]+)?)$", "", s)
    s = s if s.endswith("/") else s + "/"
    return s if ACCEPTED_RIGHTS.match(s) else None


def _utf8_pairs(encoding: str) -> re.Pattern[str]:
    """Two characters that `encoding` writes as a UTF-8 lead byte then a continuation byte.

    UTF-8 read in `encoding` always shows such a pair, so text without one cannot be
    mojibake in it: one regex search then spares the encode and decode (most cells)."""
    def written_as(first: int, last: int) -> str:
        return "".join(bytes([b]).decode(encoding, errors="ignore") for b in range(first, last + 1))

    return re.compile(f"[{re.escape(written_as(0xC2, 0xF4))}][{re.escape(written_as(0x80, 0xBF))}]")


_MOJIBAKE_PAIRS = tuple((encoding, _utf8_pairs(encoding)) for encoding in _MOJIBAKE_SOURCES)
#: Anything `text_problems` could report but length: a lost character, one XML forbids, a
#: code page's UTF-8 pair. One search rules out almost every cell before the checks run.
_SUSPECT = re.compile("|".join(["\ufffd", XML_ILLEGAL.pattern, *(pairs.pattern for _, pairs in _MOJIBAKE_PAIRS)]))


def mojibake_repair(text: str) -> str | None:
    """What `text` said before UTF-8 bytes were read in a legacy code page, if that is what happened."""
    if text.isascii():
        return None
    for encoding, pairs in _MOJIBAKE_PAIRS:
        if not pairs.search(text):
            continue
        try:
            fixed = text.encode(encoding).decode("utf-8")
        except UnicodeError:
            continue
        if fixed != text:
            return fixed
    return None


class RowChecker:
    """Checks for one catalogue: `header_problems` first, then `row_problems` of each record in row order.

    It holds plain data only (no open table), so it pickles to the helper processes that
    check rows of a large catalogue (`eheritage.metadata.validation`).
    """

    def __init__(self, catalogue: Catalogue, scans_dir: Path) -> None:
        self.profile = catalogue.profile
        self.mapping = catalogue.mapping
        self.scans_dir = scans_dir
        self.encoding = catalogue.table.encoding
        self.identities = IdentityIndex.of(catalogue)
        mapped_fields = {f.key for f, _ in self.mapping.columns.values()}
        self.absent_required = [
            f for f in self.profile.fields.values() if f.required and f.key not in mapped_fields and f.default is None
        ]
        #: Each field, its value checks, and whether an empty cell is to be reported (a missing
        #: required column is reported once, in the header).
        self.field_checks = [
            (f, value_checks(f), f.required and f not in self.absent_required) for f in self.profile.fields.values()
        ]
        self.title, self.description = self.profile.by_role("title"), self.profile.by_role("description")

    def problem(self, row: int, f: Field | None, severity: str, message: str, column: str | None = None) -> Problem:
        column = column or (self.mapping.header_of(f) if f else None)
        return Problem(row, column, f.key if f else None, severity, message)

    def row_problems(self, record: Record) -> Iterator[Problem]:
        """Everything wrong with one row: stray cells, each cell, the record as a whole."""
        if record.extra_cells:
            yield Problem(record.row, None, None, "warning", f"row {record.row} has {record.extra_cells} more cell(s) "
                          "than the header has columns; they are ignored: check for a stray delimiter, or add a header")
        yield from self.cell_problems(record)
        yield from self.record_problems(record)

    def header_problems(self, table: Table) -> Iterator[Problem]:
        """What is wrong with the header row (row 1) of `table`, the catalogue's sheet."""
        for f in self.absent_required:
            yield self.problem(
                1, f, "error",
                f"required column '{f.column}' ({f.label()}) is missing: add it, or map your column to "
                f"'{f.key}' in the profile's [columns] table",
            )
        for header, (f, lang) in self.mapping.columns.items():
            if lang and not valid_lang(lang):
                yield self.problem(
                    1, f, "error",
                    f"'{lang}' in column '{header}' is not a valid language tag: use a BCP 47 tag such as az, az-Cyrl, ru or en",
                    header,
                )
        for header, numbers in table.duplicate_headers.items():
            yield Problem(1, header, None, "error", f"column name '{header}' is used {len(numbers)} times (columns "
                          f"{', '.join(map(str, numbers))}); only the first would be read: rename or merge the others")
        if len(table.sheets) > 1:
            yield Problem(1, None, None, "warning", f"read sheet '{table.sheet}' of {len(table.sheets)} "
                          f"({', '.join(table.sheets)}): pass --sheet NAME to read another")
        for header in self.mapping.unmapped:
            yield Problem(1, header, None, "warning", f"column '{header}' is not read by the '{self.profile.name}' profile: "
                          "rename it to a field name or map it in [columns]; otherwise it is ignored")

    def cell_problems(self, record: Record) -> Iterator[Problem]:
        # One search over the row's cells, joined by a line feed (which no check reports, nor
        # pairs with a neighbour), rules out almost every row; ASCII can hold nothing but a
        # control character to report, and most rows are ASCII.
        texts = "\n".join(v.text for values in record.values.values() for v in values)
        if not (XML_ILLEGAL if texts.isascii() else _SUSPECT).search(texts) and len(texts) <= EXCEL_CELL_LIMIT:
            return
        for key, values in record.values.items():
            for v in values:
                if (XML_ILLEGAL if v.text.isascii() else _SUSPECT).search(v.text) or len(v.text) > EXCEL_CELL_LIMIT:
                    yield from self.text_problems(record.row, self.profile.fields[key], v)

    def text_problems(self, row: int, f: Field, v: Value) -> Iterator[Problem]:
        if "\ufffd" in v.text:
            saved_as = _ENCODING_NAMES.get(self.encoding, self.encoding)
            yield self.problem(row, f, "error", f"'{v.text}' has characters that were lost because the file is not "
                               f"UTF-8 (it looks like {saved_as}): save the spreadsheet as 'CSV UTF-8'", v.column)
        elif (fixed := mojibake_repair(v.text)) is not None:
            yield self.problem(row, f, "error", f"'{v.text}' looks garbled (mojibake): it probably should read "
                               f"'{fixed}'; retype it or re-save the file as UTF-8", v.column)
        if len(v.text) > EXCEL_CELL_LIMIT:
            yield self.problem(row, f, "warning", f"the cell holds {len(v.text):,} characters; Excel keeps at most "
                               f"{EXCEL_CELL_LIMIT:,}, so saving the file in Excel will cut it: move long texts to a "
                               "linked document", v.column)
        if XML_ILLEGAL.search(v.text):
            yield self.problem(row, f, "error", "the cell contains an invisible control character that XML forbids: "
                               "retype the cell (do not paste it)", v.column)

    def record_problems(self, record: Record) -> Iterator[Problem]:
        yield from self.identity_problems(record)
        row, values_of = record.row, record.values
        for f, checks, report_empty in self.field_checks:
            values = values_of.get(f.key)
            if not values:
                if report_empty:
                    yield self.problem(row, f, "error", f"{f.label()} is required but empty: fill in this cell")
                continue
            for v in values:
                for check in checks:
                    yield from check(self, row, f, v)
        yield from self.untitled_problems(record)

    def untitled_problems(self, record: Record) -> Iterator[Problem]:
        """Europeana refuses a record with neither title nor description."""
        title, description = self.title, self.description
        if title is None or record.values.get(title.key) or (description and record.values.get(description.key)):
            return
        named = f" or {description.label()}" if description else ""
        yield self.problem(record.row, title, "warning",
                           f"the record has no {title.label()}{named}, which Europeana requires: its EDM is titled "
                           f"'{untitled_name(record).text}' until you give one")

    def identity_problems(self, record: Record) -> Iterator[Problem]:
        f = self.profile.id_field
        if not record.get(f.key):
            return
        if not record.id:
            yield self.problem(record.row, f, "error", record.id_problem or "unusable identifier")
            return
        if (first := self.identities.earlier.get(record.row)) is not None:
            yield self.problem(record.row, f, "error", collision_message(first, record))

    def dimension_problems(self, row: int, f: Field, v: Value) -> Iterator[Problem]:
        if not parse_dimensions(v.text):
            yield self.problem(row, f, "warning", f"dimensions '{v.text}' could not be read; write e.g. "
                               "'24 x 30 cm' or 'h. 12 cm' (height x width x depth, with a unit)", v.column)

    def language_problems(self, row: int, f: Field, v: Value) -> Iterator[Problem]:
        if not valid_lang(v.text):
            yield self.problem(row, f, "error", f"'{v.text}' is not a valid language code: use a BCP 47 tag such as "
                               "az, az-Cyrl, ru or en", v.column)

    def number_problems(self, row: int, f: Field, v: Value) -> Iterator[Problem]:
        if not _NUMBER.fullmatch(v.text):
            yield self.problem(row, f, "warning", f"'{v.text}' is not a number: write digits only, e.g. 3", v.column)

    def reference_problems(self, row: int, f: Field, v: Value) -> Iterator[Problem]:
        if not self.names_a_row(v.text):
            yield self.problem(row, f, "warning", f"'{v.text}' is not the identifier of any row in this catalogue: "
                               "check the parent's reference code", v.column)

    def rights_problems(self, row: int, f: Field, v: Value) -> Iterator[Problem]:
        if not ACCEPTED_RIGHTS.match(v.text):
            yield self.problem(row, f, "error", self.rights_message(v.text), v.column)

    def vocabulary_problems(self, row: int, f: Field, v: Value) -> Iterator[Problem]:
        if v.text.casefold() not in f.vocabulary:
            yield self.problem(row, f, "warning", f"'{v.text}' is not in the {f.label()} vocabulary, so it is published "
                               "without a link (e.g. to Getty AAT): check the spelling or add it to the profile's "
                               f"[vocabularies.{f.key}]", v.column)

    def names_a_row(self, identifier: str) -> bool:
        key = _key_or_none(identifier)
        return key is not None and key in self.identities

    def file_problems(self, row: int, f: Field, v: Value) -> Iterator[Problem]:
        try:
            contained(self.scans_dir, v.text)
        except UnsafePath as problem:
            if os.path.lexists(os.path.join(self.scans_dir, v.text)):
                yield self.problem(row, f, "error", f"image file: {problem}", v.column)
            else:
                yield self.problem(row, f, "error", f"image file '{v.text}' was not found in {self.scans_dir}: check "
                                   "the file name (including extension and case) or pass --scans", v.column)

    def date_problems(self, row: int, f: Field, v: Value) -> Iterator[Problem]:
        parsed = parse_date(v.text)
        if parsed is None:
            yield self.problem(row, f, "warning", f"date '{v.text}' could not be read; it is published as text only. "
                               "Write e.g. 1850, c.1850, 1826-1827, 1850s, 19th century or 12 May 1902", v.column)
        elif parsed.begin > parsed.end:
            yield self.problem(row, f, "error", f"date '{v.text}' ends before it begins: check the order of the years "
                               "(e.g. 1830-1850, not 1850-1830)", v.column)

    @staticmethod
    def rights_message(text: str) -> str:
        suggestion = rights_suggestion(text)
        if suggestion:
            return f"rights '{text}' must be written exactly as '{suggestion}' (http, trailing slash) for Europeana"
        return (f"rights '{text}' is not a rights statement Europeana accepts: use a rightsstatements.org URI such as "
                "http://rightsstatements.org/vocab/InC/1.0/ or a Creative Commons one such as "
                "http://creativecommons.org/publicdomain/mark/1.0/")


#: One check of one value of a field: (checker, row, field, value) -> its problems.
ValueCheck = Callable[[RowChecker, int, Field, Value], Iterator[Problem]]

#: Each field kind's check of a value's form; a kind not named here takes any text.
KIND_CHECKS: dict[str, ValueCheck] = {
    "date": RowChecker.date_problems,
    "dimension": RowChecker.dimension_problems,
    "language": RowChecker.language_problems,
    "number": RowChecker.number_problems,
    "reference": RowChecker.reference_problems,
    "files": RowChecker.file_problems,
}


def value_checks(f: Field) -> tuple[ValueCheck, ...]:
    """What each value of `f` is checked for, in the order problems are reported."""
    checks = [KIND_CHECKS[f.kind]] if f.kind in KIND_CHECKS else []
    if f.role == "rights":
        checks.append(RowChecker.rights_problems)
    if f.vocabulary and f.kind != "language":
        checks.append(RowChecker.vocabulary_problems)
    return tuple(checks)


@dataclass
class IdentityIndex:
    """What a pass over a catalogue learns about its identifiers: which exist, which collide."""

    #: Hashes of every collision key (`eheritage.identifiers.collision_key`): one int a row
    #: keeps the index small for a national catalogue.
    hashes: set[int]
    #: Later row -> the first record whose identifier names the same record.
    earlier: dict[int, Named]
    pairs: list[tuple[Named, Named]]

    @classmethod
    def of(cls, catalogue: Catalogue) -> IdentityIndex:
        """Equal keys, or keys equal but for case, name one record: `NHM 12/3` and `NHM-12/3`,
        `Ə-1` and `ə-1`. Neither may be published, or one would silently replace the other.

        A first pass keeps each key's hash; when a hash comes again (rarely), a second pass
        reads the rows that have it and pairs those whose keys are really the same.
        """
        hashes: set[int] = set()
        repeated: set[int] = set()
        for record in catalogue.identities():
            if record.id:
                digest = hash(collision_key(record.id))
                if digest in hashes:
                    repeated.add(digest)
                hashes.add(digest)
        pairs = _pairs(catalogue, repeated) if repeated else []
        return cls(hashes, {later.row: first for first, later in pairs}, pairs)

    def __contains__(self, key: str) -> bool:
        """Whether some record has this key (or one equal to it but for case)."""
        return hash(collision_key(key)) in self.hashes


class Named(NamedTuple):
    """A record as a message names it: its row and its identifier as catalogued."""

    row: int
    identifier: str


def _pairs(catalogue: Catalogue, repeated: set[int]) -> list[tuple[Named, Named]]:
    """(first, later) among the records whose key's hash is in `repeated`."""
    first_of: dict[str, Named] = {}
    pairs = []
    for record in catalogue.identities():
        if record.id and hash(collision_key(record.id)) in repeated:
            named = Named(record.row, record.identifier)
            first = first_of.setdefault(collision_key(record.id), named)
            if first is not named:
                pairs.append((first, named))
    return pairs


def find_collisions(catalogue: Catalogue) -> list[tuple[Named, Named]]:
    """(first, later) for every record whose identifier names the same record as an earlier one."""
    return IdentityIndex.of(catalogue).pairs


def collision_message(first: Named, later: Named) -> str:
    if first.identifier == later.identifier:
        return f"identifier '{later.identifier}' is already used in row {first.row}: every record needs its own identifier"
    return (f"identifier '{later.identifier}' names the same record as '{first.identifier}' in row {first.row} (URIs and "
            "file names ignore case, spaces and signs such as '/'): make the two differ in letters or digits")


def _key_or_none(identifier: str) -> str | None:
    try:
        return record_key(identifier)
    except IdentifierProblem:
        return None
