"""Nothing half-written: build in a private scratch folder, then rename into place.

A rename within one file system is atomic, so a reader (or the next run after Ctrl-C or
`kill -9`) sees either the old complete folder, the new complete folder, or none; scratch
folders left by a killed run are hidden (`.scratch-*`), never served, and swept by
`sweep_out` at the start of the next run, which holds OUT's lock (`eheritage.runlock`),
so no live run can own them.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from functools import cache
from pathlib import Path
from typing import IO, TextIO

_SCRATCH_PREFIX = ".scratch-"


@contextmanager
def building(final: Path) -> Iterator[Path]:
    """Yield a path to create in place of `final`; on success it replaces `final` whole.

    The yielded path does not exist yet; its parent is a private scratch folder the caller
    may also use for temporary files. The scratch folder is removed whatever happens.
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=_SCRATCH_PREFIX, dir=final.parent))
    try:
        staged = scratch / "new"
        yield staged
        _replace_dir(staged, final, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _replace_dir(staged: Path, final: Path, scratch: Path) -> None:
    """Swap `staged` in for `final`; the old version is parked in scratch and deleted with it."""
    if final.exists():
        final.replace(scratch / "old")
    staged.replace(final)


def write_text(path: Path, text: str) -> None:
    """Write a whole text file so that readers never see half of it."""
    with _replacing(path, keep_if_same=False) as stream:
        stream.write(text)


def streaming(path: Path) -> AbstractContextManager[TextIO]:
    """A text stream whose whole contents replace `path` when the block ends without error.

    For files too large to build in memory (`all.nt` of a national catalogue). If the new
    contents are what `path` already holds, it is left alone: it keeps its mtime, and so
    its fixity digest.
    """
    return _replacing(path, keep_if_same=True)


@contextmanager
def _replacing(path: Path, *, keep_if_same: bool, binary: bool = False) -> Iterator[IO]:
    """A scratch file beside `path`, renamed over it once written whole; removed on any error.

    The file gets the permissions a plain `open` would give it: mkstemp makes it private
    (0600), which a web server serving OUT could not read.
    """
    try:
        handle, temp = tempfile.mkstemp(prefix=_SCRATCH_PREFIX, dir=path.parent)
    except FileNotFoundError:  # the folder is made only when missing: a batch writes thousands of files into one
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=_SCRATCH_PREFIX, dir=path.parent)
    try:
        opened = os.fdopen(handle, "wb") if binary else os.fdopen(handle, "w", encoding="utf-8", newline="\n")
        with opened as stream:
            yield stream
            os.fchmod(stream.fileno(), 0o666 & ~_umask())
        if keep_if_same and path.is_file() and filecmp.cmp(temp, path, shallow=False):
            Path(temp).unlink()
        else:
            os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_if_changed(path: Path, text: str) -> bool:
    """Write `text` unless the file already holds exactly it; True when written.

    An unchanged file keeps its mtime, so its fixity digest is reused; a file altered or
    damaged on disk differs from what it should hold, so it is rewritten: repaired.
    """
    try:
        with open(path, encoding="utf-8", newline="") as stream:
            if stream.read() == text:
                return False
    except (OSError, UnicodeDecodeError):
        pass
    write_text(path, text)
    return True


def write_bytes_if_changed(path: Path, data: bytes) -> bool:
    """`write_if_changed` for bytes (images, icons, copied assets)."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    with _replacing(path, keep_if_same=False, binary=True) as stream:
        stream.write(data)
    return True


@cache
def _umask() -> int:
    """The process's umask; read once, since reading it means setting it for a moment."""
    current = os.umask(0)
    os.umask(current)
    return current


def sweep_out(out: Path) -> None:
    """Sweep every folder of OUT that scratch can be in: scratch lies beside what it replaces.

    That is OUT and every folder below it (the site's assets sit four deep), except the
    insides of image services (`iiif/<id>/`), which are replaced whole from scratch in `iiif/`.
    """
    sweep(out)
    for child in _folders(out):
        _sweep_tree(child)


def _sweep_tree(folder: Path) -> None:
    if (folder / "info.json").exists():
        return
    sweep(folder)
    for child in _folders(folder):
        _sweep_tree(child)


def _folders(folder: Path) -> list[Path]:
    try:
        return [Path(entry.path) for entry in os.scandir(folder) if entry.is_dir(follow_symlinks=False)
                and not entry.name.startswith(_SCRATCH_PREFIX)]
    except OSError:
        return []


def sweep(folder: Path) -> None:
    """Remove scratch files and folders a killed run left directly inside `folder`."""
    if not folder.is_dir():
        return
    for leftover in folder.glob(f"{_SCRATCH_PREFIX}*"):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
