"""`eheritage publish` and `verify` from the command line: batches, usage errors, exit codes."""

from __future__ import annotations

import gzip
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


def test_a_batch_is_one_run_with_one_report_its_own_name_and_one_all_nt(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["publish", "--batch", str(SAMPLES / "batch.toml"), "-o", str(out), "--json"])
    assert result.exit_code == ExitStatus.OK, result.output
    printed = json.loads(result.stdout)
    on_disk = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [c["profile"] for c in on_disk["catalogues"]] == ["museum", "library", "archive"]
    assert on_disk["total"] == printed["total"]
    assert on_disk["total"]["records"] == sum(c["records"] for c in on_disk["catalogues"])
    assert on_disk["repository"] == {"name": "e-Culture sample collections", "admin_email": "digital@culture.example.az"}
    assert on_disk["site"] == {"index": str(out / "index.html"), "records": 10}
    assert "<title>e-Culture sample collections</title>" in (out / "index.html").read_text(encoding="utf-8")
    with Catalog.open(out, readonly=True) as catalog:
        assert catalog.repository().name == "e-Culture sample collections"
    all_nt = (out / "rdf" / "all.nt").read_text(encoding="utf-8")
    for identifier in ("NHM-1998-0042", "NLA-1892-0031", "AZ-DA-F12"):
        assert f"/{identifier}>" in all_nt

    # One catalogue published again on its own keeps the others' triples in all.nt.
    single = runner.invoke(app, ["publish", str(SAMPLES / "archive" / "scans"), "-c", str(SAMPLES / "archive" / "catalogue.csv"),
                                 "-p", "archive", "-o", str(out)])
    assert single.exit_code == ExitStatus.OK, single.output
    assert (out / "rdf" / "all.nt").read_text(encoding="utf-8") == all_nt


def test_all_nt_parts_are_kept_gzipped_and_those_an_older_release_left_are_joined_until_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["publish", "--batch", str(SAMPLES / "batch.toml"), "-o", str(out)]).exit_code == ExitStatus.OK
    all_nt = (out / "rdf" / "all.nt").read_bytes()
    parts = out / ".eheritage" / "all-rdf"
    gzipped = sorted(parts.glob("*.nt.gz"))
    assert len(gzipped) == 3 and not list(parts.glob("*.nt"))
    assert b"".join(gzip.decompress(part.read_bytes()) for part in gzipped) == all_nt
    # As an older eheritage left them: the archive's part uncompressed.
    archive = next(part for part in gzipped if "archive" in part.name)
    archive.with_suffix("").write_bytes(gzip.decompress(archive.read_bytes()))
    archive.unlink()
    library = [SAMPLES / "library" / "scans", "-c", SAMPLES / "library" / "catalogue.csv", "-p", "library", "-o", out]
    assert runner.invoke(app, ["publish", *map(str, library)]).exit_code == ExitStatus.OK
    assert (out / "rdf" / "all.nt").read_bytes() == all_nt
    archive_again = [SAMPLES / "archive" / "scans", "-c", SAMPLES / "archive" / "catalogue.csv", "-p", "archive", "-o", out]
    assert runner.invoke(app, ["publish", *map(str, archive_again)]).exit_code == ExitStatus.OK
    assert archive.is_file() and not archive.with_suffix("").exists()
    assert (out / "rdf" / "all.nt").read_bytes() == all_nt


def test_a_batch_without_its_own_name_says_whose_name_identify_shows(tmp_path: Path) -> None:
    result = runner.invoke(app, ["publish", "--batch", str(write_batch(tmp_path, "library", "archive")), "-o", str(tmp_path / "out"), "--json"])
    report = json.loads(result.stdout)
    assert "National Library" in report["repository"]["name"] and "Archives" in report["repository"]["name"]
    assert any("[repository]" in w["message"] for w in report["warnings"])


def test_two_catalogues_of_a_batch_claiming_one_identifier_write_nothing(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "catalogue.csv").write_text(
            "object_number,object_name,title@en,rights\nX-1,vase,Vase,http://creativecommons.org/publicdomain/mark/1.0/\n",
            encoding="utf-8",
        )
    batch = tmp_path / "batch.toml"
    batch.write_text('[[catalogue]]\npath = "a/catalogue.csv"\nprofile = "museum"\nscope = "a"\n'
                     '[[catalogue]]\npath = "b/catalogue.csv"\nprofile = "museum"\nscope = "b"\n', encoding="utf-8")
    result = runner.invoke(app, ["publish", "--batch", str(batch), "-o", str(tmp_path / "out")])
    assert result.exit_code == ExitStatus.USAGE
    assert "'X-1'" in result.output and " a" in result.output and " b" in result.output
    assert not (tmp_path / "out").exists()
