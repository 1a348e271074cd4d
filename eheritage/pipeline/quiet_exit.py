"""Imported first in the forkserver that worker processes fork from (and so in every worker).

When the run they serve is stopped (SIGTERM from `docker stop` or systemd, Ctrl-C), a
read of the next request can end in EOFError or a broken pipe, and Python would print
that as a traceback on the user's terminal, after the run's own clean "stopped" message.
It is how a stopped run ends, not a bug, so these processes then exit quietly.
"""

from __future__ import annotations

import sys
from types import TracebackType

_PRINT = sys.excepthook


def _quiet(kind: type[BaseException], value: BaseException, traceback: TracebackType | None) -> None:
    if issubclass(kind, (EOFError, ConnectionError, KeyboardInterrupt)):
        return
    _PRINT(kind, value, traceback)


sys.excepthook = _quiet
