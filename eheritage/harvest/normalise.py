"""What an aggregator normalises in a harvested Dublin Core record, kept beside the original.

The source's `oai_dc` is re-served as it came. Next to it, `oai_dc_normalised` holds the
same record with its languages as ISO 639-1 codes where the value names a language we
know (`Russian`, `rus`, `русский` -> `ru`), a DCMI Type added where the type says one
(`info:eu-repo/semantics/article` -> `Text`), and rights URIs in the one form Europeana
accepts (http, trailing slash, no deed page). Its provenance says `altered="true"`, so
nothing is changed silently; values we cannot read stay as they are.
"""

from __future__ import annotations

from lxml import etree

from eheritage.catalog import DUBLIN_CORE, MetadataFormat
from eheritage.metadata.checks import ACCEPTED_RIGHTS, rights_suggestion
from eheritage.profiles import DCMI_TYPES

PREFIX = "oai_dc_normalised"
FORMAT = MetadataFormat(PREFIX, DUBLIN_CORE.schema, DUBLIN_CORE.namespace)
_DC = "http://purl.org/dc/elements/1.1/"
#: Names and codes of a language, as catalogues write them (lower case) -> ISO 639-1.
_LANGUAGES = {
    code: iso
    for iso, names in {
        "az": ("az", "aze", "azerbaijani", "azərbaycan", "azərbaycan dili", "азербайджанский"),
        "ru": ("ru", "rus", "russian", "русский", "rus dili"),
        "en": ("en", "eng", "english", "английский", "ingilis"),
        "de": ("de", "ger", "deu", "german", "немецкий", "alman"),
        "fr": ("fr", "fre", "fra", "french", "французский", "fransız"),
        "fa": ("fa", "per", "fas", "persian", "farsi", "персидский", "fars"),
        "tr": ("tr", "tur", "turkish", "турецкий", "türk"),
        "ar": ("ar", "ara", "arabic", "арабский", "ərəb"),
        "ka": ("ka", "geo", "kat", "georgian", "грузинский", "gürcü"),
        "hy": ("hy", "arm", "hye", "armenian", "армянский", "erməni"),
    }.items()
    for code in names
}
#: Words a dc:type holds (lower case, any part of a URI path) -> the DCMI Type they mean.
_TYPES = {
    "text": "Text", "article": "Text", "book": "Text", "manuscript": "Text", "periodical": "Text",
    "doctoralthesis": "Text", "thesis": "Text", "image": "StillImage", "still image": "StillImage",
    "photograph": "StillImage", "picture": "StillImage", "drawing": "StillImage", "map": "StillImage",
    "physical object": "PhysicalObject", "physicalobject": "PhysicalObject", "object": "PhysicalObject",
    "sound": "Sound", "audio": "Sound", "music": "Sound", "video": "MovingImage", "moving image": "MovingImage",
    "movingimage": "MovingImage", "film": "MovingImage", "collection": "Collection", "fonds": "Collection",
    "dataset": "Dataset", "software": "Software", "event": "Event",
}


def normalise(root: etree._Element) -> bool:
    """Make `root` (an oai_dc record) what an aggregator normalises; whether anything changed."""
    changed = False
    for node in root.iter(f"{{{_DC}}}language"):
        code = _LANGUAGES.get((node.text or "").strip().lower())
        if code and code != node.text:
            node.text, changed = code, True
    for node in root.iter(f"{{{_DC}}}rights"):
        text = (node.text or "").strip()
        if text.startswith(("http://", "https://")) and not ACCEPTED_RIGHTS.match(text) and (fixed := rights_suggestion(text)):
            node.text, changed = fixed, True
    types = [(node.text or "").strip() for node in root.iter(f"{{{_DC}}}type")]
    if not DCMI_TYPES & set(types) and (dcmi := _dcmi_type(types)):
        etree.SubElement(root, f"{{{_DC}}}type").text = dcmi
        changed = True
    return changed


def _dcmi_type(types: list[str]) -> str | None:
    for text in types:
        for word in (text.lower(), text.lower().rstrip("/").rsplit("/", 1)[-1], text.lower().rsplit(":", 1)[-1]):
            if found := _TYPES.get(word):
                return found
    return None
