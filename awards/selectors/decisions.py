"""Reads of award decisions: the decisions a user sees, the proposals a draft may take, the records a decision
granted (for the annex, the public page and the printing of certificates), grouped as the annex lists them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from clusters.models import Role, Unit, UnitKind

from ..models import AwardRecord, Decision, Proposal, ProposalStatus
from .workflow import board_scope

#: The annex's groups in their order (Tập thể, Cá nhân, Hộ gia đình).
GROUPS = (
    ("collective", _("I. Tập thể")),
    ("individual", _("II. Cá nhân")),
    ("household", _("III. Hộ gia đình")),
)


def decision_scope(user) -> Q:
    """The decisions a user manages and reads inside the app: a board's reviewers those of their board; system
    admins every one."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.role == Role.ADMIN or user.is_superuser:
        return Q()
    if user.role == Role.REVIEWER and user.unit_id:
        return Q(authority_id=user.unit_id)
    return Q(pk__in=[])


def decisions_for(user) -> QuerySet[Decision]:
    return (
        Decision.objects.filter(decision_scope(user))
        .select_related("authority")
        .annotate(entry_count=Count("entries", distinct=True))
    )


def issuing_boards() -> QuerySet[Unit]:
    return Unit.objects.filter(kind__in=[UnitKind.BOARD, UnitKind.CENTRAL]).order_by("name")


def _proposal_related(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(
        "award_type", "nominee_unit", "nominee_person", "nominee_person__unit", "proposing_unit"
    )


def decision_proposals(decision: Decision) -> QuerySet[Proposal]:
    """The proposals the decision grants, in the order they were added."""
    return _proposal_related(Proposal.objects.filter(decision_entry__decision=decision)).order_by("decision_entry__id")


def candidate_proposals(decision: Decision) -> QuerySet[Proposal]:
    """Approved proposals of the decision's board not yet in any decision: what a draft may add."""
    return _proposal_related(
        Proposal.objects.filter(board_scope(decision.authority), status=ProposalStatus.APPROVED).filter(
            decision_entry__isnull=True
        )
    ).order_by("award_type__rank", "proposing_unit__name", "id")


def decision_records(decision: Decision) -> QuerySet[AwardRecord]:
    """Every record the decision granted, revoked ones included, in register order (for the annex, the public
    page, the certificates printed for the decision)."""
    return (
        AwardRecord.all_objects.filter(decision=decision)
        .select_related("award_type", "nominee_unit", "nominee_person", "nominee_person__unit", "register_authority")
        .order_by("register_number", "id")
    )


def public_decision(code: str) -> Decision | None:
    """The issued or revoked decision whose public link holds `code` (drafts are never public)."""
    return Decision.objects.select_related("authority").filter(public_code=code).exclude(status="draft").first()


@dataclass
class AnnexLine:
    name: str
    position: str
    unit: str
    award: str
    register: str = ""
    revoked: bool = False


@dataclass
class AnnexGroup:
    key: str
    title: str
    lines: list[AnnexLine] = field(default_factory=list)


def _line(nominee_unit, nominee_person, award, register: str = "", revoked: bool = False) -> tuple[str, AnnexLine]:
    if nominee_unit is not None:
        parent = nominee_unit.parent.name if nominee_unit.parent_id else ""
        return "collective", AnnexLine(nominee_unit.name, "", parent, str(award), register, revoked)
    person = nominee_person
    return "individual", AnnexLine(
        person.full_name, person.position or "", person.unit.name if person.unit_id else "", str(award), register,
        revoked,
    )  # fmt: skip


def _grouped(items) -> list[AnnexGroup]:
    groups = {key: AnnexGroup(key, str(title)) for key, title in GROUPS}
    for key, line in items:
        groups[key].lines.append(line)
    return list(groups.values())


def proposal_groups(proposals) -> list[AnnexGroup]:
    """Proposals (with their nominees loaded) as the annex's three groups."""
    return _grouped(_line(p.nominee_unit, p.nominee_person, p.award_type.name) for p in proposals)


def annex_groups(decision: Decision) -> list[AnnexGroup]:
    """The annex "I. Tập thể / II. Cá nhân / III. Hộ gia đình", one line per recipient (name, position, unit):
    from the records once issued, from the proposals while a draft. The three groups always, in order."""
    if decision.is_draft:
        return proposal_groups(decision_proposals(decision).select_related("nominee_unit__parent"))
    else:
        items = (
            _line(r.nominee_unit, r.nominee_person, r.award_type.name, r.golden_book_number, r.is_revoked)
            for r in decision_records(decision).select_related("nominee_unit__parent")
        )
    return _grouped(items)
