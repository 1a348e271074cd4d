"""CIDOC-CRM 7.1 (after Linked Art) as RDF/XML, the record's full description.

Its payload's root is rdf:RDF, so that is its namespace. RDF/XML has no XML Schema, and
the ontology's namespace is no schema a harvester can load, so `schema` names a small
permissive one that publish writes under OUT (`<base>/schemas/rdf.xsd`).
"""

from __future__ import annotations

from eheritage.crosswalks import SCHEMA_FILES, SCHEMAS, Crosswalk, Publication
from eheritage.metadata.terms import rdfxml

PREFIX = "crm"
RDF_XML_SCHEMA = "rdf.xsd"


def render(publication: Publication) -> str:
    return rdfxml(list(publication.description()))


CROSSWALK = Crosswalk(
    prefix=PREFIX,
    namespace="http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    schema=f"{SCHEMAS}/{RDF_XML_SCHEMA}",
    render=render,
    schema_file=SCHEMA_FILES / RDF_XML_SCHEMA,
)
