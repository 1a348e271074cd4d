"""Catalogue spreadsheets -> records -> Dublin Core + CIDOC-CRM RDF, and their validation.

Names load on first use (PEP 562): rdflib and pyshacl take most of a second to import,
which commands that never touch metadata (tile, serve) should not pay.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eheritage.metadata.checks import Problem
    from eheritage.metadata.dates import ParsedDate, parse_date
    from eheritage.metadata.rdf_files import DescribeReport, describe, describe_catalogue
    from eheritage.metadata.dimensions import Dimension, parse_dimensions
    from eheritage.metadata.edm import edm_rdfxml
    from eheritage.metadata.oai_dc import oai_dc_xml
    from eheritage.metadata.rdf import crm_rdfxml, record_graph, record_triples, record_turtle, record_uri
    from eheritage.metadata.records import Catalogue, Record, Value, read_catalogue
    from eheritage.metadata.report import render_html, write_html_report
    from eheritage.metadata.validation import ValidationReport, validate, validate_catalogue

_LAZY = {
    "Problem": "checks",
    "ParsedDate": "dates",
    "parse_date": "dates",
    "DescribeReport": "rdf_files",
    "describe": "rdf_files",
    "describe_catalogue": "rdf_files",
    "Dimension": "dimensions",
    "parse_dimensions": "dimensions",
    "edm_rdfxml": "edm",
    "oai_dc_xml": "oai_dc",
    "crm_rdfxml": "rdf",
    "record_graph": "rdf",
    "record_triples": "rdf",
    "record_turtle": "rdf",
    "record_uri": "rdf",
    "Catalogue": "records",
    "Record": "records",
    "Value": "records",
    "read_catalogue": "records",
    "render_html": "report",
    "write_html_report": "report",
    "ValidationReport": "validation",
    "validate": "validation",
    "validate_catalogue": "validation",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f"eheritage.metadata.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'eheritage.metadata' has no attribute {name!r}")
