
import struct

import pytest
import pyvips
from PIL import Image

from eheritage.errors import InputError
from eheritage.images import ImageError, identifier, image_ids, plan
from eheritage.images.discover import page_count


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


@pytest.mark.parametrize(
    "options",
    [{}, {"bigtiff": True}, {"pyramid": True, "tile": True, "tile_width": 16, "tile_height": 16},
     {"pyramid": True, "subifd": True, "tile": True, "tile_width": 16, "tile_height": 16}],
    ids=["classic", "bigtiff", "pyramid-as-pages", "pyramid-in-subifds"],
)
@pytest.mark.parametrize("pages", [1, 4])
def test_page_count_agrees_with_libvips(tmp_path, options, pages):
    page = pyvips.Image.black(64, 48, bands=3)
    image = pyvips.Image.arrayjoin([page] * pages, across=1).copy()
    image.set_type(pyvips.GValue.gint_type, "page-height", 48)
    path = tmp_path / "book.tif"
    image.tiffsave(str(path), **options)
    assert page_count(path) == pyvips.Image.new_from_file(str(path)).get("n-pages")


def directory_chain(*next_offsets: int) -> bytes:
    """A big-endian TIFF header and empty directories (6 bytes each) linked by next_offsets."""
    data = b"MM\x00\x2a" + struct.pack(">I", 8)
    return data + b"".join(struct.pack(">HI", 0, offset) for offset in next_offsets)


@pytest.mark.parametrize(
    "content, pages",
    [(directory_chain(14, 20, 0), 3), (directory_chain(14, 8), 2), (directory_chain(14, 20)[:-3], 2),
     (b"MM\x00\x2a", 1), (b"II*\x00", 1), (b"not a tiff at all", 1), (b"", 1)],
    ids=["big-endian", "chain-loops", "truncated", "header-cut", "offset-missing", "not-tiff", "empty"],
)
def test_page_count_follows_the_directory_chain_and_survives_broken_files(tmp_path, content, pages):
    path = tmp_path / "scan.tif"
    path.write_bytes(content)
    assert page_count(path) == pages


def test_single_page_keeps_its_stem(tmp_path):
    path = tmp_path / "rec_0001.tif"
    Image.new("RGB", (8, 8)).save(path)
    assert image_ids(path) == ["rec_0001"]


def test_plan_walks_folders_for_images_and_marks_collisions(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b" / "deep").mkdir(parents=True)
    for path in (tmp_path / "a" / "Scan.jpg", tmp_path / "b" / "deep" / "scan.png", tmp_path / "a" / "other.tif"):
        Image.new("RGB", (8, 8)).save(path)
    (tmp_path / "a" / "notes.txt").write_text("not a scan")
    jobs = plan([tmp_path])
    by_name = {job.source.name: job for job in jobs}
    assert set(by_name) == {"Scan.jpg", "scan.png", "other.tif", "notes.txt"}
    assert "not a format eheritage tiles (TXT)" in by_name["notes.txt"].unsupported
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
