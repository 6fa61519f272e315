"""Reads for awards. Aggregates are computed in the database; lists join what they show."""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import itertools
import threading
import time
from collections import defaultdict
from collections.abc import Iterable

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.core.signals import request_finished, request_started
from django.db import connection
from django.db.models import BooleanField, Count, F, Q, QuerySet
from django.db.models.expressions import RawSQL

from clusters.models import EmulationGroup, Membership, Person, PersonCategory, Role, Unit, UnitKind, User
from clusters.search import fold, folded, search

from .eligibility import Facts, GroupFacts
from .models import (
    AwardLevel,
    AwardRecord,
    AwardType,
    EligibilityStatus,
    Proposal,
    ProposalStatus,
    RuleSet,
    SubmissionDeadline,
)

#: Proposals that still count: neither rejected nor turned into an award record yet.
LIVE_STATUSES = [
    ProposalStatus.DRAFT,
    ProposalStatus.SUBMITTED,
    ProposalStatus.UNDER_REVIEW,
    ProposalStatus.RETURNED,
    ProposalStatus.APPROVED,
]
NATIONAL_LEVELS = [AwardLevel.GOVERNMENT, AwardLevel.STATE]


def _nominee_in_units(unit_ids: list[int]) -> Q:
    """Collectives that are (or sit directly inside) the units, and people of those units."""
    return (
        Q(nominee_unit_id__in=unit_ids)
        | Q(nominee_unit__parent_id__in=unit_ids)
        | Q(nominee_person__unit_id__in=unit_ids)
        | Q(nominee_person__unit__parent_id__in=unit_ids)
    )


def _nominee_person_in(ids: list[int]) -> Q:
    """The record's person is one of `ids`, as one array parameter on PostgreSQL (a list of tens of thousands
    of ids would exceed the parameter limit); the embedded demo database (SQLite) has no arrays."""
    if connection.vendor != "postgresql":
        return Q(nominee_person_id__in=ids)
    return Q(RawSQL('"awards_awardrecord"."nominee_person_id" = ANY(%s::bigint[])', [ids], BooleanField()))


def _nominee_in_units_listed(unit_ids: Iterable[int]) -> Q:
    """`_nominee_in_units` as conditions on the award record's own indexed columns: the units and their
    collectives, and those units' people, are looked up first (two small queries), so that the records
    are not joined with all 200,000 people to be filtered."""
    unit_ids = list(unit_ids)
    units = list(Unit.objects.filter(Q(pk__in=unit_ids) | Q(parent_id__in=unit_ids)).values_list("pk", flat=True))
    people = list(Person.objects.filter(unit_id__in=units).order_by().values_list("pk", flat=True))
    return Q(nominee_unit_id__in=units) | _nominee_person_in(people)


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


# --- Rule sets, deadlines ---------------------------------------------------------------------------
def rule_set_on(day: datetime.date) -> RuleSet | None:
    return (
        RuleSet.objects.filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
        .first()
    )


def deadline_for(*, year: int, kind: str, award_type_id: int) -> SubmissionDeadline | None:
    """The deadline for this award type, or the general one for the kind of award."""
    deadlines = SubmissionDeadline.objects.filter(year=year, kind=kind).filter(
        Q(award_type_id=award_type_id) | Q(award_type__isnull=True)
    )
    return deadlines.order_by("award_type_id").first() if deadlines else None


def live_proposals(*, proposing_unit_id: int, year: int) -> QuerySet:
    return Proposal.objects.filter(proposing_unit_id=proposing_unit_id, year=year, status__in=LIVE_STATUSES)


# --- Facts for the eligibility checks -----------------------------------------------------------------
def _years_by_code(rows) -> dict[str, frozenset[int]]:
    years: dict[str, set[int]] = defaultdict(set)
    for code, year in rows:
        years[code].add(year)
    return {code: frozenset(values) for code, values in years.items()}


def eligibility_facts(proposal: Proposal) -> Facts:
    """Everything the checks need about one proposal, in a fixed number of queries."""
    nominee = (
        Q(nominee_unit_id=proposal.nominee_unit_id)
        if proposal.nominee_unit_id
        else Q(nominee_person_id=proposal.nominee_person_id)
    )
    history = _years_by_code(AwardRecord.objects.filter(nominee).values_list("award_type__code", "year"))
    pending = _years_by_code(
        Proposal.objects.filter(nominee, status__in=LIVE_STATUSES)
        .exclude(pk=proposal.pk)
        .values_list("award_type__code", "year")
    )
    group = None
    if proposal.source_group_id:
        source = proposal.source_group
        group = GroupFacts(
            name=source.name,
            nominee_is_member=bool(proposal.nominee_unit_id)
            and Membership.objects.filter(group=source, year=proposal.year, unit_id=proposal.nominee_unit_id).exists(),
            organizer_is_central=source.organizer.kind == UnitKind.CENTRAL,
            proposals_for_award=Proposal.objects.filter(
                source_group=source, year=proposal.year, award_type_id=proposal.award_type_id, status__in=LIVE_STATUSES
            ).count(),
        )
    members_total = None
    member_titles: dict[str, int] = {}
    member_pending: dict[str, int] = {}
    if proposal.nominee_unit_id:
        members_total = Person.objects.filter(unit_id=proposal.nominee_unit_id, is_active=True).count()
        member_titles = dict(
            AwardRecord.objects.filter(nominee_person__unit_id=proposal.nominee_unit_id, year=proposal.year)
            .values_list("award_type__code")
            .annotate(n=Count("nominee_person", distinct=True))
        )
        member_pending = dict(
            Proposal.objects.filter(
                nominee_person__unit_id=proposal.nominee_unit_id, year=proposal.year, status__in=LIVE_STATUSES
            )
            .values_list("award_type__code")
            .annotate(n=Count("nominee_person", distinct=True))
        )
    # The people of the proposing unit and of the units directly inside it, as a subquery on the records'
    # own indexed column (an OR across the joined person and unit read every record of the year).
    unit_and_children = Unit.objects.filter(Q(pk=proposal.proposing_unit_id) | Q(parent_id=proposal.proposing_unit_id))
    unit_people = Q(
        nominee_person_id__in=Person.objects.filter(unit_id__in=unit_and_children.values("pk")).values("pk")
    )
    unit_counts: dict[str, int] = defaultdict(int)
    for code, n in (
        AwardRecord.objects.filter(unit_people, year=proposal.year)
        .values_list("award_type__code")
        .annotate(n=Count("id"))
    ):
        unit_counts[code] += n
    for code, n in (
        Proposal.objects.filter(unit_people, year=proposal.year, status__in=LIVE_STATUSES)
        .values_list("award_type__code")
        .annotate(n=Count("id"))
    ):
        unit_counts[code] += n
    return Facts(
        year=proposal.year,
        award_code=proposal.award_type.code,
        kind=proposal.kind,
        target="collective" if proposal.nominee_unit_id else "individual",
        history=history,
        pending=pending,
        initiative_level=proposal.initiative_level,
        discipline_free=proposal.discipline_free,
        council_members=proposal.council_members,
        council_votes_for=proposal.council_votes_for,
        group=group,
        members_total=members_total,
        member_titles=member_titles,
        member_titles_pending=member_pending,
        unit_counts=dict(unit_counts),
        names=dict(AwardType.objects.values_list("code", "name")),
    )


# --- Who reviews what --------------------------------------------------------------------------------------
def reviewer_scope(user) -> Q:
    """Proposals a reviewer reviews: national awards at the central board; the others at the board
    of the proposing unit's province; and everything from the clusters/blocs the board organises."""
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


def _board_scope(board: Unit) -> Q:
    # On the proposals' own indexed columns, with the board's groups, the national award types and the
    # province's units looked up first (small tables), rather than through joins: the database combines
    # index scans and estimates how many proposals match (through joins it expected 20 times too many and
    # joined every person before sorting the queue).
    national = list(AwardType.objects.filter(level__in=NATIONAL_LEVELS).values_list("pk", flat=True))
    scope = Q(
        source_group_id__in=list(EmulationGroup.objects.filter(organizer_id=board.pk).values_list("pk", flat=True))
    )
    if board.kind == UnitKind.CENTRAL:
        scope |= Q(award_type_id__in=national)
    elif board.parent_id:
        province = Unit.objects.filter(Q(pk=board.parent_id) | Q(parent_id=board.parent_id))
        scope |= ~Q(award_type_id__in=national) & Q(proposing_unit_id__in=list(province.values_list("pk", flat=True)))
    return scope


def reviews(user, proposal: Proposal) -> bool:
    memo = getattr(_request_memo, "scopes", None)
    if memo is None:  # outside a request: nothing kept
        return Proposal.objects.filter(reviewer_scope(user), pk=proposal.pk).exists()
    key = ("reviews", user.unit_id, proposal.pk)
    if key not in memo:  # once per request: the page's permission checks ask for each action
        memo[key] = Proposal.objects.filter(reviewer_scope(user), pk=proposal.pk).exists()
    return memo[key]


def reviewers_of(proposal: Proposal) -> QuerySet:
    """Reviewer accounts that should hear about a proposal sent up."""
    boards = (
        Q(unit__kind=UnitKind.CENTRAL)
        if proposal.award_type.level in NATIONAL_LEVELS
        else Q(unit__parent_id__in=[proposal.proposing_unit_id, proposal.proposing_unit.parent_id])
    )
    if proposal.source_group_id:
        boards |= Q(unit_id=proposal.source_group.organizer_id)
    return User.objects.filter(boards, role=Role.REVIEWER, is_active=True)


def unit_users(unit_id: int) -> QuerySet:
    return User.objects.filter(unit_id=unit_id, role__in=[Role.STAFF, Role.LEADER], is_active=True)


# --- Lists ----------------------------------------------------------------------------------------------------
def proposal_list(
    *,
    base: QuerySet | None = None,
    year: int | None = None,
    kind: str = "",
    award_type_id: int | None = None,
    unit_id: int | None = None,
    group_id: int | None = None,
    status: str = "",
    eligibility_status: str = "",
    late: bool = False,
    query: str = "",
) -> QuerySet:
    proposals = (base if base is not None else Proposal.objects.all()).select_related(
        "award_type",
        "proposing_unit",
        "nominee_unit",
        "nominee_person",
        "nominee_person__unit",
        "source_group",
        "submission",
    )
    if year:
        proposals = proposals.filter(year=year)
    if kind:
        proposals = proposals.filter(kind=kind)
    if award_type_id:
        proposals = proposals.filter(award_type_id=award_type_id)
    if unit_id:
        proposals = proposals.filter(proposing_unit_id=unit_id)
    if group_id:
        proposals = proposals.filter(
            Q(source_group_id=group_id)
            | Q(proposing_unit__memberships__group_id=group_id, proposing_unit__memberships__year=F("year"))
        ).distinct()
    if status:
        proposals = proposals.filter(status=status)
    if eligibility_status:
        proposals = proposals.filter(eligibility_status=eligibility_status)
    if late:
        proposals = proposals.filter(is_late=True)
    if query:
        proposals = search(proposals, query, "nominee_person__full_name", "nominee_unit__name", "proposing_unit__name")
    return proposals.order_by("-year", "status", "-id")


_RECORD_RELATED = ["award_type", "nominee_unit", "nominee_person", "nominee_person__unit"]


def award_records(
    *,
    query: str = "",
    year: int | None = None,
    award_type_id: int | None = None,
    unit_id: int | None = None,
    person_id: int | None = None,
) -> QuerySet:
    records = AwardRecord.objects.select_related(*_RECORD_RELATED)
    if year:
        records = records.filter(year=year)
    if award_type_id:
        records = records.filter(award_type_id=award_type_id)
    if unit_id:
        records = records.filter(
            Q(nominee_unit_id=unit_id) | Q(nominee_unit__parent_id=unit_id) | Q(nominee_person__unit_id=unit_id)
        )
    if person_id:
        records = records.filter(nominee_person_id=person_id)
    if query:
        records = records.annotate(decision_folded=folded("decision_number")).filter(_record_search(query))
    return records.order_by("-year", "-award_type__rank", "id")


#: A search matching up to this many records is sorted in Python (see `search_page`).
SORT_AFTER_SEARCH_UP_TO = 20_000


def search_page(records, number, per_page: int, *, cache_as: tuple | None = None) -> Page:
    """The page `number` of the records a search matches (`records`: the queryset, or a function returning
    it, called only when the cache does not have the answer), in their order (year, award rank, id descending,
    ascending), found in one pass when there are up to `SORT_AFTER_SEARCH_UP_TO` of them: their ids, years and
    ranks are read through the search's index scans and sorted here, and the page's records read by id.
    (Counting them and then asking the database for a page ordered by the year made it walk the index on the
    year, checking the search's conditions record after record, or join all matching records before sorting.)
    More matches: counted and paged by the database.

    `cache_as` (what the search was: the query, the filters, whose records): the sorted ids are kept in the
    cache until an award record, person, unit or award type changes (see `_cached`), so the next pages and
    the same search again read only the page's records."""

    make_records = functools.cache(records if callable(records) else lambda: records)

    def matching_ids() -> list[int] | None:
        keys = list(
            make_records().order_by().values_list("pk", "year", "award_type__rank")[: SORT_AFTER_SEARCH_UP_TO + 1]
        )
        if len(keys) > SORT_AFTER_SEARCH_UP_TO:
            return None
        keys.sort(key=lambda key: (-key[1], -key[2], key[0]))
        return [key[0] for key in keys]

    if cache_as is None:
        ids = matching_ids()
    else:  # cached in a tuple: a bare None (too many to sort here) would read as "not in the cache"
        (ids,) = _cached("search", cache_as, lambda: (matching_ids(),))
    if ids is None:  # too many to sort here
        return Paginator(make_records(), per_page).get_page(number)
    page = Paginator(ids, per_page).get_page(number)
    # the ids come from `records`: read them by primary key alone, without the search's conditions again
    by_pk = AwardRecord.objects.select_related(*_RECORD_RELATED).in_bulk(list(page.object_list))
    page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    return page


#: Above this many matching people, match them by a subquery instead of an array of ids.
_PEOPLE_LIST_LIMIT = 100_000
#: Up to this many words (and none in an award's name), the people matching all the words are looked up
#: together (see `_record_search`); above it, each word's people.
_COMBINATIONS_UP_TO = 3


def _record_search(query: str) -> Q:
    """Every word of `query` in the person's name, the collective's name, the person's unit's name, the
    award's name or the decision number (accent-insensitive), as conditions on the award record's own
    indexed columns, so the database combines index scans instead of folding the joined columns of every
    one of 500,000 records.

    A collective's record matches on the record alone (its name, its award's name, its decision number).
    A person's record matches when each word is in the person's name or unit's name, or in its award's name
    or decision number. When no word is in an award's name and there are a few words, the people matching
    all the words are looked up together (through the trigram index on names; usually few, even when each
    word alone matches tens of thousands, as "nguyen" and "van" do); otherwise each word's people."""
    words = list(dict.fromkeys(fold(query).split()))
    if not words:
        return Q()
    any_word = Q()
    for word in words:
        any_word |= Q(f__contains=word)
    unit_names = dict(Unit.objects.annotate(f=folded("name")).filter(any_word).values_list("pk", "f"))
    type_names = dict(AwardType.objects.annotate(f=folded("name")).filter(any_word).values_list("pk", "f"))
    units = {word: [pk for pk, name in unit_names.items() if word in name] for word in words}
    types = {word: [pk for pk, name in type_names.items() if word in name] for word in words}
    if len(words) > _COMBINATIONS_UP_TO or any(types.values()):
        return _record_search_by_word(words, units, types)
    person_matches = {word: Q(f__contains=word) | Q(unit_id__in=units[word]) for word in words}

    def people_matching(subset, listed: bool = True) -> Q:
        """Records of the people matching every word of `subset` (by name or unit name): as an array of ids
        looked up now, or (`listed=False`) as a subquery that the database runs only if a candidate record
        needs it."""
        condition = Q()
        for word in subset:
            condition &= person_matches[word]
        people = Person.objects.annotate(f=folded("full_name")).filter(condition).order_by().values("pk")
        if not listed:
            return Q(nominee_person_id__in=people)
        ids = list(people[: _PEOPLE_LIST_LIMIT + 1].values_list("pk", flat=True))
        if len(ids) > _PEOPLE_LIST_LIMIT:
            return Q(nominee_person_id__in=people)
        return _nominee_person_in(ids)

    every_word_on_record = Q()
    for word in words:
        every_word_on_record &= Q(nominee_unit_id__in=units[word]) | Q(decision_folded__contains=word)
    condition = people_matching(words) | every_word_on_record

    # Some words on the decision number, the others through the person; the subqueries run only if some
    # decision number matches a word, which is rare.
    for size in range(1, len(words)):
        for subset in itertools.combinations(words, size):
            rest = [word for word in words if word not in subset]
            on_this_decision = Q()
            for word in subset:
                on_this_decision &= Q(decision_folded__contains=word)
            condition |= on_this_decision & people_matching(rest, listed=False)
    return condition


def _record_search_by_word(words: list[str], units: dict, types: dict) -> Q:
    """`_record_search` for many words or words an award's name contains: each word's people listed."""
    condition = Q()
    for word in words:
        people = list(
            Person.objects.annotate(f=folded("full_name"))
            .filter(f__contains=word)
            .order_by()
            .values_list("pk", flat=True)
        )
        in_units = Person.objects.filter(unit_id__in=units[word])
        word_condition = (
            Q(nominee_unit_id__in=units[word]) | Q(award_type_id__in=types[word]) | Q(decision_folded__contains=word)
        )
        if in_units.count() <= _PEOPLE_LIST_LIMIT:
            people += list(in_units.order_by().values_list("pk", flat=True))
        else:
            word_condition |= Q(nominee_person__unit_id__in=units[word])
        word_condition |= _nominee_person_in(people)
        condition &= word_condition
    return condition


def unit_award_history(unit: Unit) -> QuerySet:
    """The unit's own awards and those of its collectives (its people are on their own pages)."""
    return (
        AwardRecord.objects.filter(Q(nominee_unit=unit) | Q(nominee_unit__parent=unit))
        .select_related("award_type", "nominee_unit")
        .order_by("-year", "-award_type__rank")
    )


def person_award_history(person: Person) -> QuerySet:
    return (
        AwardRecord.objects.filter(nominee_person=person)
        .select_related("award_type")
        .order_by("-year", "-award_type__rank")
    )


def eligibility_counts(queryset: QuerySet) -> dict[str, int]:
    counts = dict(queryset.values_list("eligibility_status").annotate(n=Count("id")).order_by())
    return {status: counts.get(status, 0) for status in EligibilityStatus.values}


# --- Fairness (seed 002: too many leaders, too few direct workers, small collectives, remote areas) ----------
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
    from django.db.models import Max
    from django.utils import timezone

    this_year = timezone.localdate().year
    latest = (proposals.exclude(status=ProposalStatus.DRAFT).filter(year__lte=this_year).aggregate(latest=Max("year")))[
        "latest"
    ]
    return latest or this_year - 1


def fairness(*, proposals: QuerySet, year: int, threshold: int) -> dict:
    """Per proposing unit and for the whole board's scope: the shares of proposals and of awards going to
    leaders/managers vs direct workers, to small collectives and to remote areas, with a warning when
    the leaders' share of individual proposals or awards is above `threshold` percent."""
    from django.db.models.functions import Coalesce

    proposals = proposals.filter(year=year).exclude(status=ProposalStatus.DRAFT)
    unit_ids = set(proposals.values_list("proposing_unit_id", flat=True))
    proposed = _fairness_counts(proposals, F("proposing_unit_id"))
    records = AwardRecord.objects.filter(year=year).filter(_nominee_in_units_listed(unit_ids))
    granted = _fairness_counts(
        records, Coalesce("nominee_person__unit_id", "nominee_unit__parent_id", "nominee_unit_id")
    )
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)}
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


# --- Cached reads: the reviewer dashboard's fairness figures, the award-history search's matches -----------
#: At most this long, whatever happens: a write the signals cannot see (a queryset .update() of the columns
#: these read, a bulk load, a write while the cache was unreachable) shows within this many seconds.
CACHE_SECONDS = 60
#: Bumped whenever a proposal, award record, award type, person, unit or group is saved or deleted.
DATA_VERSION_KEY = "awards:data:version"


def data_changed() -> None:
    """Proposals, award records, people, units, groups or award types changed (awards.apps connects this
    to their saves and deletions, run once the transaction commits): every cached read here is stale."""
    try:
        cache.incr(DATA_VERSION_KEY)
    except ValueError:  # no version yet (or evicted): a new one, never one used before
        cache.set(DATA_VERSION_KEY, time.time_ns(), None)


def _cached(name: str, parts: tuple, compute):
    """`compute()`, kept in the cache under `name` and `parts` for the current data version (at most
    CACHE_SECONDS). Without a reachable cache, computed every time."""
    try:
        version = cache.get(DATA_VERSION_KEY)
        if version is None:
            version = time.time_ns()
            cache.add(DATA_VERSION_KEY, version, None)
            version = cache.get(DATA_VERSION_KEY, version)
        key = f"awards:{name}:{version}:" + hashlib.sha256(repr(parts).encode()).hexdigest()
        value = cache.get(key)
    except Exception:  # the cache (Redis) is down: the page still answers
        return compute()
    if value is None:
        value = compute()
        with contextlib.suppress(Exception):  # the cache went down meanwhile
            cache.set(key, value, CACHE_SECONDS)
    return value


def board_fairness(*, board: Unit, proposals: QuerySet, year: int, threshold: int) -> dict:
    """`fairness` of a reviewer's board (`proposals` is the board's scope), shared by the board's reviewers
    and kept until the rows it reads change (`data_changed`) or `CACHE_SECONDS` pass."""
    return _cached(
        "fairness",
        (board.pk, board.kind, board.parent_id, year, threshold),
        lambda: fairness(proposals=proposals, year=year, threshold=threshold),
    )


def recent_exports(*, user, limit: int = 5) -> list:
    """The user's latest large Excel exports (awards.RecordExport), newest first."""
    from .models import RecordExport

    return list(RecordExport.objects.filter(requested_by=user).select_related("award_type")[:limit])
