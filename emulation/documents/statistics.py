"""A statutory statistics form (biểu 0601–0605) as XLSX and as PDF, laid out as the form: its number
("Biểu số 0601.N/BNV-TĐKT"), title, the reporting and receiving units, the receipt date, the columns Mã số, Đơn vị
tính, Tổng số and the others, and the two signature blocks. Built only through clusters/writers.py."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from clusters import writers

from ..selectors.statistics import FormTable
from .word import MOTTO, NATIONAL_NAME

#: Where the numbers start in the XLSX: A label, B Mã số, C Đơn vị tính, D column 1 (Tổng số)...
FIRST_VALUE_COLUMN = 4


def header_labels(table: FormTable) -> list[str]:
    labels = [_("Chỉ tiêu"), _("Mã số"), _("Đơn vị tính")]
    for column in table.columns:
        labels.append(_("Tổng số") if column["code"] == "1" else column["label"])
    return labels


def stat_xlsx(table: FormTable) -> bytes:
    form = table.form
    book = writers.new_workbook()
    sheet = book.active
    sheet.title = form.code
    bold = Font(bold=True)
    writers.append(sheet, [table.number], font=bold)
    writers.append(sheet, [form.title.upper()], font=Font(bold=True, size=13))
    writers.append(sheet, [_("Năm %(year)s") % {"year": table.year}])
    writers.append(sheet, [_("Ban hành kèm theo %(basis)s") % {"basis": form.legal_basis}])
    writers.append(sheet, [_("Ngày nhận báo cáo: %(date)s") % {"date": form.receipt_date}])
    writers.append(sheet, [_("Đơn vị báo cáo: %(unit)s") % {"unit": table.reporting_unit}])
    writers.append(sheet, [_("Đơn vị nhận báo cáo: %(unit)s") % {"unit": form.receiving_unit}])
    writers.append(sheet, header_labels(table), font=bold, alignment=Alignment(wrap_text=True, vertical="top"))
    writers.append(sheet, ["A", "B", "C", *table.column_numbers], alignment=Alignment(horizontal="center"))
    for row in table.rows:
        values = ["" if row.heading else form.unit_of_measure, *row.values]
        writers.append(sheet, [row.label, row.code, *values], font=bold if row.heading or row.code == "01" else None)
    writers.append(sheet, [])
    last = get_column_letter(FIRST_VALUE_COLUMN + len(table.columns) - 1)
    writers.append(sheet, [_("Người lập biểu"), "", "", _("Thủ trưởng đơn vị")], font=bold)
    writers.append(sheet, [_("(Ký, họ tên)"), "", "", _("(Ký, họ tên, đóng dấu)")])
    sheet.column_dimensions["A"].width = 48
    sheet.column_dimensions["C"].width = 12
    for index in range(FIRST_VALUE_COLUMN, FIRST_VALUE_COLUMN + len(table.columns)):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.freeze_panes = "D10"
    sheet.print_area = f"A1:{last}{sheet.max_row}"
    writers.set_title(book, f"{table.number} — {form.title} — {table.year}")
    return writers.save_workbook(book)


def stat_pdf(table: FormTable) -> bytes:
    html = render_to_string(
        "emulation/statistics/form_pdf.html",
        {"table": table, "headers": header_labels(table), "national_name": NATIONAL_NAME, "motto": MOTTO},
    )
    return writers.pdf(html)
