"""Writes of the organisation's Excel imports: the checked rows of a preview (`clusters.documents.imports`) saved
all or nothing. Keyword-only, each in one transaction, each object with its own audit row (through the services
of units, people and accounts) and one more for the import.

Units and people are inserted in bulk (their audit rows in one INSERT): 5,000 people one by one took minutes.
A row already in the system — imported before, or by a confirm that ran meanwhile — is counted unchanged and
left as it is: importing a file again changes nothing. What was checked in the preview is checked again here
(the jurisdiction, the roles), since the preview is older than the confirm.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils.translation import gettext as _

from ..models import Person, Unit, User
from ..rules import require
from ..selectors.accounts import assignable_roles, manageable_units
from . import accounts as account_services
from .audit import record_audit, record_audits


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


def _bulk_create(model, objects: list) -> None:
    """Insert `objects` (each checked field by field, its invariants left to the database's constraints) in
    batches; a row that a parallel request inserted first (a unique code, CCCD…) refuses the whole import."""
    relations = [f.name for f in model._meta.concrete_fields if f.is_relation]  # checked in bulk: _refuse_outside
    for obj in objects:
        obj.clean_fields(exclude=relations)
    try:
        with transaction.atomic():
            model.objects.bulk_create(objects, batch_size=1000)
    except IntegrityError as error:
        raise ValidationError(
            _("Một số dòng vừa được lưu bởi người khác hoặc trái với ràng buộc dữ liệu: tải tệp lên lại để kiểm tra.")
        ) from error
    if objects:  # a bulk insert sends no post_save: one, for what listens (awards' cached reads)
        post_save.send(sender=model, instance=objects[-1], created=True, raw=False, using="default", update_fields=None)


@transaction.atomic
def units_import(*, actor: User | None, rows: list[dict], collectives: bool = False) -> ImportResult:
    """Create the units (collectives) of a checked file, in bulk, generation by generation: the units under a
    known parent first, then those under the units just made (a parent of an earlier row of the file)."""
    require(actor, "clusters.import_organisation")
    _refuse_outside(actor, rows, "parent_id")
    result = ImportResult()
    made: dict[int, int] = {}  # line of the file -> id of its unit
    pending = []
    for row in rows:
        if "existing" in row:
            result.unchanged += 1
            made[row["line"]] = row["existing"]
        else:
            pending.append(row)
    while pending:
        ready = [row for row in pending if not row.get("parent_line") or row["parent_line"] in made]
        if not ready:  # a parent line that is not in the file: a forged preview
            raise ValidationError(_("Dòng %(n)s: %(e)s") % {"n": pending[0]["line"], "e": _("thiếu đơn vị cấp trên.")})
        taken = {id(row) for row in ready}
        pending = [row for row in pending if id(row) not in taken]
        for row in ready:
            row["parent_id"] = made[row["parent_line"]] if row.get("parent_line") else row["parent_id"]
        _refuse_outside(actor, ready, "parent_id")  # the units of earlier rows too
        by_code = dict(
            Unit.objects.filter(code__in=[row["code"] for row in ready if row["code"]]).values_list("code", "pk")
        )
        parents = {row["parent_id"] for row in ready}
        siblings = Unit.objects.filter(
            Q(parent_id__in=parents - {None}) | Q(parent__isnull=True) if None in parents else Q(parent_id__in=parents)
        )
        by_name = {
            (name.casefold(), parent_id): pk for pk, name, parent_id in siblings.values_list("pk", "name", "parent_id")
        }
        units = []
        for row in ready:
            there = by_code.get(row["code"]) or by_name.get((row["name"].casefold(), row["parent_id"]))
            if there is not None:  # a confirm that ran meanwhile made it
                result.unchanged += 1
                made[row["line"]] = there
                continue
            unit = Unit(
                kind=row["kind"],
                name=row["name"],
                short_name=row["short_name"],
                code=row["code"],
                parent_id=row["parent_id"],
                is_remote=row["is_remote"],
                active_from=datetime.date.fromisoformat(row["active_from"]) if row["active_from"] else None,
            )
            unit.import_line = row["line"]
            units.append(unit)
        _bulk_create(Unit, units)
        for unit in units:
            made[unit.import_line] = unit.pk
        result.created += units
    record_audits(actor=actor, action="unit.create", entries=[(unit, unit.pk, unit.name) for unit in result.created])
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
    """Create the people of a checked file, in bulk; one already there (same name, unit and birth date) is
    unchanged."""
    require(actor, "clusters.import_organisation")
    _refuse_outside(actor, rows)
    from ..documents.imports import person_key  # the one rule of "the same person"

    units = {row["unit_id"] for row in rows if "existing" not in row}
    there = {
        person_key(full_name=p.full_name, unit_id=p.unit_id, birth_date=p.birth_date, birth_year=p.birth_year)
        for p in Person.objects.filter(unit_id__in=units).only("full_name", "unit_id", "birth_date", "birth_year")
    }
    result = ImportResult()
    people = []
    for row in rows:
        if "existing" in row:
            result.unchanged += 1
            continue
        birth_date = datetime.date.fromisoformat(row["birth_date"]) if row["birth_date"] else None
        key = person_key(
            full_name=row["full_name"], unit_id=row["unit_id"], birth_date=birth_date, birth_year=row["birth_year"]
        )
        if key in there:  # a confirm that ran meanwhile made them
            result.unchanged += 1
            continue
        there.add(key)
        fields = {k: row[k] for k in ("full_name", "position", "gender", "birth_year", "category", "citizen_id")}
        fields |= {"civil_servant_code": row["civil_servant_code"], "is_ethnic_minority": row["is_ethnic_minority"]}
        person = Person(unit_id=row["unit_id"], birth_date=birth_date, **fields)
        person.tidy_name()  # what save() does, which a bulk insert skips
        people.append(person)
    _bulk_create(Person, people)
    record_audits(actor=actor, action="person.create", entries=[(p, p.unit_id, p.full_name) for p in people])
    result.created = people
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
