"""Nothing half-written: build in a private scratch folder, then rename into place.

A rename within one file system is atomic, so a reader (or the next run after Ctrl-C or
`kill -9`) sees either the old complete folder, the new complete folder, or none; scratch
folders left by a killed run are hidden (`.scratch-*`), never served, and swept by
`sweep_out` at the start of the next run, which holds OUT's lock (`eheritage.runlock`),
so no live run can own them.
"""

from __future__ import annotations

import filecmp
import gzip
import io
import itertools
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TextIO

_SCRATCH_PREFIX = ".scratch-"
#: zlib's fastest level: working copies of large text, where time matters more than the last bytes.
GZIP_LEVEL = 1


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
    _write_whole(path, text.encode("utf-8"))


def streaming(path: Path, *, gzipped: bool = False) -> AbstractContextManager[TextIO]:
    """A text stream whose whole contents replace `path` when the block ends without error.

    For files too large to build in memory (`all.nt` of a national catalogue). If the new
    contents are what `path` already holds, it is left alone: it keeps its mtime, and so
    its fixity digest. `gzipped` writes the text gzip-compressed (fast level; no name or
    time in the header, so the same text gives the same bytes).
    """
    return _replacing(path, gzipped)


def _write_whole(path: Path, data: bytes) -> None:
    """`data` into a scratch file beside `path`, renamed over it once written whole.

    Plain system calls, not a file object: a batch writes hundreds of thousands of small
    files, and the object cost as much as the writing (bench/describe.py)."""
    handle, temp = _scratch_file(path.parent)
    try:
        try:
            view = memoryview(data)
            while view:  # a write may take only part (a disk filling up), so until all is taken
                view = view[os.write(handle, view):]
        finally:
            os.close(handle)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


@contextmanager
def _replacing(path: Path, gzipped: bool = False) -> Iterator[TextIO]:
    """A scratch file beside `path` to write to, renamed over it once the block ends without
    error, unless it holds what `path` already does; removed on any error."""
    handle, temp = _scratch_file(path.parent)
    try:
        with (os.fdopen(handle, "wb") as raw,
              gzip.GzipFile("", "wb", GZIP_LEVEL, raw, mtime=0) if gzipped else nullcontext(raw) as binary,
              io.TextIOWrapper(binary, encoding="utf-8", newline="\n") as stream):
            yield stream
        if path.is_file() and filecmp.cmp(temp, path, shallow=False):
            Path(temp).unlink()
        else:
            os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


#: With the process id, names this process's scratch files apart from those of processes on
#: other machines that write into the same OUT (a shared file system).
_PROCESS_TAG = secrets.token_hex(3)
_serial = itertools.count()


def _scratch_file(folder: Path) -> tuple[int, str]:
    """A new scratch file in `folder`, made as a plain `open` would make it (mode 0666 less
    the umask, which a web server serving OUT must be able to read): its descriptor and path.

    The folder is made only when missing: a batch writes thousands of files into one."""
    while True:
        temp = f"{folder}/{_SCRATCH_PREFIX}{_PROCESS_TAG}{os.getpid()}-{next(_serial)}"
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666), temp
        except FileExistsError:
            continue  # left by a killed process that had this process's id
        except FileNotFoundError:
            folder.mkdir(parents=True, exist_ok=True)


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
    _write_whole(path, data)
    return True


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
