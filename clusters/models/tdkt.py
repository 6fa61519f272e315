"""The register of the emulation and commendation bodies (cơ quan làm công tác thi đua, khen thưởng) and of their
staff: what the statutory forms 0604 and 0605 of Thông tư 02/2023/TT-BNV count.

A body is a unit (usually of kind board: a Ban Thi đua - Khen thưởng, or a division of a department doing the work)
with its level and how it is organised; each staff member belongs to one body, with what form 0605 reads: gender,
birth year, education, the year they began emulation and commendation work.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ..text import year_in_range
from .people import Gender
from .units import Unit

__all__ = ["BodyForm", "BodyLevel", "EducationLevel", "StaffMember", "TdktBody"]


class BodyLevel(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    MINISTRY = "ministry", _("Bộ, ban, ngành, đoàn thể Trung ương")
    PROVINCE = "province", _("Tỉnh, thành phố trực thuộc Trung ương")
    DEPARTMENT = "department", _("Sở, ban, ngành cấp tỉnh")
    COMMUNE = "commune", _("Xã, phường, đặc khu")


class BodyForm(models.TextChoices):
    SEPARATE = "separate", _("Cơ quan chuyên trách độc lập")
    WITHIN = "within", _("Bộ phận thuộc cơ quan khác")
    PART_TIME = "part_time", _("Cán bộ kiêm nhiệm")


class EducationLevel(models.TextChoices):
    DOCTORATE = "doctorate", _("Tiến sĩ")
    MASTER = "master", _("Thạc sĩ")
    BACHELOR = "bachelor", _("Đại học")
    COLLEGE = "college", _("Cao đẳng, trung cấp")
    OTHER = "other", _("Trình độ khác")


class TdktBody(models.Model):
    """A body doing emulation and commendation work, in the register form 0604 counts."""

    unit = models.OneToOneField(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="tdkt_body")
    level = models.CharField(_("cấp"), max_length=12, choices=BodyLevel.choices)
    form = models.CharField(_("hình thức tổ chức"), max_length=12, choices=BodyForm.choices)
    established_year = models.PositiveSmallIntegerField(_("năm thành lập"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cơ quan làm công tác thi đua, khen thưởng")
        verbose_name_plural = _("cơ quan làm công tác thi đua, khen thưởng")
        ordering = ["unit__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=BodyLevel.values),
                name="tdktbody_level_valid",
                violation_error_message=_("Cấp không hợp lệ."),
            ),
            models.CheckConstraint(
                condition=Q(form__in=BodyForm.values),
                name="tdktbody_form_valid",
                violation_error_message=_("Hình thức tổ chức không hợp lệ."),
            ),
            year_in_range("tdktbody_established_plausible", "established_year"),
        ]

    def __str__(self) -> str:
        return self.unit.name


class StaffMember(models.Model):
    """A civil servant doing emulation and commendation work in a body (form 0605)."""

    body = models.ForeignKey(TdktBody, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="staff")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    gender = models.CharField(_("giới tính"), max_length=6, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"))
    education = models.CharField(_("trình độ chuyên môn"), max_length=12, choices=EducationLevel.choices)
    started_year = models.PositiveSmallIntegerField(_("năm bắt đầu làm công tác thi đua, khen thưởng"))
    left_year = models.PositiveSmallIntegerField(
        _("năm thôi làm công tác thi đua, khen thưởng"), null=True, blank=True, help_text=_("Để trống nếu đang làm.")
    )
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("công chức làm công tác thi đua, khen thưởng")
        verbose_name_plural = _("công chức làm công tác thi đua, khen thưởng")
        ordering = ["full_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(gender__in=Gender.values),
                name="staffmember_gender_valid",
                violation_error_message=_("Giới tính không hợp lệ."),
            ),
            models.CheckConstraint(
                condition=Q(education__in=EducationLevel.values),
                name="staffmember_education_valid",
                violation_error_message=_("Trình độ không hợp lệ."),
            ),
            year_in_range("staffmember_birth_year_plausible", "birth_year"),
            year_in_range("staffmember_started_year_plausible", "started_year"),
            models.CheckConstraint(
                condition=Q(started_year__gt=F("birth_year")),
                name="staffmember_started_after_birth",
                violation_error_message=_("Năm bắt đầu công tác phải sau năm sinh."),
            ),
            models.CheckConstraint(
                condition=Q(left_year__isnull=True) | Q(left_year__gte=F("started_year")),
                name="staffmember_left_after_started",
                violation_error_message=_("Năm thôi công tác phải từ năm bắt đầu trở đi."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def serves_in(self, year: int) -> bool:
        return self.started_year <= year and (self.left_year is None or self.left_year >= year)
