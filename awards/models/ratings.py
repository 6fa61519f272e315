"""The yearly performance rating of each person (đánh giá, xếp loại mức độ hoàn thành nhiệm vụ).

Entered by the person's unit, one per person and year. Several standards of the 2022 Law read it:
Lao động tiên tiến (Art. 24: "hoàn thành tốt nhiệm vụ trở lên"), Chiến sĩ thi đua cơ sở (Art. 23.2),
Bằng khen của Thủ tướng (Art. 73.1.b), Huân chương Lao động hạng Ba (Art. 44.1.e).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.models import Person, Unit

from .proposals import _year_plausible


class RatingLevel(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "completed", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành nhiệm vụ")


#: Higher is better: "hoàn thành tốt nhiệm vụ trở lên" is GOOD or above.
RATING_ORDER = {
    RatingLevel.NOT_COMPLETED: 0,
    RatingLevel.COMPLETED: 1,
    RatingLevel.GOOD: 2,
    RatingLevel.EXCELLENT: 3,
}


class PerformanceRating(models.Model):
    """One person's rating for one year, as their unit entered it."""

    person = models.ForeignKey(Person, verbose_name=_("cá nhân"), on_delete=models.PROTECT, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("năm"))
    level = models.CharField(_("mức xếp loại"), max_length=16, choices=RatingLevel.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị đánh giá"),
        on_delete=models.PROTECT,
        related_name="performance_ratings",
        help_text=_("Đơn vị của cá nhân khi đánh giá, xếp loại."),
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("xếp loại hằng năm")
        verbose_name_plural = _("xếp loại hằng năm")
        ordering = ["-year", "person__full_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"],
                name="rating_once_per_person_year",
                violation_error_message=_("Cá nhân này đã có xếp loại trong năm."),
            ),
            _year_plausible("rating_year_plausible"),
            models.CheckConstraint(condition=Q(level__in=RatingLevel.values), name="rating_level_valid"),
        ]
        indexes = [models.Index(fields=["unit", "year"])]

    def __str__(self) -> str:
        return f"{self.person} {self.year}: {self.get_level_display()}"
