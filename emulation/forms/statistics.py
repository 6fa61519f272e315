"""Forms of the statutory statistics: the manual cells of a form for a board and a year."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.web import CrispyMixin, VersionedFormMixin

from ..models import StatSheet

#: The most a cell may hold (a count of a province's year).
CELL_MAX = 10_000_000


def field_name(key: str) -> str:
    row, column = key.split("|")
    return f"c_{row}_{column}"


class SheetForm(VersionedFormMixin, CrispyMixin, forms.Form):
    """One number field per manual cell of the sheet's form, labelled by its row and column; empty: not entered."""

    def __init__(self, *args, sheet: StatSheet | None = None, **kwargs):
        if sheet is not None:
            kwargs.setdefault("version", sheet.updated_at)
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        self.keys: dict[str, str] = {}
        if sheet is None:
            return
        rows = {row["code"]: row for row in sheet.form.rows}
        columns = {column["code"]: column for column in sheet.form.columns}
        for row_code, column_code in sheet.form.manual_cells():
            key = f"{row_code}|{column_code}"
            name = field_name(key)
            self.keys[name] = key
            self.fields[name] = forms.IntegerField(
                label=_("%(row)s (mã số %(code)s) — cột %(column)s: %(label)s")
                % {
                    "row": rows[row_code]["label"],
                    "code": row_code,
                    "column": column_code,
                    "label": columns[column_code]["label"],
                },
                min_value=0,
                max_value=CELL_MAX,
                required=False,
                initial=sheet.manual_values.get(key),
            )
        self.order_fields([*self.keys, "version"])

    def values(self) -> dict[str, int | None]:
        return {key: self.cleaned_data.get(name) for name, key in self.keys.items()}

    def current_form(self):
        sheet = StatSheet.objects.select_related("form").get(pk=self.sheet.pk)
        return type(self)(sheet=sheet)
