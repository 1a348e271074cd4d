"""Commands registered on the eheritage app: harvest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from eheritage.cli.console import print_json, progress_bar, stderr
from eheritage.cli.options import CatalogAt, JsonOutput, remember_out
from eheritage.cli.root import app
from eheritage.progress import Progress


@app.command()
def harvest(
    sources: Annotated[
        Path, typer.Argument(help="SOURCES.toml: an \\[aggregator] table and one \\[\\[source]] table per OAI-PMH endpoint (see README).",
                             dir_okay=False, exists=True)
    ],
    out: Annotated[
        Path, typer.Option("-o", "--out", help="The national catalog's folder (created if missing).", file_okay=False,
                           callback=remember_out)
    ],
    parallel: Annotated[int, typer.Option(help="Sources harvested at once (they wait on the network).", min=1)] = 4,
    catalog: CatalogAt = None,
    json_output: JsonOutput = False,
) -> None:
    """Harvest every source's OAI-PMH records into one national catalog, which `eheritage serve OUT` re-serves.

    Each source in its own set (and its cluster's, cluster:museums); EDM where a source
    offers it, and oai_dc always. The first harvest of a source is full, later ones start
    where the last successful one began; deleted records arrive as deleted. A source that
    is down or fails is reported and never stops the others. Every run writes the e-Culture
    dashboard, OUT/dashboard/index.html (/dashboard under serve).

    --json prints {"nat", "sources": [{"name", "status" (ok/failed), "records", "new",
    "updated", "deleted", "invalid", "error", ...}]}. Exit code 0 every source harvested,
    1 some failed, 2 usage error.
    """
    from eheritage.harvest import harvest as run_harvest
    from eheritage.harvest import load_sources

    plan = load_sources(sources)
    with progress_bar("harvesting", enabled=not json_output) as update:
        report = run_harvest(plan, out, parallel=parallel, progress=_per_source(update) if update else None, catalog=catalog)
    if json_output:
        print_json(report.to_json())
    else:
        table = Table("Source", "Cluster", "Status", "Records", "New", "Updated", "Deleted", "Error")
        table.columns[7].overflow = "fold"
        for s in report.sources:
            status = "[green]ok[/]" if s.status == "ok" else "[bold red]failed[/]"
            table.add_row(escape(s.name), escape(s.cluster), status, str(s.records), str(s.new), str(s.updated),
                          str(s.deleted), escape(s.error or ""))
        stderr.print(table)
        stderr.print(f"national catalog: {escape(str(out))}; dashboard: {escape(str(out / 'dashboard' / 'index.html'))}; "
                     f"serve both with: eheritage serve {escape(str(out))}", highlight=False)
    raise typer.Exit(int(report.exit_status))


def _per_source(update: Progress) -> Callable[[str, int], None]:
    """The bar's line: records so far in all, and per source."""
    counts: dict[str, int] = {}

    def seen(source: str, records: int) -> None:
        counts[source] = records
        update(sum(counts.values()), None, ", ".join(f"{name} {n:,}" for name, n in counts.items()))

    return seen
