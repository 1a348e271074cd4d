"""Documents re-based onto the address they are served from.

Everything publish writes names absolute URLs under its `--base-url` (IIIF requires it).
When OUT is served elsewhere (`serve --port 9000` after a publish with the default base,
or `serve --base-url` behind a proxy), every text document is sent with the published base
replaced by the public one, so viewers fetch from where they are, and nothing is rewritten
on disk.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

#: Suffixes of the documents re-based (tiles and other binaries never are).
TEXT_SUFFIXES = frozenset({".json", ".html", ".ttl", ".jsonld", ".nt", ".rdf", ".xml", ".js", ".txt"})


@dataclass(frozen=True)
class Rebase:
    """Replace `published` (a base URL without trailing slash) by `public` in text bodies."""

    published: str
    public: str

    @property
    def active(self) -> bool:
        return self.published != self.public

    def applies_to(self, path: Path) -> bool:
        return self.active and path.suffix in TEXT_SUFFIXES

    def text(self, body: str) -> str:
        # Both as written and percent-encoded (the IIIF drag-and-drop link's ?manifest=).
        body = body.replace(self.published, self.public)
        return body.replace(quote(self.published, safe=""), quote(self.public, safe=""))

    def lines(self, path: Path) -> Iterator[bytes]:
        """The file re-based line by line: `all.nt` of a national catalogue is never read whole."""
        with open(path, encoding="utf-8", errors="surrogateescape", newline="") as stream:
            for line in stream:
                yield self.text(line).encode("utf-8", "surrogateescape")
