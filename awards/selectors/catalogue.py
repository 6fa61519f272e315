"""Reads of the catalogue: which rule set is in force."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from ..models import AwardType, RuleSet


def rule_set_on(day: datetime.date) -> RuleSet | None:
    return (
        RuleSet.objects.filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
        .first()
    )


def award_types_in_force(*, on_date=None) -> QuerySet:
    queryset = AwardType.objects.all()
    if on_date is not None:
        queryset = queryset.filter(Q(effective_from__isnull=True) | Q(effective_from__lte=on_date)).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=on_date)
        )
    return queryset.order_by("-rank", "name")
