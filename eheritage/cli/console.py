"""Where output goes: data to stdout, messages and progress to stderr.

Progress bars show only on an interactive terminal and never with --json, so piped
output stays clean.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.markup import escape

from eheritage.jsonout import write_json
from eheritage.progress import Progress

if TYPE_CHECKING:
    from eheritage.crosswalks.tiers import RecordTiers

stdout = Console()
#: Messages are not wrapped: a path or a quoted cell broken across lines cannot be searched for.
stderr = Console(stderr=True, soft_wrap=True)


def note(tag: str, text: str, *, style: str = "yellow", console: Console | None = None) -> None:
    """One line such as `warning row 3: ...`: the tag styled, the text shown as written.

    Messages quote cells and file names, and `[vocabularies.materials]` in one must not be
    taken for markup and vanish.
    """
    (console or stderr).print(f"[{style}]{tag}[/] {escape(text)}", highlight=False)


def print_json(data: Any) -> None:
    """One JSON document on stdout, for scripts; streamed, since a national catalogue's
    report lists hundreds of thousands of records and its text whole would double the peak."""
    write_json(data, sys.stdout)
    sys.stdout.flush()


@contextmanager
def progress_bar(description: str, *, enabled: bool = True) -> Iterator[Progress | None]:
    """A rich progress bar on stderr, or None where no person is watching."""
    if not enabled or not stderr.is_terminal:
        yield None
        return
    # Imported here: scripts and pipes never see a bar, and start 15 ms sooner.
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[current]}", style="dim"),
    )
    with Progress(*columns, console=stderr, transient=False) as bar:
        task = bar.add_task(description, total=None, current="")

        def update(done: int, total: int | None, current: str) -> None:  # total None: not known yet
            bar.update(task, completed=done, total=total, current=current)

        yield update


def tier_lines(records: Sequence[RecordTiers]) -> list[str]:
    """Europeana tiers in a few lines: how many records reach each, then what most holds them back."""
    from eheritage.crosswalks.tiers import advice, summary

    if not records:
        return []
    counts = summary(records)
    content = ", ".join(f"tier {tier} ×{n}" for tier, n in reversed(counts["content"].items()) if n)  # type: ignore[union-attr]
    metadata = ", ".join(f"{tier} ×{n}" for tier, n in reversed(counts["metadata"].items()) if n)  # type: ignore[union-attr]
    share = counts["metadata_b_or_better"]
    lines = [f"content: {content}; metadata: {metadata} ({share:.0%} at B or better)"]
    lines += [f"{n} record(s): {text}" for text, n in advice(records)]
    return lines
