"""Writes for awards: catalogue, award records, proposals and their review workflow.

Keyword-only, each in one transaction, each leaving an audit row.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from clusters.models import EmulationGroup, Person, Unit, User
from clusters.services import record_audit

from . import catalogue
from .models import (
    AwardType,
    EligibilityRule,
    Proposal,
    ProposalEvent,
    ProposalKind,
    ProposalStatus,
    RuleSet,
)


# --- Catalogue -------------------------------------------------------------------------------------
@transaction.atomic
def ensure_catalogue(*, actor: User | None = None) -> dict[str, AwardType]:
    """Create the titles, forms, rule sets and rules of the law if missing. Existing rows are left
    as the admins edited them. Returns the award types by code."""
    types = {}
    created = 0
    for code, name, target, kind, level, authority, rank, basis, bonus, certificate in catalogue.AWARD_TYPES:
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
                "effective_from": catalogue.LAW_START,
                "bonus_coefficient": bonus,
                "has_certificate": certificate,
            },
        )
        types[code] = award_type
        created += was_created
    rule_sets = {}
    for data in catalogue.RULE_SETS:
        rule_set, was_created = RuleSet.objects.get_or_create(code=data["code"], defaults=data)
        rule_sets[data["code"]] = rule_set
        created += was_created
    for order, (set_code, award_code, check, params, article, description, applies_to, unconfirmed) in enumerate(
        catalogue.RULES
    ):
        _rule, was_created = EligibilityRule.objects.get_or_create(
            rule_set=rule_sets[set_code],
            award_type=types[award_code],
            check_code=check,
            applies_to=applies_to,
            defaults={
                "params": params,
                "article": article,
                "description": description,
                "unconfirmed": unconfirmed,
                "order": order,
            },
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


# --- Proposals -------------------------------------------------------------------------------------
def _event(*, proposal: Proposal, actor, action: str, from_status: str = "", comment: str = "") -> ProposalEvent:
    return ProposalEvent.objects.create(
        proposal=proposal,
        action=action,
        from_status=from_status,
        to_status=proposal.status,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        comment=comment,
    )


def _check_nominee(*, award_type: AwardType, nominee_unit: Unit | None, nominee_person: Person | None) -> None:
    if (nominee_unit is None) == (nominee_person is None):
        raise ValidationError(_("Phải chọn đúng một đối tượng: một tập thể hoặc một cá nhân."))
    if nominee_unit is not None and not award_type.accepts_unit():
        raise ValidationError({"nominee_unit": _("%(award)s chỉ xét tặng cho cá nhân.") % {"award": award_type.name}})
    if nominee_person is not None and not award_type.accepts_person():
        raise ValidationError({"nominee_person": _("%(award)s chỉ xét tặng cho tập thể.") % {"award": award_type.name}})


@transaction.atomic
def proposal_create(
    *,
    actor: User | None,
    proposing_unit: Unit,
    award_type_code: str,
    year: int,
    kind: str = ProposalKind.ANNUAL,
    nominee_unit: Unit | None = None,
    nominee_person: Person | None = None,
    source_group: EmulationGroup | None = None,
    achievements: str = "",
    **fields,
) -> Proposal:
    """A draft proposal. Raises ValidationError (in Vietnamese) when the nominee does not fit the award
    or the nominee already has a live proposal for this award, year and kind."""
    try:
        award_type = AwardType.objects.get(code=award_type_code)
    except AwardType.DoesNotExist:
        raise ValidationError(
            {"award_type": _("Không có danh hiệu, hình thức khen thưởng mã %(code)s.") % {"code": award_type_code}}
        ) from None
    _check_nominee(award_type=award_type, nominee_unit=nominee_unit, nominee_person=nominee_person)
    proposal = Proposal(
        proposing_unit=proposing_unit,
        award_type=award_type,
        year=year,
        kind=kind,
        nominee_unit=nominee_unit,
        nominee_person=nominee_person,
        source_group=source_group,
        achievements=achievements,
        created_by=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    proposal.full_clean(exclude=["status"])
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError as error:
        raise ValidationError(_("Đối tượng này đã được đề nghị danh hiệu, hình thức này trong năm.")) from error
    _event(proposal=proposal, actor=actor, action="create")
    record_audit(
        actor=actor,
        action="proposal.create",
        target=proposal,
        unit=proposing_unit,
        summary=f"{award_type.name} {year} — {proposal.nominee_name}",
        data={"award_type": award_type.code, "year": year, "kind": kind, "status": ProposalStatus.DRAFT},
    )
    return proposal
