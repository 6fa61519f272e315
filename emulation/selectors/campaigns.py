"""Reads for campaigns."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from clusters.search import search

from ..models import Campaign, Pledge

__all__ = ["campaign_list", "campaign_years", "pledges_adopting"]


def campaign_list(*, authority: str = "", year: int | None = None, kind: str = "", query: str = "") -> QuerySet:
    """Campaigns filtered by launching authority, a year they run in, kind, and a diacritic-insensitive query."""
    campaigns = Campaign.objects.select_related("launching_unit", "launching_group").annotate(
        pledge_count=Count("pledge_items__pledge", distinct=True)
    )
    if authority:
        campaigns = campaigns.filter(authority=authority)
    if kind:
        campaigns = campaigns.filter(kind=kind)
    if year:
        campaigns = campaigns.filter(
            Q(start_date__year__lte=year) & (Q(end_date__isnull=True) | Q(end_date__year__gte=year))
        )
    if query:
        campaigns = search(campaigns, query, "title", "authority_name", "legal_basis", "goals")
    return campaigns.order_by("-start_date", "title", "pk")


def campaign_years() -> list[int]:
    return sorted({d.year for d in Campaign.objects.dates("start_date", "year")}, reverse=True)


def pledges_adopting(campaign: Campaign) -> QuerySet:
    """The pledges with at least one content item linked to the campaign, newest first."""
    return (
        Pledge.objects.filter(items__campaigns=campaign)
        .select_related("group")
        .distinct()
        .order_by("-year", "group__name")
    )
