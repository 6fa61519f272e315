"""The law's catalogue: titles and award forms, the rule sets of each period and their eligibility rules.

The law changes over time, so the catalogue and every eligibility rule carry their legal basis and the
dates they are in force; a proposal is evaluated against the rule set in force on its date (Decree 98/2023
until 30/6/2025, Decree 152/2025 from 1/7/2025). Rule sets and catalogue entries have ordered validity periods.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


def _period_ordered(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(effective_to__isnull=True)
        | Q(effective_from__isnull=True)
        | Q(effective_to__gte=F("effective_from")),
        name=name,
        violation_error_message=_("Ngày hết hiệu lực phải sau ngày có hiệu lực."),
    )


class AwardTarget(models.TextChoices):
    COLLECTIVE = "collective", _("Tập thể")
    INDIVIDUAL = "individual", _("Cá nhân")
    BOTH = "both", _("Tập thể và cá nhân")


class AwardKind(models.TextChoices):
    TITLE = "title", _("Danh hiệu thi đua")
    FORM = "form", _("Hình thức khen thưởng")


class AwardLevel(models.TextChoices):
    BASIC = "basic", _("Cơ sở")
    MINISTRY_PROVINCE = "ministry_province", _("Cấp bộ, ban, ngành, tỉnh")
    GOVERNMENT = "government", _("Chính phủ, Thủ tướng Chính phủ")
    STATE = "state", _("Nhà nước")


class AwardType(models.Model):
    """An emulation title (danh hiệu thi đua) or an award form (hình thức khen thưởng)."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    target = models.CharField(_("đối tượng"), max_length=12, choices=AwardTarget.choices)
    kind = models.CharField(_("loại"), max_length=8, choices=AwardKind.choices)
    level = models.CharField(_("cấp"), max_length=20, choices=AwardLevel.choices)
    authority = models.CharField(_("thẩm quyền quyết định"), max_length=255)
    rank = models.PositiveSmallIntegerField(
        _("thứ bậc"), default=0, help_text=_("Số lớn hơn là hình thức, danh hiệu cao hơn.")
    )
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=255)
    effective_from = models.DateField(_("có hiệu lực từ"), null=True, blank=True)
    effective_to = models.DateField(_("hết hiệu lực"), null=True, blank=True)
    bonus_coefficient = models.DecimalField(
        _("tiền thưởng (hệ số lương cơ sở)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    has_certificate = models.BooleanField(
        _("in bằng, giấy chứng nhận"), default=False, help_text=_("Bằng khen, Giấy khen: in giấy chứng nhận PDF.")
    )
    description = models.TextField(_("tiêu chuẩn tóm tắt"), blank=True)
    required_documents = models.JSONField(
        _("tài liệu bắt buộc của hồ sơ"),
        default=list,
        blank=True,
        help_text=_(
            "Loại tài liệu hồ sơ phải có trước khi trình (mã loại tài liệu: report, minutes, ballot, proof, other)."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("danh hiệu, hình thức khen thưởng")
        verbose_name_plural = _("danh hiệu, hình thức khen thưởng")
        ordering = ["-rank", "name"]
        constraints = [_period_ordered("awardtype_period_ordered")]

    def __str__(self) -> str:
        return self.name

    def is_in_force_on(self, day: datetime.date) -> bool:
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_to is None or day <= self.effective_to
        )

    def clean(self):
        from .proposals import AttachmentKind  # proposals import this module

        required = self.required_documents
        if not isinstance(required, list) or any(kind not in AttachmentKind.values for kind in required):
            raise ValidationError(
                {
                    "required_documents": _("Chỉ ghi các loại tài liệu: %(kinds)s.")
                    % {"kinds": ", ".join(AttachmentKind.values)}
                }
            )

    def accepts_unit(self) -> bool:
        return self.target in (AwardTarget.COLLECTIVE, AwardTarget.BOTH)

    def accepts_person(self) -> bool:
        return self.target in (AwardTarget.INDIVIDUAL, AwardTarget.BOTH)


class RuleSet(models.Model):
    """The legal text that carries a set of rules for a period (e.g. Decree 98/2023/NĐ-CP)."""

    code = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("văn bản"), max_length=255)
    effective_from = models.DateField(_("có hiệu lực từ"))
    effective_to = models.DateField(_("hết hiệu lực"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("bộ quy định")
        verbose_name_plural = _("bộ quy định")
        ordering = ["effective_from", "code"]
        constraints = [_period_ordered("ruleset_period_ordered")]

    def __str__(self) -> str:
        return self.name


class EligibilityRule(models.Model):
    """One condition of one title or form, under one rule set: which check, its parameters, its article.

    `check_code` names a pure function in `awards.eligibility.CHECKS`; `params` are its numbers
    (consecutive years, prerequisite titles, percentages, vote thresholds), editable by admins. `source`,
    `article` and `quote` say where the condition is written and in which words; `unconfirmed` marks a
    condition not yet checked against the official text (its `note` says what is to settle): such a condition
    never decides "Đạt" or "Không đạt" alone.
    """

    rule_set = models.ForeignKey(RuleSet, verbose_name=_("bộ quy định"), on_delete=models.CASCADE, related_name="rules")
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), on_delete=models.CASCADE, related_name="rules"
    )
    check_code = models.CharField(_("phép kiểm tra"), max_length=40)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    article = models.CharField(_("điều khoản"), max_length=255)
    source = models.CharField(
        _("văn bản"), max_length=255, blank=True, help_text=_("Văn bản quy định điều kiện (luật, nghị định).")
    )
    quote = models.TextField(
        _("nguyên văn"), blank=True, help_text=_("Lời văn của điều khoản, trích nguyên văn; để trống nếu chưa có.")
    )
    description = models.CharField(_("nội dung"), max_length=500)
    applies_to = models.CharField(
        _("áp dụng cho"), max_length=12, choices=AwardTarget.choices, default=AwardTarget.BOTH
    )
    unconfirmed = models.BooleanField(
        _("chưa đối chiếu văn bản"), default=False, help_text=_("Tham số cần đối chiếu lại với văn bản gốc.")
    )
    note = models.TextField(_("ghi chú"), blank=True, help_text=_("Điều cần làm rõ khi đối chiếu văn bản."))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("điều kiện xét khen thưởng")
        verbose_name_plural = _("điều kiện xét khen thưởng")
        ordering = ["rule_set", "award_type", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_set", "award_type", "check_code", "applies_to"],
                name="eligibilityrule_once_per_ruleset",
                violation_error_message=_("Điều kiện này đã có trong bộ quy định."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.award_type.code}: {self.description}"
