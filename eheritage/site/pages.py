"""The site's HTML: Jinja2 templates (autoescaped) under `templates/`, one environment.

Every link between pages is relative (`root` is the way back to OUT's top from the page),
so the site works wherever OUT is put: behind `serve`, on any static host, under any path,
or opened from a disk. Absolute URLs appear only where the standards want them: schema.org,
OpenGraph and the IIIF drag-and-drop link.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from eheritage.identifiers import uri_segment
from eheritage.site.ui import LANGUAGES, TEXT


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("eheritage.site", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(languages=LANGUAGES, ui=TEXT, default_language=LANGUAGES[0])
    env.filters["segment"] = uri_segment
    # A whole URL as one query value (`?manifest=`): jinja's urlencode leaves its slashes.
    env.filters["component"] = uri_segment
    env.filters["script_json"] = script_json
    return env


def render(template: str, **context: Any) -> str:
    """One page from `templates/<template>`."""
    return environment().get_template(template).render(**context)


def script_json(data: Any) -> Markup:
    """JSON safe inside `<script>`: `<`, `>` and `&` escaped so no value can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
