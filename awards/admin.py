"""System admins edit the catalogue, the rule sets and each rule's parameters here."""

from django.contrib import admin

from clusters.admin import PolicyAdmin, PolicyInline

from .models import (
    AwardPolicy,
    AwardRecord,
    AwardType,
    EligibilityRule,
    PerformanceRating,
    Proposal,
    ProposalEvent,
    RuleSet,
    Submission,
    SubmissionDeadline,
)


class RuleInline(PolicyInline):
    model = EligibilityRule
    extra = 0
    fields = [
        "rule_set", "check_code", "params", "source", "article", "quote", "description", "applies_to", "unconfirmed",
        "note", "order",
    ]  # fmt: skip


@admin.register(AwardType)
class AwardTypeAdmin(PolicyAdmin):
    list_display = ["name", "code", "kind", "target", "level", "rank", "effective_from", "effective_to"]
    list_filter = ["kind", "target", "level"]
    search_fields = ["name", "code"]
    inlines = [RuleInline]


@admin.register(RuleSet)
class RuleSetAdmin(PolicyAdmin):
    list_display = ["name", "code", "effective_from", "effective_to"]


@admin.register(EligibilityRule)
class EligibilityRuleAdmin(PolicyAdmin):
    list_display = ["award_type", "rule_set", "check_code", "source", "article", "applies_to", "unconfirmed"]
    list_filter = ["rule_set", "unconfirmed", "check_code"]
    search_fields = ["description", "article", "source", "quote", "note", "award_type__name"]


@admin.register(PerformanceRating)
class PerformanceRatingAdmin(PolicyAdmin):
    """Units enter ratings on their own page (audited); the admin is for looking them up."""

    list_display = ["person", "year", "level", "unit", "updated_at"]
    list_filter = ["year", "level"]
    search_fields = ["person__full_name", "unit__name"]
    raw_id_fields = ["person", "unit", "entered_by"]


@admin.register(AwardRecord)
class AwardRecordAdmin(PolicyAdmin):
    list_display = ["award_type", "year", "nominee_unit", "nominee_person", "decision_number", "decision_date"]
    list_filter = ["award_type", "year"]
    search_fields = ["decision_number", "nominee_unit__name", "nominee_person__full_name"]
    raw_id_fields = ["nominee_unit", "nominee_person", "proposal", "decision", "register_authority"]
    readonly_fields = ["register_authority", "register_year", "register_number", "revoked_at"]

    def get_queryset(self, request):
        """Revoked records too (the default manager leaves them out): the admin shows every row."""
        return AwardRecord.all_objects.select_related("award_type", "nominee_unit", "nominee_person")


class EventInline(PolicyInline):
    model = ProposalEvent
    extra = 0
    readonly_fields = ["action", "from_status", "to_status", "actor", "comment", "created_at"]
    can_delete = False


@admin.register(Proposal)
class ProposalAdmin(PolicyAdmin):
    """Read-mostly: the workflow runs through the pages, which check each transition's permission."""

    list_display = [
        "award_type",
        "year",
        "nominee_unit",
        "nominee_person",
        "proposing_unit",
        "status",
        "eligibility_status",
    ]
    list_filter = ["status", "eligibility_status", "kind", "year"]
    search_fields = ["nominee_unit__name", "nominee_person__full_name", "proposing_unit__name"]
    raw_id_fields = ["nominee_unit", "nominee_person", "proposing_unit", "source_group", "submission", "created_by"]
    readonly_fields = ["status", "eligibility", "eligibility_status", "rule_set"]
    inlines = [EventInline]


admin.site.register(Submission, PolicyAdmin)
admin.site.register(SubmissionDeadline, PolicyAdmin)
admin.site.register(AwardPolicy, PolicyAdmin)
