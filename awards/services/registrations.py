"""Writes of registrations of titles (issue 18 item 1): a unit starts its registration of the year, lists the
collectives and individuals aiming at each title with their planned initiatives, its leader sends it to the board
(late after the registration round's due date); the board returns it with a reason or accepts it; a board passes
the titles the central level decides up as its own registration to the central board.

Keyword-only, each in one transaction, each leaving an audit row.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from clusters.concurrency import save_unique
from clusters.models import Person, Unit, User
from clusters.rules import require
from clusters.services.audit import record_audit

from ..models import (
    AwardKind,
    AwardType,
    Registration,
    RegistrationEntry,
    RegistrationStatus,
)
from ..selectors.registrations import board_of, consolidated_entries, registration_rounds
from ..selectors.workflow import NATIONAL_LEVELS


def _sees(actor, registration: Registration) -> bool:
    """The step is already taken and `actor` may read the registration: say so rather than refuse (a second click,
    a colleague first)."""
    return actor is None or actor.has_perm("awards.view_registration", registration)


def _locked(registration: Registration) -> Registration:
    return Registration.objects.select_for_update().select_related("unit", "recipient").get(pk=registration.pk)


@transaction.atomic
def registration_create(*, actor: User | None, unit: Unit, year: int) -> Registration:
    """Start the unit's registration of titles for the year (not sent yet), addressed to the board over it."""
    require(actor, "awards.add_registration", unit)
    recipient = board_of(unit)
    if recipient is None:
        raise ValidationError(_("Không tìm thấy Ban Thi đua - Khen thưởng nhận bản đăng ký của đơn vị."))
    registration = Registration(unit=unit, year=year, recipient=recipient)
    registration.full_clean(exclude=["status"])
    save_unique(registration)
    record_audit(actor=actor, action="registration.create", target=registration, unit=unit, summary=str(registration))
    return registration


def _check_nominee(*, registration: Registration, award_type: AwardType, nominee_unit, nominee_person) -> None:
    if award_type.kind != AwardKind.TITLE:
        raise ValidationError({"award_type": _("Chỉ đăng ký danh hiệu thi đua.")})
    if (nominee_unit is None) == (nominee_person is None):
        raise ValidationError(_("Phải chọn đúng một đối tượng: một tập thể hoặc một cá nhân."))
    if nominee_person is not None:
        if not award_type.accepts_person():
            raise ValidationError({"award_type": _("Danh hiệu này dành cho tập thể.")})
        if (
            nominee_person.unit_id != registration.unit_id
            and not Person.objects.filter(pk=nominee_person.pk, unit__parent_id=registration.unit_id).exists()
        ):
            raise ValidationError({"nominee_person": _("Cá nhân không thuộc đơn vị đăng ký.")})
    if nominee_unit is not None:
        if not award_type.accepts_unit():
            raise ValidationError({"award_type": _("Danh hiệu này dành cho cá nhân.")})
        if nominee_unit.pk != registration.unit_id and nominee_unit.parent_id != registration.unit_id:
            raise ValidationError({"nominee_unit": _("Tập thể không thuộc đơn vị đăng ký.")})


@transaction.atomic
def registration_entry_add(
    *,
    actor: User | None,
    registration: Registration,
    award_type: AwardType,
    nominee_unit: Unit | None = None,
    nominee_person: Person | None = None,
    planned_initiative: str = "",
) -> RegistrationEntry:
    """Add a collective or an individual aiming at a title, while the registration is not sent or returned."""
    registration = _locked(registration)
    require(actor, "awards.change_registration", registration)
    _check_nominee(
        registration=registration, award_type=award_type, nominee_unit=nominee_unit, nominee_person=nominee_person
    )
    entry = RegistrationEntry(
        registration=registration,
        award_type=award_type,
        nominee_unit=nominee_unit,
        nominee_person=nominee_person,
        planned_initiative=planned_initiative.strip(),
    )
    entry.full_clean()
    save_unique(entry)
    record_audit(
        actor=actor,
        action="registration.entry_add",
        target=registration,
        unit=registration.unit,
        summary=f"{award_type.name} — {entry.nominee_name}",
    )
    return entry


@transaction.atomic
def registration_entry_delete(*, actor: User | None, entry: RegistrationEntry) -> None:
    registration = _locked(entry.registration)
    require(actor, "awards.change_registration", registration)
    record_audit(
        actor=actor,
        action="registration.entry_delete",
        target=registration,
        unit=registration.unit,
        summary=f"{entry.award_type.name} — {entry.nominee_name}",
    )
    entry.delete()


def _step(registration: Registration, method: str, label: str, **kwargs) -> str:
    bound = getattr(registration, method)
    if not can_proceed(bound):
        raise ValidationError(
            _("Không thể %(action)s bản đăng ký đang ở trạng thái «%(status)s».")
            % {"action": label, "status": registration.get_status_display()},
            code="already_done",
        )
    from_status = registration.status
    bound(**kwargs)
    return from_status


@transaction.atomic
def registration_submit(*, actor: User | None, registration: Registration) -> Registration:
    """The unit's leader sends the registration to the board; after the registration round's due date it is late."""
    registration = _locked(registration)
    if registration.status == RegistrationStatus.SUBMITTED and _sees(actor, registration):
        raise ValidationError(_("Bản đăng ký đã được gửi trước đó."), code="already_done")
    require(actor, "awards.submit_registration", registration)
    if not registration.entries.exists():
        raise ValidationError(_("Bản đăng ký chưa có đối tượng nào."))
    from_status = _step(registration, "submit", _("gửi"))
    registration.submitted_by = actor if actor is not None and actor.is_authenticated else None
    round_ = registration_rounds(unit_id=registration.unit_id, year=registration.year).order_by("-due_date").first()
    registration.is_late = bool(round_ and timezone.localdate(registration.submitted_at) > round_.due_date)
    registration.save()
    record_audit(
        actor=actor,
        action="registration.submit",
        target=registration,
        unit=registration.unit,
        summary=str(registration),
        data={"from": from_status, "to": registration.status, "late": registration.is_late},
    )
    return registration


@transaction.atomic
def registration_return(*, actor: User | None, registration: Registration, reason: str) -> Registration:
    registration = _locked(registration)
    reason = (reason or "").strip()
    if registration.status == RegistrationStatus.RETURNED and _sees(actor, registration):
        raise ValidationError(_("Bản đăng ký đã được trả lại trước đó."), code="already_done")
    require(actor, "awards.review_registration", registration)
    if not reason:
        raise ValidationError({"reason": _("Cần ghi rõ lý do.")})
    from_status = _step(registration, "return_for_changes", _("trả lại"), reason=reason)
    registration.reviewed_by = actor
    registration.save()
    record_audit(
        actor=actor,
        action="registration.return",
        target=registration,
        unit=registration.unit,
        summary=reason[:200],
        data={"from": from_status, "to": registration.status},
    )
    return registration


@transaction.atomic
def registration_accept(*, actor: User | None, registration: Registration) -> Registration:
    registration = _locked(registration)
    if registration.status == RegistrationStatus.ACCEPTED and _sees(actor, registration):
        raise ValidationError(_("Bản đăng ký đã được chấp nhận trước đó."), code="already_done")
    require(actor, "awards.review_registration", registration)
    from_status = _step(registration, "accept", _("chấp nhận"))
    registration.reviewed_by = actor
    registration.save()
    record_audit(
        actor=actor,
        action="registration.accept",
        target=registration,
        unit=registration.unit,
        summary=str(registration),
        data={"from": from_status, "to": registration.status},
    )
    return registration


@transaction.atomic
def registrations_forward(*, actor: User | None, board: Unit, year: int) -> Registration:
    """The board passes up the registrations it accepted for titles the central level decides (Chiến sĩ thi đua
    toàn quốc, Cờ thi đua của Chính phủ): its own registration of the year to the central board, sent at once."""
    require(actor, "awards.consolidate_registrations", board)
    entries = [e for e in consolidated_entries(board=board, year=year) if e.award_type.level in NATIONAL_LEVELS]
    if not entries:
        raise ValidationError(_("Không có đăng ký danh hiệu cấp Nhà nước, Chính phủ nào đã được chấp nhận để chuyển."))
    registration = Registration.objects.select_for_update().filter(unit=board, year=year).first()
    if registration is None:
        recipient = board_of(board)
        if recipient is None:
            raise ValidationError(_("Chưa có Ban Thi đua - Khen thưởng Trung ương để nhận hồ sơ."))
        registration = Registration(unit=board, year=year, recipient=recipient)
        registration.full_clean(exclude=["status"])
        save_unique(registration)
    elif not registration.is_editable:
        raise ValidationError(_("Bản đăng ký của Ban năm này đã được gửi lên."), code="already_done")
    known = {(e.award_type_id, e.nominee_unit_id, e.nominee_person_id) for e in registration.entries.all()}
    for entry in entries:
        if (entry.award_type_id, entry.nominee_unit_id, entry.nominee_person_id) in known:
            continue
        RegistrationEntry.objects.create(
            registration=registration,
            award_type=entry.award_type,
            nominee_unit=entry.nominee_unit,
            nominee_person=entry.nominee_person,
            planned_initiative=entry.planned_initiative,
        )
    registration.submit()
    registration.submitted_by = actor if actor is not None and actor.is_authenticated else None
    registration.save()
    record_audit(
        actor=actor,
        action="registration.forward",
        target=registration,
        unit=board,
        summary=_("Chuyển %(n)s đăng ký danh hiệu lên Trung ương") % {"n": len(entries)},
    )
    return registration
