"""API tokens (issue 20 item 1): a board's administrator gives another system (the province's LGSP, the civil-servant
database) a service account and its token. The service account is a `User` (`is_service`, no password) with a role
and a unit, so the API reads and writes under the same rules as a user of that unit and role; the token is kept
only as its SHA-256 (it is shown once, when created) and is revoked, never deleted, so the audit keeps its name."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .accounts import User
from .units import Unit


class ApiToken(models.Model):
    board = models.ForeignKey(
        Unit, verbose_name=_("ban thi đua - khen thưởng"), on_delete=models.PROTECT, related_name="api_tokens"
    )
    account = models.OneToOneField(
        User, verbose_name=_("tài khoản dịch vụ"), on_delete=models.PROTECT, related_name="api_token"
    )
    name = models.CharField(_("tên hệ thống sử dụng"), max_length=200)
    #: The token's first characters, shown in the list to tell tokens apart (never enough to use it).
    prefix = models.CharField(_("tiền tố"), max_length=16)
    key_hash = models.CharField(_("SHA-256 của mã"), max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    revoked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")
        ordering = ["board_id", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(key_hash__regex=r"^[0-9a-f]{64}$"),
                name="api_token_key_hash_is_sha256",
                violation_error_message=_("Mã truy cập chỉ được lưu dưới dạng băm SHA-256."),
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_by__isnull=False),
                name="api_token_revoked_by_someone",
                violation_error_message=_("Mã truy cập bị thu hồi phải ghi người thu hồi."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
