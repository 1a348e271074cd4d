"""`eheritage serve`: in-process answers with --get, settings, and clear configuration errors."""

from __future__ import annotations

from typer.testing import CliRunner

from eheritage.cli import app

runner = CliRunner()


def test_get_answers_one_request_in_process(tmp_path, kit):
    out = kit.publish(tmp_path / "OUT")
    result = runner.invoke(app, ["serve", str(out), "--get", "/oai?verb=Identify"])
    assert result.exit_code == 0, result.output
    assert "<baseURL>https://heritage.example.org/oai</baseURL>" in result.stdout


def test_get_of_a_missing_file_exits_1_but_an_oai_error_is_a_response(tmp_path, kit):
    out = kit.publish(tmp_path / "OUT")
    result = runner.invoke(app, ["serve", str(out), "--get", "/iiif/manifest/none.json"])
    assert result.exit_code == 1
    oai_error = runner.invoke(app, ["serve", str(out), "--get", "/oai?verb=Nonsense"])
    assert oai_error.exit_code == 0
    assert 'code="badVerb"' in oai_error.stdout


def test_base_url_and_settings_override_what_publish_recorded(tmp_path, kit):
    out = kit.publish(tmp_path / "OUT")
    config = tmp_path / "eheritage.toml"
    config.write_text('[serve]\nadmin-email = "oai@proxy.example.net"\npage-size = 3\n', encoding="utf-8")
    args = ["serve", str(out), "--config", str(config), "--base-url", "https://proxy.example.net/heritage"]
    identify = runner.invoke(app, [*args, "--get", "/oai?verb=Identify"])
    assert "<baseURL>https://proxy.example.net/heritage/oai</baseURL>" in identify.stdout
    assert "<adminEmail>oai@proxy.example.net</adminEmail>" in identify.stdout
    listing = runner.invoke(app, [*args, "--get", "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc"])
    assert listing.stdout.count("<header") == 3
    more = runner.invoke(app, [*args, "-s", "page-size=5", "--get", "/oai?verb=ListIdentifiers&metadataPrefix=oai_dc"])
    assert more.stdout.count("<header") == 5


def test_root_config_serve_table_applies(tmp_path, kit):
    out = kit.publish(tmp_path / "OUT")
    config = tmp_path / "eheritage.toml"
    config.write_text('[serve]\nrepository-name = "Renamed"\nport = 9000\n', encoding="utf-8")
    result = runner.invoke(app, ["--config", str(config), "serve", str(out), "--get", "/oai?verb=Identify"])
    assert result.exit_code == 0, result.output
    assert "<repositoryName>Renamed</repositoryName>" in result.stdout


def test_unknown_or_bad_setting_is_a_usage_error(tmp_path, kit):
    out = kit.publish(tmp_path / "OUT")
    unknown = runner.invoke(app, ["serve", str(out), "-s", "pagesize=3", "--get", "/"])
    assert unknown.exit_code == 2
    assert "unknown serve setting 'pagesize'" in unknown.stderr
    bad = runner.invoke(app, ["serve", str(out), "-s", "page-size=0", "--get", "/"])
    assert bad.exit_code == 2
    assert "page-size" in bad.stderr
    email = runner.invoke(app, ["serve", str(out), "-s", "admin-email=nobody", "--get", "/"])
    assert email.exit_code == 2
    assert "admin-email 'nobody'" in email.stderr
    name = runner.invoke(app, ["serve", str(out), "-s", "repository-name=5", "--get", "/"])
    assert name.exit_code == 2
    assert "must be non-empty text" in name.stderr


def test_missing_catalog_names_the_file_and_the_fix(tmp_path):
    result = runner.invoke(app, ["serve", str(tmp_path), "--get", "/"])
    assert result.exit_code == 2
    assert "catalog.sqlite" in result.stderr
    assert "eheritage publish" in result.stderr


def test_help_settings_lists_every_setting_with_its_default():
    result = runner.invoke(app, ["serve", "--help-settings"])
    assert result.exit_code == 0
    for key in ("page-size", "token-lifetime", "admin-email", "secret", "repository-name", "max-concurrent"):
        assert key in result.stdout
