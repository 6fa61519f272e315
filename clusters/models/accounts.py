"""Accounts: users and their roles. Every user but a system admin belongs to a unit."""

from __future__ import annotations

import rules
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..search import folded_copy
from .people import Individual, individual_constraints
from .units import Unit


class Role(models.TextChoices):
    STAFF = "staff", _("Cán bộ thi đua của đơn vị")
    LEADER = "leader", _("Lãnh đạo đơn vị")
    REVIEWER = "reviewer", _("Chuyên viên thẩm định (Ban Thi đua - Khen thưởng)")
    #: Manages, in the app, the accounts of the leaders and staff of the units in its board's jurisdiction.
    BOARD_ADMIN = "board_admin", _("Quản trị của Ban Thi đua - Khen thưởng")
    ADMIN = "admin", _("Quản trị hệ thống")


class User(Individual, AbstractUser):
    """An account. Every user but a system admin belongs to a unit.

    Its holder's name and identity are those of every human in the app (`people.Individual`): the full name in
    Vietnamese order, the given name lists sort by, gender, date of birth, position, CCCD and civil-servant
    code. Django's first_name/last_name are gone: a name split in two was shown reversed ("Đức Nguyễn Đình")
    wherever the parts were entered in Django's order.
    """

    first_name = None
    last_name = None
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices, default=Role.STAFF)
    #: Wrong signing passwords in a row, and until when signing is refused after too many. Signing has its own
    #: lock: guessing at the signing form never locks the login (django-axes counts login attempts only).
    signing_failures = models.PositiveSmallIntegerField(_("số lần nhập sai mật khẩu ký"), default=0)
    signing_locked_until = models.DateTimeField(_("tạm khóa ký đến"), null=True, blank=True)
    #: A service account (issue 20): another system reading and writing through the API with a token
    #: (`clusters.models.tokens.ApiToken`), under the same rules as a user of its unit and role. It has no password
    #: and never signs in to the pages.
    is_service = models.BooleanField(_("tài khoản dịch vụ (API)"), default=False)
    #: The account's name, username and e-mail lower-cased without diacritics (`clusters.search.fold`), stored by
    #: the database on every write (generated columns) with a trigram index each on PostgreSQL (migration 0021):
    #: the accounts list's search compares them as they are stored instead of folding three columns of every
    #: account for each word typed (issue 16: 40,000 accounts at scale 10, ~0.4 s per query).
    folded_name = folded_copy("full_name", _("tên không dấu"))
    folded_username = folded_copy("username", _("tên đăng nhập không dấu"))
    folded_email = folded_copy("email", _("e-mail không dấu"))
    FOLDED_COLUMNS = {"full_name": "folded_name", "username": "folded_username", "email": "folded_email"}

    class Meta(AbstractUser.Meta):
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=Q(role=Role.ADMIN) | Q(unit__isnull=False),
                name="user_non_admin_has_unit",
                violation_error_message=_("Người dùng (trừ quản trị hệ thống) phải thuộc một đơn vị."),
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="user_role_valid"),
            models.CheckConstraint(  # leaders sign pledges and are reminded by e-mail
                condition=~Q(role=Role.LEADER) | ~Q(email=""),
                name="user_leader_has_email",
                violation_error_message=_("Tài khoản lãnh đạo đơn vị phải có địa chỉ e-mail."),
            ),
            *individual_constraints("user"),
            models.CheckConstraint(  # an unusable password starts with "!": a service account cannot sign in
                condition=Q(is_service=False) | Q(password__startswith="!"),
                name="user_service_account_has_no_password",
                violation_error_message=_("Tài khoản dịch vụ (API) không có mật khẩu và không đăng nhập trang web."),
            ),
        ]

    @property
    def is_system_admin(self) -> bool:
        return self.is_active and (self.role == Role.ADMIN or self.is_superuser)

    def has_perm(self, perm, obj=None) -> bool:
        """A superuser gets no blanket pass on the permissions our `rules` define.

        Django lets an active superuser through every permission check. The rules already grant
        system admins what they may do; what they leave out are acts that belong to a unit's own
        people: signing a pledge, voting in a ballot, entering and sending a self-assessment,
        sending proposals up. Those stay refused for a superuser too.
        """
        if self.is_active and self.is_superuser and rules.perm_exists(perm):
            return rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def get_full_name(self) -> str:
        """The full name as written, in Vietnamese order: "Nguyễn Đình Đức"."""
        return self.full_name

    def get_short_name(self) -> str:
        return self.given_name

    def display_name(self) -> str:
        return self.full_name or self.username


class SubmissionToken(models.Model):
    """A creating form's one-time token, written in the transaction that created the object
    (`clusters.concurrency.create_once`): a repeat of the same POST goes to `url` instead of creating again."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    #: A digest of what the form sent: the same token with other content (two tabs of one cached page) creates.
    content = models.CharField(max_length=64)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("mã gửi biểu mẫu")
        verbose_name_plural = _("mã gửi biểu mẫu")
        constraints = [
            models.UniqueConstraint(fields=["user", "token", "content"], name="submission_token_unique_per_user")
        ]

    def __str__(self) -> str:
        return self.token
