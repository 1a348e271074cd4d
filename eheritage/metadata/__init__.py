"""Catalogue spreadsheets -> records -> Dublin Core + CIDOC-CRM RDF, and their validation."""

from eheritage.metadata.checks import Problem
from eheritage.metadata.dates import ParsedDate, parse_date
from eheritage.metadata.describe import DescribeReport, describe, describe_catalogue
from eheritage.metadata.dimensions import Dimension, parse_dimensions
from eheritage.metadata.edm import edm_rdfxml
from eheritage.metadata.oai_dc import oai_dc_xml
from eheritage.metadata.rdf import crm_rdfxml, record_graph, record_triples, record_turtle, record_uri
from eheritage.metadata.records import Catalogue, Record, Value, read_catalogue
from eheritage.metadata.report import render_html, write_html_report
from eheritage.metadata.validate import ValidationReport, validate, validate_catalogue

__all__ = [
    "Catalogue", "DescribeReport", "Dimension", "ParsedDate", "Problem", "Record", "ValidationReport", "Value",
    "crm_rdfxml", "describe", "edm_rdfxml", "describe_catalogue", "oai_dc_xml", "parse_date", "parse_dimensions", "read_catalogue",
    "record_graph", "record_triples", "record_turtle", "record_uri", "render_html", "validate", "validate_catalogue",
    "write_html_report",
]
