"""Award history on the person and unit pages (rendered by the organisation app through include hooks)."""

import functools

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from awards.models import Proposal
from awards.selectors.proposals import LIVE_STATUSES
from awards.selectors.records import person_award_history, unit_award_history
from clusters.formats import format_number
from clusters.selectors.units import reads_unit

register = template.Library()


@register.inclusion_tag("awards/includes/history.html", takes_context=True)
def person_awards(context, person):
    user = context["request"].user
    proposals, history = [], []
    if user.has_perm("clusters.view_person", person):
        history = person_award_history(person)
        proposals = [
            p
            for p in Proposal.objects.filter(nominee_person=person, status__in=LIVE_STATUSES).select_related(
                "award_type", "proposing_unit"
            )
            if user.has_perm("awards.view_proposal", p)
        ]
    return {"award_history": history, "award_proposals": proposals}


@register.inclusion_tag("awards/includes/history.html", takes_context=True)
def unit_awards(context, unit):
    user = context["request"].user
    proposals = [
        p
        for p in Proposal.objects.filter(nominee_unit=unit, status__in=LIVE_STATUSES).select_related(
            "award_type", "proposing_unit"
        )
        if user.has_perm("awards.view_proposal", p)
    ]
    # the registry of units is open to every user; a unit's awards only to those who read its data
    history = unit_award_history(unit) if reads_unit(user, unit) else []
    return {"award_history": history, "award_proposals": proposals, "show_nominee": True}


@functools.lru_cache(maxsize=2048)
def _percent(share: float) -> str:
    """A share of the fairness table as shown ("12,5"): shares are rounded to 0.1, so a table of thousands of rows
    has at most a thousand of them, each formatted once."""
    return format_number(share, places=1)


def _fairness_cells(c: dict) -> str:
    """The five cells of one side of a row: counts (integers, nothing to escape) and percentages (digits and a
    comma). Built as one string: `format_html` escaped each of its ten values, 2 x 2,755 rows for an
    administrator's year at scale 10 (~60% of the page's ~250 ms)."""
    warning = "table-warning fw-bold" if c["warning"] else ""
    return (
        f"<td>{int(c['individuals'])}</td>"
        f'<td class="{warning}">{int(c["leaders"])} ({_percent(c["leader_share"])}%)</td>'
        f"<td>{int(c['direct_workers'])} ({_percent(c['direct_worker_share'])}%)</td>"
        f"<td>{int(c['small_collectives'])}/{int(c['collectives'])}</td>"
        f"<td>{int(c['remote'])} ({_percent(c['remote_share'])}%)</td>"
    )


@register.simple_tag
def fairness_cells(c):
    """One side (proposed or granted) of a row of the fairness table: five cells, the leaders' one marked when above
    the threshold. A tag rather than an included template: an administrator's table has hundreds of rows."""
    return mark_safe(_fairness_cells(c))  # integers and formatted numbers only


@register.simple_tag
def fairness_rows(rows):
    """The rows of the fairness table, one per unit: its name (escaped) and both sides' cells. One tag for the
    whole body rather than a loop of tags: an administrator's year at scale 10 has thousands of rows."""
    return mark_safe(  # the unit's name escaped, the rest integers and numbers
        "".join(
            f"<tr><td>{escape(row['unit'].name)}</td>{_fairness_cells(row['proposed'])}"
            f"{_fairness_cells(row['granted'])}</tr>\n"
            for row in rows
        )
    )


# --- The review steps' timeline (issue 18 item 2) ---------------------------------------------------------
@register.filter
def held_for(duration) -> str:
    """How long a dossier was held: "3 ngày 2 giờ", "5 giờ 10 phút", "dưới 1 phút"."""
    from django.utils.translation import gettext as _

    if duration is None:
        return ""
    minutes = int(duration.total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return _("%(d)s ngày %(h)s giờ") % {"d": days, "h": hours}
    if hours:
        return _("%(h)s giờ %(m)s phút") % {"h": hours, "m": minutes}
    if minutes:
        return _("%(m)s phút") % {"m": minutes}
    return _("dưới 1 phút")


@register.filter
def review_outcome(outcome: str) -> str:
    from django.utils.translation import gettext as _

    labels = {
        "received": _("Đã tiếp nhận"),
        "assigned": _("Đã phân công"),
        "verdict_meets": _("Kết luận: đủ điều kiện"),
        "verdict_fails": _("Kết luận: không đủ điều kiện"),
        "approved": _("Đã duyệt"),
        "sent_back": _("Chuyển lại bước trước"),
        "returned": _("Trả lại đơn vị"),
        "taken": _("Người khác nhận xử lý"),
    }
    return labels.get(outcome, outcome)
