"""Forms of campaigns: the list's filters, the campaign."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.formats import DateInput
from clusters.models import EmulationGroup, Unit, UnitKind
from clusters.web import CrispyMixin, OnceFormMixin, TextPolicyMixin, VersionedFormMixin

from ..models import Authority, Campaign, CampaignKind


class CampaignFilterForm(TextPolicyMixin, forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=100)
    authority = forms.ChoiceField(label=_("Cấp phát động"), required=False, choices=[("", _("Mọi cấp"))])
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
    kind = forms.ChoiceField(label=_("Loại"), required=False, choices=[("", _("Mọi loại"))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].choices = [("", _("Mọi cấp phát động")), *Authority.choices]
        self.fields["kind"].choices = [("", _("Mọi loại")), *CampaignKind.choices]


class CampaignForm(VersionedFormMixin, OnceFormMixin, CrispyMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "title",
            "authority",
            "authority_name",
            "launching_unit",
            "launching_group",
            "kind",
            "legal_basis",
            "start_date",
            "end_date",
            "goals",
            "groups",
            "units",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "goals": forms.Textarea(attrs={"rows": 5}),
            "groups": forms.SelectMultiple(attrs={"size": 8}),
            "units": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["launching_unit"].queryset = Unit.objects.filter(active_to__isnull=True).order_by("name")
        self.fields["groups"].queryset = EmulationGroup.objects.order_by("name")
        self.fields["units"].queryset = (
            Unit.objects.filter(active_to__isnull=True).exclude(kind=UnitKind.BOARD).order_by("name")
        )
