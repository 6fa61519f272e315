"""One reminder mechanism for what member units have to do: who a reminder goes to (and who cannot be reached),
sending it, and queueing it with the in-process fallback when the queue is down. Used by the signing reminders
(`emulation.services.signing.pledge_remind_unsigned`), the chair unit's reminders of the members that have not
signed, sent their self-assessment or voted (`members_remind`), and the notice to a unit's leaders that their
staff have completed the self-assessment (`assessment_leaders_notify`) (issue 15, item 7).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from celery.result import EagerResult
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError

from clusters.models import EmulationGroup, Role, User
from clusters.rules import GroupYear, require
from clusters.services.audit import record_audit

from ..models import Ballot, BallotStatus, Pledge, PledgeStatus, RoundStatus, ScoringRound, SelfAssessment
from ..selectors.reminders import Task, outstanding_units

__all__ = [
    "ReminderPlan",
    "assessment_leaders_notify",
    "members_plan",
    "members_remind",
    "plan_for",
    "queue_or_run",
    "send_reminders",
    "unit_leaders",
]

logger = logging.getLogger(__name__)


@dataclass
class ReminderPlan:
    """Who a reminder goes to: the units to remind, the active accounts with an e-mail address among those
    asked (leaders, or leaders and staff), the units nobody can be e-mailed at (no such account, inactive, no
    address) and the leaders without an address."""

    units: list
    recipients: list
    unreachable_units: list = field(default_factory=list)
    leaders_without_email: list = field(default_factory=list)


def plan_for(units: Iterable, *, roles: Iterable[str] = (Role.LEADER,)) -> ReminderPlan:
    units = list(units)
    accounts = list(
        User.objects.filter(unit__in=units, is_active=True, role__in=list(roles))
        .select_related("unit")
        .order_by("unit__name", "unit_id", "username")
    )
    recipients = [user for user in accounts if user.email.strip()]
    reached = {user.unit_id for user in recipients}
    return ReminderPlan(
        units=units,
        recipients=recipients,
        unreachable_units=[unit for unit in units if unit.pk not in reached],
        leaders_without_email=[user for user in accounts if user.role == Role.LEADER and not user.email.strip()],
    )


def unit_leaders(unit) -> ReminderPlan:
    return plan_for([unit], roles=[Role.LEADER])


def send_reminders(*, plan: ReminderPlan, subject: str, body: Callable[[User], str]) -> int:
    """E-mail each recipient of `plan` the text `body(user)`; returns the number sent."""
    messages = [(subject, body(user), settings.DEFAULT_FROM_EMAIL, [user.email]) for user in plan.recipients]
    return send_mass_mail(messages, fail_silently=False) if messages else 0


def unreachable_text(plan: ReminderPlan) -> str:
    return ", ".join(unit.name for unit in plan.unreachable_units)


def queue_or_run(task, arguments: list) -> int | None:
    """Queue `task`; when the queue is down, run it here. Returns its result when it ran here (or eagerly),
    None when it is queued."""
    try:
        result = task.apply_async(args=arguments, retry=False)
        if isinstance(result, EagerResult):
            return result.get()
    except (BrokerError, ConnectionError, OSError) as error:  # the queue is down: run it from here
        logger.warning("Queue unavailable (%s): running %s in-process", error, task.name)
        return task.run(*arguments)
    return None


# --- The chair unit reminds the members -------------------------------------------------------------------
def _open_pledge(group, year) -> Pledge | None:
    return Pledge.objects.filter(group=group, year=year, status=PledgeStatus.OPEN).first()


def members_plan(*, group: EmulationGroup, year: int, task: str) -> ReminderPlan:
    """Who a reminder of `task` goes to. Signing keeps its own plan (the chair signs last; staff are told too)."""
    if task == Task.SIGN:
        from .signing import reminder_plan

        pledge = _open_pledge(group, year)
        return reminder_plan(pledge) if pledge else ReminderPlan(units=[], recipients=[])
    return plan_for(outstanding_units(group=group, year=year, task=task), roles=[Role.LEADER])


def _link(task: str, group, year, base_url: str) -> str:
    base = base_url.rstrip("/")
    if task == Task.SCORE:
        return base + reverse("yearend:scoring", args=[group.pk, year])
    return base + reverse("yearend:ballot", args=[group.pk, year])


@transaction.atomic
def members_remind(*, actor: User | None, group: EmulationGroup, year: int, task: str, base_url: str = "") -> int:
    """E-mail the leaders of the member units that have not done `task` yet; returns the number of e-mails sent.
    The audit row names the units nobody could be e-mailed at."""
    require(actor, "emulation.remind_members", GroupYear(group, year))
    task = Task(task)
    if task == Task.SIGN:
        from .signing import pledge_remind_unsigned

        pledge = _open_pledge(group, year)
        if pledge is None:
            raise ValidationError(_("Chỉ nhắc ký khi giao ước đang trong thời gian ký kết."))
        return pledge_remind_unsigned(actor=actor, pledge=pledge, base_url=base_url)
    if task == Task.SCORE:
        target = ScoringRound.objects.filter(group=group, year=year, status=RoundStatus.OPEN).first()
        if target is None:
            raise ValidationError(_("Chỉ nhắc tự chấm điểm khi đợt chấm điểm đang mở."))
        subject = _("Nhắc gửi bản tự chấm điểm: %(group)s — %(year)s") % {"group": group.name, "year": year}
        text = _(
            "Kính gửi %(name)s,\n\n"
            "Đơn vị %(unit)s chưa gửi bản tự chấm điểm năm %(year)s của %(group)s.\n"
            "Lãnh đạo đơn vị vui lòng đăng nhập, xem lại và gửi bản tự chấm tại: %(link)s\n\n"
            "Trân trọng."
        )
    else:
        target = Ballot.objects.filter(group=group, year=year, status=BallotStatus.OPEN).first()
        if target is None:
            raise ValidationError(_("Chỉ nhắc bỏ phiếu khi cuộc bỏ phiếu đang mở."))
        subject = _("Nhắc bỏ phiếu: %(group)s — %(year)s") % {"group": group.name, "year": year}
        text = _(
            "Kính gửi %(name)s,\n\n"
            "Đơn vị %(unit)s chưa bỏ phiếu bình xét năm %(year)s của %(group)s.\n"
            "Lãnh đạo đơn vị vui lòng đăng nhập và bỏ phiếu tại: %(link)s\n\n"
            "Trân trọng."
        )
    plan = members_plan(group=group, year=year, task=task)
    link = _link(task, group, year, base_url)
    sent = send_reminders(
        plan=plan,
        subject=subject,
        body=lambda user: (
            text
            % {"name": user.display_name(), "unit": user.unit.name, "year": year, "group": group.name, "link": link}
        ),
    )
    summary = _("Nhắc việc (%(task)s): %(count)s thư tới %(units)s đơn vị") % {
        "task": task.label,
        "count": sent,
        "units": len(plan.units),
    }
    if plan.unreachable_units:
        summary += "; " + _("không gửi được tới: %(units)s") % {"units": unreachable_text(plan)}
    record_audit(
        actor=actor,
        action="yearend.remind",
        target=target,
        summary=summary,
        data={
            "task": task.value,
            "units": [unit.pk for unit in plan.units],
            "emails": [user.email for user in plan.recipients],
            "unreachable_units": [unit.pk for unit in plan.unreachable_units],
        },
    )
    return sent


# --- Staff tell their leaders the self-assessment is ready ---------------------------------------------------
@transaction.atomic
def assessment_leaders_notify(*, actor: User | None, assessment: SelfAssessment, base_url: str = "") -> int:
    """E-mail the unit's leaders that their staff have scored every criterion: the leader sends the
    self-assessment. Returns the number of e-mails sent."""
    assessment = SelfAssessment.objects.select_related("round__group", "unit").get(pk=assessment.pk)
    plan = unit_leaders(assessment.unit)
    group, year = assessment.round.group, assessment.round.year
    link = base_url.rstrip("/") + reverse("yearend:assessment", args=[assessment.pk])
    author = actor.display_name() if actor is not None and actor.is_authenticated else _("Cán bộ thi đua")
    subject = _("Bản tự chấm điểm chờ lãnh đạo gửi: %(group)s — %(year)s") % {"group": group.name, "year": year}
    text = _(
        "Kính gửi %(name)s,\n\n"
        "%(author)s đã chấm đủ các tiêu chí trong bản tự chấm điểm năm %(year)s của đơn vị %(unit)s (%(group)s).\n"
        "Lãnh đạo đơn vị vui lòng xem lại và gửi bản tự chấm tại: %(link)s\n\n"
        "Trân trọng."
    )
    sent = send_reminders(
        plan=plan,
        subject=subject,
        body=lambda user: (
            text
            % {
                "name": user.display_name(),
                "author": author,
                "year": year,
                "unit": assessment.unit.name,
                "group": group.name,
                "link": link,
            }
        ),
    )
    summary = _("Báo lãnh đạo đơn vị: %(count)s thư") % {"count": sent}
    if plan.unreachable_units:
        summary += "; " + _("đơn vị không có lãnh đạo nào nhận được thư")
    record_audit(
        actor=actor,
        action="scoring.notify_leaders",
        target=assessment,
        summary=summary,
        data={"emails": [user.email for user in plan.recipients]},
        unit=assessment.unit,
    )
    return sent
