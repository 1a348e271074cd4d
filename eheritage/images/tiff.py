"""TIFF directories read from the header alone, in pure Python, without libvips.

The process that plans a batch counts pages here (it never loads libvips), and the
decoder asks which compression and colour space a page has: libvips' wheel has no
old-style JPEG (OJPEG) and misreads 8-bit CIELab, which Pillow decodes instead.

Everything read is outside bytes: a directory offset past the end of the file, a chain
that loops back, or a table cut short ends the walk there; nothing here raises for a
broken file (the decoder says what is wrong when the image is built).
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

#: struct byte-order prefix of each TIFF byte-order mark.
_BYTE_ORDERS = {b"II": "<", b"MM": ">"}
#: Per TIFF version (classic 42, BigTIFF 43): formats of a directory's entry count and of an
#: offset, and the size of one directory entry.
_LAYOUTS = {42: ("H", "I", 12), 43: ("Q", "Q", 20)}
#: Tags read from a directory, and the TIFF field types whose first value fits an entry.
COMPRESSION, PHOTOMETRIC = 259, 262
_WANTED = frozenset({COMPRESSION, PHOTOMETRIC})
_SHORT, _LONG = 3, 4
#: Compression 6 is old-style JPEG (TIFF 6.0 section 22, withdrawn by TechNote 2).
OLD_JPEG = 6
#: Photometric interpretations of CIELab (8), ICCLab (9) and ITULab (10).
LAB_PHOTOMETRICS = frozenset({8, 9, 10})


@dataclass(frozen=True)
class Directory:
    """One image directory (a page): where it is and the tags the decoder cares about."""

    offset: int
    tags: dict[int, int]


def directories(tiff: BinaryIO, size: int) -> Iterator[Directory]:
    """The chain of image directories, stopping at the first that loops, lies past the end or is cut short."""
    head = tiff.read(16)
    order = _BYTE_ORDERS.get(head[:2])
    if order is None or len(head) < 8:
        return
    layout = _LAYOUTS.get(struct.unpack(order + "H", head[2:4])[0])
    if layout is None:
        return
    count_format, offset_format, entry_size = layout
    first = head[4:8] if offset_format == "I" else head[8:16]
    offset, seen = _unpack(order + offset_format, first), set()
    while offset and offset not in seen and offset < size:
        seen.add(offset)
        tiff.seek(offset)
        entries = _unpack(order + count_format, tiff.read(struct.calcsize(count_format)))
        if entries is None or offset + entries * entry_size >= size:
            return
        table = tiff.read(entries * entry_size)
        yield Directory(offset, _tags(table, order, entry_size))
        offset = _unpack(order + offset_format, tiff.read(struct.calcsize(offset_format)))


def _tags(table: bytes, order: str, entry_size: int) -> dict[int, int]:
    """The wanted tags whose value is a single SHORT or LONG, stored in the entry itself."""
    found = {}
    for start in range(0, len(table) - entry_size + 1, entry_size):
        tag, kind = struct.unpack(order + "HH", table[start : start + 4])
        if tag in _WANTED and kind in (_SHORT, _LONG):
            value_at = start + (4 + (4 if entry_size == 12 else 8))
            found[tag] = struct.unpack(order + ("H" if kind == _SHORT else "I"), table[value_at : value_at + (2 if kind == _SHORT else 4)])[0]
    return found


def _unpack(layout: str, data: bytes) -> int | None:
    """One integer, or None where the file ends too soon."""
    return struct.unpack(layout, data)[0] if len(data) == struct.calcsize(layout) else None


def read_directories(path: Path) -> list[Directory]:
    """Every readable directory of a TIFF file; empty for other or unreadable files."""
    try:
        with open(path, "rb") as tiff:
            return list(directories(tiff, os.fstat(tiff.fileno()).st_size))
    except OSError:
        return []


def needs_pillow(path: Path, page: int) -> bool:
    """Whether this page is one libvips cannot decode right: old-style JPEG, or CIELab."""
    pages = read_directories(path)
    if page >= len(pages):
        return False
    tags = pages[page].tags
    return tags.get(COMPRESSION) == OLD_JPEG or tags.get(PHOTOMETRIC) in LAB_PHOTOMETRICS
