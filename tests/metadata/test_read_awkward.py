"""Catalogues as institutions really save them: UTF-16, legacy code pages, huge cells, repeated
and missing columns, several sheets; and any bytes at all, read without a traceback."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from eheritage.errors import InputError
from eheritage.metadata import validate
from eheritage.metadata.read import read_table

HEADER = ["object_number", "object_name", "title@az", "title@ru", "rights"]
ROW = ["ƏM-1", "xalça", "Qırmızı xalça", "Красный ковёр", "http://creativecommons.org/publicdomain/mark/1.0/"]


def write(path: Path, rows: list[list[str]], encoding: str, delimiter: str = ",") -> Path:
    with open(path, "w", encoding=encoding, newline="") as stream:
        csv.writer(stream, delimiter=delimiter).writerows(rows)
    return path


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_and_bom_files_read_as_they_are(tmp_path: Path, encoding: str) -> None:
    table = read_table(write(tmp_path / "c.txt", [HEADER, ROW], encoding, delimiter="\t"))
    assert table.headers == HEADER and not table.not_utf8
    assert table.rows[0].cells["title@ru"] == "Красный ковёр"


def test_a_windows_1251_file_is_flagged_and_named(tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", [HEADER, ["A-1", "ковёр", "", "Красный ковёр", ROW[4]]], "cp1251")
    table = read_table(path)
    assert table.not_utf8 and table.encoding == "cp1251"
    errors = [p for p in validate(path, "museum").problems if p.severity == "error"]
    assert errors and all("Windows-1251" in p.message for p in errors) and errors[0].row == 2


def test_a_cell_over_the_csv_module_limit_is_read_and_flagged(tmp_path: Path) -> None:
    huge = "ş" * 200_000
    path = write(tmp_path / "c.csv", [HEADER + ["description@az"], ROW + [huge]], "utf-8")
    assert read_table(path).rows[0].cells["description@az"] == huge
    warnings = [p for p in validate(path, "museum").problems if "32,767" in p.message]
    assert warnings and warnings[0].row == 2 and warnings[0].column == "description@az"


def test_an_unclosed_quote_names_the_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("eheritage.metadata.read.MAX_CELL", 1000)
    path = tmp_path / "c.csv"
    path.write_text(",".join(HEADER) + '\nA-1,"never closed' + "x" * 2000 + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"c\.csv, line \d+") as caught:
        read_table(path)
    assert "quote" in caught.value.hint


def test_repeated_columns_are_an_error_and_ragged_rows_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", [HEADER + ["title@az"], ROW + ["second title"], ROW[:1] + ["ABC-2"] + ROW[2:] + ["", "extra"]], "utf-8")
    table = read_table(path)
    assert table.duplicate_headers == {"title@az": [3, 6]}
    assert table.rows[0].cells["title@az"] == "Qırmızı xalça"  # the first column is read
    assert [(row.number, row.extra) for row in table] == [(2, 0), (3, 1)]
    problems = validate(path, "museum").problems
    assert any(p.row == 1 and p.severity == "error" and "used 2 times" in p.message for p in problems)
    assert any(p.row == 3 and p.severity == "warning" and "more cell" in p.message for p in problems)


def test_the_sheet_read_is_named_and_another_can_be_chosen(tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["not", "a", "catalogue"])
    objects = book.create_sheet("Obyektlər")
    objects.append(HEADER)
    objects.append(ROW)
    path = tmp_path / "c.xlsx"
    book.save(path)
    first = read_table(path)
    assert (first.sheet, first.sheets) == ("Notes", ["Notes", "Obyektlər"])
    assert any("--sheet" in p.message for p in validate(path, "museum").problems)
    chosen = read_table(path, sheet="Obyektlər")
    assert chosen.headers == HEADER and chosen.rows[0].cells["object_number"] == "ƏM-1"
    with pytest.raises(InputError, match="no sheet 'Objects'") as caught:
        read_table(path, sheet="Objects")
    assert "Obyektlər" in caught.value.hint


@given(st.binary(max_size=2000))
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_bytes_read_as_a_table_or_a_clear_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "any.csv"
    path.write_bytes(data)
    try:
        table = read_table(path)
    except InputError as err:
        assert str(path) in err.message
        return
    assert all(row.number >= 2 for row in table.rows)


@given(st.lists(st.lists(st.text(max_size=30), min_size=1, max_size=7), min_size=1, max_size=12),
       st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]), st.sampled_from([",", ";", "\t"]))
@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_table_validates_without_raising(tmp_path: Path, rows: list[list[str]], encoding: str, delimiter: str) -> None:
    rows = [[cell.replace("\x00", "") for cell in row] for row in rows]
    try:
        path = write(tmp_path / "t.csv", [HEADER] + rows, encoding, delimiter)
    except UnicodeEncodeError:
        return  # lone surrogates cannot be saved in any encoding
    report = validate(path, "museum")
    assert report.rows <= len(rows)
