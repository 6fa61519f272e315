"""Reads of the initiative register: who reads which initiatives (the one read rule of units' data), the list with
its search and filters, a person's initiatives, the facts the eligibility checks read, and the year's Chiến sĩ thi
đua candidates without a recognised initiative of the scope their title needs."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from clusters.models import Person, Role, Unit, UnitKind
from clusters.search import fold, folded
from clusters.selectors.units import in_jurisdiction, reads_unit, unit_scope

from ..eligibility import InitiativeFacts
from ..models import Initiative, InitiativeAuthor, InitiativeScope, Proposal, ProposalInitiative, ProposalStatus

#: The scope of effect each Chiến sĩ thi đua title needs of an initiative (Law 2022 Art. 21.2, 22.2, 23.2), lowest
#: first; the cơ sở title asks an initiative only of someone not rated excellent.
TITLE_SCOPES = {
    "CSTD_CO_SO": [InitiativeScope.CO_SO, InitiativeScope.PROVINCE, InitiativeScope.NATIONAL],
    "CSTD_CAP_TINH": [InitiativeScope.PROVINCE, InitiativeScope.NATIONAL],
    "CSTD_TOAN_QUOC": [InitiativeScope.NATIONAL],
}


def readable_initiatives(user) -> QuerySet:
    """The initiatives `user` reads: those of the units whose data they read (`clusters.selectors.units`)."""
    if not user.is_authenticated or not user.is_active:
        return Initiative.objects.none()
    return Initiative.objects.filter(unit_scope(user, "unit"))


def edits_unit_initiatives(user, unit: Unit | int | None) -> bool:
    """`user` enters and edits the initiatives of `unit`: a system admin; the unit's staff and leader (their unit
    and the units directly inside it, as they read them); the people of a board (its reviewers, staff and leader)
    whose jurisdiction holds the unit."""
    if unit is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_system_admin:
        return True
    if not user.unit_id:
        return False
    own = user.unit
    if own.kind in (UnitKind.BOARD, UnitKind.CENTRAL):
        return user.role in (Role.REVIEWER, Role.STAFF, Role.LEADER) and in_jurisdiction(own, unit)
    return user.role in (Role.STAFF, Role.LEADER) and reads_unit(user, unit)


def editable_units(user) -> QuerySet:
    """The units whose initiatives `user` enters (`edits_unit_initiatives`), for the form's choice."""
    from clusters.selectors.units import readable_units, units_in_jurisdiction

    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.is_system_admin:
        return Unit.objects.all()
    if not user.unit_id:
        return Unit.objects.none()
    own = user.unit
    if own.kind in (UnitKind.BOARD, UnitKind.CENTRAL):
        if user.role not in (Role.REVIEWER, Role.STAFF, Role.LEADER):
            return Unit.objects.none()
        return Unit.objects.all() if own.kind == UnitKind.CENTRAL else units_in_jurisdiction(own)
    if user.role not in (Role.STAFF, Role.LEADER):
        return Unit.objects.none()
    return readable_units(user)


def _matching(initiatives: QuerySet, query: str) -> QuerySet:
    """Every word of `query` in the title, the decision number or an author's name, accent-insensitively."""
    words = fold(query).split()
    if not words:
        return initiatives
    initiatives = initiatives.annotate(_f_title=folded("title"), _f_number=folded("decision_number"))
    for word in words:
        authors = InitiativeAuthor.objects.annotate(_f=folded("person__full_name")).filter(_f__contains=word)
        initiatives = initiatives.filter(
            Q(_f_title__contains=word) | Q(_f_number__contains=word) | Q(pk__in=authors.values("initiative_id"))
        )
    return initiatives


def initiative_list(
    *, user, query: str = "", scope: str = "", year: int | None = None, unit_id: int | None = None
) -> QuerySet:
    initiatives = readable_initiatives(user).select_related("unit", "recognising_body")
    if scope:
        initiatives = initiatives.filter(scope=scope)
    if year:
        initiatives = initiatives.filter(
            decision_date__gte=datetime.date(year, 1, 1), decision_date__lte=datetime.date(year, 12, 31)
        )
    if unit_id:
        initiatives = initiatives.filter(unit_id=unit_id)
    if query:
        initiatives = _matching(initiatives, query)
    authors = InitiativeAuthor.objects.select_related("person").order_by("-share", "id")
    return initiatives.prefetch_related(Prefetch("authors", queryset=authors)).order_by("-decision_date", "-id")


def initiative_units(user) -> QuerySet:
    """The units of the initiatives `user` reads, for the list's filter."""
    return Unit.objects.filter(pk__in=readable_initiatives(user).values("unit_id")).order_by("name")


def person_initiatives(person: Person | None) -> QuerySet:
    """The recognised initiatives `person` is an author of, newest first."""
    if person is None:
        return Initiative.objects.none()
    return Initiative.objects.filter(authors__person=person).order_by("-decision_date", "-id").distinct()


def linked_initiative_facts(proposal: Proposal) -> tuple[InitiativeFacts, ...]:
    """For the eligibility checks: the initiatives the proposal links of which its nominee is an author."""
    if not proposal.pk or not proposal.nominee_person_id:
        return ()
    links = ProposalInitiative.objects.filter(
        proposal_id=proposal.pk, initiative__authors__person_id=proposal.nominee_person_id
    ).select_related("initiative")
    return tuple(
        InitiativeFacts(
            title=link.initiative.title,
            level=link.initiative.level,
            recognised_on=link.initiative.decision_date,
            decision_number=link.initiative.decision_number,
        )
        for link in links.order_by("-initiative__decision_date", "initiative_id")
    )


def candidates_without_initiative(*, user, year: int) -> QuerySet:
    """The year's live or decided proposals of a Chiến sĩ thi đua title that `user` reads whose nominee has no
    linked initiative (of which they are an author) of the scope the title needs, recognised by the end of the
    year."""
    from .proposals import readable_proposals  # which imports this module for the eligibility facts

    until = datetime.date(year, 12, 31)
    missing = Q()
    for code, scopes in TITLE_SCOPES.items():
        enough = ProposalInitiative.objects.filter(
            proposal_id=OuterRef("pk"),
            initiative__scope__in=scopes,
            initiative__decision_date__lte=until,
            initiative__authors__person_id=OuterRef("nominee_person_id"),
        )
        missing |= Q(award_type__code=code) & ~Exists(enough)
    return (
        readable_proposals(user)
        .filter(missing, year=year, nominee_person__isnull=False)
        .exclude(status=ProposalStatus.REJECTED)
        .select_related("award_type", "nominee_person", "proposing_unit")
        .order_by("-award_type__rank", "proposing_unit__name", "nominee_person__full_name", "id")
    )
