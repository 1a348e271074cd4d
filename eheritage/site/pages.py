"""The site's HTML: Jinja2 templates (autoescaped) under `templates/`, one environment.

Every link between pages is relative (`root` is the way back to OUT's top from the page),
so the site works wherever OUT is put: behind `serve`, on any static host, under any path,
or opened from a disk. Absolute URLs appear only where the standards want them: schema.org,
OpenGraph and the IIIF drag-and-drop link.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from eheritage.identifiers import uri_segment
from eheritage.site.ui import LANGUAGES, TEXT

if TYPE_CHECKING:
    from eheritage.site.cards import Card


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("eheritage.site", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(languages=LANGUAGES, ui=TEXT, default_language=LANGUAGES[0], labels=labels, multi=multi,
                       site_header=site_header, card_list=card_list, T=_Phrases())
    env.filters["segment"] = uri_segment
    # A whole URL as one query value (`?manifest=`): jinja's urlencode leaves its slashes.
    env.filters["component"] = uri_segment
    env.filters["script_json"] = script_json
    return env


def render(template: str, **context: Any) -> str:
    """One page from `templates/<template>`."""
    return environment().get_template(template).render(**context)


# The three helpers below are plain functions, not template macros: a record page calls them
# dozens of times, and a Jinja macro call costs several times a Python one (measured:
# bench/site.py).


@lru_cache(maxsize=16)
def site_header(root: str, site_name: str, search: bool = True) -> Markup:
    """The header every page starts with (name, search box where there is a search page,
    language switch): the same on every page at one depth, so rendered once, not once a page."""
    return Markup(render("_header.html", root=root, site_name=site_name, search=search))


class _Phrases(dict):
    """`T.home` in a template: one of the site's phrases, looked up like a variable (cheaper than a call)."""

    def __missing__(self, key: str) -> Markup:
        value = self[key] = phrase(key)
        return value


@lru_cache(maxsize=None)
def phrase(key: str) -> Markup:
    """One of the site's own phrases, in every language, for CSS to show one (`ui.py`)."""
    return labels(TEXT[key])


def labels(names: Mapping[str, str]) -> Markup:
    """A label in every site language, falling back to English, then to any it has."""
    fallback = names.get("en") or next(iter(names.values()), "")
    # Plain f-strings around markupsafe's (C) escape: Markup.format is ten times slower.
    return Markup("".join(f'<span class="ui" lang="{lang}">{escape(names.get(lang) or fallback)}</span>' for lang in LANGUAGES))


def multi(values: Iterable[tuple[str | None, str]]) -> Markup:
    """A field's values, each with its language tag (empty: unknown), for site.js to pick from."""
    inner = "".join(f'<span lang="{escape(lang or "")}">{escape(text)}</span>' for lang, text in values)
    return Markup(f'<span class="multi">{inner}</span>')


def card_list(cards: Iterable[Card], root: str) -> Markup:
    """Records as a list of cards: thumbnail and title, linking to their pages."""
    items = []
    for card in cards:
        image = (f'<img src="{escape(root + card.thumbnail)}" alt="" loading="lazy">' if card.thumbnail
                 else '<span class="no-thumb"></span>')
        items.append(f'  <li><a href="{root}record/{uri_segment(card.id)}.html">{image}{multi(card.titles.items())}</a></li>\n')
    return Markup(f'<ol class="cards">\n{"".join(items)}</ol>')


def script_json(data: Any) -> Markup:
    """JSON safe inside `<script>`: `<`, `>` and `&` escaped so no value can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
