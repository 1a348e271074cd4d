"""Landing pages written beside the rest of a publish, on the machine's other core.

A record's page costs about as much as all its other output together (bench/site.py), and
while publish streams the catalogue through RDF, manifests and the catalog, one core sits
idle. So pages are rendered in one helper process, a chunk of records at a time
(`eheritage.chunks`), while the main process goes on; the cards come back in catalogue order.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import IO

from eheritage.atomic import streaming, write_if_changed
from eheritage.chunks import Chunks
from eheritage.iiif.published import read_published_image
from eheritage.iiif.urls import RECORDS
from eheritage.metadata.records import Record
from eheritage.site.cards import Card, CatalogueInfo, read_cards, write_card, write_header
from eheritage.site.record import record_page

#: Below this many records a catalogue's pages are rendered in-process: starting the helper
#: would cost more than it saves.
PARALLEL_FROM = 1000


@dataclass(frozen=True)
class PageContext:
    """What every page of one catalogue is written with."""

    out: Path
    base_url: str
    info: CatalogueInfo
    site_name: str
    oai_namespace: str


def write_pages(context: PageContext, records: list[tuple[Record, list[str]]]) -> list[Card]:
    """Write the landing pages of a chunk of records, each with its published image ids;
    return their cards, in order."""
    cards = []
    for record, image_ids in records:
        shown = [read_published_image(image_id, context.out, context.base_url) for image_id in image_ids]
        html, card = record_page(record, record.profile, shown, context.base_url, context.info, context.site_name,
                                 oai_namespace=context.oai_namespace)
        write_if_changed(context.out / RECORDS / f"{record.id}.html", html)
        cards.append(card)
    return cards


@dataclass(frozen=True)
class SiteTarget:
    """Where a catalogue's landing pages and cards go."""

    info: CatalogueInfo
    #: The site's name, as its pages' headers show it.
    name: str
    #: This catalogue's card file (`eheritage.site.cards`).
    cards: Path
    #: The repository identifier of OAI identifiers, for each page's link to its OAI-PMH record.
    oai_namespace: str
    #: Records held back by errors: their cards of the last run are kept.
    held_back: frozenset[str] = frozenset()


class PageWriter:
    """Takes records as publish streams them; writes their pages and, in the same order, their
    cards. The card file replaces the last run's only when the block ends without error."""

    def __init__(self, out: Path, base_url: str, site: SiteTarget, *, parallel: bool) -> None:
        context = PageContext(out, base_url, site.info, site.name, site.oai_namespace)
        self._site = site
        self._chunks: Chunks[tuple[Record, list[str]], list[Card]] = Chunks(partial(write_pages, context), int(parallel))
        self._exits = ExitStack()
        self._cards: IO[str] | None = None
        self._kept_cards: list[Card] = []

    def add(self, record: Record, image_ids: Sequence[str]) -> None:
        """Queue one record's page; write the cards of chunks already done."""
        for cards in self._chunks.add((record, list(image_ids))):
            self._write_cards(cards)

    def _write_cards(self, cards: Iterable[Card]) -> None:
        assert self._cards is not None, "PageWriter used outside its with block"
        for card in cards:
            write_card(self._cards, card)

    def _kept(self) -> list[Card]:
        """Cards of held-back records from the last run: they stay listed and findable."""
        site = self._site
        if not site.held_back or not site.cards.is_file():
            return []
        return [card for card in read_cards(site.cards) if card.id in site.held_back]

    def __enter__(self) -> PageWriter:
        self._kept_cards = self._kept()  # read before the new file is begun
        self._cards = self._exits.enter_context(streaming(self._site.cards))
        write_header(self._cards, self._site.info)
        self._exits.enter_context(self._chunks)
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if kind is None:
                for cards in self._chunks.finish():
                    self._write_cards(cards)
                self._write_cards(self._kept_cards)
        except BaseException:
            self._exits.__exit__(*sys.exc_info())
            raise
        self._exits.__exit__(kind, err, tb)
