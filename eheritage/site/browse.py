"""The pages that span records: the home page, a page per institution and per collection,
the search page and its index, the IIIF folder's index, and the site's own files.

Written once a run, after every catalogue, from the card files every catalogue keeps
(`cards.py`), so they list what all of OUT holds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eheritage.atomic import write_bytes_if_changed, write_if_changed
from eheritage.identifiers import uri_segment
from eheritage.iiif.urls import normalise_base_url
from eheritage.site.cards import Card, CatalogueInfo, card_files, read_cards, read_header
from eheritage.site.icon import favicon
from eheritage.site.pages import render
from eheritage.site.search import write_index

#: Records listed on one browse page.
PAGE_SIZE = 100


@dataclass
class _Institution:
    """An institution and its records across its catalogues in OUT."""

    code: str
    name: dict[str, str]
    catalogues: list[tuple[CatalogueInfo, Path]] = field(default_factory=list)

    @property
    def href(self) -> str:
        return f"browse/{uri_segment(self.code)}.html"

    @property
    def title(self) -> str:
        """Its name in English, or in the first language it has (for <title> and schema.org)."""
        return self.name.get("en") or next(iter(self.name.values()))

    def cards(self) -> Iterator[Card]:
        for _, path in self.catalogues:
            yield from read_cards(path)


def write_site(out: Path, site_name: str, base_url: str) -> int:
    """Every page that spans records, for all of OUT; returns how many records the site lists."""
    institutions = _institutions(out)
    written: set[Path] = set()
    summaries = [_write_institution(out, institution, site_name, written) for institution in institutions]
    _remove_unwritten(out / "browse", written)
    total = sum(summary["records"] for summary in summaries)
    base = normalise_base_url(base_url)
    write_if_changed(out / "index.html", render(
        "home.html", root="", site_name=site_name, institutions=summaries, total=total, url=f"{base}/",
        schema_org={"@context": "https://schema.org", "@type": "DataCatalog", "name": site_name, "url": f"{base}/",
                    "provider": [{"@type": "Organization", "name": i.title} for i in institutions]},
    ))
    write_if_changed(out / "search.html", render("search.html", root="", site_name=site_name))
    write_index(out / "search", _search_entries(institutions), {i.code: i.name for i in institutions})
    write_if_changed(out / "iiif" / "index.html", render("iiif.html", root="../", site_name=site_name,
                                                          collections=_iiif_collections(out)))
    write_shared_files(out)
    return total


def _institutions(out: Path) -> list[_Institution]:
    by_code: dict[str, _Institution] = {}
    for path in card_files(out):
        info = read_header(path)
        institution = by_code.setdefault(info.institution_code, _Institution(info.institution_code, info.institution_name))
        institution.catalogues.append((info, path))
    return list(by_code.values())


def _write_institution(out: Path, institution: _Institution, site_name: str, written: set[Path]) -> dict[str, Any]:
    """The institution's pages and its collections' pages (added to `written`); what the home page says of it.

    Two passes over its cards: one counts them (each page says how many pages there are),
    one writes the pages, holding only those being filled.
    """
    total = 0
    sizes: dict[str, int] = {}
    for card in institution.cards():
        total += 1
        if card.collection:
            sizes[card.collection] = sizes.get(card.collection, 0) + 1
    first = institution.catalogues[0][0]
    links = [dict(first.collection_link(name), records=count) for name, count in sorted(sizes.items())]
    parent = {"href": institution.href, "name": institution.name}
    everything = _Pages(out, institution.href, total, site_name=site_name, root="../", parent=None,
                        heading_names=institution.name, heading_text=institution.title, collections=links)
    by_collection = {
        str(link["name"]): _Pages(out, str(link["href"]), int(link["records"]), site_name=site_name, root="../../",
                                  parent=parent, heading_names=None, heading_text=link["name"], collections=[])
        for link in links
    }
    for card in institution.cards():
        everything.add(card)
        if card.collection:
            by_collection[card.collection].add(card)
    for pages in [everything, *by_collection.values()]:
        written.update(pages.finish())
    return {"href": institution.href, "name": institution.name, "records": total, "collections": links}


class _Pages:
    """One list's browse pages, `href` and beyond PAGE_SIZE records `<href stem>.page-N.html`,
    written as its `records` cards come."""

    def __init__(self, out: Path, href: str, records: int, **context: Any) -> None:
        stem = href.removesuffix(".html")
        self.hrefs = [href] + [f"{stem}.page-{n}.html" for n in range(2, -(-records // PAGE_SIZE) + 1)]
        self.out, self.records, self.context = out, records, context
        self.cards: list[Card] = []
        self.written = 0

    def add(self, card: Card) -> None:
        self.cards.append(card)
        if len(self.cards) == PAGE_SIZE:
            self._write()

    def finish(self) -> list[Path]:
        """Write the last page (the only one, empty, for a list of none); return every page's file."""
        if self.cards or not self.written:
            self._write()
        return [self.out / href for href in self.hrefs]

    def _write(self) -> None:
        self.written += 1
        write_if_changed(self.out / self.hrefs[self.written - 1], render(
            "browse.html", cards=self.cards, records=self.records, paging=pager(self.hrefs, self.written), **self.context))
        self.cards = []


#: How many pages either side of its own a browse page links to, besides the first and last.
NEAR_PAGES = 3


def pager(hrefs: Sequence[str], number: int) -> dict[str, Any]:
    """What page `number` of a list links to: the previous and next pages, the first and the
    last, and those near it, `None` standing for each run of pages left out.

    Linking every page made each page of a national list (10,000 pages) 180 KB of links,
    and writing the list cost the square of its length; so only the pages linked are named."""
    count = len(hrefs)

    def name(page: int) -> str:
        return hrefs[page - 1].rsplit("/", 1)[-1]

    links: list[tuple[int, str] | None] = []
    before = 0
    for page in sorted({1, count, *range(max(1, number - NEAR_PAGES), min(count, number + NEAR_PAGES) + 1)}):
        if before and page > before + 1:
            links.append(None)
        links.append((page, name(page)))
        before = page
    return {"count": count, "number": number, "links": links,
            "previous": name(number - 1) if number > 1 else None, "next": name(number + 1) if number < count else None}


def _remove_unwritten(folder: Path, written: set[Path]) -> None:
    """Browse pages this run did not write: collections emptied, pages beyond a shrunk list."""
    for page in folder.rglob("*.html"):
        if page not in written:
            page.unlink()


def _search_entries(institutions: Sequence[_Institution]) -> Iterator[tuple[list[Any], list[str]]]:
    for institution in institutions:
        for card in institution.cards():
            result = [f"record/{uri_segment(card.id)}.html", card.titles, institution.code, card.thumbnail]
            yield result, card.words.split()


def _iiif_collections(out: Path) -> list[dict[str, str]]:
    """The IIIF collections on disk, `top` first, with their English (or first) label."""
    found = []
    for path in sorted((out / "iiif" / "collection").glob("*.json"), key=lambda p: (p.stem != "top", p.stem)):
        document = json.loads(path.read_text(encoding="utf-8"))
        label = document.get("label", {})
        text = (label.get("en") or next(iter(label.values()), [path.stem]))[0]
        found.append({"name": path.stem, "label": text, "url": document["id"]})
    return found


_ASSETS = Path(__file__).parent / "assets"


def write_shared_files(out: Path) -> None:
    """What every page links to, at OUT's top: the favicon, and the styles, scripts and
    vendored viewer in `assets/` (copied when they differ)."""
    write_bytes_if_changed(out / "favicon.ico", favicon())
    target = out / "assets"
    for path in sorted(_ASSETS.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            write_bytes_if_changed(target / path.relative_to(_ASSETS), path.read_bytes())
