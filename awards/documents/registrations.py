"""Documents of registrations of titles: a board's consolidated registrations of a year as XLSX (through the one
XLSX writer, `clusters.writers`)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl.styles import Font

from clusters import writers
from clusters.uploads import FILE_TYPES

XLSX = FILE_TYPES[".xlsx"].content_type


def consolidated_xlsx(*, board_name: str, year: int, entries) -> bytes:
    """One row per registered collective or individual: title, nominee, unit, planned initiative."""
    workbook = writers.new_workbook()
    sheet = workbook.active
    writers.set_title(workbook, _("Đăng ký thi đua %(year)s") % {"year": year})
    bold = Font(bold=True)
    writers.append(sheet, [_("Tổng hợp đăng ký thi đua năm %(year)s") % {"year": year}], font=bold)
    writers.append(sheet, [board_name])
    writers.append(sheet, [])
    writers.append(
        sheet,
        [_("STT"), _("Danh hiệu đăng ký"), _("Tập thể, cá nhân"), _("Đơn vị đăng ký"), _("Sáng kiến, đề tài dự kiến")],
        font=bold,
    )
    for number, entry in enumerate(entries, start=1):
        writers.append(
            sheet,
            [
                number,
                entry.award_type.name,
                entry.nominee_name,
                entry.registration.unit.name,
                entry.planned_initiative,
            ],
        )
    for column, width in zip("ABCDE", (6, 40, 36, 40, 50), strict=True):
        sheet.column_dimensions[column].width = width
    return writers.save_workbook(workbook)
