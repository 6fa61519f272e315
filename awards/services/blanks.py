"""Writes of certificate blanks: a board's blank of a kind with default positions, its calibration (paper,
printer offset, scan, each field's place and type), and printing a set of award records onto it.

Keyword-only, each in one transaction, each leaving an audit row.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusters.concurrency import claim_version, save_unique
from clusters.models import Unit, User
from clusters.rules import require
from clusters.services.audit import record_audit
from clusters.uploads import UploadPolicy

from ..documents import blanks as documents
from ..models import Align, AwardRecord, Blank, BlankField, FieldKey

#: A scan of a blank: a picture the calibration page shows under the fields.
SCANS = UploadPolicy(extensions=(".png", ".jpg", ".jpeg"), field="scan")

#: Where each field starts on an A3 landscape blank (x, y, width in mm; size in pt; bold; align).
DEFAULT_LAYOUT = {
    FieldKey.SALUTATION: (60, 112, 300, 18, False, Align.CENTER),
    FieldKey.NAME: (60, 124, 300, 24, True, Align.CENTER),
    FieldKey.POSITION: (60, 140, 300, 16, False, Align.CENTER),
    FieldKey.UNIT: (60, 150, 300, 16, False, Align.CENTER),
    FieldKey.REASON: (70, 164, 280, 16, False, Align.CENTER),
    FieldKey.DECISION: (30, 250, 150, 12, False, Align.LEFT),
    FieldKey.REGISTER: (30, 258, 150, 12, False, Align.LEFT),
    FieldKey.PLACE_DATE: (230, 205, 160, 14, False, Align.CENTER),
    FieldKey.SIGNER_POSITION: (230, 214, 160, 14, True, Align.CENTER),
    FieldKey.SIGNER: (230, 262, 160, 16, True, Align.CENTER),
}
#: The attributes of a field the calibration sets.
FIELD_ATTRIBUTES = ("enabled", "x_mm", "y_mm", "width_mm", "font", "size_pt", "bold", "italic", "align")


@transaction.atomic
def blank_create(*, actor: User | None, board: Unit, kind: str, paper: str = "a3_landscape") -> Blank:
    require(actor, "awards.manage_blank", board)
    blank = Blank(board=board, kind=kind, paper=paper, created_by=actor if getattr(actor, "pk", None) else None)
    blank.full_clean(validate_unique=False, validate_constraints=False)
    save_unique(blank)
    BlankField.objects.bulk_create(
        BlankField(blank=blank, key=key, x_mm=x, y_mm=y, width_mm=w, size_pt=size, bold=bold, align=align)
        for key, (x, y, w, size, bold, align) in DEFAULT_LAYOUT.items()
    )
    record_audit(actor=actor, action="blank.create", target=blank, unit=board, summary=str(blank))
    return blank


@transaction.atomic
def blank_calibrate(
    *,
    actor: User | None,
    blank: Blank,
    version: datetime.datetime | None,
    settings: Mapping[str, object],
    fields: Mapping[str, Mapping[str, object]],
    scan=None,
) -> Blank:
    """Save a blank's calibration: `settings` (paper, offsets, place, signer) and, per field key, its
    `FIELD_ATTRIBUTES`; a new `scan` replaces the old. Refused (ConflictError) when someone saved since `version`."""
    blank = Blank.objects.select_for_update().get(pk=blank.pk)
    require(actor, "awards.manage_blank", blank)
    claim_version(blank, version)
    blank.refresh_from_db()
    changed = {}
    for name in ("paper", "offset_x_mm", "offset_y_mm", "place", "signer_position", "signer_name"):
        if name in settings and getattr(blank, name) != settings[name]:
            changed[name] = [str(getattr(blank, name)), str(settings[name])]
            setattr(blank, name, settings[name])
    if scan is not None:
        accepted = SCANS.check(scan)
        blank.scan.save(f"phoi-{blank.pk}{accepted.extension}", scan, save=False)
        changed["scan"] = accepted.name
    blank.full_clean(validate_unique=False)
    blank.save()
    rows = {f.key: f for f in blank.fields.all()}
    for key, values in fields.items():
        if key not in FieldKey.values:
            raise ValidationError(_("Trường in không hợp lệ."))
        row = rows.get(key) or BlankField(blank=blank, key=key, x_mm=0, y_mm=0)
        before = {a: getattr(row, a) for a in FIELD_ATTRIBUTES}
        for attribute in FIELD_ATTRIBUTES:
            if attribute in values:
                setattr(row, attribute, values[attribute])
        after = {a: getattr(row, a) for a in FIELD_ATTRIBUTES}
        if before != after or row.pk is None:
            row.full_clean(validate_unique=False)
            row.save()
            changed[key] = {a: str(after[a]) for a in FIELD_ATTRIBUTES if before[a] != after[a]}
    record_audit(
        actor=actor, action="blank.calibrate", target=blank, unit=blank.board, summary=str(blank), data=changed
    )
    return blank


def blanks_pdf(
    *,
    blank: Blank,
    records: Iterable[AwardRecord],
    overrides: Mapping[int, str] | None = None,
    actor: User | None = None,
) -> bytes:
    """The blank printed for each of `records` (one page each), the reason of a record replaced by
    `overrides[record.pk]` when given. A decision's page calls this with the decision's records."""
    require(actor, "awards.manage_blank", blank)
    records = list(records)
    with transaction.atomic():
        record_audit(
            actor=actor, action="blank.print", target=blank, unit=blank.board,
            summary=f"{blank} — {len(records)}", data={"records": [r.pk for r in records][:500]},
        )  # fmt: skip
    return documents.blanks_pdf(blank=blank, records=records, overrides=overrides)


__all__ = ["DEFAULT_LAYOUT", "FIELD_ATTRIBUTES", "blank_calibrate", "blank_create", "blanks_pdf"]
