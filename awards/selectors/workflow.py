"""Reads of the workflow: who reviews what (and who hears about it), deadlines, the review queue's counts."""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import connections
from django.db.models import Count, Q, QuerySet

from clusters.models import EmulationGroup, Role, Unit, UnitKind, User
from clusters.selectors.units import boards_over, units_in_jurisdiction

from ..models import (
    AwardLevel,
    AwardRound,
    AwardType,
    DispatchItem,
    EligibilityStatus,
    Proposal,
    RoundPurpose,
    SubmissionDeadline,
)

NATIONAL_LEVELS = [AwardLevel.GOVERNMENT, AwardLevel.STATE]


def deadline_for(
    *, year: int, kind: str, award_type_id: int, proposing_unit_id: int | None = None
) -> SubmissionDeadline | AwardRound | None:
    """The deadline of a proposal: the round (đợt xét) a board over the proposing unit opened for the year, kind and
    award type (one naming the award type before a general one), else the general deadline for this award type or
    for the kind of award. Both have a `due_date`."""
    if proposing_unit_id is not None:
        rounds = AwardRound.objects.filter(
            purpose=RoundPurpose.PROPOSALS, year=year, kind=kind, board__in=boards_over(proposing_unit_id)
        )
        specific = rounds.filter(award_types=award_type_id).order_by("-due_date").first()
        if specific is not None:
            return specific
        general = rounds.filter(award_types__isnull=True).order_by("-due_date").first()
        if general is not None:
            return general
    deadlines = SubmissionDeadline.objects.filter(year=year, kind=kind).filter(
        Q(award_type_id=award_type_id) | Q(award_type__isnull=True)
    )
    return deadlines.order_by("award_type_id").first() if deadlines else None


# --- Who reviews what --------------------------------------------------------------------------------------
def reviewer_scope(user) -> Q:
    """Proposals a reviewer reviews, as the award type's authority says (issue 18 item 3): awards a unit's head
    decides (basic level) at no board; provincial awards at the board whose jurisdiction holds the proposing unit
    (`clusters.selectors.units.units_in_jurisdiction`), and at the board organising the group they came through
    (a bloc's own awards; its members are in its board's jurisdiction, `clusters.services.groups`); state-level
    awards (Government, State) at the board of the proposing unit's province, which sends them up in a khen cao
    dossier (`awards.models.Dispatch`), and then at the central board that received the dossier; a state-level
    award proposed through a group the central board organises goes straight to the central board. The group a
    proposal came through never brings a national award to a provincial board."""
    if not user.is_authenticated or user.role != Role.REVIEWER or not user.unit_id:
        return Q(pk__in=[])
    scopes = getattr(_request_memo, "scopes", None)
    if scopes is None:  # outside a request: nothing kept
        return _board_scope(user.unit)
    if user.unit_id not in scopes:  # once per request: a page's permission checks ask several times
        scopes[user.unit_id] = _board_scope(user.unit)
    return scopes[user.unit_id]


#: Reviewer scopes (and whether they hold a proposal) looked up during the current request (in this thread),
#: forgotten when it finishes.
_request_memo = threading.local()


def _request_started(**kwargs) -> None:
    _request_memo.scopes = {}


def _request_finished(**kwargs) -> None:
    _request_memo.scopes = None


request_started.connect(_request_started, dispatch_uid="awards-reviewer-scope-memo-start")
request_finished.connect(_request_finished, dispatch_uid="awards-reviewer-scope-memo-finish")


def board_scope(board: Unit) -> Q:
    """Proposals the board (its reviewers) reviews and decides: `reviewer_scope` of any of its reviewers."""
    return _board_scope(board)


def _board_scope(board: Unit) -> Q:
    # On the proposals' own indexed columns, with the board's groups, the national award types and the
    # jurisdiction's units looked up first (small tables), rather than through joins: the database combines
    # index scans and estimates how many proposals match (through joins it expected 20 times too many and
    # joined every person before sorting the queue).
    national = list(AwardType.objects.filter(level__in=NATIONAL_LEVELS).values_list("pk", flat=True))
    in_unit = list(AwardType.objects.filter(level=AwardLevel.BASIC).values_list("pk", flat=True))
    groups = list(EmulationGroup.objects.filter(organizer_id=board.pk).values_list("pk", flat=True))
    if board.kind == UnitKind.CENTRAL:
        received = list(
            DispatchItem.objects.filter(dispatch__recipient_id=board.pk).values_list("proposal_id", flat=True)
        )
        return Q(pk__in=received) | (Q(source_group_id__in=groups) & ~Q(award_type_id__in=in_unit))
    units = list(units_in_jurisdiction(board).values_list("pk", flat=True))
    # a state-level award proposed through a group the central board organises goes straight to the central board
    central_groups = list(EmulationGroup.objects.filter(organizer__kind=UnitKind.CENTRAL).values_list("pk", flat=True))
    national_q = Q(award_type_id__in=national)
    return ~Q(award_type_id__in=in_unit) & (
        (Q(proposing_unit_id__in=units) & ~(national_q & Q(source_group_id__in=central_groups)))
        | (Q(source_group_id__in=groups) & ~national_q)
    )


def reviews(user, proposal: Proposal) -> bool:
    memo = getattr(_request_memo, "scopes", None)
    if memo is None:  # outside a request: nothing kept
        return Proposal.objects.filter(reviewer_scope(user), pk=proposal.pk).exists()
    key = ("reviews", user.unit_id, proposal.pk)
    if key not in memo:  # once per request: the page's permission checks ask for each action
        memo[key] = Proposal.objects.filter(reviewer_scope(user), pk=proposal.pk).exists()
    return memo[key]


def reviewers_of(proposal: Proposal) -> QuerySet:
    """The accounts that should hear about a proposal sent up: those who receive it (`reviewer_scope`): the
    unit's leaders for an award its head decides; the reviewers of the boards over the proposing unit (and of the
    group's organiser for a provincial award); the central board once a khen cao dossier carries it there."""
    level = proposal.award_type.level
    if level == AwardLevel.BASIC:
        return User.objects.filter(unit_id=proposal.proposing_unit_id, role=Role.LEADER, is_active=True)
    organiser = proposal.source_group.organizer if proposal.source_group_id else None
    if level in NATIONAL_LEVELS and organiser is not None and organiser.kind == UnitKind.CENTRAL:
        boards = Q(unit_id=organiser.pk)  # through a group the central board organises: straight to it
    else:
        boards = Q(unit__kind=UnitKind.BOARD, unit__in=boards_over(proposal.proposing_unit_id))
        if level in NATIONAL_LEVELS:
            received = DispatchItem.objects.filter(proposal_id=proposal.pk).values("dispatch__recipient_id")
            boards |= Q(unit_id__in=received)
        elif organiser is not None:
            boards |= Q(unit_id=organiser.pk)
    return User.objects.filter(boards, role=Role.REVIEWER, is_active=True)


def unit_users(unit_id: int) -> QuerySet:
    return User.objects.filter(unit_id=unit_id, role__in=[Role.STAFF, Role.LEADER], is_active=True)


def eligibility_counts(queryset: QuerySet, *, bound: int | None = None, total: int | None = None) -> dict[str, int]:
    """How many proposals of `queryset` each eligibility result holds, each counted up to `bound` + 1 rows
    (`settings.PAGE_COUNT_BOUND`: a count above `bound` reads "more than"), in one query of three bounded counts
    through the partial index on the results (migration awards.0027): a national queue's counts no longer group
    every proposal it lists. `total`: how many rows `queryset` holds, when already counted (its page's count) and
    at most `bound`: then its rows are grouped by result in one pass, instead of filtering them three times (a
    search or a reviewer's scope is evaluated once, not three times: issue 16)."""
    bound = settings.PAGE_COUNT_BOUND if bound is None else bound
    if total is not None and total <= bound:
        grouped = dict(
            queryset.order_by()
            .filter(eligibility_status__in=EligibilityStatus.values)
            .values_list("eligibility_status")
            .annotate(n=Count("pk"))
        )
        return {status: grouped.get(status, 0) for status in EligibilityStatus.values}
    parts, params = [], []
    for status in EligibilityStatus.values:
        rows = queryset.filter(eligibility_status=status).order_by().values("pk")[: bound + 1]
        sql, sql_params = rows.query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) bounded_{status})")
        params.extend(sql_params)
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        counts = cursor.fetchone()
    return dict(zip(EligibilityStatus.values, counts, strict=True))
