"""The year-end overview's summary table: one row per group-year with members, and its chair.

`GroupYearSummary` is kept by the database itself: statement-level triggers on `clusters_membership` (migration
0015) recompute the group-years a statement touched, whatever wrote the memberships (the services, the imports,
the scale generator's COPY, fixtures). Nothing in Python writes it. PostgreSQL only (the demo's SQLite computes the
overview from the memberships, `emulation.selectors.overview`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from clusters.models import MemberRole

__all__ = ["GroupYearSummary"]


class GroupYearSummary(models.Model):
    """A group-year with at least one member (a `clusters.Membership`), and the unit chairing it that year, if any.

    Issue 16: a system administrator's overview picked one membership per group-year out of every membership
    (422,615 at scale 10, ~170-215 ms); these are its 33,012 rows, read in order."""

    group = models.ForeignKey(
        "clusters.EmulationGroup", verbose_name=_("cụm, khối"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    # DO_NOTHING: the trigger sets it from the memberships (a member unit cannot be deleted: Membership.unit PROTECTs)
    chair = models.ForeignKey(
        "clusters.Unit",
        verbose_name=_("trưởng cụm, khối"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
    )

    class Meta:
        verbose_name = _("tổng hợp cụm, khối theo năm")
        verbose_name_plural = _("tổng hợp cụm, khối theo năm")
        constraints = [models.UniqueConstraint(fields=["group", "year"], name="one_summary_per_group_year")]
        indexes = [models.Index(fields=["-year", "group"], name="group_year_summary_year")]

    def __str__(self) -> str:
        return f"{self.group_id}/{self.year}"

    # Read as the overview reads a `Membership` row (the chair's one, on the demo's SQLite): its role and unit.
    @property
    def role(self) -> str:
        return MemberRole.CHAIR if self.chair_id else ""

    @property
    def unit(self):
        return self.chair
