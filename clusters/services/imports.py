"""Writes of the organisation's Excel imports: the checked rows of a preview (`clusters.documents.imports`) saved
all or nothing. Keyword-only, each in one transaction, each object with its own audit row (through the services
of units, people and accounts) and one more for the import.

A row already in the system — imported before, or by a confirm that ran meanwhile — is counted unchanged and
left as it is: importing a file again changes nothing. What was checked in the preview is checked again here
(the jurisdiction, the roles), since the preview is older than the confirm.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Person, Unit, User
from ..rules import require
from ..selectors.accounts import assignable_roles, manageable_units
from . import accounts as account_services
from .audit import record_audit
from .people import person_create
from .units import unit_create


@dataclass
class ImportResult:
    """What a confirmed import did: objects created, rows left unchanged, and (accounts) invitations that could
    not be e-mailed (their usernames)."""

    created: list = field(default_factory=list)
    unchanged: int = 0
    not_invited: list[str] = field(default_factory=list)


def _refuse_outside(actor: User | None, rows: list[dict], key: str = "unit_id") -> None:
    """Refuse rows naming a unit `actor` does not manage (the jurisdiction may have changed since the preview)."""
    if actor is None:
        return
    ids = {row[key] for row in rows if row.get(key)}
    allowed = set(manageable_units(actor).filter(pk__in=ids).values_list("pk", flat=True))
    refused = sorted(row["line"] for row in rows if row.get(key) and row[key] not in allowed)
    if refused:
        raise PermissionDenied(
            _("Dòng %(lines)s: đơn vị không thuộc phạm vi quản lý của bạn. Không có gì được lưu.")
            % {"lines": ", ".join(str(n) for n in refused)}
        )


def _audit_import(*, actor, action: str, summary: str, result: ImportResult) -> None:
    target = actor if actor is not None else (result.created[0] if result.created else None)
    if target is None:
        return
    record_audit(
        actor=actor,
        action=action,
        target=target,
        unit=getattr(actor, "unit", None),
        summary=summary,
        data={"created": [obj.pk for obj in result.created], "unchanged": result.unchanged},
    )


def _line_error(row: dict, error: ValidationError) -> ValidationError:
    return ValidationError(_("Dòng %(n)s: %(e)s") % {"n": row["line"], "e": " ".join(error.messages)})


@transaction.atomic
def units_import(*, actor: User | None, rows: list[dict], collectives: bool = False) -> ImportResult:
    """Create the units (collectives) of a checked file in its order, a parent of an earlier row first."""
    require(actor, "clusters.import_organisation")
    _refuse_outside(actor, rows, "parent_id")
    result = ImportResult()
    made: dict[int, Unit] = {}  # line -> unit of the file
    for row in rows:
        if "existing" in row:
            result.unchanged += 1
            if row["existing"]:
                made[row["line"]] = Unit.objects.get(pk=row["existing"])
            continue
        parent = made.get(row["parent_line"]) if row.get("parent_line") else None
        parent_id = parent.pk if parent is not None else row["parent_id"]
        again = Unit.objects.filter(code=row["code"]).first() if row["code"] else None
        again = again or Unit.objects.filter(name__iexact=row["name"], parent_id=parent_id).first()
        if again is not None:  # a confirm that ran meanwhile made it
            result.unchanged += 1
            made[row["line"]] = again
            continue
        try:
            unit = unit_create(
                actor=actor,
                kind=row["kind"],
                name=row["name"],
                short_name=row["short_name"],
                code=row["code"],
                parent_id=parent_id,
                is_remote=row["is_remote"],
                active_from=datetime.date.fromisoformat(row["active_from"]) if row["active_from"] else None,
            )
        except ValidationError as error:
            raise _line_error(row, error) from error
        made[row["line"]] = unit
        result.created.append(unit)
    what = _("tập thể") if collectives else _("đơn vị")
    _audit_import(
        actor=actor,
        action="import.collectives" if collectives else "import.units",
        summary=_("Nhập %(what)s từ Excel: %(new)s mới, %(same)s không đổi")
        % {"what": what, "new": len(result.created), "same": result.unchanged},
        result=result,
    )
    return result


@transaction.atomic
def people_import(*, actor: User | None, rows: list[dict]) -> ImportResult:
    """Create the people of a checked file; one already there (same name, unit and birth date) is unchanged."""
    require(actor, "clusters.import_organisation")
    _refuse_outside(actor, rows)
    from ..documents.imports import person_key  # the one rule of "the same person"

    units = {row["unit_id"] for row in rows if "existing" not in row}
    there = {
        person_key(full_name=p.full_name, unit_id=p.unit_id, birth_date=p.birth_date, birth_year=p.birth_year)
        for p in Person.objects.select_for_update().filter(unit_id__in=units)
    }
    result = ImportResult()
    for row in rows:
        if "existing" in row:
            result.unchanged += 1
            continue
        birth_date = datetime.date.fromisoformat(row["birth_date"]) if row["birth_date"] else None
        key = person_key(
            full_name=row["full_name"], unit_id=row["unit_id"], birth_date=birth_date, birth_year=row["birth_year"]
        )
        if key in there:
            result.unchanged += 1
            continue
        fields = {k: row[k] for k in ("full_name", "position", "gender", "birth_year", "category", "citizen_id")}
        fields |= {"civil_servant_code": row["civil_servant_code"], "is_ethnic_minority": row["is_ethnic_minority"]}
        try:
            person = person_create(
                actor=actor, unit=Unit.objects.get(pk=row["unit_id"]), birth_date=birth_date, **fields
            )
        except ValidationError as error:
            raise _line_error(row, error) from error
        there.add(key)
        result.created.append(person)
    _audit_import(
        actor=actor,
        action="import.people",
        summary=_("Nhập cá nhân từ Excel: %(new)s mới, %(same)s không đổi")
        % {"new": len(result.created), "same": result.unchanged},
        result=result,
    )
    return result


@transaction.atomic
def _accounts_create(*, actor: User | None, rows: list[dict]) -> ImportResult:
    require(actor, "clusters.manage_accounts")
    _refuse_outside(actor, rows)
    if actor is not None:
        roles = set(assignable_roles(actor))
        refused = [row["line"] for row in rows if "existing" not in row and row["role"] not in roles]
        if refused:
            raise PermissionDenied(
                _("Dòng %(lines)s: bạn không được cấp vai trò này.") % {"lines": ", ".join(map(str, refused))}
            )
    result = ImportResult()
    for row in rows:
        if "existing" in row:
            result.unchanged += 1
            continue
        if User.objects.filter(username__iexact=row["username"]).exists():
            result.unchanged += 1  # a confirm that ran meanwhile made it
            continue
        try:
            user = account_services.account_new(
                actor=actor,
                username=row["username"],
                full_name=row["full_name"],
                email=row["email"],
                role=row["role"],
                unit=Unit.objects.get(pk=row["unit_id"]),
                position=row["position"],
            )
        except ValidationError as error:
            raise _line_error(row, error) from error
        result.created.append(user)
    _audit_import(
        actor=actor,
        action="import.accounts",
        summary=_("Nhập tài khoản từ Excel: %(new)s mới, %(same)s không đổi")
        % {"new": len(result.created), "same": result.unchanged},
        result=result,
    )
    return result


def accounts_import(*, actor: User | None, rows: list[dict], site_url: str) -> ImportResult:
    """Create the accounts of a checked file (all or nothing, in one transaction), then e-mail each new account
    its invitation to set a password (the same e-mail and one-time link as an account made by hand). An invitation
    the mail server refuses is listed in `not_invited`: the account is there, its page sends the link again."""
    result = _accounts_create(actor=actor, rows=rows)
    for user in result.created:
        try:
            account_services.send_invitation(user=user, site_url=site_url)
        except ValidationError:
            result.not_invited.append(user.username)
    return result
