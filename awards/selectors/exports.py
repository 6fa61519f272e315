"""Reads of the large Excel exports of award records."""

from __future__ import annotations

from ..models import RecordExport


def recent_exports(*, user, limit: int = 5) -> list:
    """The user's latest large Excel exports (awards.RecordExport), newest first."""
    return list(RecordExport.objects.filter(requested_by=user).select_related("award_type")[:limit])
