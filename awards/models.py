"""Titles, award forms, award records, proposals and their review.

The law changes over time, so the catalogue and every eligibility rule carry
their legal basis and the dates they are in force; a proposal is evaluated
against the rule set in force on its date (Decree 98/2023 until 30/6/2025,
Decree 152/2025 from 1/7/2025).

Invariants live in the database:
- an award record and a proposal name exactly one nominee (a unit or a person);
- a nominee has at most one live proposal for an award type and year;
- an award record is not entered twice for the same decision;
- rule sets and catalogue entries have ordered validity periods.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from clusters.models import EmulationGroup, Person, Unit


def _period_ordered(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(effective_to__isnull=True)
        | Q(effective_from__isnull=True)
        | Q(effective_to__gte=F("effective_from")),
        name=name,
        violation_error_message=_("Ngày hết hiệu lực phải sau ngày có hiệu lực."),
    )


def _year_plausible(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(year__gte=1945) & Q(year__lte=2100), name=name, violation_error_message=_("Năm không hợp lệ.")
    )


def _exactly_one_nominee(name: str, unit_field: str, person_field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(**{f"{unit_field}__isnull": False}) & Q(**{f"{person_field}__isnull": True}))
        | (Q(**{f"{unit_field}__isnull": True}) & Q(**{f"{person_field}__isnull": False})),
        name=name,
        violation_error_message=_("Phải chọn đúng một đối tượng: một tập thể hoặc một cá nhân."),
    )


# --- Catalogue ------------------------------------------------------------------------------------
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
    (consecutive years, prerequisite titles, percentages, vote thresholds), editable by admins.
    """

    rule_set = models.ForeignKey(RuleSet, verbose_name=_("bộ quy định"), on_delete=models.CASCADE, related_name="rules")
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), on_delete=models.CASCADE, related_name="rules"
    )
    check_code = models.CharField(_("phép kiểm tra"), max_length=40)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    article = models.CharField(_("điều khoản"), max_length=255)
    description = models.CharField(_("nội dung"), max_length=500)
    applies_to = models.CharField(
        _("áp dụng cho"), max_length=12, choices=AwardTarget.choices, default=AwardTarget.BOTH
    )
    unconfirmed = models.BooleanField(
        _("chưa đối chiếu văn bản"), default=False, help_text=_("Tham số cần đối chiếu lại với văn bản gốc.")
    )
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


# --- Award records ---------------------------------------------------------------------------------
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

    class Meta:
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = _("khen thưởng đã nhận")
        ordering = ["-year", "-award_type__rank", "id"]
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
        indexes = [models.Index(fields=["award_type", "year"]), models.Index(fields=["year"])]

    def __str__(self) -> str:
        return f"{self.award_type} {self.year} — {self.nominee}"

    @property
    def nominee(self):
        return self.nominee_unit or self.nominee_person

    @property
    def nominee_name(self) -> str:
        return self.nominee_unit.name if self.nominee_unit_id else self.nominee_person.full_name


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang xuất")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class RecordExport(models.Model):
    """An Excel export of award records too large to build within one request, built by a Celery task
    (`awards.tasks.build_record_export`): the filters it was asked with, who asked, the file."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    query = models.CharField(_("từ khóa"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    row_count = models.PositiveIntegerField(_("số dòng"), null=True, blank=True)
    file = models.FileField(_("tệp"), upload_to="exports/%Y/%m/", blank=True)
    error = models.CharField(_("lỗi"), max_length=500, blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # empty while the queue has not taken the request
    finished_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tệp xuất khen thưởng")
        verbose_name_plural = _("tệp xuất khen thưởng")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(file="") & Q(row_count__isnull=False)), name="done_export_has_file"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Xuất khen thưởng')} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("awards:record_export", args=[self.pk])


# --- Proposals -------------------------------------------------------------------------------------
class ProposalKind(models.TextChoices):
    ANNUAL = "annual", _("Khen thưởng thường xuyên (hằng năm)")
    AD_HOC = "ad_hoc", _("Khen thưởng đột xuất")
    THEMATIC = "thematic", _("Khen thưởng theo chuyên đề")
    SENIORITY = "seniority", _("Khen thưởng theo niên hạn")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    SUBMITTED = "submitted", _("Đã trình")
    UNDER_REVIEW = "under_review", _("Đang thẩm định")
    RETURNED = "returned", _("Trả lại để bổ sung")
    REJECTED = "rejected", _("Không chấp thuận")
    APPROVED = "approved", _("Đã thẩm định, đồng ý")
    DECIDED = "decided", _("Đã có quyết định")


class EligibilityStatus(models.TextChoices):
    PASSED = "passed", _("Đạt")
    FAILED = "failed", _("Không đạt")
    UNKNOWN = "unknown", _("Chưa xác định được")


class InitiativeLevel(models.TextChoices):
    NONE = "none", _("Không có")
    BASIC = "basic", _("Cấp cơ sở")
    MINISTRY_PROVINCE = "ministry_province", _("Cấp bộ, ban, ngành, tỉnh")
    NATIONAL = "national", _("Toàn quốc")


class Submission(models.Model):
    """The covering submission (tờ trình) that carries a batch of proposals up to the board."""

    proposing_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị trình"), on_delete=models.PROTECT, related_name="award_submissions"
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    number = models.CharField(_("số tờ trình"), max_length=100)
    title = models.CharField(_("trích yếu"), max_length=255)
    body = models.TextField(_("nội dung tờ trình"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("ngày trình"), default=timezone.now)

    class Meta:
        verbose_name = _("tờ trình")
        verbose_name_plural = _("tờ trình")
        ordering = ["-submitted_at"]
        constraints = [
            _year_plausible("submission_year_plausible"),
            models.UniqueConstraint(
                fields=["proposing_unit", "number"],
                name="submission_number_unique_per_unit",
                violation_error_message=_("Số tờ trình này đã được dùng."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class Proposal(models.Model):
    """An award proposal (đề nghị khen thưởng) and its dossier."""

    nominee_unit = models.ForeignKey(
        Unit, verbose_name=_("tập thể được đề nghị"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nominee_person = models.ForeignKey(
        Person,
        verbose_name=_("cá nhân được đề nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    award_type = models.ForeignKey(
        AwardType, verbose_name=_("danh hiệu, hình thức"), on_delete=models.PROTECT, related_name="proposals"
    )
    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    kind = models.CharField(_("loại khen thưởng"), max_length=12, choices=ProposalKind.choices, default="annual")
    status = FSMField(_("trạng thái"), max_length=16, choices=ProposalStatus.choices, default="draft")
    proposing_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị đề nghị"), on_delete=models.PROTECT, related_name="award_proposals"
    )
    source_group = models.ForeignKey(
        EmulationGroup,
        verbose_name=_("cụm, khối đề nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="award_proposals",
        help_text=_("Khi cụm, khối đề nghị theo kết quả bình xét, bỏ phiếu."),
    )
    submission = models.ForeignKey(
        Submission,
        verbose_name=_("tờ trình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    proposal_date = models.DateField(
        _("ngày đề nghị"),
        default=timezone.localdate,
        help_text=_("Điều kiện được xét theo bộ quy định có hiệu lực vào ngày này."),
    )
    achievements = models.TextField(_("báo cáo thành tích"), blank=True)
    justification = models.TextField(
        _("giải trình"), blank=True, help_text=_("Bắt buộc khi đề nghị không đạt một điều kiện.")
    )
    initiative_level = models.CharField(
        _("sáng kiến, đề tài được công nhận"), max_length=20, choices=InitiativeLevel.choices, blank=True
    )
    initiative = models.CharField(_("tên sáng kiến, đề tài"), max_length=500, blank=True)
    discipline_free = models.BooleanField(_("không có cá nhân bị kỷ luật từ cảnh cáo trở lên"), null=True, blank=True)
    council_members = models.PositiveSmallIntegerField(_("tổng số thành viên Hội đồng"), null=True, blank=True)
    council_votes_for = models.PositiveSmallIntegerField(_("số phiếu đồng ý"), null=True, blank=True)
    eligibility = models.JSONField(_("kết quả xét điều kiện"), default=list, blank=True)
    eligibility_status = models.CharField(
        _("kết quả điều kiện"), max_length=8, choices=EligibilityStatus.choices, blank=True
    )
    rule_set = models.ForeignKey(
        RuleSet,
        verbose_name=_("bộ quy định áp dụng"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_late = models.BooleanField(_("trình muộn"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("ngày trình"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_authority = models.CharField(_("cơ quan, người quyết định"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-year", "-created_at", "-id"]
        constraints = [
            _exactly_one_nominee("proposal_exactly_one_nominee", "nominee_unit", "nominee_person"),
            _year_plausible("proposal_year_plausible"),
            models.UniqueConstraint(
                fields=["nominee_unit", "award_type", "year", "kind"],
                condition=Q(nominee_unit__isnull=False) & ~Q(status="rejected"),
                name="proposal_unit_once_per_award_year",
                violation_error_message=_("Tập thể này đã được đề nghị danh hiệu, hình thức này trong năm."),
            ),
            models.UniqueConstraint(
                fields=["nominee_person", "award_type", "year", "kind"],
                condition=Q(nominee_person__isnull=False) & ~Q(status="rejected"),
                name="proposal_person_once_per_award_year",
                violation_error_message=_("Cá nhân này đã được đề nghị danh hiệu, hình thức này trong năm."),
            ),
            models.CheckConstraint(
                condition=Q(council_votes_for__isnull=True)
                | Q(council_members__isnull=True)
                | Q(council_votes_for__lte=F("council_members")),
                name="proposal_votes_within_council",
                violation_error_message=_("Số phiếu đồng ý không thể lớn hơn số thành viên Hội đồng."),
            ),
            models.CheckConstraint(
                condition=~Q(status="decided") | ~Q(decision_number=""),
                name="proposal_decided_has_decision_number",
                violation_error_message=_("Đề nghị đã có quyết định phải có số quyết định."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "year"]),
            models.Index(fields=["proposing_unit", "year"]),
            models.Index(fields=["award_type", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.award_type} {self.year} — {self.nominee_name}"

    def get_absolute_url(self) -> str:
        return reverse("awards:proposal_detail", args=[self.pk])

    @property
    def nominee(self):
        return self.nominee_unit or self.nominee_person

    @property
    def nominee_name(self) -> str:
        if self.nominee_unit_id:
            return self.nominee_unit.name
        return self.nominee_person.full_name if self.nominee_person_id else ""

    @property
    def unit_id(self) -> int:
        """The unit that owns the proposal, for `clusters.rules.belongs_to_object_unit`."""
        return self.proposing_unit_id

    @property
    def is_editable(self) -> bool:
        return self.status in (ProposalStatus.DRAFT, ProposalStatus.RETURNED)

    @property
    def failed_rules(self) -> list[dict]:
        return [r for r in self.eligibility or [] if r.get("status") == EligibilityStatus.FAILED]

    # --- Transitions: the services call these inside their transaction. -----------------------
    @transition(field=status, source=[ProposalStatus.DRAFT, ProposalStatus.RETURNED], target=ProposalStatus.SUBMITTED)
    def submit(self):
        self.submitted_at = timezone.now()

    @transition(field=status, source=ProposalStatus.SUBMITTED, target=ProposalStatus.UNDER_REVIEW)
    def start_review(self):
        pass

    @transition(
        field=status, source=[ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW], target=ProposalStatus.RETURNED
    )
    def return_for_changes(self):
        pass

    @transition(
        field=status, source=[ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW], target=ProposalStatus.REJECTED
    )
    def reject(self):
        pass

    @transition(
        field=status, source=[ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW], target=ProposalStatus.APPROVED
    )
    def approve(self):
        pass

    @transition(field=status, source=ProposalStatus.APPROVED, target=ProposalStatus.DECIDED)
    def decide(self, *, number: str, date, authority: str):
        self.decision_number = number
        self.decision_date = date
        self.decision_authority = authority


class ProposalEvent(models.Model):
    """The proposal's history: each transition and comment, with who and when."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=30)
    from_status = models.CharField(_("từ trạng thái"), max_length=16, choices=ProposalStatus.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=16, choices=ProposalStatus.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("ý kiến"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lịch sử đề nghị")
        verbose_name_plural = _("lịch sử đề nghị")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.action}"


class AttachmentKind(models.TextChoices):
    MINUTES = "minutes", _("Biên bản họp Hội đồng")
    BALLOT = "ballot", _("Kết quả bỏ phiếu")
    REPORT = "report", _("Báo cáo thành tích")
    PROOF = "proof", _("Minh chứng (sáng kiến, quyết định)")
    OTHER = "other", _("Tài liệu khác")


class ProposalAttachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("loại tài liệu"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(_("tệp"), upload_to="awards/%Y/%m/")
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("kiểu tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu kèm theo")
        verbose_name_plural = _("tài liệu kèm theo")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class SubmissionDeadline(models.Model):
    """The last day a kind of proposal (optionally one award type) may reach the board for a year."""

    year = models.PositiveSmallIntegerField(_("năm thành tích"))
    kind = models.CharField(_("loại khen thưởng"), max_length=12, choices=ProposalKind.choices)
    award_type = models.ForeignKey(
        AwardType,
        verbose_name=_("danh hiệu, hình thức"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadlines",
        help_text=_("Để trống: áp dụng cho mọi danh hiệu, hình thức của loại này."),
    )
    due_date = models.DateField(_("hạn trình"))
    note = models.CharField(_("căn cứ, ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("hạn trình hồ sơ")
        verbose_name_plural = _("hạn trình hồ sơ")
        ordering = ["-year", "kind"]
        constraints = [
            _year_plausible("deadline_year_plausible"),
            models.UniqueConstraint(
                fields=["year", "kind", "award_type"],
                condition=Q(award_type__isnull=False),
                name="deadline_once_per_kind_award",
                violation_error_message=_("Đã có hạn trình cho loại khen thưởng này."),
            ),
            models.UniqueConstraint(
                fields=["year", "kind"],
                condition=Q(award_type__isnull=True),
                name="deadline_once_per_kind",
                violation_error_message=_("Đã có hạn trình chung cho loại khen thưởng này."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}: {self.due_date:%d/%m/%Y}"
