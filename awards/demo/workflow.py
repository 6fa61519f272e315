"""Demo workflow of Lạng Sơn's 2023 proposals (`proposals`): submit, review, approve. Idempotent.

- a deadline for the 2023 annual proposals;
- seed 004: the chair (Lạng Sơn) sends the cluster's two proposals up, the central board reviews them: the
  flag is approved, the Bằng khen is under review;
- Lạng Sơn's staff upload the documents each dossier requires (the achievements report, the council's minutes);
- Lạng Sơn's leader sends its individual proposals up (those failing a rule only with a justification);
- the demo replays March 2024: the submissions are dated then, and none of them is late.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from ..models import (
    AttachmentKind,
    EligibilityStatus,
    Proposal,
    ProposalKind,
    ProposalStatus,
    Submission,
    SubmissionDeadline,
)
from ..services.proposals import attachment_add
from ..services.workflow import proposal_approve, proposal_start_review, submission_create
from .proposals import BANG_KHEN, FLAG, live_proposal
from .records import SUMMARY_DAY, say, story_cast

#: A one-page PDF standing for each document of a demo dossier.
DEMO_PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n%%EOF\n"


def attach_dossiers(staff, proposals) -> None:
    """The unit's staff upload the documents each proposal's award type requires and its dossier lacks."""
    for proposal in proposals:
        held = set(proposal.attachments.values_list("kind", flat=True))
        for kind in proposal.award_type.required_documents:
            if kind not in held:
                name = f"{AttachmentKind(kind).label}.pdf"
                attachment_add(actor=staff, proposal=proposal, kind=kind, uploaded=SimpleUploadedFile(name, DEMO_PDF))


@transaction.atomic
def load_demo(*, stdout=None) -> None:
    SubmissionDeadline.objects.get_or_create(
        year=2023,
        kind=ProposalKind.ANNUAL,
        award_type=None,
        defaults={"due_date": datetime.date(2024, 3, 31), "note": "Hạn trình hồ sơ khen thưởng công tác năm 2023"},
    )
    cast = story_cast()
    if cast is None:
        return
    lang_son, leader, reviewer = cast.lang_son, cast.leader, cast.reviewer
    flag = live_proposal(award=FLAG, year=2023, nominee_unit=lang_son)
    bang_khen = live_proposal(award=BANG_KHEN, year=2023, nominee_unit=cast.ha_giang)
    cluster = [p for p in (flag, bang_khen) if p is not None]
    to_submit = [p for p in cluster if p.status == ProposalStatus.DRAFT]
    if to_submit:
        attach_dossiers(cast.staff, to_submit)
        submission_create(
            actor=leader, proposing_unit=lang_son, year=2023, number="DEMO-25/TTr-UBND",
            title="Đề nghị khen thưởng Cụm thi đua các tỉnh miền núi biên giới phía Bắc năm 2023",
            body="Cụm thi đua thống nhất đề nghị tặng Cờ thi đua của Chính phủ cho tỉnh Lạng Sơn và "
            "Bằng khen của Thủ tướng Chính phủ cho tỉnh Hà Giang.",
            proposals=to_submit,
        )  # fmt: skip
    for proposal in cluster:
        proposal.refresh_from_db()
        if proposal.status == ProposalStatus.SUBMITTED:
            proposal_start_review(actor=reviewer, proposal=proposal)
    if flag is not None:
        flag.refresh_from_db()
        if flag.status == ProposalStatus.UNDER_REVIEW:
            proposal_approve(actor=reviewer, proposal=flag, comment="Đủ điều kiện, trình Hội đồng Trung ương.")

    individual = [
        p
        for p in Proposal.objects.filter(
            proposing_unit=lang_son, year=2023, nominee_person__isnull=False, status=ProposalStatus.DRAFT
        )
        if p.eligibility_status != EligibilityStatus.FAILED or p.justification
    ]
    if individual:
        attach_dossiers(cast.staff, individual)
        submission_create(
            actor=leader, proposing_unit=lang_son, year=2023, number="DEMO-26/TTr-UBND",
            title="Đề nghị khen thưởng cá nhân năm 2023", proposals=individual,
        )  # fmt: skip
    # The demo replays March 2024: date the submissions then, and judge lateness against that day.
    back_then = timezone.make_aware(datetime.datetime.combine(SUMMARY_DAY, datetime.time(9, 0)))
    Submission.objects.filter(proposing_unit=lang_son, number__startswith="DEMO-").update(submitted_at=back_then)
    Proposal.objects.filter(submission__proposing_unit=lang_son, submission__number__startswith="DEMO-").update(
        submitted_at=back_then, is_late=False
    )
    say(
        stdout,
        "Khen thưởng: danh mục theo Luật 2022, NĐ 98/2023, NĐ 152/2025; đề nghị năm 2023 của Cụm miền núi biên giới "
        "phía Bắc (Cờ thi đua của Chính phủ cho Lạng Sơn: đã đồng ý; Bằng khen của Thủ tướng cho Hà Giang: đang "
        "thẩm định) và các đề nghị cá nhân của Lạng Sơn.",
    )
