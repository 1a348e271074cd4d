"""Commands registered on the eheritage app: serve."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from eheritage.cli.root import app, load_config
from eheritage.cli.console import stderr, stdout
from eheritage.cli.options import CatalogAt, remember_out
from eheritage.errors import ConfigError, ExitStatus
from eheritage import oai
from eheritage.web.accesslog import AccessLog

#: Keys of a [serve] config table that are flags of the command, not provider settings.
_FLAGS = frozenset({"host", "port", "base_url", "catalog", "config", "setting", "get", "help_settings", "quiet"})


def _show_settings(value: bool) -> None:
    if value:
        for key, default, text in oai.settings_help():
            stdout.print(f"[bold]{key}[/] (default {default!r}): {text}", highlight=False)
        raise typer.Exit()


@app.command()
def serve(
    ctx: typer.Context,
    out: Annotated[
        Path,
        typer.Argument(help="A publish's OUT folder (holds catalog.sqlite and iiif/).", file_okay=False, callback=remember_out),
    ],
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    base_url: Annotated[
        Optional[str],
        typer.Option(help="Public URL of the site when it differs from publish's --base-url (behind a proxy): "
                     "every document (IIIF ids, pages, RDF, OAI-PMH) is sent re-based onto it. Without it, "
                     "a publish made with the default local base URL follows the address each request names."),
    ] = None,
    catalog: CatalogAt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No access log (one Common Log Format line per request, on stderr).")] = False,
    config: Annotated[
        Optional[Path], typer.Option("--config", help="TOML file with a \\[serve] table of settings.", dir_okay=False)
    ] = None,
    setting: Annotated[
        Optional[list[str]], typer.Option("--setting", "-s", help="One setting as NAME=VALUE, e.g. page-size=200.")
    ] = None,
    get: Annotated[
        Optional[str],
        typer.Option("--get", help="Answer one request in-process, print the body and exit (0 if 2xx).", metavar="PATH"),
    ] = None,
    help_settings: Annotated[
        bool,
        typer.Option("--help-settings", callback=_show_settings, is_eager=True, help="List the settings and exit."),
    ] = False,
) -> None:
    """Serve OUT: its site at /, record URIs at /record/<id> (HTML or RDF by content negotiation;
    410 Gone once withdrawn), IIIF at /iiif/, OAI-PMH 2.0 at /oai; with CORS, ETag and
    Last-Modified (304), Cache-Control and an access log.

    Runs under waitress; any WSGI server works too (see eheritage.oai.app.from_environment).
    OUT is plain files: any static web server can serve it without these extras (README).
    """
    values: dict[str, Any] = dict(ctx.default_map or {})
    if config is not None:
        values.update(load_config(config).get("serve", {}))
    values.update(_parse_settings(setting or []))
    settings = oai.ServeConfig.from_mapping(values, source=f"serve settings ({config or 'flags'})", ignore=_FLAGS)
    wsgi = oai.make_oai_app(out, base_url=base_url, config=settings, catalog=catalog)
    if get is not None:
        raise typer.Exit(_answer_once(wsgi, get))
    _run(wsgi, host, port, quiet)


def _parse_settings(pairs: list[str]) -> dict[str, Any]:
    """NAME=VALUE pairs, VALUE read as a TOML value when it is one (numbers), else as text."""
    parsed: dict[str, Any] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise ConfigError(f"--setting {pair!r} is not NAME=VALUE", hint="e.g. --setting page-size=200")
        try:
            parsed[name.strip()] = tomllib.loads(f"v = {value}")["v"]
        except tomllib.TOMLDecodeError:
            parsed[name.strip()] = value
    return parsed


def _answer_once(wsgi: oai.OaiApp, target: str) -> int:
    """One GET answered in-process; the body goes to stdout, the exit code says whether it was 2xx."""
    status, body = wsgi.get(target)
    sys.stdout.buffer.write(body)
    sys.stdout.flush()
    return int(ExitStatus.OK) if 200 <= status < 300 else int(ExitStatus.PROBLEMS)


def _run(wsgi: oai.OaiApp, host: str, port: int, quiet: bool) -> None:
    here = f"http://{host}:{port}"
    stderr.print(f"serving {wsgi.out} at {here}/", highlight=False)
    published = wsgi.published_base
    if wsgi.public_base:
        stderr.print(f"published for {published}; every document is sent re-based onto {wsgi.public_base}", highlight=False)
    elif wsgi.rebases_per_request and published != here:
        stderr.print(f"published for {published}; documents follow the address each request names, such as {here}",
                     highlight=False)
    elif published != here:
        stderr.print(f"[yellow]note:[/] documents name {published}, not {here}: pass --base-url to serve them re-based "
                     "(behind a proxy this is as it should be)", highlight=False)
    app = wsgi if quiet else AccessLog(wsgi)
    oai.run_waitress(app, host=host, port=port, threads=wsgi.config.max_concurrent)
