"""The report's tables as an XLSX workbook (openpyxl): one sheet per table, header row frozen."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

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
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(SHEET_NAMES.get(table.key, table.key)[:31])
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(table.header)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append([value if isinstance(value, int | float) else str(value) for value in row])
        if not table.rows and table.empty:
            sheet.append([table.empty])
        sheet.freeze_panes = "A3"
        for index, header in enumerate(table.header, start=1):
            width = max([len(str(header))] + [len(str(r[index - 1])) for r in table.rows if len(r) >= index])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 60)
    book.properties.title = title
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
