"""Writes of the year-end ballot: opening, voting, closing with the count.

Rules enforced here (the views only show or hide buttons):
- only the chair unit that year (or a system admin) opens and closes the ballot;
- one vote per member unit per ballot (the database also refuses a second); in a secret
  ballot the vote rows are not linked to the voter; results exist only after closing;
- closing the ballot may elect next year's chair and vice-chair (creating next year's term)
  and create award proposals through `awards.services.proposal_create`; ties in the count
  are broken by the year's scoring ranking.

Permissions are checked again with `clusters.rules.require`: `actor=None` is the system acting (a data
load), allowed — except voting, which is always a member unit's leader. Every write leaves an audit row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import AwardKind, AwardLevel, AwardTarget, AwardType, Proposal, ProposalKind, ProposalStatus
from awards.services import proposals as award_services
from clusters.models import EmulationGroup, MemberRole, Membership, Unit, UnitKind, User
from clusters.rules import GroupYear, require
from clusters.services.audit import record_audit
from clusters.services.groups import membership_copy_year, membership_set

from ..models import (
    Ballot,
    BallotCandidate,
    BallotParticipation,
    BallotQuestion,
    BallotResult,
    BallotVote,
    QuestionKind,
    ScoringRound,
    ThresholdBase,
)
from ..selectors.scoring import ranking
from .scoring import _points

__all__ = [
    "QuestionSpec",
    "ballot_close",
    "ballot_open",
    "award_options",
    "ballot_vote",
    "default_questions",
]


@dataclass
class QuestionSpec:
    kind: str
    title: str
    seats: int = 1
    award_type_code: str = ""
    candidate_ids: list[int] | None = None  # None: every member unit that year


def award_options(*, group: EmulationGroup) -> tuple[AwardType | None, AwardType | None]:
    """The awards a group's ballot proposes, from the catalogue for the level of the board that organises it:
    the highest collective emulation title (the flag) for the leading unit and the highest certificate form for
    the others. A cluster of the central council proposes the Government's flag and the Prime Minister's
    certificate; a provincial (or ministry's) bloc its own level's flag and certificate (Law 2022 Art. 25, 26)."""
    level = AwardLevel.GOVERNMENT if group.organizer.kind == UnitKind.CENTRAL else AwardLevel.MINISTRY_PROVINCE
    collective = AwardType.objects.filter(level=level, target__in=[AwardTarget.COLLECTIVE, AwardTarget.BOTH])
    flag = collective.filter(kind=AwardKind.TITLE).order_by("-rank", "code").first()
    certificate = collective.filter(kind=AwardKind.FORM, has_certificate=True).order_by("-rank", "code").first()
    return flag, certificate


def default_questions(*, group: EmulationGroup, year: int) -> list[QuestionSpec]:
    """The usual year-end questions: the leading unit (proposed for the flag of the organiser's level), the
    units proposed for that level's certificate, and next year's chair and vice-chair."""
    flag, certificate = award_options(group=group)
    questions = [
        QuestionSpec(
            kind=QuestionKind.LEADING,
            title=(
                _("Đơn vị dẫn đầu phong trào thi đua năm %(year)s (đề nghị tặng %(award)s)")
                % {"year": year, "award": flag.name}
                if flag
                else _("Đơn vị dẫn đầu phong trào thi đua năm %(year)s") % {"year": year}
            ),
            award_type_code=flag.code if flag else "",
        )
    ]
    if certificate is not None:
        questions.append(
            QuestionSpec(
                kind=QuestionKind.AWARD,
                title=_("Đơn vị đề nghị tặng %(award)s") % {"award": certificate.name},
                award_type_code=certificate.code,
            )
        )
    questions += [
        QuestionSpec(kind=QuestionKind.NEXT_CHAIR, title=_("Đơn vị trưởng năm %(year)s") % {"year": year + 1}),
        QuestionSpec(kind=QuestionKind.NEXT_VICE_CHAIR, title=_("Đơn vị phó năm %(year)s") % {"year": year + 1}),
    ]
    return questions


@transaction.atomic
def ballot_open(
    *,
    actor: User | None,
    group: EmulationGroup,
    year: int,
    title: str = "",
    is_secret: bool = True,
    threshold_percent=Decimal("50"),
    threshold_base: str = ThresholdBase.MEMBERS,
    questions: Iterable[QuestionSpec] | None = None,
) -> Ballot:
    require(actor, "emulation.manage_ballot", GroupYear(group, year))
    member_ids = set(Membership.objects.filter(group=group, year=year).values_list("unit_id", flat=True))
    if not member_ids:
        raise ValidationError(_("Cụm, khối chưa có thành viên trong năm %(year)s.") % {"year": year})
    if Ballot.objects.filter(group=group, year=year).exists():
        raise ValidationError(_("Cụm, khối đã tổ chức bỏ phiếu cho năm này."))
    threshold = _points(threshold_percent, field="threshold_percent")
    if not Decimal("0") < threshold <= Decimal("100"):
        raise ValidationError({"threshold_percent": _("Tỷ lệ phải lớn hơn 0 và không quá 100%.")})
    specs = list(questions) if questions is not None else default_questions(group=group, year=year)
    if not specs:
        raise ValidationError(_("Cuộc bỏ phiếu phải có ít nhất một nội dung."))
    ballot = Ballot(
        group=group,
        year=year,
        title=title.strip() or _("Bình xét thi đua năm %(year)s — %(group)s") % {"year": year, "group": group.name},
        is_secret=is_secret,
        threshold_percent=threshold,
        threshold_base=threshold_base,
        eligible_count=len(member_ids),
        opened_by=actor,
    )
    ballot.full_clean()
    ballot.save()
    for order, spec in enumerate(specs, start=1):
        candidate_ids = member_ids if spec.candidate_ids is None else set(spec.candidate_ids)
        if not candidate_ids or not candidate_ids <= member_ids:
            raise ValidationError(_("Đơn vị được bầu phải là thành viên của cụm, khối trong năm."))
        if spec.seats < 1 or spec.seats > len(candidate_ids):
            raise ValidationError(
                _("Số đơn vị được chọn của nội dung “%(title)s” không hợp lệ.") % {"title": spec.title}
            )
        question = BallotQuestion(
            ballot=ballot,
            kind=spec.kind,
            title=spec.title,
            seats=spec.seats,
            award_type_code=spec.award_type_code,
            order=order,
        )
        question.full_clean(exclude=["ballot"])
        question.save()
        BallotCandidate.objects.bulk_create([BallotCandidate(question=question, unit_id=uid) for uid in candidate_ids])
    record_audit(
        actor=actor,
        action="ballot.open",
        target=ballot,
        unit=getattr(actor, "unit", None),
        summary=ballot.title,
        data={"secret": is_secret, "threshold": str(threshold), "base": threshold_base, "questions": len(specs)},
    )
    return ballot


@transaction.atomic
def ballot_vote(*, actor: User, ballot: Ballot, choices: dict[int, list[int]]) -> BallotParticipation:
    """One ballot paper for the actor's unit: for each question, up to `seats` candidate units.

    `choices` maps a question id to the chosen unit ids (an empty list abstains on that question).
    """
    if actor is None:  # a ballot paper is a member unit's, cast by its leader: the system never votes
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    require(actor, "emulation.vote_ballot", ballot)
    questions = {q.pk: q for q in ballot.questions.prefetch_related("candidates")}
    votes = []
    for question_id, unit_ids in choices.items():
        question = questions.get(int(question_id))
        if question is None:
            raise ValidationError(_("Nội dung bỏ phiếu không hợp lệ."))
        unit_ids = [int(uid) for uid in unit_ids]
        if len(set(unit_ids)) != len(unit_ids):
            raise ValidationError(_("Mỗi đơn vị chỉ được chọn một lần trong một nội dung."))
        if len(unit_ids) > question.seats:
            raise ValidationError(
                _("Nội dung “%(title)s” chỉ được chọn tối đa %(seats)s đơn vị.")
                % {"title": question.title, "seats": question.seats}
            )
        candidates = {c.unit_id: c for c in question.candidates.all()}
        for uid in unit_ids:
            if uid not in candidates:
                raise ValidationError(_("Đơn vị được chọn không có trong danh sách bầu."))
            votes.append((question, candidates[uid]))
    try:
        with transaction.atomic():
            participation = BallotParticipation.objects.create(ballot=ballot, unit_id=actor.unit_id, voted_by=actor)
    except IntegrityError:
        raise ValidationError(_("Đơn vị của bạn đã bỏ phiếu.")) from None
    link = None if ballot.is_secret else participation
    BallotVote.objects.bulk_create(
        [BallotVote(question=question, candidate=candidate, participation=link) for question, candidate in votes]
    )
    # The audit row says that the unit voted, never what it chose in a secret ballot.
    record_audit(
        actor=actor,
        action="ballot.vote",
        target=ballot,
        unit=actor.unit,
        summary=_("%(unit)s đã bỏ phiếu") % {"unit": actor.unit.name},
        data={} if ballot.is_secret else {str(q.pk): c.unit_id for q, c in votes},
    )
    return participation


def _ranking_positions(ballot: Ballot) -> dict[int, int]:
    """The scoring ranking of the year (unit id → position), used to break ties in the count."""
    scoring_round = ScoringRound.objects.filter(group_id=ballot.group_id, year=ballot.year).first()
    if scoring_round is None:
        return {}
    return {row.unit_id: row.position for row in ranking(scoring_round=scoring_round)}


def _elected(question: BallotQuestion, counts: list[dict], *, base: int, threshold: Decimal, exclude: set[int]):
    """Candidates ordered by votes (then the scoring ranking, then name); the first `seats` reaching
    the threshold are elected."""
    elected = []
    for row in counts:
        reaches = base > 0 and Decimal(row["votes"]) * 100 >= threshold * base
        if reaches and row["unit_id"] not in exclude and len(elected) < question.seats:
            elected.append(row["unit_id"])
    return elected


@transaction.atomic
def ballot_close(
    *, actor: User | None, ballot: Ballot, create_next_term: bool = True, create_proposals: bool = True
) -> Ballot:
    """Count the votes (one aggregate query), publish the results, elect next year's officers
    (creating next year's term) and create the award proposals for the units elected."""
    ballot = Ballot.objects.select_for_update().select_related("group").get(pk=ballot.pk)
    require(actor, "emulation.manage_ballot", ballot)
    if not ballot.is_open:
        raise ValidationError(_("Cuộc bỏ phiếu đã kết thúc."))
    votes_cast = ballot.participations.count()
    if votes_cast == 0:
        raise ValidationError(_("Chưa có đơn vị nào bỏ phiếu."))
    base = ballot.eligible_count if ballot.threshold_base == ThresholdBase.MEMBERS else votes_cast
    positions = _ranking_positions(ballot)
    # One aggregate query: every candidate with its vote count.
    counted = list(
        BallotCandidate.objects.filter(question__ballot=ballot)
        .values("question_id", "unit_id", "unit__name")
        .annotate(votes=Count("votes"))
    )
    questions = list(ballot.questions.order_by("order", "id"))
    elected_by_kind: dict[str, list[int]] = {}
    results = []
    award_winners: list[tuple[BallotQuestion, int]] = []
    for question in questions:
        rows = [
            {"unit_id": c["unit_id"], "name": c["unit__name"], "votes": c["votes"]}
            for c in counted
            if c["question_id"] == question.pk
        ]
        rows.sort(key=lambda r: (-r["votes"], positions.get(r["unit_id"], 10_000), r["name"], r["unit_id"]))
        exclude = (
            set(elected_by_kind.get(QuestionKind.NEXT_CHAIR, []))
            if question.kind == QuestionKind.NEXT_VICE_CHAIR
            else set()
        )
        if question.kind == QuestionKind.AWARD:
            exclude |= set(elected_by_kind.get(QuestionKind.LEADING, []))
        elected = _elected(question, rows, base=base, threshold=ballot.threshold_percent, exclude=exclude)
        elected_by_kind.setdefault(question.kind, []).extend(elected)
        for position, row in enumerate(rows, start=1):
            percent = (Decimal(row["votes"]) * 100 / base).quantize(Decimal("0.01")) if base else Decimal("0")
            results.append(
                BallotResult(
                    question=question,
                    unit_id=row["unit_id"],
                    votes=row["votes"],
                    percent=percent,
                    position=position,
                    elected=row["unit_id"] in elected,
                )
            )
        if question.award_type_code:
            award_winners.extend((question, uid) for uid in elected)
    BallotResult.objects.bulk_create(results)
    ballot.close()
    ballot.closed_by = actor
    ballot.closed_at = timezone.now()
    ballot.votes_cast = votes_cast
    ballot.save()

    chair_ids = elected_by_kind.get(QuestionKind.NEXT_CHAIR, [])
    vice_ids = elected_by_kind.get(QuestionKind.NEXT_VICE_CHAIR, [])
    term = None
    if create_next_term and (chair_ids or vice_ids):
        term = _next_term(
            actor=actor,
            ballot=ballot,
            chair_id=chair_ids[0] if chair_ids else None,
            vice_id=vice_ids[0] if vice_ids else None,
        )
    proposals = []
    if create_proposals and award_winners:
        proposals = _proposals(actor=actor, ballot=ballot, winners=award_winners)
    record_audit(
        actor=actor,
        action="ballot.close",
        target=ballot,
        unit=getattr(actor, "unit", None),
        summary=_("Kết thúc bỏ phiếu: %(cast)s/%(eligible)s phiếu")
        % {"cast": votes_cast, "eligible": ballot.eligible_count},
        data={
            "elected": dict(elected_by_kind.items()),
            "next_term": term,
            "proposals": proposals,
        },
    )
    return ballot


def _next_term(*, actor: User | None, ballot: Ballot, chair_id: int | None, vice_id: int | None) -> int:
    """Create (or update the officers of) next year's term of the group."""
    group, next_year = ballot.group, ballot.year + 1
    chair = Unit.objects.get(pk=chair_id) if chair_id else None
    vice = Unit.objects.get(pk=vice_id) if vice_id else None
    existing = list(Membership.objects.filter(group=group, year=next_year).select_related("unit"))
    if existing:
        units = [m.unit for m in existing]
        known = {u.pk for u in units}
        units += [u for u in (chair, vice) if u is not None and u.pk not in known]
        standing = next((m.unit for m in existing if m.is_standing_agency), None)
        if chair is None:
            chair = next((m.unit for m in existing if m.role == MemberRole.CHAIR), None)
        if vice is None:
            vice = next((m.unit for m in existing if m.role == MemberRole.VICE_CHAIR), None)
        membership_set(
            actor=actor,
            group=group,
            year=next_year,
            units=units,
            chair=chair,
            vice_chair=vice,
            standing_agency=standing,
        )
    else:
        membership_copy_year(
            actor=actor, group=group, from_year=ballot.year, to_year=next_year, chair=chair, vice_chair=vice
        )
    return next_year


def _proposals(*, actor: User | None, ballot: Ballot, winners: list[tuple[BallotQuestion, int]]) -> list[int]:
    """Award proposals for the units the ballot elected, proposed by the chair unit for the group."""
    chair = (
        Membership.objects.filter(group=ballot.group, year=ballot.year, role=MemberRole.CHAIR)
        .select_related("unit")
        .first()
    )
    proposing_unit = chair.unit if chair else getattr(actor, "unit", None)
    units = Unit.objects.in_bulk([uid for _q, uid in winners])
    created = []
    for question, unit_id in winners:
        # A live proposal of this award for this unit and year already exists (e.g. entered by hand):
        # the ballot confirms it rather than duplicating it.
        existing = (
            Proposal.objects.filter(
                nominee_unit_id=unit_id, award_type__code=question.award_type_code, year=ballot.year
            )
            .exclude(status=ProposalStatus.REJECTED)
            .first()
        )
        if existing is not None:
            award_services.refresh_eligibility(existing)  # the ballot's result is one of its conditions
            created.append(existing.pk)
            continue
        proposal = award_services.proposal_create(
            actor=actor,
            proposing_unit=proposing_unit,
            award_type_code=question.award_type_code,
            year=ballot.year,
            kind=ProposalKind.ANNUAL,
            nominee_unit=units[unit_id],
            source_group=ballot.group,
            achievements=_("Được %(group)s suy tôn, bình xét qua bỏ phiếu năm %(year)s (%(question)s).")
            % {"group": ballot.group.name, "year": ballot.year, "question": question.title},
        )
        created.append(proposal.pk)
    return created
