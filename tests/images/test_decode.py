"""Decoding real files through real pyvips: colour, depth, alpha, orientation, limits."""

import pytest
import pyvips

from eheritage.images import ImageError
from eheritage.images.decode import Source, bit_depth_warning, open_display


def decode(path, **kwargs):
    return open_display(Source(path, **kwargs)).copy_memory()


@pytest.mark.parametrize("orientation", range(1, 9))
def test_exif_orientation_is_applied(make, orientation):
    image = decode(make.oriented_jpeg(orientation))
    assert (image.width, image.height) == (64, 40)
    for got, want in zip(make.quadrant_colours(image), make.QUADRANTS, strict=True):
        assert make.close(got, want, tolerance=20), (orientation, got, want)


def test_sixteen_bit_becomes_eight_bit_scaled_not_clipped(make):
    image = decode(make.sixteen_bit_tiff(65535))
    assert image.format == "uchar" and image.bands == 3
    assert image.getpoint(4, 4) == [255, 255, 255]
    assert abs(image.getpoint(40, 4)[0] - 64) <= 1
    assert bit_depth_warning(Source(make.sixteen_bit_tiff(65535))) is None


def test_sixteen_bit_holding_twelve_bit_data_is_warned_about(make):
    path = make.sixteen_bit_tiff(4000)
    warning = bit_depth_warning(Source(path))
    assert warning and "12-bit" in warning and str(path) in warning


def test_cmyk_with_icc_profile_becomes_srgb(make):
    image = decode(make.cmyk_tiff((255, 0, 0, 0)))
    assert image.bands == 3 and image.interpretation == "srgb"
    red, green, blue = image.getpoint(5, 5)
    assert red < 90 and green > 120 and blue > 180  # cyan ink reads as cyan, not as red


def test_alpha_is_flattened_onto_white(make):
    image = decode(make.rgba_png())
    assert image.bands == 3
    assert make.close(tuple(image.getpoint(5, 5)), (200, 0, 0), 2)
    assert image.getpoint(35, 5) == [255, 255, 255]


def test_grey_stays_one_band_grey(make):
    image = decode(make.grey_png())
    assert image.bands == 1 and image.interpretation == "b-w"
    assert image.getpoint(3, 3) == [90]


def test_jpeg2000_is_decoded_with_pillow(make):
    image = decode(make.jp2())
    assert (image.width, image.height, image.bands) == (64, 40, 3)
    for got, want in zip(make.quadrant_colours(image), make.QUADRANTS, strict=True):
        assert make.close(got, want, tolerance=16)


def test_multipage_tiff_pages_open_separately(make):
    path = make.multipage_tiff(3)
    widths = [decode(path, page=page).width for page in range(3)]
    assert widths == [40, 50, 60]


def test_header_claiming_too_many_pixels_is_refused_before_decoding(make):
    huge = make.broken()["huge"]
    with pytest.raises(ImageError, match="100000x100000") as caught:
        open_display(Source(huge))
    assert "--max-pixels" in caught.value.hint


def test_max_pixels_applies_to_any_image(make):
    with pytest.raises(ImageError, match="over the limit of 100"):
        open_display(Source(make.grey_png(), max_pixels=100))


@pytest.mark.parametrize(("kind", "message"), [("zero", "empty"), ("text", "not a readable image")])
def test_unreadable_files_are_image_errors(make, kind, message):
    path = make.broken()[kind]
    with pytest.raises(ImageError, match=message) as caught:
        open_display(Source(path))
    assert str(path) in caught.value.message


def test_truncated_jpeg_fails_when_decoded_instead_of_giving_grey(make, tmp_path):
    image = open_display(Source(make.broken()["truncated"]))
    with pytest.raises(Exception, match="premature end"):
        image.write_to_file(str(tmp_path / "out.jpg"))


def test_rgb_with_a_wide_gamut_icc_profile_is_converted_to_srgb(tmp_path):
    path = tmp_path / "p3.tif"
    pixels = (pyvips.Image.black(8, 8, bands=3) + [200, 100, 50]).cast("uchar").copy(interpretation="srgb")
    pixels.tiffsave(str(path), profile="p3")  # the same numbers, meant as Display P3 colours
    red, green, blue = decode(path).getpoint(2, 2)
    assert red > 208 and blue < 42  # more saturated in sRGB terms: the profile was applied


def test_sixteen_bit_alpha_is_flattened_onto_white(tmp_path):
    path = tmp_path / "rgba16.tif"
    (pyvips.Image.black(8, 8, bands=4) + [65535, 0, 0, 0]).cast("ushort").copy(interpretation="rgb16").tiffsave(str(path))
    assert decode(path).getpoint(1, 1) == [255, 255, 255]
