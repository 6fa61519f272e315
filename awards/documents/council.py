"""The minutes of an award council's session (biên bản họp Hội đồng), as DOCX through `clusters.writers`."""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from clusters import writers
from clusters.formats import format_number

from ..models import AgendaItem, CouncilSession, SessionStatus, VoteMode


def _council_row(item: AgendaItem) -> str:
    row = next((r for r in item.proposal.eligibility or [] if r.get("check") == "council_vote"), None)
    if row is None:
        return "—"
    return {"passed": "Đạt", "failed": "Không đạt"}.get(row["status"], "Chưa xác định")


def minutes_docx(*, session: CouncilSession, items: list[AgendaItem], members: list) -> bytes:
    document = writers.new_document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    council = session.council
    heading = [
        (council.board.name.upper(), True),
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
        ("Độc lập - Tự do - Hạnh phúc", True),
        ("", False),
        ("BIÊN BẢN HỌP HỘI ĐỒNG", True),
    ]
    for text, bold in heading:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        writers.add_run(paragraph, text).bold = bold
    sub = document.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    writers.add_run(sub, f"{council.name}: {session.title}").italic = True
    writers.add_run(
        document.add_paragraph(),
        f"Thời gian: ngày {session.held_on:%d/%m/%Y}" + (f". Địa điểm: {session.place}." if session.place else "."),
    )
    writers.add_run(
        document.add_paragraph(),
        f"Tổng số thành viên Hội đồng: {session.members_total}; số thành viên tham gia biểu quyết: "
        f"{session.voters if session.voters is not None else '—'} (tối thiểu {session.quorum_needed}, "
        f"{session.quorum_numerator}/{session.quorum_denominator} tổng số thành viên; {session.quorum_source}).",
    )
    writers.add_run(document.add_paragraph(), "Thành viên Hội đồng:").bold = True
    for member in members:
        writers.add_run(
            document.add_paragraph(style="List Bullet"),
            f"{member.user.full_name}" + (f", {member.position}" if member.position else "")
            + f" — {member.get_role_display()}",
        )  # fmt: skip
    mode = "bỏ phiếu kín cả danh sách" if session.mode == VoteMode.PER_LIST else "bỏ phiếu kín từng đề nghị"
    writers.add_run(document.add_paragraph(), f"Hình thức biểu quyết: {mode}.")
    if session.status == SessionStatus.NO_QUORUM:
        writers.add_run(
            document.add_paragraph(),
            "Phiên họp không đủ số thành viên tham gia biểu quyết theo quy định: không có kết quả biểu quyết.",
        ).bold = True
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    headers = ["STT", "Tập thể, cá nhân", "Danh hiệu, hình thức", "Đồng ý", "Không đồng ý", "Tỷ lệ đồng ý; điều kiện"]
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        writers.set_cell_text(cell, "")
        writers.add_run(cell.paragraphs[0], text).bold = True
    for index, item in enumerate(items, start=1):
        proposal = item.proposal
        if item.votes_for is None:
            counts = ["—", "—", "—"]
        else:
            share = 100.0 * item.votes_for / session.members_total
            counts = [str(item.votes_for), str(item.votes_against), f"{format_number(share, 1)}%; {_council_row(item)}"]
        cells = table.add_row().cells
        values = [str(index), proposal.nominee_name, f"{proposal.award_type.name} {proposal.year}", *counts]
        for cell, text in zip(cells, values, strict=True):
            writers.set_cell_text(cell, text)
    writers.add_run(
        document.add_paragraph(),
        "Tỷ lệ tính trên tổng số thành viên Hội đồng. Phiếu kín: biên bản không ghi ai đã bỏ phiếu thế nào.",
    ).italic = True
    return writers.save_document(document)
