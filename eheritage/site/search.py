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
import unicodedata
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from eheritage.atomic import streaming, write_if_changed

#: Records per `records-<n>.js` file.
CHUNK = 500
#: Letters of a word that pick its terms file.
KEY_LENGTH = 2
_WORD = re.compile(r"[^\W_]+")


class _Folding(dict):
    """What `fold` maps each character to: combining marks dropped, and the letters a Latin
    keyboard types instead (ə -> e, ı -> i); for one `str.translate`, which runs in C,
    instead of a loop over characters.

    Filled as characters are first met: listing every mark among Unicode's 1.1 million code
    points up front took 0.6-0.8 s in each process that folds (publish and its helpers).
    """

    def __missing__(self, code: int) -> str | int | None:
        value = None if unicodedata.category(chr(code)).startswith("M") else code
        self[code] = value
        return value


_FOLDING = _Folding({ord("ı"): "i", ord("ə"): "e", ord("ß"): "ss"})


def fold(text: str) -> str:
    """`text` as the index compares it: lower case, no diacritics, ə as e and ı as i."""
    # Compatibility forms first (𝑨, ﬁ), so what they decompose to is lower-cased too.
    decomposed = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).lower())
    return decomposed.translate(_FOLDING)


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
    then fit in a publish's flat memory. A word one record has (most of a national
    catalogue's: its inventory numbers) keeps that record's number alone.

    Returns how many records it holds. Files no longer part of the index are removed.
    """
    by_word: dict[str, int | array[int]] = {}
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
                by_word[word] = number
            elif numbers.__class__ is int:
                by_word[word] = array("I", (numbers, number))  # type: ignore[arg-type]
            else:
                numbers.append(number)  # type: ignore[union-attr]
        count = number + 1
    if results:
        written.add(_write_results(folder, (count - 1) // CHUNK, results))
    words_by_key: dict[str, list[str]] = {}
    for word in by_word:
        words_by_key.setdefault(term_key(word), []).append(word)
    for key, words_of_key in words_by_key.items():
        name = f"terms-{key}.js"
        _write_terms(folder / name, key, sorted(words_of_key), by_word)
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


#: Record numbers of one word turned into text at a time.
_NUMBERS_AT_ONCE = 65_536


def _write_terms(path: Path, key: str, sorted_words: list[str], by_word: dict[str, int | array[int]],
                 at_once: int = _NUMBERS_AT_ONCE) -> None:
    """`terms-<key>.js`, as `_write_script` writes it, streamed: a word that every record of
    a national catalogue has holds a million numbers, 36 MB as a list of Python ints and 7 MB
    more as JSON, and a key's file may hold several such words. Words go to JSON in groups of
    up to `at_once` numbers, a long word's numbers in slices of as many."""
    with streaming(path) as script:
        script.write(f"eheritageSearch.terms({json.dumps(key)},{{")
        group: dict[str, list[int]] = {}
        held, first = 0, True
        for word in sorted_words:
            numbers = by_word[word]
            single = numbers.__class__ is int  # the one record that has the word, kept as it is
            count = 1 if single else len(numbers)  # type: ignore[arg-type]
            if held + count > at_once and group:
                script.write(("" if first else ",") + _dumps(group)[1:-1])
                group, held, first = {}, 0, False
            if count <= at_once:
                group[word] = [numbers] if single else numbers.tolist()  # type: ignore[union-attr,list-item]
                held += count
                continue
            script.write(f"{'' if first else ','}{json.dumps(word, ensure_ascii=False)}:[")
            for start in range(0, len(numbers), at_once):
                script.write(("," if start else "") + ",".join(map(str, numbers[start:start + at_once])))
            script.write("]")
            first = False
        if group:
            script.write(("" if first else ",") + _dumps(group)[1:-1])
        script.write("});\n")


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _write_script(path: Path, kind: str, key: str | int, data: Any) -> None:
    write_if_changed(path, f"eheritageSearch.{kind}({json.dumps(key)},{_dumps(data)});\n")
