"""Forms of the year-end ballot: opening it, the ballot paper, closing it."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.formats import DecimalInput
from clusters.web import TextPolicyMixin

from ..models import ThresholdBase


class BallotOpenForm(TextPolicyMixin, forms.Form):
    title = forms.CharField(label=_("Tiêu đề"), max_length=300, required=False)
    is_secret = forms.BooleanField(label=_("Bỏ phiếu kín"), required=False, initial=True)
    threshold_percent = forms.DecimalField(
        label=_("Tỷ lệ phiếu tối thiểu để trúng (%)"),
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("50"),
        widget=DecimalInput(),
        help_text=_("Quy chế của cụm, khối quy định; ví dụ 50 nghĩa là từ 50% trở lên."),
    )
    threshold_base = forms.ChoiceField(
        label=_("Tính trên"), choices=ThresholdBase.choices, initial=ThresholdBase.MEMBERS
    )
    award_seats = forms.IntegerField(label=_("Số đơn vị đề nghị khen thưởng"), min_value=0, max_value=20, initial=1)

    def __init__(self, *args, certificate=None, **kwargs):
        """`certificate`: the award type the ballot proposes besides the flag (from the catalogue for the
        organiser's level); without one the ballot has no such question."""
        super().__init__(*args, **kwargs)
        if certificate is None:
            del self.fields["award_seats"]
        else:
            self.fields["award_seats"].label = _("Số đơn vị đề nghị tặng %(award)s") % {"award": certificate.name}


class VoteForm(TextPolicyMixin, forms.Form):
    """One field per question: a radio list for one seat, checkboxes for several."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            choices = [(c.unit_id, c.unit.name) for c in question.candidates.all()]
            if question.seats == 1:
                self.fields[f"q_{question.pk}"] = forms.TypedChoiceField(
                    label=question.title, choices=choices, coerce=int, required=False, widget=forms.RadioSelect
                )
            else:
                self.fields[f"q_{question.pk}"] = forms.TypedMultipleChoiceField(
                    label=question.title,
                    choices=choices,
                    coerce=int,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Chọn tối đa %(n)s đơn vị.") % {"n": question.seats},
                )

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            value = cleaned.get(f"q_{question.pk}")
            if isinstance(value, list) and len(value) > question.seats:
                self.add_error(f"q_{question.pk}", _("Chọn tối đa %(n)s đơn vị.") % {"n": question.seats})
        return cleaned

    def choices(self) -> dict[int, list[int]]:
        result = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q_{question.pk}")
            if value in (None, ""):
                result[question.pk] = []
            elif isinstance(value, list):
                result[question.pk] = value
            else:
                result[question.pk] = [value]
        return result


class BallotCloseForm(TextPolicyMixin, forms.Form):
    create_next_term = forms.BooleanField(
        label=_("Tạo nhiệm kỳ năm sau với đơn vị trưởng, phó trúng cử"), required=False, initial=True
    )
    create_proposals = forms.BooleanField(
        label=_("Lập đề nghị khen thưởng cho các đơn vị trúng"), required=False, initial=True
    )
