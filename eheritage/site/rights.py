"""Names of the rights statements a record may carry, for people reading its page.

The URIs are those validation accepts (`metadata.checks.ACCEPTED_RIGHTS`); a page shows
the statement's name and links to its URI, which explains it in the visitor's language.
"""

from __future__ import annotations

import re

_STATEMENTS = {
    "InC": "In Copyright",
    "InC-EDU": "In Copyright – Educational Use Permitted",
    "InC-OW-EU": "In Copyright – EU Orphan Work",
    "NoC-OKLR": "No Copyright – Other Known Legal Restrictions",
    "NoC-NC": "No Copyright – Non-Commercial Use Only",
    "CNE": "Copyright Not Evaluated",
}
_LICENCES = {
    "by": "CC BY", "by-sa": "CC BY-SA", "by-nd": "CC BY-ND", "by-nc": "CC BY-NC", "by-nc-sa": "CC BY-NC-SA", "by-nc-nd": "CC BY-NC-ND",
}
_STATEMENT = re.compile(r"^https?://rightsstatements\.org/vocab/([^/]+)/1\.0/?$")
_LICENCE = re.compile(r"^https?://creativecommons\.org/licenses/([a-z-]+)/(\d\.\d)/(?:([a-z]{2})/)?$")


def rights_name(uri: str) -> str:
    """`http://creativecommons.org/licenses/by-sa/4.0/` -> `CC BY-SA 4.0`; an unknown URI is its own name."""
    if match := _STATEMENT.match(uri):
        return _STATEMENTS.get(match[1], uri)
    if match := _LICENCE.match(uri):
        name = _LICENCES.get(match[1])
        if name:
            return f"{name} {match[2]}" + (f" ({match[3].upper()})" if match[3] else "")
    if "creativecommons.org/publicdomain/zero/1.0" in uri:
        return "CC0 1.0 – Public Domain Dedication"
    if "creativecommons.org/publicdomain/mark/1.0" in uri:
        return "Public Domain Mark 1.0"
    return uri
