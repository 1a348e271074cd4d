"""One run per OUT at a time: `OUT/.eheritage/lock`, held with flock(2) while a run writes.

Two runs into one OUT interleave their renames and fixity, and each would sweep the
other's live scratch folders. So a run that writes OUT holds this lock, and a second one
refuses at once, naming the holder (pid, host, command, start time) from the lock file.

The lock is the kernel's, not the file's: a holder that dies, even by SIGKILL, releases
it, so a stale lock file is simply taken over by the next run, never waited on and never
removed by hand. Holding the lock is also what makes sweeping scratch files safe: no
other run can own any. Within one process the lock is re-entrant (publish holds it
while tile, inside it, asks again).
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from eheritage.errors import EheritageError, ExitStatus

LOCK_PATH = Path(".eheritage") / "lock"
#: Locks this process holds: resolved lock path -> depth.
_held: dict[Path, int] = {}


class OutInUse(EheritageError):
    """Another run is writing this OUT."""

    exit_status = ExitStatus.USAGE


@contextmanager
def exclusive(out: Path) -> Iterator[None]:
    """Hold OUT's lock for the body; raise OutInUse at once if another run holds it."""
    out.mkdir(parents=True, exist_ok=True)
    path = (out / LOCK_PATH).resolve()
    if path in _held:
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise _in_use(out, fd) from None
        _write_holder(fd)
        _held[path] = 1
        try:
            yield
        finally:
            del _held[path]
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing releases the flock


def _write_holder(fd: int) -> None:
    holder = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command": " ".join(["eheritage", *sys.argv[1:]])[:500],
    }
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(holder).encode("utf-8"), 0)


def _in_use(out: Path, fd: int) -> OutInUse:
    try:
        holder = json.loads(os.pread(fd, 4096, 0) or b"{}")
    except ValueError:
        holder = {}
    who = (f"process {holder.get('pid', '?')} on {holder.get('host', '?')} since {holder.get('started', '?')} "
           f"({holder.get('command', 'eheritage')})") if holder else "another run"
    return OutInUse(
        f"{out} is being written by {who}",
        hint="wait for it to finish, or write to another folder; two runs into one OUT would damage it",
    )
