"""DCMI terms as crosswalks need them: the simple DC element a term refines, a record's DCMI Type.

DCMI terms refinements fold into their simple DC element (created -> date, extent ->
format, isPartOf -> relation...). Terms with no simple DC element (provenance) have none,
rather than a wrong one.
"""

from __future__ import annotations

import re

from eheritage.metadata.records import Record, Value

ELEMENTS = frozenset({
    "title", "creator", "subject", "description", "publisher", "contributor", "date", "type",
    "format", "identifier", "source", "language", "relation", "coverage", "rights",
})
#: DCMI terms refinement -> the simple DC element it refines.
_REFINES = {
    "created": "date", "issued": "date", "modified": "date", "extent": "format", "medium": "format",
    "isPartOf": "relation", "hasPart": "relation", "spatial": "coverage", "temporal": "coverage",
    "accessRights": "rights", "license": "rights", "abstract": "description", "tableOfContents": "description",
    "alternative": "title",
}
DCMI_TYPE = "http://purl.org/dc/dcmitype/"
#: An ISO 639-1, -2 or -3 code, as a language field holds it (any case).
_ISO_639 = re.compile(r"[A-Za-z]{2,3}")


def dc_element(term: str | None) -> str | None:
    """The simple DC element for a DCMI term, or None when there is none."""
    if term in ELEMENTS:
        return term
    return _REFINES.get(term or "")


def dcmi_type(record: Record) -> str:
    """The record's DCMI Type: the first of its terms the profile maps (`[dcmi_types]`), else the profile's."""
    profile = record.profile
    for key, terms in profile.dcmi_types.items():
        for value in record.get(key):
            if found := terms.get(value.text.casefold()):
                return found
    return profile.dcmi_type


def iso_639(code: str) -> str | None:
    """`code` as an ISO 639 code (lower case), or None if it is no such code."""
    return code.lower() if _ISO_639.fullmatch(code) else None


def languages(record: Record, *, text: bool) -> list[str]:
    """The ISO 639 codes of what the record is in: its language field's, else, for a `text`
    (whose language aggregators require), the language its profile says the catalogue is in."""
    found = [code for f in record.profile.fields.values() if f.kind == "language"
             for v in record.get(f.key) if (code := iso_639(v.text))]
    if not found and text and record.profile.language:
        found = [record.profile.language.split("-")[0]]
    return list(dict.fromkeys(found))


def uncoded_languages(record: Record) -> list[Value]:
    """Language values that are no ISO 639 code ("Old Turkic"): given as written, not lost."""
    return [v for f in record.profile.fields.values() if f.kind == "language"
            for v in record.get(f.key) if iso_639(v.text) is None]
