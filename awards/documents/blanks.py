"""Certificates printed onto a board's pre-printed blanks (in phôi): one text-only page per recipient, each field
in an absolutely positioned box at its calibrated millimetres plus the printer's offset.

WeasyPrint (through `clusters.writers.pdf`, the one PDF writer) rather than reportlab: CSS boxes in millimetres
place each field exactly, wrap the reason at the field's width and shape Vietnamese diacritics with the installed
fonts, without a second PDF library.

A field's (x, y) is the top-left corner of its box and its width the wrap width; centred and right-aligned text
is aligned inside that box. The first line's glyphs start at the box's top (line height 1.15, the fonts' own
ascent), which `tests/awards/test_blanks.py` reads back with `pdftotext -bbox`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.template.loader import get_template

from clusters import writers

from ..models import AwardRecord, Blank, BlankField, FieldKey


def _mm(value: Decimal) -> str:
    return format(Decimal(value).quantize(Decimal("0.01")), "f")  # never the locale's decimal comma


def salutation(record: AwardRecord, blank: Blank) -> str:
    """Ông/Bà from the person's gender (Ông (bà) when not recorded); Tập thể for a unit; Hộ ông/bà on a
    household's blank."""
    if record.nominee_unit_id:
        return "Tập thể"
    honorific = record.nominee_person.honorific
    return f"Hộ {honorific.lower()}" if blank.is_household else honorific


def default_reason(record: AwardRecord) -> str:
    return record.note or f"Đã có thành tích xuất sắc trong phong trào thi đua năm {record.year}"


def field_values(record: AwardRecord, blank: Blank, *, reason: str = "") -> dict[str, str]:
    """What each field prints for `record`."""
    person, unit = record.nominee_person, record.nominee_unit
    day = record.decision_date
    decision = f"Quyết định số {record.decision_number}" + (f" ngày {day:%d/%m/%Y}" if day else "")
    place_date = ", ".join(
        x for x in [blank.place, f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}" if day else ""] if x
    )
    register = getattr(record, "register_number", None)  # the decisions feature numbers the register
    return {
        FieldKey.SALUTATION: salutation(record, blank),
        FieldKey.NAME: unit.name if unit else person.full_name,
        FieldKey.POSITION: person.position if person else "",
        FieldKey.UNIT: person.unit.name if person else (unit.parent.name if unit.parent_id else ""),
        FieldKey.REASON: reason or default_reason(record),
        FieldKey.DECISION: decision,
        FieldKey.REGISTER: f"Số vào sổ: {register}" if register else "",
        FieldKey.PLACE_DATE: place_date,
        FieldKey.SIGNER_POSITION: blank.signer_position,
        FieldKey.SIGNER: blank.signer_name,
    }


def _box(field: BlankField, blank: Blank, text: str) -> dict:
    return {
        "left": _mm(field.x_mm + blank.offset_x_mm),
        "top": _mm(field.y_mm + blank.offset_y_mm),
        "width": _mm(field.width_mm),
        "font": field.font,
        "size": _mm(field.size_pt),
        "weight": "bold" if field.bold else "normal",
        "style": "italic" if field.italic else "normal",
        "align": field.align,
        "text": text,
    }


def blanks_pdf(*, blank: Blank, records: Iterable[AwardRecord], overrides: Mapping[int, str] | None = None) -> bytes:
    """One page per record, its fields where `blank` places them; `overrides`: record id → reason text."""
    overrides = overrides or {}
    fields = [f for f in blank.fields.all() if f.enabled]
    pages = []
    for record in records:
        values = field_values(record, blank, reason=overrides.get(record.pk, ""))
        pages.append([_box(f, blank, values.get(f.key, "")) for f in fields if values.get(f.key, "")])
    width, height = blank.paper_mm
    html = get_template("awards/blanks/print.html").render(
        {"pages": pages, "paper_w": width, "paper_h": height, "title": str(blank)}
    )
    return writers.pdf(html)
