"""Join scan files to catalogue records by their identifier.

A technician names scans in one of four ways, all accepted:

- `<id>.<ext>`: one image for the record;
- `<id>_<seq>.<ext>`: pages of the record, in `seq` order;
- `<id>/<seq>.<ext>`: the pages in a folder named after the record;
- the record's `image_files` column, naming the files (relative to the scans folder)
  in the order they are listed.

Pages sort by number, naturally (`_2` before `_10`). Gaps and repeated page numbers
are warnings, not errors: the record still publishes with the pages it has.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eheritage.safepath import UnsafePath, contained

_PAGE_SUFFIX = re.compile(r"^(?P<id>.+)_(?P<seq>\d+)$")
_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Page:
    """One scan file of a record, in reading order."""

    source: Path
    #: Page number from the file name, None for `<id>.<ext>` or an `image_files` entry.
    seq: int | None


@dataclass
class JoinResult:
    """Scans grouped per record, and what did not fit."""

    pages: dict[str, list[Page]] = field(default_factory=dict)
    unmatched_scans: list[Path] = field(default_factory=list)
    records_without_scans: list[str] = field(default_factory=list)
    #: (record id, message) pairs: gaps, repeated page numbers, missing listed files.
    warnings: list[tuple[str, str]] = field(default_factory=list)


def natural_key(text: str) -> list[int | str]:
    """Sort key that orders `p2` before `p10`."""
    return [int(part) if part.isdigit() else part.casefold() for part in _DIGITS.split(text)]


def join_scans(
    scans: Iterable[Path],
    scans_root: Path,
    record_ids: Sequence[str],
    listed_files: Mapping[str, Sequence[str]] | None = None,
    *,
    follow_links: bool = False,
) -> JoinResult:
    """Assign each scan under `scans_root` to the record it names.

    `listed_files` maps a record id to the file names of its `image_files` column; a
    record that lists files takes exactly those, in that order, as long as they are
    regular files inside `scans_root` (see `eheritage.safepath.contained`).
    """
    listed_files = listed_files or {}
    known = set(record_ids)
    result = JoinResult()
    claimed: set[Path] = set()
    for record_id, names in listed_files.items():
        if names:
            result.pages[record_id] = _listed_pages(record_id, names, scans_root, result, follow_links)
            claimed.update(page.source for page in result.pages[record_id])
    found: dict[str, list[Page]] = {}
    for scan in sorted(set(scans) - claimed, key=lambda p: natural_key(str(p))):
        match = _match(scan, scans_root, known)
        if match is None:
            result.unmatched_scans.append(scan)
        elif match[0] not in result.pages:
            found.setdefault(match[0], []).append(Page(scan, match[1]))
        else:
            result.unmatched_scans.append(scan)
    for record_id, pages in found.items():
        result.pages[record_id] = _in_reading_order(record_id, pages, result)
    result.records_without_scans = [rid for rid in record_ids if rid not in result.pages]
    return result


def _listed_pages(record_id: str, names: Sequence[str], root: Path, result: JoinResult, follow_links: bool) -> list[Page]:
    pages = []
    for name in names:
        if not (root / name).exists() and not (root / name).is_symlink():
            result.warnings.append((record_id, f"image_files names {name!r}, which is not in {root}"))
            continue
        try:
            pages.append(Page(contained(root, name, follow_links=follow_links), None))
        except UnsafePath as problem:
            result.warnings.append((record_id, f"image_files: {problem}; it was not published"))
    return pages


def _match(scan: Path, root: Path, known: set[str]) -> tuple[str, int | None] | None:
    """The record id and page number a scan's name gives, or None.

    Names compare in NFC: macOS writes `Ə` in file names decomposed, catalogues do not.
    """
    stem = unicodedata.normalize("NFC", scan.stem)
    if stem in known:
        return stem, None
    page = _PAGE_SUFFIX.match(stem)
    if page and page["id"] in known:
        return page["id"], int(page["seq"])
    try:
        parent = scan.relative_to(root).parent.name
    except ValueError:
        parent = scan.parent.name
    parent = unicodedata.normalize("NFC", parent)
    if parent in known:
        digits = re.findall(r"\d+", stem)
        return parent, int(digits[-1]) if digits else None
    return None


def _in_reading_order(record_id: str, pages: list[Page], result: JoinResult) -> list[Page]:
    ordered = sorted(pages, key=lambda p: (p.seq if p.seq is not None else -1, natural_key(p.source.name)))
    numbers = [p.seq for p in ordered if p.seq is not None]
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    if repeated:
        result.warnings.append(
            (record_id, f"page number(s) {', '.join(map(str, repeated))} appear more than once; check for duplicate scans")
        )
    if numbers:
        missing = sorted(set(range(min(1, numbers[0]), numbers[-1] + 1)) - set(numbers) - {0})
        if missing:
            result.warnings.append((record_id, f"page number(s) {_ranges(missing)} are missing"))
    return ordered


def _ranges(numbers: list[int]) -> str:
    """`[3, 4, 5, 9]` -> `3-5, 9`."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)
