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
from array import array
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

    Results are written a chunk at a time as they come, and each word's record numbers are
    kept as 4-byte integers, not Python ints (36 bytes each): a million records' postings
    then fit in a publish's flat memory.

    Returns how many records it holds. Files no longer part of the index are removed.
    """
    by_word: dict[str, array[int]] = {}
    written = {"meta.js"}
    results: list[list[Any]] = []
    count = 0
    for number, (result, record_words) in enumerate(entries):
        results.append(result)
        if len(results) == CHUNK:
            written.add(_write_results(folder, number // CHUNK, results))
            results = []
        for word in record_words:
            numbers = by_word.get(word)
            if numbers is None:
                numbers = by_word[word] = array("I")
            numbers.append(number)
        count = number + 1
    if results:
        written.add(_write_results(folder, (count - 1) // CHUNK, results))
    words_by_key: dict[str, list[str]] = {}
    for word in by_word:
        words_by_key.setdefault(term_key(word), []).append(word)
    for key, words_of_key in words_by_key.items():
        name = f"terms-{key}.js"
        _write_script(folder / name, "terms", key, {word: by_word[word].tolist() for word in sorted(words_of_key)})
        written.add(name)
    _write_script(folder / "meta.js", "meta", 0, {"records": count, "chunk": CHUNK, "keyLength": KEY_LENGTH,
                                                    "keys": sorted(words_by_key), "institutions": institutions})
    for stale in folder.glob("*.js"):
        if stale.name not in written:
            stale.unlink()
    return count


def _write_results(folder: Path, number: int, results: list[list[Any]]) -> str:
    name = f"records-{number}.js"
    _write_script(folder / name, "records", number, results)
    return name


def _write_script(path: Path, kind: str, key: str | int, data: Any) -> None:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    write_if_changed(path, f"eheritageSearch.{kind}({json.dumps(key)},{body});\n")
