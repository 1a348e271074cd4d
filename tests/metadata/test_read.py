from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eheritage.errors import InputError
from eheritage.metadata import read_catalogue
from eheritage.metadata.read import read_table
from eheritage.profiles import load_profile

from .conftest import write_csv


@pytest.mark.parametrize(("delimiter", "encoding"), [(",", "utf-8"), (";", "utf-8-sig"), ("\t", "utf-8")])
def test_csv_dialects_and_multiline_cells_keep_spreadsheet_rows(tmp_path: Path, delimiter: str, encoding: str) -> None:
    rows = [["object_number", "description@az"], ["A1", "bir\niki\nüç"], ["A2", "dörd; beş, altı"]]
    table = read_table(write_csv(tmp_path / "c.csv", rows, delimiter=delimiter, encoding=encoding))
    assert table.headers == ["object_number", "description@az"]
    assert [(r.number, r.cells["object_number"]) for r in table.rows] == [(2, "A1"), (3, "A2")]
    assert table.rows[0].cells["description@az"] == "bir\niki\nüç"
    assert not table.not_utf8


def test_language_tagged_columns_and_multi_values(museum_csv: Path) -> None:
    catalogue = read_catalogue(museum_csv, load_profile("museum"))
    first, second = catalogue.records[:2]
    assert first.id == "NHM-4512-1" and first.row == 2
    assert first.titles == {"az": "Qız portreti", "ru": "Портрет девушки", "en": "Portrait of a girl"}
    assert [v.text for v in first.get("materials")] == ["oil paint", "canvas"]
    assert second.image_files == ["4512-2a.jpg", "4512-2b.jpg"]
    assert first.rights == "http://rightsstatements.org/vocab/InC/1.0/"
    labels = [labels["en"] for labels, _ in first.metadata_pairs()]
    assert "Title" in labels and "Image files" not in labels


def test_xlsx_rows_and_numbers(library_xlsx: Path) -> None:
    catalogue = read_catalogue(library_xlsx, load_profile("library"))
    assert [r.row for r in catalogue] == [2, 3]
    assert catalogue.records[0].first("date_issued") == "1892"  # not "1892.0"
    assert [v.text for v in catalogue.records[0].get("language")] == ["az", "ru"]


def test_cp1251_file_is_read_with_damage_flagged(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes("object_number,title@ru\nA1,Ковёр\n".encode("cp1251"))
    table = read_table(path)
    assert table.not_utf8 and "\ufffd" in table.rows[0].cells["title@ru"]


def test_unsupported_or_missing_catalogue_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_table(tmp_path / "missing.csv")
    (tmp_path / "c.ods").write_bytes(b"x")
    with pytest.raises(InputError, match=r"\.ods"):
        read_table(tmp_path / "c.ods")


_CELLS = st.sampled_from(["", " ", "A1", "Ə-1", " b ", "Ф 12"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(headers=st.lists(st.sampled_from(["object_number", "title", ""]), min_size=1, max_size=4),
       rows=st.lists(st.lists(_CELLS, max_size=5), max_size=6))
def test_one_column_pass_holds_what_the_whole_rows_hold(tmp_path: Path, headers: list[str], rows: list[list[str]]) -> None:
    """The identifier pass reads one column (Table.only): the same cells, row numbers and
    first-of-repeated-names rule as whole rows, for short rows, long rows and blank ones."""
    table = read_table(write_csv(tmp_path / "c.csv", [headers, *rows]))
    whole = [(row.number, row.cells.get("object_number")) for row in table]
    assert [(row.number, row.cells["object_number"]) for row in table.only({"object_number"})] == [
        (number, text) for number, text in whole if text]
