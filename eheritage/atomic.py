"""Nothing half-written: build in a private scratch folder, then rename into place.

A rename within one file system is atomic, so a reader (or the next run after Ctrl-C or
`kill -9`) sees either the old complete folder, the new complete folder, or none; scratch
folders left by a killed run are hidden (`.scratch-*`) and swept by `sweep`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=_SCRATCH_PREFIX, dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def sweep(folder: Path) -> None:
    """Remove scratch files and folders a killed run left directly inside `folder`."""
    if not folder.is_dir():
        return
    for leftover in folder.glob(f"{_SCRATCH_PREFIX}*"):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)
