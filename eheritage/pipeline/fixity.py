"""Fixity: SHA-256 checksums in the format `sha256sum -c` checks.

`fixity/sources.sha256` lists every source the ledger knows (absolute paths);
`fixity/published.sha256` lists every file published under OUT (paths relative to OUT,
so `cd OUT && sha256sum -c fixity/published.sha256` works wherever OUT is copied).
"""

from __future__ import annotations

import hashlib
import heapq
import json
import os
import tempfile
from collections import OrderedDict
from collections.abc import Collection, Iterable, Iterator
from contextlib import ExitStack
from fnmatch import fnmatch
from itertools import islice
from pathlib import Path
from stat import S_ISDIR, S_ISREG
from typing import TextIO

from eheritage.atomic import streaming, write_text


def sha256_file(path: Path) -> str:
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def stat_digest(folder: Path) -> str:
    """A digest of every file below `folder`: its path, size and modification time.

    This is how a re-run tells that an image's published files are still what it wrote,
    without reading them: the check rsync and make rely on. A tile deleted, added, or
    rewritten (which moves its mtime) changes it; `verify` reads every byte.
    """
    digest = hashlib.sha256()
    _stat_lines(str(folder), "", digest)
    return digest.hexdigest()


def _stat_lines(folder: str, relative: str, digest: hashlib._Hash) -> None:
    """Add each file below `folder` to `digest` in `os.walk` order (a folder's files by name,
    then its folders by name), without `os.walk` and `relpath`: an image service holds three
    folders per tile, and a re-run checks every image's (1600x1200 in 23 tiles: 1.30 -> 0.95 ms each).
    Links to folders are listed by os.walk as folders and not followed, so not digested;
    a folder that cannot be listed is left out, as os.walk leaves it: the digest differs."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted((entry.name, entry) for entry in listing)
    except OSError:
        return
    folders = []
    for name, entry in entries:
        if _listed_as_folder(entry):
            if _is_folder(entry):  # not a link to one
                folders.append(entry)
            continue
        try:
            stat = os.stat(entry.path)
            line = f"{relative}{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n"
        except OSError:  # a broken link, or gone since listed: damage, never what was written
            line = f"{relative}{name}\0unreadable\n"
        digest.update(line.encode("utf-8", "surrogateescape"))
    for entry in folders:
        _stat_lines(entry.path, f"{relative}{entry.name}/", digest)


def _listed_as_folder(entry: os.DirEntry[str]) -> bool:
    """As os.walk lists it: a folder, or a link to one (`_is_folder` tells them apart)."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def manifest_line(digest: str, path: Path) -> str:
    """One `sha256sum` line; names with a backslash or newline use its escaped form."""
    name = str(path)
    if "\\" in name or "\n" in name or "\r" in name:
        escaped = name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")
        return f"\\{digest}  {escaped}\n"
    return f"{digest}  {name}\n"


def write_manifest(path: Path, entries: Iterable[tuple[str, Path]]) -> None:
    """Rewrite the whole manifest atomically, sorted by path so runs are comparable."""
    lines = sorted((str(source), manifest_line(digest, source)) for digest, source in entries)
    write_text(path, "".join(line for _, line in lines))


def read_manifest(path: Path) -> list[tuple[str, Path]]:
    """(digest, path) of each line of a `sha256sum` file, undoing its escapes."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        escaped = line.startswith("\\")
        digest, _, name = line.removeprefix("\\").partition("  ")
        if escaped:
            name = _unescape(name)
        entries.append((digest, Path(name)))
    return entries


def _unescape(name: str) -> str:
    out, chars = [], iter(name)
    for char in chars:
        if char == "\\":
            following = next(chars, "")
            out.append({"n": "\n", "r": "\r", "\\": "\\"}.get(following, following))
        else:
            out.append(char)
    return "".join(out)


def write_published_fixity(out: Path, *, working_files: Collection[str] = ()) -> None:
    """Checksum every published file under OUT into `fixity/published.sha256`, paths relative to OUT.

    Left out: fixity/ itself, hidden working folders, and the top-level `working_files`
    (such as the catalog database, which a running server writes to).

    A file whose size and modification time are those recorded last run keeps its recorded
    digest: re-hashing every tile made an unchanged re-publish cost a tenth of the first
    run. `verify` always re-reads every byte, so damage still shows there.

    Flat memory however many files: OUT is walked in a fixed order (names sorted within
    each folder), the last run's record is read alongside in the same order, and both the
    manifest and the new record stream to disk.
    """
    cache_path = out / ".eheritage" / _STAT_CACHE
    previous = _CacheReader(cache_path)
    linked = _LinkedDigests()
    with streaming(out / "fixity" / "published.sha256") as manifest, streaming(cache_path) as cache:
        for relative, stat in _published(out, (), working_files, cache_path.parent):
            known = previous.get(relative)
            same = known is not None and (known[1], known[2]) == (stat.st_size, stat.st_mtime_ns)
            digest = known[3] if same else linked.digest(out / relative, stat)
            manifest.write(manifest_line(digest, Path(relative)))
            cache.write(json.dumps([relative, stat.st_size, stat.st_mtime_ns, digest], ensure_ascii=False) + "\n")
    previous.close()


class _LinkedDigests:
    """Digests of files with several names, by inode: an image service's full/max, its
    !400,400 thumbnail and its one-tile alias are hard links to sizes already hashed.

    The names of one file lie in one image folder, met close together by the sorted walk,
    so the last few hundred inodes are all that is kept.
    """

    _KEPT = 256

    def __init__(self) -> None:
        self._digests: OrderedDict[tuple[int, int, int, int], str] = OrderedDict()

    def digest(self, path: Path, stat: os.stat_result) -> str:
        if stat.st_nlink < 2:
            return sha256_file(path)
        key = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        if (found := self._digests.get(key)) is None:
            found = self._digests[key] = sha256_file(path)
            if len(self._digests) > self._KEPT:
                self._digests.popitem(last=False)
        return found


#: The last run's size, mtime and digest of each published file, one JSON array a line.
_STAT_CACHE = "published-stat.jsonl"


def _published(folder: Path, parts: tuple[str, ...], working_files: Collection[str], spill: Path) -> Iterator[tuple[str, os.stat_result]]:
    """(path relative to OUT, its stat) of every published file, names sorted within each folder.

    A folder is known as one from its directory entry, with no `lstat` of its own: an image
    service holds three folders for each tile file (`x,y,w,h/w,h/0/`), so most of the walk's
    system calls were spent on folders."""
    for name, is_folder in sorted_entries(folder, spill=spill):
        if name.startswith(".") or (not parts and name == "fixity"):
            continue
        stat = None if is_folder else os.lstat(os.path.join(folder, name))
        if stat is None or S_ISDIR(stat.st_mode):  # the second: a file made a folder since it was listed
            yield from _published(folder / name, (*parts, name), working_files, spill)
        elif S_ISREG(stat.st_mode) and not (not parts and any(fnmatch(name, pattern) for pattern in working_files)):
            yield "/".join((*parts, name)), stat


#: A folder's names are sorted in memory up to this many; a bigger one (OUT/record holds
#: three files per record: 3,000,000 names, 300 MiB as Python strings, for a national
#: catalogue) is sorted in runs of this size spilled to disk and merged.
NAMES_IN_MEMORY = 100_000


def sorted_entries(folder: Path, *, spill: Path, in_memory: int = NAMES_IN_MEMORY) -> Iterator[tuple[str, bool]]:
    """(name, whether its entry says it is a folder, not a link to one) of each entry in
    `folder`, sorted by name as `sorted(os.listdir(folder))`, holding at most `in_memory` of
    them at once; runs beyond that go to unnamed temporary files in `spill`."""
    with os.scandir(folder) as entries:
        names = ((entry.name, _is_folder(entry)) for entry in entries)
        first = sorted(islice(names, in_memory))
        if len(first) < in_memory:
            yield from first
            return
        with ExitStack() as files:
            runs = [_spilled(first, spill, files)]
            del first
            while chunk := sorted(islice(names, in_memory)):
                runs.append(_spilled(chunk, spill, files))
            entries.close()
            yield from heapq.merge(*runs)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """From the entry's own type where the file system gives one (no system call)."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False  # gone since it was listed: its lstat will say so


def _spilled(entries: list[tuple[str, bool]], folder: Path, files: ExitStack) -> Iterator[tuple[str, bool]]:
    """Write sorted `entries` to an unnamed temporary file; read them back lazily.

    One JSON array a line: a name may hold a newline, or undecodable bytes (surrogates)."""
    folder.mkdir(parents=True, exist_ok=True)
    run = files.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8", dir=folder))
    run.writelines(json.dumps(entry) + "\n" for entry in entries)
    run.seek(0)
    return ((name, is_folder) for name, is_folder in map(json.loads, run))


class _CacheReader:
    """The last run's stat record, read forward as the walk asks for paths in the same order."""

    def __init__(self, path: Path) -> None:
        try:
            self._stream: TextIO | None = open(path, encoding="utf-8")
        except OSError:
            self._stream = None
        self._current = self._next()

    def _next(self) -> list | None:
        while self._stream is not None:
            line = self._stream.readline()
            if not line:
                return None
            try:
                row = json.loads(line)
            except ValueError:
                continue  # a damaged line only costs that file a re-hash
            if isinstance(row, list) and len(row) == 4:
                return row
        return None

    def get(self, relative: str) -> list | None:
        key = tuple(relative.split("/"))
        while self._current is not None and tuple(self._current[0].split("/")) < key:
            self._current = self._next()
        return self._current if self._current is not None and self._current[0] == relative else None

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
