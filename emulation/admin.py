"""Admin: campaigns are editable; pledges are read-only here (their life cycle goes through the services)."""

from django.contrib import admin

from clusters.admin import PolicyAdmin, PolicyInline

from .models import Campaign, Pledge, PledgeItem, PledgeSignature, PledgeVersion, ScoringCriterion, StatForm


@admin.register(Campaign)
class CampaignAdmin(PolicyAdmin):
    list_display = ["title", "authority", "kind", "start_date", "end_date"]
    list_filter = ["authority", "kind"]
    search_fields = ["title", "authority_name", "legal_basis"]
    raw_id_fields = ["launching_unit", "launching_group", "created_by"]
    filter_horizontal = ["groups", "units"]


class ReadOnlyInline(PolicyInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PledgeItemInline(ReadOnlyInline):
    model = PledgeItem
    fields = ["number", "title", "body"]


class ScoringCriterionInline(ReadOnlyInline):
    model = ScoringCriterion
    fields = ["section", "code", "title", "max_points", "kind"]


class PledgeSignatureInline(ReadOnlyInline):
    model = PledgeSignature
    fields = ["version", "unit", "signer_name", "position", "signed_at", "ip_address", "fingerprint", "voided_at"]


class PledgeVersionInline(ReadOnlyInline):
    model = PledgeVersion
    fields = ["number", "opened_at", "fingerprint", "superseded_at", "amend_reason"]


@admin.register(Pledge)
class PledgeAdmin(PolicyAdmin):
    """Read-only: drafting, signing and locking are done on the app's pages, which check who may do what."""

    list_display = ["title", "group", "year", "status", "version", "signed_at"]
    list_filter = ["status", "year"]
    search_fields = ["title", "group__name"]
    inlines = [PledgeItemInline, ScoringCriterionInline, PledgeVersionInline, PledgeSignatureInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# stats: the statutory statistics forms as versioned data: a successor circular is a new version (a new row with its
# own dates and its rows and columns), added here or in emulation/catalogue/statistics.py
@admin.register(StatForm)
class StatFormAdmin(PolicyAdmin):
    list_display = ["code", "title", "legal_basis", "effective_from", "effective_to", "confirmed"]
    list_filter = ["code", "confirmed"]
    search_fields = ["code", "title", "legal_basis"]
