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
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    position: str = "",
    password_hash: str | None = None,
) -> User:
    user = User(
        username=username,
        role=role,
        unit=unit,
        first_name=first_name,
        last_name=last_name,
        email=email,
        position=position,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    if password_hash:  # an already hashed password (demo accounts share one, hashed once)
        user.password = password_hash
    else:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    record_audit(actor=actor, action="user.create", target=user, summary=username, unit=unit)
    return user
