"""The report as PDF: the same content rendered from an HTML template by WeasyPrint, in DejaVu Serif
(installed system fonts, full Vietnamese coverage; nothing is fetched from the network)."""

from __future__ import annotations

from django.template.loader import render_to_string

from clusters import writers

from ..selectors.reports import GroupSummary, RollupSummary, place_name
from .tables import group_tables, rollup_tables
from .word import MOTTO, NATIONAL_NAME, date_line


def _render(template: str, context: dict) -> bytes:
    html = render_to_string(template, {"national_name": NATIONAL_NAME, "motto": MOTTO, **context})
    return writers.pdf(html)


def group_pdf(summary: GroupSummary) -> bytes:
    return _render(
        "emulation/reports/summary_pdf.html",
        {
            "summary": summary,
            "tables": group_tables(summary),
            "date_line": date_line(summary.place, summary.today),
            "issuer_above": summary.chair.unit.name if summary.chair else "",
            "issuer": summary.group.name,
        },
    )


def rollup_pdf(summary: RollupSummary) -> bytes:
    organizer = summary.organizer
    return _render(
        "emulation/reports/rollup_pdf.html",
        {
            "summary": summary,
            "tables": rollup_tables(summary),
            "date_line": date_line(place_name(organizer.parent) if organizer.parent_id else "", summary.today),
            "issuer_above": "",
            "issuer": organizer.name,
        },
    )
