
import pytest
from PIL import Image

from eheritage.errors import InputError
from eheritage.images import ImageError, identifier, image_ids, plan


def test_identifier_keeps_letters_in_any_script_and_replaces_url_breakers():
    assert identifier("Nizami Gəncəvi, Xəmsə") == "Nizami_Gəncəvi__Xəmsə"
    assert identifier("Рукопись №5 (лист 2)") == "Рукопись__5__лист_2_"
    assert identifier("obj-12.front~v2") == "obj-12.front~v2"
    assert identifier("a/b?c#d%e") == "a_b_c_d_e"


@pytest.mark.parametrize("stem", ["..", ".", ".hidden", "", "bad\x00name", "tab\there", "nl\nx"])
def test_identifier_refuses_stems_that_escape_or_hide(stem):
    with pytest.raises(ImageError) as caught:
        identifier(stem)
    assert caught.value.hint


def test_multipage_tiff_gives_one_numbered_id_per_page(tmp_path):
    path = tmp_path / "ledger book.tif"
    frames = [Image.new("RGB", (8, 8), (n * 40,) * 3) for n in range(3)]
    frames[0].save(path, save_all=True, append_images=frames[1:])
    assert image_ids(path) == ["ledger_book_0001", "ledger_book_0002", "ledger_book_0003"]


def test_single_page_keeps_its_stem(tmp_path):
    path = tmp_path / "rec_0001.tif"
    Image.new("RGB", (8, 8)).save(path)
    assert image_ids(path) == ["rec_0001"]


def test_plan_walks_folders_for_images_and_marks_collisions(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "deep").mkdir(parents=True)
    for path in (tmp_path / "a" / "Scan.jpg", tmp_path / "b" / "deep" / "scan.png", tmp_path / "a" / "other.tif"):
        Image.new("RGB", (8, 8)).save(path)
    (tmp_path / "a" / "notes.txt").write_text("ignored")
    jobs = plan([tmp_path])
    by_name = {job.source.name: job for job in jobs}
    assert set(by_name) == {"Scan.jpg", "scan.png", "other.tif"}
    assert by_name["other.tif"].problem is None
    assert "collides" in by_name["Scan.jpg"].problem and "scan.png" in by_name["Scan.jpg"].problem
    assert "collides" in by_name["scan.png"].problem


def test_plan_marks_a_dot_dot_stem_instead_of_raising(tmp_path):
    bad = tmp_path / "...tif"
    Image.new("RGB", (8, 8)).save(bad, format="TIFF")
    [job] = plan([bad])
    assert job.problem and "escape" in job.problem


def test_missing_source_is_a_usage_error(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        plan([tmp_path / "absent"])
