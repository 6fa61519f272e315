"""Award history on the person and unit pages (rendered by the organisation app through include hooks)."""

from django import template
from django.utils.html import format_html

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


@register.simple_tag
def fairness_cells(c):
    """One side (proposed or granted) of a row of the fairness table: five cells, the leaders' one marked when above
    the threshold. A tag rather than an included template: an administrator's table has hundreds of rows."""
    return format_html(
        '<td>{}</td><td class="{}">{} ({}%)</td><td>{} ({}%)</td><td>{}/{}</td><td>{} ({}%)</td>',
        c["individuals"],
        "table-warning fw-bold" if c["warning"] else "",
        c["leaders"],
        format_number(c["leader_share"], places=1),
        c["direct_workers"],
        format_number(c["direct_worker_share"], places=1),
        c["small_collectives"],
        c["collectives"],
        c["remote"],
        format_number(c["remote_share"], places=1),
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
