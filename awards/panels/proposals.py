"""Dashboard panel of proposals: what waits for a unit's staff and leader (drafts, returned, in review)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from clusters.dashboard import Panel, PanelItem, register
from clusters.models import Role

from ..models import EligibilityStatus, Proposal, ProposalStatus


@register
def unit_proposals(user):
    if not user.unit_id or user.role not in (Role.STAFF, Role.LEADER):
        return None
    counts = Proposal.objects.filter(proposing_unit_id=user.unit_id).aggregate(
        drafts=Count("id", filter=Q(status=ProposalStatus.DRAFT)),
        returned=Count("id", filter=Q(status=ProposalStatus.RETURNED)),
        in_review=Count("id", filter=Q(status__in=[ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW])),
        failed=Count("id", filter=Q(status=ProposalStatus.DRAFT, eligibility_status=EligibilityStatus.FAILED)),
    )
    url = reverse("awards:proposal_list")
    items = [
        PanelItem(_("Dự thảo chờ trình"), f"{url}?status=draft", str(counts["drafts"]), "primary"),
        PanelItem(_("Bị trả lại, cần bổ sung"), f"{url}?status=returned", str(counts["returned"]), "warning"),
        PanelItem(_("Đang thẩm định"), f"{url}?status=under_review", str(counts["in_review"]), "secondary"),
    ]
    if counts["failed"]:
        items.append(
            PanelItem(_("Dự thảo không đạt điều kiện"), f"{url}?eligibility=failed", str(counts["failed"]), "danger")
        )
    return Panel(title=_("Đề nghị khen thưởng"), items=items, order=40, link_url=url, link_text=_("Tất cả đề nghị"))
