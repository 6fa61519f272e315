"""Reads of award records: the award summary, the award history and its search."""

from __future__ import annotations

import datetime
import functools
import itertools
from collections.abc import Iterable

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, Count, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from clusters.models import Person, PersonCategory, Role, Unit, UnitKind
from clusters.search import fold, folded, folded_of
from clusters.selectors.units import readable_units, units_in_jurisdiction
from clusters.web import paginate

from ..cache import cached
from ..models import AwardRecord, AwardType, Proposal, ProposalStatus
from .workflow import NATIONAL_LEVELS


def _nominee_sides(unit_ids: list[int]) -> tuple[Q, Q]:
    """Collectives that are (or sit directly inside) the units; people of those units (or of the collectives
    inside them). A nominee is one or the other, never both (a check constraint): callers count the two sides
    apart and add. Each side is one join the planner can drive from the units (a group's report: the units' people
    by the person index, then their records) or hash (the national roll-up: most units); one condition ORing
    both sides over four joins read every record of the year (issue 16)."""
    units = Unit.objects.filter(Q(pk__in=unit_ids) | Q(parent_id__in=unit_ids)).values("pk")
    return Q(nominee_unit_id__in=units), Q(nominee_person__unit_id__in=units)


def _nominee_person_in(ids: list[int] | str) -> Q:
    """The record's person is one of `ids`, as one array parameter on PostgreSQL (a list of tens of thousands
    of ids would exceed the parameter limit); the embedded demo database (SQLite) has no arrays. `ids` may be the
    array's literal already (`_array`, PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return Q(nominee_person_id__in=ids)
    literal = ids if isinstance(ids, str) else _array(ids)
    return Q(RawSQL('"awards_awardrecord"."nominee_person_id" = ANY(%s::bigint[])', [literal], BooleanField()))


def _array(ids: list[int]) -> str:
    """A PostgreSQL array literal of integers: sent as one text value (psycopg adapting a list of 27,000 ids
    element by element took 90 ms of a search's page, issue 16)."""
    return "{" + ",".join(str(int(pk)) for pk in ids) + "}"


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
    people of a unit count for that unit. Four aggregate queries whatever the number of rows: proposals and
    records, of collectives and of people apart (`_nominee_sides`), the people's by award and category at once.

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
    not_draft = ~Q(status=ProposalStatus.DRAFT)
    award = ("award_type__code", "award_type__name", "award_type__rank")

    by_award: dict[str, dict] = {}

    def row(item: dict) -> dict:
        return by_award.setdefault(
            item["award_type__code"],
            {"name": item["award_type__name"], "rank": item["award_type__rank"], "proposed": 0, "granted": 0,
             "in_draft": 0},
        )  # fmt: skip

    # The people's side grouped by award and by category at once: the awards and the split in one pass.
    split_proposed = dict.fromkeys(PersonCategory.values, 0)
    split_granted = dict.fromkeys(PersonCategory.values, 0)
    for side, by_category in zip(_nominee_sides(unit_ids), (False, True), strict=True):
        extra = ("nominee_person__category",) if by_category else ()
        for item in (
            Proposal.objects.filter(side, year=year)
            .values(*award, *extra)
            .annotate(
                proposed=Count("id", filter=not_draft), in_draft=Count("id", filter=Q(status=ProposalStatus.DRAFT))
            )
            .order_by()
        ):
            entry = row(item)
            entry["proposed"] += item["proposed"]
            entry["in_draft"] += item["in_draft"]
            if by_category:
                category = item["nominee_person__category"]
                split_proposed[category] = split_proposed.get(category, 0) + item["proposed"]
        records = AwardRecord.objects.filter(side, year=year).values(*award, *extra).annotate(n=Count("id"))
        for item in records.order_by():
            row(item)["granted"] += item["n"]
            if by_category:
                category = item["nominee_person__category"]
                split_granted[category] = split_granted.get(category, 0) + item["n"]

    by_award = dict(sorted(by_award.items(), key=lambda pair: (-pair[1]["rank"], pair[1]["name"])))
    individual_proposed = [{"nominee_person__category": c, "n": n} for c, n in split_proposed.items()]
    individual_granted = [{"nominee_person__category": c, "n": n} for c, n in split_granted.items()]
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


_RECORD_RELATED = ["award_type", "nominee_unit", "nominee_person", "nominee_person__unit"]


def record_scope(user) -> Q:
    """The award records `user` reads: those whose collective, or whose person's unit, is a unit the user reads
    (the one read rule, `clusters.selectors.units.readable_units`). No user: the system, every record."""
    if user is None:
        return Q()
    units = readable_units(user)
    if units is None:
        return Q()
    # On the record's own indexed columns, looked up first (the units, then their people: two small queries), so
    # that the database ORs two index scans instead of joining every record with its person to filter it. Both
    # lists are kept in the cache (`awards.cache`, until a unit, person, group or membership changes): listing a
    # province's people took 120-330 ms at scale 10 on every page of the records (issue 16).
    if user.is_authenticated and user.is_active:
        unit_ids, people = cached("record-scope", (record_scope_key(user),), lambda: _scope_ids(units))
    else:
        unit_ids, people = _scope_ids(units)
    if people is None:
        return Q(nominee_unit_id__in=unit_ids) | Q(nominee_person__unit_id__in=unit_ids)
    return Q(nominee_unit_id__in=unit_ids) | _nominee_person_in(people)


def _scope_ids(units: QuerySet) -> tuple[list[int], list[int] | str | None]:
    """The ids of `units` and of their people (None: more than `_PEOPLE_LIST_LIMIT`, matched by a join). On
    PostgreSQL the people are kept as the array literal the condition sends (`_array`): written once into the
    cache, not again for every page (a province's 34,000 people: ~10 ms a page at scale 10)."""
    unit_ids = list(units.order_by().values_list("pk", flat=True))
    people = list(
        Person.objects.filter(unit_id__in=unit_ids).order_by().values_list("pk", flat=True)[: _PEOPLE_LIST_LIMIT + 1]
    )
    if len(people) > _PEOPLE_LIST_LIMIT:
        return unit_ids, None
    return unit_ids, _array(people) if connection.vendor == "postgresql" else people


def record_scope_key(user) -> str:
    """What the records `user` reads depend on, for the search cache's key."""
    if user is None or readable_units(user) is None:
        return "all"
    return f"{user.role}:{user.unit_id or 0}"


def award_records(
    *,
    user=None,
    query: str = "",
    year: int | None = None,
    award_type_id: int | None = None,
    unit_id: int | None = None,
    person_id: int | None = None,
    walk: bool = False,
) -> QuerySet:
    """The award records `user` reads (`record_scope`; None: the system, all of them) matching the filters.
    `walk`: for a page read in the records' order (`search_page`): a search word too common to list its people
    is checked on each record's person as the order's index is walked, instead of hashing all its people first
    (good for a page, bad for counting or reading all the matches)."""
    records = AwardRecord.objects.select_related(*_RECORD_RELATED).filter(record_scope(user))
    if year:
        records = records.filter(year=year)
    if award_type_id:
        records = records.filter(award_type_id=award_type_id)
    if unit_id:
        records = records.filter(_nominee_of_unit(unit_id))
    if person_id:
        records = records.filter(nominee_person_id=person_id)
    if query:
        records = records.annotate(decision_folded=folded("decision_number")).filter(_record_search(query, walk=walk))
    return records.order_by("-year", "-award_rank", "id")


def records_by_id(ids: list[int]) -> dict[int, AwardRecord]:
    """The award records of `ids` with what a list shows of them, by id: a page's rows found by a search or a
    deep page's walk, read without the conditions that found them."""
    return AwardRecord.objects.select_related(*_RECORD_RELATED).in_bulk(ids)


def _nominee_of_unit(unit_id: int) -> Q:
    """The record's collective is the unit or a unit under it, or its person is of the unit: on the record's own
    indexed columns, the units and the people looked up first (two small queries). Through joins with the units
    and people, the database walked the records newest first, joining each, to find a page (0.5 s at scale 1)."""
    units = list(Unit.objects.filter(Q(pk=unit_id) | Q(parent_id=unit_id)).order_by().values_list("pk", flat=True))
    people = list(
        Person.objects.filter(unit_id=unit_id).order_by().values_list("pk", flat=True)[: _PEOPLE_LIST_LIMIT + 1]
    )
    if len(people) > _PEOPLE_LIST_LIMIT:
        return Q(nominee_unit_id__in=units) | Q(nominee_person__unit_id=unit_id)
    nominee = Q(nominee_unit_id__in=units) | _nominee_person_in(people)
    # Their records' ids too (a bitmap scan of the two nominee indexes): given only the nominees, the database may
    # walk every record newest first looking for a page of them (a unit with old records: most of the table).
    ids = list(AwardRecord.objects.filter(nominee).order_by().values_list("pk", flat=True)[: _UNIT_RECORDS_LIMIT + 1])
    if len(ids) > _UNIT_RECORDS_LIMIT:
        return nominee
    return _record_id_in(ids)


def _record_id_in(ids: list[int]) -> Q:
    if connection.vendor != "postgresql":
        return Q(pk__in=ids)
    return Q(RawSQL('"awards_awardrecord"."id" = ANY(%s::bigint[])', [ids], BooleanField()))


#: A unit's records are listed by id (`_nominee_of_unit`) up to this many.
_UNIT_RECORDS_LIMIT = 50_000


#: A search matching up to this many records is sorted in Python (see `search_page`).
SORT_AFTER_SEARCH_UP_TO = 20_000


def search_page(records, request, per_page: int, *, cache_as: tuple | None = None, walking=None) -> Page:
    """The page (`?page=`) of the records a search matches (`records`: the queryset, or a function returning
    it, called only when the cache does not have the answer), in their order (year, award rank, id descending,
    ascending), found in one pass when there are up to `SORT_AFTER_SEARCH_UP_TO` of them: their ids, years and
    ranks are read through the search's index scans and sorted here, and the page's records read by id.
    (Counting them and then asking the database for a page ordered by the year made it walk the index on the
    year, checking the search's conditions record after record, or join all matching records before sorting.)
    More matches: paged by the database (`_large_search_page`), the page found in `walking()` when given (the
    same records, as `award_records(walk=True)` finds them).

    `cache_as` (what the search was: the query, the filters, whose records): the sorted ids are kept in the
    cache until an award record, person, unit or award type changes (see `awards.cache`), so the next pages and
    the same search again read only the page's records."""

    make_records = functools.cache(records if callable(records) else lambda: records)

    def matching_ids() -> list[int] | None:
        keys = list(make_records().order_by().values_list("pk", "year", "award_rank")[: SORT_AFTER_SEARCH_UP_TO + 1])
        if len(keys) > SORT_AFTER_SEARCH_UP_TO:
            return None
        keys.sort(key=lambda key: (-key[1], -key[2], key[0]))
        return [key[0] for key in keys]

    if cache_as is None:
        ids = matching_ids()
    else:  # cached in a tuple: a bare None (too many to sort here) would read as "not in the cache"
        (ids,) = cached("search", cache_as, lambda: (matching_ids(),))
    if ids is None:  # too many to sort here: paged by the database, counted up to a bound
        return _large_search_page(make_records, walking, request, per_page, cache_as=cache_as)
    page = Paginator(ids, per_page).get_page(request.GET.get("page"))
    # the ids come from `records`: read them by primary key alone, without the search's conditions again
    by_pk = records_by_id(list(page.object_list))
    page.object_list = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    return page


def _large_search_page(make_records, walking, request, per_page: int, *, cache_as: tuple | None) -> Page:
    """A page of a search matching more than `SORT_AFTER_SEARCH_UP_TO` records ("nguyen": 300,000 at scale 10):
    counted up to `settings.PAGE_COUNT_BOUND` ("Hơn 10.000 kết quả", the count kept in the cache with the
    search), the pages past it reached by cursor (`clusters.web.paginate`). Counting all of them read the whole
    table (7.8-15 s at scale 10, issue 16). The page's rows are found in the order's index without the joins,
    then read by primary key: the joins planned for hundreds of thousands of rows joined the units by scanning
    them all for each row."""

    def count() -> int:  # as `clusters.web.BoundedPaginator` counts, on `records` (a walk would join them all)
        return make_records().order_by().values("pk")[: settings.PAGE_COUNT_BOUND + 1].count()

    def keep_count(_compute):
        return cached("search-count", cache_as, count) if cache_as is not None else count()

    ordered = walking() if walking is not None else make_records()
    page = paginate(request, ordered.select_related(None).only("pk"), per_page, keep_count=keep_count)
    by_pk = records_by_id([row.pk for row in page.object_list])
    page.object_list = [by_pk[row.pk] for row in page.object_list if row.pk in by_pk]
    return page


#: Above this many matching people, match them by a subquery instead of an array of ids.
_PEOPLE_LIST_LIMIT = 100_000
#: Up to this many words (and none in an award's name), the people matching all the words are looked up
#: together (see `_record_search`); above it, each word's people.
_COMBINATIONS_UP_TO = 3


def _record_search(query: str, *, walk: bool = False) -> Q:
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
    unit_names = dict(Unit.objects.annotate(f=folded_of(Unit, "name")).filter(any_word).values_list("pk", "f"))
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
        people = Person.objects.annotate(f=F("folded_name")).filter(condition).order_by().values("pk")
        if not listed:
            return Q(nominee_person_id__in=people)

        def listed_ids() -> tuple[list[int] | None]:
            ids = list(people[: _PEOPLE_LIST_LIMIT + 1].values_list("pk", flat=True))
            return (None if len(ids) > _PEOPLE_LIST_LIMIT else ids,)

        # kept in the cache (as the search's matches are): reading 27,000 people of "nguyen van" took 0.3 s
        (ids,) = cached("search-people", tuple(subset), listed_ids)
        if ids is None and not walk:
            return Q(nominee_person_id__in=people)
        if ids is None:  # a very common word ("nguyen": 128,000 people): checked on each record's person, so
            # that a page walks the records in their order and stops at the page (20 ms; a subquery first hashed
            # all the people, 0.25 s, on every page). Not for fewer people: with two words the planner expects
            # too many records and joins them all.
            joined = Q()
            for word in subset:
                joined &= Q(nominee_person__folded_name__contains=word) | Q(nominee_person__unit_id__in=units[word])
            return joined
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
            Person.objects.annotate(f=F("folded_name")).filter(f__contains=word).order_by().values_list("pk", flat=True)
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
    """The unit's own awards and those of its collectives (its people are on their own pages). The collectives are
    listed first, so that the records are read through the nominee index (issue 16: ORing the unit's and its
    children's records through a join with the units read all 500,000 records, 0.1 s at scale 1)."""
    collectives = list(Unit.objects.filter(parent=unit).values_list("pk", flat=True))
    return (
        AwardRecord.objects.filter(nominee_unit_id__in=[unit.pk, *collectives])
        .select_related("award_type", "nominee_unit")
        .order_by("-year", "-award_rank", "id")
    )


def decision_records(*, user, number: str) -> list[AwardRecord]:
    """The records of decision `number` that `user` reads (`record_scope`), in the decision list's order."""
    return list(
        AwardRecord.objects.filter(record_scope(user), decision_number=number)
        .select_related(*_RECORD_RELATED)
        .order_by("-award_type__rank", "nominee_unit__name", "nominee_person__full_name")
    )


def person_award_history(person: Person) -> QuerySet:
    return (
        AwardRecord.objects.filter(nominee_person=person)
        .select_related("award_type")
        .order_by("-year", "-award_type__rank")
    )


# --- Who may record what ----------------------------------------------------------------------------------
def _answered_proposals(rows: list[dict]) -> dict[tuple, Proposal]:
    """The approved proposal each row answers (the first by id), keyed like `awards.services.records`."""
    approved = Proposal.objects.filter(
        status=ProposalStatus.APPROVED,
        award_type_id__in={r["award_type_id"] for r in rows},
        year__in={r["year"] for r in rows},
    ).select_related("award_type", "proposing_unit")
    answered: dict[tuple, Proposal] = {}
    for proposal in approved.order_by("pk"):
        key = (proposal.award_type_id, proposal.year, proposal.nominee_unit_id, proposal.nominee_person_id)
        answered.setdefault(key, proposal)
    return answered


def record_refusals(*, actor, rows: list[dict]) -> list[list[str]]:
    """Why `actor` may not record each of `rows` (award records as `parse_workbook` reads them: award_type_id,
    year, nominee_unit_id or nominee_person_id, decision_date), one list of Vietnamese reasons per row, empty
    when allowed.

    A board records only the awards its authority grants (the central board: the Government's and the State's;
    a provincial board: the others), for nominees in its jurisdiction (`clusters.selectors.units`), and closes
    only the approved proposals its reviewers may decide (`awards.decide_proposal`); a system admin, or the
    system itself (`actor=None`), may record any. Whoever records it, a decision is not dated before the
    proposal it answers."""
    refusals: list[list[str]] = [[] for _row in rows]
    if not rows:
        return refusals
    answered = _answered_proposals(rows)
    proposals = [
        answered.get((row["award_type_id"], row["year"], row["nominee_unit_id"], row["nominee_person_id"]))
        for row in rows
    ]
    for reasons, row, proposal in zip(refusals, rows, proposals, strict=True):
        decided_on = row.get("decision_date")
        if isinstance(decided_on, str):
            decided_on = datetime.date.fromisoformat(decided_on)
        if proposal is not None and decided_on is not None and decided_on < proposal.proposal_date:
            reasons.append(
                _("Ngày quyết định %(decided)s trước ngày đề nghị %(proposed)s: kiểm tra lại ngày.")
                % {"decided": decided_on.strftime("%d/%m/%Y"), "proposed": proposal.proposal_date.strftime("%d/%m/%Y")}
            )
    if actor is None or getattr(actor, "is_system_admin", False):
        return refusals
    board = actor.unit if actor.role == Role.REVIEWER else None
    central = board is not None and board.kind == UnitKind.CENTRAL
    types = AwardType.objects.in_bulk({r["award_type_id"] for r in rows})
    person_units = dict(
        Person.objects.filter(pk__in={r["nominee_person_id"] for r in rows} - {None}).values_list("pk", "unit_id")
    )
    nominee_units = {r["nominee_unit_id"] or person_units.get(r["nominee_person_id"]) for r in rows} - {None}
    within = (
        nominee_units
        if central
        else set(units_in_jurisdiction(board).filter(pk__in=nominee_units).values_list("pk", flat=True))
    )
    board_name = str(board) if board is not None else _("đơn vị của bạn")
    for reasons, row, proposal in zip(refusals, rows, proposals, strict=True):
        award_type = types[row["award_type_id"]]
        authority_ok = board is not None and (award_type.level in NATIONAL_LEVELS) == central
        if not authority_ok:
            reasons.append(
                _("%(award)s do %(authority)s quyết định: %(board)s không ghi nhận khen thưởng này.")
                % {"award": award_type.name, "authority": award_type.authority, "board": board_name}
            )
        nominee_unit = row["nominee_unit_id"] or person_units.get(row["nominee_person_id"])
        if board is not None and nominee_unit not in within:
            reasons.append(_("Đối tượng không thuộc phạm vi của %(board)s.") % {"board": board_name})
        if proposal is not None and not reasons and not actor.has_perm("awards.decide_proposal", proposal):
            reasons.append(
                _("Khen thưởng này trả lời đề nghị của %(unit)s mà bạn không có quyền quyết định.")
                % {"unit": proposal.proposing_unit.name}
            )
    return refusals
