"""Celery tasks of the yearly cycle. Tasks only call services.

Pledge reminders come first; the year-end report tasks are appended in their
marked section at the end of this file.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from clusters.models import User


@shared_task
def remind_pledge_signers(pledge_id: int, actor_id: int | None = None, base_url: str = "") -> int:
    """E-mail the member units that have not signed the pledge yet; returns the number of e-mails sent."""
    from .models import Pledge
    from .services.pledges import pledge_remind_unsigned

    pledge = Pledge.objects.get(pk=pledge_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    return pledge_remind_unsigned(actor=actor, pledge=pledge, base_url=base_url or getattr(settings, "SITE_URL", ""))


# === Year-end reports (issue 4) — appended below this line =========================================
