"""Reads of the year-end overview: the group-years whose year end a user takes part in, with where their
scoring, ballot and summary report stand."""

from __future__ import annotations

from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from clusters.models import MemberRole, Membership, Role, Unit, User
from clusters.search import search
from clusters.selectors.units import group_scope

from ..models import Ballot, GroupYearSummary, Report, ReportKind, ReportStatus, ScoringRound

__all__ = ["yearend_overview"]


def _summarised() -> bool:
    """The group-years' summary table is kept (its triggers are PostgreSQL's; the demo's SQLite picks the rows out of
    the memberships)."""
    return connection.vendor == "postgresql"


def yearend_overview(*, user: User, year: int | None = None, query: str = "") -> QuerySet:
    """The group-years whose year end `user` takes part in, newest first, with `scoring_status`, `ballot_status`
    and `report_finished_at` (the current summary report) annotated.

    A unit's staff and leader: every group-year their unit is a member of, one `Membership` row each (their own,
    so its role is theirs). A board's reviewers: the group-years of the groups their board organises; a system
    admin: all group-years; one `GroupYearSummary` row each (on SQLite, the demo's, the chair's membership or,
    for a year without a chair yet, the first member's; both rows have `role` and `unit`)."""
    board = user.is_system_admin or user.role == Role.REVIEWER
    if board and _summarised():
        # the summary table the database keeps, read in the page's order (issue 16: picking one membership per
        # group-year out of all 422,615 at scale 10 took ~170-215 ms); the page's chairs are read after it (joined,
        # every group-year of the first year was looked up with its chair before the page was cut: 1,500 lookups)
        rows = GroupYearSummary.objects.filter(group_scope(user, "group")).select_related("group")
        rows = rows.prefetch_related(Prefetch("chair", queryset=Unit.objects.only("pk", "name", "short_name")))
    elif board:
        # one row per group-year: its chair's membership, or, without a chair yet, its first member's
        # (anti-joins, which PostgreSQL runs as hash joins: a correlated "first row" subquery per membership
        # took ~0.9 s for an admin's 19,707 memberships at scale 1)
        members = Membership.objects.filter(group_scope(user, "group"))  # the groups the user reads
        same_group_year = Membership.objects.filter(group=OuterRef("group_id"), year=OuterRef("year"))
        chairless_first = members.exclude(Exists(same_group_year.filter(role=MemberRole.CHAIR))).exclude(
            Exists(same_group_year.filter(pk__lt=OuterRef("pk")))
        )
        rows = members.filter(Q(role=MemberRole.CHAIR) | Q(pk__in=chairless_first.values("pk")))
        rows = rows.select_related("group", "unit")
    else:
        rows = Membership.objects.filter(unit_id=user.unit_id or 0).select_related("group", "unit")
    if year:
        rows = rows.filter(year=year)
    if query:
        rows = search(rows, query, "group__name")
    same_group_year = {"group": OuterRef("group_id"), "year": OuterRef("year")}
    return rows.annotate(
        scoring_status=Subquery(ScoringRound.objects.filter(**same_group_year).values("status")[:1]),
        ballot_status=Subquery(Ballot.objects.filter(**same_group_year).values("status")[:1]),
        report_finished_at=Subquery(
            Report.objects.filter(
                **same_group_year, kind=ReportKind.GROUP_SUMMARY, is_current=True, status=ReportStatus.DONE
            ).values("finished_at")[:1]
        ),
    ).order_by("-year", "group__name", "group_id")
