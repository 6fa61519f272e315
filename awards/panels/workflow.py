"""Dashboard panel of the review workflow: what waits for a reviewer, and the fairness warning of its boards."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from clusters.dashboard import Panel, PanelItem, register
from clusters.formats import format_number
from clusters.models import Role

from ..models import AwardPolicy, EligibilityStatus, Proposal, ProposalStatus
from ..selectors.fairness import board_fairness, latest_proposal_year
from ..selectors.workflow import reviewer_scope


@register
def review_work(user):
    if user.role != Role.REVIEWER or not user.unit_id:
        return None
    scope = Proposal.objects.filter(reviewer_scope(user))
    counted = [ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW, ProposalStatus.APPROVED]
    counts = scope.filter(status__in=counted).aggregate(
        submitted=Count("id", filter=Q(status=ProposalStatus.SUBMITTED)),
        under_review=Count("id", filter=Q(status=ProposalStatus.UNDER_REVIEW)),
        failed=Count(
            "id",
            filter=Q(
                status__in=[ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW],
                eligibility_status=EligibilityStatus.FAILED,
            ),
        ),
        approved=Count("id", filter=Q(status=ProposalStatus.APPROVED)),
    )
    url = reverse("awards:review_queue")
    items = [
        PanelItem(_("Mới trình, chờ nhận"), f"{url}?status=submitted", str(counts["submitted"]), "primary"),
        PanelItem(_("Đang thẩm định"), f"{url}?status=under_review", str(counts["under_review"]), "secondary"),
        PanelItem(
            _("Không đạt điều kiện (có giải trình)"), f"{url}?eligibility=failed", str(counts["failed"]), "danger"
        ),
        PanelItem(_("Đã đồng ý, chờ quyết định"), f"{url}?status=approved", str(counts["approved"]), "success"),
    ]
    year = latest_proposal_year(scope)
    threshold = AwardPolicy.current().leader_share_warning
    report = board_fairness(board=user.unit, proposals=scope, year=year, threshold=threshold)
    for row in report["warnings"][:5]:
        items.append(
            PanelItem(
                _("%(unit)s: lãnh đạo, quản lý chiếm %(share)s%% đề nghị cá nhân năm %(year)s")
                % {"unit": row["unit"].name, "share": format_number(row["proposed"]["leader_share"], 1), "year": year},
                reverse("awards:fairness") + f"?year={year}",
                _("vượt ngưỡng"),
                "warning",
            )
        )
    if len(report["warnings"]) > 5:
        items.append(
            PanelItem(
                _("và %(count)s đơn vị khác vượt ngưỡng năm %(year)s")
                % {"count": len(report["warnings"]) - 5, "year": year},
                reverse("awards:fairness") + f"?year={year}",
                _("xem tất cả"),
                "warning",
            )
        )
    return Panel(
        title=_("Thẩm định khen thưởng"), items=items, order=30, link_url=url, link_text=_("Hàng chờ thẩm định")
    )
