"""Documents of award records: records and the decision lists (the records of one decision number) as XLSX and
DOCX, certificates as print-ready PDF, and the award records read back from Excel.

The records workbook (`records_xlsx`) and the import (`parse_workbook`) share their columns (`COLUMNS`), so an
exported file can be edited and imported back. The import parses and checks every row first and saves nothing:
`awards.services.records.award_records_import` saves the rows once the preview is clean. A row names either a
collective ("Tập thể": a unit's name or code) or a person ("Cá nhân" + "Đơn vị của cá nhân").
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.template.loader import select_template
from django.utils import timezone
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl.styles import Alignment, Font

from clusters import writers
from clusters.imports import Column, cell_date, read_rows, template_xlsx
from clusters.imports import ImportRow as BaseImportRow
from clusters.models import Person, Unit
from clusters.search import fold
from clusters.uploads import FILE_TYPES

from ..models import AwardRecord, AwardType, ProposalKind, RecipientCategory
from ..selectors.proposals import recipient_category_for
from ..selectors.records import record_refusals

XLSX = FILE_TYPES[".xlsx"].content_type
DOCX = FILE_TYPES[".docx"].content_type
PDF = FILE_TYPES[".pdf"].content_type

COLUMNS = [
    "Năm",
    "Mã danh hiệu, hình thức",
    "Danh hiệu, hình thức",
    "Tập thể",
    "Cá nhân",
    "Đơn vị của cá nhân",
    "Số quyết định",
    "Ngày quyết định",
    "Cơ quan quyết định",
    "Ghi chú",
    # issue 19: last, so that files written before keep their places
    "Loại khen thưởng",
    "Phân loại đối tượng",
]
REQUIRED = ["Năm", "Số quyết định"]
#: Columns a file may leave out (files written before issue 19 have no kind nor category: left unclassified).
OPTIONAL = ("Danh hiệu, hình thức", "Ghi chú", "Loại khen thưởng", "Phân loại đối tượng")
MAX_ROWS = 5000


def import_template() -> bytes:
    """The import's template: its columns with what each holds (the kinds and categories by their labels)."""
    help_ = {
        "Năm": (True, _("Năm thành tích, ví dụ 2025."), 2025),
        "Mã danh hiệu, hình thức": (False, _("Mã trong danh mục (hoặc ghi tên ở cột sau)."), "BK_TTG"),
        "Danh hiệu, hình thức": (False, _("Tên danh hiệu, hình thức, không cần dấu."), ""),
        "Tập thể": (False, _("Tên hoặc mã của tập thể, hộ gia đình (để trống nếu là cá nhân)."), ""),
        "Cá nhân": (False, _("Họ và tên cá nhân (để trống nếu là tập thể)."), "Nguyễn Văn An"),
        "Đơn vị của cá nhân": (False, _("Tên hoặc mã đơn vị của cá nhân."), "Sở Nội vụ tỉnh Lạng Sơn"),
        "Loại khen thưởng": (
            False,
            _("Một trong: %(v)s. Để trống: chưa phân loại.")
            % {"v": "; ".join(str(label) for label in ProposalKind.labels)},
            str(ProposalKind.ANNUAL.label),
        ),
        "Phân loại đối tượng": (
            False,
            _("Một trong: %(v)s. Để trống: theo danh mục (lãnh đạo: chưa phân loại).")
            % {"v": "; ".join(str(label) for label in RecipientCategory.labels)},
            str(RecipientCategory.LEADER_DEPARTMENT.label),
        ),
        "Số quyết định": (True, _("Số, ký hiệu quyết định khen thưởng."), "123/QĐ-UBND"),
        "Ngày quyết định": (False, _("Ngày/tháng/năm."), "15/01/2026"),
        "Cơ quan quyết định": (False, _("Cơ quan, người quyết định."), "Chủ tịch UBND tỉnh"),
        "Ghi chú": (False, _("Tối đa 500 ký tự."), ""),
    }
    columns = [Column(name, *help_[name]) for name in COLUMNS]
    return template_xlsx(title=_("Nhập lịch sử khen thưởng"), columns=columns)


def _person_unit(record: AwardRecord) -> str:
    return record.nominee_person.unit.name if record.nominee_person_id else ""


def records_xlsx(records) -> bytes:
    """Award records with the import columns, so the file can be edited and imported back. Written in
    openpyxl's write-only mode: memory stays flat however many records (a national year is ~50,000)."""
    workbook = writers.new_workbook(write_only=True)
    sheet = workbook.create_sheet("Khen thưởng")
    for column, width in zip("ABCDEFGHIJKL", [8, 28, 40, 40, 28, 36, 18, 16, 30, 30, 34, 40], strict=True):
        sheet.column_dimensions[column].width = width
    writers.append(sheet, COLUMNS, font=Font(bold=True))
    for record in records:
        writers.append(
            sheet,
            [
                record.year,
                record.award_type.code,
                record.award_type.name,
                record.nominee_unit.name if record.nominee_unit_id else "",
                record.nominee_person.full_name if record.nominee_person_id else "",
                _person_unit(record),
                record.decision_number,
                record.decision_date.strftime("%d/%m/%Y") if record.decision_date else "",
                record.decision_authority,
                record.note,
                record.get_kind_display() if record.kind else "",
                record.get_recipient_category_display() if record.recipient_category else "",
            ],
        )
    return writers.save_workbook(workbook)


def _row(record: AwardRecord) -> tuple[str, str, str]:
    if record.nominee_person_id:
        person = record.nominee_person
        return (
            f"{person.honorific} {person.full_name}",
            ", ".join(x for x in [person.position, person.unit.name] if x),
            record.award_type.name,
        )
    return (record.nominee_unit.name, record.nominee_unit.get_kind_display(), record.award_type.name)


def decision_list_docx(*, number: str, records: list[AwardRecord]) -> bytes:
    """The list attached to an award decision (Danh sách kèm theo Quyết định số …)."""
    document = writers.new_document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    first = records[0] if records else None
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    writers.add_run(heading, "DANH SÁCH KHEN THƯỞNG").bold = True
    sub = document.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    date = f" ngày {first.decision_date:%d/%m/%Y}" if first and first.decision_date else ""
    authority = f" của {first.decision_authority}" if first and first.decision_authority else ""
    writers.add_run(sub, f"(Kèm theo Quyết định số {number}{date}{authority})").italic = True
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ["STT", "Tập thể, cá nhân", "Chức vụ, đơn vị", "Hình thức"], strict=True
    ):
        writers.set_cell_text(cell, "")
        writers.add_run(cell.paragraphs[0], text).bold = True
    for index, record in enumerate(records, start=1):
        cells = table.add_row().cells
        for cell, text in zip(cells, [str(index), *_row(record)], strict=True):
            writers.set_cell_text(cell, text)
    writers.add_run(document.add_paragraph(), f"Danh sách có {len(records)} tập thể, cá nhân.")
    return writers.save_document(document)


def decision_list_xlsx(*, number: str, records: list[AwardRecord]) -> bytes:
    workbook = writers.new_workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    writers.append(sheet, [f"DANH SÁCH KHEN THƯỞNG kèm theo Quyết định số {number}"], font=Font(bold=True))
    writers.append(
        sheet,
        ["STT", "Tập thể, cá nhân", "Chức vụ, đơn vị", "Hình thức", "Năm", "Loại khen thưởng", "Phân loại đối tượng"],
        font=Font(bold=True),
        alignment=Alignment(horizontal="center"),
    )
    for index, record in enumerate(records, start=1):
        writers.append(
            sheet,
            [
                index,
                *_row(record),
                record.year,
                record.get_kind_display() if record.kind else "",
                record.get_recipient_category_display() if record.recipient_category else "",
            ],
        )
    for column, width in zip("ABCDEFG", [6, 40, 50, 40, 8, 34, 40], strict=True):
        sheet.column_dimensions[column].width = width
    return writers.save_workbook(workbook)


def certificate_pdf(record: AwardRecord, *, base_url: str | None = None, public_url: str = "") -> bytes:
    """A print-ready certificate from the template of its award form (fallback: the generic one). With the
    `public_url` of its decision's public page (công bố), a QR code of it and the link are printed."""
    template = select_template(
        [f"awards/certificates/{record.award_type.code.lower()}.html", "awards/certificates/default.html"]
    )
    html = template.render(
        {
            "record": record,
            "person": record.nominee_person,
            "unit": record.nominee_unit,
            "award": record.award_type,
            "today": timezone.localdate(),
            "public_url": public_url,
            "public_qr": writers.qr_svg_data_uri(public_url) if public_url else "",
        }
    )
    return writers.pdf(html, base_url=base_url, signed=True, reason=str(record.award_type), location="")


# --- Award records read back from Excel (the machinery: clusters.imports) -------------------------------
class ImportRow(BaseImportRow):
    @property
    def summary(self) -> dict:
        v = self.values
        return {
            "year": v["Năm"],
            "award": v["Mã danh hiệu, hình thức"] or v["Danh hiệu, hình thức"],
            "nominee": v["Tập thể"] or " — ".join(x for x in [v["Cá nhân"], v["Đơn vị của cá nhân"]] if x),
            "decision": v["Số quyết định"],
        }


class _Lookup:
    """Units, people and award types matched without diacritics or case, loaded once per file."""

    def __init__(self, unit_names: set[str], person_names: set[str]):
        self.types = {}
        for award_type in AwardType.objects.all():
            self.types[fold(award_type.code)] = award_type
            self.types[fold(award_type.name)] = award_type
        self.units: dict[str, list[Unit]] = {}
        folded_units = {fold(n) for n in unit_names}
        for unit in Unit.objects.only("id", "name", "short_name", "code", "kind", "is_enterprise"):
            for key in {fold(unit.name), fold(unit.short_name), fold(unit.code or "")} - {""}:
                if key in folded_units:
                    self.units.setdefault(key, []).append(unit)
        unit_ids = {unit.pk for units in self.units.values() for unit in units}
        wanted = {fold(n) for n in person_names}
        self.people: dict[tuple[str, int], list[Person]] = {}
        for person in Person.objects.filter(unit_id__in=unit_ids).only("id", "full_name", "unit_id", "category"):
            key = fold(person.full_name)
            if key in wanted:
                self.people.setdefault((key, person.unit_id), []).append(person)

    def unit(self, name: str) -> list[Unit]:
        return self.units.get(fold(name), [])

    def person(self, name: str, unit: Unit) -> list[Person]:
        return self.people.get((fold(name), unit.pk), [])


def _missing(header: list[str]) -> list[str]:
    missing = [c for c in COLUMNS if c not in header and c not in OPTIONAL]
    if "Mã danh hiệu, hình thức" in missing and "Danh hiệu, hình thức" in header:
        missing.remove("Mã danh hiệu, hình thức")
    return missing


def parse_workbook(file, *, importer=None) -> tuple[list[ImportRow], list[str]]:
    """Read the first sheet. Returns (rows with their errors, file-level errors). A row `importer` may not record
    (another board's authority, a nominee outside its jurisdiction, a proposal it may not decide:
    `awards.selectors.records.record_refusals`) is refused with the reason."""
    raw, file_errors = read_rows(file, columns=COLUMNS, missing=_missing, row_class=ImportRow, max_rows=MAX_ROWS)
    if file_errors:
        return [], file_errors
    lookup = _Lookup(
        {r.values["Tập thể"] for r in raw if r.values["Tập thể"]}
        | {r.values["Đơn vị của cá nhân"] for r in raw if r.values["Đơn vị của cá nhân"]},
        {r.values["Cá nhân"] for r in raw if r.values["Cá nhân"]},
    )
    seen = set()
    for row in raw:
        _check_row(row, lookup, seen)
    _flag_existing([row for row in raw if row.ok])
    valid = [row for row in raw if row.ok]
    for row, reasons in zip(valid, record_refusals(actor=importer, rows=[row.data for row in valid]), strict=True):
        if reasons:
            row.errors.extend(reasons)
            row.data = {}
    return raw, []


def _record_key(data: dict) -> tuple:
    return (
        data["nominee_unit_id"],
        data["nominee_person_id"],
        data["award_type_id"],
        data["year"],
        data["decision_number"],
    )


def _flag_existing(rows: list[ImportRow]) -> None:
    """Rows already in the system, found with one query for the whole file (by their decision numbers)."""
    if not rows:
        return
    existing = set(
        AwardRecord.objects.filter(
            decision_number__in={row.data["decision_number"] for row in rows},
            year__in={row.data["year"] for row in rows},
            award_type_id__in={row.data["award_type_id"] for row in rows},
        ).values_list("nominee_unit_id", "nominee_person_id", "award_type_id", "year", "decision_number")
    )
    for row in rows:
        if _record_key(row.data) in existing:
            row.errors.append(_("Khen thưởng này đã có trong hệ thống."))
            row.data = {}


def _choice(row: ImportRow, column: str, choices) -> str | None:
    """The value of a column of choices, named by its Vietnamese label (or its code) with or without diacritics;
    "" when empty; None, with the row's error naming the column, when nothing matches."""
    text = row.values.get(column, "")
    if not text:
        return ""
    key = " ".join(fold(text).split())
    for value, label in choices:
        if key in (" ".join(fold(str(label)).split()), fold(value)):
            return value
    row.fail(
        column,
        _("không có giá trị «%(v)s» (ghi một trong: %(labels)s).")
        % {"v": text, "labels": "; ".join(str(label) for _value, label in choices)},
    )
    return None


def _check_row(row: ImportRow, lookup: _Lookup, seen: set) -> None:
    v = row.values
    for column in REQUIRED:
        if not v[column]:
            row.errors.append(_("Thiếu «%(c)s».") % {"c": column})
    year = None
    if v["Năm"]:
        try:
            year = int(v["Năm"])
            if not 1945 <= year <= 2100:
                raise ValueError
        except ValueError:
            row.errors.append(_("Năm «%(y)s» không hợp lệ.") % {"y": v["Năm"]})
            year = None
    award_type = lookup.types.get(fold(v["Mã danh hiệu, hình thức"])) or lookup.types.get(
        fold(v["Danh hiệu, hình thức"])
    )
    if award_type is None:
        row.errors.append(
            _("Không có danh hiệu, hình thức «%(a)s».")
            % {"a": v["Mã danh hiệu, hình thức"] or v["Danh hiệu, hình thức"]}
        )
    try:
        decision_date = cell_date(row.raw["Ngày quyết định"])
    except ValueError as error:
        row.errors.append(_("Ngày quyết định «%(d)s» không đúng dạng ngày/tháng/năm.") % {"d": error})
        decision_date = None
    except ValidationError as error:
        row.errors.extend(error.messages)
        decision_date = None
    for column, name in (("Số quyết định", "decision_number"), ("Cơ quan quyết định", "decision_authority")):
        limit = AwardRecord._meta.get_field(name).max_length
        if len(v[column]) > limit:
            row.errors.append(_("«%(c)s» dài quá %(n)s ký tự.") % {"c": column, "n": limit})
    unit = person = None
    if bool(v["Tập thể"]) == bool(v["Cá nhân"]):
        row.errors.append(_("Ghi đúng một đối tượng: «Tập thể» hoặc «Cá nhân»."))
    elif v["Tập thể"]:
        units = lookup.unit(v["Tập thể"])
        if len(units) != 1:
            row.errors.append(
                _("Không tìm thấy tập thể «%(u)s».") % {"u": v["Tập thể"]}
                if not units
                else _("Có nhiều đơn vị tên «%(u)s»: ghi mã.") % {"u": v["Tập thể"]}
            )
        else:
            unit = units[0]
            if award_type and not award_type.accepts_unit():
                row.errors.append(_("%(a)s chỉ tặng cho cá nhân.") % {"a": award_type.name})
    else:
        units = lookup.unit(v["Đơn vị của cá nhân"]) if v["Đơn vị của cá nhân"] else []
        if len(units) != 1:
            row.errors.append(_("Không xác định được đơn vị của cá nhân «%(u)s».") % {"u": v["Đơn vị của cá nhân"]})
        else:
            people = lookup.person(v["Cá nhân"], units[0])
            if len(people) != 1:
                row.errors.append(
                    _("Không tìm thấy cá nhân «%(p)s» ở %(u)s.") % {"p": v["Cá nhân"], "u": units[0].name}
                    if not people
                    else _("Có nhiều người tên «%(p)s» ở %(u)s.") % {"p": v["Cá nhân"], "u": units[0].name}
                )
            else:
                person = people[0]
                if award_type and not award_type.accepts_person():
                    row.errors.append(_("%(a)s chỉ tặng cho tập thể.") % {"a": award_type.name})
    kind = _choice(row, "Loại khen thưởng", ProposalKind.choices)
    category = _choice(row, "Phân loại đối tượng", RecipientCategory.choices)
    if (unit or person) and category is not None:
        try:
            category = recipient_category_for(
                category=category, nominee_unit=unit, nominee_person=person, required=False
            )
        except ValidationError as error:
            for message in error.messages:
                row.fail("Phân loại đối tượng", message)
    if row.errors:
        return
    key = (unit.pk if unit else None, person.pk if person else None, award_type.pk, year, v["Số quyết định"])
    if key in seen:
        row.errors.append(_("Dòng trùng với một dòng phía trên."))
        return
    seen.add(key)
    row.data = {
        "nominee_unit_id": unit.pk if unit else None,
        "nominee_person_id": person.pk if person else None,
        "award_type_id": award_type.pk,
        "year": year,
        "kind": kind,
        "recipient_category": category,
        "decision_number": v["Số quyết định"],
        "decision_date": decision_date.isoformat() if decision_date else None,
        "decision_authority": v["Cơ quan quyết định"],
        "note": v["Ghi chú"][:500],
    }
