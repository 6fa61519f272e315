"""Reads of registrations of titles: a user's list, a board's consolidated list, whether a nominee registered."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from clusters.models import Role, Unit, UnitKind
from clusters.selectors.units import boards_over

from ..models import (
    AwardKind,
    AwardRound,
    Proposal,
    Registration,
    RegistrationEntry,
    RegistrationStatus,
    RoundPurpose,
)

#: Registrations that count as sent: a nominee in one of them has registered.
SENT = [RegistrationStatus.SUBMITTED, RegistrationStatus.ACCEPTED]


def board_of(unit: Unit) -> Unit | None:
    """The board a unit sends its registration to: the nearest board (Ban Thi đua - Khen thưởng) over it; a board
    sends to the central board."""
    if unit.kind == UnitKind.BOARD:
        return Unit.objects.filter(kind=UnitKind.CENTRAL).order_by("pk").first()
    return boards_over(unit).filter(kind=UnitKind.BOARD).exclude(pk=unit.pk).order_by("-pk").first()


def readable_registrations(user) -> QuerySet:
    """Registrations `user` reads: a system admin all; a board's reviewers those sent to their board; a unit's staff
    and leader their unit's."""
    registrations = Registration.objects.select_related("unit", "recipient")
    if not user.is_authenticated or not user.is_active:
        return registrations.none()
    if user.is_system_admin:
        return registrations
    if user.role == Role.REVIEWER and user.unit_id:
        return registrations.filter(recipient_id=user.unit_id).exclude(status=RegistrationStatus.DRAFT)
    if user.role in (Role.STAFF, Role.LEADER) and user.unit_id:
        return registrations.filter(unit_id=user.unit_id)
    return registrations.none()


def registration_list(*, user, year: int | None = None, status: str = "") -> QuerySet:
    registrations = readable_registrations(user)
    if year:
        registrations = registrations.filter(year=year)
    if status:
        registrations = registrations.filter(status=status)
    return registrations.order_by("-year", "unit__name", "id")


def consolidated_entries(*, board: Unit, year: int) -> QuerySet:
    """The entries of the accepted registrations a board received for a year, by title and unit."""
    return (
        RegistrationEntry.objects.filter(
            registration__recipient=board, registration__year=year, registration__status=RegistrationStatus.ACCEPTED
        )
        .select_related("award_type", "nominee_unit", "nominee_person", "registration__unit")
        .order_by("-award_type__rank", "award_type__name", "registration__unit__name", "id")
    )


def registration_rounds(*, unit_id: int, year: int) -> QuerySet:
    return AwardRound.objects.filter(
        purpose=RoundPurpose.REGISTRATION, year=year, board__in=boards_over(unit_id)
    ).order_by("due_date")


def registration_state(proposal: Proposal) -> str | None:
    """For the eligibility check `registered`: None when registrations are not in use for the proposal (a form of
    award, not a title; or the proposing unit's year has neither a registration round nor a registration); else
    the status of the sent registration naming the nominee for the title, "" when none does."""
    if proposal.award_type.kind != AwardKind.TITLE:
        return None
    unit_id, year = proposal.proposing_unit_id, proposal.year
    in_use = (
        Registration.objects.filter(unit_id=unit_id, year=year).exists()
        or registration_rounds(unit_id=unit_id, year=year).exists()
    )
    if not in_use:
        return None
    nominee = (
        Q(nominee_unit_id=proposal.nominee_unit_id)
        if proposal.nominee_unit_id
        else Q(nominee_person_id=proposal.nominee_person_id)
    )
    statuses = set(
        RegistrationEntry.objects.filter(
            nominee, award_type_id=proposal.award_type_id, registration__year=year, registration__status__in=SENT
        ).values_list("registration__status", flat=True)
    )
    if RegistrationStatus.ACCEPTED in statuses:
        return "accepted"
    if RegistrationStatus.SUBMITTED in statuses:
        return "submitted"
    return ""
