"""Catalogue spreadsheets -> records -> Dublin Core + CIDOC-CRM RDF, and their validation.

Names load on first use (PEP 562): rdflib and pyshacl take most of a second to import,
which commands that never touch metadata (tile, serve) should not pay.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from eheritage.lazy import exports

if TYPE_CHECKING:
    from eheritage.metadata.checks import Problem
    from eheritage.metadata.dates import ParsedDate, parse_date
    from eheritage.metadata.rdf_files import DescribeReport, describe, describe_catalogue
    from eheritage.metadata.dimensions import Dimension, parse_dimensions
    from eheritage.metadata.rdf import crm_rdfxml, record_graph, record_triples, record_turtle, record_uri
    from eheritage.metadata.records import Catalogue, Record, Value, read_catalogue
    from eheritage.metadata.report import render_html, write_html_report
    from eheritage.metadata.validation import ValidationReport, validate, validate_catalogue

_NAMES = {
    "Problem": "eheritage.metadata.checks",
    "ParsedDate": "eheritage.metadata.dates",
    "parse_date": "eheritage.metadata.dates",
    "DescribeReport": "eheritage.metadata.rdf_files",
    "describe": "eheritage.metadata.rdf_files",
    "describe_catalogue": "eheritage.metadata.rdf_files",
    "Dimension": "eheritage.metadata.dimensions",
    "parse_dimensions": "eheritage.metadata.dimensions",
    "crm_rdfxml": "eheritage.metadata.rdf",
    "record_graph": "eheritage.metadata.rdf",
    "record_triples": "eheritage.metadata.rdf",
    "record_turtle": "eheritage.metadata.rdf",
    "record_uri": "eheritage.metadata.rdf",
    "Catalogue": "eheritage.metadata.records",
    "Record": "eheritage.metadata.records",
    "Value": "eheritage.metadata.records",
    "read_catalogue": "eheritage.metadata.records",
    "render_html": "eheritage.metadata.report",
    "write_html_report": "eheritage.metadata.report",
    "ValidationReport": "eheritage.metadata.validation",
    "validate": "eheritage.metadata.validation",
    "validate_catalogue": "eheritage.metadata.validation",
}

__all__ = sorted(_NAMES)
__getattr__ = exports(__name__, _NAMES)
