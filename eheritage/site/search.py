"""The search index of the published site: prebuilt by `publish`, read by `assets/search.js`.

Searching must work with no server at all (OUT opened from a disk, or on any static host),
so the index is plain JavaScript files that the search page loads with `<script>` tags,
which browsers allow even from `file://`. It is split so a query loads little of it:

    search/terms-<key>.js    {folded word: [record number, ...]} for words starting with <key>
    search/records-<n>.js    the records numbered n*CHUNK .. n*CHUNK+CHUNK-1: link, titles, where

<key> is the word's first two letters (hex code points in the file name, so every script is
a valid file name anywhere). Words are folded the same way here and in search.js (`fold`):
case, diacritics and the Azerbaijani letters that keyboards lack (ə, ı) do not matter, so
`seki`, `Şəki` and `ŞƏKİ` find each other, and Cyrillic `ковер` finds `Ковёр`.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from eheritage.atomic import write_if_changed

#: Records per `records-<n>.js` file.
CHUNK = 500
#: Letters of a word that pick its terms file.
KEY_LENGTH = 2
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1)
def _folding_table() -> dict[int, str | None]:
    """Every combining mark dropped, and the letters a Latin keyboard types instead (ə -> e,
    ı -> i): one `str.translate`, which runs in C, instead of a loop over characters."""
    table: dict[int, str | None] = {
        code: None for code in range(sys.maxunicode + 1) if unicodedata.category(chr(code)).startswith("M")
    }
    table.update({ord("ı"): "i", ord("ə"): "e", ord("ß"): "ss"})
    return table


def fold(text: str) -> str:
    """`text` as the index compares it: lower case, no diacritics, ə as e and ı as i."""
    # Compatibility forms first (𝑨, ﬁ), so what they decompose to is lower-cased too.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).lower())
    return decomposed.translate(_folding_table())


def words(text: str) -> list[str]:
    """The folded words of `text`, in order."""
    return _WORD.findall(fold(text))


def term_key(word: str) -> str:
    """The name part of the terms file holding `word`."""
    return "-".join(f"{ord(c):x}" for c in word[:KEY_LENGTH])


def write_index(folder: Path, entries: Iterable[tuple[list[Any], list[str]]], institutions: dict[str, Any]) -> int:
    """Write the index of `entries` ((what a result shows, its distinct folded `words`)) into `folder`.

    `institutions` (code: names) lets results name where each record is held.

    Returns how many records it holds. Files no longer part of the index are removed.
    """
    by_word: dict[str, list[int]] = {}
    shown: list[list[Any]] = []
    for number, (result, record_words) in enumerate(entries):
        shown.append(result)
        for word in record_words:
            by_word.setdefault(word, []).append(number)
    postings: dict[str, dict[str, list[int]]] = {}
    for word, numbers in by_word.items():
        postings.setdefault(term_key(word), {})[word] = numbers
    written = {"meta.js"}
    for key, terms in postings.items():
        name = f"terms-{key}.js"
        _write_script(folder / name, "terms", key, dict(sorted(terms.items())))
        written.add(name)
    for start in range(0, len(shown), CHUNK):
        name = f"records-{start // CHUNK}.js"
        _write_script(folder / name, "records", start // CHUNK, shown[start : start + CHUNK])
        written.add(name)
    _write_script(folder / "meta.js", "meta", 0, {"records": len(shown), "chunk": CHUNK, "keyLength": KEY_LENGTH,
                                                    "keys": sorted(postings), "institutions": institutions})
    for stale in folder.glob("*.js"):
        if stale.name not in written:
            stale.unlink()
    return len(shown)


def _write_script(path: Path, kind: str, key: str | int, data: Any) -> None:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    write_if_changed(path, f"eheritageSearch.{kind}({json.dumps(key)},{body});\n")
