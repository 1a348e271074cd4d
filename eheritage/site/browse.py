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
    """The institution's pages and its collections' pages (added to `written`); what the home page says of it."""
    collections: dict[str, list[Card]] = {}
    everything: list[Card] = []
    for card in institution.cards():
        everything.append(card)
        if card.collection:
            collections.setdefault(card.collection, []).append(card)
    first = institution.catalogues[0][0]
    links = [dict(first.collection_link(name), records=len(cards)) for name, cards in sorted(collections.items())]
    parent = {"href": institution.href, "name": institution.name}
    written.update(_write_paged(out, institution.href, everything, site_name, root="../", heading_names=institution.name,
                                heading_text=institution.title, collections=links))
    for link in links:
        written.update(_write_paged(out, str(link["href"]), collections[str(link["name"])], site_name, root="../../",
                                    parent=parent, heading_names=None, heading_text=link["name"], collections=[]))
    return {"href": institution.href, "name": institution.name, "records": len(everything), "collections": links}


def _write_paged(
    out: Path, href: str, cards: Sequence[Card], site_name: str, *, root: str, parent: dict | None = None, **context: Any
) -> list[Path]:
    """`href` and, beyond PAGE_SIZE records, `<href stem>.page-N.html`; returns the files."""
    stem = href.removesuffix(".html")
    hrefs = [href] + [f"{stem}.page-{n}.html" for n in range(2, -(-len(cards) // PAGE_SIZE) + 1)]
    names = [h.rsplit("/", 1)[-1] for h in hrefs]
    for number, page_href in enumerate(hrefs, start=1):
        chunk = cards[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        paging = {"count": len(hrefs), "number": number, "hrefs": names}
        write_if_changed(out / page_href, render("browse.html", root=root, site_name=site_name, cards=chunk,
                                                 records=len(cards), paging=paging, parent=parent, **context))
    return [out / page_href for page_href in hrefs]


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
