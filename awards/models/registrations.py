"""Registration of titles (đăng ký thi đua): at the start of the year each unit sends its board the list of
collectives and individuals aiming at each title, with the initiatives they plan.

Statuses: not sent (draft), waiting (submitted), returned with a reason, accepted. A board passes the titles the
central level decides up as its own registration to the central board (`recipient`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from clusters.models import Person, Unit

from .catalogue import AwardType
from .proposals import _exactly_one_nominee, _year_plausible


class RegistrationStatus(models.TextChoices):
    DRAFT = "draft", _("Chưa gửi")
    SUBMITTED = "submitted", _("Chờ duyệt")
    RETURNED = "returned", _("Trả lại")
    ACCEPTED = "accepted", _("Đã chấp nhận")


class Registration(models.Model):
    """A unit's registration of titles for a year, sent to a board."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị đăng ký"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    recipient = models.ForeignKey(
        Unit, verbose_name=_("nơi nhận"), on_delete=models.PROTECT, related_name="received_registrations"
    )
    status = FSMField(_("trạng thái"), max_length=12, choices=RegistrationStatus.choices, default="draft")
    return_reason = models.TextField(_("lý do trả lại"), blank=True, max_length=2000)
    is_late = models.BooleanField(_("gửi muộn"), default=False)
    submitted_at = models.DateTimeField(_("ngày gửi"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("ngày duyệt"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đăng ký thi đua")
        verbose_name_plural = _("đăng ký thi đua")
        ordering = ["-year", "unit__name", "id"]
        constraints = [
            _year_plausible("registration_year_plausible"),
            models.UniqueConstraint(
                fields=["unit", "year"],
                name="registration_once_per_unit_year",
                violation_error_message=_("Đơn vị đã có bản đăng ký thi đua của năm này."),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="registration_returned_has_reason",
                violation_error_message=_("Trả lại phải ghi rõ lý do."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} — {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("awards:registration_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (RegistrationStatus.DRAFT, RegistrationStatus.RETURNED)

    @transition(
        field=status,
        source=[RegistrationStatus.DRAFT, RegistrationStatus.RETURNED],
        target=RegistrationStatus.SUBMITTED,
    )
    def submit(self):
        self.submitted_at = timezone.now()

    @transition(field=status, source=RegistrationStatus.SUBMITTED, target=RegistrationStatus.RETURNED)
    def return_for_changes(self, *, reason: str):
        self.return_reason = reason
        self.reviewed_at = timezone.now()

    @transition(field=status, source=RegistrationStatus.SUBMITTED, target=RegistrationStatus.ACCEPTED)
    def accept(self):
        self.reviewed_at = timezone.now()


class RegistrationEntry(models.Model):
    """One collective or individual aiming at one title, with the initiative they plan."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="entries")
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu đăng ký"), on_delete=models.PROTECT, related_name="+"
    )
    nominee_unit = models.ForeignKey(
        Unit, verbose_name=_("tập thể"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nominee_person = models.ForeignKey(
        Person, verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    planned_initiative = models.CharField(_("sáng kiến, đề tài dự kiến"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("đăng ký danh hiệu")
        verbose_name_plural = _("đăng ký danh hiệu")
        ordering = ["-award_type__rank", "id"]
        constraints = [
            _exactly_one_nominee("registrationentry_exactly_one_nominee", "nominee_unit", "nominee_person"),
            models.UniqueConstraint(
                fields=["registration", "award_type", "nominee_unit"],
                condition=Q(nominee_unit__isnull=False),
                name="registrationentry_unit_once",
                violation_error_message=_("Tập thể này đã đăng ký danh hiệu này."),
            ),
            models.UniqueConstraint(
                fields=["registration", "award_type", "nominee_person"],
                condition=Q(nominee_person__isnull=False),
                name="registrationentry_person_once",
                violation_error_message=_("Cá nhân này đã đăng ký danh hiệu này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award_type} — {self.nominee_name}"

    @property
    def nominee_name(self) -> str:
        return self.nominee_unit.name if self.nominee_unit_id else self.nominee_person.full_name
