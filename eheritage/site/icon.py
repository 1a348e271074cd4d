"""The site's favicon, drawn with Pillow: a column under a pediment, the sign of a heritage house."""

from __future__ import annotations

from functools import cache
from io import BytesIO

from PIL import Image, ImageDraw

_INK = (31, 78, 121, 255)


@cache
def favicon() -> bytes:
    """`favicon.ico` with 16, 32 and 48 pixel images; the same bytes every run."""
    size = 48
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(4, 16), (24, 4), (44, 16)], fill=_INK)
    for x in (9, 19, 29, 39):
        draw.rectangle([x - 2, 19, x + 2, 38], fill=_INK)
    draw.rectangle([4, 40, 44, 44], fill=_INK)
    buffer = BytesIO()
    image.save(buffer, format="ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    return buffer.getvalue()
