"""Writes of the catalogue: load the law's titles, award forms, rule sets and rules."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from clusters.models import User
from clusters.services.audit import record_audit

from ..catalogue import award_types, rules
from ..models import AwardType, EligibilityRule, RuleSet


@transaction.atomic
def ensure_catalogue(*, actor: User | None = None) -> dict[str, AwardType]:
    """Create the titles, forms, rule sets and rules of the law if missing. Existing rows are left
    as the admins edited them. Returns the award types by code."""
    types = {}
    created = 0
    for code, name, target, kind, level, authority, rank, basis, bonus, certificate in award_types.AWARD_TYPES:
        award_type, was_created = AwardType.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "target": target,
                "kind": kind,
                "level": level,
                "authority": authority,
                "rank": rank,
                "legal_basis": basis,
                "effective_from": award_types.LAW_START,
                "bonus_coefficient": bonus,
                "has_certificate": certificate,
                "required_documents": award_types.REQUIRED_DOCUMENTS.get(code, []),
            },
        )
        types[code] = award_type
        created += was_created
    rule_sets = {}
    for data in award_types.RULE_SETS:
        rule_set, was_created = RuleSet.objects.get_or_create(code=data["code"], defaults=data)
        rule_sets[data["code"]] = rule_set
        created += was_created
    for order, rule in enumerate(rules.RULES):
        _rule, was_created = EligibilityRule.objects.get_or_create(
            rule_set=rule_sets[rule["rule_set"]],
            award_type=types[rule["award"]],
            check_code=rule["check"],
            applies_to=rule["applies_to"],
            defaults={**{field: rule[field] for field in rules.RULE_FIELDS}, "order": order},
        )
        created += was_created
    if created:
        record_audit(
            actor=actor,
            action="awards.catalogue_loaded",
            target=next(iter(types.values())),
            summary=_("Nạp danh mục danh hiệu, hình thức khen thưởng: %(n)s bản ghi mới") % {"n": created},
        )
    return types
