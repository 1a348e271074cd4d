"""Spreadsheet rows -> records: values per field, language-tagged, with their columns.

Mapping headers to fields follows the profile: a field's column (`title`), the same
header with a BCP 47 tag (`title@az`), or a plain column the profile tags
(`"title@az" = "Başlıq"` in [columns]). An untagged column of words is in the profile's
`language`, when it declares one. Every value remembers its column so that a
problem found later can name the cell a curator must fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from eheritage.identifiers import IdentifierProblem, record_key
from eheritage.metadata.read import Row, Table, read_table
from eheritage.profiles import WORDED_KINDS, Field, Profile


class Value(NamedTuple):
    """One value of a field: the text, its language tag (None if untagged), the column it came from.

    A named tuple, not a dataclass: a catalogue makes one per cell, and a frozen dataclass
    costs several times as much to create."""

    text: str
    lang: str | None
    #: None when the value is the profile's default rather than a cell.
    column: str | None


@dataclass(frozen=True)
class ColumnMapping:
    """Which field (and language) each spreadsheet header feeds; headers no field reads."""

    columns: dict[str, tuple[Field, str | None]]
    unmapped: list[str]

    def cells(self, profile: Profile) -> dict[str, _Cell]:
        """How each mapped header's cells are read: for `_values`, worked out once per catalogue."""
        return {header: _Cell(f.key, lang or (profile.language if f.kind in WORDED_KINDS else None),
                              profile.separator if f.repeatable or f.kind == "files" else None)
                for header, (f, lang) in self.columns.items()}

    @classmethod
    def build(cls, headers: list[str], profile: Profile) -> ColumnMapping:
        columns: dict[str, tuple[Field, str | None]] = {}
        for f in profile.fields.values():
            for header in headers:
                base, _, tag = header.partition("@")
                if header == f.column:
                    columns[header] = (f, None)
                elif tag and base == f.column:
                    columns[header] = (f, tag)
                elif header in f.tagged_columns:
                    columns[header] = (f, f.tagged_columns[header])
        return cls(columns, [h for h in headers if h not in columns])

    def header_of(self, f: Field) -> str:
        """The header a curator sees for `f`: the first mapped one, else the profile's default."""
        return next((h for h, (mapped, _) in self.columns.items() if mapped is f), f.column)


@dataclass
class Record:
    """One catalogue row read through a profile.

    `id` is the identifier's key (`eheritage.identifiers.record_key`); it is empty when the
    row has no usable identifier, and `id_problem` then says why.
    """

    id: str
    row: int
    profile: Profile
    values: dict[str, list[Value]] = field(default_factory=dict)
    id_problem: str | None = None
    #: Non-empty cells beyond the header's columns, which are not read.
    extra_cells: int = 0

    def get(self, key: str) -> list[Value]:
        """All values of field `key` (empty list when none)."""
        return self.values.get(key, [])

    def first(self, key: str) -> str | None:
        """The first value's text, for single-valued fields."""
        values = self.get(key)
        return values[0].text if values else None

    def per_language(self, key: str) -> dict[str | None, str]:
        """Field `key` as {language tag or None: text}, values of one language joined by `; `."""
        joined: dict[str | None, list[str]] = {}
        for v in self.get(key):
            joined.setdefault(v.lang, []).append(v.text)
        return {lang: "; ".join(texts) for lang, texts in joined.items()}

    def _role(self, role: str) -> str | None:
        f = self.profile.by_role(role)
        return f.key if f else None

    @property
    def identifier(self) -> str:
        """The record identifier as catalogued (id is its key)."""
        return self.first(self.profile.id_field.key) or self.id

    @property
    def titles(self) -> dict[str | None, str]:
        key = self._role("title")
        return self.per_language(key) if key else {}

    @property
    def descriptions(self) -> dict[str | None, str]:
        key = self._role("description")
        return self.per_language(key) if key else {}

    @property
    def credit_lines(self) -> dict[str | None, str]:
        key = self._role("credit_line")
        return self.per_language(key) if key else {}

    @property
    def rights(self) -> str | None:
        key = self._role("rights")
        return self.first(key) if key else None

    @property
    def collection(self) -> str | None:
        key = self._role("collection")
        return self.first(key) if key else None

    @property
    def image_files(self) -> list[str]:
        key = self._role("images")
        return [v.text for v in self.get(key)] if key else []

    def metadata_pairs(self) -> Iterator[tuple[dict[str, str], dict[str | None, str]]]:
        """(field labels per language, values per language) for display, in profile order.

        Image file names are left out: viewers show the images themselves.
        """
        for f in self.profile.fields.values():
            if f.kind != "files" and self.get(f.key):
                yield f.labels, self.per_language(f.key)


@dataclass
class Catalogue:
    """A catalogue read through a profile: how columns were mapped, and its records.

    Iterating yields the records in row order, reading the spreadsheet again each time,
    so no pass over a catalogue ever holds all of it: memory stays flat however long it is.
    """

    path: Path
    profile: Profile
    table: Table
    mapping: ColumnMapping

    def __iter__(self) -> Iterator[Record]:
        read = self.reader()
        for row in self.table:
            yield read(row)

    def rows(self) -> Iterator[Row]:
        """The spreadsheet's rows, not yet read as records: for work that reads them in
        another process (`reader` is how)."""
        return iter(self.table)

    def reader(self) -> RecordReader:
        return RecordReader(self.mapping, self.profile)

    def identities(self) -> Iterator[Record]:
        """The records with their identifier read and no other field: for passes that need no
        more (finding collisions), at a fraction of a whole read's cost. Rows without an
        identifier may be left out."""
        id_columns = {h: mapped for h, mapped in self.mapping.columns.items() if mapped[0] is self.profile.id_field}
        read = RecordReader(ColumnMapping(id_columns, []), self.profile)
        # A row with no identifier cell has none, unless the profile gives a default one
        rows = self.table.only(id_columns) if self.profile.id_field.default is None else self.table
        for row in rows:
            yield read(row)

    def __len__(self) -> int:
        """Rows with content, counted when the spreadsheet was opened."""
        return self.table.length

    @property
    def records(self) -> list[Record]:
        """Every record at once: for small catalogues and tests; pipelines iterate instead."""
        return list(self)


class _Cell(NamedTuple):
    """How one header's cells become values: the field, the language, what splits a cell (if it is split)."""

    key: str
    lang: str | None
    separator: str | None


def _values(row: Row, cells: dict[str, _Cell], profile: Profile) -> dict[str, list[Value]]:
    values: dict[str, list[Value]] = {}
    for header, text in row.cells.items():
        if not text or (how := cells.get(header)) is None:
            continue
        if how.separator is None:
            found = [Value(stripped, how.lang, header)] if (stripped := text.strip()) else []
        else:
            found = [Value(stripped, how.lang, header) for part in text.split(how.separator) if (stripped := part.strip())]
        if how.key in values:
            values[how.key].extend(found)
        elif found:
            values[how.key] = found
    for f in profile.defaulted:
        if f.key not in values:
            values[f.key] = [Value(f.default, None, None)]  # type: ignore[arg-type]
    return values


@dataclass(frozen=True)
class RecordReader:
    """How a row of one catalogue becomes a record; plain data, so it pickles to helper processes."""

    mapping: ColumnMapping
    profile: Profile
    cells: dict[str, _Cell] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", self.mapping.cells(self.profile))

    def __call__(self, row: Row) -> Record:
        return _record(row, self.cells, self.profile)


def read_catalogue(path: Path, profile: Profile, *, sheet: str | None = None) -> Catalogue:
    """Read a CSV/XLSX catalogue through `profile`; records keep their spreadsheet row numbers."""
    table = read_table(path, sheet=sheet)
    return Catalogue(path, profile, table, ColumnMapping.build(table.headers, profile))


def _record(row: Row, cells: dict[str, _Cell], profile: Profile) -> Record:
    values = _values(row, cells, profile)
    identifier = values.get(profile.id_field.key)
    if not identifier:
        return Record("", row.number, profile, values, f"{profile.id_field.label()} is empty", row.extra)
    try:
        return Record(record_key(identifier[0].text), row.number, profile, values, None, row.extra)
    except IdentifierProblem as problem:
        return Record("", row.number, profile, values, str(problem), row.extra)
