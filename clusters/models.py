"""The organisation: units, clusters and blocs, yearly membership and roles, people, users.

Invariants live in the database:
- a unit is a member of a group at most once per year;
- a group has at most one chair, one vice-chair and one standing agency per year,
  and because those are roles *of a membership*, the chair and vice-chair are
  members that year and are different units by construction;
- a merged unit keeps its own rows and points to its successor.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

#: 1 July 2025: Resolution 202/2025/QH15 merged 63 provinces into 34 and
#: abolished the district level.
MERGER_DATE = datetime.date(2025, 7, 1)


class UnitKind(models.TextChoices):
    CENTRAL = "central", _("Cơ quan Trung ương")
    PROVINCE = "province", _("Tỉnh, thành phố trực thuộc Trung ương")
    AGENCY = "agency", _("Sở, ban, ngành, cơ quan, đơn vị")
    DISTRICT = "district", _("Huyện, quận, thị xã, thành phố thuộc tỉnh")
    COMMUNE = "commune", _("Xã, phường, đặc khu")
    BOARD = "board", _("Ban Thi đua - Khen thưởng")
    COLLECTIVE = "collective", _("Tập thể trực thuộc (phòng, tổ, đội)")


class Unit(models.Model):
    kind = models.CharField(_("loại đơn vị"), max_length=20, choices=UnitKind.choices)
    name = models.CharField(_("tên chính thức"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=100, blank=True)
    code = models.CharField(
        _("mã hành chính"),
        max_length=20,
        blank=True,
        null=True,
        unique=True,
        help_text=_("Mã đơn vị hành chính, nếu có."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    active_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    active_to = models.DateField(_("hoạt động đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa (sau sáp nhập)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    is_remote = models.BooleanField(
        _("vùng sâu, vùng xa, vùng đồng bào dân tộc thiểu số"),
        default=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_from__isnull=True) | Q(active_to__gte=F("active_from")),
                name="unit_active_period_ordered",
                violation_error_message=_("Ngày kết thúc hoạt động phải sau ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | ~Q(successor=F("id")),
                name="unit_not_own_successor",
            ),
            models.CheckConstraint(
                condition=Q(successor__isnull=True) | Q(active_to__isnull=False),
                name="unit_with_successor_has_end_date",
                violation_error_message=_("Đơn vị đã sáp nhập phải có ngày kết thúc hoạt động."),
            ),
        ]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        if self.active_to and self.successor_id:
            until = _("đến")  # outside the f-string, where makemessages can find it
            return f"{self.name} ({until} {self.active_to:%d/%m/%Y})"
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clusters:unit_detail", args=[self.pk])

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )


class GroupKind(models.TextChoices):
    CLUSTER = "cluster", _("Cụm thi đua")
    BLOC = "bloc", _("Khối thi đua")


class EmulationGroup(models.Model):
    """A cluster (Cụm) or bloc (Khối) of peer units, organised by a council's board."""

    kind = models.CharField(_("loại"), max_length=10, choices=GroupKind.choices)
    name = models.CharField(_("tên"), max_length=255, unique=True)
    short_name = models.CharField(_("tên ngắn"), max_length=100, blank=True)
    organizer = models.ForeignKey(
        Unit,
        verbose_name=_("Ban Thi đua - Khen thưởng tổ chức"),
        on_delete=models.PROTECT,
        related_name="organised_groups",
        help_text=_("Ban Thi đua - Khen thưởng của Hội đồng tổ chức cụm, khối (Trung ương hoặc tỉnh)."),
    )
    description = models.TextField(_("mô tả"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cụm, khối thi đua")
        verbose_name_plural = _("cụm, khối thi đua")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clusters:group_detail", args=[self.pk])


class MemberRole(models.TextChoices):
    MEMBER = "member", _("Thành viên")
    CHAIR = "chair", _("Trưởng cụm, khối")
    VICE_CHAIR = "vice_chair", _("Phó cụm, khối")


class Membership(models.Model):
    """A unit's place in a group for one year, with its role that year."""

    group = models.ForeignKey(
        EmulationGroup, verbose_name=_("cụm, khối"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships")
    year = models.PositiveSmallIntegerField(_("năm"))
    role = models.CharField(_("vai trò"), max_length=12, choices=MemberRole.choices, default=MemberRole.MEMBER)
    is_standing_agency = models.BooleanField(
        _("cơ quan thường trực"),
        default=False,
        help_text=_("Cơ quan thường trực của khối trong năm."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("thành viên cụm, khối theo năm")
        verbose_name_plural = _("thành viên cụm, khối theo năm")
        ordering = ["group", "-year", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "year", "unit"],
                name="membership_once_per_group_year",
                violation_error_message=_("Đơn vị này đã là thành viên của cụm, khối trong năm này."),
            ),
            models.UniqueConstraint(
                fields=["group", "year"],
                condition=Q(role=MemberRole.CHAIR),
                name="one_chair_per_group_year",
                violation_error_message=_("Cụm, khối đã có đơn vị trưởng trong năm này."),
            ),
            models.UniqueConstraint(
                fields=["group", "year"],
                condition=Q(role=MemberRole.VICE_CHAIR),
                name="one_vice_chair_per_group_year",
                violation_error_message=_("Cụm, khối đã có đơn vị phó trong năm này."),
            ),
            models.UniqueConstraint(
                fields=["group", "year"],
                condition=Q(is_standing_agency=True),
                name="one_standing_agency_per_group_year",
                violation_error_message=_("Khối đã có cơ quan thường trực trong năm này."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1945) & Q(year__lte=2100),
                name="membership_year_plausible",
                violation_error_message=_("Năm không hợp lệ."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=MemberRole.values),
                name="membership_role_valid",
            ),
        ]
        indexes = [models.Index(fields=["unit", "year"]), models.Index(fields=["group", "year", "role"])]

    def __str__(self) -> str:
        return f"{self.unit} — {self.group} ({self.year})"


class PersonCategory(models.TextChoices):
    LEADER = "leader", _("Lãnh đạo, quản lý")
    DIRECT_WORKER = "direct_worker", _("Người lao động trực tiếp")
    OTHER = "other", _("Công chức, viên chức khác")


class Person(models.Model):
    """A person who may be proposed for individual awards."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="people")
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    category = models.CharField(
        _("đối tượng"), max_length=20, choices=PersonCategory.choices, default=PersonCategory.OTHER
    )
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    is_ethnic_minority = models.BooleanField(_("người dân tộc thiểu số"), default=False)
    is_active = models.BooleanField(_("đang công tác"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | (Q(birth_year__gte=1900) & Q(birth_year__lte=2100)),
                name="person_birth_year_plausible",
                violation_error_message=_("Năm sinh không hợp lệ."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "full_name"])]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("clusters:person_detail", args=[self.pk])

    @property
    def is_leader(self) -> bool:
        return self.category == PersonCategory.LEADER


class Role(models.TextChoices):
    STAFF = "staff", _("Cán bộ thi đua của đơn vị")
    LEADER = "leader", _("Lãnh đạo đơn vị")
    REVIEWER = "reviewer", _("Chuyên viên thẩm định (Ban Thi đua - Khen thưởng)")
    ADMIN = "admin", _("Quản trị hệ thống")


class User(AbstractUser):
    """An account. Every user but a system admin belongs to a unit."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices, default=Role.STAFF)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.ADMIN) | Q(unit__isnull=False),
                name="user_non_admin_has_unit",
                violation_error_message=_("Người dùng (trừ quản trị hệ thống) phải thuộc một đơn vị."),
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
        ]

    @property
    def is_system_admin(self) -> bool:
        return self.is_active and (self.role == Role.ADMIN or self.is_superuser)

    def has_perm(self, perm, obj=None) -> bool:
        """A superuser gets no blanket pass on the permissions our `rules` define.

        Django lets an active superuser through every permission check. The rules already grant
        system admins what they may do; what they leave out are acts that belong to a unit's own
        people: signing a pledge, voting in a ballot, entering and sending a self-assessment,
        sending proposals up. Those stay refused for a superuser too.
        """
        import rules

        if self.is_active and self.is_superuser and rules.perm_exists(perm):
            return rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def display_name(self) -> str:
        return self.get_full_name() or self.username


class AuditEvent(models.Model):
    """One row per write, Zulip-style: who did what to which object, and when."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    summary = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%d/%m/%Y %H:%M} {self.action} {self.target_type}#{self.target_id}"
