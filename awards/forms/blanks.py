"""Forms of certificate blanks: a new blank, its calibration (paper, offset, scan and every field), the print."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.web import CrispyMixin, OnceFormMixin, TextPolicyMixin, VersionedFormMixin

from ..models import Align, Blank, BlankKind, FieldKey, FontFamily, PaperSize
from ..services.blanks import DEFAULT_LAYOUT, FIELD_ATTRIBUTES, SCANS

MM = {"step": "0.1", "class": "form-control form-control-sm"}


class BlankCreateForm(OnceFormMixin, CrispyMixin, forms.Form):
    submit_label = _("Thêm phôi")

    kind = forms.ChoiceField(label=_("Loại phôi"), choices=BlankKind.choices)
    paper = forms.ChoiceField(label=_("Khổ giấy"), choices=PaperSize.choices, initial="a3_landscape")


class BlankCalibrationForm(VersionedFormMixin, TextPolicyMixin, forms.ModelForm):
    """The blank's settings and, for every field, `<key>-x_mm`, `<key>-y_mm`, ... (the page's script moves the
    x and y fields when a field is dragged over the scan)."""

    scan = forms.FileField(label=_("Ảnh quét phôi (PNG, JPG)"), required=False)

    class Meta:
        model = Blank
        fields = ["paper", "offset_x_mm", "offset_y_mm", "place", "signer_position", "signer_name"]
        widgets = {"offset_x_mm": forms.NumberInput(attrs=MM), "offset_y_mm": forms.NumberInput(attrs=MM)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rows = {f.key: f for f in self.instance.fields.all()} if self.instance.pk else {}
        self.rows = []
        for key, label in FieldKey.choices:
            row = rows.get(key)
            x, y, width, size, bold, align = DEFAULT_LAYOUT[key]
            initial = {
                "enabled": row.enabled if row else True,
                "x_mm": row.x_mm if row else Decimal(x),
                "y_mm": row.y_mm if row else Decimal(y),
                "width_mm": row.width_mm if row else Decimal(width),
                "font": row.font if row else FontFamily.SERIF,
                "size_pt": row.size_pt if row else Decimal(size),
                "bold": row.bold if row else bold,
                "italic": row.italic if row else False,
                "align": row.align if row else align,
            }
            made = {
                "enabled": forms.BooleanField(label=_("In"), required=False),
                "x_mm": forms.DecimalField(label=_("x (mm)"), min_value=0, max_value=500, decimal_places=1,
                                           widget=forms.NumberInput(attrs=MM)),
                "y_mm": forms.DecimalField(label=_("y (mm)"), min_value=0, max_value=500, decimal_places=1,
                                           widget=forms.NumberInput(attrs=MM)),
                "width_mm": forms.DecimalField(label=_("Độ rộng (mm)"), min_value=Decimal("0.1"), max_value=500,
                                               decimal_places=1, widget=forms.NumberInput(attrs=MM)),
                "font": forms.ChoiceField(label=_("Phông chữ"), choices=FontFamily.choices,
                                          widget=forms.Select(attrs={"class": "form-select form-select-sm"})),
                "size_pt": forms.DecimalField(label=_("Cỡ chữ (pt)"), min_value=6, max_value=72, decimal_places=1,
                                              widget=forms.NumberInput(attrs=MM)),
                "bold": forms.BooleanField(label=_("Đậm"), required=False),
                "italic": forms.BooleanField(label=_("Nghiêng"), required=False),
                "align": forms.ChoiceField(label=_("Căn lề"), choices=Align.choices,
                                           widget=forms.Select(attrs={"class": "form-select form-select-sm"})),
            }  # fmt: skip
            names = []
            for attribute in FIELD_ATTRIBUTES:
                name = f"{key}-{attribute}"
                field = made[attribute]
                field.initial = initial[attribute]
                self.fields[name] = field
                names.append(name)
            self.rows.append((key, label, names))
        self.order_fields([*self.Meta.fields, "scan"])
        for name in [*self.Meta.fields, "scan"]:
            widget = self.fields[name].widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        for _key, _label, names in self.rows:
            for name in names:
                if isinstance(self.fields[name].widget, forms.CheckboxInput):
                    self.fields[name].widget.attrs["class"] = "form-check-input"

    def clean_scan(self):
        scan = self.cleaned_data.get("scan")
        if scan:
            SCANS.check(scan)
        return scan

    def settings_fields(self):
        return [self[name] for name in [*self.Meta.fields, "scan"]]

    def field_rows(self):
        """(key, label, bound fields) per printed field, for the template."""
        return [(key, label, [self[name] for name in names]) for key, label, names in self.rows]

    def calibration(self) -> tuple[dict, dict[str, dict]]:
        data = self.cleaned_data
        settings = {name: data[name] for name in self.Meta.fields}
        fields = {
            key: {attribute: data[f"{key}-{attribute}"] for attribute in FIELD_ATTRIBUTES} for key, _l, _n in self.rows
        }
        return settings, fields


class BlankPrintForm(TextPolicyMixin, forms.Form):
    """The records to print (by decision number) and, per record, a reason replacing the default."""

    number = forms.CharField(label=_("Số quyết định"), max_length=100)

    def __init__(self, *args, records=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.records = list(records)
        for record in self.records:
            self.fields[f"reason_{record.pk}"] = forms.CharField(
                label=record.nominee_name, required=False, max_length=1000, widget=forms.TextInput(attrs=MM)
            )

    def rows(self):
        return [(record, self[f"reason_{record.pk}"]) for record in self.records]

    def overrides(self) -> dict[int, str]:
        return {
            r.pk: self.cleaned_data.get(f"reason_{r.pk}", "")
            for r in self.records
            if self.cleaned_data.get(f"reason_{r.pk}")
        }
