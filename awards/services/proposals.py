"""Writes of proposals: draft, edit, evaluate against the rules in force, attach documents.

Keyword-only, each in one transaction, each leaving an audit row.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from clusters.concurrency import claim_version
from clusters.models import EmulationGroup, Person, Unit, User
from clusters.rules import require
from clusters.services.audit import record_audit
from clusters.uploads import DOCUMENTS

from .. import eligibility
from ..models import (
    AttachmentKind,
    AwardType,
    EligibilityRule,
    Proposal,
    ProposalAttachment,
    ProposalEvent,
    ProposalKind,
    ProposalStatus,
    RuleSet,
)
from ..selectors.catalogue import rule_set_on
from ..selectors.proposals import eligibility_facts, live_proposals, recipient_category_for
from .initiatives import link_initiatives


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


def _check_kind_details(proposal: Proposal) -> None:
    """The years of service and the nationality only on the kinds that use them (as the model's constraints, with
    the field named); that niên hạn and đối ngoại have them is asked by the proposer's forms
    (`awards.forms.proposals.check_kind_details`)."""
    if proposal.kind not in (ProposalKind.SENIORITY, ProposalKind.DEDICATION) and proposal.service_years:
        raise ValidationError(
            {"service_years": _("Số năm công tác chỉ ghi khi khen thưởng theo niên hạn hoặc cống hiến.")}
        )
    if proposal.kind != ProposalKind.FOREIGN and proposal.nationality:
        raise ValidationError({"nationality": _("Quốc tịch chỉ ghi khi khen thưởng đối ngoại.")})


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
    recipient_category: str = "",
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
    # checked against the nominee; a leader's level, which the register does not hold, is required by the forms
    # the proposer fills (`awards.forms.proposals.check_category`): a proposal made by the system keeps ""
    recipient_category = recipient_category_for(
        category=recipient_category, nominee_unit=nominee_unit, nominee_person=nominee_person, required=False
    )
    proposal = Proposal(
        proposing_unit=proposing_unit,
        award_type=award_type,
        year=year,
        kind=kind,
        nominee_unit=nominee_unit,
        nominee_person=nominee_person,
        source_group=source_group,
        achievements=achievements,
        recipient_category=recipient_category,
        created_by=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        **fields,
    )
    _check_kind_details(proposal)
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
        data={
            "award_type": award_type.code,
            "year": year,
            "kind": kind,
            "recipient_category": recipient_category,
            "status": ProposalStatus.DRAFT,
        },
    )
    return refresh_eligibility(proposal)


#: Fields of a proposal its unit may edit while it is a draft or returned.
EDITABLE_FIELDS = {
    "achievements",
    "justification",
    "initiative_level",
    "initiative",
    "discipline_free",
    "council_members",
    "council_votes_for",
    "proposal_date",
    "kind",
    "source_group",
    "recipient_category",
    "service_years",
    "nationality",
}


# --- Eligibility ------------------------------------------------------------------------------------
def evaluate(proposal: Proposal) -> tuple[RuleSet | None, list[dict], str]:
    """Evaluate `proposal` against the rule set in force on its date. Does not save."""
    rule_set = rule_set_on(proposal.proposal_date)
    if rule_set is None:
        result = [
            {
                "check": "rule_set",
                "article": "—",
                "description": _("Bộ quy định áp dụng"),
                "unconfirmed": False,
                "status": eligibility.UNKNOWN,
                "facts": _("Không có bộ quy định nào có hiệu lực vào ngày %(day)s.")
                % {"day": proposal.proposal_date.strftime("%d/%m/%Y")},
            }
        ]
        return None, result, eligibility.UNKNOWN
    specs = [
        eligibility.RuleSpec(
            r.check_code, r.params, r.article, r.description, r.applies_to, r.unconfirmed, r.source, r.quote, r.note
        )
        for r in EligibilityRule.objects.filter(rule_set=rule_set, award_type_id=proposal.award_type_id).order_by(
            "order", "id"
        )
    ]
    results = eligibility.evaluate(specs, eligibility_facts(proposal))
    return rule_set, results, eligibility.overall(results)


def refresh_eligibility(proposal: Proposal) -> Proposal:
    rule_set, results, status = evaluate(proposal)
    if (proposal.eligibility, proposal.eligibility_status, proposal.rule_set_id) != (
        results,
        status,
        rule_set.pk if rule_set else None,
    ):
        proposal.eligibility = results
        proposal.eligibility_status = status
        proposal.rule_set = rule_set
        Proposal.objects.filter(pk=proposal.pk).update(
            eligibility=results, eligibility_status=status, rule_set=rule_set
        )
    return proposal


@transaction.atomic
def proposal_withdraw(*, actor: User | None, proposal: Proposal) -> None:
    """The proposing unit withdraws a draft it has not sent (e.g. one a ballot made): the draft and its files go,
    the audit row keeps what it was. A proposal once sent is never withdrawn: the reviewers return or reject it."""
    proposal = Proposal.objects.select_for_update().select_related("award_type", "proposing_unit").get(pk=proposal.pk)
    require(actor, "awards.change_proposal", proposal)
    if proposal.status != ProposalStatus.DRAFT or proposal.submission_id:
        raise ValidationError(_("Chỉ rút được đề nghị còn là dự thảo, chưa trình."))
    record_audit(
        actor=actor,
        action="proposal.withdraw",
        target=proposal,
        unit=proposal.proposing_unit,
        summary=_("Rút đề nghị: %(p)s") % {"p": proposal},
        data={"award_type": proposal.award_type.code, "year": proposal.year, "source_group": proposal.source_group_id},
    )
    files = [(a.file.storage, a.file.name) for a in proposal.attachments.all() if a.file]
    unit_id, year = proposal.proposing_unit_id, proposal.year
    proposal.delete()
    for storage, name in files:
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    refresh_unit_year(proposing_unit_id=unit_id, year=year)


def refresh_unit_year(*, proposing_unit_id: int, year: int) -> None:
    """Caps and quotas depend on the whole batch: re-evaluate the unit's live proposals for the year."""
    for proposal in live_proposals(proposing_unit_id=proposing_unit_id, year=year):
        refresh_eligibility(proposal)


@transaction.atomic
def proposal_update(*, actor: User | None, proposal: Proposal, version=None, **fields) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("award_type", "proposing_unit").get(pk=proposal.pk)
    require(actor, "awards.change_proposal", proposal)
    claim_version(proposal, version)
    initiatives = fields.pop("initiatives", None)
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(_("Không sửa được các trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    changed = {}
    for name, value in fields.items():
        old = getattr(proposal, name)
        if old != value:
            changed[name] = [str(old) if old is not None else None, str(value) if value is not None else None]
            setattr(proposal, name, value)
    if changed:
        category = recipient_category_for(
            category=proposal.recipient_category,
            nominee_unit=proposal.nominee_unit,
            nominee_person=proposal.nominee_person,
            required=False,
        )
        if category != proposal.recipient_category:
            changed["recipient_category"] = [proposal.recipient_category, category]
            proposal.recipient_category = category
        _check_kind_details(proposal)
        proposal.full_clean(exclude=["status"])
        proposal.save()
        _event(proposal=proposal, actor=actor, action="update", from_status=proposal.status)
        record_audit(
            actor=actor,
            action="proposal.update",
            target=proposal,
            unit=proposal.proposing_unit,
            data=changed,
            summary=str(proposal),
        )
    if initiatives is not None:  # the nominee's recognised initiatives from the register (issue 19 item 2)
        link_initiatives(actor=actor, proposal=proposal, initiatives=initiatives)
    refresh_eligibility(proposal)
    return proposal


# --- Attachments ------------------------------------------------------------------------------------------
@transaction.atomic
def attachment_add(*, actor: User, proposal: Proposal, kind: str, uploaded) -> ProposalAttachment:
    """Keep a document of the proposal's dossier. The upload passes the project's policy for documents and
    scans (`clusters.uploads.DOCUMENTS`, as evidence in year-end scoring, OpenDocument spreadsheets included):
    type by extension, content sniffed, size limited; refusals are `ValidationError`s."""
    proposal = Proposal.objects.select_related("proposing_unit").get(pk=proposal.pk)
    require(actor, "awards.change_proposal", proposal)
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": _("Loại tài liệu không hợp lệ.")})
    accepted = DOCUMENTS.check(uploaded)
    name = accepted.name
    attachment = ProposalAttachment(
        proposal=proposal,
        kind=kind,
        original_name=name,
        content_type=accepted.content_type,
        size=accepted.size,
        uploaded_by=actor,
    )
    attachment.file.save(f"{proposal.pk}{accepted.extension}", uploaded, save=False)
    attachment.save()
    _event(
        proposal=proposal,
        actor=actor,
        action="attach",
        from_status=proposal.status,
        comment=f"{attachment.get_kind_display()}: {name}",
    )
    record_audit(actor=actor, action="proposal.attach", target=proposal, unit=proposal.proposing_unit, summary=name)
    return attachment
