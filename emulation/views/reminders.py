"""The chair unit reminds the member units that have not signed, sent their self-assessment or voted
(the buttons of its dashboard panel, emulation/panels/reminders.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rules.contrib.views import permission_required

from clusters.web import flash_errors, group_year_or_404

from ..selectors.reminders import Task
from ..services.reminders import members_plan, queue_or_run, unreachable_text
from ..tasks import remind_members


def _group_year(request, pk, year, task):
    if task not in Task.values:
        raise Http404
    return group_year_or_404(request, pk, year)


@permission_required("emulation.remind_members", fn=_group_year, raise_exception=True)
@require_POST
def members_remind(request, pk, year, task):
    group = _group_year(request, pk, year, task).group
    plan = members_plan(group=group, year=year, task=task)
    if not plan.units:
        messages.info(request, _("Không còn đơn vị nào cần nhắc."))
        return redirect("dashboard")
    if not plan.recipients:
        messages.error(
            request,
            _(
                "Không gửi được thư nhắc nào: các đơn vị %(units)s không có lãnh đạo nào có tài khoản đang hoạt động "
                "và địa chỉ e-mail."
            )
            % {"units": unreachable_text(plan)},
        )
        return redirect("dashboard")
    try:
        sent = queue_or_run(remind_members, [group.pk, year, task, request.user.pk, request.build_absolute_uri("/")])
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("dashboard")
    reached = len(plan.units) - len(plan.unreachable_units)
    count = len(plan.recipients) if sent is None else sent
    text = (
        _("Đang gửi %(count)s thư nhắc tới %(units)s đơn vị.")
        if sent is None
        else _("Đã gửi %(count)s thư nhắc tới %(units)s đơn vị.")
    )
    messages.success(request, text % {"count": count, "units": reached})
    if plan.unreachable_units:
        messages.warning(
            request,
            _(
                "Không gửi được thư nhắc tới: %(units)s "
                "(không có lãnh đạo có tài khoản đang hoạt động và địa chỉ e-mail)."
            )
            % {"units": unreachable_text(plan)},
        )
    return redirect("dashboard")
