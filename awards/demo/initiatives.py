"""Demo initiatives of Lạng Sơn (issue 19 item 2), on top of `proposals`: the register holds the initiatives the
2023 proposals had only declared, and the proposals cite them, so the tour shows the register, a proposal citing its
nominee's initiative and the report of the Chiến sĩ thi đua candidates without one. Idempotent.

Decision numbers are demo values (DEMO-…): the seeds do not give the real ones.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from ..models import Initiative, InitiativeScope, Proposal
from ..services.initiatives import existing, initiative_create
from ..services.proposals import proposal_update
from .records import story_cast

#: (title, field, authors with shares, decision number, date, scope, recognising body, the proposal citing it)
INITIATIVES = [
    (
        "Mô hình cửa khẩu số Hữu Nghị", "Kinh tế cửa khẩu", [("Hồ Tiến Thiệu", 70), ("Nguyễn Thị Hương", 30)],
        "DEMO-45/QĐ-HĐSK", datetime.date(2023, 10, 20), InitiativeScope.PROVINCE,
        "Hội đồng Sáng kiến tỉnh Lạng Sơn", "CSTD_CAP_TINH",
    ),
    (
        "Góc học tập song ngữ Tày - Việt", "Giáo dục mầm non", [("Lường Thị Mai", 100)],
        "DEMO-12/QĐ-PGDĐT", datetime.date(2023, 5, 15), InitiativeScope.CO_SO,
        "Phòng Giáo dục và Đào tạo huyện (dữ liệu mẫu)", "CSTD_CO_SO",
    ),
    (
        "Số hoá hồ sơ thi đua, khen thưởng của tỉnh", "Cải cách hành chính", [("Nguyễn Thị Hương", 100)],
        "DEMO-30/QĐ-HĐSK", datetime.date(2022, 11, 2), InitiativeScope.CO_SO,
        "Hội đồng Sáng kiến tỉnh Lạng Sơn", "",
    ),
]  # fmt: skip


@transaction.atomic
def load_demo(*, stdout=None) -> None:
    cast = story_cast()
    if cast is None:
        return
    for title, field, authors, number, day, scope, body, award in INITIATIVES:
        people = [(cast.people.get(name), share) for name, share in authors]
        if not all(person for person, _share in people):
            continue
        initiative = existing(unit_id=cast.lang_son.pk, decision_number=number, title=title) or initiative_create(
            actor=cast.staff, unit=cast.lang_son, authors=people, title=title, field=field,
            recognising_body_name=body, decision_number=number, decision_date=day, scope=scope,
        )  # fmt: skip
        if not award:
            continue
        proposal = Proposal.objects.filter(award_type__code=award, year=2023, nominee_person=people[0][0]).first()
        if proposal is None or not proposal.is_editable:
            continue
        if not proposal.initiative_links.filter(initiative=initiative).exists():
            cited = list(Initiative.objects.filter(proposal_links__proposal=proposal)) + [initiative]
            proposal_update(actor=cast.staff, proposal=proposal, initiatives=cited)
