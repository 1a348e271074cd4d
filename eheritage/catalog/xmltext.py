"""Keep text that will be embedded in OAI-PMH responses within what XML 1.0 allows.

One control character in one record must not make a whole ListRecords page unparseable
for every harvester, so the writer cleans (or refuses) before anything is stored.
"""

from __future__ import annotations

import re

from lxml import etree

#: Everything outside XML 1.0's Char production (tabs, newlines and CR are allowed).
_ILLEGAL = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
#: For XML from outside: entities are never expanded (no DTD may pull a local file in), nothing is fetched.
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def strip_illegal(text: str) -> str:
    """`text` without the characters XML 1.0 forbids."""
    return _ILLEGAL.sub("", text)


def has_illegal(text: str) -> bool:
    """Whether `text` holds a character XML 1.0 forbids."""
    return _ILLEGAL.search(text) is not None


def clean_payload(xml: str) -> str:
    """The payload's root element as well-formed XML text, ready to embed in a response.

    Raises `etree.XMLSyntaxError` if it is not well-formed even after stripping illegal
    characters (a `&#1;` reference, for example). A leading XML declaration or comment is
    dropped by re-serialising the root, since it could not appear mid-document.
    """
    text = strip_illegal(xml)
    root = etree.fromstring(text.encode("utf-8"), SAFE_PARSER)
    if text.lstrip().startswith("<?") or text.lstrip().startswith("<!"):
        return etree.tostring(root, encoding="unicode")
    return text.strip()
