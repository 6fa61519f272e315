"""Documents filled from a board's Word templates (`awards.selectors.templates`) through the one DOCX-template
writer (`clusters.writers.docx_from_template`): a template that uses a placeholder without a value is refused
with a message naming it, and nothing is generated with a raw placeholder left in it."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from clusters import writers
from clusters.formats import administrative_month

from ..selectors.templates import template_bytes

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def date_parts(day: datetime.date | None) -> dict[str, str]:
    """ngay, thang, nam, ngay_day_du of a date; dotted blanks for a draft without one (to be written by hand)."""
    if day is None:
        return {"ngay": "....", "thang": "....", "nam": "........", "ngay_day_du": "..../..../........"}
    return {
        "ngay": f"{day.day:02d}",
        "thang": administrative_month(day),  # Decree 30/2020: "tháng 02", "tháng 3"
        "nam": str(day.year),
        "ngay_day_du": day.strftime("%d/%m/%Y"),
    }


def fill(template: bytes, context: dict) -> bytes:
    """The document `template` filled with `context`, or a ValidationError in Vietnamese naming what is wrong."""
    try:
        return writers.docx_from_template(template, context)
    except writers.TemplateError as error:
        if error.name:
            raise ValidationError(
                _("Mẫu văn bản dùng trường «%(name)s» nhưng không có dữ liệu cho trường này: sửa mẫu rồi tải lên lại.")
                % {"name": error.name},
                code="missing_placeholder",
            ) from None
        raise ValidationError(
            _("Không đọc được mẫu văn bản (thẻ mẫu sai hoặc tệp không phải Word .docx): %(error)s")
            % {"error": str(error)[:300]},
            code="broken_template",
        ) from None


def generate(*, board, kind: str, context: dict) -> bytes:
    """The board's template of `kind` filled with `context`."""
    return fill(template_bytes(board=board, kind=kind), context)
