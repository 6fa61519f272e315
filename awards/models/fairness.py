"""The board-wide policy behind the fairness figures (seed 002): when the leaders' share is too high."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AwardPolicy(models.Model):
    """Board-wide settings the admins tune: fairness warning threshold, late-flag grace."""

    name = models.CharField(_("tên"), max_length=100, default="Mặc định")
    leader_share_warning = models.PositiveSmallIntegerField(
        _("ngưỡng cảnh báo tỷ lệ lãnh đạo, quản lý (%)"),
        default=40,
        help_text=_("Cảnh báo khi tỷ lệ đề nghị, khen thưởng cá nhân cho lãnh đạo, quản lý vượt ngưỡng này."),
    )

    class Meta:
        verbose_name = _("chính sách khen thưởng")
        verbose_name_plural = _("chính sách khen thưởng")
        constraints = [
            models.CheckConstraint(
                condition=Q(leader_share_warning__lte=100),
                name="awardpolicy_share_percent",
                violation_error_message=_("Ngưỡng phải từ 0 đến 100%."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> AwardPolicy:
        policy = cls.objects.order_by("pk").first()
        return policy or cls()
