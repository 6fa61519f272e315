"""Reads of the audit trail."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ..models import AuditEvent


def audit_trail(target: Any) -> QuerySet:
    """The audit rows written for `target` (any model instance), newest first, with their actors."""
    return AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk)).select_related(
        "actor"
    )
