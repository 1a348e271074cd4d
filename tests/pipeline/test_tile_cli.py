"""`eheritage tile` on the command line: exit codes, messages and the --json document."""

import json

import jsonschema
import pyvips
from typer.testing import CliRunner

from eheritage.cli import app
from eheritage.pipeline.tile import STATUSES

SCHEMA = {
    "type": "object",
    "required": ["images", "summary"],
    "additionalProperties": False,
    "properties": {
        "images": {"type": "array", "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["source", "id", "status", "error", "width", "height"],
            "properties": {
                "source": {"type": "string"}, "id": {"type": "string"},
                "status": {"enum": list(STATUSES)},
                "error": {"type": ["string", "null"]},
                "width": {"type": ["integer", "null"]}, "height": {"type": ["integer", "null"]},
            },
        }},
        "summary": {"type": "object", "additionalProperties": False, "required": list(STATUSES),
                    "properties": {k: {"type": "integer"} for k in STATUSES}},
    },
}


def scan(path):
    pyvips.Image.perlin(120, 80, uchar=True).bandjoin([40, 200]).copy(interpretation="srgb").write_to_file(str(path))
    return path


def test_all_done_exits_0_with_a_summary(tmp_path):
    result = CliRunner().invoke(app, ["tile", str(scan(tmp_path / "a.jpg")), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "1 done, 0 skipped, 0 failed, 0 unsupported" in result.output
    assert (tmp_path / "out" / "iiif" / "a" / "info.json").is_file()


def test_some_failed_exits_1_and_json_matches_the_schema(tmp_path):
    scan(tmp_path / "good.png")
    (tmp_path / "empty.jpg").write_bytes(b"")
    result = CliRunner().invoke(app, ["tile", str(tmp_path), "-o", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    jsonschema.validate(document, SCHEMA)
    assert document["summary"] == {"done": 1, "skipped": 0, "repaired": 0, "failed": 1, "unsupported": 0}
    failed = [image for image in document["images"] if image["status"] == "failed"]
    assert failed[0]["id"] == "empty" and "empty" in failed[0]["error"]


def test_failures_are_named_in_the_summary(tmp_path):
    (tmp_path / "note.tif").write_text("not an image")
    result = CliRunner().invoke(app, ["tile", str(tmp_path / "note.tif"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    output = " ".join(result.output.split())  # rich wraps long lines
    assert "failed note" in output and "not a readable image" in output


def test_usage_errors_exit_2_with_a_hint(tmp_path):
    source = str(scan(tmp_path / "a.jpg"))
    for args, message in [
        (["--quality", "0"], "--quality 0 is not valid"),
        (["--format", "gif"], "--format 'gif' is not valid"),
        (["--base-url", "example.org"], "--base-url"),
        (["--workers", "0"], "--workers 0 is not valid"),
    ]:
        result = CliRunner().invoke(app, ["tile", source, "-o", str(tmp_path / "out"), *args])
        assert result.exit_code == 2, (args, result.output)
        assert message in result.output and "hint:" in result.output
    missing = CliRunner().invoke(app, ["tile", str(tmp_path / "nope"), "-o", str(tmp_path / "out")])
    assert missing.exit_code == 2 and "does not exist" in missing.output


def test_help_documents_flags_and_the_default_base_url():
    result = CliRunner().invoke(app, ["tile", "--help"])
    assert result.exit_code == 0
    for flag in ("--base-url", "--tile-size", "--quality", "--format", "--workers", "--max-pixels", "--force", "--json"):
        assert flag in result.output
    assert "127.0.0.1:8000" in result.output
