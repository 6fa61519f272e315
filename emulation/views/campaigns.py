"""Campaign pages: list with filters, detail with the pledges that adopt it, create and edit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from rules.contrib.views import permission_required

from clusters.concurrency import create_once, creates_once
from clusters.web import add_form_errors, paginate

from ..forms.campaigns import CampaignFilterForm, CampaignForm
from ..models import Campaign
from ..selectors import campaigns as selectors
from ..services import campaigns as services


@permission_required("emulation.view_campaign", raise_exception=True)
def campaign_list(request):
    form = CampaignFilterForm(request.GET or None)
    filters = {"authority": "", "year": None, "kind": "", "query": ""}
    if form.is_valid():
        filters = {
            "authority": form.cleaned_data["authority"],
            "year": form.cleaned_data["year"],
            "kind": form.cleaned_data["kind"],
            "query": form.cleaned_data["q"],
        }
    page = paginate(request, selectors.campaign_list(**filters))
    return render(request, "emulation/campaigns/list.html", {"form": form, "page": page, "filters": filters})


@permission_required("emulation.view_campaign", raise_exception=True)
def campaign_detail(request, pk):
    campaign = get_object_or_404(
        Campaign.objects.select_related("launching_unit", "launching_group").prefetch_related("groups", "units"),
        pk=pk,
    )
    return render(
        request,
        "emulation/campaigns/detail.html",
        {
            "campaign": campaign,
            "pledges": selectors.pledges_adopting(campaign),
            "can_edit": request.user.has_perm("emulation.change_campaign", campaign),
        },
    )


@permission_required("emulation.add_campaign", raise_exception=True)
@require_http_methods(["GET", "POST"])
@creates_once
def campaign_create(request):
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            campaign = create_once(request, lambda: services.campaign_create(actor=request.user, **data))
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã thêm phong trào “%(title)s”.") % {"title": campaign.title})
            return redirect(campaign)
    return render(request, "emulation/campaigns/form.html", {"form": form, "title": _("Thêm phong trào thi đua")})


@permission_required(
    "emulation.change_campaign", fn=lambda request, pk: get_object_or_404(Campaign, pk=pk), raise_exception=True
)
@require_http_methods(["GET", "POST"])
def campaign_update(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    form = CampaignForm(request.POST or None, instance=Campaign.objects.get(pk=pk), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name in form.changed_data}
        try:
            services.campaign_update(actor=request.user, campaign=campaign, version=form.expected_version, **data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect(campaign)
    return render(
        request,
        "emulation/campaigns/form.html",
        {"form": form, "title": _("Sửa phong trào: %(title)s") % {"title": campaign.title}, "campaign": campaign},
    )
