"""Writes of the award council: its term and members, its sessions, the secret vote and the count.

Keyword-only, each in one transaction, each leaving an audit row. A vote's audit row says that a member voted,
never how.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clusters.concurrency import save_unique
from clusters.models import Unit, User
from clusters.rules import require
from clusters.services.audit import record_audit

from ..catalogue.rules import COUNCIL_QUORUM, quorum_met
from ..models import (
    AgendaItem,
    BallotChoice,
    Council,
    CouncilBallot,
    CouncilMember,
    CouncilSession,
    CouncilVoteCast,
    Proposal,
    SessionStatus,
    VoteMode,
)
from ..selectors.catalogue import rule_set_on
from ..selectors.workflow import reviewer_scope
from .proposals import refresh_eligibility


@transaction.atomic
def council_create(*, actor: User | None, board: Unit, name: str, term_start: datetime.date, term_end: datetime.date):
    require(actor, "awards.manage_council", board)
    council = Council(board=board, name=name, term_start=term_start, term_end=term_end)
    council.full_clean()
    council.save()
    record_audit(actor=actor, action="council.create", target=council, unit=board, summary=str(council))
    return council


@transaction.atomic
def council_member_add(*, actor: User | None, council: Council, user: User, role: str, position: str = ""):
    council = Council.objects.select_for_update().get(pk=council.pk)
    require(actor, "awards.manage_council", council)
    member = CouncilMember(council=council, user=user, role=role, position=position)
    member.full_clean(validate_unique=False, validate_constraints=False)
    save_unique(member)
    record_audit(
        actor=actor, action="council.member_add", target=council, unit=council.board, summary=str(member),
        data={"user": user.pk, "role": role},
    )  # fmt: skip
    return member


@transaction.atomic
def council_member_remove(*, actor: User | None, member: CouncilMember) -> None:
    council = Council.objects.select_for_update().get(pk=member.council_id)
    require(actor, "awards.manage_council", council)
    if member.votes_cast.exists():
        raise ValidationError(_("Thành viên đã bỏ phiếu trong một phiên họp: không xoá được."))
    record_audit(actor=actor, action="council.member_remove", target=council, unit=council.board, summary=str(member))
    member.delete()


def quorum_rule(day: datetime.date) -> dict:
    """The quorum of the rule set in force on `day` (`awards.catalogue.rules.COUNCIL_QUORUM`)."""
    rule_set = rule_set_on(day)
    return COUNCIL_QUORUM.get(rule_set.code if rule_set else "", next(iter(COUNCIL_QUORUM.values())))


@transaction.atomic
def session_open(
    *,
    actor: User | None,
    council: Council,
    title: str,
    held_on: datetime.date,
    mode: str,
    proposals,
    place: str = "",
) -> CouncilSession:
    """Open a meeting with `proposals` on its agenda; its members and quorum are taken now."""
    council = Council.objects.select_for_update().get(pk=council.pk)
    require(actor, "awards.manage_council", council)
    if not council.term_start <= held_on <= council.term_end:
        raise ValidationError({"held_on": _("Ngày họp phải trong nhiệm kỳ của Hội đồng.")})
    members = council.members.count()
    if not members:
        raise ValidationError(_("Hội đồng chưa có thành viên."))
    proposals = list(proposals)
    if not proposals:
        raise ValidationError({"proposals": _("Chọn ít nhất một đề nghị đưa ra Hội đồng.")})
    if actor is not None and not actor.is_system_admin:
        inside = Proposal.objects.filter(reviewer_scope(actor), pk__in=[p.pk for p in proposals]).count()
        if inside != len({p.pk for p in proposals}):
            raise PermissionDenied(_("Chỉ đưa ra Hội đồng những đề nghị ban mình thẩm định."))
    if mode not in VoteMode.values:
        raise ValidationError({"mode": _("Hình thức bỏ phiếu không hợp lệ.")})
    quorum = quorum_rule(held_on)
    source = f"{quorum['source']}, {quorum['article']}" + (" (chưa xác định)" if quorum["unconfirmed"] else "")
    session = CouncilSession(
        council=council, title=title, held_on=held_on, place=place, mode=mode, members_total=members,
        quorum_numerator=quorum["numerator"], quorum_denominator=quorum["denominator"],
        quorum_source=source,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )  # fmt: skip
    session.full_clean()
    session.save()
    AgendaItem.objects.bulk_create([AgendaItem(session=session, proposal=p) for p in proposals])
    record_audit(
        actor=actor, action="council.session_open", target=session, unit=council.board, summary=str(session),
        data={"proposals": [p.pk for p in proposals], "members": members, "mode": mode},
    )  # fmt: skip
    return session


@transaction.atomic
def session_vote(*, actor: User, session: CouncilSession, choices: dict[int, str] | None = None, choice: str = ""):
    """A member's secret ballot: per proposal (`choices`: agenda item id → "for"/"against", one for every item)
    or on the whole list (`choice`). Once per member and session (`CouncilVoteCast`'s unique constraint; the
    session's row is locked, so a double click waits and is refused)."""
    session = CouncilSession.objects.select_for_update().select_related("council").get(pk=session.pk)
    if session.status != SessionStatus.OPEN:
        raise ValidationError(_("Phiên họp đã kết thúc: không bỏ phiếu được nữa."))
    member = CouncilMember.objects.filter(council_id=session.council_id, user_id=getattr(actor, "pk", None)).first()
    if member is None:
        raise PermissionDenied(_("Chỉ thành viên Hội đồng được bỏ phiếu."))
    if CouncilVoteCast.objects.filter(session=session, member=member).exists():
        raise ValidationError(_("Bạn đã bỏ phiếu trong phiên họp này."))
    if session.mode == VoteMode.PER_LIST:
        if choice not in BallotChoice.values:
            raise ValidationError(_("Chọn Đồng ý hoặc Không đồng ý."))
        ballots = [CouncilBallot(session=session, choice=choice)]
    else:
        items = set(session.items.values_list("pk", flat=True))
        choices = choices or {}
        if set(choices) != items or any(c not in BallotChoice.values for c in choices.values()):
            raise ValidationError(_("Chọn Đồng ý hoặc Không đồng ý cho từng đề nghị."))
        ballots = [CouncilBallot(session=session, item_id=item, choice=c) for item, c in choices.items()]
    save_unique(CouncilVoteCast(session=session, member=member))
    CouncilBallot.objects.bulk_create(ballots)
    record_audit(actor=actor, action="council.vote", target=session, unit=session.council.board, summary=str(session))


@transaction.atomic
def session_close(*, actor: User | None, session: CouncilSession) -> CouncilSession:
    """End the vote. With a quorum, count each proposal's ballots and evaluate its conditions again (the
    council's result replaces typed counts); without one, no result."""
    session = CouncilSession.objects.select_for_update().select_related("council__board").get(pk=session.pk)
    require(actor, "awards.manage_council", session)
    if session.status != SessionStatus.OPEN:
        raise ValidationError(_("Phiên họp đã kết thúc."))
    voters = session.votes_cast.count()
    session.voters = voters
    session.closed_at = timezone.now()
    met = quorum_met(
        voters=voters, members=session.members_total,
        numerator=session.quorum_numerator, denominator=session.quorum_denominator,
    )  # fmt: skip
    items = list(session.items.select_related("proposal"))
    if met:
        session.status = SessionStatus.CLOSED
        if session.mode == VoteMode.PER_LIST:
            counts = session.ballots.filter(item__isnull=True).aggregate(
                yes=Count("pk", filter=Q(choice="for")), no=Count("pk", filter=Q(choice="against"))
            )
            for item in items:
                item.votes_for, item.votes_against = counts["yes"], counts["no"]
        else:
            per_item = {
                row["item"]: row
                for row in session.ballots.filter(item__isnull=False)
                .values("item")
                .annotate(yes=Count("pk", filter=Q(choice="for")), no=Count("pk", filter=Q(choice="against")))
            }
            for item in items:
                row = per_item.get(item.pk, {"yes": 0, "no": 0})
                item.votes_for, item.votes_against = row["yes"], row["no"]
        AgendaItem.objects.bulk_update(items, ["votes_for", "votes_against"])
    else:
        session.status = SessionStatus.NO_QUORUM
    session.save(update_fields=["status", "voters", "closed_at", "updated_at"])
    record_audit(
        actor=actor, action="council.session_close", target=session, unit=session.council.board,
        summary=str(session), data={"status": session.status, "voters": voters, "members": session.members_total},
    )  # fmt: skip
    if met:
        for proposal in Proposal.objects.filter(pk__in=[i.proposal_id for i in items]).select_related("award_type"):
            refresh_eligibility(proposal)
    return session
