"""Commands registered on the eheritage app: publish, verify."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from eheritage.cli.root import app
from eheritage.cli.console import note, print_json, progress_bar, stderr, tier_lines
from eheritage.cli import options
from eheritage.errors import ConfigError, ExitStatus
from eheritage.images.service import DEFAULT_BASE_URL
from eheritage.pipeline.batch import Batch, BatchItem, load_batch
from eheritage.profiles import load_profile

if TYPE_CHECKING:
    from eheritage.pipeline.publish import BatchReport, PublishReport
    from eheritage.pipeline.tile import TileReport
    from eheritage.pipeline.verify import VerifyReport

#: Findings printed in the summary before pointing at OUT/report.json for the rest.
_SHOWN = 20


@app.command("publish")
def publish_command(
    scans: Annotated[
        Optional[Path],
        typer.Argument(help="Folder of scans. Leave out for a metadata-only publish.", file_okay=False, show_default=False),
    ] = None,
    catalogue: Annotated[
        Optional[Path],
        typer.Option("--catalogue", "-c", help="Catalogue spreadsheet (.csv or .xlsx).", dir_okay=False, show_default=False),
    ] = None,
    profile: Annotated[
        Optional[str],
        typer.Option("--profile", "-p", help="Built-in profile (museum, library, archive) or a .toml path.", show_default=False),
    ] = None,
    batch: Annotated[
        Optional[Path],
        typer.Option(
            help="TOML file listing several catalogues ([[catalogue]] path, profile, scans) to publish into OUT.",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Output folder, created if missing.", file_okay=False, callback=options.remember_out)
    ] = ...,  # type: ignore[assignment]
    base_url: options.BaseUrl = DEFAULT_BASE_URL,
    workers: options.PublishWorkers = None,
    cluster: options.Cluster = None,
    catalog_at: options.CatalogAt = None,
    force: options.Force = False,
    tile_size: options.TileSize = 512,
    quality: options.Quality = 85,
    tile_format: options.TileFormat = "jpg",
    max_pixels: options.MaxPixels = 1_000_000_000,
    max_size: options.MaxSize = 4096,
    site: Annotated[
        bool,
        typer.Option("--site/--no-site", help="Write the web site: a landing page per record, browse pages, search (index.html)."),
    ] = True,
    admin_email: Annotated[
        Optional[str], typer.Option(help="Contact shown by OAI-PMH Identify. Default: the batch file's [repository] admin-email, else the institution's.", show_default=False)
    ] = None,
    repository_name: Annotated[
        Optional[str], typer.Option(help="Name shown by OAI-PMH Identify. Default: the batch file's [repository] name, else the institution's.", show_default=False)
    ] = None,
    repository_identifier: Annotated[
        Optional[str], typer.Option(help="The domain in every OAI identifier (oai:DOMAIN:id), kept when the host changes. Default: the batch file's [repository] identifier, else the institution's domain.", show_default=False)
    ] = None,
    provider: Annotated[
        Optional[str], typer.Option(help="Who delivers the records to Europeana (EDM's edm:provider), e.g. the national aggregator. Default: the batch file's [repository] provider, else the repository's name.", show_default=False)
    ] = None,
    scope: Annotated[
        Optional[str],
        typer.Option(
            help="Name for the records this catalogue owns; rows that vanish from it become deleted records. "
            "Default: <institution code>/<profile>. Give each catalogue its own when several of one profile share OUT.",
            show_default=False,
        ),
    ] = None,
    sheet: options.Sheet = None,
    follow_links: options.FollowLinks = False,
    json_output: options.JsonOutput = False,
) -> None:
    """Publish scans and their catalogue: IIIF tiles, manifests and collections, RDF, the OAI-PMH catalog,
    a web site (landing pages, browse, search; open OUT/index.html), fixity.

    Give SCANS --catalogue --profile for one catalogue, or --batch FILE for several.
    Scans join records by name: <id>.<ext>, <id>_<seq>.<ext>, <id>/<seq>.<ext>, or the
    record's image_files column. Re-running redoes only what changed; an interrupted
    run resumes. OUT/report.json keeps the full report: every catalogue and the batch total. Exit code
    0 all published, 1 some records, rows or images failed, 2 usage error.
    """
    # Imported here: manifests need iiif-prezi3, which takes most of a second to load.
    from eheritage.pipeline.publish import CatalogueSource, PublishOptions, publish_batch

    plan = _catalogues(scans, catalogue, profile, batch, scope, sheet)
    repository_name = repository_name or plan.repository_name
    admin_email = admin_email or plan.admin_email
    settings = PublishOptions(
        base_url=base_url,
        tile=options.image_settings(base_url, tile_size, quality, tile_format, max_pixels, max_size, None),
        workers=workers,
        cluster=cluster,
        catalog=catalog_at,
        force=force,
        site=site,
        admin_email=admin_email,
        repository_name=repository_name,
        repository_identifier=repository_identifier or plan.repository_identifier,
        provider=provider or plan.provider,
        follow_links=follow_links,
    )
    sources = [
        CatalogueSource(item.catalogue, load_profile(item.profile), item.scans, item.scope, item.sheet) for item in plan.items
    ]
    with progress_bar("publishing", enabled=not json_output) as progress:
        result = publish_batch(sources, out, settings, progress=progress)
    if json_output:
        print_json(result.to_json() if batch else result.catalogues[0].to_json())
    else:
        for report in result.catalogues:
            _summarise(report)
        _summarise_batch(result)
    raise typer.Exit(int(result.exit_status))


def _catalogues(
    scans: Path | None, catalogue: Path | None, profile: str | None, batch: Path | None, scope: str | None,
    sheet: str | None,
) -> Batch:
    """What to publish: the one catalogue given by flags, or those of the batch file."""
    if batch is not None:
        if catalogue or profile or scans or scope or sheet:
            raise ConfigError("--batch lists its own catalogues", hint="give either --batch, or SCANS --catalogue --profile")
        return load_batch(batch)
    if catalogue is None or profile is None:
        raise ConfigError(
            "publish needs --catalogue and --profile (or --batch FILE)",
            hint="e.g. eheritage publish scans/ --catalogue catalogue.csv --profile museum -o out",
        )
    return Batch([BatchItem(catalogue, profile, scans, scope, sheet)])


def _summarise_batch(result: BatchReport) -> None:
    """The repository, warnings about the batch as a whole, and its totals when it has several catalogues."""
    for warning in result.warnings:
        note("warning", f"{warning.where}: {warning.message}")
    if result.site_records is not None:
        stderr.print(f"[bold]site:[/] {escape(str(result.out / 'index.html'))} lists {result.site_records} records: "
                     f"open it, or run eheritage serve {escape(str(result.out))}", highlight=False)
    if len(result.catalogues) < 2:
        return
    total = result.total()
    images = total["images"]
    stderr.print(
        f"[bold]batch:[/] {total['catalogues']} catalogues, {total['records']} records "
        f"({total['manifests']} with manifests), {images['done']} images tiled, {images['skipped']} unchanged, "
        f"{images['failed']} failed; {total['failures']} failures, {total['errors']} catalogue errors; "
        f"repository {escape(result.repository)!r}; {result.timings.get('total', 0):.1f} s",
        highlight=False,
    )


def _image_counts(tiles: TileReport) -> str:
    counts = [f"{tiles.count('done')} tiled", f"{tiles.count('skipped')} unchanged"]
    counts += [f"{tiles.count(status)} {status}" for status in ("repaired", "failed", "unsupported") if tiles.count(status)]
    return ", ".join(counts)


def _summarise(report: PublishReport) -> None:
    """Failures first, then catalogue problems and warnings, then the counts."""
    lines = [("failed", "bold red", f"{f.where}: {f.message}") for f in report.failures]
    lines += [
        (p.severity, "red" if p.severity == "error" else "yellow", f"row {p.row}, {p.column or p.field}: {p.message}")
        for p in report.problems
    ]
    lines += [("warning", "yellow", f"{w.where}: {w.message}") for w in report.warnings]
    for tag, style, text in lines[:_SHOWN]:
        note(tag, text, style=style)
    if len(lines) > _SHOWN:
        stderr.print(f"... and {len(lines) - _SHOWN} more in {report.out / 'report.json'}", highlight=False)
    errors = sum(p.severity == "error" for p in report.problems)
    tiles = report.tiles
    table = Table(show_header=False, box=None, padding=(0, 2))
    table.add_row("catalogue", escape(f"{report.catalogue} (profile {report.profile})"))
    table.add_row("records", f"{report.records}: {report.manifests} with manifests, {len(report.metadata_only)} metadata only")
    table.add_row("images", _image_counts(tiles))
    table.add_row("OAI-PMH catalog", ", ".join(f"{n} {what}" for what, n in vars(report.catalog).items()))
    table.add_row("problems", f"{errors} errors, {len(report.problems) - errors} warnings in the catalogue")
    table.add_row("published to", escape(f"{report.out} in {report.timings.get('total', 0):.1f} s"))
    stderr.print(table)
    for line in tier_lines(report.tiers):
        note("Europeana", line, style="cyan")


@app.command("verify")
def verify_command(
    out: Annotated[
        Path,
        typer.Argument(help="A folder written by publish or tile.", file_okay=False, exists=True, callback=options.remember_out),
    ],
    json_output: Annotated[bool, typer.Option("--json", help="Print the report as JSON on stdout.")] = False,
    catalog: options.CatalogAt = None,
) -> None:
    """Re-check every checksum in OUT/fixity: sources and published files; and the catalog.

    Reports each file that is missing or whose bytes changed, then each record OUT holds
    that the catalog (OUT/catalog.sqlite, or --catalog) no longer serves or serves in XML
    that does not parse. Exit code 0 all intact, 1 some damage found, 2 no fixity records found.
    """
    from eheritage.pipeline.verify import verify

    with progress_bar("verifying", enabled=not json_output) as progress:
        report = verify(out, catalog=catalog, progress=progress)
    if json_output:
        print_json(report.to_json())
    else:
        _summarise_verify(report)
    raise typer.Exit(int(ExitStatus.PROBLEMS if report.damaged else ExitStatus.OK))


def _summarise_verify(report: VerifyReport) -> None:
    for path in report.missing:
        note("missing", str(path), style="bold red")
    for path in report.altered:
        note("altered", f"{path}: its SHA-256 no longer matches", style="bold red")
    if report.catalog is not None:
        for identifier in report.catalog.missing:
            note("not served", f"record {identifier} is in OUT but not live in the catalog {report.catalog.name}: "
                 "publish again to restore it", style="bold red")
        for problem in report.catalog.unreadable:
            note("unreadable", f"{problem}: publish again to rewrite it", style="bold red")
        stderr.print(f"catalog {report.catalog.name}: {report.catalog.records} records checked", highlight=False)
    verdict = "[bold red]damaged[/]" if report.damaged else "[bold green]intact[/]"
    stderr.print(
        f"{verdict}: {report.checked} files checked, {len(report.missing)} missing, {len(report.altered)} altered",
        highlight=False,
    )
