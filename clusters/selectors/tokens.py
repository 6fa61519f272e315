"""Reads of API tokens: a board's tokens as its administrator sees them, and the token a request presents."""

from __future__ import annotations

import hashlib

from django.db.models import QuerySet

from ..models import ApiToken, User


def key_hash(key: str) -> str:
    """The SHA-256 (hex) a token is kept as. A token is 32 random bytes: a plain hash cannot be reversed by guessing."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def token_for_key(key: str) -> ApiToken | None:
    """The token whose hash matches `key` (revoked ones too: the caller says why it refuses), with its account."""
    if not key or len(key) > 200:
        return None
    return ApiToken.objects.select_related("account", "account__unit").filter(key_hash=key_hash(key)).first()


def tokens_for(actor: User) -> QuerySet:
    """The tokens `actor` manages: a system admin's all, a board's administrator's those of their board."""
    tokens = ApiToken.objects.select_related("board", "account", "account__unit", "created_by", "revoked_by")
    tokens = tokens.order_by("revoked_at", "-created_at", "-pk")
    if actor.is_system_admin:
        return tokens
    return tokens.filter(board_id=actor.unit_id or 0)
