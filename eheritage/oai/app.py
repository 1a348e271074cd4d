"""The WSGI application: `/oai` (OAI-PMH), `/iiif/...` and `/rdf/...` (published files), `/` (index page).

Library first: `make_oai_app` returns a plain WSGI callable, run by waitress in
`eheritage serve` and equally by any WSGI server, e.g.
`EHERITAGE_OUT=OUT gunicorn --threads 8 'eheritage.oai.app:from_environment()'`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from html import escape
from io import BytesIO
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit
from wsgiref.util import setup_testing_defaults

from eheritage.catalog import Catalog, RepositoryInfo, utc_seconds
from eheritage.errors import ConfigError
from eheritage.oai import static
from eheritage.oai.protocol import Identity, Provider
from eheritage.oai.settings import ServeConfig
from eheritage.oai.tokens import TokenCodec

StartResponse = Callable[..., Any]

#: Server threads beyond max-concurrent, so overload is answered at once with 503 instead of queueing.
_SPARE_THREADS = 4
#: POST bodies beyond this are not OAI-PMH requests (a token is at most 2 KiB); cap before reading.
_MAX_BODY = 1024 * 1024
_XML = "text/xml; charset=utf-8"
#: Folders of OUT served as they are, each at /<folder>/: IIIF documents and tiles, and the
#: per-record RDF that manifests link to with seeAlso.
_PUBLISHED_FOLDERS = ("iiif", "rdf")


class OaiApp:
    """One published OUT folder on the web. Thread-safe: each thread reads its own catalog handle."""

    def __init__(self, out: Path, identity: Identity, config: ServeConfig, secret: bytes) -> None:
        self.out = out.resolve()
        self.config = config
        self._local = threading.local()
        self._slots = threading.BoundedSemaphore(config.max_concurrent)
        self.provider = Provider(self._catalog, identity, config, TokenCodec(secret))

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if not self._slots.acquire(blocking=False):
            return _overloaded(start_response, self.config.retry_after)
        try:
            body = self._route(environ, start_response)
        except BaseException:
            self._slots.release()
            raise
        return _Releasing(body, self._slots.release)

    def get(self, target: str) -> tuple[int, bytes]:
        """Answer one GET of `target` ('/oai?verb=Identify') in-process: (HTTP status, body)."""
        parts = urlsplit(target)
        environ: dict[str, Any] = {"PATH_INFO": parts.path or "/", "QUERY_STRING": parts.query, "wsgi.input": BytesIO()}
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
            catalog = self._local.catalog = Catalog.open(self.out, readonly=True)
        return catalog

    def _route(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or "/"
        method = environ.get("REQUEST_METHOD", "GET")
        if path in ("/oai", "/oai/"):
            if method not in ("GET", "HEAD", "POST"):
                return _plain(start_response, "405 Method Not Allowed", "use GET or POST", [("Allow", "GET, POST")])
            return self._oai(environ, start_response, method)
        if method not in ("GET", "HEAD"):
            return _plain(start_response, "405 Method Not Allowed", "use GET", [("Allow", "GET, HEAD")])
        for folder in _PUBLISHED_FOLDERS:
            if path.startswith(f"/{folder}/"):
                return self._file(environ, start_response, folder, path[len(folder) + 2 :], method)
        if path == "/":
            return _send(start_response, "200 OK", "text/html; charset=utf-8", self._index().encode(), method)
        return _plain(start_response, "404 Not Found", "not found")

    def _oai(self, environ: dict[str, Any], start_response: StartResponse, method: str) -> Iterable[bytes]:
        if method == "POST":
            length = _content_length(environ)
            if length > _MAX_BODY:
                return _plain(start_response, "413 Content Too Large", "an OAI-PMH request body is at most 1 MiB")
            query = environ["wsgi.input"].read(length).decode("utf-8", "replace")
        else:
            query = environ.get("QUERY_STRING", "")
        xml = self.provider.respond(parse_qsl(query, keep_blank_values=True), utc_seconds())
        return _send(start_response, "200 OK", _XML, xml.encode("utf-8"), method)

    def _file(
        self, environ: dict[str, Any], start_response: StartResponse, folder: str, relative: str, method: str
    ) -> Iterable[bytes]:
        cors = [("Access-Control-Allow-Origin", "*")]
        found = static.locate(self.out / folder, relative)
        if found is None:
            return _plain(start_response, "404 Not Found", "not found", cors)
        if isinstance(found, static.Redirect):
            location = environ.get("SCRIPT_NAME", "") + f"/{folder}/" + found.location
            return _plain(start_response, "303 See Other", location, cors + [("Location", location)])
        start_response(
            "200 OK", cors + [("Content-Type", found.content_type), ("Content-Length", str(found.size))]
        )
        return [] if method == "HEAD" else static.read_chunks(found.path)

    def _index(self) -> str:
        name = escape(self.provider.identity.name)
        top = self.out / "iiif" / "collection" / "top.json"
        collection = '<li><a href="iiif/collection/top.json">IIIF collection</a></li>' if top.is_file() else ""
        return (
            f"<!doctype html><html><head><meta charset='utf-8'><title>{name}</title></head><body>"
            f"<h1>{name}</h1><ul><li><a href='oai?verb=Identify'>OAI-PMH endpoint</a> "
            f"(baseURL {escape(self.provider.identity.base_url)})</li>"
            f"<li><a href='oai?verb=ListSets'>Sets</a></li>{collection}</ul></body></html>"
        )


def make_oai_app(out: Path, *, base_url: str | None = None, config: ServeConfig | None = None) -> OaiApp:
    """The WSGI app serving a published OUT folder.

    `base_url` is the public URL of the site (the OAI baseURL is `<base_url>/oai`), for
    when a proxy's public name differs from the one publish recorded.
    """
    config = config or ServeConfig()
    with Catalog.open(out, readonly=True) as catalog:
        identity = _identity(catalog, base_url, config)
    if config.secret:
        secret = config.secret.encode("utf-8")
    else:
        with Catalog.open(out) as catalog:
            secret = catalog.token_secret()
    return OaiApp(out, identity, config, secret)


def run_waitress(app: OaiApp, *, host: str, port: int) -> None:
    """Serve `app` with waitress until interrupted."""
    import waitress  # here, so building the app (tests, --get, other servers) does not need it

    waitress.serve(app, host=host, port=port, threads=app.config.max_concurrent + _SPARE_THREADS, ident="eheritage")


def from_environment() -> OaiApp:
    """The app for WSGI servers started by name: OUT from $EHERITAGE_OUT, base URL from $EHERITAGE_BASE_URL."""
    out = os.environ.get("EHERITAGE_OUT")
    if not out:
        raise ConfigError("EHERITAGE_OUT is not set", hint="set it to the publish's OUT folder")
    return make_oai_app(Path(out), base_url=os.environ.get("EHERITAGE_BASE_URL"))


def _identity(catalog: Catalog, base_url: str | None, config: ServeConfig) -> Identity:
    """Identify's values: serve flags and config first, then what publish recorded."""
    recorded = catalog.repository()
    if recorded is None and base_url is None:
        raise ConfigError(
            f"the catalog {catalog.path} records no base URL",
            hint="publish with --base-url, or pass --base-url to serve",
        )
    repository = recorded or RepositoryInfo(name="", base_url=base_url or "")
    public = replace(repository, base_url=base_url) if base_url else repository
    admin_email = config.admin_email or repository.admin_email
    if not admin_email:
        raise ConfigError(
            "no admin e-mail for Identify",
            hint="set admin-email in the [serve] table of the config file (OAI-PMH requires one)",
        )
    return Identity(
        repository=repository,
        name=config.repository_name or repository.name or "eheritage repository",
        base_url=public.oai_base_url,
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
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [] if method == "HEAD" else [body]


def _plain(start_response: StartResponse, status: str, text: str, headers: list[tuple[str, str]] | None = None) -> list[bytes]:
    body = (text + "\n").encode("utf-8")
    start_response(
        status, (headers or []) + [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    )
    return [body]


def _overloaded(start_response: StartResponse, retry_after: int) -> list[bytes]:
    return _plain(
        start_response, "503 Service Unavailable", "busy: retry later", [("Retry-After", str(retry_after))]
    )
