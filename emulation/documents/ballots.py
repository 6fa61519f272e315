"""The vote-count minutes (biên bản kiểm phiếu) of a group's closed ballot, filled from the Word template of the
board that organises the group (awards' templates: emulation may use awards, not the reverse)."""

from __future__ import annotations

from django.utils import timezone

from awards.documents.templates import date_parts, generate
from awards.models import TemplateKind

from ..models import Ballot
from ..selectors.ballots import ballot_results

BLANK = "........"


def ballot_minutes_context(ballot: Ballot) -> dict:
    group = ballot.group
    organizer = group.organizer
    questions = ballot_results(ballot=ballot)
    return {
        "co_quan_cap_tren": organizer.name.upper() if organizer else "",
        "co_quan": group.name.upper(),
        "so_ky_hieu": f"{BLANK}/BB-KP",
        "dia_danh": BLANK,
        **date_parts(timezone.localdate(ballot.closed_at) if ballot.closed_at else None),
        "trich_yeu": ballot.title,
        "cum_khoi": group.name,
        "nam_thi_dua": str(ballot.year),
        "hinh_thuc_bo_phieu": "kín" if ballot.is_secret else "công khai",
        "so_co_quyen": ballot.eligible_count,
        "so_da_bo": ballot.participations.count(),
        "ket_qua": [
            {
                "stt": n,
                "tieu_de": question.title,
                "dong": [
                    {
                        "don_vi": row.unit.name,
                        "so_phieu": row.votes,
                        "ty_le": f"{row.percent}%".replace(".", ","),
                        "trung": row.elected,
                    }
                    for row in question.rows
                ],
            }
            for n, question in enumerate(questions, start=1)
        ],
        "nguoi_ky": BLANK,
        "chuc_vu_nguoi_ky": "TRƯỞNG BAN KIỂM PHIẾU",
        "noi_nhan": ["Các đơn vị thành viên", "Lưu: VT"],
    }


def ballot_minutes_docx(ballot: Ballot) -> bytes:
    return generate(
        board=ballot.group.organizer, kind=TemplateKind.BALLOT_MINUTES, context=ballot_minutes_context(ballot)
    )
