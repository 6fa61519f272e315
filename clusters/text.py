"""The one policy for text people type and text the documents print, whatever the form or the writer.

Input (every form, through `clusters.web.TextPolicyMixin`):
- text is composed (Unicode NFC): "Nguyễn" typed with combining marks (NFD, as macOS and some Vietnamese
  keyboards send it) is stored as the same characters as "Nguyễn" typed precomposed, so search, sorting and
  unique names agree;
- control characters (U+0000–U+001F but tab, line feed and carriage return; U+007F–U+009F) are refused with
  a Vietnamese message: they are invisible, and no XML document (DOCX, XLSX) may hold them;
- every text field has a maximum length (`TEXT_MAX_LENGTH` unless the field or its model says less);
- dates are plausible (`plausible_date`: 1945-01-01 to five years from today); years are 1945–2100 (`YEARS`: the
  forms' year fields, the `<year:year>` of URLs, `year_in_range` in the database).

Output (every document writer, `clusters.writers`): `printable` composes the text and drops what XML cannot hold,
so that a value stored before this policy (or written by a bulk import) never breaks a document.
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = [
    "DATE_MIN",
    "TEXT_MAX_LENGTH",
    "YEARS",
    "YEAR_MAX",
    "YEAR_MIN",
    "cleaned",
    "compose",
    "length_at_most",
    "plausible_date",
    "printable",
    "refuse_control_characters",
    "truncated",
    "year_in_range",
]

#: The longest text any form accepts when its field names no shorter limit (an achievements report, a pledge item).
TEXT_MAX_LENGTH = 20_000
#: The years of the app's records: the Law's history begins in 1945; 2100 is far enough for plans.
YEAR_MIN, YEAR_MAX = 1945, 2100
YEARS = range(YEAR_MIN, YEAR_MAX + 1)
DATE_MIN = datetime.date(YEAR_MIN, 1, 1)
#: How far ahead a date may be: a plan or a deadline, never a typo of the century.
FUTURE_YEARS = 5

#: Control characters refused in input: C0 but tab, LF and CR; DEL; C1.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: What an XML 1.0 document cannot hold (the C0 controls but tab, LF, CR; lone surrogates; U+FFFE, U+FFFF).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def compose(value: str) -> str:
    """`value` in Unicode NFC."""
    return unicodedata.normalize("NFC", value)


def refuse_control_characters(value) -> None:
    """A form field validator: no control characters (Vietnamese message)."""
    if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Văn bản chứa ký tự điều khiển không hiển thị được; hãy xóa chúng (thường do sao chép từ tệp khác)."),
            code="control_characters",
        )


def cleaned(value: str) -> str:
    """Text read from a file (an Excel import, where no form field can refuse it): composed, control characters
    dropped, spaces around it stripped."""
    return CONTROL_CHARACTERS.sub("", compose(value)).strip()


def printable(value) -> str:
    """Text safe for any document: composed (NFC), without the characters XML refuses. `None` is ""."""
    if value is None:
        return ""
    return NOT_XML.sub("", compose(str(value)))


def truncated(value: str, limit: int) -> str:
    """`value` cut to at most `limit` characters, saying how long it was when it is cut."""
    if len(value) <= limit:
        return value
    note = f"… [{len(value)} ký tự]"
    return value[: max(limit - len(note), 0)] + note


def latest_date() -> datetime.date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year + FUTURE_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + FUTURE_YEARS, day=28)


def plausible_date(value) -> None:
    """A form field validator: a date from 1945-01-01 to five years from today."""
    if not isinstance(value, datetime.date):
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    latest = latest_date()
    if not DATE_MIN <= day <= latest:
        raise ValidationError(
            _("Ngày phải từ %(first)s đến %(last)s."),
            code="implausible_date",
            params={"first": DATE_MIN.strftime("%d/%m/%Y"), "last": latest.strftime("%d/%m/%Y")},
        )


# --- The same limits as database constraints -----------------------------------------------------------------
def length_at_most(field: str, limit: int, *, name: str) -> models.CheckConstraint:
    """A database CHECK that the text `field` holds at most `limit` characters (its form says the same)."""
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), limit),
        name=name,
        violation_error_message=_("Văn bản dài quá giới hạn cho phép."),
    )


def year_in_range(name: str, field: str = "year") -> models.CheckConstraint:
    """A database CHECK that `field` is a year from 1945 to 2100 (or empty, when the field may be)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": YEAR_MIN, f"{field}__lte": YEAR_MAX}),
        name=name,
        violation_error_message=_("Năm không hợp lệ."),
    )
