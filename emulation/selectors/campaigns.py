"""Reads for campaigns."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from clusters.search import search

from ..models import Campaign, Pledge, PledgeItem

__all__ = ["campaign_list", "campaign_years", "pledges_adopting"]


def _pledge_count() -> Coalesce:
    """The number of pledges with an item linked to the campaign of the outer row."""
    links = PledgeItem.campaigns.through.objects.filter(campaign=OuterRef("pk")).order_by()
    counted = links.values("campaign").annotate(n=Count("pledgeitem__pledge", distinct=True)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def campaign_list(*, authority: str = "", year: int | None = None, kind: str = "", query: str = "") -> QuerySet:
    """Campaigns filtered by launching authority, a year they run in, kind, and a diacritic-insensitive query, with
    the number of pledges adopting each (`pledge_count`)."""
    # counted per row shown (a subquery), not by a GROUP BY joining every campaign's pledge items before the page is
    # cut (the bounded count too joined and grouped them); the list shows no launching unit or group: not joined
    campaigns = Campaign.objects.annotate(pledge_count=_pledge_count())
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
