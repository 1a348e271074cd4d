"""Joining scan files to records by name."""

from __future__ import annotations

from pathlib import Path

from eheritage.pipeline.join import join_scans, natural_key


def touch(root: Path, *names: str) -> list[Path]:
    paths = []
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
        paths.append(path)
    return paths


def test_natural_order_puts_2_before_10() -> None:
    assert sorted(["p10", "p2", "p1"], key=natural_key) == ["p1", "p2", "p10"]


def test_all_naming_patterns(tmp_path: Path) -> None:
    scans = touch(tmp_path, "A-1.jpg", "B-2_10.tif", "B-2_2.tif", "B-2_1.tif", "C-3/0002.tif", "C-3/0001.tif", "stray.png")
    result = join_scans(scans, tmp_path, ["A-1", "B-2", "C-3", "D-4"])
    assert [p.source.name for p in result.pages["A-1"]] == ["A-1.jpg"]
    assert [p.source.name for p in result.pages["B-2"]] == ["B-2_1.tif", "B-2_2.tif", "B-2_10.tif"]
    assert [p.source.name for p in result.pages["C-3"]] == ["0001.tif", "0002.tif"]
    assert [p.name for p in result.unmatched_scans] == ["stray.png"]
    assert result.records_without_scans == ["D-4"]
    assert result.warnings == [("B-2", "page number(s) 3-9 are missing")]


def test_repeated_page_numbers_warn_and_keep_both(tmp_path: Path) -> None:
    scans = touch(tmp_path, "X_1.tif", "X_01.jpg", "X_2.tif")
    result = join_scans(scans, tmp_path, ["X"])
    assert len(result.pages["X"]) == 3
    assert result.warnings == [("X", "page number(s) 1 appear more than once; check for duplicate scans")]


def test_image_files_column_wins_and_keeps_its_order(tmp_path: Path) -> None:
    scans = touch(tmp_path, "back.jpg", "front.jpg", "R_1.jpg")
    result = join_scans(scans, tmp_path, ["R"], {"R": ["front.jpg", "back.jpg", "gone.jpg"]})
    assert [p.source.name for p in result.pages["R"]] == ["front.jpg", "back.jpg"]
    assert result.unmatched_scans == [tmp_path / "R_1.jpg"]
    assert result.warnings == [("R", f"image_files names 'gone.jpg', which is not in {tmp_path}")]
