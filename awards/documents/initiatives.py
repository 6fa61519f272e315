"""Documents of the initiative register: the Excel import (its template and its parse, through the one import
machinery `clusters.imports`) and the report of the year's Chiến sĩ thi đua candidates without a recognised
initiative as XLSX (through `clusters.writers`).

The import takes one row per initiative; its authors in one cell, "Nguyễn Văn A (60%); Trần Thị B (40%)", each
named exactly as in the register of people of the applying unit or of a unit directly inside it. A row already in
the register (same unit, decision number and title) is "unchanged": importing a file again changes nothing.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font

from clusters import writers
from clusters.imports import Column, ImportRow, cell_date, check_length, check_required, read_rows, template_xlsx
from clusters.models import Person, Unit, User
from clusters.search import fold
from clusters.uploads import FILE_TYPES

from ..models import InitiativeScope, ProposalStatus
from ..selectors.initiatives import edits_unit_initiatives
from ..services.initiatives import existing

XLSX = FILE_TYPES[".xlsx"].content_type

TITLE, FIELD, UNIT, AUTHORS, BODY, NUMBER, DATE, SCOPE = (
    "Tên sáng kiến, đề tài",
    "Lĩnh vực",
    "Đơn vị áp dụng",
    "Tác giả",
    "Cơ quan công nhận",
    "Số quyết định",
    "Ngày công nhận",
    "Phạm vi ảnh hưởng",
)
#: The preview's columns.
SHOWN = (TITLE, UNIT, AUTHORS, NUMBER, DATE, SCOPE)
#: One author in the authors' cell: a name, then its share in brackets ("Nguyễn Văn A (60%)").
AUTHOR = re.compile(r"^(?P<name>.+?)\s*\(\s*(?P<share>\d{1,3})\s*%?\s*\)$")


def columns() -> list[Column]:
    scopes = "; ".join(str(label) for _value, label in InitiativeScope.choices)
    return [
        Column(TITLE, True, gettext_lazy("Tên sáng kiến, đề tài như trong quyết định công nhận."),
               "Ứng dụng phần mềm quản lý hồ sơ thi đua"),
        Column(FIELD, False, gettext_lazy("Lĩnh vực (ví dụ: Cải cách hành chính, Giáo dục, Y tế)."),
               "Cải cách hành chính"),
        Column(UNIT, True, gettext_lazy("Mã đơn vị hoặc đúng tên đơn vị nơi áp dụng sáng kiến, thuộc phạm vi bạn "
                                        "quản lý."), "Sở Nội vụ"),
        Column(AUTHORS, True, gettext_lazy(
            "Các tác giả và tỷ lệ đóng góp, cách nhau bằng dấu chấm phẩy: «Nguyễn Văn A (60%); Trần Thị B (40%)». "
            "Tên ghi đúng như trong danh sách cá nhân của đơn vị áp dụng (hoặc đơn vị trực thuộc). Tổng tỷ lệ không "
            "quá 100%."), "Nguyễn Văn An (60%); Trần Thị Bình (40%)"),
        Column(BODY, True, gettext_lazy("Mã hoặc tên đơn vị trong danh mục; nếu không có trong danh mục, tên cơ quan "
                                        "được ghi như văn bản."), "Hội đồng sáng kiến tỉnh"),
        Column(NUMBER, True, gettext_lazy("Số quyết định công nhận."), "125/QĐ-UBND"),
        Column(DATE, True, gettext_lazy("Ngày ký quyết định công nhận, dạng ngày/tháng/năm."), "15/11/2024"),
        Column(SCOPE, True, gettext_lazy("Một trong: %(s)s.") % {"s": scopes}, str(InitiativeScope.PROVINCE.label)),
    ]  # fmt: skip


def template() -> bytes:
    return template_xlsx(title=_("Mẫu nhập sổ sáng kiến, đề tài"), columns=columns())


def _scope(text: str) -> str | None:
    key = fold(text)
    for value, label in InitiativeScope.choices:
        if key in (fold(str(label)), fold(value)):
            return value
    return None


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


class _Units:
    """Units named by code or exact name, looked up once per distinct text."""

    def __init__(self):
        self.found: dict[str, list[Unit]] = {}

    def find(self, text: str) -> list[Unit]:
        if text not in self.found:
            units = list(Unit.objects.filter(Q(code=text) | Q(name__iexact=" ".join(text.split())))[:5])
            by_code = [u for u in units if u.code == text]
            self.found[text] = by_code or [u for u in units if _key(u.name) == _key(text)]
        return self.found[text]


def _authors(row: ImportRow, unit: Unit) -> list[list[int]]:
    parts = [part.strip() for part in row.values[AUTHORS].split(";") if part.strip()]
    people = list(Person.objects.filter(Q(unit=unit) | Q(unit__parent=unit)).only("pk", "full_name", "unit_id"))
    found: list[list[int]] = []
    for part in parts:
        match = AUTHOR.match(part)
        if not match:
            row.fail(AUTHORS, _("«%(a)s» không đúng dạng «Họ và tên (tỷ lệ%%)».") % {"a": part})
            continue
        name, share = match["name"].strip(), int(match["share"])
        if not 1 <= share <= 100:
            row.fail(AUTHORS, _("tỷ lệ của «%(a)s» phải từ 1%% đến 100%%.") % {"a": name})
            continue
        same = [p for p in people if _key(p.full_name) == _key(name)]
        if not same:
            row.fail(AUTHORS, _("không tìm thấy «%(a)s» trong danh sách cá nhân của %(u)s.") % {"a": name, "u": unit})
        elif len(same) > 1:
            row.fail(AUTHORS, _("có nhiều người tên «%(a)s» ở %(u)s: nhập sáng kiến này trên trang.") % {
                "a": name, "u": unit})  # fmt: skip
        elif any(pk == same[0].pk for pk, _s in found):
            row.fail(AUTHORS, _("«%(a)s» được ghi hai lần.") % {"a": name})
        else:
            found.append([same[0].pk, share])
    total = sum(share for _pk, share in found)
    if total > 100:
        row.fail(AUTHORS, _("tổng tỷ lệ đóng góp là %(n)s%%, không được quá 100%%.") % {"n": total})
    if not parts:
        row.fail(AUTHORS, _("bắt buộc, đang để trống."))
    return found


def parse_workbook(file, *, importer: User | None) -> tuple[list[ImportRow], list[str]]:
    """Every row checked, nothing saved: each error names its column; a row already in the register is
    "unchanged"; the others "new", with the data `awards.services.initiatives.initiatives_import` saves."""
    specs = columns()
    rows, file_errors = read_rows(
        file,
        columns=[c.name for c in specs],
        missing=lambda header: [c.name for c in specs if c.required and c.name not in header],
    )
    units, seen = _Units(), {}
    for row in rows:
        check_required(row, [c.name for c in specs if c.required])
        check_length(row, TITLE, 500)
        check_length(row, FIELD, 255)
        check_length(row, BODY, 255)
        check_length(row, NUMBER, 100)
        scope = _scope(row.values[SCOPE]) if row.values[SCOPE] else None
        if row.values[SCOPE] and scope is None:
            row.fail(SCOPE, _("«%(s)s» không phải phạm vi ảnh hưởng đã định.") % {"s": row.values[SCOPE]})
        try:
            day = cell_date(row.raw.get(DATE))
        except ValueError:
            day = None
            row.fail(DATE, _("«%(d)s» không đúng dạng ngày/tháng/năm.") % {"d": row.values[DATE]})
        except ValidationError as error:  # an implausible date (01/01/0001)
            day = None
            row.fail(DATE, " ".join(error.messages))
        unit = None
        if row.values[UNIT]:
            matches = units.find(row.values[UNIT])
            if not matches:
                row.fail(UNIT, _("không tìm thấy đơn vị «%(u)s» (ghi mã hoặc đúng tên đơn vị).") % {
                    "u": row.values[UNIT]})  # fmt: skip
            elif len(matches) > 1:
                row.fail(UNIT, _("có nhiều đơn vị tên «%(u)s»: ghi mã đơn vị.") % {"u": row.values[UNIT]})
            elif importer is not None and not edits_unit_initiatives(importer, matches[0]):
                row.fail(UNIT, _("đơn vị «%(u)s» không thuộc phạm vi bạn quản lý.") % {"u": matches[0].name})
            else:
                unit = matches[0]
        authors = _authors(row, unit) if unit is not None and row.values[AUTHORS] else []
        body = units.find(row.values[BODY]) if row.values[BODY] else []
        if not row.ok:
            continue
        key = (unit.pk, row.values[NUMBER], row.values[TITLE])
        if key in seen:
            row.fail(None, _("Trùng với dòng %(n)s của tệp.") % {"n": seen[key]})
            continue
        seen[key] = row.line
        row.data = {
            "unit": unit.pk,
            "title": row.values[TITLE],
            "field": row.values[FIELD],
            "authors": authors,
            "body": body[0].pk if len(body) == 1 else None,
            "body_name": "" if len(body) == 1 else row.values[BODY],
            "decision_number": row.values[NUMBER],
            "decision_date": day.isoformat(),
            "scope": scope,
        }
        known = existing(unit_id=unit.pk, decision_number=row.values[NUMBER], title=row.values[TITLE])
        row.status = "unchanged" if known is not None else "new"
    return rows, file_errors


def candidates_xlsx(*, year: int, proposals) -> bytes:
    """The report of the year's Chiến sĩ thi đua candidates without a recognised initiative of sufficient scope
    (`proposals`: the queryset of `awards.selectors.initiatives.candidates_without_initiative`)."""
    # write-only: each row written as it comes, its plain values through one cell object (`writers.append`), not
    # kept as 15,000 cell objects for a final pass (the 2,600 candidates of a year at scale 10, issue 16)
    workbook = writers.new_workbook(write_only=True)
    sheet = workbook.create_sheet(_("Chưa có sáng kiến"))
    for column, width in zip("ABCDEF", (6, 40, 32, 40, 20, 40), strict=True):
        sheet.column_dimensions[column].width = width
    writers.set_title(workbook, _("Chiến sĩ thi đua chưa có sáng kiến %(year)s") % {"year": year})
    bold = Font(bold=True)
    writers.append(
        sheet,
        [_("Đề nghị Chiến sĩ thi đua năm %(year)s chưa có sáng kiến được công nhận đủ phạm vi") % {"year": year}],
        font=bold,
    )
    writers.append(sheet, [])
    writers.append(
        sheet,
        [_("STT"), _("Danh hiệu"), _("Cá nhân"), _("Đơn vị đề nghị"), _("Trạng thái"), _("Sáng kiến khai báo")],
        font=bold,
    )
    # the labels translated once: `get_status_display()` builds a dict of the choices per row, hashing (so
    # translating) each lazy label: a third of the workbook's time for a few hundred rows
    statuses = {value: str(label) for value, label in ProposalStatus.choices}
    # the five values each row shows, not the proposals with their award, person and unit: building those
    # 10,000 objects was half of the workbook's time for the 2,600 candidates of a year at scale 10 (issue 16)
    rows = proposals.values_list(
        "award_type__name", "nominee_person__full_name", "proposing_unit__name", "status", "initiative"
    )
    for number, (award, person, unit, status, initiative) in enumerate(rows, start=1):
        writers.append(sheet, [number, award, person, unit, statuses.get(status, status), initiative])
    return writers.save_workbook(workbook)
