"""Service accounts' authentication by token, and the per-token rate limit (REST_FRAMEWORK in config/settings.py).
Kept apart from `base`: DRF imports these while its views module loads."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.throttling import SimpleRateThrottle

from ..selectors.tokens import token_for_key

KEYWORDS = (b"bearer", b"token")


class ServiceTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>`: the service account whose token's SHA-256 matches, unless the token was
    revoked or the account deactivated (401, in the request's language)."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Tiêu đề Authorization phải có dạng: Bearer <mã truy cập>."))
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ.")) from None
        token = token_for_key(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Mã truy cập không hợp lệ."))
        if token.revoked_at is not None or not token.account.is_active:
            raise exceptions.AuthenticationFailed(_("Mã truy cập đã bị thu hồi."))
        return token.account, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


# --- Rate limit ---------------------------------------------------------------------------------------------------
class TokenRateThrottle(SimpleRateThrottle):
    """REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api"] requests per token (per user for a session), counted in
    the default cache (Redis in deployments)."""

    scope = "api"

    def get_cache_key(self, request, view):
        if request.auth is not None and hasattr(request.auth, "pk"):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def get_rate(self):  # read when the view runs: settings may change (tests, a deployment's environment)
        return settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(self.scope)

    def allow_request(self, request, view):
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
