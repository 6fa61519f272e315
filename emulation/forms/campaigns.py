"""Forms of campaigns: the list's filters, the campaign."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from clusters.formats import DateInput
from clusters.models import EmulationGroup, Unit, UnitKind
from clusters.pickers import attach, register
from clusters.selectors.units import group_scope, unit_scope
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


@register("campaigns.launching_units", search=("name",), scope=lambda user: unit_scope(user, "pk"))
def launching_units(user):
    """The units that may launch a campaign: those still active."""
    return Unit.objects.filter(active_to__isnull=True).order_by("name", "pk")


@register("campaigns.units", search=("name",), scope=lambda user: unit_scope(user, "pk"))
def participant_units(user):
    """The units that may take part in a campaign: active ones, boards aside."""
    return Unit.objects.filter(active_to__isnull=True).exclude(kind=UnitKind.BOARD).order_by("name", "pk")


@register("campaigns.groups", search=("name",), scope=lambda user: group_scope(user, "pk"))
def participant_groups(user):
    """The clusters and blocs that may take part in (or launch) a campaign."""
    return EmulationGroup.objects.order_by("name", "pk")


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

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # every unit and group of the country: searched on the server when they are many (clusters.pickers)
        attach(self.fields["launching_unit"], "campaigns.launching_units", user=user)
        attach(self.fields["launching_group"], "campaigns.groups", user=user)
        attach(self.fields["groups"], "campaigns.groups", user=user)
        attach(self.fields["units"], "campaigns.units", user=user)
