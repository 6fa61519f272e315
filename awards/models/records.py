"""Award records: who received what, for which year, by which decision.

An award record names exactly one nominee (a unit or a person) and is not entered twice for the same decision.
A record granted by an issued `Decision` carries the number of its authority's register (số vào sổ), unique per
authority and year. A revoked record (thu hồi) stays in the table but `AwardRecord.objects` no longer sees it: it
drops out of the eligibility history, the counts and the searches; `AwardRecord.all_objects` still does.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clusters.models import Person, Unit

from .catalogue import AwardType
from .proposals import (
    ProposalKind,
    RecipientCategory,
    _category_fits_nominee,
    _exactly_one_nominee,
    _year_plausible,
    default_recipient_category,
)


class InForceManager(models.Manager):
    """Records in force: not revoked."""

    def get_queryset(self):
        return super().get_queryset().filter(revoked_at__isnull=True)


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
    #: The kind of commendation and the recipient's category the statutory forms count by; copied from the proposal
    #: when a decision grants it, entered or imported otherwise; "" = not classified (listed for fixing).
    kind = models.CharField(_("loại khen thưởng"), max_length=12, choices=ProposalKind.choices, blank=True)
    recipient_category = models.CharField(
        _("phân loại đối tượng"), max_length=20, choices=RecipientCategory.choices, blank=True
    )
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
    decision = models.ForeignKey(
        "Decision",
        verbose_name=_("quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="records",
    )
    register_authority = models.ForeignKey(
        Unit, verbose_name=_("sổ vàng của"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    register_year = models.PositiveSmallIntegerField(_("năm vào sổ"), null=True, blank=True)
    register_number = models.PositiveIntegerField(_("số vào sổ"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revocation_reason = models.TextField(_("lý do thu hồi"), blank=True, max_length=2000)
    revoked_by_number = models.CharField(_("số quyết định thu hồi"), max_length=100, blank=True)
    revoked_by_date = models.DateField(_("ngày quyết định thu hồi"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: The award type's rank, copied by the database on every write of the record or of its award type's rank
    #: (triggers of migration awards.0013), so that the award history's order (year, rank, id) is one index.
    award_rank = models.PositiveSmallIntegerField(null=True, editable=False)

    #: Every record, revoked ones included (the decision's page, the register, revocation).
    all_objects = models.Manager()
    #: The default manager (Meta.default_manager_name): records in force only; revoked ones drop out of the
    #: eligibility history, the counts and the searches.
    objects = InForceManager()

    class Meta:
        verbose_name = _("khen thưởng đã nhận")
        verbose_name_plural = _("khen thưởng đã nhận")
        ordering = ["-year", "-award_rank", "id"]
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(
                fields=["register_authority", "register_year", "register_number"],
                condition=Q(register_number__isnull=False),
                name="awardrecord_register_number_unique",
                violation_error_message=_("Số vào sổ này đã được dùng."),
            ),
            models.CheckConstraint(
                condition=Q(register_number__isnull=True)
                | (Q(register_authority__isnull=False) & Q(register_year__isnull=False)),
                name="awardrecord_register_number_with_register",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | (~Q(revocation_reason="") & ~Q(revoked_by_number="")),
                name="awardrecord_revoked_has_reason",
                violation_error_message=_("Thu hồi khen thưởng phải có lý do và số quyết định thu hồi."),
            ),
            _exactly_one_nominee("awardrecord_exactly_one_nominee", "nominee_unit", "nominee_person"),
            _category_fits_nominee("awardrecord_category_fits_nominee", "nominee_unit"),
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
        indexes = [
            models.Index(fields=["award_type", "year"]),
            models.Index(fields=["year"]),
            # the list's order, carrying what the read rule (`record_scope`) checks: a reviewer's deep page walks
            # the order's index past the records of other provinces without reading the table (issue 16: a
            # province's reviewer's last counted page read 600,000 records' rows at scale 10, 220 ms; 60-75 ms)
            models.Index(
                fields=["-year", "-award_rank", "id"],
                include=["nominee_unit", "nominee_person", "revoked_at"],
                name="awardrecord_history_order",
            ),
            # the decision list (awards:decision_list) reads a decision's records by its number: without it, every
            # record (issue 16: 160 ms at scale 1, ten times that at scale 10)
            models.Index(fields=["decision_number"], name="awardrecord_decision_number"),
        ]

    def __str__(self) -> str:
        return f"{self.award_type} {self.year} — {self.nominee}"

    @classmethod
    def for_proposal(cls, proposal, *, number: str, date, authority: str, **fields) -> AwardRecord:
        """The (unsaved) record a decision on `proposal` grants: its nominee, award and year, with the decision's
        number, date and authority (and `fields`: the decision, the register's number...)."""
        return cls(
            nominee_unit=proposal.nominee_unit,
            nominee_person=proposal.nominee_person,
            award_type=proposal.award_type,
            year=proposal.year,
            kind=proposal.kind,
            recipient_category=proposal.recipient_category
            or default_recipient_category(unit=proposal.nominee_unit, person=proposal.nominee_person),
            decision_number=number,
            decision_date=date,
            decision_authority=authority,
            proposal=proposal,
            **fields,
        )

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def golden_book_number(self) -> str:
        """The number printed as "Số sổ vàng": the register number (with its year), else the row's id (records
        entered before decisions were kept)."""
        if self.register_number:
            return f"{self.register_number}/{self.register_year}"
        return str(self.pk)

    @property
    def nominee(self):
        return self.nominee_unit or self.nominee_person

    @property
    def nominee_name(self) -> str:
        return self.nominee_unit.name if self.nominee_unit_id else self.nominee_person.full_name
