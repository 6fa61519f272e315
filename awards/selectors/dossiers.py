"""Reads of dossiers with many nominees: those a user reads, the list, a dossier's lines and those still to send."""

from __future__ import annotations

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from clusters.models import Role
from clusters.search import search

from ..models import Dossier, Proposal, ProposalStatus
from .proposals import readable_proposals


def readable_dossiers(user) -> QuerySet:
    """The dossiers `user` reads: a unit's staff and leader their unit's; a board's reviewers those with a line
    they review (the proposals' read rule, `readable_proposals`); a system admin all."""
    if user.is_system_admin:
        return Dossier.objects.all()
    if user.role == Role.REVIEWER:
        return Dossier.objects.filter(Exists(readable_proposals(user).filter(dossier_id=OuterRef("pk"))))
    if user.unit_id:
        return Dossier.objects.filter(proposing_unit_id=user.unit_id)
    return Dossier.objects.none()


def dossier_list(*, base: QuerySet, query: str = "", year: int | None = None) -> QuerySet:
    # Each listed dossier's lines counted by a subquery (the lines' dossier index), run for the page's rows only:
    # a join grouped by dossier counted the lines of every dossier the user reads before paging (issue 16).
    lines = Proposal.objects.filter(dossier_id=OuterRef("pk")).order_by().values("dossier_id")
    line_count = Subquery(lines.annotate(n=Count("pk")).values("n"), output_field=IntegerField())
    dossiers = base.select_related("award_type", "proposing_unit").annotate(line_count=Coalesce(line_count, 0))
    if year:
        dossiers = dossiers.filter(year=year)
    if query:
        dossiers = search(dossiers, query, "award_type__name", "proposing_unit__name")
    return dossiers.order_by("-year", "-created_at", "-id")


def dossier_lines(dossier: Dossier) -> QuerySet:
    """The lines of a dossier in the order they were made, with what their rows show."""
    return dossier.lines.select_related(
        "nominee_unit",
        "nominee_person",
        "nominee_person__unit",
        "submission",
        "award_record",
        "award_record__award_type",
    ).order_by("id")


def open_lines(dossier: Dossier) -> QuerySet:
    """The lines not yet sent up: drafts without a submission (a returned line goes back up on its own page)."""
    return dossier.lines.filter(status=ProposalStatus.DRAFT, submission__isnull=True).order_by("id")


def is_open(dossier: Dossier) -> bool:
    """No line of the dossier has been sent up yet: its unit may still add lines."""
    if not hasattr(dossier, "_is_open"):
        dossier._is_open = (
            not Proposal.objects.filter(dossier_id=dossier.pk)
            .filter(~Q(status=ProposalStatus.DRAFT) | Q(submission__isnull=False))
            .exists()
        )
    return dossier._is_open
