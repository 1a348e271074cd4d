import os
from dataclasses import replace
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from eheritage.chunks import CHUNK
from eheritage.metadata import read_catalogue, render_html, validate, validate_catalogue, write_html_report
from eheritage.metadata.checks import KIND_CHECKS, RowChecker, mojibake_repair, rights_suggestion, value_checks
from eheritage.metadata.records import Record, Value
from eheritage.metadata.shapes import ShapeCheck, ShapeLens, check_shapes
from eheritage.metadata.vocab import CRM
from eheritage.profiles import KINDS, load_profile

from .conftest import INC, MUSEUM_ROWS, write_csv


def test_clean_catalogues_have_no_errors(museum_csv: Path, library_xlsx: Path, archive_csv: Path) -> None:
    assert validate(library_xlsx, "library").errors == 0
    assert validate(archive_csv, "archive").errors == 0
    report = validate(museum_csv, "museum")
    assert report.errors == 0
    # 'monument' has no AAT mapping: a warning naming the row and column
    assert [(p.row, p.column, p.severity) for p in report.problems] == [(4, "object_name", "warning")]


BROKEN = [
    ["object_number", "object_name", "title@az", "title@az_AZ", "date", "dimensions", "rights", "image_files", "notes"],
    ["A1", "xalça", "Xalça", "", "sometime", "24 x 30 cm", "https://rightsstatements.org/vocab/InC/1.0", "", ""],
    ["A1", "rəsm əsəri", "ÐšÐ¾Ð²Ñ‘Ñ€", "", "1850-1830", "big", INC, "missing.jpg", ""],
    ["A3", "", "Bad\x0bchar", "", "1850", "", "CC BY 4.0", "", ""],
]


def test_broken_museum_catalogue_reports_row_column_and_fix(tmp_path: Path) -> None:
    report = validate(write_csv(tmp_path / "broken.csv", BROKEN), "museum")
    found = {(p.row, p.column, p.severity): p.message for p in report.problems}
    assert "not a valid language tag" in found[(1, "title@az_AZ", "error")]
    assert "not read by" in found[(1, "notes", "warning")]
    assert "http://rightsstatements.org/vocab/InC/1.0/" in found[(2, "rights", "error")]
    assert "could not be read" in found[(2, "date", "warning")]
    assert "already used in row 2" in found[(3, "object_number", "error")]
    assert "Ковёр" in found[(3, "title@az", "error")]  # mojibake, with the repair
    assert "ends before it begins" in found[(3, "date", "error")]
    assert "could not be read" in found[(3, "dimensions", "warning")]
    assert "missing.jpg" in found[(3, "image_files", "error")]
    assert "required" in found[(4, "object_name", "error")]
    assert "control character" in found[(4, "title@az", "error")]
    assert "not a rights statement" in found[(4, "rights", "error")]
    assert report.to_json()["errors"] == report.errors == sum(1 for k in found if k[2] == "error")
    assert [p["row"] for p in report.to_json()["problems"]] == sorted(p["row"] for p in report.to_json()["problems"])


def test_cp1251_catalogue_is_reported_not_crashed(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_bytes(f"object_number,object_name,title@ru,rights\nA1,xalça,Ковёр,{INC}\n".encode("cp1251", "replace"))
    report = validate(path, "museum")
    assert any(p.row == 2 and p.column == "title@ru" and "not UTF-8" in p.message for p in report.problems)


def test_required_column_absent_is_one_header_error(tmp_path: Path, archive_csv: Path) -> None:
    path = write_csv(tmp_path / "a.csv", [["reference_code", "title"], ["X1", "T"], ["X2", "T"]])
    report = validate(path, "archive")
    missing = [p for p in report.problems if p.row == 1 and "column" in p.message and "missing" in p.message]
    assert {p.field for p in missing} == {"dates", "level", "extent", "creator", "rights"}
    assert not any(p.row > 1 and p.field == "dates" for p in report.problems)


def test_scans_dir_option(museum_csv: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    report = validate(museum_csv, "museum", scans_dir=elsewhere)
    assert sum("not found" in p.message for p in report.problems) == 3


def test_each_image_files_cell_is_looked_for_and_named_for_what_it_is(tmp_path: Path) -> None:
    scans, outside = tmp_path / "scans", tmp_path / "outside.jpg"
    scans.mkdir()
    outside.touch()
    (scans / "şəkil 1.jpg").touch()
    os.mkfifo(scans / "pipe.jpg")
    (scans / "loop.jpg").symlink_to(scans / "loop.jpg")
    (scans / "out.jpg").symlink_to(outside)
    (scans / "folder.jpg").mkdir()
    cells = {"şəkil 1.jpg": None, "missing.jpg": "not found", "pipe.jpg": "FIFO", "loop.jpg": "loops back",
             "out.jpg": "outside", "folder.jpg": "a folder", "../outside.jpg": "leads outside",
             str(outside): "absolute path"}
    rows = [["object_number", "object_name", "rights", "image_files"]]
    rows += [[f"A{i}", "xalça", INC, cell] for i, cell in enumerate(cells)]
    report = validate(write_csv(tmp_path / "c.csv", rows), "museum", scans_dir=scans)
    found = {p.row: p.message for p in report.problems if p.field == "image_files"}
    for row, expected in enumerate(cells.values(), start=2):
        if expected is None:
            assert row not in found
        else:
            assert expected in found[row], found.get(row)


def test_each_kind_check_is_of_a_kind_profiles_may_name_and_a_field_gets_its_checks_in_order() -> None:
    assert set(KIND_CHECKS) <= KINDS
    fields = load_profile("museum").fields
    assert value_checks(fields["rights"]) == (RowChecker.rights_problems,)  # a uri: any text is its form
    assert value_checks(fields["materials"]) == (RowChecker.vocabulary_problems,)
    assert value_checks(fields["date"]) == (RowChecker.date_problems,)
    assert value_checks(replace(fields["date"], role="rights", vocabulary={"1850": "x"})) == (
        RowChecker.date_problems, RowChecker.rights_problems, RowChecker.vocabulary_problems)


def test_html_report_groups_by_row_and_escapes(tmp_path: Path) -> None:
    rows = [["object_number", "object_name", "rights"], ["A1", "xalça", "<script>alert(1)</script>"]]
    report = validate(write_csv(tmp_path / "c.csv", rows), "museum")
    html = render_html(report)
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Row 2" in html and "rights" in html
    write_html_report(report, tmp_path / "r.html")
    assert (tmp_path / "r.html").read_text(encoding="utf-8") == html


def test_helpers_for_messages() -> None:
    assert rights_suggestion("https://creativecommons.org/licenses/by/4.0/deed.az") == "http://creativecommons.org/licenses/by/4.0/"
    assert rights_suggestion("whatever") is None
    assert mojibake_repair("Ковёр") is None
    assert mojibake_repair("Ð¡Ð°Ð¼Ð°Ñ€") is not None


def _garbled(text: str, encoding: str) -> str:
    return text.encode("utf-8").decode(encoding, errors="replace")


def _round_trip(text: str, encoding: str) -> str | None:
    try:
        return text.encode(encoding).decode("utf-8")
    except UnicodeError:
        return None


def _every_repair(text: str) -> str | None:
    """mojibake_repair by its definition: the first code page whose round trip changes the text."""
    trips = (_round_trip(text, encoding) for encoding in ("cp1252", "cp1251", "latin-1"))
    return next((fixed for fixed in trips if fixed is not None and fixed != text), None)


_CELL_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)


@settings(max_examples=400, deadline=None)
@given(st.one_of(_CELL_TEXT, st.builds(_garbled, _CELL_TEXT, st.sampled_from(["cp1252", "cp1251", "latin-1"]))))
def test_the_mojibake_shortcut_gives_what_trying_every_code_page_gives(text: str) -> None:
    # a regex rules most cells out before any encode: it must never change an answer
    assert mojibake_repair(text) == (None if text.isascii() else _every_repair(text))


@cache
def _samples_checker() -> RowChecker:
    samples = Path(__file__).resolve().parents[2] / "samples" / "museum"
    return RowChecker(read_catalogue(samples / "catalogue.csv", load_profile("museum")), samples)


_CELL = st.one_of(_CELL_TEXT, st.builds(_garbled, _CELL_TEXT, st.sampled_from(["cp1252", "cp1251", "latin-1"])),
                  st.text(st.characters(max_codepoint=0x20), max_size=5), st.just("\ufffd"), st.just("ə" * 32_768),
                  st.just("ə" * 16_400))


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["title", "description", "maker"]), _CELL), min_size=1, max_size=4))
def test_the_quick_search_before_the_cell_checks_never_changes_what_they_find(cells: list[tuple[str, str]]) -> None:
    """cell_problems asks one regex (or isascii) of the whole row, then of each cell, before
    running the checks on a cell: it must report exactly what running them on every cell reports."""
    checker = _samples_checker()
    values: dict[str, list[Value]] = {}
    for key, text in cells:
        values.setdefault(key, []).append(Value(text, "az", key))
    record = Record("ŞƏK-1", 2, checker.profile, values)
    expected = [problem for key, found in values.items() for v in found
                for problem in checker.text_problems(2, checker.profile.fields[key], v)]
    assert list(checker.cell_problems(record)) == expected


_DATE_TEXT = st.one_of(st.sampled_from(["1850", "c.1800", "1826-1827", "1850s", "19th century", "12 May 1902",
                                         "500 BC", "1900-1890", "sometime", ""]), _CELL_TEXT)
_SIZE_TEXT = st.one_of(st.builds("{}: {} x {} {}".format, st.sampled_from(["support", "frame", "sheet"]),
                                 st.integers(0, 500), st.integers(0, 500), st.sampled_from(["mm", "cm", "m", "in"])),
                       st.builds("h. {} cm".format, st.integers(0, 99)), st.sampled_from(["0 x 3 cm", "24 x 30"]), _CELL_TEXT)


@cache
def _lenses() -> dict[str, ShapeLens]:
    samples = Path(__file__).resolve().parents[2] / "samples"
    lenses = {name: ShapeCheck(read_catalogue(samples / name / "catalogue.csv", load_profile(name))).lens
              for name in ("museum", "library", "archive")}
    # shapes that would read the links to a record's own nodes, whose values name the record
    links = frozenset(str(CRM[name]) for name in ("P43_has_dimension", "P4_has_time-span"))
    lenses["museum, reading links"] = replace(lenses["museum"], every=lenses["museum"].every | links,
                                              valued=lenses["museum"].valued | links)
    return lenses


def _values(texts: list[tuple[str, str | None]]) -> list[Value]:
    return [Value(text.strip(), lang, None) for text, lang in texts if text.strip()]


@settings(max_examples=150, deadline=None)
@given(profile=st.sampled_from(["museum", "library", "archive", "museum, reading links"]),
       rows=st.lists(st.tuples(st.sampled_from(["A-1", "A-10", "Ş-1", "lang"]),
                               st.lists(st.tuples(_DATE_TEXT, st.sampled_from([None, "az", "en"])), max_size=2),
                               st.lists(st.tuples(_SIZE_TEXT, st.none()), max_size=3),
                               st.sampled_from(["xalça", ""])), min_size=1, max_size=6))
def test_shape_patterns_kept_per_field_value_are_those_of_the_whole_record(profile: str, rows: list) -> None:
    """ShapeLens.patterns keeps what each date and size puts in the RDF, across records: the
    patterns must be those of each record's own RDF, whichever record first had the value."""
    lens = _lenses()[profile]
    date = next(key for key in lens.whole_order if lens.profile.fields[key].kind == "date")
    size = next((key for key in lens.whole_order if lens.profile.fields[key].kind == "dimension"), None)
    for n, (identifier, dates, sizes, name) in enumerate(rows, start=2):
        values = {lens.profile.id_field.key: [Value(identifier, None, None)], date: _values(dates)}
        if size:
            values[size] = _values(sizes)
        if name and "object_name" in lens.profile.fields:
            values["object_name"] = [Value(name, None, None)]
        record = Record(identifier, n, lens.profile, {key: found for key, found in values.items() if found})
        assert set(lens.patterns(record)) == {lens.pattern(pairs) for _, pairs in lens.subjects(record)}


def test_shacl_maps_results_back_to_rows(tmp_path: Path) -> None:
    profile_path = tmp_path / "p.toml"
    profile_path.write_text('extends = "museum"\n[fields.rights]\nrequired = false\n', encoding="utf-8")
    rows = [["object_number", "object_name", "dateText", "dimensions"], ["A1", "xalça", "1900-1890", "0 x 3 cm"],
            ["A2", "xalça", "1900", "2 x 3 cm"], ["A3", "xalça", "500 BC", "0 x 3 cm"]]
    profile_path.write_text(profile_path.read_text() + '[columns]\ndate = "dateText"\n', encoding="utf-8")
    catalogue = read_catalogue(write_csv(tmp_path / "c.csv", rows), load_profile(profile_path))
    problems = check_shapes(catalogue)
    # rows 2 and 4 share one pattern, validated once and reported for both
    assert sorted((p.row, p.field, p.column) for p in problems) == [(2, "dimensions", "dimensions"), (4, "dimensions", "dimensions")]
    assert all("greater than zero" in p.message for p in problems)


def test_a_default_that_is_not_a_uri_is_caught_by_shacl(tmp_path: Path) -> None:
    # the shapes check the published RDF: dcterms:rights is a literal here, not a URI
    profile_path = tmp_path / "p.toml"
    profile_path.write_text('extends = "museum"\n[defaults]\nrights = "all rights reserved"\n', encoding="utf-8")
    catalogue = read_catalogue(write_csv(tmp_path / "c.csv", [["object_number", "object_name"], ["A1", "xalça"]]),
                               load_profile(profile_path))
    assert [(p.row, p.field, p.severity) for p in check_shapes(catalogue)] == [(2, "rights", "error")]


def test_helper_processes_find_what_one_process_finds(tmp_path: Path) -> None:
    # rows over several chunks, each kind of problem among them: a cell read in the wrong
    # code page, an unreadable date, a collision, a zero dimension (a SHACL pattern)
    header, *rows = MUSEUM_ROWS
    many = [header]
    for n in range(4 * CHUNK + 37):
        row = list(rows[n % len(rows)])
        row[0] = f"NHM {n}"
        if n % 97 == 5:
            row[2] = "QÄ±z portreti"
        if n % 89 == 7:
            row[7] = "sometime"
        if n % 83 == 11:
            row[10] = "0 x 3 cm"
        many.append(row)
    many.append(["NHM-40", *rows[0][1:]])
    catalogue = read_catalogue(write_csv(tmp_path / "many.csv", many), load_profile("museum"))
    alone = validate_catalogue(catalogue, scans_dir=tmp_path, workers=1)
    helped = validate_catalogue(catalogue, scans_dir=tmp_path, workers=2)
    assert helped.problems == alone.problems and helped.collisions == alone.collisions
    found = {(p.field, p.severity) for p in alone.problems}
    assert {("title", "error"), ("date", "warning"), ("dimensions", "error"), ("object_number", "error")} <= found
    assert alone.rows == len(many) - 1
