"""Award records: who received what, for which year, by which decision.

An award record names exactly one nominee (a unit or a person) and is not entered twice for the same decision.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from clusters.models import Person, Unit

from .catalogue import AwardType
from .proposals import _exactly_one_nominee, _year_plausible


class AwardRecord(models.Model):
    """Who received what, for which year, by which decision."""

    nominee_unit = models.ForeignKey(
        Unit, verbose_name=_("tập thể"), null=True, blank=True, on_delete=models.PROTECT, related_name="award_records"
    )
    nominee_person = models.ForeignKey(
        Person, verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.PROTECT, related_name="award_records"
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT, related_name="records"
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    decision_number = models.CharField(_("số quyết định"), max_length=100)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_authority = models.CharField(_("cơ quan, người quyết định"), max_length=255, blank=True)
    proposal = models.OneToOneField(
        "Proposal",
        verbose_name=_("đề nghị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="award_record",
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: The award type's rank, copied by the database on every write of the record or of its award type's rank
    #: (triggers of migration awards.0013), so that the award history's order (year, rank, id) is one index.
    award_rank = models.PositiveSmallIntegerField(null=True, editable=False)

    class Meta:
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = _("khen thưởng đã nhận")
        ordering = ["-year", "-award_rank", "id"]
        constraints = [
            _exactly_one_nominee("awardrecord_exactly_one_nominee", "nominee_unit", "nominee_person"),
            _year_plausible("awardrecord_year_plausible"),
            models.UniqueConstraint(
                fields=["nominee_unit", "award_type", "year", "decision_number"],
                condition=Q(nominee_unit__isnull=False),
                name="awardrecord_unit_once_per_decision",
                violation_error_message=_("Tập thể này đã có khen thưởng này theo quyết định này."),
            ),
            models.UniqueConstraint(
                fields=["nominee_person", "award_type", "year", "decision_number"],
                condition=Q(nominee_person__isnull=False),
                name="awardrecord_person_once_per_decision",
                violation_error_message=_("Cá nhân này đã có khen thưởng này theo quyết định này."),
            ),
        ]
        indexes = [
            models.Index(fields=["award_type", "year"]),
            models.Index(fields=["year"]),
            models.Index(F("year").desc(), F("award_rank").desc(), "id", name="awardrecord_history_order"),
        ]

    def __str__(self) -> str:
        return f"{self.award_type} {self.year} — {self.nominee}"

    @property
    def nominee(self):
        return self.nominee_unit or self.nominee_person

    @property
    def nominee_name(self) -> str:
        return self.nominee_unit.name if self.nominee_unit_id else self.nominee_person.full_name
