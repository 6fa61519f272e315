"""Writes of accounts: keyword-only, each in one transaction, each leaving an audit row."""

from __future__ import annotations

from django.db import transaction

from ..models import Role, Unit, User
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
