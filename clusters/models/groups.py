"""Emulation groups (clusters and blocs), their yearly memberships and officers.

Invariants live in the database:
- a unit is a member of a group at most once per year;
- a group has at most one chair, one vice-chair and one standing agency per year,
  and because those are roles *of a membership*, the chair and vice-chair are
  members that year and are different units by construction.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..search import folded_copy
from ..text import length_at_most
from .units import Unit


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
    description = models.TextField(_("mô tả"), blank=True, max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    #: The name and short name lower-cased without diacritics (`clusters.search.fold`), stored by the database on
    #: every write (generated columns, trigram indexes on PostgreSQL: migration 0023), as units' names are: the
    #: groups list's search and the searches through a group's name compare them as stored instead of folding
    #: every group's names again for each word typed (issue 16).
    folded_name = folded_copy("name", _("tên không dấu"))
    folded_short_name = folded_copy("short_name", _("tên ngắn không dấu"))
    FOLDED_COLUMNS = {"name": "folded_name", "short_name": "folded_short_name"}

    class Meta:
        verbose_name = _("cụm, khối thi đua")
        verbose_name_plural = _("cụm, khối thi đua")
        ordering = ["name"]
        constraints = [length_at_most("description", 5000, name="group_description_length")]

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
        indexes = [
            models.Index(fields=["unit", "year"]),
            models.Index(fields=["group", "year", "role"]),
            # the latest year with members (`selectors.groups.default_year`, every open of the groups list): an
            # index's last entry instead of reading all 384,000 memberships at scale 10 (~65 ms, issue 16)
            models.Index(fields=["year"], name="membership_year"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.group} ({self.year})"
