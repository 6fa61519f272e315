"""Numbers in the one Vietnamese format (clusters/formats.py): {% load format_tags %}{{ value|number }}.

`number` rounds to two decimals and drops trailing zeros (100 · 1.234,5 · 0); `number:1` to one. For numbers in
attributes, SVG coordinates and scripts use `{% localize off %}` (or `|unlocalize`) instead: those need Python's
decimal point whatever the language."""

from __future__ import annotations

from django import template

from clusters.formats import administrative_month, format_number

register = template.Library()


@register.filter(is_safe=True)
def number(value, places=2):
    return format_number(value, places=int(places))


@register.filter
def admin_month(value):
    """A date's month for an administrative date line: "02" for February, "3" for March (Decree 30/2020)."""
    return administrative_month(value) if value else ""
