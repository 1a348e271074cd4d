"""Europeana's own checks of an EDM record: EDM.xsd and its schematron, as Metis runs them.

Both are Europeana's files, unmodified (`schemas/edm/README.md`). The schematron is
compiled XSLT 2.0, which only Saxon-HE (`saxonche`) runs from Python; it is loaded once
per process, when first needed, and costs about 3 ms a record (EDM.xsd: 0.07 ms).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from eheritage.catalog.xmltext import SAFE_PARSER

SCHEMAS = Path(__file__).parent / "schemas" / "edm"
_SVRL = "{http://purl.oclc.org/dsdl/svrl}"


def problems(record: str) -> list[str]:
    """Every reason Europeana would refuse the EDM record (an rdf:RDF document); [] when it would accept it."""
    try:
        document = etree.fromstring(record.encode("utf-8"), SAFE_PARSER)
    except etree.XMLSyntaxError as err:
        return [f"not well-formed XML: {err}"]
    schema = _schema()
    found = [] if schema.validate(document) else [f"EDM.xsd: {e.message} (line {e.line})" for e in schema.error_log]
    return found + [f"schematron: {failure}" for failure in _schematron_failures(record)]


@cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "EDM.xsd"), etree.XMLParser(no_network=True)))


@cache
def _saxon() -> tuple[Any, Any]:
    import saxonche  # only here: the Saxon runtime is large, and most commands never check EDM

    processor = saxonche.PySaxonProcessor(license=False)
    stylesheet = str(SCHEMAS / "schematron" / "schematron.xsl")
    return processor, processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=stylesheet)


def _schematron_failures(record: str) -> list[str]:
    processor, compiled = _saxon()
    report = etree.fromstring(compiled.transform_to_string(xdm_node=processor.parse_xml(xml_text=record)).encode("utf-8"))
    return [" ".join("".join(node.itertext()).split()) + f" (at {node.get('location')})"
            for node in report.iter(f"{_SVRL}failed-assert")]
