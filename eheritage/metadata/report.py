"""HTML reports for curators: one table grouped by row, readable without knowing RDF.

`render_html` is the validation report; its parts (the problems table, the Europeana
tiers table, the page around them) also make publish's `OUT/report.html`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from html import escape
from itertools import chain, groupby
from pathlib import Path
from typing import TYPE_CHECKING

from eheritage.atomic import streaming
from eheritage.metadata.checks import Problem
from eheritage.metadata.validation import ValidationReport

if TYPE_CHECKING:
    from eheritage.crosswalks.tiers import RecordTiers

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccc;padding:.4rem .6rem;text-align:left;vertical-align:top}
th{background:#f3f3f3} tr.row th{background:#e8eef7}
.error{color:#a40000;font-weight:bold} .warning{color:#8a5a00;font-weight:bold}
"""


def page(title: str, parts: Iterable[str]) -> str:
    """A standalone HTML page around `parts` (already escaped HTML)."""
    return "\n".join(_page(title, parts)) + "\n"


def write_page(path: Path, title: str, parts: Iterable[str]) -> None:
    """`page` written to `path` part by part: a report of a million records is never one string."""
    with streaming(path) as stream:
        stream.writelines(f"{part}\n" for part in _page(title, parts))


def _page(title: str, parts: Iterable[str]) -> Iterator[str]:
    yield "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
    yield f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
    yield f"<h1>{escape(title)}</h1>"
    yield from parts
    yield "</body></html>"


def problems_table(problems: Sequence[Problem]) -> Iterator[str]:
    """The problems, grouped by spreadsheet row, each with what to fix."""
    if not problems:
        return
    yield "<table><thead><tr><th>Column</th><th>Severity</th><th>What to fix</th></tr></thead><tbody>"
    for row, grouped in groupby(problems, key=lambda p: p.row):
        yield f'<tr class="row"><th colspan="3">Row {row}</th></tr>'
        for p in grouped:
            yield (f"<tr><td>{escape(p.column or '')}</td><td class=\"{escape(p.severity)}\">{escape(p.severity)}</td>"
                   f"<td>{escape(p.message)}</td></tr>")
    yield "</tbody></table>"


def tiers_table(tiers: Iterable[RecordTiers]) -> Iterator[str]:
    """Each record's Europeana tiers, and what would raise them (nothing when there are none)."""
    rows = iter(tiers)
    first = next(rows, None)
    if first is None:
        return
    yield "<h2>Europeana tiers</h2>"
    yield ("<p>The tiers Europeana's Publishing Framework will give each record once published: content 0 to 4 "
           "(the images and their licence), metadata 0, A, B or C (languages, vocabulary links, dates, places).</p>")
    yield ("<table><thead><tr><th>Row</th><th>Record</th><th>Content</th><th>Metadata</th><th>To reach the next tier</th></tr>"
           "</thead><tbody>")
    for item in chain([first], rows):
        advice = [text for text in (item.tiers.content_next, item.tiers.metadata_next) if text]
        yield (f"<tr><td>{item.row}</td><td>{escape(item.id)}</td><td>{item.tiers.content}</td><td>{item.tiers.metadata}</td>"
               f"<td>{'<br>'.join(escape(text) for text in advice) or 'top tier'}</td></tr>")
    yield "</tbody></table>"


def render_html(report: ValidationReport) -> str:
    """The validation report as a standalone HTML page; every catalogue value is escaped."""
    return page(*_validation_page(report))


def write_html_report(report: ValidationReport, path: Path) -> None:
    """Write the HTML report to `path`."""
    write_page(path, *_validation_page(report))


def _validation_page(report: ValidationReport) -> tuple[str, Iterator[str]]:
    """The validation report's title and parts; every catalogue value is escaped."""
    summary = (
        f"{report.rows} rows checked: {report.errors} errors, {report.warnings} warnings."
        if report.problems
        else f"{report.rows} rows checked: no problems found."
    )
    intro = (f"<p>Profile: {escape(report.profile)}. {escape(summary)} Row numbers are as in the spreadsheet "
             "(the header is row 1). Errors must be fixed before publishing; warnings are worth a look.</p>")
    return f"Validation report: {report.catalogue.name}", chain([intro], problems_table(report.problems),
                                                             tiers_table(report.tiers))
