"""Reads of certificate blanks."""

from __future__ import annotations

from django.db.models import QuerySet

from clusters.models import User

from ..models import Blank


def blanks_for(user: User) -> QuerySet:
    blanks = Blank.objects.select_related("board")
    return blanks if user.is_system_admin else blanks.filter(board_id=user.unit_id)


def field_boxes(blank: Blank) -> list[dict]:
    """Each field's key, label and box in millimetres as plain text numbers (the calibration page's script reads
    them from data attributes, never through the locale's decimal comma)."""
    return [
        {"key": f.key, "label": f.get_key_display(), "x": f"{f.x_mm:f}", "y": f"{f.y_mm:f}", "w": f"{f.width_mm:f}"}
        for f in blank.fields.all()
    ]
