"""The root typer application: composes the commands, loads the config file, catches errors.

Each command lives in its own module and registers itself on `app`; this module only
composes them, loads the config file, and is the one place where expected errors
(`EheritageError`) become a message on stderr and an exit code.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperGroup

from eheritage import __version__
from eheritage.cli.console import note, stderr
from eheritage.errors import ConfigError, EheritageError, ExitStatus

#: Read when present in the working directory and no --config is given.
DEFAULT_CONFIG_NAME = "eheritage.toml"


class _CatchingGroup(TyperGroup):
    """Turns expected errors into a readable message and the error's exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except EheritageError as err:
            note("error:", err.message, style="bold red")
            if err.hint:
                note("hint:", err.hint)
            raise typer.Exit(int(err.exit_status)) from None
        except KeyboardInterrupt:
            stderr.print("[yellow]interrupted:[/] re-run the same command to resume.")
            raise typer.Exit(int(ExitStatus.INTERRUPTED)) from None


app = typer.Typer(
    cls=_CatchingGroup,
    help=(
        "Turn folders of scans and catalogue spreadsheets into IIIF tiles and manifests, "
        "Dublin Core and CIDOC-CRM records, and an OAI-PMH provider.\n\n"
        "Exit codes: 0 all done, 1 some items failed or problems found, 2 usage or "
        "configuration error, 130 interrupted."
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
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ConfigError(f"cannot read config file {path}: {err.strerror}") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(
            f"config file {path} is not valid TOML: {err}",
            hint="check quoting and [section] headers; see README.md, 'Configuration'",
        ) from None
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
) -> None:
    path = config or Path(DEFAULT_CONFIG_NAME)
    if config is not None or path.is_file():
        ctx.default_map = load_config(path)  # a ConfigError here reaches _CatchingGroup like any other


# Command modules register themselves on `app` when imported.
from eheritage.cli import metadata, publish, serve, tile  # noqa: E402,F401
