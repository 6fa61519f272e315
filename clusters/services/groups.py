"""Writes of clusters and blocs and their yearly members and officers: keyword-only, each in one transaction,
each leaving an audit row."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..concurrency import claim_state, claim_version, save_unique
from ..models import EmulationGroup, MemberRole, Membership, Unit, User
from ..selectors.groups import memberships_version
from ..selectors.units import units_active_in, units_in_jurisdiction
from .audit import apply_changes, record_audit


@transaction.atomic
def group_create(*, actor: User | None, **fields) -> EmulationGroup:
    group = EmulationGroup(**fields)
    group.full_clean()
    save_unique(group)
    record_audit(actor=actor, action="group.create", target=group, summary=group.name, unit=group.organizer)
    return group


@transaction.atomic
def group_update(*, actor: User | None, group: EmulationGroup, version=None, **fields) -> EmulationGroup:
    claim_version(group, version)
    changed = apply_changes(group, fields)
    if changed:
        group.full_clean()
        group.save()
        record_audit(
            actor=actor, action="group.update", target=group, summary=group.name, data=changed, unit=group.organizer
        )
    return group


#: Checks other apps register (emulation: the year's pledge is open or signed, its scoring or ballot closed):
#: each takes (group, year) and returns why that year's members and officers may not change, or None.
#: clusters imports no other app, so they hand the check in from their AppConfig.ready.
_membership_freezes: list[Callable[[EmulationGroup, int], str | None]] = []


def register_membership_freeze(check: Callable[[EmulationGroup, int], str | None]) -> None:
    """Register a check that may freeze a group's members for a year (idempotent)."""
    if check not in _membership_freezes:
        _membership_freezes.append(check)


def membership_frozen_reason(*, group: EmulationGroup, year: int) -> str | None:
    """Why the group's members and officers of `year` may not change now, or None if they may."""
    for check in _membership_freezes:
        reason = check(group, year)
        if reason:
            return reason
    return None


@transaction.atomic
def membership_set(
    *,
    actor: User | None,
    group: EmulationGroup,
    year: int,
    units: Iterable[Unit],
    chair: Unit | None,
    vice_chair: Unit | None = None,
    standing_agency: Unit | None = None,
    version: str | None = None,
) -> list[Membership]:
    """Replace the group's members and officers for `year` in one step (`version`: the members' version the
    form was opened on, `clusters.selectors.groups.memberships_version`; changed since: ConflictError).

    The chair, vice-chair and standing agency must be among the members and the
    chair and vice-chair must differ; the database enforces it too.
    """
    units = list({u.pk: u for u in units}.values())
    unit_ids = {u.pk for u in units}
    errors = {}
    if chair is not None and chair.pk not in unit_ids:
        errors["chair"] = _("Đơn vị trưởng phải là thành viên của cụm, khối trong năm.")
    if vice_chair is not None and vice_chair.pk not in unit_ids:
        errors["vice_chair"] = _("Đơn vị phó phải là thành viên của cụm, khối trong năm.")
    if chair is not None and vice_chair is not None and chair.pk == vice_chair.pk:
        errors["vice_chair"] = _("Đơn vị trưởng và đơn vị phó phải khác nhau.")
    if standing_agency is not None and standing_agency.pk not in unit_ids:
        errors["standing_agency"] = _("Cơ quan thường trực phải là thành viên của khối trong năm.")
    if errors:
        raise ValidationError(errors)

    EmulationGroup.objects.select_for_update().get(pk=group.pk)  # one members form saves at a time
    claim_state(version, memberships_version(group=group, year=year))
    existing = {m.unit_id: m for m in Membership.objects.select_for_update().filter(group=group, year=year)}
    frozen = membership_frozen_reason(group=group, year=year)
    if frozen:
        wanted = {
            unit.pk: (
                MemberRole.CHAIR
                if chair is not None and unit.pk == chair.pk
                else MemberRole.VICE_CHAIR
                if vice_chair is not None and unit.pk == vice_chair.pk
                else MemberRole.MEMBER,
                standing_agency is not None and unit.pk == standing_agency.pk,
            )
            for unit in units
        }
        if wanted != {uid: (m.role, m.is_standing_agency) for uid, m in existing.items()}:
            raise ValidationError(frozen)
        return list(existing.values())  # nothing changes: nothing to write (the database would refuse it)
    refused = _units_refused(group=group, year=year, units=units)  # after the freeze: that reason comes first
    if refused:
        raise ValidationError({"units": refused})
    removed = [m for uid, m in existing.items() if uid not in unit_ids]
    Membership.objects.filter(pk__in=[m.pk for m in removed]).delete()
    # Reset roles first so the partial unique constraints never see two chairs.
    Membership.objects.filter(group=group, year=year).update(role=MemberRole.MEMBER, is_standing_agency=False)
    result = []
    for unit in units:
        role = MemberRole.MEMBER
        if chair is not None and unit.pk == chair.pk:
            role = MemberRole.CHAIR
        elif vice_chair is not None and unit.pk == vice_chair.pk:
            role = MemberRole.VICE_CHAIR
        standing = standing_agency is not None and unit.pk == standing_agency.pk
        membership, _created = Membership.objects.update_or_create(
            group=group, year=year, unit=unit, defaults={"role": role, "is_standing_agency": standing}
        )
        result.append(membership)
    record_audit(
        actor=actor,
        action="group.members_set",
        target=group,
        unit=group.organizer,
        summary=_("Thành viên năm %(year)s: %(count)s đơn vị") % {"year": year, "count": len(units)},
        data={
            "year": year,
            "units": sorted(unit_ids),
            "chair": chair.pk if chair else None,
            "vice_chair": vice_chair.pk if vice_chair else None,
            "standing_agency": standing_agency.pk if standing_agency else None,
            "removed": sorted(m.unit_id for m in removed),
        },
    )
    return result


def _units_refused(*, group: EmulationGroup, year: int, units: list[Unit]) -> list[str]:
    """Why some of `units` cannot be members of `group` in `year` (empty: none refused).

    - A unit must be active in that year (the database checks it too): the Gia Lai formed on 1/7/2025 is no
      member in 2023.
    - The board enrols only units in its jurisdiction (`clusters.selectors.units.units_in_jurisdiction`; the
      central board: any). Units carried on (members of the group that year or the year before, or the successor
      of one after a merger) are not enrolled anew: the check is on who joins.
    """
    messages = []
    active = set(units_active_in(year).filter(pk__in=[u.pk for u in units]).values_list("pk", flat=True))
    inactive = [u for u in units if u.pk not in active]
    if inactive:
        messages.append(
            _("Không hoạt động trong năm %(year)s: %(units)s.")
            % {"year": year, "units": ", ".join(str(u) for u in inactive)}
        )
    carried = set(Membership.objects.filter(group=group, year__in=[year, year - 1]).values_list("unit_id", flat=True))
    carried |= set(Unit.objects.filter(predecessors__in=carried).values_list("pk", flat=True))
    joining = {u.pk for u in units} - carried
    if joining:
        allowed = set(units_in_jurisdiction(group.organizer).filter(pk__in=joining).values_list("pk", flat=True))
        outside = [u for u in units if u.pk in joining - allowed]
        if outside:
            messages.append(
                _("Ngoài phạm vi của %(board)s, không kết nạp được: %(units)s.")
                % {"board": group.organizer, "units": ", ".join(str(u) for u in outside)}
            )
    return messages


@transaction.atomic
def membership_copy_year(
    *,
    actor: User | None,
    group: EmulationGroup,
    from_year: int,
    to_year: int,
    chair: Unit | None = None,
    vice_chair: Unit | None = None,
) -> list[Membership]:
    """Start `to_year` with last year's members (units still active), optionally with new officers."""
    previous = Membership.objects.filter(group=group, year=from_year).select_related("unit", "unit__successor")
    units = []
    for membership in previous:
        unit = membership.unit
        # A unit merged away is replaced by its successor.
        while unit.successor_id and unit.active_to and unit.active_to.year < to_year:
            unit = unit.successor
        units.append(unit)
    try:
        return membership_set(actor=actor, group=group, year=to_year, units=units, chair=chair, vice_chair=vice_chair)
    except IntegrityError as exc:  # pragma: no cover - guarded by validation above
        raise ValidationError(str(exc)) from exc
