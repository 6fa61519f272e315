"""Writes of accounts: keyword-only, each in one transaction, each leaving an audit row.

Boards' administrators (and the system admin) manage accounts in the app (`account_*`): no administrator ever
types a password; a new account gets an invitation e-mail with a one-time link to set its own password, and a
forgotten password another such link (Django's PasswordResetTokenGenerator: the link stops working once the
password is set).
"""

from __future__ import annotations

import datetime
import smtplib

from axes.utils import reset
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from ..concurrency import claim_state
from ..models import Role, Unit, User
from ..names import given_name_of, normalize_name
from ..rules import require
from ..selectors.accounts import BOARD_KINDS, BOARD_ROLES, account_version, assignable_roles, manageable_units
from .audit import apply_changes, record_audit


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


# --- Account management in the app ---------------------------------------------------------------------------
def name_fields(full_name: str) -> dict[str, str]:
    """The user's name fields for a full name as written ("Họ và tên", Vietnamese order): the name as written and
    its given name (Tên, its last word), the one place the form's single name input meets the model's fields."""
    full_name = normalize_name(full_name)
    return {"full_name": full_name, "given_name": given_name_of(full_name)}


def _check_role_and_unit(*, actor: User | None, role: str, unit: Unit | None) -> None:
    """The role is one `actor` may give, at a unit in their jurisdiction; boards' roles at a board, unit roles
    at a unit that is not a board."""
    if actor is not None:
        if role not in assignable_roles(actor):
            raise ValidationError({"role": _("Bạn không được cấp tài khoản với vai trò này.")})
        if unit is None or not manageable_units(actor).filter(pk=unit.pk).exists():
            raise ValidationError({"unit": _("Đơn vị này không thuộc phạm vi quản lý của bạn.")})
    if unit is None:
        raise ValidationError({"unit": _("Hãy chọn đơn vị của tài khoản.")})
    if role in BOARD_ROLES and unit.kind not in BOARD_KINDS:
        raise ValidationError({"unit": _("Vai trò này chỉ dành cho tài khoản của Ban Thi đua - Khen thưởng.")})
    if role not in BOARD_ROLES and unit.kind in BOARD_KINDS:
        raise ValidationError({"unit": _("Lãnh đạo và cán bộ thi đua phải thuộc một đơn vị, không phải Ban Thi đua.")})


def _check_email(email: str) -> None:
    """Every account made in the app has an e-mail: its invitation and password links, the leaders' signing
    and everyone's reminders go there (the database requires it of leaders: user_leader_has_email)."""
    if not email:
        message = _("Cần có địa chỉ e-mail: lời mời, ký giao ước và nhắc việc đều gửi qua e-mail.")
        raise ValidationError({"email": message})


def _send_password_link(*, user: User, site_url: str, invitation: bool) -> None:
    """E-mail `user` a one-time link to set their password: an invitation for a new account, else a reset."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "name": user.display_name(),
        "link": site_url.rstrip("/") + path,
        "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    template = "invitation" if invitation else "password_reset"
    subject = render_to_string(f"clusters/accounts/email/{template}_subject.txt", context)
    body = render_to_string(f"clusters/accounts/email/{template}.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except (smtplib.SMTPException, OSError) as error:  # the caller's transaction rolls back: nothing half done
        message = _("Không gửi được e-mail tới %(email)s: máy chủ thư chưa sẵn sàng. Hãy thử lại sau ít phút.")
        raise ValidationError(message % {"email": user.email}) from error


@transaction.atomic
def account_new(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    email: str,
    role: str,
    unit: Unit,
    position: str = "",
) -> User:
    """Create an account without a password (audited), not yet invited: `account_create` for one made by hand,
    `clusters.services.imports.accounts_import` for many, each then e-mailed by `send_invitation`."""
    require(actor, "clusters.manage_accounts")
    _check_role_and_unit(actor=actor, role=role, unit=unit)
    _check_email(email)
    user = User(username=username, role=role, unit=unit, email=email, position=position, **name_fields(full_name))
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    record_audit(
        actor=actor,
        action="user.create",
        target=user,
        summary=_("Tạo tài khoản %(username)s (%(role)s), gửi lời mời tới %(email)s")
        % {"username": username, "role": user.get_role_display(), "email": email},
        unit=unit,
    )
    return user


def send_invitation(*, user: User, site_url: str) -> None:
    """E-mail a new account its invitation: a one-time link to set its password (ValidationError if the mail
    server refuses)."""
    _send_password_link(user=user, site_url=site_url, invitation=True)


@transaction.atomic
def account_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    email: str,
    role: str,
    unit: Unit,
    position: str = "",
    site_url: str,
) -> User:
    """Create an account without a password and e-mail it an invitation to set one (a mail server refusing it:
    nothing is saved)."""
    user = account_new(
        actor=actor, username=username, full_name=full_name, email=email, role=role, unit=unit, position=position
    )
    send_invitation(user=user, site_url=site_url)
    return user


@transaction.atomic
def account_update(
    *,
    actor: User | None,
    user: User,
    full_name: str,
    email: str,
    role: str,
    unit: Unit,
    position: str = "",
    version: str | None = None,
) -> User:
    """Save an account's edit form. `version`: the account's version the form was opened on
    (`account_version`; changed since: ConflictError, nothing saved)."""
    require(actor, "clusters.change_account", user)
    user = User.objects.select_for_update().get(pk=user.pk)
    claim_state(version, account_version(user))
    _check_role_and_unit(actor=actor, role=role, unit=unit)
    _check_email(email)
    fields = {"email": email, "role": role, "unit": unit, "position": position, **name_fields(full_name)}
    changed = apply_changes(user, fields)
    if changed:
        user.full_clean(exclude=["password"])
        user.save()
        record_audit(
            actor=actor,
            action="user.update",
            target=user,
            summary=_("Sửa tài khoản %(username)s") % {"username": user.username},
            data=changed,
        )
    return user


@transaction.atomic
def account_set_active(*, actor: User | None, user: User, active: bool) -> User:
    """Deactivate an account (it can no longer log in; its history stays) or reactivate it."""
    require(actor, "clusters.change_account", user)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        record_audit(
            actor=actor,
            action="user.reactivate" if active else "user.deactivate",
            target=user,
            summary=(_("Kích hoạt lại tài khoản %(username)s") if active else _("Ngừng tài khoản %(username)s"))
            % {"username": user.username},
        )
    return user


@transaction.atomic
def account_send_password_reset(*, actor: User | None, user: User, site_url: str) -> User:
    """E-mail the account a one-time link to set a new password (the administrator never sees a password); an
    account that never set one gets its invitation again."""
    require(actor, "clusters.change_account", user)
    if not user.is_active:
        message = _("Tài khoản đang ngừng hoạt động: hãy kích hoạt lại trước khi gửi liên kết đặt mật khẩu.")
        raise ValidationError(message)
    _check_email(user.email)
    record_audit(
        actor=actor,
        action="user.password_reset",
        target=user,
        summary=_("Gửi liên kết đặt lại mật khẩu tới %(email)s") % {"email": user.email},
    )
    _send_password_link(user=user, site_url=site_url, invitation=not user.has_usable_password())
    return user


@transaction.atomic
def unlock_account(*, actor: User | None, user: User) -> User:
    """Lift the locks that too many wrong passwords put on the account before they expire: the login's
    (django-axes' records for its username) and the signing's (audited)."""
    require(actor, "clusters.change_account", user)
    cleared = reset(username=user.username)
    User.objects.filter(pk=user.pk).update(signing_failures=0, signing_locked_until=None)
    user.signing_failures, user.signing_locked_until = 0, None
    record_audit(
        actor=actor,
        action="user.unlock",
        target=user,
        unit=user.unit,
        summary=_("Mở khóa tài khoản %(username)s") % {"username": user.username},
        data={"attempts_cleared": cleared},
    )
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
