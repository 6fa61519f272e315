"""People who may be proposed for individual awards."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .units import Unit


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
