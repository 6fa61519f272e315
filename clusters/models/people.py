"""People, and the one model of a human that people and accounts share (`Individual`)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..names import VietnameseCollate, given_name_of, honorific, normalize_name
from ..search import folded_copy
from .units import Unit


class PersonCategory(models.TextChoices):
    LEADER = "leader", _("Lãnh đạo, quản lý")
    DIRECT_WORKER = "direct_worker", _("Người lao động trực tiếp")
    OTHER = "other", _("Công chức, viên chức khác")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class Individual(models.Model):
    """What the app knows of a human, shared by `Person` (people who may be proposed for awards) and
    `accounts.User`: the full name as written, in Vietnamese order (Họ và tên), the given name (Tên) lists sort
    by, gender (Ông/Bà on certificates and decisions), date of birth (or only the year when that is all that is
    known), position, and the citizen ID (CCCD, 12 digits) and civil-servant code, each unique where given.
    `individual_constraints()` holds the invariants for the concrete models' Meta."""

    full_name = models.CharField(_("họ và tên"), max_length=150)
    given_name = models.CharField(
        pgettext_lazy("given name", "tên"),
        max_length=50,
        blank=True,
        help_text=_("Tên dùng để sắp xếp danh sách. Để trống: lấy chữ cuối của họ và tên."),
    )
    gender = models.CharField(_("giới tính"), max_length=6, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(
        _("năm sinh"), null=True, blank=True, help_text=_("Khi chỉ biết năm sinh. Có ngày sinh thì lấy theo ngày sinh.")
    )
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    citizen_id = models.CharField(_("số CCCD"), max_length=12, blank=True, help_text=_("Căn cước công dân: 12 chữ số."))
    civil_servant_code = models.CharField(_("mã số công chức, viên chức"), max_length=20, blank=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.tidy_name()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.tidy_name()

    def tidy_name(self) -> None:
        """Tidy the spaces of the names, derive the given name when none is stated, and the birth year from the
        date of birth."""
        self.full_name = normalize_name(self.full_name)
        self.given_name = normalize_name(self.given_name) or given_name_of(self.full_name)
        self.citizen_id = (self.citizen_id or "").strip()
        self.civil_servant_code = (self.civil_servant_code or "").strip()
        if self.birth_date:
            self.birth_year = self.birth_date.year

    @property
    def honorific(self) -> str:
        """The title before the name: "Ông" or "Bà" (certificates, decision lists)."""
        return honorific(self.gender)


def individual_constraints(prefix: str) -> list:
    """The invariants of an `Individual`, named `<prefix>_…`."""
    return [
        models.CheckConstraint(
            condition=Q(full_name="") | ~Q(given_name=""),
            name=f"{prefix}_given_name_stated",
            violation_error_message=_("Thiếu tên (chữ cuối của họ và tên)."),
        ),
        models.CheckConstraint(
            condition=Q(gender__in=["", *Gender.values]),
            name=f"{prefix}_gender_valid",
        ),
        models.CheckConstraint(
            condition=Q(birth_year__isnull=True) | (Q(birth_year__gte=1900) & Q(birth_year__lte=2100)),
            name=f"{prefix}_birth_year_plausible",
            violation_error_message=_("Năm sinh không hợp lệ."),
        ),
        models.CheckConstraint(
            condition=Q(birth_date__isnull=True) | Q(birth_year=F("birth_date__year")),
            name=f"{prefix}_birth_year_of_birth_date",
            violation_error_message=_("Năm sinh phải khớp với ngày sinh."),
        ),
        models.CheckConstraint(
            condition=Q(citizen_id="") | Q(citizen_id__regex=r"^[0-9]{12}$"),
            name=f"{prefix}_citizen_id_12_digits",
            violation_error_message=_("Số CCCD gồm đúng 12 chữ số."),
        ),
        models.UniqueConstraint(
            fields=["citizen_id"],
            condition=~Q(citizen_id=""),
            name=f"{prefix}_citizen_id_unique",
            violation_error_message=_("Số CCCD này đã có người dùng."),
        ),
        models.UniqueConstraint(
            fields=["civil_servant_code"],
            condition=~Q(civil_servant_code=""),
            name=f"{prefix}_civil_servant_code_unique",
            violation_error_message=_("Mã số công chức, viên chức này đã có người dùng."),
        ),
    ]


class Person(Individual):
    """A person who may be proposed for individual awards."""

    #: The searches compare the stored folded name and position (`clusters.search.folded_of`).
    FOLDED_COLUMNS = {"full_name": "folded_name", "position": "folded_position"}

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="people")
    category = models.CharField(
        _("đối tượng"), max_length=20, choices=PersonCategory.choices, default=PersonCategory.OTHER
    )
    is_ethnic_minority = models.BooleanField(_("người dân tộc thiểu số"), default=False)
    is_active = models.BooleanField(_("đang công tác"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    #: The name lower-cased without diacritics (`clusters.search.fold`), computed and stored by the database on
    #: every write (a generated column), with a trigram index on PostgreSQL (migration 0014): the people search
    #: and the searches that find their people first compare it as it is stored instead of folding each name.
    folded_name = folded_copy("full_name", _("tên không dấu"))
    #: The position likewise (migration 0024): a common word checked on each person a name search has found
    #: ("van" for the tens of thousands of "nguyen") folded each one's position again (issue 16).
    folded_position = folded_copy("position", _("chức vụ không dấu"))

    class Meta:
        verbose_name = _("cá nhân")
        verbose_name_plural = _("cá nhân")
        ordering = [VietnameseCollate("given_name").asc(), VietnameseCollate("full_name").asc(), "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(full_name=""), name="person_full_name_stated"),
            *individual_constraints("person"),
        ]
        # and, PostgreSQL only, person_vi_order on the list order (migration 0005)
        indexes = [
            models.Index(fields=["unit", "full_name"]),
            # the keys of a list of many units' people, read without the table (an index-only scan) to be sorted:
            # a province's reviewer's deep page sorted 35,000 people read from 10,000 pages of the table (issue 16)
            models.Index(fields=["unit", "given_name", "full_name", "id"], name="person_unit_names"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("clusters:person_detail", args=[self.pk])

    @property
    def is_leader(self) -> bool:
        return self.category == PersonCategory.LEADER
