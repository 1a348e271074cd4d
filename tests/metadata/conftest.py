"""Realistic small catalogues for the three profiles, in Azerbaijani, Russian and English."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

SCHEMAS = Path(__file__).parent / "schemas"
INC = "http://rightsstatements.org/vocab/InC/1.0/"
PDM = "http://creativecommons.org/publicdomain/mark/1.0/"


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


MUSEUM_ROWS = [
    ["object_number", "object_name", "title@az", "title@ru", "title@en", "description@az", "maker", "date",
     "place_made", "materials", "dimensions", "number_of_objects", "credit_line", "collection", "rights", "image_files"],
    ["NHM 4512/1", "rəsm əsəri", "Qız portreti", "Портрет девушки", "Portrait of a girl",
     "Kətan üzərində yağlı boya.\nİki sətirlik təsvir.", "Mirzə Qədim İrəvani", "c.1850", "İrəvan",
     "oil paint|canvas", "support: 394 x 419 mm", "1", "Transferred from the Tiflis museum, 1936",
     "Painting", INC, "4512-1.jpg"],
    ["NHM 4512/2", "xalça", "Xalça", "Ковёр", "Carpet", "", "", "XIX əsr", "Şuşa", "wool", "24 x 30 cm", "1",
     "", "Textiles", PDM, "4512-2a.jpg|4512-2b.jpg"],
    ["NHM 4513", "monument", "", "Монета", "", "", "", "1826-7, reprinted 1892", "", "silver", "diam. 2.5 cm", "",
     "", "Numismatics", INC, ""],
]


@pytest.fixture
def museum_csv(tmp_path: Path) -> Path:
    for name in ("4512-1.jpg", "4512-2a.jpg", "4512-2b.jpg"):
        (tmp_path / name).write_bytes(b"\xff\xd8\xff")
    return write_csv(tmp_path / "museum.csv", MUSEUM_ROWS)


@pytest.fixture
def library_xlsx(tmp_path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["identifier", "title@az", "title@ru", "creator", "date_issued", "publisher", "place", "language",
                  "subject", "extent", "rights"])
    sheet.append(["AZ-R 112", "Leyli və Məcnun", "Лейли и Меджнун", "Füzuli", "1892", "Tipografiya Kaspiy", "Bakı",
                  "az|ru", "poeziya", "245 s.", PDM])
    sheet.append(["AZ-R 113", "Əkinçi", None, None, "1875", None, "Bakı", "az", None, "8 s.", INC])
    path = tmp_path / "library.xlsx"
    book.save(path)
    return path


ARCHIVE_ROWS = [
    ["reference_code", "title@az", "title@ru", "dates", "level", "extent", "creator", "scope_content@en", "parent",
     "access", "rights"],
    ["AZ-F-1", "Bakı Şəhər Dumasının fondu", "Фонд Бакинской городской думы", "1878-1920", "fonds", "3 450 items",
     "Бакинская городская дума", "Minutes and correspondence of the city council.", "", "Open", INC],
    ["AZ-F-1-1", "Protokollar", "Протоколы", "1878-1890", "опись", "120 files", "Бакинская городская дума", "",
     "AZ-F-1", "Open", INC],
]


@pytest.fixture
def archive_csv(tmp_path: Path) -> Path:
    """Semicolon-separated with a BOM, as Excel saves 'CSV UTF-8' in many locales."""
    return write_csv(tmp_path / "archive.csv", ARCHIVE_ROWS, delimiter=";", encoding="utf-8-sig")
