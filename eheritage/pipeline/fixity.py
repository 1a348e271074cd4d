"""Fixity: SHA-256 checksums in the format `sha256sum -c` checks.

`fixity/sources.sha256` lists every source the ledger knows (absolute paths);
`fixity/published.sha256` lists every file published under OUT (paths relative to OUT,
so `cd OUT && sha256sum -c fixity/published.sha256` works wherever OUT is copied).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Collection, Iterable
from fnmatch import fnmatch
from pathlib import Path

from eheritage.atomic import write_text


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
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            stat = os.stat(path)
            digest.update(f"{os.path.relpath(path, folder)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


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
    """
    cache_path = out / ".eheritage" / "published-stat.json"
    previous = _load_stat_cache(cache_path)
    current: dict[str, list] = {}
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out)
        if (
            path.is_file()
            and relative.parts[0] != "fixity"
            and not any(part.startswith(".") for part in relative.parts)
            and not (len(relative.parts) == 1 and any(fnmatch(relative.name, pattern) for pattern in working_files))
        ):
            stat = path.stat()
            key = relative.as_posix()
            known = previous.get(key)
            same = known is not None and known[:2] == [stat.st_size, stat.st_mtime_ns]
            current[key] = [stat.st_size, stat.st_mtime_ns, known[2] if same else sha256_file(path)]
    write_manifest(out / "fixity" / "published.sha256", ((entry[2], Path(key)) for key, entry in current.items()))
    write_text(cache_path, json.dumps(current))


def _load_stat_cache(path: Path) -> dict[str, list]:
    """The last run's {relative path: [size, mtime_ns, sha256]}, or nothing if unreadable."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
