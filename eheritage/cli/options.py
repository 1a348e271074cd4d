"""Flags shared by several commands, declared once."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from eheritage.images.service import TileSettings

#: Where `ctx.meta` keeps the command's OUT folder, so an unexpected error's log goes there.
OUT_KEY = "eheritage.out"


def remember_out(ctx: typer.Context, value: Path | None) -> Path | None:
    """Option callback: note the OUT folder of the running command (ctx.meta is shared down the chain)."""
    if value is not None:
        ctx.meta[OUT_KEY] = value
    return value


ProfileOption = Annotated[
    str, typer.Option("--profile", "-p", help="Built-in profile name (museum, library, archive) or path to a .toml profile.")
]
BaseUrl = Annotated[
    str,
    typer.Option(
        help="Public URL OUT is served at; IIIF ids are <base-url>/iiif/... The default is `eheritage serve`'s address."
    ),
]
TileSize = Annotated[int, typer.Option(help="Tile width and height in pixels.")]
Quality = Annotated[int, typer.Option(help="JPEG/WebP quality, 1-100.")]
TileFormat = Annotated[str, typer.Option("--format", help="Tile format: jpg or webp.")]
Workers = Annotated[
    Optional[int], typer.Option(help="Images tiled at once. Default: one per CPU core.", show_default=False)
]
RowHelpers = Annotated[
    Optional[int],
    typer.Option("--workers", help="Processes working on the rows. Default: one per CPU core on a large catalogue "
                                   "(describe: from 10,000 rows, validate: its row checks from 20,000, its Europeana "
                                   "tier preview from 5,000), where they pay; 1 does "
                                   "everything in this process.", show_default=False),
]
PublishWorkers = Annotated[
    Optional[int],
    typer.Option("--workers", help="Images tiled at once, and processes writing the records (from 1,000 rows). "
                                   "Default: one per CPU core; 1 does everything in this process.", show_default=False),
]
CatalogAt = Annotated[
    Optional[str],
    typer.Option("--catalog", help="Keep the OAI-PMH catalog in PostgreSQL (postgresql://USER@HOST:PORT/DATABASE) "
                                   "instead of OUT's catalog.sqlite; several OUTs may share one. Needs eheritage[postgresql].",
                 show_default=False),
]
Cluster = Annotated[
    Optional[str],
    typer.Option(help="Tile on a Dask cluster: its scheduler's address (tcp://HOST:PORT), or local / local:N to start "
                      "N workers here. Its workers must see the scans and OUT at the same paths. Needs eheritage[dask].",
                 show_default=False),
]
MaxPixels = Annotated[int, typer.Option(help="Refuse images larger than this many pixels, before decoding.")]
MaxSize = Annotated[
    int,
    typer.Option(help="Longest side of full/max and the largest size (info.json says maxWidth/maxHeight); 0 = no cap."),
]
Rights = Annotated[Optional[str], typer.Option(help="Rights URI written into every info.json.", show_default=False)]
Force = Annotated[bool, typer.Option("--force", help="Redo every image, even those the ledger shows are current.")]
Sheet = Annotated[
    Optional[str],
    typer.Option("--sheet", help="The sheet of an .xlsx workbook to read. Default: the first.", show_default=False),
]
FollowLinks = Annotated[
    bool,
    typer.Option(
        "--follow-links",
        help="Publish scans that are symbolic links to files outside the scans folder (refused by default).",
    ),
]
JsonOutput = Annotated[bool, typer.Option("--json", help="Print one JSON report on stdout instead of a summary.")]


def image_settings(
    base_url: str, tile_size: int, quality: int, tile_format: str, max_pixels: int, max_size: int, rights: str | None
) -> TileSettings:
    """The tiler's settings from the shared flags."""
    return TileSettings(
        base_url=base_url.rstrip("/"),
        tile_size=tile_size,
        quality=quality,
        format=tile_format,
        max_pixels=max_pixels,
        rights=rights,
        max_size=max_size or None,
    )

