"""Reads of accounts: whose accounts an administrator manages, the searchable list, who is locked out."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from ..concurrency import state_version
from ..models import Role, Unit, UnitKind, User
from ..names import name_order
from ..search import search
from .units import units_in_jurisdiction, units_under_kind

#: The roles a board's administrator gives: its units' leaders and staff.
BOARD_ADMIN_ROLES = (Role.STAFF, Role.LEADER)
#: The roles a system admin gives in the app (system admins themselves are made by developers).
SYSTEM_ADMIN_ROLES = (Role.STAFF, Role.LEADER, Role.REVIEWER, Role.BOARD_ADMIN)
#: The roles held at a board (its unit is a board), and those held at any other unit.
BOARD_ROLES = (Role.REVIEWER, Role.BOARD_ADMIN)
BOARD_KINDS = (UnitKind.BOARD, UnitKind.CENTRAL)


def account_units(board: Unit) -> QuerySet:
    """The units whose leaders' and staff's accounts a board's administrators manage: a provincial board, the
    units of its province (`units_in_jurisdiction`); the central board, the central agencies and their units
    (every unit outside the provinces). The boards themselves are the system admin's."""
    if board.kind == UnitKind.CENTRAL:
        in_provinces = units_under_kind(UnitKind.PROVINCE)
        units = Unit.objects.exclude(pk__in=in_provinces).exclude(pk=board.pk)
    else:
        units = units_in_jurisdiction(board).exclude(kind=UnitKind.CENTRAL)
    return units.exclude(kind=UnitKind.BOARD)


def manageable_units(actor: User) -> QuerySet:
    """The units `actor` may give accounts in: every unit for a system admin, `account_units` for a board's
    administrator, none for anyone else."""
    if actor.is_system_admin:
        return Unit.objects.all()
    if actor.is_active and actor.role == Role.BOARD_ADMIN and actor.unit_id:
        return account_units(actor.unit)
    return Unit.objects.none()


def assignable_roles(actor: User) -> tuple[str, ...]:
    if actor.is_system_admin:
        return SYSTEM_ADMIN_ROLES
    if actor.is_active and actor.role == Role.BOARD_ADMIN:
        return BOARD_ADMIN_ROLES
    return ()


def manageable_accounts(actor: User, *, units_listed: bool = False) -> QuerySet:
    """The accounts `actor` manages: a system admin, every account but the system admins'; a board's
    administrator, the leaders and staff of `account_units`. `units_listed`: those units are listed first (one
    small query) and matched by id, for a list that reads many accounts (`account_list`)."""
    # service accounts (API tokens) are managed with their tokens (clusters.services.tokens), not as accounts
    users = User.objects.filter(role__in=assignable_roles(actor), is_superuser=False, is_service=False)
    if not actor.is_system_admin:
        units = manageable_units(actor)
        if units_listed:  # (none listed: the subquery, so that the page runs the same queries whatever the data)
            units = list(units.order_by().values_list("pk", flat=True)) or units
        users = users.filter(unit__in=units)
    return users


def manages(actor: User, user: User) -> bool:
    return user.pk != actor.pk and manageable_accounts(actor).filter(pk=user.pk).exists()


def _lockout_since() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=float(settings.AXES_COOLOFF_TIME))


def locked_attempts() -> QuerySet:
    """django-axes' records of logins refused for too many failures, still within the cool-off."""
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=_lockout_since()
    )


def is_locked(user: User) -> bool:
    return locked_attempts().filter(username=user.username).exists()


def account_list(
    *, actor: User, query: str = "", unit: Unit | None = None, role: str = "", active: str = "", locked: bool = False
) -> QuerySet:
    """The accounts `actor` manages, searched (accent-insensitive: username, name, e-mail) and filtered; each
    with `is_locked`.

    Issue 16 (40,000 accounts, 20,000 units at scale 10): a board administrator's units are listed first (a small
    query, ~350 units) and matched by id, so that the database fetches their accounts through the unit index
    instead of hashing every account against a subquery it cannot size; the accounts locked out are listed the same
    way (they are few) for the "locked" filter; every account listed has a unit (the system admins', who have none,
    are not listed), which makes the join with the units an inner one that the database may drive from the units'
    name index (the list's order), a page's worth of units and their accounts, instead of joining and sorting every
    account (an outer join has to start from the accounts)."""
    users = manageable_accounts(actor, units_listed=True).filter(unit__name__isnull=False).select_related("unit")
    if unit is not None:
        users = users.filter(unit=unit)
    if role:
        users = users.filter(role=role)
    if active in ("1", "0"):
        users = users.filter(is_active=active == "1")
    users = users.annotate(is_locked=Exists(locked_attempts().filter(username=OuterRef("username"))))
    if locked:
        users = users.filter(username__in=list(locked_attempts().values_list("username", flat=True).distinct()))
    if query:
        users = search(users, query, "username", "full_name", "email")
    return users.order_by("unit__name", *name_order(), "username")


def account_counts(actor: User) -> dict[str, int]:
    """For the dashboard: how many accounts `actor` manages, how many are locked out or deactivated."""
    users = manageable_accounts(actor)
    locked = users.filter(Exists(locked_attempts().filter(username=OuterRef("username"))))
    return {
        "total": users.count(),
        "locked": locked.count(),
        "inactive": users.filter(~Q(is_active=True)).count(),
    }


def account_version(user: User) -> str:
    """The version of an account as its edit form shows it (a `state_version`: accounts have no `updated_at`)."""
    return state_version([(user.get_full_name(), user.email, user.role, user.unit_id, user.position, user.is_active)])
