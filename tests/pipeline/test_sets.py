"""OAI sets of a record: flat collections, and an archive's nested units."""

from __future__ import annotations

import csv
from pathlib import Path

from eheritage.metadata import read_catalogue
from eheritage.pipeline.sets import Hierarchy, merge_sets, record_sets
from eheritage.profiles import load_profile

RIGHTS = "http://rightsstatements.org/vocab/NoC-OKLR/1.0/"


def catalogue(tmp_path: Path, rows: list[tuple[str, str, str]]):
    path = tmp_path / "a.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["reference_code", "title@en", "dates", "level", "parent", "rights"])
        writer.writerows([code, title, "1900", "file", parent, RIGHTS] for code, title, parent in rows)
    return read_catalogue(path, load_profile("archive"))


def specs(tmp_path: Path, rows: list[tuple[str, str, str]]) -> dict[str, list[str]]:
    read = catalogue(tmp_path, rows)
    hierarchy = Hierarchy.of(read, read.profile)
    return {r.id: [info.spec for info, _ in record_sets(r, read.profile, hierarchy)][2:] for r in read}


def test_each_unit_with_parts_is_a_set_inside_its_parents(tmp_path: Path) -> None:
    found = specs(tmp_path, [("F1", "Fonds", ""), ("F1-S1", "Series", "F1"), ("F1-S1-7", "File", "F1-S1"),
                             ("Д-2", "Другой фонд", ""), ("Д-2/оп.1", "Опись", "Д-2"), ("x", "Item", "Д-2/оп.1")])
    assert found["F1"] == ["archive:F1"] and found["F1-S1"] == ["archive:F1:S1"] and found["F1-S1-7"] == ["archive:F1:S1"]
    fonds, inventory = found["Д-2"][0], found["Д-2-оп.1"][0]  # keys turn / into -
    assert inventory.startswith(fonds + ":") and found["x"] == [inventory]
    assert all(part.isascii() for spec in (fonds, inventory) for part in spec.split(":"))


def test_a_loop_of_parents_ends_instead_of_hanging(tmp_path: Path) -> None:
    found = specs(tmp_path, [("A", "A", "B"), ("B", "B", "A")])
    assert found["A"] and found["B"]
    assert all(spec.count(":") <= 3 for spec in found["A"] + found["B"])


def test_a_units_title_names_its_set_whichever_row_comes_first(tmp_path: Path) -> None:
    read = catalogue(tmp_path, [("F1-S1", "Series", "F1"), ("F1", "Fonds", "")])
    hierarchy = Hierarchy.of(read, read.profile)
    known: dict = {}
    for record in read:
        merge_sets(known, record_sets(record, read.profile, hierarchy))
    assert known["archive:F1"].name == "F1: Fonds"


def test_a_museum_collection_stays_one_flat_set(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text("object_number,object_name,title,collection,rights\nM-1,jug,Jug,Ковры,%s\n" % RIGHTS, encoding="utf-8")
    read = read_catalogue(path, load_profile("museum"))
    assert Hierarchy.of(read, read.profile) is None
    (spec,) = [info.spec for info, _ in record_sets(read.records[0], read.profile, None)][2:]
    assert spec.startswith("museum:Kovry-")
