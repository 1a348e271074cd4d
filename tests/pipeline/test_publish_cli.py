"""`eheritage publish` and `verify` from the command line: batches, usage errors, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from eheritage.catalog import Catalog, ListQuery
from eheritage.cli import app
from eheritage.errors import ExitStatus

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
runner = CliRunner()


def write_batch(tmp_path: Path, *names: str) -> Path:
    batch = tmp_path / "batch.toml"
    batch.write_text(
        "".join(
            f'[[catalogue]]\npath = "{SAMPLES / n / "catalogue.csv"}"\nprofile = "{n}"\nscans = "{SAMPLES / n / "scans"}"\n'
            for n in names
        ),
        encoding="utf-8",
    )
    return batch


def live_records(out: Path) -> set[str]:
    with Catalog.open(out, readonly=True) as catalog:
        page = catalog.list_page(ListQuery(prefix="oai_dc"), limit=1000, with_xml=False)
    return {r.header.identifier for r in page if not r.header.deleted}


def test_a_batch_publishes_every_catalogue_into_one_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["publish", "--batch", str(write_batch(tmp_path, "library", "archive")), "-o", str(out), "--json"])
    assert result.exit_code == ExitStatus.OK, result.output
    reports = json.loads(result.stdout)["catalogues"]
    assert [r["profile"] for r in reports] == ["library", "archive"]
    top = json.loads((out / "iiif" / "collection" / "top.json").read_text())
    assert sorted(item["id"].rsplit("/", 1)[1] for item in top["items"]) == ["archive.json", "library.json"]
    both = live_records(out)
    assert {"NLA-1892-0031", "AZ-DA-F12"} <= both

    # Publishing one of them again on its own leaves the other catalogue's records alone.
    result = runner.invoke(
        app,
        ["publish", str(SAMPLES / "library" / "scans"), "-c", str(SAMPLES / "library" / "catalogue.csv"), "-p", "library", "-o", str(out)],
    )
    assert result.exit_code == ExitStatus.OK, result.output
    assert live_records(out) == both


def test_publish_without_a_catalogue_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["publish", "-o", str(tmp_path / "out")])
    assert result.exit_code == ExitStatus.USAGE
    assert "--catalogue and --profile" in result.output


def test_batch_file_errors_name_the_entry(tmp_path: Path) -> None:
    batch = tmp_path / "batch.toml"
    batch.write_text('[[catalogue]]\npath = "x.csv"\nprofil = "museum"\n', encoding="utf-8")
    result = runner.invoke(app, ["publish", "--batch", str(batch), "-o", str(tmp_path / "out")])
    assert result.exit_code == ExitStatus.USAGE
    assert "catalogue 1" in result.output and "profil" in result.output


def test_verify_a_folder_never_published_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["verify", str(tmp_path)])
    assert result.exit_code == ExitStatus.USAGE
    assert "no fixity records" in result.output
