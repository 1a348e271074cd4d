"""SOURCES.toml is edited by hand: every mistake names the file, the source and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from eheritage.errors import ConfigError
from eheritage.harvest import load_sources

AGGREGATOR = '[aggregator]\nname = "National"\nadmin-email = "a@culture.example.az"\nidentifier = "culture.example.az"\n'
SOURCE = '[[source]]\nname = "nhm"\nurl = "https://nhm.example.az/oai"\ncluster = "museums"\n'


def test_a_sources_file_reads_into_aggregator_and_sources(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(AGGREGATOR + SOURCE + SOURCE.replace('"nhm"', '"ŞƏK"').replace("nhm.", "sheki.")
                    + 'label = "Şəki muzeyi"\nfull = true\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="cannot be an OAI-PMH set spec"):
        load_sources(path)  # a set spec is ASCII: the name keys the source's set
    path.write_text(AGGREGATOR + SOURCE + SOURCE.replace('"nhm"', '"sheki"') + 'label = "Şəki muzeyi"\nfull = true\n',
                    encoding="utf-8")
    plan = load_sources(path)
    assert plan.aggregator.identifier == "culture.example.az"
    assert [(s.name, s.title, s.full) for s in plan.sources] == [("nhm", "nhm", False), ("sheki", "Şəki muzeyi", True)]


@pytest.mark.parametrize(("text", "message"), [
    (SOURCE, "has no [aggregator] table"),
    (AGGREGATOR, "lists no sources"),
    (AGGREGATOR.replace("culture.example.az\"\n", "127.0.0.1\"\n"), "is not a domain name"),
    (AGGREGATOR + SOURCE + SOURCE, "sources 1 and 2 are both named 'nhm'"),
    (AGGREGATOR + SOURCE.replace("https://nhm.example.az/oai", "ftp://nhm"), "is not an http(s) OAI-PMH baseURL"),
    (AGGREGATOR + SOURCE.replace('cluster = "museums"\n', ""), "source 1: cluster is missing"),
    (AGGREGATOR + SOURCE + "sets = 1\n", "unknown key(s) sets"),
    (AGGREGATOR + SOURCE + "full = 1\n", "full must be true or false"),
    ("[aggregator\n", "is not valid TOML"),
])
def test_mistakes_are_named_with_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_sources(path)
    assert message in str(caught.value) and str(path) in str(caught.value)
