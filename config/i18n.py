"""Language choice: Vietnamese for everyone until they pick English with the navbar's switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a visitor whose browser is set
to English would land on English pages; the system's working language is Vietnamese, so only the
language cookie written by the switch (/i18n/setlang/) counts.
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def language_of(request) -> str:
    """The language chosen with the switch, if supported; otherwise LANGUAGE_CODE (Vietnamese)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen:
        try:
            return translation.get_supported_language_variant(chosen)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware without the Accept-Language negotiation (the response side is unchanged)."""

    def process_request(self, request):
        translation.activate(language_of(request))
        request.LANGUAGE_CODE = translation.get_language()
