from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from .models import AuditEvent, EmulationGroup, Membership, Person, StaffMember, TdktBody, Unit, User
from .web import PolicyModelForm, TextPolicyMixin


class PolicyAdmin(admin.ModelAdmin):
    """A model's admin whose forms have the text policy of every form (clusters.web.TextPolicyMixin)."""

    form = PolicyModelForm


class PolicyInline(admin.TabularInline):
    form = PolicyModelForm


class PolicyUserChangeForm(TextPolicyMixin, UserChangeForm):
    pass


class PolicyUserCreationForm(TextPolicyMixin, AdminUserCreationForm):
    pass


#: The name and identity fields every human has (people.Individual), in the order forms show them.
IDENTITY_FIELDS = ("full_name", "given_name", "gender", "birth_date", "birth_year", "citizen_id", "civil_servant_code")


@admin.register(Unit)
class UnitAdmin(PolicyAdmin):
    list_display = ["name", "kind", "code", "parent", "active_from", "active_to", "successor"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "code"]
    raw_id_fields = ["parent", "successor"]


class MembershipInline(PolicyInline):
    model = Membership
    extra = 0
    raw_id_fields = ["unit"]


@admin.register(EmulationGroup)
class EmulationGroupAdmin(PolicyAdmin):
    list_display = ["name", "kind", "organizer"]
    list_filter = ["kind"]
    search_fields = ["name"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(PolicyAdmin):
    list_display = ["group", "year", "unit", "role", "is_standing_agency"]
    list_filter = ["year", "role"]
    raw_id_fields = ["unit", "group"]


@admin.register(Person)
class PersonAdmin(PolicyAdmin):
    list_display = ["full_name", "unit", "position", "category"]
    list_filter = ["category", "gender"]
    search_fields = ["full_name", "citizen_id", "civil_servant_code"]
    raw_id_fields = ["unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = PolicyUserChangeForm
    add_form = PolicyUserCreationForm
    list_display = ["username", "full_name", "unit", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "full_name", "email", "citizen_id", "civil_servant_code"]
    raw_id_fields = ["unit"]
    #: Django's "Personal info" (first name, last name, e-mail) gives way to the full name in Vietnamese order.
    fieldsets = (
        BaseUserAdmin.fieldsets[0],
        (_("Thông tin cá nhân"), {"fields": IDENTITY_FIELDS + ("email",)}),
        *BaseUserAdmin.fieldsets[2:],
        (_("Đơn vị và vai trò"), {"fields": ("unit", "role", "position")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Thông tin cá nhân"), {"fields": ("full_name", "given_name", "gender", "email")}),
        (_("Đơn vị và vai trò"), {"fields": ("unit", "role")}),
    )


@admin.register(AuditEvent)
class AuditEventAdmin(PolicyAdmin):
    list_display = ["created_at", "actor", "action", "target_type", "target_id", "summary"]
    list_filter = ["action"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# stats: the register of emulation and commendation bodies and their staff (statutory forms 0604, 0605)
@admin.register(TdktBody)
class TdktBodyAdmin(PolicyAdmin):
    list_display = ["unit", "level", "form", "established_year"]
    list_filter = ["level", "form"]
    search_fields = ["unit__name"]
    raw_id_fields = ["unit"]


@admin.register(StaffMember)
class StaffMemberAdmin(PolicyAdmin):
    list_display = ["full_name", "body", "gender", "birth_year", "education", "started_year", "left_year"]
    list_filter = ["gender", "education"]
    search_fields = ["full_name"]
    raw_id_fields = ["body"]
