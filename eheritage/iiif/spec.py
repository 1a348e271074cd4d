"""What a manifest or collection says, in plain dataclasses: the builder's whole input.

The builder knows nothing of spreadsheets or profiles; whoever maps a catalogue record to
IIIF (the publish pipeline) fills these in. Text is always a language map, `{"az": ["..."]}`,
as IIIF Presentation 3 wants it; `"none"` is the key for text in no particular language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: BCP 47 language tag (or "none") -> the strings in that language.
LanguageMap = dict[str, list[str]]
#: One metadata pair or the required statement: (label, value).
LabelValue = tuple[LanguageMap, LanguageMap]


@dataclass(frozen=True, kw_only=True)
class Provider:
    """The institution that publishes the object, shown by viewers as "provided by"."""

    id: str
    label: LanguageMap
    homepage: str | None = None


@dataclass(frozen=True, kw_only=True)
class SeeAlso:
    """A machine-readable description of the object elsewhere, such as its RDF."""

    id: str
    type: str = "Dataset"
    format: str | None = None
    profile: str | None = None
    label: LanguageMap | None = None


@dataclass(frozen=True, kw_only=True)
class ManifestSpec:
    """One record as a manifest: its text, and its images in page order.

    `images` are image identifiers as the tiler named them; each one's tiles must already be
    at `OUT/iiif/<image id>/info.json`. A record with no images gets no manifest, because
    IIIF Presentation 3 requires at least one canvas (see `NoImagesError`).
    """

    id: str
    label: LanguageMap
    images: list[str]
    summary: LanguageMap | None = None
    metadata: list[LabelValue] = field(default_factory=list)
    required_statement: LabelValue | None = None
    rights: str | None = None
    provider: Provider | None = None
    see_also: list[SeeAlso] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class CollectionEntry:
    """One item listed by a collection: a manifest or a sub-collection, by reference."""

    id: str
    label: LanguageMap
    type: Literal["Manifest", "Collection"] = "Manifest"
    #: Thumbnail resources as they appear in the referenced document (JSON-ready dicts).
    thumbnail: list[dict] = field(default_factory=list)
