"""Forms of accounts: the login."""

from __future__ import annotations

import datetime

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

THROTTLED = "address_throttled"


def address_failures(ip_address: str | None) -> int:
    """Failed logins from `ip_address`, across every account, within django-axes' cool-off."""
    if not ip_address:
        return 0
    since = timezone.now() - datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempts = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since)
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LoginForm(AuthenticationForm):
    """Django's login form, refusing an address that failed too often across accounts (password spraying),
    before any password is checked. django-axes still locks each account after its own failures."""

    error_messages = {
        **AuthenticationForm.error_messages,
        THROTTLED: _(
            "Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này. Vui lòng thử lại sau 15 phút hoặc liên hệ "
            "quản trị của Ban Thi đua - Khen thưởng."
        ),
    }

    def clean(self):
        if (
            self.request is not None
            and address_failures(get_client_ip_address(self.request)) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT
        ):
            raise ValidationError(self.error_messages[THROTTLED], code=THROTTLED)
        return super().clean()
