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


class FairnessSource(models.TextChoices):
    PROPOSED = "proposed", _("đề nghị")
    GRANTED = "granted", _("khen thưởng")


class FairnessTally(models.Model):
    """The fairness figures' summary table: for one year and one unit, the proposals it sent up (not drafts;
    `source` proposed, the proposing unit) or the award records it owns (`source` granted: the person's unit, else
    the collective's parent, else the collective), counted as the fairness page shows them. Kept by the database on
    every write of a proposal, an award record, a person's category or unit, a unit's kind, parent or remoteness
    (triggers of migration awards.0014), so that the page reads a few hundred rows instead of aggregating every
    proposal and record of the year with their people and units. PostgreSQL only (the demo's SQLite computes the
    figures live)."""

    source = models.CharField(max_length=10, choices=FairnessSource.choices)
    year = models.PositiveSmallIntegerField()
    unit = models.ForeignKey(
        "clusters.Unit", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", verbose_name=_("đơn vị")
    )
    individuals = models.IntegerField(default=0)
    leaders = models.IntegerField(default=0)
    direct_workers = models.IntegerField(default=0)
    collectives = models.IntegerField(default=0)
    small_collectives = models.IntegerField(default=0)
    remote = models.IntegerField(default=0)
    total = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("số liệu cơ cấu khen thưởng")
        verbose_name_plural = _("số liệu cơ cấu khen thưởng")
        constraints = [
            models.UniqueConstraint(fields=["source", "year", "unit"], name="fairnesstally_one_per_unit_year")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.year} — {self.unit_id}"
