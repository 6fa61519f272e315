"""Object-level permissions for the organisation, as `rules` predicates.

Every view checks one of the permissions below with the object it touches, so
a user of Lạng Sơn can neither see the drafts of nor edit Lào Cai's data.
Chair powers come from the yearly term: the chair unit's leader and staff
manage that group for that year only.

The other apps add their own permissions in their `rules.py`, reusing the
predicates exported here. Services check the same permissions again with
`require()`, which gives a missing actor its one meaning (the system).
"""

from __future__ import annotations

from typing import NamedTuple

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import EmulationGroup, MemberRole, Membership, Person, Role, Unit, User
from .selectors.accounts import manages
from .selectors.units import in_jurisdiction, reads_unit


class GroupYear(NamedTuple):
    """A group in one year: the object of permissions that depend on the yearly term."""

    group: EmulationGroup
    year: int


def _unit_id_of(obj) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, Unit):
        return obj.pk
    return getattr(obj, "unit_id", None)


@rules.predicate
def is_system_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_system_admin)


@rules.predicate
def is_reviewer(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.REVIEWER)


@rules.predicate
def is_unit_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.STAFF)


@rules.predicate
def is_unit_leader(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.LEADER)


is_unit_user = is_unit_staff | is_unit_leader


@rules.predicate
def is_board_admin(user) -> bool:
    """An administrator of a board (Ban Thi đua - Khen thưởng): manages its units' accounts."""
    return bool(user.is_authenticated and user.is_active and user.role == Role.BOARD_ADMIN and user.unit_id)


@rules.predicate
def manages_account(user, obj) -> bool:
    """The account `obj` is one `user` manages (clusters.selectors.accounts.manageable_accounts), never their own."""
    return bool(user.is_authenticated and isinstance(obj, User) and manages(user, obj))


@rules.predicate
def belongs_to_object_unit(user, obj) -> bool:
    """The object (a unit, or anything with `unit_id`) is the user's own unit."""
    unit_id = _unit_id_of(obj)
    return bool(user.is_authenticated and unit_id is not None and user.unit_id == unit_id)


@rules.predicate
def reads_object_unit(user, obj) -> bool:
    """The object (a unit, or anything with `unit_id`) is in the units whose data the user reads: the one read
    rule of every role, `clusters.selectors.units.readable_units`."""
    return reads_unit(user, _unit_id_of(obj))


@rules.predicate
def organises_group(user, obj) -> bool:
    """The user is a reviewer at the board that organises the group."""
    group = obj.group if isinstance(obj, GroupYear | Membership) else obj
    if not isinstance(group, EmulationGroup):
        return False
    return bool(user.is_authenticated and user.role == Role.REVIEWER and user.unit_id == group.organizer_id)


@rules.predicate
def chairs_group_year(user, obj) -> bool:
    """The user's unit chairs the group in that year (staff and leader alike)."""
    if not isinstance(obj, GroupYear) or not user.is_authenticated or user.unit_id is None:
        return False
    return Membership.objects.filter(
        group=obj.group, year=obj.year, unit_id=user.unit_id, role=MemberRole.CHAIR
    ).exists()


@rules.predicate
def member_of_group_year(user, obj) -> bool:
    if not isinstance(obj, GroupYear) or not user.is_authenticated or user.unit_id is None:
        return False
    return Membership.objects.filter(group=obj.group, year=obj.year, unit_id=user.unit_id).exists()


def require(actor: User | None, perm: str, obj=None, *, message: str | None = None) -> None:
    """Refuse (`PermissionDenied`) unless `actor` holds `perm` on `obj`.

    Services call it with the permission their view checks, so no caller can skip the check. A missing actor
    (`actor=None`) is the system acting — a Celery task, a management command, a data load, the demo — and is
    allowed; the audit row the service writes then has no actor. A request never passes None: views pass
    `request.user`, and an anonymous user is refused like any user without the permission. `message` replaces
    the generic refusal shown to the user.
    """
    if actor is not None and not actor.has_perm(perm, obj):
        raise PermissionDenied(message or _("Bạn không có quyền thực hiện thao tác này."))


# --- Units ---------------------------------------------------------------------------
rules.add_perm("clusters.view_unit", rules.is_authenticated & rules.is_active)
rules.add_perm("clusters.add_unit", is_system_admin)
rules.add_perm("clusters.change_unit", is_system_admin | (is_unit_user & belongs_to_object_unit))
#: A unit's people, a person (object: the unit, the person): the one read rule (`readable_units`).
rules.add_perm("clusters.view_unit_people", is_system_admin | reads_object_unit)
rules.add_perm("clusters.add_person", is_system_admin | (is_unit_user & belongs_to_object_unit))

# --- People ----------------------------------------------------------------------------
rules.add_perm("clusters.view_person", is_system_admin | reads_object_unit)
rules.add_perm("clusters.change_person", is_system_admin | (is_unit_user & belongs_to_object_unit))

# --- Clusters and blocs -------------------------------------------------------------
rules.add_perm("clusters.view_emulationgroup", rules.is_authenticated & rules.is_active)
rules.add_perm("clusters.add_emulationgroup", is_system_admin | is_reviewer)
rules.add_perm("clusters.change_emulationgroup", is_system_admin | organises_group)
#: Manage the members and roles of a group for a year (object: GroupYear).
rules.add_perm("clusters.manage_membership", is_system_admin | organises_group)
#: Run the group's yearly business (object: GroupYear): the organiser, or the chair unit that year.
rules.add_perm("clusters.manage_group_year", is_system_admin | organises_group | chairs_group_year)
#: A group's audit history (object: the group): its organising board and system admins.
rules.add_perm("clusters.view_audit", is_system_admin | organises_group)

# --- Accounts ---------------------------------------------------------------------------------
#: Open the accounts list and create accounts (the units and roles offered follow the jurisdiction).
rules.add_perm("clusters.manage_accounts", is_system_admin | is_board_admin)


@rules.predicate
def owns_receiver(user, receiver) -> bool:
    """A webhook receiver registered by `user`'s own board."""
    return receiver is not None and user.unit_id is not None and receiver.board_id == user.unit_id


# webhooks (issue 20 item 2): each board's administrator registers and watches its own receivers
rules.add_perm("clusters.manage_webhooks", is_system_admin | is_board_admin)
rules.add_perm("clusters.change_webhookreceiver", is_system_admin | (is_board_admin & owns_receiver))
#: Edit, deactivate, reactivate, send a password link to, unlock an account (object: the User).
rules.add_perm("clusters.change_account", (is_system_admin | is_board_admin) & manages_account)


# API tokens of service accounts (issue 20 item 1): each board's administrator its own board's
@rules.predicate
def owns_token(user, token) -> bool:
    return token is not None and user.unit_id is not None and getattr(token, "board_id", None) == user.unit_id


rules.add_perm("clusters.manage_api_tokens", is_system_admin | is_board_admin)
rules.add_perm("clusters.change_apitoken", is_system_admin | (is_board_admin & owns_token))

# --- Excel imports ------------------------------------------------------------------------------
#: Set up units, collectives and people from Excel (the rows limited to the board's jurisdiction, as accounts);
#: accounts are imported with `clusters.manage_accounts`.
rules.add_perm("clusters.import_organisation", is_system_admin | is_board_admin)


# --- The register of emulation and commendation bodies and their staff (statutory forms 0604, 0605) ------------
@rules.predicate
def registers_tdkt_of(user, obj) -> bool:
    """The object is in the register of the user's board: the board itself (a Unit), a body (TdktBody) or a staff
    member (StaffMember) whose unit is in its jurisdiction."""
    if not user.is_authenticated or user.unit_id is None or obj is None:
        return False
    if isinstance(obj, Unit):
        return obj.pk == user.unit_id
    body = getattr(obj, "body", obj)
    return in_jurisdiction(user.unit, body.unit_id)


#: See and keep the register (object: the board Unit, a TdktBody, a StaffMember): the board's reviewers, who
#: compile the statistics that count it.
rules.add_perm("clusters.manage_tdkt", is_system_admin | (is_reviewer & registers_tdkt_of))

__all__ = [
    "GroupYear",
    "Person",
    "belongs_to_object_unit",
    "is_board_admin",
    "manages_account",
    "chairs_group_year",
    "is_reviewer",
    "is_system_admin",
    "is_unit_leader",
    "is_unit_staff",
    "is_unit_user",
    "member_of_group_year",
    "organises_group",
    "reads_object_unit",
    "require",
]
