"""The command line as a whole: help everywhere, config files, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from eheritage.cli import app
from eheritage.errors import ExitStatus

runner = CliRunner()


def command_names() -> list[str]:
    return sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def test_every_command_explains_itself() -> None:
    names = command_names()
    assert {"tile", "describe", "validate", "publish", "verify", "serve"} <= set(names)
    for name in names:
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Usage" in result.output and len(result.output.splitlines()) > 8, name


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("eheritage ")


def test_broken_config_file_is_a_usage_error(tmp_path: Path) -> None:
    config = tmp_path / "eheritage.toml"
    config.write_text("[tile\ntile-size = 256\n", encoding="utf-8")
    result = runner.invoke(app, ["--config", str(config), "tile", "--help"])
    assert result.exit_code == ExitStatus.USAGE
    assert str(config) in result.output and "not valid TOML" in result.output


def test_config_key_outside_a_table_is_named(tmp_path: Path) -> None:
    config = tmp_path / "eheritage.toml"
    config.write_text('workers = 4\n', encoding="utf-8")
    result = runner.invoke(app, ["--config", str(config), "tile", "--help"])
    assert result.exit_code == ExitStatus.USAGE
    assert "'workers'" in result.output


@pytest.mark.parametrize("argv", [["no-such-command"], ["tile", "--no-such-flag"]])
def test_usage_errors_exit_2(argv: list[str]) -> None:
    assert runner.invoke(app, argv).exit_code == ExitStatus.USAGE
