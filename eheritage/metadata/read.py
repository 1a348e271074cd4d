"""Read a catalogue spreadsheet (CSV or XLSX) into rows that keep their row numbers.

Curators fix problems in the spreadsheet, so every row carries the number they see
there (the header is row 1). Reading never guesses silently, and never drops anything
without saying so:

- UTF-8 (with or without BOM) and UTF-16 (Excel's "Unicode Text", with BOM or without)
  are read as they are; any other file is still read, with the damaged cells flagged
  and the likely encoding named, so validation can point at the cells;
- repeated column names, and rows with more cells than the header, are recorded for
  validation to report;
- an XLSX workbook's sheet is chosen by name (`sheet`) or is the first, and the table
  says which it read and which others there are.

A table streams: iterating it reads the file again, row by row, so a catalogue of any
length is checked and published in flat memory, in as many passes as need be.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from eheritage.errors import InputError

_DELIMITERS = ",;\t"
_SNIFF_BYTES = 64 * 1024
#: Longest cell read from a CSV. The csv module's own limit (131,072) is below what real
#: catalogues hold in a description; 16 MiB is above any, and still bounds a broken quote.
MAX_CELL = 16 * 1024 * 1024
#: Legacy encodings a catalogue that is not UTF-8 was probably saved in, most likely first.
_LEGACY_GUESSES = ("cp1251", "cp1254", "cp1252")
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Row:
    """One spreadsheet row: its number as the curator sees it, and its cells by header.

    `extra` counts non-empty cells beyond the header's columns, which are not read.
    """

    number: int
    cells: dict[str, str]
    extra: int = 0


@dataclass
class Table:
    """A sheet: its headers and what reading found about the file; iterate it for the rows.

    Each iteration reads the file again (blank rows skipped), so rows are never all held.
    """

    path: Path
    headers: list[str]
    #: Re-reads the file: (row number, cells as text) for every row after the header.
    source: Callable[[], Iterator[tuple[int, list[str]]]]
    #: The header's cells as written, for mapping cells by position.
    columns: list[str] = field(default_factory=list)
    #: True when the file was not valid UTF-8 and undecodable bytes became U+FFFD.
    not_utf8: bool = False
    #: The encoding the file was read in, or for a damaged file the one it most likely has.
    encoding: str = "utf-8"
    #: Header -> the column numbers (1-based) of a name used more than once; the first is read.
    duplicate_headers: dict[str, list[int]] = field(default_factory=dict)
    #: For XLSX: the sheet read and every sheet's name.
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)
    #: Rows with content after the header, counted when the file was opened.
    length: int = 0

    def __iter__(self) -> Iterator[Row]:
        width = max((n for n, header in enumerate(self.columns, start=1) if header), default=0)
        for number, values in self.source():
            if not any(v.strip() for v in values):
                continue
            cells: dict[str, str] = {}
            for header, value in zip(self.columns, values):
                if header and header not in cells:  # a repeated name: the first column is read
                    cells[header] = value.strip()
            yield Row(number, cells, sum(1 for v in values[width:] if v.strip()))

    def only(self, headers: Collection[str]) -> Iterator[Row]:
        """The rows with something in these columns, holding just their cells: for a pass that
        reads one column (the identifiers), at a fraction of building every row's cells."""
        first: dict[str, int] = {}
        for index, header in enumerate(self.columns):
            if header in headers:
                first.setdefault(header, index)  # a repeated name: the first column is read
        wanted = [(index, header) for header, index in first.items()]
        for number, values in self.source():
            width = len(values)
            if cells := {header: text for index, header in wanted if index < width and (text := values[index].strip())}:
                yield Row(number, cells)

    @property
    def rows(self) -> list[Row]:
        """Every row at once: for small tables and tests; pipelines iterate instead."""
        return list(self)


def read_table(path: Path, *, sheet: str | None = None) -> Table:
    """Open a `.csv`, `.tsv` or `.xlsx` catalogue; `sheet` names an XLSX sheet (default: the first)."""
    if not path.is_file():
        raise InputError(f"catalogue {path} does not exist", hint="check the path to the spreadsheet")
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _read_xlsx(path, sheet)
    if sheet is not None:
        raise InputError(f"catalogue {path} is not a workbook, so it has no sheet {sheet!r}", hint="leave out --sheet")
    if path.suffix.lower() in {".csv", ".tsv", ".txt"}:
        try:
            return _read_csv(path)
        except OSError as err:
            raise InputError(f"cannot read catalogue {path}: {err.strerror}") from None
    raise InputError(
        f"catalogue {path}: cannot read {path.suffix or 'files without an extension'}",
        hint="save the spreadsheet as CSV (UTF-8) or Excel .xlsx",
    )


def _encoding(path: Path, head: bytes) -> tuple[str, bool, str]:
    """(codec to read with, damaged, encoding to name): UTF-16 and UTF-8 as they are; else
    UTF-8 with U+FFFD where bytes are lost, naming the legacy code page it most looks like."""
    codec = _utf16(head) or "utf-8-sig"
    decoder = codecs.getincrementaldecoder(codec)()
    with open(path, "rb") as stream:
        try:
            while chunk := stream.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return codec, True, codec if codec != "utf-8-sig" else _legacy_guess(head)
    return codec, False, "utf-8" if codec == "utf-8-sig" else codec


def _utf16(data: bytes) -> str | None:
    """`utf-16` when a UTF-16 BOM leads; `utf-16-le`/`-be` when NULs fill every other byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:4096]
    if len(sample) >= 4:
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        half = len(sample) // 2
        if odd > 0.4 * half and even < 0.05 * half:
            return "utf-16-le"
        if even > 0.4 * half and odd < 0.05 * half:
            return "utf-16-be"
    return None


def _legacy_guess(data: bytes) -> str:
    """The legacy code page whose letters the non-ASCII bytes most look like."""
    def letters(encoding: str) -> int:
        text = data.decode(encoding, errors="ignore")
        return sum(char.isalpha() for char in text if not char.isascii())

    return max(_LEGACY_GUESSES, key=letters)


def _sniff_delimiter(sample: str) -> str:
    """Comma, semicolon or tab: whichever splits the header line into the most columns, the
    sniffer settling a tie. The header goes first because the sniffer reads quoted cells
    too, and a cell such as `";` made it take a comma-separated file for a semicolon one."""
    header = sample.splitlines()[0] if sample else ""
    widths = {d: len(next(csv.reader([header], delimiter=d), [])) for d in _DELIMITERS}
    widest = [d for d in _DELIMITERS if widths[d] == max(widths.values())]
    if len(widest) == 1:
        return widest[0]
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(widest)).delimiter
    except csv.Error:
        return widest[0]


def _read_csv(path: Path) -> Table:
    with open(path, "rb") as stream:
        head = stream.read(_SNIFF_BYTES)
    codec, damaged, encoding = _encoding(path, head)
    sample = codecs.getincrementaldecoder(codec)(errors="replace").decode(head).lstrip("\ufeff")
    delimiter = _sniff_delimiter(sample)

    def numbered() -> Iterator[tuple[int, list[str]]]:
        csv.field_size_limit(MAX_CELL)
        with open(path, encoding=codec, errors="replace" if damaged else "strict", newline="") as stream:
            reader = csv.reader(stream, delimiter=delimiter)
            try:
                for number, values in enumerate(reader, start=1):
                    yield number, [v.lstrip("\ufeff") for v in values] if number == 1 else values
            except csv.Error as err:
                raise InputError(
                    f"catalogue {path}, line {reader.line_num}: {err}",
                    hint=f"a cell over {MAX_CELL // 2**20} MiB usually means a quote (\") that is never closed; check that line",
                ) from None

    table = _table(path, numbered)
    table.not_utf8, table.encoding = damaged, encoding
    return table


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


def _read_xlsx(path: Path, sheet_name: str | None) -> Table:
    from openpyxl import load_workbook  # only XLSX catalogues pay for the import

    def numbered() -> Iterator[tuple[int, list[str]]]:
        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as err:  # openpyxl raises zipfile, KeyError and its own errors for a bad file
            raise InputError(f"cannot read catalogue {path}: {err}", hint="open it in Excel and save it again as .xlsx") from None
        try:
            names = list(book.sheetnames)
            if sheet_name is not None and sheet_name not in names:
                raise InputError(f"catalogue {path} has no sheet {sheet_name!r}", hint=f"its sheets are: {', '.join(names)}")
            sheet = book[sheet_name] if sheet_name is not None else book.worksheets[0]
            yield 0, [sheet.title, *names]  # which sheet, for the table to say
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, [_cell_text(v) for v in values]
        except InputError:
            raise
        except Exception as err:  # a damaged sheet inside a valid zip fails only when read
            raise InputError(f"cannot read catalogue {path}: {err}", hint="open it in Excel and save it again as .xlsx") from None
        finally:
            book.close()

    def rows() -> Iterator[tuple[int, list[str]]]:
        stream = numbered()
        next(stream)
        return stream

    opened = numbered()
    _, (title, *names) = next(opened)
    opened.close()
    table = _table(path, rows)
    table.sheet, table.sheets = title, names
    return table


def _table(path: Path, numbered: Callable[[], Iterator[tuple[int, list[str]]]]) -> Table:
    """Headers from the first row; the rest stream from `numbered` on every iteration."""
    stream = numbered()
    first = next(stream, None)
    if first is None:
        raise InputError(f"catalogue {path} is empty", hint="the first row must hold the column headers")
    columns = [h.strip() for h in first[1]]
    positions: dict[str, list[int]] = {}
    for number, header in enumerate(columns, start=1):
        if header:
            positions.setdefault(header, []).append(number)
    # Read to the end once: a broken file fails here, before any pass uses it; count the rows.
    length = sum(1 for _, values in stream if any(v.strip() for v in values))

    def body() -> Iterator[tuple[int, list[str]]]:
        rows = numbered()
        next(rows, None)
        return rows

    table = Table(path=path, headers=list(positions), source=body, columns=columns, length=length)
    table.duplicate_headers = {h: numbers for h, numbers in positions.items() if len(numbers) > 1}
    return table
