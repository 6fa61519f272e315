"""Reads of reminders: which member units of a group-year have not yet done what is theirs to do (signed the
open pledge, sent their self-assessment in the open scoring, voted in the open ballot). Names only: never
what anyone voted. A constant number of queries whatever the number of members (tests/cross/test_query_counts.py).
"""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from clusters.models import EmulationGroup, MemberRole, Membership, Role, Unit, User

from ..models import (
    AssessmentStatus,
    Ballot,
    BallotParticipation,
    BallotStatus,
    Pledge,
    PledgeSignature,
    PledgeStatus,
    RoundStatus,
    ScoringRound,
    SelfAssessment,
)

__all__ = ["Outstanding", "Task", "chaired_outstanding", "leaders_of", "outstanding_units", "pending_memberships"]


class Task(models.TextChoices):
    """What a member unit has to do in a group-year; the value is the URL's."""

    SIGN = "ky", _("Chưa ký giao ước")
    SCORE = "tu-cham", _("Chưa gửi bản tự chấm điểm")
    VOTE = "bo-phieu", _("Chưa bỏ phiếu")


def pending_memberships(task: str) -> QuerySet[Membership]:
    """The memberships, in every group-year where `task` is open, of the units that have not done it."""
    if task == Task.SIGN:
        is_open = Pledge.objects.filter(group_id=OuterRef("group_id"), year=OuterRef("year"), status=PledgeStatus.OPEN)
        done = PledgeSignature.objects.filter(
            pledge__group_id=OuterRef("group_id"),
            pledge__year=OuterRef("year"),
            pledge__status=PledgeStatus.OPEN,
            version=F("pledge__version"),
            voided_at__isnull=True,
            unit_id=OuterRef("unit_id"),
        )
    elif task == Task.SCORE:
        is_open = ScoringRound.objects.filter(
            group_id=OuterRef("group_id"), year=OuterRef("year"), status=RoundStatus.OPEN
        )
        done = SelfAssessment.objects.filter(
            round__group_id=OuterRef("group_id"),
            round__year=OuterRef("year"),
            unit_id=OuterRef("unit_id"),
            status__in=[AssessmentStatus.SUBMITTED, AssessmentStatus.VERIFIED],
        )
    elif task == Task.VOTE:
        is_open = Ballot.objects.filter(group_id=OuterRef("group_id"), year=OuterRef("year"), status=BallotStatus.OPEN)
        done = BallotParticipation.objects.filter(
            ballot__group_id=OuterRef("group_id"), ballot__year=OuterRef("year"), unit_id=OuterRef("unit_id")
        )
    else:
        raise ValueError(task)
    return Membership.objects.filter(Exists(is_open)).exclude(Exists(done))


def outstanding_units(*, group: EmulationGroup, year: int, task: str) -> list[Unit]:
    """The member units of the group-year that have not done `task` (none when it is not open), by name."""
    memberships = pending_memberships(task).filter(group=group, year=year).select_related("unit")
    return [m.unit for m in memberships.order_by("unit__name", "unit_id")]


@dataclass
class Outstanding:
    task: str
    group: EmulationGroup
    year: int
    units: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return Task(self.task).label


def chaired_outstanding(unit_id: int) -> list[Outstanding]:
    """For a chair unit: in each group-year it chairs, per open task, the members that have not done it.
    Four queries, whatever the number of group-years and members: the group-years it chairs are looked up first
    (a few rows), so that each task's members are read by the (group, year) index; given them as a subquery,
    the database joined every membership of every open group-year before keeping the chair's (0.2-0.3 s a task
    at scale 10)."""
    chaired = list(
        Membership.objects.filter(unit_id=unit_id, role=MemberRole.CHAIR).order_by().values_list("group_id", "year")
    )
    if not chaired:
        return []
    in_chaired = functools.reduce(operator.or_, (Q(group_id=group_id, year=year) for group_id, year in chaired))
    result: dict[tuple, Outstanding] = {}
    for task in Task:
        memberships = (
            pending_memberships(task)
            .filter(in_chaired)
            .select_related("unit", "group")
            .order_by("-year", "group__name", "group_id", "unit__name", "unit_id")
        )
        for membership in memberships:
            key = (membership.year, membership.group.name, membership.group_id, list(Task).index(task))
            entry = result.setdefault(key, Outstanding(task=task, group=membership.group, year=membership.year))
            entry.units.append(membership.unit)
    return [result[key] for key in sorted(result, key=lambda k: (-k[0], k[1], k[2], k[3]))]


def leaders_of(unit_id: int) -> list[User]:
    """The unit's active leader accounts: who sends its self-assessment, signs and votes."""
    return list(User.objects.filter(unit_id=unit_id, role=Role.LEADER, is_active=True).order_by("username"))
