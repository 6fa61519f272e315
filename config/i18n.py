"""Language choice: Vietnamese for everyone until they pick English with the navbar's switch.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a visitor whose browser is set
to English would land on English pages; the system's working language is Vietnamese, so only the
language cookie written by the switch (/i18n/setlang/) counts. A visitor who has not chosen yet and whose
browser prefers another of the site's languages is offered it (`offered_language`: a notice at the top of
each page, in that language, with one button to switch and one to keep Vietnamese).
"""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header


def language_of(request) -> str:
    """The language chosen with the switch, if supported; otherwise LANGUAGE_CODE (Vietnamese)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen:
        try:
            return translation.get_supported_language_variant(chosen)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


def offered_language(request) -> str | None:
    """The language to offer a visitor who has chosen none: the browser's first preference among the site's
    languages, when it is not Vietnamese; None once the switch has been used (either way) or if nothing fits."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME):
        return None
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        if code == "*":
            return None
        try:
            preferred = translation.get_supported_language_variant(code)
        except LookupError:
            continue
        return None if preferred == settings.LANGUAGE_CODE else preferred
    return None


class ChosenLanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware without the Accept-Language negotiation (the response side is unchanged); the browser's
    preference only makes an offer (`request.language_offer`, shown by templates/includes/language_offer.html)."""

    def process_request(self, request):
        translation.activate(language_of(request))
        request.LANGUAGE_CODE = translation.get_language()
        request.language_offer = offered_language(request)
