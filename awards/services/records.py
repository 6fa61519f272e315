"""Writes of award records: enter one, import a checked file of them (closing the approved proposals they
answer).

Keyword-only, each in one transaction, each leaving an audit row.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from clusters.models import Person, Unit, User
from clusters.rules import require
from clusters.services.audit import record_audit, record_audits

from ..cache import data_changed
from ..models import AwardRecord, AwardType, Proposal, ProposalStatus
from ..selectors.proposals import recipient_category_for
from ..selectors.records import record_refusals
from .proposals import _event
from .workflow import _notify

logger = logging.getLogger(__name__)


@transaction.atomic
def award_record_create(*, actor: User | None, **fields) -> AwardRecord:
    require(actor, "awards.manage_records")
    record = AwardRecord(**fields)
    # the category checked against the nominee, defaulted from the register (a leader's level may stay unknown)
    record.recipient_category = recipient_category_for(
        category=record.recipient_category,
        nominee_unit=record.nominee_unit,
        nominee_person=record.nominee_person,
        required=False,
    )
    record.full_clean()
    _refuse_outside_authority(actor=actor, records=[record])
    record.save()
    unit = record.nominee_unit or record.nominee_person.unit
    record_audit(actor=actor, action="award_record.create", target=record, unit=unit, summary=str(record))
    _decide_matching_proposal(actor=actor, record=record)
    return record


def _refuse_outside_authority(*, actor, records: list[AwardRecord]) -> None:
    """Refuse (`PermissionDenied`, with the line and the reason) the records `actor` may not enter: another
    board's awards, nominees outside its jurisdiction, proposals it may not decide, decisions dated before the
    proposal they answer (`record_refusals`)."""
    rows = [
        {
            "award_type_id": r.award_type_id,
            "year": r.year,
            "nominee_unit_id": r.nominee_unit_id,
            "nominee_person_id": r.nominee_person_id,
            "decision_date": r.decision_date,
        }
        for r in records
    ]
    refused = [
        _("Dòng %(n)s: %(reasons)s") % {"n": n, "reasons": " ".join(reasons)}
        for n, reasons in enumerate(record_refusals(actor=actor, rows=rows), start=1)
        if reasons
    ]
    if refused:
        raise PermissionDenied(" ".join(refused))


def _decide_matching_proposal(*, actor, record: AwardRecord, proposal: Proposal | None = None) -> None:
    """An imported or entered decision closes the approved proposal it answers (`proposal`, when the caller
    found it already)."""
    if proposal is None:
        proposal = (
            Proposal.objects.filter(
                status=ProposalStatus.APPROVED,
                award_type_id=record.award_type_id,
                year=record.year,
                nominee_unit_id=record.nominee_unit_id,
                nominee_person_id=record.nominee_person_id,
            )
            .order_by("pk")
            .first()
        )
    if proposal is None:
        return
    from_status = proposal.status
    proposal.decide(number=record.decision_number, date=record.decision_date, authority=record.decision_authority)
    proposal.save()
    AwardRecord.objects.filter(pk=record.pk).update(proposal=proposal)
    record.proposal = proposal
    event = _event(
        proposal=proposal,
        actor=actor,
        action="decide",
        from_status=from_status,
        comment=_("Quyết định số %(n)s (nhập từ danh sách khen thưởng)") % {"n": record.decision_number},
    )
    record_audit(
        actor=actor,
        action="proposal.decide",
        target=proposal,
        unit=proposal.proposing_unit,
        summary=str(proposal),
        data={"from": from_status, "to": proposal.status, "record": record.pk},
    )
    _notify(event)


def _nominee_key(obj) -> tuple:
    return (obj.award_type_id, obj.year, obj.nominee_unit_id, obj.nominee_person_id)


@transaction.atomic
def award_records_import(*, actor: User | None, rows: list[dict]) -> list[AwardRecord]:
    """Save rows validated by `awards.documents.records.parse_workbook` (all or nothing), in bulk: the records in
    batches of 1,000, their audit rows in one INSERT, and the approved proposals they answer looked up in one
    query (5,000 rows: ~84 s one by one, a few seconds so). A row that became a duplicate since the preview
    (someone else imported it meanwhile) is refused by the database's constraints and nothing is saved."""
    require(actor, "awards.manage_records")
    records = [
        AwardRecord(
            nominee_unit_id=row.get("nominee_unit_id"),
            nominee_person_id=row.get("nominee_person_id"),
            award_type_id=row["award_type_id"],
            year=row["year"],
            kind=row.get("kind") or "",
            recipient_category=row.get("recipient_category") or "",
            decision_number=row["decision_number"],
            decision_date=datetime.date.fromisoformat(row["decision_date"]) if row.get("decision_date") else None,
            decision_authority=row.get("decision_authority", ""),
            note=row.get("note", ""),
        )
        for row in rows
    ]
    _refuse_outside_authority(actor=actor, records=records)
    try:
        with transaction.atomic():
            AwardRecord.objects.bulk_create(records, batch_size=1000)
    except IntegrityError:
        raise ValidationError(
            _("Có khen thưởng trong tệp vừa được nhập vào hệ thống sau khi kiểm tra. Hãy tải tệp lên lại để kiểm tra.")
        ) from None
    types = AwardType.objects.only("name").in_bulk({r.award_type_id for r in records})
    people = Person.objects.only("full_name", "unit_id").in_bulk({r.nominee_person_id for r in records} - {None})
    units = Unit.objects.only("name").in_bulk({r.nominee_unit_id for r in records} - {None})

    def entry(record: AwardRecord) -> tuple:
        if record.nominee_unit_id:
            unit_id, nominee = record.nominee_unit_id, units[record.nominee_unit_id].name
        else:
            person = people[record.nominee_person_id]
            unit_id, nominee = person.unit_id, person.full_name
        return record, unit_id, f"{types[record.award_type_id].name} {record.year} — {nominee}"

    record_audits(actor=actor, action="award_record.create", entries=(entry(record) for record in records))
    approved = Proposal.objects.filter(
        status=ProposalStatus.APPROVED,
        award_type_id__in={r.award_type_id for r in records},
        year__in={r.year for r in records},
    ).order_by("pk")
    answered: dict[tuple, Proposal] = {}
    for proposal in approved:
        answered.setdefault(_nominee_key(proposal), proposal)
    for record in records:
        proposal = answered.pop(_nominee_key(record), None)
        if proposal is not None:
            _decide_matching_proposal(actor=actor, record=record, proposal=proposal)
    transaction.on_commit(_records_changed)
    return records


def _records_changed() -> None:
    """A bulk insert sends no post_save: invalidate the cached award reads here (see awards.apps)."""
    try:
        data_changed()
    except Exception:  # the cache is down: the records stand, cached figures expire on their own
        logger.warning("cached awards reads not invalidated", exc_info=True)
