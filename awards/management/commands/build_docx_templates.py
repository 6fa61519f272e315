"""Build the default Word templates (docxtpl) of awards/templates_docx/ in the administrative format of Decree
30/2020/NĐ-CP: Quốc hiệu and tiêu ngữ, the issuing body, số and ký hiệu, địa danh and date, trích yếu, body,
nơi nhận and the signature block. Run after changing this file; the built .docx files are committed.

    manage.py build_docx_templates
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from clusters import writers

FOLDER = Path(__file__).resolve().parents[2] / "templates_docx"
CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY


def _document():
    document = writers.new_document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    return document


def _line(container, text="", *, bold=False, italic=False, align=JUSTIFY, size=None):
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(3)
    run = writers.add_run(paragraph, text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    return paragraph


def _header(document, *, number_line: str) -> None:
    """The two-column head: the issuing body and its number left; the national title, motto, place and date right."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    left.paragraphs[0].alignment = CENTER
    writers.add_run(left.paragraphs[0], "{{ co_quan_cap_tren }}").font.size = Pt(12)
    _line(left, "{{ co_quan }}", bold=True, align=CENTER, size=12)
    _line(left, "———", align=CENTER, size=10)
    _line(left, number_line, align=CENTER)
    right.paragraphs[0].alignment = CENTER
    run = writers.add_run(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    run.bold, run.font.size = True, Pt(12)
    _line(right, "Độc lập - Tự do - Hạnh phúc", bold=True, align=CENTER)
    _line(right, "———————————", align=CENTER, size=10)
    _line(right, "{{ dia_danh }}, ngày {{ ngay }} tháng {{ thang }} năm {{ nam }}", italic=True, align=CENTER)


def _annex(document) -> None:
    """The recipients grouped "I. Tập thể / II. Cá nhân / III. Hộ gia đình", one line each."""
    _line(document, "{%p for nhom in phu_luc %}")
    _line(document, "{{ nhom.tieu_de }}", bold=True, align=LEFT)
    _line(document, "{%p for dong in nhom.dong %}")
    _line(
        document,
        "{{ dong.stt }}. {{ dong.ten }}{% if dong.chuc_vu %}, {{ dong.chuc_vu }}{% endif %}"
        "{% if dong.don_vi %}, {{ dong.don_vi }}{% endif %}",
        align=LEFT,
    )
    _line(document, "{%p endfor %}")
    _line(document, "{%p if not nhom.dong %}")
    _line(document, "(Không có)", italic=True, align=LEFT)
    _line(document, "{%p endif %}")
    _line(document, "{%p endfor %}")


def _footer(document) -> None:
    """Nơi nhận on the left, the signature block on the right."""
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    run = writers.add_run(left.paragraphs[0], "Nơi nhận:")
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    _line(left, "{%p for noi in noi_nhan %}")
    _line(left, "- {{ noi }};", align=LEFT, size=11)
    _line(left, "{%p endfor %}")
    right.paragraphs[0].alignment = CENTER
    writers.add_run(right.paragraphs[0], "{{ chuc_vu_nguoi_ky }}").bold = True
    _line(right, "(Ký, ghi rõ họ tên, đóng dấu)", italic=True, align=CENTER, size=11)
    _line(right, "", align=CENTER)
    _line(right, "", align=CENTER)
    _line(right, "{{ nguoi_ky }}", bold=True, align=CENTER)


def decision():
    document = _document()
    _header(document, number_line="Số: {{ so_ky_hieu }}")
    _line(document, "QUYẾT ĐỊNH", bold=True, align=CENTER, size=14)
    _line(document, "{{ trich_yeu }}", bold=True, align=CENTER)
    _line(document, "{{ cap_quyet_dinh }}", bold=True, align=CENTER)
    _line(document, "{%p for dong in can_cu %}")
    _line(document, "{{ dong }}", italic=True)
    _line(document, "{%p endfor %}")
    _line(document, "QUYẾT ĐỊNH:", bold=True, align=CENTER)
    _line(
        document,
        "Điều 1. Tặng thưởng cho {{ tong_so }} tập thể, cá nhân, hộ gia đình có tên trong danh sách kèm theo "
        "(gồm {{ so_tap_the }} tập thể, {{ so_ca_nhan }} cá nhân, {{ so_ho_gia_dinh }} hộ gia đình).",
    )
    _line(document, "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.")
    _line(
        document,
        "Điều 3. Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu "
        "trách nhiệm thi hành Quyết định này./.",
    )
    _footer(document)
    document.add_page_break()
    _line(document, "DANH SÁCH", bold=True, align=CENTER)
    _line(document, "(Kèm theo Quyết định số {{ so_ky_hieu }} ngày {{ ngay_day_du }} của {{ co_quan }})",
          italic=True, align=CENTER)  # fmt: skip
    _annex(document)
    return document


def board_submission():
    document = _document()
    _header(document, number_line="Số: {{ so_ky_hieu }}")
    _line(document, "TỜ TRÌNH", bold=True, align=CENTER, size=14)
    _line(document, "{{ trich_yeu }}", bold=True, align=CENTER)
    _line(document, "Kính gửi: {{ kinh_gui }}", align=CENTER)
    _line(document, "{%p for dong in can_cu %}")
    _line(document, "{{ dong }}")
    _line(document, "{%p endfor %}")
    _line(
        document,
        "Qua thẩm định hồ sơ, {{ co_quan }} kính trình {{ kinh_gui }} xem xét, quyết định khen thưởng cho "
        "{{ tong_so }} tập thể, cá nhân, hộ gia đình (gồm {{ so_tap_the }} tập thể, {{ so_ca_nhan }} cá nhân, "
        "{{ so_ho_gia_dinh }} hộ gia đình) theo danh sách dưới đây:",
    )
    _annex(document)
    _line(document, "Kính trình {{ kinh_gui }} xem xét, quyết định./.")
    _footer(document)
    return document


def unit_submission():
    document = _document()
    _header(document, number_line="Số: {{ so_ky_hieu }}")
    _line(document, "TỜ TRÌNH", bold=True, align=CENTER, size=14)
    _line(document, "{{ trich_yeu }}", bold=True, align=CENTER)
    _line(document, "Kính gửi: {{ kinh_gui }}", align=CENTER)
    _line(document, "{{ noi_dung }}")
    _line(
        document,
        "{{ co_quan }} đề nghị khen thưởng cho {{ tong_so }} tập thể, cá nhân, hộ gia đình theo danh sách sau:",
    )
    _annex(document)
    _line(document, "Kính đề nghị {{ kinh_gui }} xem xét, trình cấp có thẩm quyền khen thưởng./.")
    _footer(document)
    return document


def council_minutes():
    document = _document()
    _header(document, number_line="Số: {{ so_ky_hieu }}")
    _line(document, "BIÊN BẢN", bold=True, align=CENTER, size=14)
    _line(document, "Họp Hội đồng Thi đua - Khen thưởng xét đề nghị khen thưởng", bold=True, align=CENTER)
    _line(document, "Hôm nay, ngày {{ ngay }} tháng {{ thang }} năm {{ nam }}, tại {{ dia_danh }}, Hội đồng Thi đua "
          "- Khen thưởng họp xét {{ tong_so }} đề nghị khen thưởng do {{ co_quan }} thẩm định.")  # fmt: skip
    _line(document, "Chủ trì: {{ chu_tri }}.")
    _line(document, "Kết quả biểu quyết từng trường hợp:", bold=True)
    _line(document, "{%p for dong in bieu_quyet %}")
    _line(document, "{{ dong.stt }}. {{ dong.ten }} — {{ dong.hinh_thuc }}: {{ dong.phieu }}", align=LEFT)
    _line(document, "{%p endfor %}")
    _line(document, "Danh sách đề nghị khen thưởng:", bold=True)
    _annex(document)
    _line(document, "Biên bản kết thúc lúc ..... giờ ..... cùng ngày./.")
    _footer(document)
    return document


def ballot_minutes():
    document = _document()
    _header(document, number_line="Số: {{ so_ky_hieu }}")
    _line(document, "BIÊN BẢN KIỂM PHIẾU", bold=True, align=CENTER, size=14)
    _line(document, "{{ trich_yeu }}", bold=True, align=CENTER)
    _line(document, "{{ cum_khoi }} tổ chức bỏ phiếu {{ hinh_thuc_bo_phieu }} năm {{ nam_thi_dua }}.")
    _line(document, "Số đơn vị có quyền bỏ phiếu: {{ so_co_quyen }}; số đơn vị đã bỏ phiếu: {{ so_da_bo }}.")
    _line(document, "{%p for cau in ket_qua %}")
    _line(document, "{{ cau.stt }}. {{ cau.tieu_de }}", bold=True, align=LEFT)
    _line(document, "{%p for dong in cau.dong %}")
    _line(document, "- {{ dong.don_vi }}: {{ dong.so_phieu }} phiếu ({{ dong.ty_le }}){% if dong.trung %} — trúng"
          "{% endif %}", align=LEFT)  # fmt: skip
    _line(document, "{%p endfor %}")
    _line(document, "{%p endfor %}")
    _line(document, "Biên bản được lập và thông qua tại hội nghị./.")
    _footer(document)
    return document


BUILDERS = {
    "unit_submission": unit_submission,
    "board_submission": board_submission,
    "decision": decision,
    "council_minutes": council_minutes,
    "ballot_minutes": ballot_minutes,
}


class Command(BaseCommand):
    help = "Build the default Word templates (Decree 30/2020 format) into awards/templates_docx/."

    def handle(self, *args, **options):
        FOLDER.mkdir(exist_ok=True)
        for kind, build in BUILDERS.items():
            path = FOLDER / f"{kind}.docx"
            path.write_bytes(writers.save_document(build()))
            self.stdout.write(f"{path.relative_to(FOLDER.parent.parent)}")
