"""Pledges (giao ước thi đua): one per cluster or bloc per year.

A pledge is drafted by the chair unit, opened for signing, signed by the leader
of every member unit (the chair last), and then locked. Each signature carries
the SHA-256 fingerprint of the canonical content of the version it signed, so a
change behind the application's back is detected on the verification page.
Drafting goes through `emulation.services.pledges`; opening, amending, signing and locking through
`emulation.services.signing`, and the signatures are `emulation.models.signing.PledgeSignature`.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from clusters.search import folded_copy
from clusters.text import TEXT_MAX_LENGTH, length_at_most

__all__ = [
    "CriterionKind",
    "ORDINALS",
    "Pledge",
    "PledgeItem",
    "PledgeStatus",
    "PledgeTarget",
    "ScoringCriterion",
    "ordinal",
]

#: How the content items of a pledge are announced: "Thứ nhất, … Thứ tám, …".
ORDINALS = [
    _("Thứ nhất"),
    _("Thứ hai"),
    _("Thứ ba"),
    _("Thứ tư"),
    _("Thứ năm"),
    _("Thứ sáu"),
    _("Thứ bảy"),
    _("Thứ tám"),
    _("Thứ chín"),
    _("Thứ mười"),
    _("Thứ mười một"),
    _("Thứ mười hai"),
    _("Thứ mười ba"),
    _("Thứ mười bốn"),
    _("Thứ mười lăm"),
]


def ordinal(number: int) -> str:
    if 1 <= number <= len(ORDINALS):
        return str(ORDINALS[number - 1])
    return str(_("Thứ %(n)s") % {"n": number})


def new_verification_code() -> str:
    return secrets.token_urlsafe(18)


class PledgeStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    OPEN = "open", _("Đang ký kết")
    SIGNED = "signed", _("Đã ký kết (khóa)")


class Pledge(ConcurrentTransitionMixin, models.Model):
    group = models.ForeignKey(
        "clusters.EmulationGroup", verbose_name=_("cụm, khối"), on_delete=models.PROTECT, related_name="pledges"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    status = FSMField(
        _("trạng thái"), max_length=10, choices=PledgeStatus.choices, default=PledgeStatus.DRAFT, protected=True
    )
    version = models.PositiveIntegerField(
        _("phiên bản"),
        default=1,
        help_text=_("Tăng khi sửa đổi sau khi đã mở ký; chữ ký của phiên bản trước bị hủy."),
    )
    title = models.CharField(_("tiêu đề"), max_length=500)
    preamble = models.TextField(_("lời mở đầu"), blank=True, max_length=10000)
    place = models.CharField(_("địa điểm ký kết"), max_length=255, blank=True)
    ceremony_date = models.DateField(
        _("ngày ký kết"),
        null=True,
        blank=True,
        help_text=_("Ngày tổ chức lễ ký kết, in trên văn bản thay cho ngày hôm nay."),
    )
    verification_code = models.CharField(
        _("mã xác minh"), max_length=40, unique=True, default=new_verification_code, editable=False
    )
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("sao chép từ giao ước"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    opened_at = models.DateTimeField(_("mở ký lúc"), null=True, blank=True)
    signed_at = models.DateTimeField(_("hoàn tất ký lúc"), null=True, blank=True)
    seal = models.CharField(
        _("dấu niêm phong"),
        max_length=64,
        blank=True,
        help_text=_("HMAC-SHA256 của nội dung và toàn bộ chữ ký, tính khi khóa giao ước."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    #: The title lower-cased without diacritics (`clusters.search.fold`), stored by the database on every write (a
    #: generated column) with a trigram index on PostgreSQL (migration 0014): the pledge list's search compares it
    #: as stored instead of folding every pledge's title again for each word typed (issue 16: 31,500 titles
    #: folded twice per search, the bounded count and the page, ~80 ms each at scale 10).
    folded_title = folded_copy("title", _("tiêu đề không dấu"))
    FOLDED_COLUMNS = {"title": "folded_title"}

    class Meta:
        verbose_name = _("giao ước thi đua")
        verbose_name_plural = _("giao ước thi đua")
        ordering = ["-year", "group__name"]
        # the lists' order (newest year first, then the group's name): read year by year, each year's ~1,500 pledges
        # sorted by name, instead of sorting every pledge for the first page (issue 16: 31,500 at scale 10)
        indexes = [models.Index(fields=["-year"], name="pledge_year_desc")]
        constraints = [
            length_at_most("preamble", 10000, name="pledge_preamble_length"),
            models.UniqueConstraint(
                fields=["group", "year"],
                name="one_pledge_per_group_year",
                violation_error_message=_("Cụm, khối đã có giao ước thi đua cho năm này."),
            ),
            models.CheckConstraint(condition=Q(status__in=PledgeStatus.values), name="pledge_status_valid"),
            models.CheckConstraint(
                condition=Q(year__gte=1945) & Q(year__lte=2100),
                name="pledge_year_plausible",
                violation_error_message=_("Năm không hợp lệ."),
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="pledge_version_positive"),
            models.CheckConstraint(
                condition=Q(ceremony_date__isnull=True)
                | (Q(ceremony_date__year__gte=F("year") - 1) & Q(ceremony_date__year__lte=F("year"))),
                name="pledge_ceremony_date_plausible",
                violation_error_message=_("Ngày ký kết phải thuộc năm của giao ước hoặc năm trước đó."),
            ),
            models.CheckConstraint(
                condition=~Q(status=PledgeStatus.SIGNED) | (Q(signed_at__isnull=False) & ~Q(seal="")),
                name="signed_pledge_is_sealed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("pledges:detail", args=[self.pk])

    # --- Transitions: called only by emulation.services.signing, which checks who may do them.
    @transition(field=status, source=PledgeStatus.DRAFT, target=PledgeStatus.OPEN)
    def open_for_signing(self, *, when) -> None:
        self.opened_at = when

    @transition(field=status, source=PledgeStatus.OPEN, target=PledgeStatus.DRAFT)
    def amend(self) -> None:
        """Back to drafting as a new version; the services void the earlier signatures."""
        self.version += 1
        self.opened_at = None

    @transition(field=status, source=PledgeStatus.OPEN, target=PledgeStatus.SIGNED)
    def lock(self, *, when, seal: str) -> None:
        self.signed_at = when
        self.seal = seal

    @property
    def is_locked(self) -> bool:
        return self.status == PledgeStatus.SIGNED

    @property
    def is_editable(self) -> bool:
        return self.status == PledgeStatus.DRAFT


class PledgeItem(models.Model):
    """A numbered content item ("Thứ nhất, …")."""

    pledge = models.ForeignKey(Pledge, verbose_name=_("giao ước"), on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("tiêu đề ngắn"), max_length=255, blank=True)
    body = models.TextField(_("nội dung"), max_length=TEXT_MAX_LENGTH)
    campaigns = models.ManyToManyField(
        "emulation.Campaign", verbose_name=_("phong trào liên quan"), blank=True, related_name="pledge_items"
    )
    #: Also the version its edit form was opened on (clusters.concurrency.claim_version).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nội dung giao ước")
        verbose_name_plural = _("nội dung giao ước")
        ordering = ["pledge", "number"]
        constraints = [
            length_at_most("body", TEXT_MAX_LENGTH, name="pledge_item_body_length"),
            models.UniqueConstraint(
                fields=["pledge", "number"],
                name="pledge_item_number_unique",
                violation_error_message=_("Số thứ tự nội dung đã được dùng trong giao ước này."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="pledge_item_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.ordinal}: {self.title or self.body[:60]}"

    @property
    def ordinal(self) -> str:
        return ordinal(self.number)


class PledgeTarget(models.Model):
    """A measurable target of a content item."""

    item = models.ForeignKey(PledgeItem, verbose_name=_("nội dung"), on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("chỉ tiêu"), max_length=500)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=50)
    target_value = models.DecimalField(_("giá trị chỉ tiêu"), max_digits=14, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["item", "order", "id"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.target_value} {self.unit_of_measure}"


class CriterionKind(models.TextChoices):
    CRITERION = "criterion", _("Tiêu chí chấm điểm")
    BONUS = "bonus", _("Điểm thưởng")
    PENALTY = "penalty", _("Điểm trừ")


class ScoringCriterion(models.Model):
    """A row of the scoring table (bảng tiêu chí, thang điểm)."""

    pledge = models.ForeignKey(Pledge, verbose_name=_("giao ước"), on_delete=models.CASCADE, related_name="criteria")
    section = models.CharField(_("nhóm tiêu chí"), max_length=255, blank=True)
    code = models.CharField(_("mã"), max_length=20)
    title = models.CharField(_("tiêu chí"), max_length=500)
    max_points = models.DecimalField(_("điểm tối đa"), max_digits=6, decimal_places=2)
    kind = models.CharField(_("loại"), max_length=10, choices=CriterionKind.choices, default=CriterionKind.CRITERION)
    rule_text = models.TextField(_("cách cho điểm"), blank=True, max_length=2000)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    #: Also the version its edit form was opened on (clusters.concurrency.claim_version).
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tiêu chí chấm điểm")
        verbose_name_plural = _("tiêu chí chấm điểm")
        ordering = ["pledge", "order", "id"]
        constraints = [
            length_at_most("rule_text", 2000, name="criterion_rule_text_length"),
            models.UniqueConstraint(
                fields=["pledge", "code"],
                name="criterion_code_unique_per_pledge",
                violation_error_message=_("Mã tiêu chí đã được dùng trong giao ước này."),
            ),
            models.CheckConstraint(
                condition=Q(max_points__gte=0),
                name="criterion_max_points_non_negative",
                violation_error_message=_("Điểm tối đa không được âm."),
            ),
            models.CheckConstraint(condition=Q(kind__in=CriterionKind.values), name="criterion_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"
