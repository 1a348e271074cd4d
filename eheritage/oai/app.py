"""The WSGI application: `/oai` (OAI-PMH), `/record/<id>` (negotiated), and the published site and IIIF files.

Library first: `make_oai_app` returns a plain WSGI callable, run by waitress in
`eheritage serve` and equally by any WSGI server, e.g.
`EHERITAGE_OUT=OUT gunicorn --threads 8 'eheritage.oai.app:from_environment()'`.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from html import escape
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, unquote_to_bytes, urlsplit
from wsgiref.util import setup_testing_defaults

from eheritage.catalog import Catalog, RepositoryInfo, utc_seconds
from eheritage.crosswalks import SCHEMAS
from eheritage.crosswalks.crm import PREFIX as CIDOC_CRM_PREFIX
from eheritage.errors import ConfigError
from eheritage.oai import static
from eheritage.oai.protocol import Identity, Provider
from eheritage.oai.settings import ServeConfig
from eheritage.identifiers import uri_segment
from eheritage.iiif.urls import RECORDS, normalise_base_url
from eheritage.oai.tokens import TokenCodec
from eheritage.web.http import CORS, LONG, REVALIDATE, not_modified, preflight_headers, validators
from eheritage.web.negotiate import choose
from eheritage.web.rebase import Rebase

StartResponse = Callable[..., Any]

#: Server threads beyond max-concurrent, so overload is answered at once with 503 instead of queueing.
_SPARE_THREADS = 4
#: POST bodies beyond this are not OAI-PMH requests (a token is at most 2 KiB); cap before reading.
_MAX_BODY = 1024 * 1024
_XML = "text/xml; charset=utf-8"
#: Folders of OUT served as they are, each at /<folder>/: IIIF documents and tiles, record
#: pages and documents, the site's pages, index and assets, `rdf/all.nt`, and the XML
#: Schemas the metadata formats name.
#: `dashboard` is the national catalog's (`eheritage harvest`).
_PUBLISHED_FOLDERS = frozenset({"iiif", "rdf", RECORDS, "browse", "search", "assets", SCHEMAS, "dashboard"})
#: Files at OUT's top that are served.
_PUBLISHED_FILES = frozenset({"index.html", "search.html", "favicon.ico"})
#: Documents re-based in memory up to this size; larger ones stream line by line.
_REBASE_IN_MEMORY = 4 * 1024 * 1024
_OAI_METHODS = "GET, HEAD, POST, OPTIONS"
_FILE_METHODS = "GET, HEAD, OPTIONS"
_MANIFEST_PREFIX = "/iiif/manifest/"


class OaiApp:
    """One published OUT folder on the web. Thread-safe: each thread reads its own catalog handle."""

    def __init__(self, out: Path, identity: Identity, config: ServeConfig, secret: bytes, catalog: Path | str,
                 public_base: str | None = None) -> None:
        self.out = out.resolve()
        #: Where the catalog is: OUT (its own catalog.sqlite), or a database URL.
        self.catalog = catalog
        self.config = config
        self._local = threading.local()
        self._slots = threading.BoundedSemaphore(config.max_concurrent)
        self.provider = Provider(self._catalog, identity, config, TokenCodec(secret))
        #: What publish wrote into every document, and what to send instead (None: per request, see `_rebase`).
        self.published_base = identity.repository.base_url.rstrip("/")
        self.public_base = public_base.rstrip("/") if public_base else None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not self._slots.acquire(blocking=False):
            return _overloaded(start_response, self.config.retry_after)
        try:
            body = self._route(environ, start_response)
        except BaseException:
            self._slots.release()
            raise
        return _Releasing(body, self._slots.release)

    @property
    def rebases_per_request(self) -> bool:
        """Whether documents are re-based onto each request's own address: publish used a
        local base URL (the default) and serve was given no public one."""
        return self.public_base is None and urlsplit(self.published_base).hostname in _LOOPBACK

    def get(self, target: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        """Answer one GET of `target` ('/oai?verb=Identify') in-process: (HTTP status, body)."""
        parts = urlsplit(target)
        environ: dict[str, Any] = {
            # As WSGI servers pass it: percent-decoded, its bytes as latin-1 (PEP 3333).
            "PATH_INFO": unquote_to_bytes(parts.path or "/").decode("latin-1"),
            "QUERY_STRING": parts.query,
            "wsgi.input": BytesIO(),
        }
        environ.update({"HTTP_" + name.upper().replace("-", "_"): value for name, value in (headers or {}).items()})
        setup_testing_defaults(environ)
        status: list[int] = []
        body = self(environ, lambda line, headers, exc_info=None: status.append(int(line.split()[0])))
        try:
            return status[0], b"".join(body)
        finally:
            getattr(body, "close", lambda: None)()

    def _catalog(self) -> Catalog:
        """This thread's read-only catalog handle, opened on first use."""
        catalog = getattr(self._local, "catalog", None)
        if catalog is None:
            catalog = self._local.catalog = Catalog.open(self.catalog, readonly=True)
        return catalog

    def _rebase(self, environ: dict[str, Any]) -> Rebase:
        if self.public_base:
            return Rebase(self.published_base, self.public_base)
        host = environ.get("HTTP_HOST", "")
        # The Host header goes into documents: only a plain host[:port] may (no markup, no quotes).
        if self.rebases_per_request and _HOST.fullmatch(host):
            return Rebase(self.published_base, f"{environ.get('wsgi.url_scheme', 'http')}://{host}")
        return Rebase(self.published_base, self.published_base)

    def _route(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = _request_path(environ)
        method = environ.get("REQUEST_METHOD", "GET")
        is_oai = path in ("/oai", "/oai/")
        if method == "OPTIONS":
            start_response("204 No Content", preflight_headers(environ, _OAI_METHODS if is_oai else _FILE_METHODS))
            return []
        if is_oai:
            if method not in ("GET", "HEAD", "POST"):
                return _plain(start_response, "405 Method Not Allowed", "use GET or POST", [("Allow", _OAI_METHODS)])
            return self._oai(environ, start_response, method)
        if method not in ("GET", "HEAD"):
            return _plain(start_response, "405 Method Not Allowed", "use GET", [("Allow", _FILE_METHODS)])
        if path.startswith(f"/{RECORDS}/"):
            return self._record(environ, start_response, path[len(RECORDS) + 2 :], method)
        if path == "/" and not (self.out / "index.html").is_file():
            return _send(start_response, "200 OK", "text/html; charset=utf-8", self._index().encode(), method)
        relative = path.lstrip("/") or "index.html"
        first, _, rest = relative.partition("/")
        allowed = first in _PUBLISHED_FOLDERS or (not rest and first in _PUBLISHED_FILES)
        found = static.locate(self.out, relative) if allowed else None
        if found is None and path.startswith(_MANIFEST_PREFIX) and path.endswith(".json"):
            when = self._withdrawn(path[len(_MANIFEST_PREFIX) : -len(".json")])
            if when is not None:
                return _plain(start_response, "410 Gone", f"this record was withdrawn on {when}")
        return self._answer(environ, start_response, found, method, relative)

    def _record(self, environ: dict[str, Any], start_response: StartResponse, name: str, method: str) -> Iterable[bytes]:
        """`/record/<id>`: the record itself (negotiated, 303) or one of its documents; 410 once withdrawn."""
        if "/" in name or not name:
            return _plain(start_response, "404 Not Found", "not found")
        folder = self.out / RECORDS
        stem, dot, extension = name.rpartition(".")
        is_document = dot and extension in _DOCUMENT_EXTENSIONS and not (folder / f"{name}.html").is_file()
        record_id = stem if is_document else name
        when = self._withdrawn(record_id)
        if is_document:
            found = static.locate(folder, name)
            if when is not None:
                page = found if extension == "html" else None
                return self._answer(environ, start_response, page, method, name, status="410 Gone",
                                    gone=f"this record was withdrawn on {when}")
            if extension == "rdf":
                return self._rdfxml(environ, start_response, record_id, method)
            return self._answer(environ, start_response, found, method, name)
        if when is not None:
            return self._answer(environ, start_response, static.locate(folder, f"{name}.html"), method, name,
                                status="410 Gone", gone=f"this record was withdrawn on {when}")
        if not (folder / f"{name}.html").is_file() and not (folder / f"{name}.ttl").is_file():
            return _plain(start_response, "404 Not Found", "not found")
        chosen = choose(environ.get("HTTP_ACCEPT"))
        if chosen is None:
            return _plain(start_response, "406 Not Acceptable",
                          "this record is available as text/html, text/turtle, application/ld+json and application/rdf+xml", [("Vary", "Accept")])
        location = environ.get("SCRIPT_NAME", "") + f"/{RECORDS}/{uri_segment(record_id)}.{chosen}"
        return _plain(start_response, "303 See Other", location, [("Location", location), ("Vary", "Accept")])

    def _rdfxml(self, environ: dict[str, Any], start_response: StartResponse, record_id: str, method: str) -> Iterable[bytes]:
        """`/record/<id>.rdf`: the record's RDF/XML, the CIDOC-CRM payload OAI-PMH serves (not a
        file: static hosts offer Turtle and JSON-LD)."""
        record = self._catalog().get_record(record_id, CIDOC_CRM_PREFIX)
        if record is None or record.xml is None:
            return _plain(start_response, "404 Not Found", "not found")
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n' + self._rebase(environ).text(record.xml)).encode("utf-8")
        return _send(start_response, "200 OK", "application/rdf+xml", body, method)

    def _withdrawn(self, record_id: str) -> str | None:
        """The UTC date a record was withdrawn on, or None when it is not a withdrawn record."""
        record = self._catalog().get_record(record_id, "oai_dc")
        if record is None or not record.header.deleted:
            return None
        return datetime.fromtimestamp(record.header.datestamp, timezone.utc).strftime("%Y-%m-%d")

    def _oai(self, environ: dict[str, Any], start_response: StartResponse, method: str) -> Iterable[bytes]:
        if method == "POST":
            length = _content_length(environ)
            if length > _MAX_BODY:
                return _plain(start_response, "413 Content Too Large", "an OAI-PMH request body is at most 1 MiB")
            query = environ["wsgi.input"].read(length).decode("utf-8", "replace")
        else:
            query = environ.get("QUERY_STRING", "")
        xml = self._rebase(environ).text(self.provider.respond(parse_qsl(query, keep_blank_values=True), utc_seconds()))
        return _send(start_response, "200 OK", _XML, xml.encode("utf-8"), method)

    def _answer(
        self,
        environ: dict[str, Any],
        start_response: StartResponse,
        found: static.Found | static.Redirect | None,
        method: str,
        relative: str,
        *,
        status: str = "200 OK",
        gone: str | None = None,
    ) -> Iterable[bytes]:
        """A located file (or its redirect, or 404/410) with validators, caching, CORS and re-basing."""
        if isinstance(found, static.Redirect):
            location = environ.get("SCRIPT_NAME", "") + "/" + "/".join(quote(part) for part in found.location.split("/"))
            return _plain(start_response, "303 See Other", location, [("Location", location)])
        if found is None:
            return _plain(start_response, "410 Gone" if gone else "404 Not Found", gone or "not found")
        rebase = self._rebase(environ)
        rebased = rebase.applies_to(found.path)
        etag, last_modified = validators(found.stat, rebase.public if rebased else "")
        cache = LONG if found.path.suffix in _LONG_LIVED or "/assets/" in f"/{relative}" else REVALIDATE
        headers = CORS + [("ETag", etag), ("Last-Modified", last_modified), ("Cache-Control", cache),
                          ("Content-Type", found.content_type)]
        if status.startswith("200") and not_modified(environ, etag, last_modified):
            start_response("304 Not Modified", headers[:-1])
            return []
        if rebased and found.stat.st_size <= _REBASE_IN_MEMORY:
            body = rebase.text(found.path.read_text(encoding="utf-8", errors="surrogateescape")).encode("utf-8", "surrogateescape")
            start_response(status, headers + [("Content-Length", str(len(body)))])
            return [] if method == "HEAD" else [body]
        if rebased:
            start_response(status, headers)
            return [] if method == "HEAD" else rebase.lines(found.path)
        start_response(status, headers + [("Content-Length", str(found.stat.st_size))])
        return [] if method == "HEAD" else static.read_chunks(found.path)

    def _index(self) -> str:
        """The page at / when OUT was published without its site (`publish --no-site`)."""
        name = escape(self.provider.identity.name)
        top = self.out / "iiif" / "collection" / "top.json"
        collection = '<li><a href="iiif/collection/top.json">IIIF collection</a></li>' if top.is_file() else ""
        return (
            f"<!doctype html><html><head><meta charset='utf-8'><title>{name}</title></head><body>"
            f"<h1>{name}</h1><ul><li><a href='oai?verb=Identify'>OAI-PMH endpoint</a> "
            f"(baseURL {escape(self.provider.identity.base_url)})</li>"
            f"<li><a href='oai?verb=ListSets'>Sets</a></li>{collection}</ul></body></html>"
        )


_HOST = re.compile(r"[A-Za-z0-9.-]+(?::\d{1,5})?|\[[0-9A-Fa-f:.]+\](?::\d{1,5})?")
#: Hosts whose base URL is a local default, not a public name: documents follow the request instead.
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
#: Extensions of a record's documents beside its URI.
_DOCUMENT_EXTENSIONS = frozenset({"html", "ttl", "jsonld", "rdf"})
#: Files that keep their URL while unchanged for long: tiles, images, icons.
_LONG_LIVED = frozenset({".jpg", ".jpeg", ".png", ".webp", ".ico", ".js", ".css"})


def _request_path(environ: dict[str, Any]) -> str:
    """PATH_INFO as text: servers pass the decoded bytes as latin-1 (PEP 3333); URLs are UTF-8."""
    raw = environ.get("PATH_INFO") or "/"
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


def make_oai_app(out: Path, *, base_url: str | None = None, config: ServeConfig | None = None,
                 catalog: Path | str | None = None) -> OaiApp:
    """The WSGI app serving a published OUT folder (and its catalog, or the one `catalog` names: a
    `postgresql://` URL).

    `base_url` is the public URL of the site (the OAI baseURL is `<base_url>/oai`), for
    when a proxy's public name differs from the one publish recorded: every document is
    sent re-based onto it. Without it, a publish made with a local base URL (the default)
    is re-based onto the address each request names.
    """
    config = config or ServeConfig()
    target = catalog if catalog is not None else out
    with Catalog.open(target, readonly=True) as opened:
        identity = _identity(opened, base_url, config)
    if config.secret:
        secret = config.secret.encode("utf-8")
    else:
        with Catalog.open(target) as opened:
            secret = opened.token_secret()
    return OaiApp(out, identity, config, secret, target, public_base=normalise_base_url(base_url) if base_url else None)


def run_waitress(app: Callable[..., Iterable[bytes]], *, host: str, port: int, threads: int) -> None:
    """Serve `app` (an OaiApp, maybe wrapped in middleware) with waitress until interrupted.

    `threads` is the app's max-concurrent: a few spare threads answer overload with 503 at once.
    """
    import waitress  # here, so building the app (tests, --get, other servers) does not need it

    waitress.serve(app, host=host, port=port, threads=threads + _SPARE_THREADS, ident="eheritage")


def from_environment() -> OaiApp:
    """The app for WSGI servers started by name (several workers may share one database):
    OUT from $EHERITAGE_OUT, base URL from $EHERITAGE_BASE_URL, the catalog from
    $EHERITAGE_CATALOG (a postgresql:// URL) when it is not OUT's own."""
    out = os.environ.get("EHERITAGE_OUT")
    if not out:
        raise ConfigError("EHERITAGE_OUT is not set", hint="set it to the publish's OUT folder")
    return make_oai_app(Path(out), base_url=os.environ.get("EHERITAGE_BASE_URL"), catalog=os.environ.get("EHERITAGE_CATALOG"))


def _identity(catalog: Catalog, base_url: str | None, config: ServeConfig) -> Identity:
    """Identify's values: serve flags and config first, then what publish recorded."""
    recorded = catalog.repository()
    if recorded is None and base_url is None:
        raise ConfigError(
            f"the catalog {catalog.name} records no base URL",
            hint="publish with --base-url, or pass --base-url to serve",
        )
    repository = recorded or RepositoryInfo(name="", base_url=base_url or "")
    admin_email = config.admin_email or repository.admin_email
    if not admin_email:
        raise ConfigError(
            "no admin e-mail for Identify",
            hint="set admin-email in the [serve] table of the config file (OAI-PMH requires one)",
        )
    return Identity(
        repository=repository,
        name=config.repository_name or repository.name or "eheritage repository",
        base_url=repository.oai_base_url,
        admin_email=admin_email,
    )


class _Releasing:
    """A response body that frees its concurrency slot when the server closes it (WSGI `close`)."""

    def __init__(self, body: Iterable[bytes], release: Callable[[], None]) -> None:
        self._body = body
        self._release: Callable[[], None] | None = release

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._body)

    def close(self) -> None:
        close = getattr(self._body, "close", None)
        try:
            if close:
                close()
        finally:
            if self._release:
                self._release()
                self._release = None


def _content_length(environ: dict[str, Any]) -> int:
    """The declared body length; a malformed one reads as empty (and so as a bad verb)."""
    try:
        return max(0, int(environ.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def _send(start_response: StartResponse, status: str, content_type: str, body: bytes, method: str) -> list[bytes]:
    start_response(status, CORS + [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [] if method == "HEAD" else [body]


def _plain(start_response: StartResponse, status: str, text: str, headers: list[tuple[str, str]] | None = None) -> list[bytes]:
    body = (text + "\n").encode("utf-8")
    start_response(
        status, CORS + (headers or []) + [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]


def _overloaded(start_response: StartResponse, retry_after: int) -> list[bytes]:
    return _plain(
        start_response, "503 Service Unavailable", "busy: retry later", [("Retry-After", str(retry_after))]
    )
