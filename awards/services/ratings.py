"""Writes of the yearly performance ratings: a unit enters (or imports from Excel) its people's ratings for a
year. Keyword-only, in one transaction, one audit row per rating changed; the live proposals that read the
ratings are evaluated again.

The Excel import follows the award records' pattern: `ratings_parse_workbook` checks every row and saves
nothing; `ratings_import` saves the previewed rows, all or nothing.
"""

from __future__ import annotations

import io
from copy import copy
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from clusters.models import Person, Unit, User
from clusters.rules import require
from clusters.search import fold
from clusters.services.audit import record_audits

from ..models import PerformanceRating, Proposal, RatingLevel
from ..selectors.proposals import LIVE_STATUSES
from .proposals import refresh_eligibility

COLUMNS = ["Họ và tên", "Xếp loại", "Ghi chú"]
MAX_ROWS = 5000


@transaction.atomic
def ratings_save(*, actor: User | None, unit: Unit, year: int, entries: dict[int, tuple[str, str]]) -> int:
    """Set the ratings of the unit's people for `year`: `entries` maps a person id to (level, note); an empty
    level removes that person's rating. Returns how many ratings changed."""
    require(actor, "awards.change_unit_ratings", unit)
    if not 1945 <= int(year) <= 2100:
        raise ValidationError(_("Năm không hợp lệ."))
    people = Person.objects.in_bulk(list(entries))
    existing = {r.person_id: r for r in PerformanceRating.objects.filter(person_id__in=list(entries), year=year)}
    audits, changed_people = [], set()
    for person_id, (level, note) in entries.items():
        person, rating = people.get(person_id), existing.get(person_id)
        if person is None or (person.unit_id != unit.pk and (rating is None or rating.unit_id != unit.pk)):
            raise ValidationError(_("Cá nhân không thuộc đơn vị."))
        if level and level not in RatingLevel.values:
            raise ValidationError(_("Xếp loại «%(l)s» không hợp lệ.") % {"l": level})
        note = (note or "")[:500]
        if not level:
            if rating is not None:
                removed = _("bỏ xếp loại")  # outside the f-string, where makemessages can find it
                audits.append((copy(rating), f"{person.full_name} {year}: {removed}"))
                rating.delete()
                changed_people.add(person_id)
            continue
        if rating is None:
            rating = PerformanceRating.objects.create(
                person=person, year=year, level=level, note=note, unit=unit, entered_by=_user(actor)
            )
        elif (rating.level, rating.note) != (level, note):
            rating.level, rating.note, rating.entered_by = level, note, _user(actor)
            rating.save(update_fields=["level", "note", "entered_by", "updated_at"])
        else:
            continue
        audits.append((rating, f"{person.full_name} {year}: {rating.get_level_display()}"))
        changed_people.add(person_id)
    record_audits(
        actor=actor, action="performance_rating.set", entries=((target, unit.pk, text) for target, text in audits)
    )
    if changed_people:
        _refresh_proposals(unit=unit, year=year, people=changed_people)
    return len(audits)


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _refresh_proposals(*, unit: Unit, year: int, people: set[int]) -> None:
    """The live proposals that read these ratings: the people's own (this year or the five after) and the unit's."""
    live = Proposal.objects.filter(status__in=LIVE_STATUSES).filter(
        Q(nominee_person_id__in=people, year__gte=year) | Q(nominee_unit_id=unit.pk, year=year)
    )
    for proposal in live.select_related("award_type"):
        refresh_eligibility(proposal)


# --- Excel ----------------------------------------------------------------------------------------------
def ratings_template_xlsx(*, people) -> bytes:
    """The import file, filled with the unit's people and their current rating (to edit and import back)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Xếp loại"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    labels = dict(RatingLevel.choices)
    for person in people:
        sheet.append([person.full_name, str(labels.get(person.level, "")), person.rating_note or ""])
    for column, width in zip("ABC", [36, 32, 40], strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@dataclass
class RatingRow:
    line: int
    name: str
    level_text: str
    note: str
    errors: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _levels() -> dict[str, str]:
    """Folded label or code -> level: "Hoàn thành tốt nhiệm vụ", "hoan thanh tot", "good" all read as GOOD."""
    levels = {}
    for value, label in RatingLevel.choices:
        levels[fold(value)] = value
        levels[fold(str(label))] = value
        levels[fold(str(label)).removesuffix(" nhiem vu")] = value
    return levels


def _cell(value) -> str:
    return "" if value is None else str(value).strip()


def ratings_parse_workbook(file, *, unit: Unit) -> tuple[list[RatingRow], list[str]]:
    """Read the first sheet (columns `COLUMNS`). Returns (rows with their errors, file-level errors)."""
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a broken file
        return [], [_("Không đọc được tệp: tệp không phải Excel .xlsx hợp lệ.")]
    lines = workbook.worksheets[0].iter_rows(values_only=True)
    header = [_cell(v) for v in next(lines, [])]
    missing = [c for c in COLUMNS[:2] if c not in header]
    if missing:
        return [], [_("Thiếu cột: %(c)s. Dùng tệp mẫu của trang xếp loại.") % {"c": ", ".join(missing)}]
    rows = []
    for number, values in enumerate(lines, start=2):
        if number - 1 > MAX_ROWS:
            return [], [_("Tệp có hơn %(n)s dòng: chia nhỏ tệp.") % {"n": MAX_ROWS}]
        cells = {k: _cell(v) for k, v in zip(header, values, strict=False)}
        if any(cells.values()):
            rows.append(
                RatingRow(number, cells.get("Họ và tên", ""), cells.get("Xếp loại", ""), cells.get("Ghi chú", ""))
            )
    people: dict[str, list[Person]] = {}
    for person in Person.objects.filter(unit=unit).only("id", "full_name"):
        people.setdefault(fold(person.full_name), []).append(person)
    levels, seen = _levels(), set()
    for row in rows:
        matches = people.get(fold(row.name), [])
        if not row.name:
            row.errors.append(_("Thiếu «Họ và tên»."))
        elif len(matches) != 1:
            row.errors.append(
                _("Không tìm thấy «%(p)s» ở %(u)s.") % {"p": row.name, "u": unit.name}
                if not matches
                else _("Có nhiều người tên «%(p)s» ở %(u)s.") % {"p": row.name, "u": unit.name}
            )
        level = levels.get(fold(row.level_text)) if row.level_text else ""
        if level is None:
            row.errors.append(_("Xếp loại «%(l)s» không hợp lệ.") % {"l": row.level_text})
        if row.errors:
            continue
        if matches[0].pk in seen:
            row.errors.append(_("Dòng trùng với một dòng phía trên."))
            continue
        seen.add(matches[0].pk)
        row.data = {"person_id": matches[0].pk, "level": level, "note": row.note[:500]}
    return rows, []


@transaction.atomic
def ratings_import(*, actor: User | None, unit: Unit, year: int, rows: list[dict]) -> int:
    """Save rows checked by `ratings_parse_workbook` (all or nothing). Returns how many ratings changed."""
    return ratings_save(
        actor=actor, unit=unit, year=year, entries={row["person_id"]: (row["level"], row["note"]) for row in rows}
    )
