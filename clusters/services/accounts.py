"""Writes of accounts: keyword-only, each in one transaction, each leaving an audit row."""

from __future__ import annotations

import datetime

from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ..models import Role, Unit, User
from ..rules import require
from .audit import record_audit


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str,
    role: str,
    unit: Unit | None,
    full_name: str = "",
    given_name: str = "",
    email: str = "",
    position: str = "",
    password_hash: str | None = None,
    **identity,
) -> User:
    """A new account. `full_name` is the name as written, in Vietnamese order ("Nguyễn Đình Đức"); `given_name`
    defaults to its last word; `identity` may add gender, birth_date, birth_year, citizen_id, civil_servant_code."""
    user = User(
        username=username,
        role=role,
        unit=unit,
        full_name=full_name,
        given_name=given_name,
        email=email,
        position=position,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
        **identity,
    )
    if password_hash:  # an already hashed password (demo accounts share one, hashed once)
        user.password = password_hash
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record_audit(actor=actor, action="user.create", target=user, summary=username, unit=unit)
    return user


# --- Signing password: its own lock, never the login's ------------------------------------------------------
def signing_password_confirm(*, user: User, password: str) -> None:
    """Check the password a leader types to sign. Wrong `settings.SIGNING_FAILURE_LIMIT` times in a row, signing
    is refused for `settings.SIGNING_LOCK_MINUTES` (the login is not touched); a right one clears the count.

    Not in a transaction of the caller's: a wrong password is counted even though the signing is refused."""
    now = timezone.now()
    user.refresh_from_db(fields=["signing_failures", "signing_locked_until"])
    if user.signing_locked_until and user.signing_locked_until > now:
        until = formats.time_format(timezone.localtime(user.signing_locked_until), "H:i")
        raise ValidationError(
            {
                "password": _(
                    "Bạn đã nhập sai mật khẩu ký %(limit)s lần liên tiếp. Chức năng ký tạm khóa đến %(until)s; "
                    "quản trị của Ban Thi đua - Khen thưởng có thể mở khóa sớm hơn. Việc đăng nhập không bị ảnh hưởng."
                )
                % {"limit": settings.SIGNING_FAILURE_LIMIT, "until": until}
            }
        )
    if user.check_password(password or ""):
        if user.signing_failures or user.signing_locked_until:
            User.objects.filter(pk=user.pk).update(signing_failures=0, signing_locked_until=None)
        return
    User.objects.filter(pk=user.pk).update(signing_failures=F("signing_failures") + 1)
    user.refresh_from_db(fields=["signing_failures"])
    if user.signing_failures >= settings.SIGNING_FAILURE_LIMIT:
        locked_until = now + datetime.timedelta(minutes=settings.SIGNING_LOCK_MINUTES)
        User.objects.filter(pk=user.pk).update(signing_failures=0, signing_locked_until=locked_until)
        record_audit(
            actor=user,
            action="user.signing_locked",
            target=user,
            unit=user.unit,
            summary=_("Tạm khóa chức năng ký sau %(limit)s lần nhập sai mật khẩu")
            % {"limit": settings.SIGNING_FAILURE_LIMIT},
        )
    raise ValidationError({"password": _("Mật khẩu không đúng.")})


# --- Unlocking ----------------------------------------------------------------------------------------------
@transaction.atomic
def unlock_account(*, actor: User | None, user: User) -> None:
    """Clear the login lock (django-axes' failed attempts for this username) and the signing lock (audited)."""
    require(actor, "clusters.unlock_account", user)
    axes_reset(username=user.get_username())
    User.objects.filter(pk=user.pk).update(signing_failures=0, signing_locked_until=None)
    user.signing_failures, user.signing_locked_until = 0, None
    record_audit(
        actor=actor,
        action="user.unlock",
        target=user,
        unit=user.unit,
        summary=_("Mở khóa tài khoản %(username)s") % {"username": user.get_username()},
    )
