"""A record's landing page: every field in each of its languages, its scans in a deep-zoom
viewer, its schema.org description, and links to the IIIF manifest, RDF and OAI-PMH.

Also the record's `Card`: what browse pages and the search index keep of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape

from eheritage.catalog import RepositoryInfo
from eheritage.identifiers import IdentifierProblem, record_key, uri_segment
from eheritage.iiif.published import PublishedImage
from eheritage.iiif.urls import manifest_url, normalise_base_url, record_iri, record_url
from eheritage.metadata.dates import parse_date
from eheritage.metadata.dcmi import dc_element
from eheritage.metadata.rdf import valid_lang
from eheritage.metadata.records import Record
from eheritage.profiles import Field, Profile
from eheritage.site.cards import Card, CatalogueInfo
from eheritage.site.pages import labels, multi, render
from eheritage.site.rights import rights_name
from eheritage.site.search import words
from eheritage.site.ui import LANGUAGES

#: Simple DC elements whose words the search finds a record by.
SEARCHED = frozenset({"title", "creator", "contributor", "description", "subject", "identifier"})
#: How deep record pages sit below OUT's top.
ROOT = "../"


def record_page(
    record: Record, profile: Profile, images: Sequence[PublishedImage], base_url: str, site: CatalogueInfo, site_name: str,
    *, oai_namespace: str,
) -> tuple[str, Card]:
    """The landing page's HTML, and the record's card; `oai_namespace` is the repository
    identifier of the record's OAI identifier, for the page's link to its OAI-PMH record."""
    base = normalise_base_url(base_url)
    titles = _texts(record.titles) or [(None, record.identifier)]
    title = _preferred(titles)
    pages = [_page(image, base, n, len(images), title) for n, image in enumerate(images, start=1)]
    urls = {
        "uri": record_iri(base_url, record.id),
        "html": record_url(base_url, record.id, "html"),
        "manifest": manifest_url(base_url, record.id) if images else None,
        "oai": f"{base}/oai?" + urlencode({
            "verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": RepositoryInfo("", base, namespace=oai_namespace).oai_identifier(record.id),
        }),
    }
    description = _preferred(_texts(record.descriptions))
    html = render(
        "record.html",
        root=ROOT,
        site_name=site_name,
        segment=uri_segment(record.id),
        identifier=record.identifier,
        title=title,
        titles=titles,
        description=description,
        institution=site.institution_link(),
        collection=site.collection_link(record.collection) if record.collection else None,
        pages=pages,
        viewer=[page["tiles"] for page in pages],
        fields=_fields(profile, record),
        rights={"uri": record.rights, "name": rights_name(record.rights)} if record.rights else None,
        credit=_texts(record.credit_lines),
        urls=urls,
        og_image=images[0].thumbnail.url if images else None,
        schema_org=schema_org(record, profile, images, urls),
    )
    card = Card(
        id=record.id,
        titles={lang or "": text for lang, text in titles},
        collection=record.collection,
        thumbnail=pages[0]["thumbnail"].removeprefix(ROOT) if pages else None,
        words=_search_words(record, profile, titles),
    )
    return html, card


def _search_words(record: Record, profile: Profile, titles: list[tuple[str | None, str]]) -> str:
    """The distinct folded words search finds the record by: its titles, identifier, and the
    fields of SEARCHED elements (creator, subject, description...)."""
    texts = [text for _, text in titles] + [record.id]
    texts += [v.text for f in profile.fields.values() if dc_element(f.dc) in SEARCHED for v in record.get(f.key)]
    return " ".join(dict.fromkeys(words(" ".join(texts))))


def schema_org(record: Record, profile: Profile, images: Sequence[PublishedImage], urls: dict[str, Any]) -> dict[str, Any]:
    """The record as schema.org JSON-LD, typed by the profile (VisualArtwork, Book, ArchiveComponent...)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": profile.schema_type,
        "@id": urls["uri"],
        "url": urls["html"],
        "identifier": record.identifier,
        "name": _language_values(record.titles) or record.identifier,
        "provider": {"@type": "Organization", "name": _language_values(profile.institution.name), "url": profile.institution.base_uri},
    }
    if descriptions := _language_values(record.descriptions):
        data["description"] = descriptions
    if creators := [v.text for f in profile.fields.values() if f.dc == "creator" for v in record.get(f.key)]:
        data["creator"] = creators
    if created := _date_created(record, profile):
        data["dateCreated"] = created
    if record.rights:
        data["license"] = record.rights
    if record.collection:
        data["isPartOf"] = {"@type": "Collection", "name": record.collection}
    if images:
        data["image"] = [image.body.url for image in images]
        data["thumbnailUrl"] = images[0].thumbnail.url
        data["subjectOf"] = {"@type": "MediaObject", "contentUrl": urls["manifest"],
                             "encodingFormat": "application/ld+json;profile=\"http://iiif.io/api/presentation/3/context.json\""}
    return data


def _page(published: PublishedImage, base: str, number: int, total: int, title: str) -> dict[str, Any]:
    """What the viewer and the thumbnail strip need of one scan, every URL relative to the page."""
    tiles = dict(published.info)
    # Relative: the viewer then fetches tiles from wherever the page itself came from.
    tiles["id"] = _relative(published.service_id, base)
    alt = f"{title} — {number}/{total}" if total > 1 else title
    return {
        "tiles": tiles,
        "alt": alt,
        "full": _relative(published.body.url, base),
        "thumbnail": _relative(published.thumbnail.url, base),
        "thumbnail_width": published.thumbnail.width,
        "thumbnail_height": published.thumbnail.height,
    }


@lru_cache(maxsize=8)
def _relative(url: str, base: str) -> str:
    return ROOT + url[len(base) + 1 :] if url.startswith(base + "/") else url


def _texts(values: dict[str | None, str]) -> list[tuple[str | None, str]]:
    return [(valid_lang(lang), text) for lang, text in values.items()]


def _preferred(values: list[tuple[str | None, str]]) -> str:
    """The text in the site's first language, else the first one (for <title> and OpenGraph)."""
    for lang in LANGUAGES:
        for tag, text in values:
            if tag == lang:
                return text
    return values[0][1] if values else ""


def _language_values(values: dict[str | None, str] | dict[str, str]) -> list[dict[str, str]] | str:
    tagged = [{"@value": text, "@language": lang} if valid_lang(lang) else {"@value": text} for lang, text in values.items()]
    if len(tagged) == 1 and "@language" not in tagged[0]:
        return tagged[0]["@value"]
    return tagged


def _date_created(record: Record, profile: Profile) -> str | None:
    field = next((f for f in profile.fields.values() if f.dc in ("created", "date", "issued") and record.get(f.key)), None)
    if field is None:
        return None
    text = record.get(field.key)[0].text
    parsed = parse_date(text)
    # schema.org wants an ISO 8601 date; a circa or a century keeps the catalogue's words.
    return parsed.edtf if parsed and parsed.edtf[:4].isdigit() and len(parsed.edtf) in (4, 7, 10) else text


def _shown(f: Field, record: Record) -> bool:
    return f.kind != "files" and f.role not in ("title", "rights", "credit_line") and bool(record.get(f.key))


def _fields(profile: Profile, record: Record) -> Markup:
    """The record's fields as `<dt>`/`<dd>` pairs: labels in every language, values with theirs.

    Built here rather than in the template: it is most of a page, and a template loop with
    macro calls cost more than the rest of the page together (bench/site.py).
    """
    rows = []
    for f in profile.fields.values():
        if _shown(f, record):
            rows.append(f"  <dt>{_label(f)}</dt>\n  <dd>{_values(f, record)}</dd>\n")
    return Markup("".join(rows))


#: Each field's labels, rendered once per field for every page (id -> (field, markup)).
_LABELS: dict[int, tuple[Field, Markup]] = {}


def _label(f: Field) -> Markup:
    cached = _LABELS.get(id(f))
    if cached is None or cached[0] is not f:
        cached = _LABELS[id(f)] = (f, labels(f.labels))
    return cached[1]


def _values(f: Field, record: Record) -> Markup:
    """A field's values; those that are links (URIs, references to other records) as links."""
    values = record.get(f.key)
    links = None
    if f.kind == "uri":
        links = [(v.text, v.text, None) for v in values]
    elif f.kind == "reference":
        links = [_reference(v.text, v.lang) for v in values]
        links = links if all(links) else None
    if not links:
        return multi((valid_lang(v.lang), v.text) for v in values)
    return Markup("; ".join(
        f'<a href="{escape(href)}"' + (f' lang="{escape(lang)}"' if lang else "") + f">{escape(text)}</a>"
        for href, text, lang in links
    ))


def _reference(identifier: str, lang: str | None) -> tuple[str, str, str | None] | None:
    """A link to the record another one names (an archive's parent), beside this page."""
    try:
        key = record_key(identifier)
    except IdentifierProblem:
        return None
    return f"{uri_segment(key)}.html", identifier, valid_lang(lang)
