"""Reads of the catalogue: which rule set is in force, and every award type's conditions in each rule set."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from ..models import AwardType, EligibilityRule, RuleSet


def rule_set_on(day: datetime.date) -> RuleSet | None:
    return (
        RuleSet.objects.filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
        .first()
    )


@dataclass
class AwardConditions:
    award_type: AwardType
    rules: list[EligibilityRule] = field(default_factory=list)

    @property
    def settled(self) -> bool:
        """At least one condition checked against the official text; otherwise its verdict is "not settled"."""
        return any(not rule.unconfirmed for rule in self.rules)


@dataclass
class RuleSetConditions:
    rule_set: RuleSet
    awards: list[AwardConditions]


def conditions_by_rule_set() -> list[RuleSetConditions]:
    """Every rule set, oldest first, with every award type of the catalogue (highest first) and its rules:
    an award type without rules is listed too, with none. Three queries."""
    types = list(AwardType.objects.order_by("-rank", "name"))
    rules: dict[tuple[int, int], list[EligibilityRule]] = {}
    for rule in EligibilityRule.objects.order_by("order", "id"):
        rules.setdefault((rule.rule_set_id, rule.award_type_id), []).append(rule)
    return [
        RuleSetConditions(
            rule_set=rule_set,
            awards=[AwardConditions(t, rules.get((rule_set.pk, t.pk), [])) for t in types],
        )
        for rule_set in RuleSet.objects.order_by("effective_from", "code")
    ]
