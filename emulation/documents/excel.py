"""The report's tables as an XLSX workbook (openpyxl): one sheet per table, header row frozen."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from clusters import writers

from .tables import Table

SHEET_NAMES = {
    "members": "Thành viên",
    "targets": "Chỉ tiêu",
    "ranking": "Xếp hạng",
    "ballot": "Bỏ phiếu",
    "proposals": "Đề nghị",
    "awards": "Khen thưởng",
    "share": "Lãnh đạo - NLĐ trực tiếp",
    "groups": "Cụm, khối",
}


def workbook(tables: list[Table], *, title: str) -> bytes:
    book = writers.new_workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(SHEET_NAMES.get(table.key, table.key)[:31])
        writers.append(sheet, [table.title], font=Font(bold=True, size=13))
        writers.append(sheet, table.header, font=Font(bold=True), alignment=Alignment(wrap_text=True, vertical="top"))
        for row in table.rows:
            writers.append(sheet, row)
        if not table.rows and table.empty:
            writers.append(sheet, [table.empty])
        sheet.freeze_panes = "A3"
        for index, header in enumerate(table.header, start=1):
            width = max([len(str(header))] + [len(str(r[index - 1])) for r in table.rows if len(r) >= index])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    writers.set_title(book, title)
    return writers.save_workbook(book)
