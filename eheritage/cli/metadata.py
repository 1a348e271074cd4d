"""Commands registered on the eheritage app: describe, validate, profiles."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from eheritage import metadata
from eheritage.cli.root import app
from eheritage.cli.console import note, print_json, progress_bar, stderr, stdout, tier_lines
from eheritage.cli.options import JsonOutput, ProfileOption, RowHelpers, Sheet, remember_out
from eheritage.errors import ExitStatus
from eheritage.metadata.formats import FORMATS
from eheritage.profiles import list_profiles, load_profile

if TYPE_CHECKING:
    from eheritage.metadata import ValidationReport

CatalogueArgument = Annotated[
    Path, typer.Argument(help="Catalogue spreadsheet: .csv (UTF-8; comma, semicolon or tab) or .xlsx.", dir_okay=False)
]


@app.command()
def describe(
    catalogue: CatalogueArgument,
    profile: ProfileOption,
    out: Annotated[
        Path, typer.Option("--out", "-o", help="Output folder; RDF goes to OUT/rdf/.", file_okay=False, callback=remember_out)
    ],
    fmt: Annotated[str, typer.Option("--format", "-f", help=f"RDF format: {', '.join(FORMATS)}.")] = "ttl",
    base_uri: Annotated[
        Optional[str], typer.Option("--base-uri", help="Base for record URIs. Default: the profile's institution base URI.")
    ] = None,
    dump_fmt: Annotated[
        Optional[str], typer.Option("--dump-format", help="Format of OUT/rdf/all.*; default: the same as --format.")
    ] = None,
    sheet: Sheet = None,
    workers: RowHelpers = None,
) -> None:
    """Write Dublin Core + CIDOC-CRM RDF: one file per record (OUT/rdf/<id>.<ext>) and OUT/rdf/all.<ext>.

    Rows that cannot be described (no usable identifier, one shared with another row,
    characters lost to a wrong encoding) are skipped and listed. Exit 0 all written,
    1 some rows skipped, 2 usage error.
    """
    with progress_bar("describe") as progress:
        report = metadata.describe(
            catalogue, load_profile(profile), out, fmt, base_uri, progress, dump_fmt=dump_fmt, sheet=sheet, workers=workers
        )
    for row, reason in report.skipped:
        note("skipped", f"row {row}: {reason}")
    stderr.print(f"wrote {report.records} records ({report.triples} triples) to {report.out_dir}", highlight=False)
    if report.skipped:
        raise typer.Exit(int(ExitStatus.PROBLEMS))


@app.command()
def validate(
    catalogue: CatalogueArgument,
    profile: ProfileOption,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON on stdout.")] = False,
    report_path: Annotated[
        Optional[Path], typer.Option("--report", help="Also write a curator-readable HTML report here.", dir_okay=False)
    ] = None,
    scans: Annotated[
        Optional[Path], typer.Option("--scans", help="Folder image_files are relative to. Default: the catalogue's folder.", file_okay=False)
    ] = None,
    sheet: Sheet = None,
    workers: RowHelpers = None,
) -> None:
    """Check a catalogue row by row before publishing. Exit 0 clean, 1 errors found, 2 usage error.

    --json prints {"rows", "errors", "warnings", "problems": [{"row", "column", "field", "severity", "message"}],
    "tiers": {"summary", "records": [{"id", "row", "tiers": {"content", "metadata", "next"}}]}};
    row numbers are as in the spreadsheet (header = row 1). The tiers are those Europeana's
    Publishing Framework would give each record once published, with what keeps it from the next.
    """
    from eheritage.pipeline.preview import preview_tiers

    with progress_bar("validate", enabled=not as_json) as progress:
        read = metadata.read_catalogue(catalogue, load_profile(profile), sheet=sheet)
        report = metadata.validate_catalogue(read, scans_dir=scans, progress=progress, workers=workers)
        report.tiers = preview_tiers(read, scans or catalogue.parent, progress=progress, workers=workers)
    if report_path:
        metadata.write_html_report(report, report_path)
    if as_json:
        print_json(report.to_json())
    else:
        _print_problems(report)
    if report.errors:
        raise typer.Exit(int(ExitStatus.PROBLEMS))


def _print_problems(report: ValidationReport) -> None:
    """Problems as a table on stdout, then a one-line summary."""
    if report.problems:
        table = Table("Row", "Column", "Severity", "What to fix")
        table.columns[3].overflow = "fold"
        for p in report.problems:
            colour = "red" if p.severity == "error" else "yellow"
            table.add_row(str(p.row), escape(p.column or ""), f"[{colour}]{p.severity}[/]", escape(p.message))
        stdout.print(table)
    stdout.print(f"{report.rows} rows: {report.errors} errors, {report.warnings} warnings", highlight=False)
    for line in tier_lines(report.tiers):
        note("Europeana", line, style="cyan", console=stdout)


@app.command()
def profiles(as_json: JsonOutput = False) -> None:
    """List the profiles --profile can name, and the file each comes from."""
    found = {name: (load_profile(path).title, path) for name, path in list_profiles().items()}
    if as_json:
        print_json([{"name": name, "title": title, "source": str(path)} for name, (title, path) in found.items()])
        return
    table = Table("Name", "Title", "Source")
    # A path cut short with an ellipsis cannot be opened; fold it instead.
    table.columns[2].overflow = "fold"
    for name, (title, path) in found.items():
        table.add_row(name, escape(title), escape(str(path)))
    stdout.print(table)
