"""Campaigns (phong trào thi đua) launched by an authority and adopted by pledges."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.text import length_at_most

__all__ = ["Authority", "Campaign", "CampaignKind"]


class Authority(models.TextChoices):
    """Who launched the campaign."""

    PRIME_MINISTER = "prime_minister", _("Thủ tướng Chính phủ")
    CENTRAL_COUNCIL = "central_council", _("Hội đồng Thi đua - Khen thưởng Trung ương")
    MINISTRY = "ministry", _("Bộ, ban, ngành Trung ương")
    PROVINCIAL_CHAIRMAN = "provincial_chairman", _("Chủ tịch UBND tỉnh, thành phố")
    GROUP = "group", _("Cụm, khối thi đua")


class CampaignKind(models.TextChoices):
    REGULAR = "regular", _("Thường xuyên")
    THEMATIC = "thematic", _("Chuyên đề")


class Campaign(models.Model):
    title = models.CharField(_("tên phong trào"), max_length=500)
    authority = models.CharField(_("cấp phát động"), max_length=24, choices=Authority.choices)
    authority_name = models.CharField(
        _("người, cơ quan phát động"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Thủ tướng Chính phủ; Chủ tịch UBND tỉnh Hưng Yên."),
    )
    launching_unit = models.ForeignKey(
        "clusters.Unit",
        verbose_name=_("đơn vị phát động"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="launched_campaigns",
    )
    launching_group = models.ForeignKey(
        "clusters.EmulationGroup",
        verbose_name=_("cụm, khối phát động"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="launched_campaigns",
    )
    kind = models.CharField(_("loại phong trào"), max_length=10, choices=CampaignKind.choices)
    legal_basis = models.CharField(
        _("văn bản phát động"),
        max_length=500,
        blank=True,
        help_text=_("Số, ký hiệu, ngày của chỉ thị, kế hoạch phát động."),
    )
    start_date = models.DateField(_("bắt đầu"))
    end_date = models.DateField(_("kết thúc"), null=True, blank=True, help_text=_("Để trống nếu không thời hạn."))
    goals = models.TextField(_("mục tiêu, nội dung"), blank=True, max_length=10000)
    groups = models.ManyToManyField(
        "clusters.EmulationGroup",
        verbose_name=_("cụm, khối tham gia"),
        blank=True,
        related_name="campaigns",
    )
    units = models.ManyToManyField(
        "clusters.Unit",
        verbose_name=_("đơn vị tham gia"),
        blank=True,
        related_name="campaigns",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-start_date", "title", "id"]
        constraints = [
            length_at_most("goals", 10000, name="campaign_goals_length"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="campaign_period_ordered",
                violation_error_message=_("Ngày kết thúc phải sau ngày bắt đầu."),
            ),
            models.CheckConstraint(condition=Q(authority__in=Authority.values), name="campaign_authority_valid"),
            models.CheckConstraint(condition=Q(kind__in=CampaignKind.values), name="campaign_kind_valid"),
        ]
        indexes = [models.Index(fields=["authority", "start_date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:detail", args=[self.pk])

    @property
    def authority_label(self) -> str:
        return self.authority_name or self.get_authority_display()

    def runs_in(self, year: int) -> bool:
        return self.start_date.year <= year and (self.end_date is None or self.end_date.year >= year)
