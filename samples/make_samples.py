"""Make the committed sample batch: catalogues and synthetic scans that look like the real thing.

    python samples/make_samples.py [OUT]     # OUT defaults to the folder holding this script

Three collections, one per built-in profile (museum, library, archive), plus `broken/`, a
catalogue full of the mistakes `eheritage validate` must catch. The scans are drawn with
pyvips (gradients, shapes, grain, text) so the folder stays small (< 5 MB) and needs no
copyrighted photographs, yet exercises what real masters do: front/back photography,
an embedded Display P3 ICC profile, a 16-bit TIFF, JPEG-compressed TIFF pages, a
multi-page TIFF and a record with no scans at all.

Everything is deterministic (fixed noise seeds, fixed spreadsheet timestamps), so running the
script again reproduces the committed files; tests/iiif/test_samples.py checks that.
Only the drawn text depends on the fonts installed, which is why that test compares the
catalogues byte for byte but the images by size and pixels, with a tolerance.
"""

from __future__ import annotations

import csv
import datetime
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl
import pyvips
from openpyxl.writer.excel import ExcelWriter

Colour = tuple[float, float, float]
Row = dict[str, str]

PD_MARK = "http://creativecommons.org/publicdomain/mark/1.0/"
CC_BY_SA = "http://creativecommons.org/licenses/by-sa/4.0/"
IN_COPYRIGHT = "http://rightsstatements.org/vocab/InC/1.0/"
NO_COPYRIGHT_OTHER = "http://rightsstatements.org/vocab/NoC-OKLR/1.0/"

#: A fixed instant for spreadsheet metadata, so the .xlsx is byte-identical on every run.
FIXED_TIME = datetime.datetime(2024, 1, 1, 0, 0, 0)
JPEG_QUALITY = 80
SERIF = "DejaVu Serif"

# --------------------------------------------------------------------------- drawing


def gradient(width: int, height: int, top: Colour, bottom: Colour) -> pyvips.Image:
    """A vertical gradient: the lit backdrop of a copy stand, or paper under a lamp."""
    t = pyvips.Image.xyz(width, height)[1] / max(height - 1, 1)
    delta = [b - a for a, b in zip(top, bottom)]
    return (t * delta + list(top)).cast("uchar").copy(interpretation="srgb")


def grain(image: pyvips.Image, sigma: float, seed: int) -> pyvips.Image:
    """Sensor grain, seeded so every run draws the same noise."""
    noise = pyvips.Image.gaussnoise(image.width, image.height, sigma=sigma, mean=0, seed=seed)
    return (image + noise).cast("uchar").copy(interpretation="srgb")


def ellipse_mask(width: int, height: int, cx: float, cy: float, rx: float, ry: float) -> pyvips.Image:
    """255 inside the ellipse, 0 outside: vips has no ellipse drawing, so compute it."""
    xy = pyvips.Image.xyz(width, height)
    return ((xy[0] - cx) / rx) ** 2 + ((xy[1] - cy) / ry) ** 2 < 1


def paint(image: pyvips.Image, mask: pyvips.Image, colour: Colour | pyvips.Image) -> pyvips.Image:
    """Fill `mask` (0-255, anti-aliased edges welcome) with a colour or another image."""
    return mask.ifthenelse(colour, image, blend=True).cast("uchar").copy(interpretation="srgb")


def write_text(
    image: pyvips.Image, text: str, left: int, top: int, *, size: int, colour: Colour, width: int | None = None
) -> pyvips.Image:
    """Render `text` (pango markup off) with the system's serif font, wrapped to `width` pixels."""
    options = {"font": f"{SERIF} {size}", "dpi": 72}
    if width:
        options |= {"width": width, "justify": True}
    mask = pyvips.Image.text(text.replace("&", "&amp;").replace("<", "&lt;"), **options)
    mask = mask.crop(0, 0, min(mask.width, image.width - left), min(mask.height, image.height - top))
    region = image.crop(left, top, mask.width, mask.height)  # blend only where the text is
    return image.insert(paint(region, mask, colour), left, top)


def colour_checker(image: pyvips.Image, left: int, top: int, patch: int) -> pyvips.Image:
    """The colour target photographers put in frame, for colour checking downstream."""
    patches: Sequence[Colour] = (
        (115, 82, 68), (194, 150, 130), (98, 122, 157), (87, 108, 67), (133, 128, 177), (103, 189, 170),
        (214, 126, 44), (80, 91, 166), (193, 90, 99), (94, 60, 108), (157, 188, 64), (224, 163, 46),
        (243, 243, 242), (200, 200, 200), (160, 160, 160), (122, 122, 121), (85, 85, 85), (52, 52, 52),
    )  # fmt: skip
    for i, rgb in enumerate(patches):
        x = left + (i % 6) * patch
        y = top + (i // 6) * patch
        image = image.draw_rect(list(rgb), x, y, patch - 4, patch - 4, fill=True)
    return image


def frame_label(image: pyvips.Image, text: str) -> pyvips.Image:
    """The accession number card photographed with every object."""
    w, h = image.width, image.height
    image = image.draw_rect([245, 243, 236], 30, h - 110, 520, 80, fill=True)
    image = write_text(image, text, 50, h - 95, size=36, colour=(20, 20, 20))
    return colour_checker(image, w - 6 * 46 - 30, h - 3 * 46 - 30, 46)


# --------------------------------------------------------------------------- museum objects


def carpet(side: int) -> pyvips.Image:
    """A knotted carpet photographed from above: medallion, field pattern and borders.

    The back (side 2) shows the same design mirrored, duller, with the knot grid showing.
    """
    w, h = 2000, 1300
    photo = grain(gradient(w, h, (92, 92, 96), (58, 58, 62)), 3, seed=10 + side)
    cw, ch, cx0, cy0 = 1700, 960, 150, 120
    xy = pyvips.Image.xyz(cw, ch)
    diamond = ((xy[0] - cw / 2).abs() * (ch / cw) + (xy[1] - ch / 2).abs()) / 38
    index = (diamond.cast("int") % 5).cast("uchar")
    palette = pyvips.Image.new_from_memory(
        bytes([150, 28, 32, 28, 40, 92, 214, 178, 110, 120, 22, 30, 40, 92, 70]), 5, 1, 3, "uchar"
    )
    field = index.maplut(palette).copy(interpretation="srgb")
    for inset, rgb in ((0, (28, 40, 92)), (60, (214, 178, 110)), (90, (120, 22, 30))):
        field = field.draw_rect(list(rgb), inset, inset, cw - 2 * inset, ch - 2 * inset, fill=False)
        field = field.draw_rect(list(rgb), inset + 8, inset + 8, cw - 2 * inset - 16, ch - 2 * inset - 16, fill=False)
    knots = (((xy[0] % 6) < 1) | ((xy[1] % 6) < 1)) / 255 * -0.18 + 1  # rows of knots catch the light
    field = (field * knots).cast("uchar")
    if side == 2:
        field = (field.fliphor() * 0.7 + 25).cast("uchar")
    photo = photo.insert(grain(field.copy(interpretation="srgb"), 3, seed=20 + side), cx0, cy0)
    return frame_label(photo, f"NHM-1998-0042 / {side}")


def painting(side: int) -> pyvips.Image:
    """A framed portrait (front) and its canvas back with stretcher bars and labels."""
    w, h = 1400, 1800
    photo = grain(gradient(w, h, (70, 70, 72), (40, 40, 44)), 3, seed=30 + side)
    fx, fy, fw, fh = 150, 120, 1100, 1420
    if side == 1:
        photo = photo.draw_rect([150, 112, 40], fx, fy, fw, fh, fill=True)  # gilt frame
        inner = gradient(fw - 140, fh - 140, (48, 38, 30), (20, 16, 14))
        iw, ih = inner.width, inner.height
        inner = paint(inner, ellipse_mask(iw, ih, iw / 2, ih * 0.85, iw * 0.38, ih * 0.35), (60, 30, 28))
        inner = paint(inner, ellipse_mask(iw, ih, iw / 2, ih * 0.36, iw * 0.17, ih * 0.16), (214, 170, 132))
        inner = paint(inner, ellipse_mask(iw, ih, iw / 2, ih * 0.24, iw * 0.2, ih * 0.08), (30, 20, 18))
        inner = grain(inner, 5, seed=35)
        photo = photo.insert(inner, fx + 70, fy + 70)
    else:
        photo = photo.draw_rect([196, 178, 140], fx, fy, fw, fh, fill=True)  # raw canvas
        photo = photo.draw_rect([120, 86, 50], fx, fy, fw, 70, fill=True)
        photo = photo.draw_rect([120, 86, 50], fx, fy + fh - 70, fw, 70, fill=True)
        photo = photo.draw_rect([120, 86, 50], fx, fy, 70, fh, fill=True)
        photo = photo.draw_rect([120, 86, 50], fx + fw - 70, fy, 70, fh, fill=True)
        photo = photo.draw_rect([120, 86, 50], fx, fy + fh // 2 - 35, fw, 70, fill=True)
        photo = photo.draw_rect([238, 232, 214], fx + 260, fy + 260, 560, 200, fill=True)
        label = "Гос. музей искусств\nинв. № 2003-0117\nХолст, масло"
        photo = write_text(photo, label, fx + 290, fy + 285, size=34, colour=(30, 30, 60))
        photo = grain(photo, 4, seed=36)
    return frame_label(photo, f"NHM-2003-0117 / {side}")


def jug(side: int) -> pyvips.Image:
    """A glazed ceramic jug on a sweep: a round body lit from the left, a neck and a handle."""
    w, h = 960, 1200
    photo = gradient(w, h, (210, 210, 206), (150, 150, 146))
    lit = gradient(h, w, (20, 60, 90), (70, 130, 160)).rot90()  # glaze lit from the left
    body = ellipse_mask(w, h, w / 2, h * 0.6, w * 0.3, h * 0.26)
    neck = ellipse_mask(w, h, w / 2, h * 0.3, w * 0.1, h * 0.14)
    handle = ellipse_mask(w, h, w * 0.77, h * 0.48, w * 0.1, h * 0.15) & ~ellipse_mask(
        w, h, w * 0.77, h * 0.48, w * 0.06, h * 0.11
    )
    photo = paint(photo, handle | neck | body, lit)
    stripes = body & (((pyvips.Image.xyz(w, h)[1] / 28).cast("int") % 3) == 0)
    photo = paint(photo, stripes, (230, 226, 210) if side == 1 else (170, 60, 40))
    return frame_label(photo, f"NHM-2011-0305 / {side}")


# --------------------------------------------------------------------------- pages


def page(number: int, heading: str, body: str, *, seed: int, size: tuple[int, int] = (1200, 1700)) -> pyvips.Image:
    """A book or archive page on aged paper, lit a little unevenly, with a gutter shadow."""
    w, h = size
    paper = gradient(w, h, (232, 220, 190), (214, 198, 160))
    x = pyvips.Image.xyz(w, h)[0]
    in_gutter = x > w - 90 if number % 2 == 0 else x < 90  # versos have the gutter on the right
    gutter = in_gutter / 255 * -0.12 + 1  # the binding shades the paper near the spine
    paper = (paper * gutter).cast("uchar").copy(interpretation="srgb")
    if heading:
        paper = write_text(paper, heading, 140, 160, size=44, colour=(40, 28, 20), width=w - 280)
    if body:
        paper = write_text(paper, body, 140, 320 if heading else 160, size=27, colour=(48, 36, 28), width=w - 280)
    paper = write_text(paper, str(number), w // 2 - 10, h - 120, size=26, colour=(60, 44, 30))
    return grain(paper, 3, seed=seed)


BOOK_TEXT = (
    "Въ лѣто 1826 года, по распоряженію Канцеляріи, собраны были сказанія жителей Ширвана, "
    "записанныя со словъ старожиловъ. Настоящее изданіе повторяетъ первое съ исправленіями. "
    "Şirvan nağılları, qocaların dilindən yazıya alınmışdır; bu nəşr birinci nəşri təkrar edir. "
) * 4
BOOK_TEXT_2 = (
    "Сказаніе о Шемахинской крѣпости. Разсказываютъ, что въ старину жилъ въ Шемахѣ мастеръ, "
    "ткавшій ковры такой красоты, что купцы пріѣзжали за ними изъ Тавриза и Астрахани. "
    "Deyirlər ki, qədim zamanlarda Şamaxıda gözəl xalçalar toxuyan bir usta yaşayırdı. "
) * 4
LEDGER_TEXT = (
    "Его Превосходительству Господину Бакинскому Губернатору. Прошеніе. Честь имѣю покорнѣйше просить "
    "отвести мнѣ участокъ земли въ Балаханахъ для устройства нефтяного колодца, "
    "о чемъ представляю планъ и свидѣтельство. 14 марта 1872 года. "
) * 3


def book_pages() -> list[pyvips.Image]:
    """Cover, title page and two text pages of a small printed book."""
    cover = grain(gradient(1200, 1700, (92, 40, 36), (60, 24, 22)), 5, seed=50)
    cover = cover.draw_rect([196, 160, 90], 100, 100, 1000, 1500, fill=False)
    cover = write_text(cover, "СБОРНИКЪ\nШИРВАНСКИХЪ\nСКАЗАНІЙ", 260, 520, size=72, colour=(214, 180, 110))
    title = page(0, "Сборникъ ширванскихъ сказаній", "Тифлисъ\nТипографія Канцеляріи Намѣстника\n1892", seed=51)
    return [cover, title, page(1, "", BOOK_TEXT, seed=52), page(2, "", BOOK_TEXT_2, seed=53)]


def manuscript_pages() -> list[pyvips.Image]:
    """Two leaves of a manuscript divan, with a ruled frame around the text block."""
    leaves = []
    for number in (1, 2):
        leaf = page(number, "Divan", "Gəl ey könül, bu dünyanın vəfası yoxdur. " * 12, seed=60 + number)
        leaf = leaf.draw_rect([150, 40, 30], 110, 130, 980, 1420, fill=False)
        leaf = leaf.draw_rect([30, 60, 120], 118, 138, 964, 1404, fill=False)
        leaves.append(leaf)
    return leaves


def archive_document() -> list[pyvips.Image]:
    """A three-page petition with an office stamp on the first page."""
    pages = [page(n, "Прошеніе" if n == 1 else "", LEDGER_TEXT, seed=70 + n, size=(1100, 1500)) for n in (1, 2, 3)]
    stamp = ellipse_mask(1100, 1500, 850, 1200, 120, 120) & ~ellipse_mask(1100, 1500, 850, 1200, 108, 108)
    pages[0] = paint(pages[0], stamp, (90, 50, 140))
    return pages


def land_plan() -> pyvips.Image:
    """A hand-drawn plan of a plot, the attachment to the petition."""
    plan = page(1, "Планъ участка", "", seed=80, size=(1600, 1150))
    plan = plan.draw_rect([60, 40, 30], 300, 330, 900, 560, fill=False)
    plan = plan.draw_circle([40, 40, 110], 700, 600, 60, fill=True)
    return write_text(plan, "Балаханы, уч. № 17", 320, 900, size=30, colour=(60, 40, 30))


# --------------------------------------------------------------------------- saving


def save_jpeg(image: pyvips.Image, path: Path) -> None:
    image.jpegsave(str(path), Q=JPEG_QUALITY, optimize_coding=True, strip=False)


def save_p3_jpeg(image: pyvips.Image, path: Path) -> None:
    """Convert to Display P3 and embed that profile: colour is wrong unless a reader honours it."""
    image.icc_transform("p3", input_profile="srgb", embedded=False).jpegsave(
        str(path), Q=JPEG_QUALITY, optimize_coding=True
    )


def save_16bit_tiff(image: pyvips.Image, path: Path) -> None:
    """A 16-bit RGB master, as high-end capture software delivers it."""
    wide = (image.cast("ushort") * 257).cast("ushort").copy(interpretation="rgb16")
    wide.tiffsave(str(path), compression="deflate", predictor="horizontal")


def save_jpeg_tiff(image: pyvips.Image, path: Path) -> None:
    image.tiffsave(str(path), compression="jpeg", Q=JPEG_QUALITY, tile=True)


def save_multipage_tiff(pages: list[pyvips.Image], path: Path) -> None:
    """One TIFF with a page per sheet: vips writes pages from a tall image and `page-height`."""
    stacked = pyvips.Image.arrayjoin(pages, across=1).copy()
    stacked.set_type(pyvips.GValue.gint_type, "page-height", pages[0].height)
    stacked.tiffsave(str(path), compression="jpeg", Q=JPEG_QUALITY)


def write_csv(path: Path, header: list[str], rows: list[Row]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _fix_zip_times(path: Path) -> None:
    """Rewrite a zip so every member carries one fixed timestamp: the .xlsx becomes reproducible."""
    with zipfile.ZipFile(path) as source:
        members = [(info.filename, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            target.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6]), data, zipfile.ZIP_DEFLATED)


def write_xlsx(path: Path, header: list[str], rows: list[Row]) -> None:
    """The same catalogue as a spreadsheet, the way most cataloguers actually deliver it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "catalogue"
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(column, "") for column in header])
    workbook.properties.creator = "eheritage samples"
    workbook.properties.created = workbook.properties.modified = FIXED_TIME
    # ExcelWriter directly, because openpyxl's save_workbook() stamps the current time.
    ExcelWriter(workbook, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED)).save()
    _fix_zip_times(path)


# --------------------------------------------------------------------------- catalogues

MUSEUM_HEADER = [
    "object_number", "object_name", "title@az", "title@ru", "title@en", "description@en", "description@az",
    "maker", "date", "place_made", "materials", "technique", "dimensions", "number_of_objects",
    "credit_line", "current_location", "collection", "rights", "image_files",
]  # fmt: skip
MUSEUM_ROWS: list[Row] = [
    {
        "object_number": "NHM-1998-0042", "object_name": "carpet",
        "title@az": "Xila-əfşan naxışlı xalça", "title@ru": "Ковёр с узором «хила-афшан»",
        "title@en": "Khila-afshan pattern carpet",
        "description@en": "Knotted pile carpet with a central medallion on a red field; three borders.",
        "description@az": "Qırmızı yerlikli, mərkəzi medalyonlu xovlu xalça; üç haşiyə.",
        "maker": "unknown Shirvan weaver", "date": "c.1850", "place_made": "Shirvan|Baku",
        "materials": "wool|cotton", "technique": "hand-knotted pile", "dimensions": "394 x 219 cm",
        "number_of_objects": "1", "credit_line": "Gift of the Mammadov family, 1998",
        "current_location": "Gallery 3", "collection": "Carpets", "rights": PD_MARK, "image_files": "",
    },
    {
        "object_number": "NHM-2003-0117", "object_name": "painting",
        "title@az": "Gənc qadın portreti", "title@ru": "Портрет молодой женщины",
        "title@en": "Portrait of a young woman",
        "description@en": "Half-length portrait in a gilt frame; inventory label on the stretcher.",
        "description@az": "",
        "maker": "unknown artist, Shusha school", "date": "XIX век", "place_made": "Shusha",
        "materials": "oil paint|canvas", "technique": "oil painting", "dimensions": "support: 394 x 419 mm",
        "number_of_objects": "1", "credit_line": "Transferred from the State Art Museum, 2003",
        "current_location": "Store B", "collection": "Fine Art", "rights": IN_COPYRIGHT,
        "image_files": "NHM-2003-0117_0001.jpg|NHM-2003-0117_0002.jpg",
    },
    {
        "object_number": "NHM-2011-0305", "object_name": "jug",
        "title@az": "Sirlı saxsı səhəng", "title@ru": "Глазурованный глиняный кувшин",
        "title@en": "Glazed earthenware jug",
        "description@en": "Blue-glazed jug with white bands; the reverse has red bands.",
        "description@az": "Ağ zolaqlı göy sirlı səhəng; arxa tərəfi qırmızı zolaqlıdır.",
        "maker": "", "date": "XIX əsr", "place_made": "Ganja", "materials": "earthenware|glaze",
        "technique": "wheel-thrown, glazed", "dimensions": "h. 31 cm; diam. 18 cm",
        "number_of_objects": "1", "credit_line": "Purchased, 2011", "current_location": "Gallery 1",
        "collection": "Ceramics", "rights": CC_BY_SA, "image_files": "",
    },
]  # fmt: skip

LIBRARY_HEADER = [
    "identifier", "title@ru", "title@az", "title@en", "creator", "date_issued", "publisher", "place",
    "language", "subject", "extent", "rights", "image_files",
]  # fmt: skip
LIBRARY_ROWS: list[Row] = [
    {
        "identifier": "NLA-1892-0031", "title@ru": "Сборникъ ширванскихъ сказаній",
        "title@az": "Şirvan nağılları toplusu", "title@en": "Collected tales of Shirvan",
        "creator": "Chancellery of the Viceroy of the Caucasus", "date_issued": "1826-7, reprinted 1892",
        "publisher": "Типографія Канцеляріи Намѣстника", "place": "Tiflis", "language": "ru|az",
        "subject": "folklore|Shirvan", "extent": "212 p.; 24 cm", "rights": PD_MARK, "image_files": "",
    },
    {
        "identifier": "NLA-MS-0187", "title@ru": "Диван (рукопись)", "title@az": "Divan (əlyazma)",
        "title@en": "Divan (manuscript)", "creator": "unknown scribe", "date_issued": "XIX əsr",
        "publisher": "", "place": "Shamakhi", "language": "az|fa", "subject": "poetry|manuscripts",
        "extent": "2 leaves; 21 x 14 cm", "rights": NO_COPYRIGHT_OTHER, "image_files": "",
    },
    {
        "identifier": "NLA-1935-0412", "title@ru": "Просвещение и культура", "title@az": "Maarif və mədəniyyət",
        "title@en": "Education and culture (journal)", "creator": "", "date_issued": "1935",
        "publisher": "Azərnəşr", "place": "Baku", "language": "az", "subject": "periodicals",
        "extent": "48 p.; 26 cm", "rights": IN_COPYRIGHT, "image_files": "",
    },
]  # fmt: skip

ARCHIVE_HEADER = [
    "reference_code", "title@ru", "title@en", "title@az", "dates", "level", "extent", "creator",
    "scope_content", "parent", "access", "rights", "image_files",
]  # fmt: skip
ARCHIVE_ROWS: list[Row] = [
    {
        "reference_code": "AZ-DA-F12", "title@ru": "Бакинская губернская канцелярия",
        "title@en": "Baku Governorate Chancellery", "title@az": "Bakı quberniya dəftərxanası",
        "dates": "1846-1917", "level": "fonds", "extent": "2 series, 412 files",
        "creator": "Baku Governorate Chancellery", "scope_content": "Records of the governor's office.",
        "parent": "", "access": "open", "rights": NO_COPYRIGHT_OTHER, "image_files": "",
    },
    {
        "reference_code": "AZ-DA-F12-S1", "title@ru": "Переписка о нефтяных участках",
        "title@en": "Correspondence on oil plots", "title@az": "Neft sahələri haqqında yazışma",
        "dates": "1872-1900", "level": "series", "extent": "96 files",
        "creator": "Baku Governorate Chancellery", "scope_content": "Petitions and decisions on oil-bearing land.",
        "parent": "AZ-DA-F12", "access": "open", "rights": NO_COPYRIGHT_OTHER, "image_files": "",
    },
    {
        "reference_code": "AZ-DA-F12-S1-D0042", "title@ru": "Прошение об отводе участка в Балаханах",
        "title@en": "Petition for a plot at Balakhany", "title@az": "Balaxanıda sahə ayrılması haqqında ərizə",
        "dates": "1872-03-14", "level": "file", "extent": "3 sheets", "creator": "Baku Governorate Chancellery",
        "scope_content": "Petition with an office stamp; see the plan in D0043.", "parent": "AZ-DA-F12-S1",
        "access": "open", "rights": NO_COPYRIGHT_OTHER, "image_files": "AZ-DA-F12-S1-D0042.tif",
    },
    {
        "reference_code": "AZ-DA-F12-S1-D0043", "title@ru": "План участка № 17", "title@en": "Plan of plot no. 17",
        "title@az": "17 nömrəli sahənin planı", "dates": "c.1872", "level": "file", "extent": "1 sheet",
        "creator": "Baku Governorate Chancellery", "scope_content": "", "parent": "AZ-DA-F12-S1",
        "access": "open", "rights": NO_COPYRIGHT_OTHER, "image_files": "",
    },
]  # fmt: skip

#: Each row breaks one rule, named in `description@en` so a person reading the demo knows why.
BROKEN_HEADER = ["object_number", "object_name", "title@en", "title@az_AZ", "description@en", "date", "rights", "image_files"]
BROKEN_ROWS: list[Row] = [
    {"object_number": "NHM-2020-0001", "object_name": "", "title@en": "Bowl",
     "description@en": "missing required object_name", "date": "1901", "rights": PD_MARK},
    {"object_number": "NHM-2020-0002", "object_name": "vase", "title@en": "Vase",
     "description@en": "first of two rows with this id", "date": "1902", "rights": PD_MARK},
    {"object_number": "NHM-2020-0002", "object_name": "vase", "title@en": "Vase (again)",
     "description@en": "duplicate id", "date": "1903", "rights": PD_MARK},
    {"object_number": "NHM-2020-0003", "object_name": "coin", "title@en": "Coin",
     "description@en": "unparseable date", "date": "31/02/19??", "rights": PD_MARK},
    {"object_number": "NHM-2020-0004", "object_name": "cup", "title@en": "Cup", "title@az_AZ": "Fincan",
     "description@en": "bad language tag in the column header title@az_AZ", "date": "1904", "rights": PD_MARK},
    {"object_number": "NHM-2020-0005", "object_name": "plate", "title@en": "Plate",
     "description@en": "rights URI with https and no trailing slash", "date": "1905",
     "rights": "https://creativecommons.org/licenses/by/4.0"},
    {"object_number": "NHM-2020-0006", "object_name": "carpet", "title@en": "Ð¥Ð°Ð»Ñ‡Ð° XalÃ§a",
     "description@en": "mojibake: UTF-8 read as Windows-1252", "date": "1906", "rights": PD_MARK},
    {"object_number": "NHM-2020-0007", "object_name": "lamp", "title@en": "Oil\x0blamp",
     "description@en": "control character (vertical tab) in the title", "date": "1907", "rights": PD_MARK},
    {"object_number": "NHM-2020-0008", "object_name": "box", "title@en": "Box",
     "description@en": "image file that does not exist", "date": "1908", "rights": PD_MARK,
     "image_files": "NHM-2020-0008_0001.jpg"},
]  # fmt: skip


# --------------------------------------------------------------------------- the batch


def make_museum(root: Path) -> None:
    scans = root / "museum" / "scans"
    scans.mkdir(parents=True, exist_ok=True)
    write_csv(root / "museum" / "catalogue.csv", MUSEUM_HEADER, MUSEUM_ROWS)
    for side in (1, 2):
        save_jpeg(carpet(side), scans / f"NHM-1998-0042_000{side}.jpg")
    save_p3_jpeg(painting(1), scans / "NHM-2003-0117_0001.jpg")
    save_jpeg(painting(2), scans / "NHM-2003-0117_0002.jpg")
    save_16bit_tiff(jug(1), scans / "NHM-2011-0305_0001.tif")
    save_jpeg(jug(2), scans / "NHM-2011-0305_0002.jpg")


def make_library(root: Path) -> None:
    scans = root / "library" / "scans"
    scans.mkdir(parents=True, exist_ok=True)
    write_csv(root / "library" / "catalogue.csv", LIBRARY_HEADER, LIBRARY_ROWS)
    write_xlsx(root / "library" / "catalogue.xlsx", LIBRARY_HEADER, LIBRARY_ROWS)
    for number, image in enumerate(book_pages(), start=1):
        save_jpeg_tiff(image, scans / f"NLA-1892-0031_{number:04d}.tif")
    for number, image in enumerate(manuscript_pages(), start=1):
        save_jpeg(image, scans / f"NLA-MS-0187_{number:04d}.jpg")


def make_archive(root: Path) -> None:
    scans = root / "archive" / "scans"
    scans.mkdir(parents=True, exist_ok=True)
    write_csv(root / "archive" / "catalogue.csv", ARCHIVE_HEADER, ARCHIVE_ROWS)
    save_multipage_tiff(archive_document(), scans / "AZ-DA-F12-S1-D0042.tif")
    save_jpeg(land_plan(), scans / "AZ-DA-F12-S1-D0043_0001.jpg")


def make_broken(root: Path) -> None:
    (root / "broken").mkdir(parents=True, exist_ok=True)
    write_csv(root / "broken" / "catalogue.csv", BROKEN_HEADER, BROKEN_ROWS)


def make_samples(root: Path) -> None:
    """Write the whole sample batch under `root`, overwriting what is there."""
    for make in (make_museum, make_library, make_archive, make_broken):
        make(root)


if __name__ == "__main__":
    make_samples(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent)
