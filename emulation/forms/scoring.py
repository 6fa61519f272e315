"""Forms of the year-end scoring: the scoring sheets built from the pledge's scoring table, evidence,
verification, bonus and penalty points."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from clusters.formats import DecimalInput, format_number
from clusters.web import OnceFormMixin, TextPolicyMixin, VersionedFormMixin

from ..services.scoring import EVIDENCE_UPLOADS

POINT_ATTRS = {"class": "form-control form-control-sm text-end"}


class SelfScoresForm(VersionedFormMixin, TextPolicyMixin, forms.Form):
    """One points field and one justification per criterion (`points_<id>`, `justification_<id>`)."""

    def __init__(self, *args, criteria, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            score = scores.get(criterion.pk)
            self.fields[f"points_{criterion.pk}"] = forms.DecimalField(
                label=f"{criterion.code}. {criterion.title}",
                min_value=Decimal("0"),
                max_value=criterion.max_points,
                max_digits=6,
                decimal_places=2,
                required=False,
                initial=score.self_points if score else None,
                widget=DecimalInput(attrs=POINT_ATTRS),
                error_messages={
                    "max_value": _("Không vượt quá %(limit)s điểm.") % {"limit": format_number(criterion.max_points)},
                    "min_value": _("Điểm không được âm."),
                    "invalid": _("Điểm phải là một số."),
                },
            )
            self.fields[f"justification_{criterion.pk}"] = forms.CharField(
                label=_("Giải trình"),
                required=False,
                max_length=2000,
                initial=score.justification if score else "",
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
            )

    def rows(self):
        for criterion in self.criteria:
            yield criterion, self[f"points_{criterion.pk}"], self[f"justification_{criterion.pk}"]

    def entered(self):
        """(criterion, points, justification) for every criterion given points."""
        for criterion in self.criteria:
            points = self.cleaned_data.get(f"points_{criterion.pk}")
            if points is not None:
                yield criterion, points, self.cleaned_data.get(f"justification_{criterion.pk}", "")


class ResultsForm(VersionedFormMixin, TextPolicyMixin, forms.Form):
    """The actual value against each of the pledge's targets (`actual_<id>`, `note_<id>`)."""

    def __init__(self, *args, targets, results, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = list(targets)
        for target in self.targets:
            result = results.get(target.pk)
            self.fields[f"actual_{target.pk}"] = forms.DecimalField(
                label=target.indicator,
                required=False,
                max_digits=14,
                decimal_places=2,
                initial=result.actual_value if result else None,
                widget=DecimalInput(attrs={"class": "form-control form-control-sm text-end"}),
                error_messages={"invalid": _("Kết quả phải là một số.")},
            )
            self.fields[f"note_{target.pk}"] = forms.CharField(
                label=_("Ghi chú"),
                required=False,
                max_length=500,
                initial=result.note if result else "",
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def entered(self):
        for target in self.targets:
            value = self.cleaned_data.get(f"actual_{target.pk}")
            if value is not None:
                yield target, value, self.cleaned_data.get(f"note_{target.pk}", "")


class EvidenceForm(OnceFormMixin, TextPolicyMixin, forms.Form):
    criterion = forms.TypedChoiceField(label=_("Tiêu chí"), coerce=int)
    file = forms.FileField(
        label=_("Tệp minh chứng"),
        help_text=_("PDF, ảnh, Word, Excel; tối đa %(mb)s MB.") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": EVIDENCE_UPLOADS.accept}),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].choices = [(c.pk, f"{c.code}. {c.title}") for c in criteria]


class SubmitForm(TextPolicyMixin, forms.Form):
    summary = forms.CharField(
        label=_("Tóm tắt kết quả (không bắt buộc)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VerifyScoresForm(VersionedFormMixin, TextPolicyMixin, forms.Form):
    """The chair's points and reasons (`verified_<score id>`, `reason_<score id>`)."""

    def __init__(self, *args, scores, **kwargs):
        super().__init__(*args, **kwargs)
        self.scores = list(scores)
        for score in self.scores:
            self.fields[f"verified_{score.pk}"] = forms.DecimalField(
                label=f"{score.criterion.code}",
                min_value=Decimal("0"),
                max_value=score.criterion.max_points,
                max_digits=6,
                decimal_places=2,
                initial=score.points,
                widget=DecimalInput(attrs=POINT_ATTRS),
                error_messages={
                    "max_value": _("Không vượt quá %(limit)s điểm.")
                    % {"limit": format_number(score.criterion.max_points)},
                    "min_value": _("Điểm không được âm."),
                    "required": _("Nhập điểm thẩm định."),
                },
            )
            self.fields[f"reason_{score.pk}"] = forms.CharField(
                label=_("Lý do điều chỉnh"),
                required=False,
                max_length=2000,
                initial=score.adjustment_reason,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def clean(self):
        cleaned = super().clean()
        for score in self.scores:
            points = cleaned.get(f"verified_{score.pk}")
            if points is not None and points != score.self_points and not cleaned.get(f"reason_{score.pk}", "").strip():
                self.add_error(f"reason_{score.pk}", _("Phải nêu lý do khi điều chỉnh điểm tự chấm."))
        return cleaned

    def changed_scores(self):
        for score in self.scores:
            points = self.cleaned_data[f"verified_{score.pk}"]
            reason = self.cleaned_data.get(f"reason_{score.pk}", "")
            if score.verified_points is None or points != score.verified_points or reason != score.adjustment_reason:
                yield score, points, reason


class AdjustmentForm(OnceFormMixin, TextPolicyMixin, forms.Form):
    """Bonus or penalty points under one of the pledge's bonus or penalty rows, with reason and proof."""

    criterion = forms.TypedChoiceField(label=_("Dòng điểm thưởng, điểm trừ"), coerce=int)
    points = forms.DecimalField(
        label=_("Số điểm"),
        min_value=Decimal("0.01"),
        max_digits=6,
        decimal_places=2,
        widget=DecimalInput(),
    )
    reason = forms.CharField(label=_("Lý do"), max_length=500)
    basis = forms.CharField(
        label=_("Căn cứ, minh chứng"),
        max_length=500,
        help_text=_("Văn bản, quyết định hoặc tài liệu chứng minh (số, ngày, cơ quan ban hành)."),
    )

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = {row.pk: row for row in rows}
        self.fields["criterion"].choices = [
            (
                row.pk,
                _("%(kind)s — %(code)s. %(title)s (tối đa %(max)s)")
                % {
                    "kind": row.get_kind_display(),
                    "code": row.code,
                    "title": row.title,
                    "max": format_number(row.max_points),
                },
            )
            for row in rows
        ]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "criterion": self.rows[data["criterion"]],
            "points": data["points"],
            "reason": data["reason"],
            "basis": data["basis"],
        }


class ReasonForm(TextPolicyMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
