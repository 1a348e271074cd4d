"""The e-Culture dashboard: where the programme stands, from the national catalog.

Per cluster and per source: records, how many have digital images, the rights mix (open,
restricted, closed), Europeana's tiers, languages, the last successful harvest, and what
failed. Written by every harvest to `NAT/dashboard/index.html` (with its stylesheet and
language switch, so it works offline and from the disk); `serve NAT` shows it at
/dashboard. The charts are SVG drawn here: no chart library, no CDN.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode
from xml.sax.saxutils import unescape

from lxml import etree
from markupsafe import Markup, escape

from eheritage.atomic import write_text
from eheritage.catalog import Catalog
from eheritage.crosswalks.edm import NAMESPACES
from eheritage.crosswalks.tiers import METADATA_TIERS, UNREADABLE, classify, openness
from eheritage.harvest.normalise import PREFIX as NORMALISED
from eheritage.harvest.sources import Source
from eheritage.harvest.state import read_state
from eheritage.site.browse import write_shared_files
from eheritage.site.pages import render

if TYPE_CHECKING:
    from eheritage.harvest.harvester import SourceReport

FOLDER = "dashboard"
_EDM = f"{{{NAMESPACES['edm']}}}"
_RESOURCE = f"{{{NAMESPACES['rdf']}}}resource"
#: The kinds of licence, most open first (`eheritage.crosswalks.tiers.openness`).
_OPENNESS = ("open", "restricted", "closed")
#: Refused records a source's entry names (it counts them all).
_LISTED = 100
_LANGUAGE = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?language(?:\s[^>]*)?>([^<]*)</")


@dataclass(frozen=True)
class Problem:
    """A refused record, with where to see it: served here, and at its source."""

    identifier: str
    reason: str
    national: str
    at_source: str


@dataclass
class Tally:
    """What one source (or a cluster, summed) holds."""

    name: str
    label: str
    cluster: str
    records: int = 0
    with_images: int = 0
    rights: Counter[str] = field(default_factory=Counter)
    content: Counter[int] = field(default_factory=Counter)
    metadata: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    last_harvest: str | None = None
    status: str = "ok"
    error: str | None = None
    #: Live EDM records Europeana would refuse, and the first `_LISTED` of them as Problem.
    invalid: int = 0
    invalid_records: list[Problem] = field(default_factory=list)
    #: What the last harvest could not keep, a line each.
    refused: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.records += other.records
        self.with_images += other.with_images
        self.invalid += other.invalid
        for mine, theirs in ((self.rights, other.rights), (self.content, other.content), (self.metadata, other.metadata),
                             (self.languages, other.languages)):
            mine.update(theirs)


def tally(nat: Path, sources: Sequence[Source], reports: Sequence[SourceReport], catalog_at: Path | str | None = None,
          ) -> list[Tally]:
    """Every source's tally from the national catalog (in `nat`, or at `catalog_at`), with its last harvest's report."""
    found = []
    with Catalog.open(catalog_at or nat, readonly=True) as catalog:
        prefixes = {fmt.prefix for fmt in catalog.formats()}
        repository = catalog.repository()
        for source, report in zip(sources, reports):
            state = read_state(nat, source.name)
            item = Tally(source.name, source.title, source.cluster, status=report.status, error=report.error,
                         invalid=len(state.invalid), refused=report.refused, last_harvest=state.started)
            item.invalid_records = [
                Problem(oai_id, reason, repository.oai_identifier(f"{source.name}:{oai_id}") if repository else "",
                        f"{source.url}?{urlencode({'verb': 'GetRecord', 'metadataPrefix': 'edm', 'identifier': oai_id})}")
                for oai_id, reason in list(state.invalid.items())[:_LISTED]]
            item.records = len(catalog.identifiers(f"source:{source.name}"))
            if "edm" in prefixes:
                for xml in catalog.payloads(f"source:{source.name}", "edm"):
                    _count_edm(item, xml)
            if NORMALISED in prefixes:
                for xml in catalog.payloads(f"source:{source.name}", NORMALISED):
                    item.languages.update(_languages(xml))
            found.append(item)
    return found


def _languages(oai_dc: str) -> set[str]:
    """The languages an oai_dc record names. Read without parsing: the oai_dc schema holds
    only Dublin Core elements, so any `language` element is dc:language, and a harvest's
    dashboard reads every record."""
    return {unescape(value).strip().lower() for value in _LANGUAGE.findall(oai_dc)} - {""}


def _count_edm(item: Tally, xml: str) -> None:
    try:
        root = etree.fromstring(xml.encode())
        tiers = classify(root)
    except UNREADABLE:
        return  # counted as invalid when it arrived
    item.content[tiers.content] += 1
    item.metadata[tiers.metadata] += 1
    aggregation = root.find(f"{{{NAMESPACES['ore']}}}Aggregation")  # classify found it: the record has one
    if aggregation.find(f"{_EDM}isShownBy") is not None:
        item.with_images += 1
    rights = aggregation.find(f"{_EDM}rights")
    item.rights[openness(rights.get(_RESOURCE, "") if rights is not None else "")] += 1


def clusters(items: Sequence[Tally]) -> list[Tally]:
    """The sources summed per cluster, in the order clusters first appear."""
    summed: dict[str, Tally] = {}
    for item in items:
        total = summed.setdefault(item.cluster, Tally(item.cluster, item.cluster, item.cluster))
        total.add(item)
        if item.status != "ok":
            total.status = "failed"
    return list(summed.values())


def bar(parts: Sequence[tuple[str, int, str]], *, width: int = 240, height: int = 14) -> Markup:
    """A stacked horizontal bar as inline SVG: (label, count, css class) per part."""
    total = sum(count for _, count, _ in parts)
    if not total:
        return Markup(f'<svg class="bar" width="{width}" height="{height}" role="img" aria-label="none"></svg>')
    x, rects, titles = 0.0, [], []
    for label, count, css in parts:
        if not count:
            continue
        w = width * count / total
        rects.append(f'<rect class="{escape(css)}" x="{x:.2f}" y="0" width="{w:.2f}" height="{height}">'
                     f"<title>{escape(label)}: {count}</title></rect>")
        titles.append(f"{label} {count}")
        x += w
    return Markup(f'<svg class="bar" width="{width}" height="{height}" role="img" aria-label="{escape(", ".join(titles))}">'
                  f'{"".join(rects)}</svg>')


def write_dashboard(nat: Path, name: str, sources: Sequence[Source], reports: Sequence[SourceReport], *,
                    catalog: Path | str | None = None) -> Path:
    """`NAT/dashboard/index.html`, and the favicon and assets it uses."""
    items = tally(nat, sources, reports, catalog)
    write_shared_files(nat)
    # Also NAT's front page: the header's home link leads there.
    for root, path in (("../", nat / FOLDER / "index.html"), ("", nat / "index.html")):
        # No search box: the national catalog has no search page (yet); its records are in /oai.
        write_text(path, render("dashboard.html", root=root, site_name=name, search=False, sources=items, clusters=clusters(items),
                                bar=bar, metadata_tiers=METADATA_TIERS, openness=_OPENNESS))
    return nat / FOLDER / "index.html"
