"""A record's landing page, written as publish streams the catalogue, and the card file
that lists the catalogue's records in catalogue order.

Pages are written wherever publish works on its records, in helper processes for a large
catalogue (`eheritage.pipeline.record_writer`); their cards come back in catalogue order
and go into one file per catalogue (`eheritage.site.cards`), which browse pages and the
search index are built from.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO

from eheritage.atomic import streaming, write_if_changed
from eheritage.iiif.published import read_published_image
from eheritage.iiif.urls import RECORDS
from eheritage.metadata.records import Record
from eheritage.site.cards import Card, CatalogueInfo, read_cards, write_card, write_header
from eheritage.site.record import record_page


@dataclass(frozen=True)
class PageContext:
    """What every page of one catalogue is written with."""

    out: Path
    base_url: str
    info: CatalogueInfo
    site_name: str
    oai_namespace: str


def write_page(context: PageContext, record: Record, image_ids: Sequence[str]) -> Card:
    """Write the record's landing page, with its published images; return its card."""
    shown = [read_published_image(image_id, context.out, context.base_url) for image_id in image_ids]
    html, card = record_page(record, record.profile, shown, context.base_url, context.info, context.site_name,
                             oai_namespace=context.oai_namespace)
    write_if_changed(context.out / RECORDS / f"{record.id}.html", html)
    return card


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

    def pages(self, out: Path, base_url: str) -> PageContext:
        return PageContext(out, base_url, self.info, self.name, self.oai_namespace)


class CardWriter:
    """Takes the catalogue's cards in order; the card file replaces the last run's only when
    the block ends without error, followed by the last run's cards of held-back records."""

    def __init__(self, site: SiteTarget) -> None:
        self._site = site
        self._exits = ExitStack()
        self._cards: IO[str] | None = None
        self._kept_cards: list[Card] = []

    def add(self, card: Card) -> None:
        assert self._cards is not None, "CardWriter used outside its with block"
        write_card(self._cards, card)

    def _kept(self) -> list[Card]:
        """Cards of held-back records from the last run: they stay listed and findable."""
        site = self._site
        if not site.held_back or not site.cards.is_file():
            return []
        return [card for card in read_cards(site.cards) if card.id in site.held_back]

    def __enter__(self) -> CardWriter:
        self._kept_cards = self._kept()  # read before the new file is begun
        self._cards = self._exits.enter_context(streaming(self._site.cards))
        write_header(self._cards, self._site.info)
        return self

    def __exit__(self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None) -> None:
        try:
            if kind is None:
                for card in self._kept_cards:
                    self.add(card)
        except BaseException:
            self._exits.__exit__(*sys.exc_info())
            raise
        self._exits.__exit__(kind, err, tb)
