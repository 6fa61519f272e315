"""Reads for awards. Aggregates are computed in the database; lists join what they show."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from clusters.models import PersonCategory

from .models import AwardRecord, AwardType, Proposal, ProposalStatus


def _nominee_in_units(unit_ids: list[int]) -> Q:
    """Collectives that are (or sit directly inside) the units, and people of those units."""
    return (
        Q(nominee_unit_id__in=unit_ids)
        | Q(nominee_unit__parent_id__in=unit_ids)
        | Q(nominee_person__unit_id__in=unit_ids)
        | Q(nominee_person__unit__parent_id__in=unit_ids)
    )


def _share(part: int, total: int) -> float:
    return round(100.0 * part / total, 1) if total else 0.0


def _category_split(rows: Iterable[dict]) -> dict:
    counts = dict.fromkeys(PersonCategory.values, 0)
    for row in rows:
        counts[row["nominee_person__category"]] = row["n"]
    total = sum(counts.values())
    return {
        "total": total,
        **counts,
        "leader_share": _share(counts[PersonCategory.LEADER], total),
        "direct_worker_share": _share(counts[PersonCategory.DIRECT_WORKER], total),
    }


def award_summary(*, unit_ids: Iterable[int], year: int) -> dict:
    """Per award type, how many were proposed and granted for these units in `year`, and the split
    of individual proposals and awards between leaders/managers and direct workers.

    "Proposed" counts proposals that left the draft stage (submitted, under review, returned,
    rejected, approved, decided); drafts are counted apart. Collectives inside a unit and the
    people of a unit count for that unit. Six aggregate queries whatever the number of rows.

    Returns::

        {"year": 2023,
         "by_award": {"CO_THI_DUA_CHINH_PHU": {"name": ..., "rank": 65, "proposed": 1, "granted": 0,
                                              "in_draft": 0}, ...},
         "totals": {"proposed": 3, "granted": 1, "in_draft": 0},
         "individual": {"proposed": {"total": 4, "leader": 3, "direct_worker": 1, "other": 0,
                                     "leader_share": 75.0, "direct_worker_share": 25.0},
                        "granted": {...}}}
    """
    unit_ids = list(unit_ids)
    where = _nominee_in_units(unit_ids)
    proposals = Proposal.objects.filter(where, year=year)
    records = AwardRecord.objects.filter(where, year=year)
    not_draft = ~Q(status=ProposalStatus.DRAFT)

    by_award: dict[str, dict] = {}

    def row(code: str, name: str, rank: int) -> dict:
        return by_award.setdefault(code, {"name": name, "rank": rank, "proposed": 0, "granted": 0, "in_draft": 0})

    for item in proposals.values("award_type__code", "award_type__name", "award_type__rank").annotate(
        proposed=Count("id", filter=not_draft), in_draft=Count("id", filter=Q(status=ProposalStatus.DRAFT))
    ):
        entry = row(item["award_type__code"], item["award_type__name"], item["award_type__rank"])
        entry["proposed"] = item["proposed"]
        entry["in_draft"] = item["in_draft"]
    for item in records.values("award_type__code", "award_type__name", "award_type__rank").annotate(n=Count("id")):
        row(item["award_type__code"], item["award_type__name"], item["award_type__rank"])["granted"] = item["n"]

    by_award = dict(sorted(by_award.items(), key=lambda pair: (-pair[1]["rank"], pair[1]["name"])))
    individual_proposed = (
        proposals.filter(not_draft, nominee_person__isnull=False)
        .values("nominee_person__category")
        .annotate(n=Count("id"))
    )
    individual_granted = (
        records.filter(nominee_person__isnull=False).values("nominee_person__category").annotate(n=Count("id"))
    )
    return {
        "year": year,
        "by_award": by_award,
        "totals": {
            "proposed": sum(entry["proposed"] for entry in by_award.values()),
            "granted": sum(entry["granted"] for entry in by_award.values()),
            "in_draft": sum(entry["in_draft"] for entry in by_award.values()),
        },
        "individual": {
            "proposed": _category_split(individual_proposed),
            "granted": _category_split(individual_granted),
        },
    }


def award_types_in_force(*, on_date=None) -> QuerySet:
    queryset = AwardType.objects.all()
    if on_date is not None:
        queryset = queryset.filter(Q(effective_from__isnull=True) | Q(effective_from__lte=on_date)).filter(
            Q(effective_to__isnull=True) | Q(effective_to__gte=on_date)
        )
    return queryset.order_by("-rank", "name")
