"""The published collection as a web site people can open: a landing page per record, browse
pages per institution and collection, search that needs no server, tombstones for withdrawn
records. Everything is static files under OUT; `eheritage serve` adds content negotiation,
410 Gone and HTTP caching on top (see `eheritage.oai.app`).

    record/<id>.html          landing page (record.py), beside record/<id>.ttl and .jsonld
    index.html, browse/...    home, institution and collection pages (browse.py)
    search.html, search/...   search page and its prebuilt index (search.py)
    assets/                   styles, scripts, the vendored OpenSeadragon
"""

from eheritage.site.browse import write_site
from eheritage.site.cards import CARDS, Card, CatalogueInfo
from eheritage.site.withdrawn import withdraw
from eheritage.site.writer import CardWriter, SiteTarget

__all__ = ["CARDS", "Card", "CardWriter", "CatalogueInfo", "SiteTarget", "withdraw", "write_site"]
