"""Find the images in a list of SOURCE files and folders and give each a safe identifier.

An identifier is a file stem's image key (`eheritage.identifiers`); it becomes a folder
name under OUT/iiif and a path segment of the IIIF `id`.
A multi-page TIFF `x.tif` gives one image per page, `x_0001`, `x_0002`... (a one-page file
keeps its plain stem, so a book scanned as `rec_0001.tif`, `rec_0002.tif` keeps its names).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from eheritage.errors import InputError
from eheritage.identifiers import IdentifierProblem, image_key
from eheritage.images.errors import ImageError
from eheritage.images.tiff import read_directories
from eheritage.safepath import UnsafePath, regular_file

#: Files picked up when a folder is given; a file named explicitly is always tried.
IMAGE_SUFFIXES = frozenset(
    {".tif", ".tiff", ".jpg", ".jpeg", ".png", ".webp", ".jp2", ".j2k", ".jpf", ".jpx"}
)


@dataclass(frozen=True)
class ImageJob:
    """One image to publish: a page of a source file and its identifier.

    `problem` is set when the file or its identifier was refused: the job is reported as
    failed. `unsupported` is set for a file of a format that is not tiled: it is listed.
    """

    source: Path
    page: int
    id: str
    problem: str | None = None
    unsupported: str | None = None


def identifier(stem: str) -> str:
    """A file stem as an image key (`eheritage.identifiers.image_key`): letters kept, `a b` -> `a_b`.

    Raises ImageError for stems that could escape OUT, hide the folder or overflow a file name.
    """
    try:
        return image_key(stem)
    except IdentifierProblem as problem:
        raise ImageError(problem.message, hint=problem.hint) from None


def page_count(path: Path) -> int:
    """Pages in a multi-page TIFF; 1 for everything else, including unreadable files.

    The pages are the TIFF's chain of image directories, counted as libtiff does, from the
    header alone (`eheritage.images.tiff`): the process that plans a batch never needs
    libvips. A broken file counts its readable pages; its decoder says what is wrong.
    """
    if path.suffix.lower() not in {".tif", ".tiff"}:
        return 1
    return max(1, len(read_directories(path)))


def image_ids(path: Path, stem: str | None = None) -> list[str]:
    """The identifiers `tile` gives the images of one source file, one per page.

    `stem` replaces the file's own stem (e.g. a record id prefix for `<id>/0001.tif` folders).
    Raises ImageError when the stem cannot be made a safe identifier.
    """
    stem = identifier(Path(path).stem if stem is None else stem)
    pages = page_count(Path(path))
    return [stem] if pages == 1 else [f"{stem}_{page + 1:04d}" for page in range(pages)]


@dataclass(frozen=True)
class SetAside:
    """A file found among the scans that is not tiled, and why.

    `failed` marks what a person must fix (a symlink loop, a FIFO, a link leading out);
    the rest are files of formats eheritage does not tile (GIF, .doc...), listed so that
    nothing found vanishes from the report without a word.
    """

    path: Path
    reason: str
    failed: bool


@dataclass
class Found:
    """What a walk of the SOURCEs found: scans to tile, and files set aside."""

    files: list[Path]
    set_aside: list[SetAside]


def find_files(sources: Sequence[Path], *, follow_links: bool = False) -> Found:
    """Every file named in SOURCE, and every file below SOURCE folders, sorted.

    Files are looked at with `stat` only: no FIFO is opened, no symlink loop followed.
    """
    files: set[Path] = set()
    set_aside: list[SetAside] = []
    for source in sources:
        if source.is_dir():
            for path in _walk(source):
                _sort_out(path, source, follow_links, files, set_aside)
        elif source.exists() or source.is_symlink():
            _sort_out(source, None, follow_links, files, set_aside)
        else:
            raise InputError(f"SOURCE {source} does not exist", hint="check the path and try again")
    return Found(sorted(files), sorted(set_aside, key=lambda item: str(item.path)))


def _sort_out(path: Path, root: Path | None, follow_links: bool, files: set[Path], set_aside: list[SetAside]) -> None:
    try:
        regular_file(path, root, follow_links=follow_links)
    except UnsafePath as problem:
        set_aside.append(SetAside(path, str(problem), failed=True))
        return
    if root is not None and path.suffix.lower() not in IMAGE_SUFFIXES:
        kind = path.suffix.lower().lstrip(".").upper() or "files without an extension"
        set_aside.append(SetAside(path, f"not a format eheritage tiles ({kind}); convert it to TIFF, JPEG, PNG or JPEG 2000", failed=False))
    else:
        files.add(path)


def _walk(folder: Path) -> Iterator[Path]:
    """Every non-hidden file below `folder`; links to folders are not followed (no loops)."""
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if not name.startswith("."):
                yield Path(root) / name


def set_aside_jobs(found: Found) -> list[ImageJob]:
    """The files set aside as jobs that are never tiled, so the report lists each with its reason."""
    return [
        ImageJob(item.path, 0, item.path.name, problem=item.reason if item.failed else None,
                 unsupported=None if item.failed else item.reason)
        for item in found.set_aside
    ]


def plan(sources: Sequence[Path], *, follow_links: bool = False) -> list[ImageJob]:
    """The images of all SOURCEs, one job per page, with refused and colliding ids marked."""
    found = find_files(sources, follow_links=follow_links)
    jobs = set_aside_jobs(found)
    for path in found.files:
        try:
            ids = image_ids(path)
        except ImageError as err:
            jobs.append(ImageJob(path, 0, path.stem, problem=str(err)))
            continue
        jobs.extend(ImageJob(path, page, image_id) for page, image_id in enumerate(ids))
    return mark_collisions(jobs)


def mark_collisions(jobs: list[ImageJob]) -> list[ImageJob]:
    """Fail every job whose id another job also has; case-insensitively, since some disks are."""
    owners: dict[str, list[ImageJob]] = {}
    for job in jobs:
        if job.problem is None and job.unsupported is None:
            owners.setdefault(job.id.casefold(), []).append(job)
    marked = []
    for job in jobs:
        clash = [other for other in owners.get(job.id.casefold(), []) if other is not job]
        if clash and job.problem is None and job.unsupported is None:
            others = ", ".join(str(other.source) for other in clash)
            job = ImageJob(
                job.source,
                job.page,
                job.id,
                problem=str(
                    ImageError(
                        f"identifier {job.id!r} of {job.source} collides with {others}",
                        hint="rename one of the files so their names differ",
                    )
                ),
            )
        marked.append(job)
    return marked
