"""The root typer application: composes the commands, loads the config file, catches errors.

Each command lives in its own module and registers itself on `app`; this module only
composes them, loads the config file, and is the one place where errors become a message
on stderr and an exit code. No traceback reaches a user: an expected error
(`EheritageError`) is its message and hint, a refusal of the system (full disk,
permission) says what and where, and anything else is a bug whose traceback goes to a
log file under OUT/.eheritage/errors/ (shown on stderr with --debug).
"""

from __future__ import annotations

import errno
import os
import tempfile
import time
import traceback
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from eheritage import __version__
from eheritage.cli.console import note, stderr
from eheritage.cli.options import OUT_KEY
from eheritage.errors import ConfigError, EheritageError, ExitStatus, Terminated, os_error_message, read_toml

#: ctx.meta key set by --debug.
_DEBUG_KEY = "eheritage.debug"


def _reported_by_click(err: BaseException) -> bool:
    """Exits and usage errors click reports itself. Typer vendors click from 0.28 on, so
    ClickException is known by what it does (`show`, `exit_code`), not by its module."""
    return isinstance(err, (typer.Exit, typer.Abort)) or (hasattr(err, "show") and hasattr(err, "exit_code"))

#: Read when present in the working directory and no --config is given.
DEFAULT_CONFIG_NAME = "eheritage.toml"


class _CatchingGroup(TyperGroup):
    """Turns expected errors into a readable message and the error's exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except EheritageError as err:
            _tell(err.message, err.hint)
            raise typer.Exit(int(err.exit_status)) from None
        except Terminated:
            stderr.print("[yellow]terminated:[/] stopped cleanly; re-run the same command to resume.")
            raise typer.Exit(int(ExitStatus.TERMINATED)) from None
        except KeyboardInterrupt:
            stderr.print("[yellow]interrupted:[/] re-run the same command to resume.")
            raise typer.Exit(int(ExitStatus.INTERRUPTED)) from None
        except OSError as err:
            if ctx.meta.get(_DEBUG_KEY):
                raise
            _tell(*os_error_message(err))
            raise typer.Exit(int(ExitStatus.SYSTEM)) from None
        except Exception as err:  # noqa: BLE001 - the one place a bug becomes a message
            if ctx.meta.get(_DEBUG_KEY) or _reported_by_click(err):
                raise
            if _sqlite_disk_full(err):
                _tell(*os_error_message(OSError(errno.ENOSPC, "database or disk is full")))
                raise typer.Exit(int(ExitStatus.SYSTEM)) from None
            log = _log_traceback(ctx.meta.get(OUT_KEY))
            _tell(f"eheritage failed unexpectedly ({type(err).__name__}: {str(err)[:300]}); this is a bug, not your input's fault",
                  f"the full traceback is in {log}: please attach it to a bug report; --debug shows it here")
            raise typer.Exit(int(ExitStatus.INTERNAL)) from None


def _sqlite_disk_full(err: Exception) -> bool:
    """SQLite reports a full disk as its own error, not as an OSError."""
    return type(err).__module__ == "sqlite3" and "full" in str(err)


def _tell(message: str, hint: str | None) -> None:
    note("error:", message, style="bold red")
    if hint:
        note("hint:", hint)


def _log_traceback(out: Path | None) -> Path:
    """Write the current exception's traceback under OUT/.eheritage/errors/ (or the temp folder)."""
    name = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}.log"
    for folder in ([out / ".eheritage" / "errors"] if out else []) + [Path(tempfile.gettempdir()) / "eheritage-errors"]:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(traceback.format_exc(), encoding="utf-8")
            return folder / name
        except OSError:
            continue
    return Path(name)


app = typer.Typer(
    cls=_CatchingGroup,
    help=(
        "Turn folders of scans and catalogue spreadsheets into IIIF tiles and manifests, "
        "Dublin Core and CIDOC-CRM records, and an OAI-PMH provider.\n\n"
        "Exit codes: 0 all done, 1 some items failed or problems found, 2 usage or "
        "configuration error (or OUT in use by another run), 3 the system refused (disk full, "
        "permission), 70 a bug (the message names its log), 130/143 interrupted by Ctrl-C/SIGTERM: "
        "re-run to resume."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,
)


def load_config(path: Path) -> dict[str, dict[str, Any]]:
    """Read a TOML config whose tables are named after commands: `[tile]`, `[publish]`...

    Keys are the long flag names, with dashes or underscores: `tile-size = 256`.
    """
    data = read_toml(path, "config file", hint="check quoting and [section] headers; see README.md, 'Configuration'")
    sections: dict[str, dict[str, Any]] = {}
    for command, settings in data.items():
        if not isinstance(settings, dict):
            raise ConfigError(
                f"config file {path}: top-level key {command!r} must be a [table] named after a command",
                hint=f"write it as [{command}] with the flags below it",
            )
        sections[command] = {key.replace("-", "_"): value for key, value in settings.items()}
    return sections


def _version(value: bool) -> None:
    if value:
        typer.echo(f"eheritage {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    config: Annotated[
        Optional[Path],
        typer.Option(
            "--config",
            help=f"TOML file of default flags, one \\[table] per command. Default: ./{DEFAULT_CONFIG_NAME} if present.",
            dir_okay=False,
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback of an unexpected error.")] = False,
) -> None:
    ctx.meta[_DEBUG_KEY] = debug
    path = config or Path(DEFAULT_CONFIG_NAME)
    if config is not None or path.is_file():
        ctx.default_map = load_config(path)  # a ConfigError here reaches _CatchingGroup like any other


# Command modules register themselves on `app` when imported.
from eheritage.cli import harvest, metadata, publish, serve, tile  # noqa: E402,F401
