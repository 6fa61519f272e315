"""Documents of performance ratings: the unit's import template as XLSX, and the ratings read back from Excel.

The template (`ratings_template_xlsx`) and the import (`ratings_parse_workbook`) share their columns (`COLUMNS`).
The import parses and checks every row and saves nothing: `awards.services.ratings.ratings_import` saves the
rows once the preview is clean.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.styles import Font

from clusters import writers
from clusters.models import Person, Unit
from clusters.search import fold
from clusters.text import cleaned
from clusters.uploads import FILE_TYPES

from ..models import RatingLevel

XLSX = FILE_TYPES[".xlsx"].content_type
COLUMNS = ["Họ và tên", "Xếp loại", "Ghi chú"]
MAX_ROWS = 5000


def ratings_template_xlsx(*, people) -> bytes:
    """The import file, filled with the unit's people and their current rating (to edit and import back)."""
    workbook = writers.new_workbook()
    sheet = workbook.active
    sheet.title = "Xếp loại"
    writers.append(sheet, COLUMNS, font=Font(bold=True))
    labels = dict(RatingLevel.choices)
    for person in people:
        writers.append(sheet, [person.full_name, str(labels.get(person.level, "")), person.rating_note or ""])
    for column, width in zip("ABC", [36, 32, 40], strict=True):
        sheet.column_dimensions[column].width = width
    return writers.save_workbook(workbook)


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
    return "" if value is None else cleaned(str(value))


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
