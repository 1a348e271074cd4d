"""What may be read as a scan: regular files inside their folder, looked at without opening.

Opening a FIFO blocks for ever, a symlink loop raises ELOOP wherever it is touched, and a
link or an `image_files` entry such as `../../etc/x.jpg` would publish a file from outside
the scans folder. Every path that comes from outside (a folder walk, a catalogue cell) is
checked here first, with `stat`, which never blocks and never opens.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFDIR: "a folder",
}


class UnsafePath(ValueError):
    """A path that must not be read as a scan; the message says why."""


def regular_file(path: Path, root: Path | None = None, *, follow_links: bool = False) -> Path:
    """`path` if it is a regular file (inside `root`, unless `follow_links`); else UnsafePath.

    A plain file costs one `lstat`: only a link is looked through (`stat`) and resolved."""
    try:
        info = os.lstat(path)
        linked = stat.S_ISLNK(info.st_mode)
        if linked:
            info = os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise UnsafePath(f"{path} is a symbolic link that loops back on itself") from None
        raise UnsafePath(f"{path} cannot be read: {err.strerror or err}") from None
    except ValueError:  # a NUL, or a character the file system's encoding lacks
        raise UnsafePath(f"{str(path)!r} is not a name a file can have") from None
    kind = stat.S_IFMT(info.st_mode)
    if kind != stat.S_IFREG:
        raise UnsafePath(f"{path} is {_KINDS.get(kind, 'not a regular file')}, not a scan")
    if linked and root is not None and not follow_links and not _inside(path.resolve(), root.resolve()):
        raise UnsafePath(
            f"{path} is a symbolic link to {path.resolve()}, outside {root}; pass --follow-links to publish it anyway"
        )
    return path


def contained(root: Path, name: str, *, follow_links: bool = False) -> Path:
    """The file `name` (relative, from a catalogue cell) names under `root`, or UnsafePath."""
    relative = name.replace("\\", "/")
    if relative.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise UnsafePath(f"{name!r} is an absolute path; image files are named relative to the scans folder {root}")
    # Strings, not PurePaths: validate checks every image_files cell of a national catalogue.
    # A relative name without '..' cannot climb out, so most need no normalising at all.
    if ".." in relative:
        top = os.path.normpath(root)
        if not _inside_text(os.path.normpath(os.path.join(top, relative)), top):
            raise UnsafePath(f"{name!r} leads outside the scans folder {root} ('..'); name a file inside it")
    return regular_file(root / relative, root, follow_links=follow_links)


def _inside(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


def _inside_text(path: str, root: str) -> bool:
    """`_inside` for normalised path strings."""
    return path == root or path.startswith(root if root.endswith(os.sep) else root + os.sep)
