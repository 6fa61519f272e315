"""The one machinery of every Excel import (award records, units, collectives, people, accounts).

An import is two steps and saves nothing before the second:

1. preview — the upload (`ExcelUploadForm`: `clusters.uploads.EXCEL`, so size and zip bounds are checked before
   openpyxl reads a byte) is read by `read_rows` (first sheet, header row, at most `settings.IMPORT_MAX_ROWS`
   rows) into `ImportRow`s; the import's own checks add every error of every row, each naming its column
   (`ImportRow.fail`). Only a file without any error is kept, server side in the user's session, as the plain
   data its service takes (`stash`);
2. confirm — `take` hands that data to the import's service once: a second confirm of the same preview (a
   double click, two tabs, the back button) finds nothing, even when both arrive at once (a cache `add`, atomic
   in Redis, claims each preview's token).

Each import also has a template to download (`template_xlsx`): its Vietnamese headers, an example row and a
sheet of instructions with the allowed values of each column.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.datetime import from_excel

from . import writers
from .text import cleaned, plausible_date
from .uploads import EXCEL
from .web import TextPolicyMixin

__all__ = [
    "Column",
    "ExcelUploadForm",
    "ImportRow",
    "cell_date",
    "cell_text",
    "read_rows",
    "stash",
    "take",
    "template_xlsx",
]

#: Lines kept per preview in the session / claims of confirmed previews in the cache, in seconds.
PENDING_PREFIX = "imports:"
CLAIM_SECONDS = 24 * 3600


@dataclass
class ImportRow:
    """One line of a file: its number in the sheet, its cells by header (`values`, text; `raw`, as read), the
    errors found, and the data its service takes once the file is clean. `status`: "new" or "unchanged"."""

    line: int
    values: dict
    raw: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    status: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    def fail(self, column: str | None, message: str) -> None:
        """An error of this row, naming the column it is about ("Ngày sinh: … không đúng dạng …")."""
        self.errors.append(f"{column}: {message}" if column else str(message))
        self.data = {}

    @property
    def unchanged(self) -> bool:
        return self.status == "unchanged"


# --- Cells -----------------------------------------------------------------------------------------------
def cell_text(value) -> str:
    """A cell as text: numbers without a trailing ".0", composed, without control characters, stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime) and not (value.hour or value.minute or value.second):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return cleaned(str(value))


def cell_date(value) -> datetime.date | None:
    """A cell as a date: an Excel date, an Excel serial number, or text dd/mm/yyyy (also yyyy-mm-dd, dd-mm-yyyy).
    None when empty; `ValueError(text)` when not a date; `ValidationError` when implausible (01/01/0001)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    elif isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        day = from_excel(value)
        day = day.date() if isinstance(day, datetime.datetime) else day
    else:
        text, day = cell_text(value), None
        for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                day = datetime.datetime.strptime(text, pattern).date()
                break
            except ValueError:
                continue
        if day is None:
            raise ValueError(text)
    plausible_date(day)
    return day


def yes_no(text: str) -> bool | None:
    """ "Có"/"x"/"1" → True, ""/"Không"/"0" → False; anything else None (an error of the row)."""
    folded = text.strip().lower()
    if folded in ("có", "co", "x", "1", "yes", "true"):
        return True
    if folded in ("", "không", "khong", "0", "no", "false"):
        return False
    return None


# --- Reading a file ----------------------------------------------------------------------------------------
def read_rows(
    file,
    *,
    columns: list[str],
    missing: Callable[[list[str]], list[str]] | None = None,
    row_class: type[ImportRow] = ImportRow,
    max_rows: int | None = None,
) -> tuple[list[ImportRow], list[str]]:
    """The rows of the first sheet under its header row, blank lines skipped: (rows, file-level errors).
    `missing(header)`: the columns the header lacks (default: every one of `columns`)."""
    max_rows = max_rows or settings.IMPORT_MAX_ROWS
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a broken file
        return [], [_("Không đọc được tệp: tệp không phải Excel .xlsx hợp lệ.")]
    try:
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = [cell_text(v) for v in next(lines, None) or []]
        lacking = missing(header) if missing else [c for c in columns if c not in header]
        if lacking:
            return [], [_("Thiếu cột: %(c)s. Dùng tệp mẫu của trang này.") % {"c": ", ".join(lacking)}]
        rows = []
        for number, values in enumerate(lines, start=2):
            cells = dict(zip(header, values, strict=False))
            if not any(cell_text(v) for v in cells.values()):
                continue
            if len(rows) >= max_rows:
                return [], [_("Tệp có hơn %(n)s dòng: chia nhỏ tệp rồi nhập từng phần.") % {"n": max_rows}]
            rows.append(
                row_class(
                    line=number,
                    values={c: cell_text(cells.get(c)) for c in columns},
                    raw={c: cells.get(c) for c in columns},
                )
            )
        if not rows:
            return [], [_("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")]
        return rows, []
    except Exception:  # a sheet that breaks openpyxl half way
        return [], [_("Không đọc được tệp: tệp không phải Excel .xlsx hợp lệ.")]
    finally:
        workbook.close()


def check_length(row: ImportRow, column: str, limit: int) -> None:
    if len(row.values[column]) > limit:
        row.fail(column, _("dài quá %(n)s ký tự.") % {"n": limit})


def check_required(row: ImportRow, columns) -> None:
    for column in columns:
        if not row.values[column]:
            row.fail(column, _("bắt buộc, đang để trống."))


# --- The template to download ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """A column of an import's template: its header, whether a row must fill it, what it holds (allowed values)
    and the example row's value."""

    name: str
    required: bool
    help: str
    example: object = ""


def template_xlsx(*, title: str, columns: list[Column]) -> bytes:
    """An import's template: the headers and an example row on the first sheet, the instructions on the second."""
    workbook = writers.new_workbook()
    sheet = workbook.active
    sheet.title = _("Dữ liệu")[:31]
    writers.append(sheet, [c.name for c in columns], font=Font(bold=True))
    writers.append(sheet, [c.example for c in columns])
    for index, column in enumerate(columns):
        letter = sheet.cell(row=1, column=index + 1).column_letter
        sheet.column_dimensions[letter].width = max(14, min(40, len(column.name) + 6))
    guide = workbook.create_sheet(_("Hướng dẫn")[:31])
    writers.append(guide, [title], font=Font(bold=True))
    writers.append(
        guide,
        [
            _(
                "Điền từ dòng 2 của trang đầu (thay dòng ví dụ), giữ nguyên dòng tiêu đề. Chưa có gì được lưu cho đến "
                "khi bạn xem lại và bấm Xác nhận; nhập lại cùng tệp không thay đổi gì."
            )
        ],
    )
    writers.append(guide, [])
    writers.append(guide, [_("Cột"), _("Bắt buộc"), _("Nội dung, giá trị cho phép")], font=Font(bold=True))
    for column in columns:
        writers.append(
            guide,
            [column.name, _("Có") if column.required else _("Không"), str(column.help)],
            alignment=Alignment(wrap_text=True, vertical="top"),
        )
    guide.column_dimensions["A"].width = 30
    guide.column_dimensions["B"].width = 10
    guide.column_dimensions["C"].width = 90
    writers.set_title(workbook, title)
    return writers.save_workbook(workbook)


# --- The upload form and the pending preview ------------------------------------------------------------------
class ExcelUploadForm(TextPolicyMixin, forms.Form):
    """The file of an import: an Excel workbook under the upload limits (`clusters.uploads.EXCEL`)."""

    file = forms.FileField(label=gettext_lazy("Tệp Excel (.xlsx)"))

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        EXCEL.check(uploaded)
        return uploaded


def stash(request, kind: str, data: list[dict] | None) -> None:
    """Keep the checked data of a clean preview of import `kind` for its confirm (None: forget it)."""
    key = PENDING_PREFIX + kind
    if data is None:
        request.session.pop(key, None)
    else:
        request.session[key] = {"token": uuid.uuid4().hex, "rows": data}


def pending(request, kind: str) -> bool:
    return PENDING_PREFIX + kind in request.session


def take(request, kind: str) -> list[dict] | None:
    """The data of the preview of import `kind`, once: None when there is none, or when another request (a
    double click, a second tab) took it already."""
    kept = request.session.pop(PENDING_PREFIX + kind, None)
    if not kept or not isinstance(kept, dict):
        return None
    if not cache.add(f"{PENDING_PREFIX}confirmed:{kept['token']}", 1, timeout=CLAIM_SECONDS):
        return None
    return kept["rows"]


def nothing_to_confirm() -> ValidationError:
    return ValidationError(
        _("Không có dữ liệu đã kiểm tra để nhập (tệp đã được nhập, hoặc chưa tải lên). Tải tệp lên lại.")
    )
