"""What the views of the yearly cycle share: the group and year of a URL, a service called with its outcome
shown to the user. A service's refusals are shown with `clusters.web` (`flash_errors`, `add_form_errors`)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from clusters.models import EmulationGroup
from clusters.rules import GroupYear
from clusters.web import error_text


def group_year_or_404(
    request, pk: int | None = None, year: int | None = None, *, group_pk: int | None = None
) -> GroupYear:
    """The group (`pk`, or `group_pk` in the pledges' URLs) and year of a URL; 404 for an unknown group.
    Also the object of the permission checks (`permission_required(..., fn=group_year_or_404)`)."""
    return GroupYear(get_object_or_404(EmulationGroup, pk=group_pk if group_pk is not None else pk), year)


def run_service(request, action: Callable[[], object], success: str) -> bool:
    """Call a service; show `success`, or its Vietnamese message on a validation error or a refusal."""
    try:
        action()
    except ValidationError as error:
        messages.error(request, error_text(error))
        return False
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Bạn không có quyền thực hiện thao tác này."))
        return False
    messages.success(request, success)
    return True
