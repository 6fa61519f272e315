"""Reads of the catalogue: which rule set is in force."""

from __future__ import annotations

import datetime

from django.db.models import Q

from ..models import RuleSet


def rule_set_on(day: datetime.date) -> RuleSet | None:
    return (
        RuleSet.objects.filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
        .first()
    )
