"""Commands registered on the eheritage app: tile."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from eheritage.cli.root import app
from eheritage.cli.console import note, print_json, progress_bar, stderr
from eheritage.cli.options import (
    BaseUrl, Cluster, FollowLinks, remember_out, Force, JsonOutput, MaxPixels, MaxSize, Quality, Rights, TileFormat, TileSize, Workers, image_settings,
)
from eheritage.errors import ExitStatus
from eheritage.images.service import DEFAULT_BASE_URL
from eheritage.pipeline.runner import runner_for
from eheritage.pipeline.tile import DEFAULT_TIMEOUT, STATUSES, TileReport, tile


@app.command("tile")
def tile_command(
    sources: Annotated[list[Path], typer.Argument(help="Image files or folders (searched recursively).", show_default=False)],
    out: Annotated[
        Path,
        typer.Option(
            "-o", "--out", help="Output folder: iiif/<id>/ per image, fixity/, .eheritage/ledger.", show_default=False,
            callback=remember_out,
        ),
    ],
    base_url: BaseUrl = DEFAULT_BASE_URL,
    tile_size: TileSize = 512,
    quality: Quality = 85,
    tile_format: TileFormat = "jpg",
    workers: Workers = None,
    cluster: Cluster = None,
    max_pixels: MaxPixels = 1_000_000_000,
    max_size: MaxSize = 4096,
    rights: Rights = None,
    timeout: Annotated[float, typer.Option(help="Seconds one image may take before its worker is stopped.")] = DEFAULT_TIMEOUT,
    force: Force = False,
    follow_links: FollowLinks = False,
    json_output: JsonOutput = False,
) -> None:
    """Turn scans into IIIF Image API 3.0 level-0 tiles, info.json and whole-image sizes.

    Each image is named by its file stem, made URL-safe; a multi-page TIFF x.tif gives one image per page, x_0001, x_0002...

    Re-running skips images whose source and settings are unchanged; --force redoes them.

    Exit code 0 all done, 1 some images failed, 2 usage error.
    """
    settings = image_settings(base_url, tile_size, quality, tile_format, max_pixels, max_size, rights)
    with runner_for(cluster, workers) as runner, progress_bar("tiling", enabled=not json_output) as progress:
        report = tile(sources, out, settings, force=force, timeout=timeout, progress=progress, runner=runner,
                      follow_links=follow_links)
    if json_output:
        print_json(report.to_json())
    else:
        _summarise(report)
    if report.count("failed"):
        raise typer.Exit(int(ExitStatus.PROBLEMS))


def _summarise(report: TileReport) -> None:
    """Failures and warnings first, one per line, then the counts."""
    for image in report.images:
        if image.status == "failed":
            note("failed", f"{image.id} ({image.source}): {image.error}", style="bold red")
        elif image.status == "unsupported":
            note("not tiled", f"{image.source}: {image.error}")
        elif image.status == "repaired":
            note("repaired", f"{image.id}: its published files were damaged on disk and were rebuilt")
        for warning in image.warnings:
            note("warning", f"{image.id}: {warning}")
    counts = ", ".join(f"{report.count(status)} {status}" for status in STATUSES if report.count(status) or status != "repaired")
    stderr.print(f"[bold]{counts}[/]", highlight=False)
