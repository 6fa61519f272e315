"""The initiative register (sổ sáng kiến, đề tài, issue 19 item 2): an initiative or research recognised by a body,
its authors with their shares, where it is applied, the decision recognising it and the scope of its effect, its
files; and the proposals that cite it.

The Chiến sĩ thi đua titles read the register (Law 2022 Art. 21–23): a proposal links the nominee's recognised
initiatives (`ProposalInitiative`) and the eligibility check `initiative` looks at their scope and recognition date.

The version of an initiative for optimistic locking is its `updated_at` (`clusters.concurrency.claim_version`).
Authors' shares per initiative add up to at most 100%: a sum across rows is no check constraint, so the service
(`awards.services.initiatives`) enforces it under a lock on the initiative.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from clusters.models import Person, Unit
from clusters.text import TEXT_MAX_LENGTH, length_at_most


class InitiativeScope(models.TextChoices):
    """The scope of an initiative's effect (phạm vi ảnh hưởng), lowest first."""

    CO_SO = "co_so", _("Cấp cơ sở")
    PROVINCE = "province", _("Cấp tỉnh, bộ, ban, ngành")
    NATIONAL = "national", _("Toàn quốc")


#: Each scope's rank, and the eligibility rules' levels (`awards.eligibility.INITIATIVE_ORDER`) it meets.
SCOPE_LEVEL = {
    InitiativeScope.CO_SO: "basic",
    InitiativeScope.PROVINCE: "ministry_province",
    InitiativeScope.NATIONAL: "national",
}


class Initiative(models.Model):
    """An initiative or research (sáng kiến, đề tài) recognised by a body's decision."""

    title = models.CharField(_("tên sáng kiến, đề tài"), max_length=500)
    field = models.CharField(_("lĩnh vực"), max_length=255, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị áp dụng"), on_delete=models.PROTECT, related_name="initiatives"
    )
    recognising_body = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan công nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recognised_initiatives",
    )
    recognising_body_name = models.CharField(_("cơ quan công nhận (ngoài danh mục đơn vị)"), max_length=255, blank=True)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=100)
    decision_date = models.DateField(_("ngày công nhận"))
    scope = models.CharField(_("phạm vi ảnh hưởng"), max_length=10, choices=InitiativeScope.choices)
    description = models.TextField(_("mô tả, hiệu quả áp dụng"), blank=True, max_length=TEXT_MAX_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sáng kiến, đề tài")
        verbose_name_plural = _("sáng kiến, đề tài")
        ordering = ["-decision_date", "-id"]
        constraints = [
            length_at_most("description", TEXT_MAX_LENGTH, name="initiative_description_length"),
            models.CheckConstraint(
                condition=~Q(title=""), name="initiative_title_stated", violation_error_message=_("Cần ghi tên.")
            ),
            models.CheckConstraint(
                condition=~Q(decision_number=""),
                name="initiative_decision_number_stated",
                violation_error_message=_("Cần ghi số quyết định công nhận."),
            ),
            models.CheckConstraint(
                condition=Q(recognising_body__isnull=False) | ~Q(recognising_body_name=""),
                name="initiative_recognising_body_stated",
                violation_error_message=_("Cần chọn hoặc ghi cơ quan công nhận."),
            ),
            models.CheckConstraint(
                condition=Q(decision_date__year__gte=1945) & Q(decision_date__year__lte=2100),
                name="initiative_decision_date_plausible",
                violation_error_message=_("Ngày công nhận không hợp lệ."),
            ),
            models.UniqueConstraint(
                fields=["decision_number", "title", "unit"],
                name="initiative_once_per_decision",
                violation_error_message=_("Sáng kiến này của đơn vị đã có trong sổ theo quyết định này."),
            ),
        ]
        indexes = [models.Index(fields=["unit", "decision_date"]), models.Index(fields=["scope", "decision_date"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("awards:initiative_detail", args=[self.pk])

    @property
    def recognised_by(self) -> str:
        return self.recognising_body.name if self.recognising_body_id else self.recognising_body_name

    @property
    def level(self) -> str:
        """The scope as the eligibility rules' level (`SCOPE_LEVEL`)."""
        return SCOPE_LEVEL[self.scope]


class InitiativeAuthor(models.Model):
    """One author of an initiative and their share of it (tỷ lệ đóng góp)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        Person, verbose_name=_("tác giả"), on_delete=models.PROTECT, related_name="initiative_authorships"
    )
    share = models.PositiveSmallIntegerField(
        _("tỷ lệ đóng góp (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("tác giả sáng kiến")
        verbose_name_plural = _("tác giả sáng kiến")
        ordering = ["-share", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "person"],
                name="initiativeauthor_once",
                violation_error_message=_("Người này đã là tác giả của sáng kiến."),
            ),
            models.CheckConstraint(
                condition=Q(share__gte=1) & Q(share__lte=100),
                name="initiativeauthor_share_1_100",
                violation_error_message=_("Tỷ lệ đóng góp từ 1% đến 100%."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.share}%)"


class InitiativeFile(models.Model):
    """A file of the initiative (the decision, the description): `clusters.uploads.DOCUMENTS`."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("tệp"), upload_to="initiatives/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("kiểu tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp của sáng kiến")
        verbose_name_plural = _("tệp của sáng kiến")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ProposalInitiative(models.Model):
    """A recognised initiative a proposal cites for its nominee (who is one of its authors)."""

    proposal = models.ForeignKey("Proposal", on_delete=models.CASCADE, related_name="initiative_links")
    initiative = models.ForeignKey(Initiative, on_delete=models.PROTECT, related_name="proposal_links")

    class Meta:
        verbose_name = _("sáng kiến gắn với đề nghị")
        verbose_name_plural = _("sáng kiến gắn với đề nghị")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "initiative"],
                name="proposalinitiative_once",
                violation_error_message=_("Sáng kiến này đã gắn với đề nghị."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id} — {self.initiative}"
