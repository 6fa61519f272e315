"""Units (đơn vị) and their lineage: the registry of central agencies, provinces, boards and their parts.

A merged unit keeps its own rows and points to its successor (`Unit.successor`, with the day it ended).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..search import folded_copy

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
    #: A household (hộ gia đình) proposed for an award: its own row, under its commune, so that it is a nominee like
    #: any collective; the statutory forms count households apart (Thông tư 02/2023/TT-BNV, forms 0602–0603).
    HOUSEHOLD = "household", _("Hộ gia đình")


def household_name_ok(name: str) -> bool:
    """A household is named after its head: "Hộ ông Nguyễn Văn A", "Hộ bà Lê Thị B" (or "Hộ gia đình ông …"),
    with at least a family and a given name after the honorific; compared without diacritics or case."""
    from ..search import fold

    words = fold(name or "").split()
    if words[:2] == ["ho", "gia"] and words[2:3] == ["dinh"]:
        words = ["ho", *words[3:]]
    return len(words) >= 4 and words[0] == "ho" and words[1] in {"ong", "ba", "anh", "chi"}


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
    is_enterprise = models.BooleanField(
        _("doanh nghiệp"),
        default=False,
        help_text=_("Tập thể là doanh nghiệp: biểu thống kê khen thưởng đếm riêng."),
    )
    is_remote = models.BooleanField(
        _("vùng sâu, vùng xa, vùng đồng bào dân tộc thiểu số"),
        default=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    #: The name lower-cased without diacritics (`clusters.search.fold`), stored by the database on every write (a
    #: generated column) with a trigram index on PostgreSQL (migration 0019): the searches that find units by
    #: their name (a proposal's proposing unit, the pickers) compare it as it is stored instead of folding every
    #: unit's name again (issue 16: a unit's long name typed as a search folded 20,000 names per word at scale 10).
    folded_name = folded_copy("name", _("tên không dấu"))
    FOLDED_COLUMNS = {"name": "folded_name"}

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
            # kinds: a household is a family, never an enterprise, and always under its commune (clean() checks
            # that the parent is a commune and that the name carries the head of household's name)
            models.CheckConstraint(
                condition=~Q(kind="household") | (Q(is_enterprise=False) & Q(parent__isnull=False)),
                name="unit_household_under_commune_not_enterprise",
                violation_error_message=_("Hộ gia đình phải thuộc một xã, phường và không phải là doanh nghiệp."),
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "name"]),
            # units in name order, the order of their accounts (`selectors.accounts.account_list`): the accounts
            # list walks units by this index and their accounts by `unit_id`, a page's worth, instead of joining and
            # sorting all 40,000 accounts at scale 10 (~125 ms, issue 16)
            models.Index(fields=["name", "id"], name="unit_name_order"),
        ]

    def __str__(self) -> str:
        if self.active_to and self.successor_id:
            until = _("đến")  # outside the f-string, where makemessages can find it
            return f"{self.name} ({until} {self.active_to:%d/%m/%Y})"
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("clusters:unit_detail", args=[self.pk])

    def clean(self):
        super().clean()
        if self.kind == UnitKind.HOUSEHOLD:
            errors = {}
            if self.parent_id is None or self.parent.kind != UnitKind.COMMUNE:
                errors["parent"] = _("Hộ gia đình phải thuộc một xã, phường, đặc khu.")
            if not household_name_ok(self.name):
                errors["name"] = _("Tên hộ gia đình ghi «Hộ ông/bà» và họ tên chủ hộ, ví dụ «Hộ ông Nguyễn Văn A».")
            if self.is_enterprise:
                errors["is_enterprise"] = _("Hộ gia đình không phải là doanh nghiệp.")
            if errors:
                raise ValidationError(errors)

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_to is None or day <= self.active_to
        )
