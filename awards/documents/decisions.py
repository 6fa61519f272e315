"""The documents of a decision filled from the board's Word templates: the proposing unit's covering submission
(tờ trình), the board's submission presenting the review results to the one who decides, the decision with its
annex, and the minutes of the award council. Each builds the context its template's placeholders read
(documented on the templates page, `awards.selectors.templates.PLACEHOLDERS`)."""

from __future__ import annotations

from django.utils import timezone

from clusters.models import UnitKind
from clusters.selectors.units import boards_over

from ..models import Decision, Submission, TemplateKind
from ..selectors.decisions import AnnexGroup, annex_groups, decision_proposals, proposal_groups
from .templates import date_parts, generate

BLANK = "........"


def _annex(groups: list[AnnexGroup]) -> dict:
    phu_luc = [
        {
            "tieu_de": group.title,
            "dong": [
                {"stt": n, "ten": line.name, "chuc_vu": line.position, "don_vi": line.unit, "hinh_thuc": line.award}
                for n, line in enumerate((line for line in group.lines if not line.revoked), start=1)
            ],
        }
        for group in groups
    ]
    counts = {group.key: len(row["dong"]) for group, row in zip(groups, phu_luc, strict=True)}
    return {
        "phu_luc": phu_luc,
        "so_tap_the": counts["collective"],
        "so_ca_nhan": counts["individual"],
        "so_ho_gia_dinh": counts["household"],
        "tong_so": sum(counts.values()),
    }


def _head(decision: Decision, number: str) -> dict:
    authority = decision.authority
    return {
        "co_quan_cap_tren": authority.parent.name.upper() if authority.parent_id else "",
        "co_quan": authority.name.upper(),
        "so_ky_hieu": number,
        "dia_danh": decision.place or BLANK,
        **date_parts(decision.date),
        "trich_yeu": decision.title,
        "nguoi_ky": decision.signer_name or BLANK,
        "chuc_vu_nguoi_ky": (decision.signer_position or BLANK).upper(),
        "noi_nhan": ["Như Điều 3", "Lưu: VT, TĐKT"],
        "can_cu": [line.strip() for line in decision.legal_grounds.splitlines() if line.strip()],
    }


def decision_context(decision: Decision) -> dict:
    return {
        **_head(decision, decision.number or f"{BLANK}/QĐ-{BLANK}"),
        "cap_quyet_dinh": (decision.decided_by or BLANK).upper(),
        **_annex(annex_groups(decision)),
    }


def board_submission_context(decision: Decision) -> dict:
    context = {
        **_head(decision, f"{BLANK}/TTr-TĐKT"),
        "kinh_gui": decision.decided_by or BLANK,
        **_annex(annex_groups(decision)),
    }
    context.update(nguoi_ky=BLANK, chuc_vu_nguoi_ky="TRƯỞNG BAN", noi_nhan=["Như trên", "Lưu: VT, TĐKT"])
    return context


def _ballots(proposals) -> dict[int, str]:
    """Each proposal's "votes for/members": the count of the latest closed council session that had it on its
    agenda (issue 17 item 3), else the counts typed for a meeting held outside the system."""
    from ..models import AgendaItem, SessionStatus

    counted: dict[int, str] = {}
    items = (
        AgendaItem.objects.filter(
            proposal_id__in=[p.pk for p in proposals], session__status=SessionStatus.CLOSED, votes_for__isnull=False
        )
        .select_related("session")
        .order_by("proposal_id", "-session__closed_at", "-pk")
    )
    for item in items:
        counted.setdefault(item.proposal_id, f"{item.votes_for}/{item.session.members_total}")
    for p in proposals:
        if p.pk not in counted:
            counted[p.pk] = f"{p.council_votes_for}/{p.council_members}" if p.council_members else BLANK
    return counted


def council_minutes_context(decision: Decision) -> dict:
    proposals = list(decision_proposals(decision))
    ballots = _ballots(proposals)
    votes = [
        {"stt": n, "ten": p.nominee_name, "hinh_thuc": p.award_type.name, "phieu": ballots[p.pk]}
        for n, p in enumerate(proposals, start=1)
    ]
    context = {
        **_head(decision, f"{BLANK}/BB-HĐTĐKT"),
        "chu_tri": decision.signer_name or BLANK,
        "bieu_quyet": votes,
        **_annex(annex_groups(decision)),
    }
    context.update(chuc_vu_nguoi_ky="CHỦ TỊCH HỘI ĐỒNG", noi_nhan=["Thành viên Hội đồng", "Lưu: VT, TĐKT"])
    return context


def unit_submission_context(submission: Submission) -> dict:
    unit = submission.proposing_unit
    board = boards_over(unit).filter(kind=UnitKind.BOARD).order_by("pk").first()
    signer = submission.submitted_by
    proposals = submission.proposals.select_related(
        "award_type", "nominee_unit__parent", "nominee_person__unit"
    ).order_by("id")
    return {
        "co_quan_cap_tren": unit.parent.name.upper() if unit.parent_id else "",
        "co_quan": unit.name.upper(),
        "so_ky_hieu": submission.number,
        "dia_danh": BLANK,
        **date_parts(timezone.localdate(submission.submitted_at)),
        "trich_yeu": submission.title,
        "noi_dung": submission.body,
        "kinh_gui": board.name if board else "Ban Thi đua - Khen thưởng",
        "nguoi_ky": signer.full_name if signer else BLANK,
        "chuc_vu_nguoi_ky": ((signer.position if signer else "") or BLANK).upper(),
        "noi_nhan": ["Như trên", "Lưu: VT"],
        **_annex(proposal_groups(proposals)),
    }


#: The documents of a decision, by the slug of their route: (kind of template, context, file name).
DECISION_DOCUMENTS = {
    "to-trinh": (TemplateKind.BOARD_SUBMISSION, board_submission_context, "to-trinh"),
    "quyet-dinh": (TemplateKind.DECISION, decision_context, "quyet-dinh"),
    "bien-ban-hoi-dong": (TemplateKind.COUNCIL_MINUTES, council_minutes_context, "bien-ban-hoi-dong"),
}


def decision_document(decision: Decision, slug: str) -> bytes:
    kind, context, _name = DECISION_DOCUMENTS[slug]
    return generate(board=decision.authority, kind=kind, context=context(decision))


def unit_submission_docx(submission: Submission, *, board=None) -> bytes:
    """The proposing unit's tờ trình, from the template of the board it goes to (default: the shipped one)."""
    return generate(board=board, kind=TemplateKind.UNIT_SUBMISSION, context=unit_submission_context(submission))


def decision_pdf(decision: Decision, *, public_url: str = "", base_url: str | None = None) -> bytes:
    """The decision with its annex as a PDF in the administrative layout, from the same context as its Word
    document; an issued (or revoked) decision carries the system's PAdES signature (clusters/signatures.py)."""
    from django.template.loader import render_to_string

    from clusters import writers

    from ..models import DecisionStatus

    html = render_to_string("awards/decisions/pdf.html", {"d": decision_context(decision), "public_url": public_url})
    issued = decision.status in (DecisionStatus.ISSUED, DecisionStatus.REVOKED)
    # Rendered and signed once per content: issued, a decision does not change (a revocation prints another page).
    return writers.stored_pdf(
        html,
        folder=f"documents/decisions/{decision.pk}",
        base_url=base_url,
        signed=issued,
        reason=f"Quyết định số {decision.number}" if issued else "",
        location=decision.place,
    )
