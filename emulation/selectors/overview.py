"""Reads of the year-end overview: the group-years whose year end a user takes part in, with where their
scoring, ballot and summary report stand."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from clusters.models import MemberRole, Membership, Role, User
from clusters.search import search
from clusters.selectors.units import group_scope

from ..models import Ballot, Report, ReportKind, ReportStatus, ScoringRound

__all__ = ["yearend_overview"]


def yearend_overview(*, user: User, year: int | None = None, query: str = "") -> QuerySet:
    """The group-years whose year end `user` takes part in, newest first, one `Membership` row each, with
    `scoring_status`, `ballot_status` and `report_finished_at` (the current summary report) annotated.

    A unit's staff and leader: every group-year their unit is a member of (the row is their own membership,
    so its role is theirs). A board's reviewers: the group-years of the groups their board organises; a
    system admin: all group-years (the row is the chair's membership, or, for a year without a chair yet,
    the first member's)."""
    if user.is_system_admin or user.role == Role.REVIEWER:
        # one row per group-year: its chair's membership, or, without a chair yet, its first member's
        # (anti-joins, which PostgreSQL runs as hash joins: a correlated "first row" subquery per membership
        # took ~0.9 s for an admin's 19,707 memberships at scale 1)
        members = Membership.objects.filter(group_scope(user, "group"))  # the groups the user reads
        same_group_year = Membership.objects.filter(group=OuterRef("group_id"), year=OuterRef("year"))
        chairless_first = members.exclude(Exists(same_group_year.filter(role=MemberRole.CHAIR))).exclude(
            Exists(same_group_year.filter(pk__lt=OuterRef("pk")))
        )
        rows = members.filter(Q(role=MemberRole.CHAIR) | Q(pk__in=chairless_first.values("pk")))
    else:
        rows = Membership.objects.filter(unit_id=user.unit_id or 0)
    if year:
        rows = rows.filter(year=year)
    if query:
        rows = search(rows, query, "group__name")
    same_group_year = {"group": OuterRef("group_id"), "year": OuterRef("year")}
    return (
        rows.select_related("group", "unit")
        .annotate(
            scoring_status=Subquery(ScoringRound.objects.filter(**same_group_year).values("status")[:1]),
            ballot_status=Subquery(Ballot.objects.filter(**same_group_year).values("status")[:1]),
            report_finished_at=Subquery(
                Report.objects.filter(
                    **same_group_year, kind=ReportKind.GROUP_SUMMARY, is_current=True, status=ReportStatus.DONE
                ).values("finished_at")[:1]
            ),
        )
        .order_by("-year", "group__name", "group_id")
    )
