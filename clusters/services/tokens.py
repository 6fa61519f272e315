"""Writes of API tokens (issue 20 item 1): a board's administrator gives another system a service account and its
token, and revokes it. Keyword-only, each in one transaction, each leaving an audit row.

The service account is a `User` with a role and a unit like any account (`is_service`, no password): a token "as a
specialist of the board" reads what the board's reviewers read, one "as a unit's staff" reads that unit's data and
submits its proposal dossiers, each under the same rules as the pages. The token itself is shown once; only its
SHA-256 is kept."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import ApiToken, Role, Unit, UnitKind, User
from ..rules import require
from ..selectors.accounts import account_units
from ..selectors.tokens import key_hash
from .audit import record_audit

#: The roles a service account acts in: a specialist of the board (reads its jurisdiction), a unit's staff.
SERVICE_ROLES = {
    Role.REVIEWER: gettext_lazy("Như chuyên viên của Ban (đọc dữ liệu thuộc phạm vi của Ban)"),
    Role.STAFF: gettext_lazy("Như cán bộ thi đua của một đơn vị (đọc dữ liệu, nộp hồ sơ của đơn vị)"),
}
TOKEN_PREFIX = "td_"


def _board_of(actor: User, board: Unit | None) -> Unit:
    board = board if actor.is_system_admin else actor.unit
    if board is None or board.kind not in (UnitKind.BOARD, UnitKind.CENTRAL):
        raise ValidationError({"board": _("Hãy chọn Ban Thi đua - Khen thưởng sở hữu mã truy cập.")})
    return board


@transaction.atomic
def token_create(
    *, actor: User, name: str, role: str, unit: Unit | None = None, board: Unit | None = None
) -> tuple[ApiToken, str]:
    """A service account acting as `role` (at the board for a specialist, at `unit` for a unit's staff) and its
    token: returns the token row and the token itself, which is never shown again."""
    require(actor, "clusters.manage_api_tokens")
    board = _board_of(actor, board)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Hãy nhập tên hệ thống sử dụng mã.")})
    if role not in SERVICE_ROLES:
        message = _("Tài khoản dịch vụ chỉ được cấp vai trò chuyên viên của Ban hoặc cán bộ đơn vị.")
        raise ValidationError({"role": message})
    if role == Role.REVIEWER:
        unit = board
    elif unit is None or not account_units(board).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("Đơn vị này không thuộc phạm vi quản lý của Ban.")})
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    account = User(
        username=f"api.{board.pk}.{secrets.token_hex(6)}",
        full_name=name[:150],
        role=role,
        unit=unit,
        is_service=True,
    )
    account.set_unusable_password()
    account.full_clean(exclude=["password"])
    account.save()
    token = ApiToken(board=board, account=account, name=name, prefix=key[:10], key_hash=key_hash(key), created_by=actor)
    token.full_clean()
    token.save()
    record_audit(
        actor=actor,
        action="api_token.create",
        target=token,
        unit=board,
        summary=_("Cấp mã truy cập API %(prefix)s… cho %(name)s (%(role)s, %(unit)s)")
        % {"prefix": token.prefix, "name": name, "role": SERVICE_ROLES[role], "unit": unit.name},
        data={"account": account.username, "role": role, "unit": unit.pk},
    )
    return token, key


@transaction.atomic
def token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke the token and deactivate its service account: the next request with it answers 401."""
    token = ApiToken.objects.select_for_update().select_related("account", "board").get(pk=token.pk)
    require(actor, "clusters.change_apitoken", token)
    if token.revoked_at is not None:
        raise ValidationError(_("Mã truy cập này đã bị thu hồi."))
    token.revoked_at, token.revoked_by = timezone.now(), actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    User.objects.filter(pk=token.account_id).update(is_active=False)
    record_audit(
        actor=actor,
        action="api_token.revoke",
        target=token,
        unit=token.board,
        summary=_("Thu hồi mã truy cập API %(prefix)s… của %(name)s") % {"prefix": token.prefix, "name": token.name},
    )
    return token
