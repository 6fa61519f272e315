"""Celery tasks: notify the people concerned by a proposal's step, by e-mail; build the large Excel exports.

The task names (module path and function name) are what the queue and Celery beat know them by
(config/settings.py CELERY_BEAT_SCHEDULE): keep them.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django.utils.translation import override

from clusters.jobs import JOB_TASK_OPTIONS

from .models import ProposalEvent
from .selectors.workflow import reviewers_of, unit_users
from .services.exports import EXPORTS, record_export_build, record_exports_requeue_unqueued

#: Who hears about each step: the board's reviewers when it goes up, the unit when it comes back.
TO_REVIEWERS = {"submit"}
TO_UNIT = {"return", "reject", "approve", "decide"}


def recipients(event: ProposalEvent) -> list[str]:
    proposal = event.proposal
    if event.action in TO_REVIEWERS:
        users = reviewers_of(proposal)
    elif event.action in TO_UNIT:
        users = unit_users(proposal.proposing_unit_id)
    elif event.action == "comment":
        users = (
            unit_users(proposal.proposing_unit_id)
            if event.actor is None or event.actor.unit_id != proposal.proposing_unit_id
            else reviewers_of(proposal)
        )
    else:
        return []
    emails = {u.email for u in users if u.email and (event.actor_id is None or u.pk != event.actor_id)}
    return sorted(emails)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_proposal_event(event_id: int) -> int:
    """Send one e-mail about a proposal event; returns the number of recipients."""
    event = (
        ProposalEvent.objects.select_related(
            "proposal",
            "proposal__award_type",
            "proposal__proposing_unit",
            "proposal__nominee_unit",
            "proposal__nominee_person",
            "actor",
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    to = recipients(event)
    if not to:
        return 0
    proposal = event.proposal
    with override(settings.LANGUAGE_CODE):
        subject = _("[Thi đua] %(award)s — %(nominee)s: %(status)s") % {
            "award": proposal.award_type.name,
            "nominee": proposal.nominee_name,
            "status": proposal.get_status_display(),
        }
        lines = [
            _("Đề nghị: %(award)s năm %(year)s cho %(nominee)s (%(unit)s).")
            % {
                "award": proposal.award_type.name,
                "year": proposal.year,
                "nominee": proposal.nominee_name,
                "unit": proposal.proposing_unit.name,
            },
            _("Trạng thái: %(status)s.") % {"status": proposal.get_status_display()},
        ]
        if event.comment:
            lines.append(_("Ý kiến: %(comment)s") % {"comment": event.comment})
        if event.actor:
            lines.append(_("Người thực hiện: %(name)s") % {"name": event.actor.display_name()})
        lines.append(_("Xem hồ sơ: %(path)s") % {"path": proposal.get_absolute_url()})
    send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, to)
    return len(to)


# --- Large Excel exports: background jobs (clusters.jobs) ---------------------------------------------------
@shared_task(**JOB_TASK_OPTIONS, max_retries=3)
def build_record_export(self, export_id: int) -> str:
    """Build a large Excel export of award records. Retried with backoff on any failure; a finished export
    is not rebuilt, so redelivery after a lost worker is harmless."""
    return EXPORTS.run(self, job_id=export_id, work=lambda: record_export_build(export_id=export_id))


@shared_task
def requeue_unqueued_exports() -> int:
    """Celery beat, every minute: queue the exports kept while the queue was down."""
    return record_exports_requeue_unqueued()


@shared_task
def remind_review_deadlines() -> int:
    """Celery beat, hourly: e-mail the holders of dossiers due tomorrow or overdue in a board's review steps,
    once a day each (`awards.services.review.review_reminders_send`)."""
    from .services.review import review_reminders_send

    return review_reminders_send()


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_review_holder(holding_id: int) -> int:
    """Tell the person a dossier has just been handed to, in a board's review steps (issue 18 item 2), by
    e-mail: which dossier, at which step, due when. Returns the number of recipients."""
    from .models import ReviewHolding

    holding = (
        ReviewHolding.objects.select_related(
            "holder",
            "proposal",
            "proposal__award_type",
            "proposal__proposing_unit",
            "proposal__nominee_unit",
            "proposal__nominee_person",
            "proposal__review",
        )
        .filter(pk=holding_id, ended_at__isnull=True)
        .first()
    )
    if holding is None or holding.holder is None or not holding.holder.email or not holding.holder.is_active:
        return 0
    proposal = holding.proposal
    due = getattr(getattr(proposal, "review", None), "due_on", None)
    with override(settings.LANGUAGE_CODE):
        subject = _("[Thi đua] Hồ sơ chuyển đến bạn: %(award)s — %(nominee)s") % {
            "award": proposal.award_type.name,
            "nominee": proposal.nominee_name,
        }
        body = _("Bước: %(step)s. Đơn vị đề nghị: %(unit)s. Hạn xử lý: %(due)s.") % {
            "step": holding.get_step_display(),
            "unit": proposal.proposing_unit.name,
            "due": due.strftime("%d/%m/%Y") if due else "—",
        }
    send_mail(subject, body, None, [holding.holder.email])
    return 1
