"""What the views of the yearly cycle share: the group and year of a URL, a service called with its outcome
shown to the user. A service's refusals are shown with `clusters.web` (`flash_errors`, `add_form_errors`)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from clusters.web import error_text


def run_service(request, action: Callable[[], object], success: str) -> bool:
    """Call a service; show `success`, or its Vietnamese message on a validation error or a refusal. A unique
    violation is a parallel request that did the same first (a double click, a colleague): said so, not a 500."""
    try:
        action()
    except IntegrityError:
        messages.error(
            request,
            _(
                "Thao tác này vừa được thực hiện bởi một yêu cầu khác (một lần bấm khác hoặc người khác). "
                "Trang dưới đây cho thấy trạng thái hiện tại."
            ),
        )
        return False
    except ValidationError as error:
        messages.error(request, error_text(error))
        return False
    except PermissionDenied as error:
        messages.error(request, str(error) or _("Bạn không có quyền thực hiện thao tác này."))
        return False
    messages.success(request, success)
    return True
