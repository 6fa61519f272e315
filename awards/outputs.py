"""Documents: award records and decision lists as XLSX and DOCX, certificates as print-ready PDF."""

from __future__ import annotations

import io

from django.template.loader import select_template
from django.utils import timezone
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from .imports import COLUMNS
from .models import AwardRecord

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _person_unit(record: AwardRecord) -> str:
    return record.nominee_person.unit.name if record.nominee_person_id else ""


def records_xlsx(records) -> bytes:
    """Award records with the import columns, so the file can be edited and imported back. Written in
    openpyxl's write-only mode: memory stays flat however many records (a national year is ~50,000)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Khen thưởng")
    for column, width in zip("ABCDEFGHIJ", [8, 28, 40, 40, 28, 36, 18, 16, 30, 30], strict=True):
        sheet.column_dimensions[column].width = width
    header = []
    for title in COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for record in records:
        sheet.append(
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
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _row(record: AwardRecord) -> tuple[str, str, str]:
    if record.nominee_person_id:
        person = record.nominee_person
        return (
            f"Ông (bà) {person.full_name}",
            ", ".join(x for x in [person.position, person.unit.name] if x),
            record.award_type.name,
        )
    return (record.nominee_unit.name, record.nominee_unit.get_kind_display(), record.award_type.name)


def decision_list_docx(*, number: str, records: list[AwardRecord]) -> bytes:
    """The list attached to an award decision (Danh sách kèm theo Quyết định số …)."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    first = records[0] if records else None
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run("DANH SÁCH KHEN THƯỞNG")
    run.bold = True
    sub = document.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    date = f" ngày {first.decision_date:%d/%m/%Y}" if first and first.decision_date else ""
    authority = f" của {first.decision_authority}" if first and first.decision_authority else ""
    sub.add_run(f"(Kèm theo Quyết định số {number}{date}{authority})").italic = True
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(
        table.rows[0].cells, ["STT", "Tập thể, cá nhân", "Chức vụ, đơn vị", "Hình thức"], strict=True
    ):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for index, record in enumerate(records, start=1):
        cells = table.add_row().cells
        for cell, text in zip(cells, [str(index), *_row(record)], strict=True):
            cell.text = text
    document.add_paragraph(f"Danh sách có {len(records)} tập thể, cá nhân.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def decision_list_xlsx(*, number: str, records: list[AwardRecord]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Danh sách"
    sheet.append([f"DANH SÁCH KHEN THƯỞNG kèm theo Quyết định số {number}"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(["STT", "Tập thể, cá nhân", "Chức vụ, đơn vị", "Hình thức", "Năm"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for index, record in enumerate(records, start=1):
        sheet.append([index, *_row(record), record.year])
    for column, width in zip("ABCDE", [6, 40, 50, 40, 8], strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def certificate_pdf(record: AwardRecord, *, base_url: str | None = None) -> bytes:
    """A print-ready certificate from the template of its award form (fallback: the generic one)."""
    from weasyprint import HTML

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
        }
    )
    return HTML(string=html, base_url=base_url).write_pdf()
