"""The HTML validation report: one table grouped by row, readable without knowing RDF."""

from __future__ import annotations

from html import escape
from itertools import groupby
from pathlib import Path

from eheritage.atomic import write_text
from eheritage.metadata.validation import ValidationReport

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccc;padding:.4rem .6rem;text-align:left;vertical-align:top}
th{background:#f3f3f3} tr.row th{background:#e8eef7}
.error{color:#a40000;font-weight:bold} .warning{color:#8a5a00;font-weight:bold}
"""


def render_html(report: ValidationReport) -> str:
    """The report as a standalone HTML page; every catalogue value is escaped."""
    summary = (
        f"{report.rows} rows checked: {report.errors} errors, {report.warnings} warnings."
        if report.problems
        else f"{report.rows} rows checked: no problems found."
    )
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        f"<title>Validation report: {escape(report.catalogue.name)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>Validation report: {escape(report.catalogue.name)}</h1>",
        f"<p>Profile: {escape(report.profile)}. {escape(summary)} Row numbers are as in the spreadsheet "
        "(the header is row 1). Errors must be fixed before publishing; warnings are worth a look.</p>",
    ]
    if report.problems:
        parts.append("<table><thead><tr><th>Column</th><th>Severity</th><th>What to fix</th></tr></thead><tbody>")
        for row, problems in groupby(report.problems, key=lambda p: p.row):
            parts.append(f'<tr class="row"><th colspan="3">Row {row}</th></tr>')
            for p in problems:
                parts.append(
                    f"<tr><td>{escape(p.column or '')}</td><td class=\"{escape(p.severity)}\">{escape(p.severity)}</td>"
                    f"<td>{escape(p.message)}</td></tr>"
                )
        parts.append("</tbody></table>")
    parts += _tiers_section(report)
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_html_report(report: ValidationReport, path: Path) -> None:
    """Write the HTML report to `path`."""
    write_text(path, render_html(report))


def _tiers_section(report: ValidationReport) -> list[str]:
    """Each record's Europeana tiers, and what would raise them."""
    if not report.tiers:
        return []
    parts = [
        "<h2>Europeana tiers</h2>",
        "<p>The tiers Europeana's Publishing Framework will give each record once published: content 0 to 4 "
        "(the images and their licence), metadata 0, A, B or C (languages, vocabulary links, dates, places).</p>",
        "<table><thead><tr><th>Row</th><th>Record</th><th>Content</th><th>Metadata</th><th>To reach the next tier</th></tr>"
        "</thead><tbody>",
    ]
    for item in report.tiers:
        advice = [text for text in (item.tiers.content_next, item.tiers.metadata_next) if text]
        parts.append(
            f"<tr><td>{item.row}</td><td>{escape(item.id)}</td><td>{item.tiers.content}</td><td>{item.tiers.metadata}</td>"
            f"<td>{'<br>'.join(escape(text) for text in advice) or 'top tier'}</td></tr>"
        )
    parts.append("</tbody></table>")
    return parts
