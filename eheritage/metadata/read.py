"""Read a catalogue spreadsheet (CSV or XLSX) into rows that keep their row numbers.

Curators fix problems in the spreadsheet, so every row carries the number they see
there (the header is row 1). Reading never guesses silently: a CSV that is not valid
UTF-8 is still read, with the damage flagged, so validation can point at the cells.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from eheritage.errors import InputError

_DELIMITERS = ",;\t"
_SNIFF_BYTES = 64 * 1024


@dataclass(frozen=True)
class Row:
    """One spreadsheet row: its number as the curator sees it, and its cells by header."""

    number: int
    cells: dict[str, str]


@dataclass
class Table:
    """A whole sheet: headers in order, non-empty rows, and whether decoding lost characters."""

    path: Path
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    #: True when the file was not valid UTF-8 and undecodable bytes became U+FFFD.
    not_utf8: bool = False


def read_table(path: Path) -> Table:
    """Read a `.csv`, `.tsv` or `.xlsx` catalogue."""
    if not path.is_file():
        raise InputError(f"catalogue {path} does not exist", hint="check the path to the spreadsheet")
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_xlsx(path)
    if path.suffix.lower() in {".csv", ".tsv", ".txt"}:
        return _read_csv(path)
    raise InputError(
        f"catalogue {path}: cannot read {path.suffix or 'files without an extension'}",
        hint="save the spreadsheet as CSV (UTF-8) or Excel .xlsx",
    )


def _decode(data: bytes) -> tuple[str, bool]:
    """UTF-8 with or without BOM; otherwise keep going with U+FFFD where bytes were lost."""
    try:
        return data.decode("utf-8-sig"), False
    except UnicodeDecodeError:
        return data.decode("utf-8-sig", errors="replace"), True


def _sniff_delimiter(sample: str) -> str:
    """Comma, semicolon or tab: the sniffer first, then the header line's most common one."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        header = sample.splitlines()[0] if sample else ""
        return max(_DELIMITERS, key=header.count)


def _read_csv(path: Path) -> Table:
    try:
        text, damaged = _decode(path.read_bytes())
    except OSError as err:
        raise InputError(f"cannot read catalogue {path}: {err.strerror}") from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(text[:_SNIFF_BYTES]))
    return _table(path, enumerate(reader, start=1), damaged)


def _cell_text(value: object) -> str:
    """Spreadsheet values as the curator typed them: whole numbers without `.0`, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook  # only XLSX catalogues pay for the import

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises zipfile, KeyError and its own errors for a bad file
        raise InputError(f"cannot read catalogue {path}: {err}", hint="open it in Excel and save it again as .xlsx") from None
    try:
        sheet = book.worksheets[0]
        rows = ((n, [_cell_text(v) for v in values]) for n, values in enumerate(sheet.iter_rows(values_only=True), start=1))
        return _table(path, rows, False)
    finally:
        book.close()


def _table(path: Path, numbered: Iterator[tuple[int, list[str]]], damaged: bool) -> Table:
    """Header from the first row; blank rows skipped; cells keyed by header."""
    first = next(numbered, None)
    if first is None:
        raise InputError(f"catalogue {path} is empty", hint="the first row must hold the column headers")
    headers = [h.strip() for h in first[1]]
    table = Table(path=path, headers=[h for h in headers if h], not_utf8=damaged)
    for number, values in numbered:
        if not any(v.strip() for v in values):
            continue
        cells = {h: v.strip() for h, v in zip(headers, values) if h}
        table.rows.append(Row(number, cells))
    return table
