"""Fairness (seed 002: too many leaders, too few direct workers, small collectives, remote areas)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, F, Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from clusters.models import Person, PersonCategory, Unit, UnitKind

from ..cache import cached
from ..models import AwardRecord, FairnessSource, FairnessTally, ProposalStatus
from .records import _nominee_person_in, _share


def _nominee_in_units_listed(unit_ids: Iterable[int]) -> Q:
    """`records._nominee_sides` as conditions on the award record's own indexed columns: the units and their
    collectives, and those units' people, are looked up first (two small queries), so that the records
    are not joined with all 200,000 people to be filtered."""
    unit_ids = list(unit_ids)
    units = list(Unit.objects.filter(Q(pk__in=unit_ids) | Q(parent_id__in=unit_ids)).values_list("pk", flat=True))
    people = list(Person.objects.filter(unit_id__in=units).order_by().values_list("pk", flat=True))
    return Q(nominee_unit_id__in=units) | _nominee_person_in(people)


def _fairness_counts(queryset: QuerySet, owner) -> dict[int, dict]:
    rows = (
        queryset.annotate(owner=owner)
        .values("owner")
        .annotate(
            individuals=Count("id", filter=Q(nominee_person__isnull=False)),
            leaders=Count("id", filter=Q(nominee_person__category=PersonCategory.LEADER)),
            direct_workers=Count("id", filter=Q(nominee_person__category=PersonCategory.DIRECT_WORKER)),
            collectives=Count("id", filter=Q(nominee_unit__isnull=False)),
            small_collectives=Count("id", filter=Q(nominee_unit__kind=UnitKind.COLLECTIVE)),
            remote=Count("id", filter=Q(nominee_unit__is_remote=True) | Q(nominee_person__unit__is_remote=True)),
            total=Count("id"),
        )
        .order_by()
    )
    return {row["owner"]: row for row in rows}


def _with_shares(row: dict, threshold: int) -> dict:
    row = dict(row)
    row["leader_share"] = _share(row["leaders"], row["individuals"])
    row["direct_worker_share"] = _share(row["direct_workers"], row["individuals"])
    row["small_collective_share"] = _share(row["small_collectives"], row["collectives"])
    row["remote_share"] = _share(row["remote"], row["total"])
    row["warning"] = row["individuals"] > 0 and row["leader_share"] > threshold
    return row


EMPTY_COUNTS = dict.fromkeys(
    ["individuals", "leaders", "direct_workers", "collectives", "small_collectives", "remote", "total"], 0
)


def latest_proposal_year(proposals: QuerySet) -> int:
    """The year the fairness figures open on: the latest year with proposals sent up (not after this year),
    or last year when there are none yet."""
    this_year = timezone.localdate().year
    latest = (proposals.exclude(status=ProposalStatus.DRAFT).filter(year__lte=this_year).aggregate(latest=Max("year")))[
        "latest"
    ]
    return latest or this_year - 1


COUNT_NAMES = list(EMPTY_COUNTS)


def _tallied() -> bool:
    """The summary table is kept (its triggers are PostgreSQL's; the demo's SQLite computes the figures live)."""
    return connection.vendor == "postgresql"


def _tally(source: str, year: int, unit_ids=None) -> dict[int, dict]:
    rows = FairnessTally.objects.filter(source=source, year=year)
    if unit_ids is not None:  # a list, or a query of the ids (compared in the database, not sent as parameters)
        rows = rows.filter(unit_id__in=unit_ids if isinstance(unit_ids, QuerySet) else list(unit_ids))
    return {row["unit_id"]: {"owner": row.pop("unit_id"), **row} for row in rows.values("unit_id", *COUNT_NAMES)}


def granted_counts_live(*, year: int, unit_ids) -> dict[int, dict]:
    """The award records of `year` counted per owning unit (the person's unit, else the collective's parent, else the
    collective) for the units `unit_ids`, aggregated from the records themselves."""
    records = AwardRecord.objects.filter(year=year).filter(_nominee_in_units_listed(unit_ids))
    owner = Coalesce("nominee_person__unit_id", "nominee_unit__parent_id", "nominee_unit_id")
    wanted = set(unit_ids)
    return {unit: row for unit, row in _fairness_counts(records, owner).items() if unit in wanted}


def granted_counts(*, year: int, unit_ids) -> dict[int, dict]:
    """`granted_counts_live`, read from the summary table the database keeps on every write (`FairnessTally`)."""
    if not _tallied():
        return granted_counts_live(year=year, unit_ids=unit_ids)
    return _tally(FairnessSource.GRANTED, year, unit_ids)


def proposed_counts_live(*, proposals: QuerySet, year: int) -> dict[int, dict]:
    """The `proposals` of `year` sent up (not drafts) counted per proposing unit, aggregated from the proposals."""
    sent = proposals.filter(year=year).exclude(status=ProposalStatus.DRAFT)
    return _fairness_counts(sent, F("proposing_unit_id"))


def proposed_counts(*, proposals: QuerySet, year: int, every_proposal: bool = False) -> dict[int, dict]:
    """`proposed_counts_live`; read from the summary table when `proposals` is every proposal (a system admin's). A
    reviewer's proposals are those of the awards in the board's authority, a unit's its own: counted live (a few
    thousand at most)."""
    if not (every_proposal and _tallied()):
        return proposed_counts_live(proposals=proposals, year=year)
    return {unit: row for unit, row in _tally(FairnessSource.PROPOSED, year).items() if row["total"]}


def _proposing_units(year: int) -> QuerySet:
    """The ids of the units with proposals sent up in `year`, from the summary table (`proposed_counts`'s rows)."""
    return FairnessTally.objects.filter(source=FairnessSource.PROPOSED, year=year, total__gt=0).values("unit_id")


def fairness(*, proposals: QuerySet, year: int, threshold: int, every_proposal: bool = False) -> dict:
    """Per proposing unit and for the whole board's scope: the shares of proposals and of awards going to
    leaders/managers vs direct workers, to small collectives and to remote areas, with a warning when
    the leaders' share of individual proposals or awards is above `threshold` percent. `every_proposal`:
    `proposals` is every proposal (see `proposed_counts`)."""
    proposed = proposed_counts(proposals=proposals, year=year, every_proposal=every_proposal)
    unit_ids = set(proposed)
    if every_proposal and _tallied():
        # every proposing unit of the year, as a query: a system administrator's year at scale 10 has 2,755 of
        # them, which as a list of parameters cost more to send (twice) than the rows they select
        unit_ids = _proposing_units(year)
    granted = granted_counts(year=year, unit_ids=unit_ids)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids).only("pk", "name")}  # the name is shown
    rows = []
    totals_p, totals_g = dict(EMPTY_COUNTS), dict(EMPTY_COUNTS)
    for unit_id, unit in sorted(units.items(), key=lambda pair: pair[1].name):
        p = proposed.get(unit_id, {**EMPTY_COUNTS, "owner": unit_id})
        g = granted.get(unit_id, {**EMPTY_COUNTS, "owner": unit_id})
        for key in EMPTY_COUNTS:
            totals_p[key] += p[key]
            totals_g[key] += g[key]
        rows.append({"unit": unit, "proposed": _with_shares(p, threshold), "granted": _with_shares(g, threshold)})
    return {
        "year": year,
        "threshold": threshold,
        "rows": rows,
        "total": {"proposed": _with_shares(totals_p, threshold), "granted": _with_shares(totals_g, threshold)},
        "warnings": [row for row in rows if row["proposed"]["warning"] or row["granted"]["warning"]],
    }


def board_fairness(*, board: Unit, proposals: QuerySet, year: int, threshold: int) -> dict:
    """`fairness` of a reviewer's board (`proposals` is the board's scope), shared by the board's reviewers
    and kept until the rows it reads change (`awards.cache.data_changed`) or `CACHE_SECONDS` pass."""
    return cached(
        "fairness",
        (board.pk, board.kind, board.parent_id, year, threshold),
        lambda: fairness(proposals=proposals, year=year, threshold=threshold),
    )


def national_fairness(*, proposals: QuerySet, year: int, threshold: int) -> dict:
    """`fairness` of every proposal (a system administrator's: `proposals` is all of them), kept like
    `board_fairness` until the rows it reads change."""
    return cached(
        "fairness",
        ("all", year, threshold),
        lambda: fairness(proposals=proposals, year=year, threshold=threshold, every_proposal=True),
    )
