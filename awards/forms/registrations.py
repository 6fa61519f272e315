"""Forms of registrations of titles: start the year's registration, add an entry, return with a reason."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import Person, Unit
from clusters.pickers import attach
from clusters.text import YEAR_MAX, YEAR_MIN
from clusters.web import CrispyMixin, OnceFormMixin, TextPolicyMixin

from ..models import AwardKind, AwardType
from . import proposals  # noqa: F401 (registers the nominees pickers this form uses)


class RegistrationCreateForm(OnceFormMixin, CrispyMixin, forms.Form):
    submit_label = _("Lập bản đăng ký")
    year = forms.IntegerField(label=_("Năm"), min_value=YEAR_MIN, max_value=YEAR_MAX)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class RegistrationEntryForm(OnceFormMixin, CrispyMixin, forms.Form):
    submit_label = _("Thêm vào bản đăng ký")
    award_type = forms.ModelChoiceField(label=_("Danh hiệu đăng ký"), queryset=AwardType.objects.none())
    nominee_person = forms.ModelChoiceField(label=_("Cá nhân"), queryset=Person.objects.none(), required=False)
    nominee_unit = forms.ModelChoiceField(label=_("Tập thể"), queryset=Unit.objects.none(), required=False)
    planned_initiative = forms.CharField(label=_("Sáng kiến, đề tài dự kiến"), max_length=500, required=False)

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["award_type"].queryset = AwardType.objects.filter(kind=AwardKind.TITLE).order_by("-rank", "name")
        # the unit's and its units' people and collectives: searched on the server when they are many
        attach(self.fields["nominee_person"], "nominees.people", unit=unit.pk)
        attach(self.fields["nominee_unit"], "nominees.units", unit=unit.pk)

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("nominee_person")) == bool(cleaned.get("nominee_unit")):
            raise forms.ValidationError(_("Chọn đúng một đối tượng: một cá nhân hoặc một tập thể."))
        return cleaned


class RegistrationReturnForm(TextPolicyMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
