"""The `eheritage` command line: a thin layer that parses flags, calls the library and renders.

The typer application is in `eheritage.cli.root`, one module per command family beside it.
This module stays light on purpose: worker processes started from the `eheritage` script
re-import the script, and with it this module, before their first image.
"""

from __future__ import annotations

import gc
import signal
import sys

from eheritage.lazy import exports

#: Commands that tile images in worker processes, and the module their workers run
#: (`eheritage.pipeline.tile.TILE_ONE`), named here so that guessing costs no import.
_WORKER_COMMANDS = frozenset({"tile", "publish"})
_WORKER_MODULE = "eheritage.pipeline.tile_worker"

__getattr__ = exports(__name__, {"app": "eheritage.cli.root"})


def _terminate(signum: int, frame: object) -> None:
    """SIGTERM stops a run the way Ctrl-C does: workers stopped, nothing half-written kept.

    systemd and `docker stop` send it before SIGKILL; a second one is ignored so that
    the cleanup the first started can finish.
    """
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    from eheritage.errors import Terminated

    raise Terminated()


def main() -> None:
    """Console-script entry point.

    For a tiling command, the process workers fork from starts first: it imports libvips
    while this one loads the CLI (typer, rich), so the two start-ups overlap.
    A false guess costs only an idle process that ends with this one.
    """
    arguments = sys.argv[1:]
    if _WORKER_COMMANDS.intersection(arguments) and not {"--help", "-h"}.intersection(arguments):
        from eheritage.pipeline.runner import start_forkserver

        start_forkserver([_WORKER_MODULE])
    from eheritage.cli.root import app

    signal.signal(signal.SIGTERM, _terminate)
    try:
        app()
    finally:
        # Everything is written, closed and flushed by now. Freezing spares the collector's
        # passes at exit over the objects typer, rich and our modules created: 30-40 ms of
        # every command, measured; exit handlers and stream flushing still run.
        gc.freeze()
