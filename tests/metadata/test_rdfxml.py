"""The CIDOC-CRM RDF/XML served over OAI-PMH: same graph as rdflib's, same text every time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rdflib import Graph
from rdflib.compare import isomorphic

from eheritage.metadata import crm_rdfxml, read_catalogue, record_graph
from eheritage.profiles import load_profile

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
PRINT_FIRST_RECORD = (
    "from pathlib import Path; from eheritage.metadata import read_catalogue, crm_rdfxml;"
    "from eheritage.profiles import load_profile; p = load_profile('museum');"
    f"r = read_catalogue(Path({str(SAMPLES / 'museum' / 'catalogue.csv')!r}), p).records[0];"
    "print(crm_rdfxml(r, p, 'https://example.org/', representations=['https://example.org/iiif/a']))"
)


def test_rdfxml_parses_to_the_records_graph() -> None:
    profile = load_profile("museum")
    for record in read_catalogue(SAMPLES / "museum" / "catalogue.csv", profile):
        xml = crm_rdfxml(record, profile, "https://example.org/", representations=["https://example.org/iiif/x"])
        assert xml.startswith("<rdf:RDF")
        parsed = Graph().parse(data=xml, format="xml")
        expected = record_graph(record, profile, "https://example.org/", representations=["https://example.org/iiif/x"])
        assert len(parsed) == len(expected) > 20
        assert isomorphic(parsed, expected)


def test_rdfxml_is_the_same_text_in_every_process() -> None:
    """Set iteration order changes with the hash seed; the catalog's datestamps must not."""
    outputs = {
        subprocess.run(
            [sys.executable, "-c", PRINT_FIRST_RECORD],
            capture_output=True, text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1 and "E22_Human-Made_Object" in outputs.pop()
