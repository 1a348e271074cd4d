import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eheritage.cli import app
from eheritage.profiles import ENV_VAR

from .test_validate import BROKEN
from .conftest import write_csv

runner = CliRunner()


@pytest.mark.parametrize("command", ["describe", "validate", "profiles"])
def test_commands_have_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0 and len(result.output) > 100


def test_validate_clean_exits_0_and_json_matches_schema(archive_csv: Path) -> None:
    result = runner.invoke(app, ["validate", str(archive_csv), "--profile", "archive", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"rows", "errors", "warnings", "problems", "tiers"} and data["rows"] == 2 and data["errors"] == 0
    assert [item["row"] for item in data["tiers"]["records"]] == [2, 3]
    for item in data["tiers"]["records"]:
        assert item["tiers"]["content"] in range(5) and item["tiers"]["metadata"] in {"0", "A", "B", "C"}
    assert data["tiers"]["summary"]["records"] == 2


def test_validate_errors_exit_1_and_write_html(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "broken.csv", BROKEN)
    result = runner.invoke(app, ["validate", str(path), "-p", "museum", "--report", str(tmp_path / "r.html")])
    assert result.exit_code == 1
    assert "already used in row 2" in result.stdout
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "Row 3" in html and "Europeana tiers" in html
    assert "Europeana" in result.stdout and "at B or better" in result.stdout


def test_usage_errors_exit_2(archive_csv: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(archive_csv), "-p", "no-such-profile"])
    assert result.exit_code == 2 and "no profile named" in result.stderr
    result = runner.invoke(app, ["validate", str(tmp_path / "none.csv"), "-p", "archive"])
    assert result.exit_code == 2 and "does not exist" in result.stderr
    result = runner.invoke(app, ["describe", str(archive_csv), "-p", "archive", "-o", str(tmp_path), "--format", "n3"])
    assert result.exit_code == 2 and "unknown RDF format" in result.stderr


def test_describe_writes_per_record_and_dump(museum_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["describe", str(museum_csv), "-p", "museum", "-o", str(out), "--dump-format", "nt"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (out / "rdf").iterdir()) == ["NHM-4512-1.ttl", "NHM-4512-2.ttl", "NHM-4513.ttl", "all.nt"]


def test_profiles_lists_sources() -> None:
    result = runner.invoke(app, ["profiles", "--json"])
    assert result.exit_code == 0
    listed = {entry["name"]: entry for entry in json.loads(result.stdout)}
    assert {"museum", "library", "archive"} <= set(listed)
    assert Path(listed["museum"]["source"]).is_file() and listed["museum"]["title"]


def test_profiles_table_keeps_whole_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long install path folds in the 80-column table instead of being cut short with an ellipsis."""
    deep = tmp_path.joinpath(*["a-rather-long-folder-name"] * 4)
    deep.mkdir(parents=True)
    (deep / "gallery.toml").write_text('extends = "museum"\ntitle = "Gallery"\n', encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(deep))
    result = runner.invoke(app, ["profiles"])
    assert result.exit_code == 0 and "…" not in result.stdout
    assert "gallery.toml" in result.stdout.replace("\n", "").replace("│", "").replace(" ", "")
