"""One Vietnamese format for numbers and dates, in every page, input and document, whatever the language.

Numbers: a dot between thousands, a comma before the decimals, no trailing zeros, no minus before zero
(1.234,5 · 100 · 0). Dates: dd/mm/yyyy. English pages use the same formats: the site is Vietnamese, the English
interface is a translation of it (config/formats/ makes Django's own localisation agree).

- `format_number`: a number as text (templates: the `number` filter of clusters/templatetags/format_tags.py;
  the year-end documents: emulation's report tables).
- `parse_number`: what a person typed into a number field, read the Vietnamese way.
- `DecimalInput`, `DateInput`: form widgets. Both are text inputs: a browser shows `type=number` and `type=date`
  inputs in its own locale (an English browser shows dates as mm/dd/yyyy and may show 1,234.5), so the same form
  would read differently on two computers. These show and accept the one format, on a numeric keypad on phones.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

MINUS = "\u2212"
#: A number grouped in thousands with dots: 1.234 or 12.345.678 (never a decimal point: that is a comma).
_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_DIGITS = re.compile(r"[0-9]+")
#: What value_from_datadict hands to the form field: Python's own decimal notation.
_CANONICAL = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009")

DATE_FORMAT = "%d/%m/%Y"
#: For the browser's check of a date field (the server parses it again, with DATE_INPUT_FORMATS).
DATE_PATTERN = r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}"


def format_number(value, places: int | None = 2) -> str:
    """`value` in the Vietnamese style, rounded half up to at most `places` decimals (None: as many as it has).

    "" for None or ""; text that is not a number comes back unchanged."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return str(value)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = MINUS if number < 0 else ""  # -0,00 rounds to 0 and shows as 0
    whole, _point, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def parse_number(text: str) -> Decimal | None:
    """A number typed the Vietnamese way: 1.234,5 or 1234,5; also 1234.5 (a single dot that does not group
    thousands is a decimal point, as a phone's keypad or an English habit types it). 1.500 is one thousand five
    hundred. Spaces are ignored; a leading + or − is kept. None if it is not a number."""
    cleaned = str(text).translate(_SPACES)
    sign = ""
    if cleaned[:1] in ("+", "-", MINUS):
        sign = "" if cleaned[0] == "+" else "-"
        cleaned = cleaned[1:]
    if "," in cleaned:
        whole, _comma, fraction = cleaned.partition(",")
        if "." in whole:
            if not _GROUPED.fullmatch(whole):
                return None
            whole = whole.replace(".", "")
    elif _GROUPED.fullmatch(cleaned):
        whole, fraction = cleaned.replace(".", ""), ""
    else:
        whole, _point, fraction = cleaned.partition(".")
    whole = whole or ("0" if fraction else "")
    if not _DIGITS.fullmatch(whole) or (fraction and not _DIGITS.fullmatch(fraction)):
        return None
    return Decimal(f"{sign}{whole}.{fraction or '0'}")


class DecimalInput(forms.TextInput):
    """A decimal number shown and typed as 1.234,5, on a numeric keypad. Use it as a DecimalField's widget:
    it hands the field Python's notation (1234.5), or the text as typed when that is not a number (the field
    then says it is invalid, and the text is shown back)."""

    def __init__(self, attrs=None):
        attrs = {"inputmode": "decimal", "autocomplete": "off", **(attrs or {})}
        for name in ("min", "max", "step"):  # attributes of number inputs only
            attrs.pop(name, None)
        super().__init__(attrs)

    def format_value(self, value):
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return format_number(value, places=None) if _CANONICAL.fullmatch(value) else value
        return format_number(value, places=None)

    def value_from_datadict(self, data, files, name):
        raw = data.get(name)
        if raw is None or not str(raw).strip():
            return raw
        number = parse_number(raw)
        return raw if number is None else f"{number:f}"


class DateInput(forms.DateInput):
    """A date shown and typed as dd/mm/yyyy, whatever the browser's language. The field reads it with
    DATE_INPUT_FORMATS (config/formats/: dd/mm/yyyy first, ISO yyyy-mm-dd still accepted)."""

    input_type = "text"

    def __init__(self, attrs=None):
        attrs = {
            "inputmode": "numeric",
            "autocomplete": "off",
            "placeholder": _("nn/tt/nnnn"),
            "pattern": DATE_PATTERN,
            "title": _("Ngày theo dạng ngày/tháng/năm, ví dụ 05/03/2024"),
            **(attrs or {}),
        }
        attrs.pop("type", None)
        super().__init__(attrs=attrs, format=DATE_FORMAT)


def administrative_month(day) -> str:
    """The month as Decree 30/2020 writes it in a document's date line: months 1 and 2 with a leading zero
    ("tháng 02"), the others without ("tháng 3"); days are always two digits."""
    return f"{day.month:02d}" if day.month < 3 else str(day.month)
