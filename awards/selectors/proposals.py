"""Reads of proposals: the lists, the live ones, and the facts their eligibility checks need."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from clusters.models import Membership, Person, PersonCategory, Role, Unit, UnitKind
from clusters.search import search

from ..eligibility import Facts, GroupFacts
from ..models import (
    COLLECTIVE_CATEGORIES,
    INDIVIDUAL_CATEGORIES,
    LEADER_CATEGORIES,
    AwardRecord,
    AwardTarget,
    AwardType,
    PerformanceRating,
    Proposal,
    ProposalStatus,
    RecipientCategory,
    default_recipient_category,
)
from .council import council_result
from .initiatives import linked_initiative_facts
from .registrations import registration_state
from .workflow import reviewer_scope

#: Proposals that still count: neither rejected nor turned into an award record yet.
LIVE_STATUSES = [
    ProposalStatus.DRAFT,
    ProposalStatus.SUBMITTED,
    ProposalStatus.UNDER_REVIEW,
    ProposalStatus.RETURNED,
    ProposalStatus.APPROVED,
]


def readable_proposals(user) -> QuerySet:
    """The proposals `user` reads (the one read rule of proposals, as `awards.view_proposal`): a system admin's
    all, a board's reviewers' those it reviews (`awards.selectors.workflow.reviewer_scope`), a unit's staff and
    leader those their unit proposes."""
    if user.is_system_admin:
        return Proposal.objects.all()
    if user.role == Role.REVIEWER:
        return Proposal.objects.filter(reviewer_scope(user))
    if user.unit_id:
        return Proposal.objects.filter(proposing_unit_id=user.unit_id)
    return Proposal.objects.none()


def proposal_scope_key(user) -> str:
    """What the proposals `user` reads (`readable_proposals`) depend on, for a cached read's key."""
    if user.is_system_admin:
        return "all"
    return f"{user.role}:{user.unit_id or 0}"


def proposing_units(user) -> QuerySet:
    """The units proposing a proposal `user` reads (`readable_proposals`): the proposal list's and the review
    queue's unit filter. A reviewer's are looked up first, as ids (one query through the indexes of the scope,
    `reviewer_scope`: the few hundred units of a province and its groups): as a subquery under the filter's bounded
    count (`LIMIT 201`) the database walked the whole index of the proposals' proposing units in unit order to
    join them (a provincial reviewer at scale 10: 310-610 ms on every page of both lists)."""
    ids = reviewer_proposing_unit_ids(user)
    if ids is not None:
        return Unit.objects.filter(pk__in=ids)
    return Unit.objects.filter(pk__in=readable_proposals(user).order_by().values("proposing_unit_id"))


def reviewer_proposing_unit_ids(user) -> list[int] | None:
    """A reviewer's `proposing_units` as a list of ids (None for anyone else): the unit filter offers them, and a
    search of a unit's name looks among them alone (`proposal_list`'s `among_units`)."""
    if user.is_authenticated and not user.is_system_admin and user.role == Role.REVIEWER:
        proposals = readable_proposals(user).order_by()
        return list(proposals.values_list("proposing_unit_id", flat=True).distinct())
    return None


def live_proposals(*, proposing_unit_id: int, year: int) -> QuerySet:
    return Proposal.objects.filter(proposing_unit_id=proposing_unit_id, year=year, status__in=LIVE_STATUSES)


# --- Facts for the eligibility checks -----------------------------------------------------------------
#: Readers of a group's year-end ballot: `(group_id=, year=, unit_id=) -> (ballot status, elected leading)`, or
#: None when they know no ballot. The ballot lives in emulation, which awards may not import: emulation
#: registers its reader here when it starts (emulation.apps).
LEADING_UNIT_SOURCES: list[Callable[..., tuple[str, bool] | None]] = []


def register_leading_unit_source(source: Callable[..., tuple[str, bool] | None]) -> None:
    if source not in LEADING_UNIT_SOURCES:
        LEADING_UNIT_SOURCES.append(source)


def _leading_unit_vote(*, group_id: int, year: int, unit_id: int | None) -> tuple[str, bool]:
    for source in LEADING_UNIT_SOURCES:
        answer = source(group_id=group_id, year=year, unit_id=unit_id)
        if answer is not None:
            return answer
    return "", False


#: How many years of ratings the checks may look back on (five-year windows, with room).
RATING_YEARS = 10


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
        ballot, elected = _leading_unit_vote(group_id=source.pk, year=proposal.year, unit_id=proposal.nominee_unit_id)
        group = GroupFacts(
            name=source.name,
            nominee_is_member=bool(proposal.nominee_unit_id)
            and Membership.objects.filter(group=source, year=proposal.year, unit_id=proposal.nominee_unit_id).exists(),
            organizer_is_central=source.organizer.kind == UnitKind.CENTRAL,
            proposals_for_award=Proposal.objects.filter(
                source_group=source, year=proposal.year, award_type_id=proposal.award_type_id, status__in=LIVE_STATUSES
            ).count(),
            ballot=ballot,
            elected_leading=elected,
        )
    ratings: dict[int, str] = {}
    if proposal.nominee_person_id:
        ratings = dict(
            PerformanceRating.objects.filter(
                person_id=proposal.nominee_person_id, year__range=(proposal.year - RATING_YEARS, proposal.year)
            ).values_list("year", "level")
        )
    members_total = None
    member_titles: dict[str, int] = {}
    member_pending: dict[str, int] = {}
    member_ratings: dict[str, int] = {}
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
        member_ratings = dict(
            PerformanceRating.objects.filter(
                person__unit_id=proposal.nominee_unit_id, person__is_active=True, year=proposal.year
            )
            .values_list("level")
            .annotate(n=Count("id"))
            .order_by()
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
    council = council_result(proposal.pk)
    if council is not None:  # the council voted in the app: its count, not the typed one
        council_members, council_votes_for = council.session.members_total, council.votes_for
        council_session = f"phiên họp Hội đồng ngày {council.session.held_on:%d/%m/%Y}"
    else:  # history without a session: the counts typed on the proposal
        council_members, council_votes_for, council_session = proposal.council_members, proposal.council_votes_for, ""
    return Facts(
        year=proposal.year,
        award_code=proposal.award_type.code,
        kind=proposal.kind,
        target=AwardTarget.COLLECTIVE if proposal.nominee_unit_id else AwardTarget.INDIVIDUAL,
        history=history,
        pending=pending,
        initiative_level=proposal.initiative_level,
        initiatives=linked_initiative_facts(proposal),
        discipline_free=proposal.discipline_free,
        council_members=council_members,
        council_votes_for=council_votes_for,
        council_session=council_session,
        group=group,
        members_total=members_total,
        member_titles=member_titles,
        member_titles_pending=member_pending,
        unit_counts=dict(unit_counts),
        ratings=ratings,
        member_ratings=member_ratings,
        names=dict(AwardType.objects.values_list("code", "name")),
        registration=registration_state(proposal),
    )


def proposal_list(
    *,
    base: QuerySet | None = None,
    year: int | None = None,
    kind: str = "",
    recipient_category: str = "",
    award_type_id: int | None = None,
    unit_id: int | None = None,
    group_id: int | None = None,
    status: str = "",
    eligibility_status: str = "",
    late: bool = False,
    query: str = "",
    among_units: list[int] | None = None,
) -> QuerySet:
    """The proposals of `base` matching the filters. `among_units`: the proposing units `base` is limited to, when
    known (`reviewer_proposing_unit_ids`): a search's words are looked up in their names alone. Words common in
    the country's unit names ("tinh", "lao", "dong" of a unit's long name typed in full) were otherwise matched
    against thousands of units, for the page, its count and its eligibility counts each (a province's reviewer's
    nine-word search at scale 10: 170 ms)."""
    # The group and the covering submission are read for the page's rows only (two small queries): joined, a
    # search whose words the database expects to match one row (every word's share multiplied) was joined with
    # them by scanning both tables once per matching proposal (the admin's nine-word unit search at scale 10:
    # 747 rows x 1,500 groups and 1,500 submissions, 540 ms; 90 ms without).
    proposals = (
        (base if base is not None else Proposal.objects.all())
        .select_related("award_type", "proposing_unit", "nominee_unit", "nominee_person", "nominee_person__unit")
        .prefetch_related("source_group", "submission")
    )
    if year:
        proposals = proposals.filter(year=year)
    if kind:
        proposals = proposals.filter(kind=kind)
    if recipient_category:
        proposals = proposals.filter(recipient_category=recipient_category)
    if award_type_id:
        proposals = proposals.filter(award_type_id=award_type_id)
    if unit_id:
        proposals = proposals.filter(proposing_unit_id=unit_id)
    if group_id:
        proposals = proposals.filter(_through_group(group_id))
    if status:
        proposals = proposals.filter(status=status)
    if eligibility_status:
        proposals = proposals.filter(eligibility_status=eligibility_status)
    if late:
        proposals = proposals.filter(is_late=True)
    if query:
        among = {"proposing_unit": among_units} if among_units is not None else None
        proposals = search(proposals, query, "nominee", "proposing_unit__name", among=among)
    return proposals.order_by("-year", "status", "-id")


# --- The nominees a unit proposes (the proposal form and the API) ---------------------------------------------------
def nominee_units(unit: Unit) -> QuerySet:
    """The collectives `unit` proposes: itself and the units directly inside it."""
    return Unit.objects.filter(Q(pk=unit.pk) | Q(parent=unit))


def nominee_people(unit: Unit) -> QuerySet:
    """The people `unit` proposes: the active people of itself and of the units directly inside it."""
    return Person.objects.filter(Q(unit=unit) | Q(unit__parent=unit), is_active=True)


def _through_group(group_id: int) -> Q:
    """Proposals that came through the group, or of a unit that was its member in the proposal's year: the
    group's members are listed first (a few hundred unit-years at most), so that the database reads the
    proposals through the (proposing unit, year) index, year by year, instead of joining every proposal with
    every membership and removing the duplicates (issue 16: 0.2 s at scale 1)."""
    units_by_year: dict[int, list[int]] = {}
    for unit_id, year in Membership.objects.filter(group_id=group_id).values_list("unit_id", "year").order_by():
        units_by_year.setdefault(year, []).append(unit_id)
    condition = Q(source_group_id=group_id)
    for year, units in sorted(units_by_year.items()):
        condition |= Q(year=year, proposing_unit_id__in=units)
    return condition


def recipient_category_for(
    *, category: str, nominee_unit: Unit | None, nominee_person: Person | None, required: bool = True
) -> str:
    """The recipient category of a nominee (`RecipientCategory`), checked against the register: a unit's comes from
    its entry (household, enterprise, other collective) and may not be chosen otherwise; a person's is chosen among
    the individuals' (a leader's level among the leaders' only, which the register does not hold: required when
    `required`, "" otherwise, e.g. for imported history); "" = the default. ValidationError in Vietnamese."""
    default = default_recipient_category(unit=nominee_unit, person=nominee_person)
    if category and category not in RecipientCategory.values:
        raise ValidationError({"recipient_category": _("Phân loại đối tượng không hợp lệ.")})
    if nominee_unit is not None:
        if category and category not in COLLECTIVE_CATEGORIES:
            raise ValidationError(
                {
                    "recipient_category": _("%(u)s là tập thể: không xếp vào phân loại của cá nhân.")
                    % {"u": nominee_unit}
                }
            )
        if category and category != default:
            raise ValidationError(
                {
                    "recipient_category": _(
                        "%(u)s được đăng ký là «%(registered)s», không phải «%(chosen)s»: sửa đơn vị trong danh mục "
                        "nếu đăng ký sai."
                    )
                    % {
                        "u": nominee_unit,
                        "registered": RecipientCategory(default).label,
                        "chosen": RecipientCategory(category).label,
                    }
                }
            )
        return default
    if nominee_person is None:
        return category
    if category and category not in INDIVIDUAL_CATEGORIES:
        raise ValidationError(
            {
                "recipient_category": _("%(p)s là cá nhân: không xếp vào phân loại của tập thể.")
                % {"p": nominee_person.full_name}
            }
        )
    is_leader = nominee_person.category == PersonCategory.LEADER
    if is_leader and not category:
        if not required:
            return ""
        raise ValidationError(
            {
                "recipient_category": _(
                    "%(p)s là lãnh đạo, quản lý: chọn cấp lãnh đạo (bộ, ban, ngành, tỉnh; vụ, cục, sở; phòng) hoặc "
                    "doanh nhân trong «Phân loại đối tượng»."
                )
                % {"p": nominee_person.full_name}
            }
        )
    if not is_leader and category in LEADER_CATEGORIES:
        raise ValidationError(
            {
                "recipient_category": _(
                    "%(p)s không được đăng ký là lãnh đạo, quản lý: không xếp vào «%(chosen)s». Sửa thông tin cá nhân "
                    "nếu đăng ký sai."
                )
                % {"p": nominee_person.full_name, "chosen": RecipientCategory(category).label}
            }
        )
    return category or default
