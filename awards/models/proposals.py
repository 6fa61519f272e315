"""Award proposals (đề nghị khen thưởng), their dossier and attachments, and the states they go through.

A proposal names exactly one nominee (a unit or a person); a nominee has at most one live proposal for an
award type, year and kind.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from clusters.models import EmulationGroup, Person, Unit
from clusters.text import TEXT_MAX_LENGTH, length_at_most

from .catalogue import AwardType, RuleSet


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


class ProposalKind(models.TextChoices):
    """The seven kinds of commendation (loại hình khen thưởng) the statutory forms count (Thông tư 02/2023/TT-BNV,
    forms 0602–0603; Law on Emulation and Commendation 2022, Art. 4)."""

    ANNUAL = "annual", _("Khen thưởng thường xuyên (hằng năm)")
    THEMATIC = "thematic", _("Khen thưởng theo chuyên đề")
    AD_HOC = "ad_hoc", _("Khen thưởng đột xuất")
    DEDICATION = "dedication", _("Khen thưởng quá trình cống hiến")
    SENIORITY = "seniority", _("Khen thưởng theo niên hạn")
    RESISTANCE = "resistance", _("Khen thưởng thành tích kháng chiến")
    FOREIGN = "foreign", _("Khen thưởng đối ngoại")


#: The kinds that count years of service.
SERVICE_KINDS = ["dedication", "seniority"]


class RecipientCategory(models.TextChoices):
    """Who received an award, in the categories of the statutory forms (Thông tư 02/2023/TT-BNV, forms 0602–0603):
    collectives (enterprises apart), households, and individuals by position. Recorded on the proposal and copied
    to the award record, because a person's position changes and the forms count the position when awarded."""

    COLLECTIVE = "collective", _("Tập thể")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    HOUSEHOLD = "household", _("Hộ gia đình")
    LEADER_CENTRAL = "leader_central", _("Lãnh đạo bộ, ban, ngành, tỉnh")
    LEADER_DEPARTMENT = "leader_department", _("Lãnh đạo vụ, cục, sở, ban, ngành và tương đương")
    BUSINESS_PERSON = "business_person", _("Doanh nhân")
    LEADER_DIVISION = "leader_division", _("Lãnh đạo từ phó trưởng phòng trở lên")
    DIRECT_WORKER = "direct_worker", _("Công nhân, nông dân, người lao động trực tiếp")
    OTHER_INDIVIDUAL = "other_individual", _("Cá nhân khác")


#: The categories of collectives, and of individuals.
COLLECTIVE_CATEGORIES = frozenset(
    {RecipientCategory.COLLECTIVE, RecipientCategory.ENTERPRISE, RecipientCategory.HOUSEHOLD}
)
INDIVIDUAL_CATEGORIES = frozenset(set(RecipientCategory) - COLLECTIVE_CATEGORIES)
#: The leaders' levels, which the people register does not hold: the proposer chooses one.
LEADER_CATEGORIES = frozenset(
    {RecipientCategory.LEADER_CENTRAL, RecipientCategory.LEADER_DEPARTMENT, RecipientCategory.LEADER_DIVISION}
)


def default_recipient_category(*, unit=None, person=None) -> str:
    """The category a nominee falls in when nobody has said otherwise: a household or an enterprise by its unit's
    register entry, any other unit a collective; a direct worker or another individual by the person's category.
    A leader's level (ministry or province, department, division) is not in the register: "" until someone
    chooses it (the statistics list such records for fixing)."""
    from clusters.models import PersonCategory, UnitKind

    if unit is not None:
        if unit.kind == UnitKind.HOUSEHOLD:
            return RecipientCategory.HOUSEHOLD
        return RecipientCategory.ENTERPRISE if unit.is_enterprise else RecipientCategory.COLLECTIVE
    if person is not None:
        return {
            PersonCategory.DIRECT_WORKER: RecipientCategory.DIRECT_WORKER,
            PersonCategory.OTHER: RecipientCategory.OTHER_INDIVIDUAL,
        }.get(person.category, "")
    return ""


def _category_fits_nominee(name: str, unit_field: str) -> models.CheckConstraint:
    """A collective's category for a unit nominee, an individual's for a person ("" = not yet classified)."""
    return models.CheckConstraint(
        condition=Q(recipient_category="")
        | (Q(**{f"{unit_field}__isnull": False}) & Q(recipient_category__in=sorted(COLLECTIVE_CATEGORIES)))
        | (Q(**{f"{unit_field}__isnull": True}) & Q(recipient_category__in=sorted(INDIVIDUAL_CATEGORIES))),
        name=name,
        violation_error_message=_("Phân loại đối tượng không khớp: tập thể, hộ gia đình hay cá nhân."),
    )


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
    recipient_category = models.CharField(
        _("phân loại đối tượng"),
        max_length=20,
        choices=RecipientCategory.choices,
        blank=True,
        help_text=_("Theo biểu thống kê khen thưởng: tập thể, doanh nghiệp, hộ gia đình, hoặc chức vụ của cá nhân."),
    )
    #: What some kinds need and no other does (marked so on the form): years of service for niên hạn and cống hiến,
    #: a foreign nominee's nationality for đối ngoại.
    service_years = models.PositiveSmallIntegerField(
        _("số năm công tác"),
        null=True,
        blank=True,
        help_text=_("Chỉ ghi khi khen thưởng theo niên hạn hoặc quá trình cống hiến."),
    )
    nationality = models.CharField(
        _("quốc tịch"),
        max_length=100,
        blank=True,
        help_text=_("Chỉ ghi khi khen thưởng đối ngoại: quốc tịch của tập thể, cá nhân nước ngoài."),
    )
    dossier = models.ForeignKey(
        "Dossier",  # awards.models.dossiers (which imports this module)
        verbose_name=_("hồ sơ đề nghị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lines",
    )
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
        "Submission",  # awards.models.workflow (which imports this module)
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
    achievements = models.TextField(_("báo cáo thành tích"), blank=True, max_length=TEXT_MAX_LENGTH)
    justification = models.TextField(
        _("giải trình"), blank=True, max_length=5000, help_text=_("Bắt buộc khi đề nghị không đạt một điều kiện.")
    )
    initiative_level = models.CharField(
        _("sáng kiến, đề tài được công nhận"), max_length=20, choices=InitiativeLevel.choices, blank=True
    )
    initiative = models.CharField(_("tên sáng kiến, đề tài"), max_length=500, blank=True)
    #: The nominee's recognised initiatives from the register (issue 19 item 2), which the Chiến sĩ thi đua rules read.
    initiatives = models.ManyToManyField(
        "Initiative",
        through="ProposalInitiative",
        verbose_name=_("sáng kiến, đề tài trong sổ"),
        blank=True,
        related_name="proposals",
    )
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
    #: The nominee's name (the person's or the collective's) lower-cased without diacritics, copied by the database on
    #: every write of the proposal's nominee and of that person's or unit's name (triggers of migration
    #: awards.0022; SQLite: awards/apps.py), with a trigram index: the proposal search finds its nominees on the
    #: proposal's own row instead of joining every proposal with its person (issue 16).
    nominee_folded = models.TextField(_("tên người, tập thể được đề nghị không dấu"), default="", editable=False)

    #: The searches compare the stored folded name (`clusters.search.folded_of`).
    FOLDED_COLUMNS = {"nominee": "nominee_folded"}

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-year", "-created_at", "-id"]
        constraints = [
            length_at_most("achievements", TEXT_MAX_LENGTH, name="proposal_achievements_length"),
            length_at_most("justification", 5000, name="proposal_justification_length"),
            _exactly_one_nominee("proposal_exactly_one_nominee", "nominee_unit", "nominee_person"),
            _category_fits_nominee("proposal_category_fits_nominee", "nominee_unit"),
            _year_plausible("proposal_year_plausible"),
            models.CheckConstraint(
                condition=Q(service_years__isnull=True) | (Q(service_years__lte=80) & Q(kind__in=SERVICE_KINDS)),
                name="proposal_service_years_for_service_kinds",
                violation_error_message=_("Số năm công tác chỉ ghi khi khen thưởng theo niên hạn hoặc cống hiến."),
            ),
            models.CheckConstraint(
                condition=Q(nationality="") | Q(kind="foreign"),
                name="proposal_nationality_for_foreign",
                violation_error_message=_("Quốc tịch chỉ ghi khi khen thưởng đối ngoại."),
            ),
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
            models.CheckConstraint(
                condition=Q(decision_date__isnull=True) | Q(decision_date__gte=F("proposal_date")),
                name="proposal_decided_after_proposed",
                violation_error_message=_("Ngày quyết định không được trước ngày đề nghị."),
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
