"""The command line as a whole: help everywhere, config files, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import pyvips
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


def test_config_file_supplies_flags_and_the_command_line_wins(tmp_path: Path) -> None:
    scan = tmp_path / "scan.png"
    pyvips.Image.black(600, 400, bands=3).write_to_file(str(scan))
    config = tmp_path / "eheritage.toml"
    config.write_text('[tile]\ntile-size = 256\nbase-url = "https://collections.example.org"\n', encoding="utf-8")
    args = ["--config", str(config), "tile", str(scan), "-o", str(tmp_path / "out"), "--json", "--workers", "1"]
    assert runner.invoke(app, args).exit_code == ExitStatus.OK
    info = json.loads((tmp_path / "out" / "iiif" / "scan" / "info.json").read_text())
    assert info["tiles"][0]["width"] == 256
    assert info["id"] == "https://collections.example.org/iiif/scan"
    assert runner.invoke(app, [*args, "--tile-size", "128", "--force"]).exit_code == ExitStatus.OK
    info = json.loads((tmp_path / "out" / "iiif" / "scan" / "info.json").read_text())
    assert info["tiles"][0]["width"] == 128
