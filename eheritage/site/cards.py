"""What the site keeps of each published record between runs, for browse pages and search.

Each catalogue (scope) keeps its own file, `OUT/.eheritage/site/<scope>.jsonl`: a first
line describing the catalogue, then one card per record in catalogue order. Publishing one
catalogue rewrites only its own file, so the home page and the index always cover every
catalogue in OUT, whichever run published it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from functools import lru_cache
from typing import IO

from markupsafe import Markup

from eheritage.identifiers import set_part, uri_segment
from eheritage.profiles import Profile
from eheritage.site.pages import labels

#: Where the catalogues' card files live, under OUT.
CARDS = Path(".eheritage") / "site"


@dataclass(frozen=True)
class Card:
    """A record as lists and search results show it."""

    id: str
    #: Title per language tag ("" for untagged).
    titles: dict[str, str]
    collection: str | None
    #: The first scan's thumbnail, relative to OUT's top.
    thumbnail: str | None
    #: The folded words search finds the record by, space-separated (`search.words`).
    words: str


@dataclass(frozen=True)
class CatalogueInfo:
    """A published catalogue as the site names it: its institution and profile."""

    scope: str
    institution_code: str
    institution_name: dict[str, str]
    profile: str
    title: str

    @classmethod
    def of(cls, profile: Profile, scope: str) -> CatalogueInfo:
        institution = profile.institution
        return cls(scope, institution.code, dict(institution.name), profile.name, profile.title)

    def institution_link(self) -> dict[str, object]:
        """The institution's browse page, relative to OUT's top, and its name in every language."""
        return {"href": f"browse/{uri_segment(self.institution_code)}.html", "name": self.institution_name,
                "labels": _labels(tuple(self.institution_name.items()))}

    def collection_link(self, name: str) -> dict[str, object]:
        """A collection's browse page, relative to OUT's top."""
        return {"href": f"browse/{uri_segment(self.institution_code)}/{uri_segment(set_part(name))}.html", "name": name}


@lru_cache(maxsize=64)
def _labels(names: tuple[tuple[str, str], ...]) -> Markup:
    return labels(dict(names))


def write_header(stream: IO[str], info: CatalogueInfo) -> None:
    stream.write(json.dumps(asdict(info), ensure_ascii=False) + "\n")


def write_card(stream: IO[str], card: Card) -> None:
    stream.write(json.dumps(vars(card), ensure_ascii=False) + "\n")


def card_files(out: Path) -> list[Path]:
    return sorted((out / CARDS).glob("*.jsonl"))


def read_header(path: Path) -> CatalogueInfo:
    with open(path, encoding="utf-8") as stream:
        return CatalogueInfo(**json.loads(stream.readline()))


def read_cards(path: Path) -> Iterator[Card]:
    """The cards of one catalogue file, streamed, in catalogue order."""
    with open(path, encoding="utf-8") as stream:
        stream.readline()
        for line in stream:
            yield Card(**json.loads(line))
