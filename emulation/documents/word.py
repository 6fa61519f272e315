"""The editable DOCX in the Vietnamese administrative layout (Decree 30/2020/NĐ-CP on official documents):
A4, Times New Roman 13–14 pt, the issuing body on the left with the number "Số: …/BC-…", the national
motto on the right with the place and date line, the title BÁO CÁO, numbered sections, then "Nơi nhận"
and the signature block. The number is left blank for the clerk to fill in when the report is issued.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from clusters import writers
from clusters.formats import administrative_month
from clusters.models import GroupKind

from ..selectors.reports import GroupSummary, RollupSummary, place_name
from .tables import Table, group_tables, number, rollup_tables

FONT = "Times New Roman"
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def date_line(place: str, day: datetime.date) -> str:
    """ "Lạng Sơn, ngày 05 tháng 3 năm 2024": days below 10 and months 1–2 take a leading zero."""
    text = f"ngày {day.day:02d} tháng {administrative_month(day)} năm {day.year}"
    return f"{place}, {text}" if place else text.capitalize()


def _document():
    document = writers.new_document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(6)
    return document


def _paragraph(container, text="", *, bold=False, italic=False, size=None, align=None, upper=False, after=None):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if after is not None:
        paragraph.paragraph_format.space_after = Pt(after)
    run = writers.add_run(paragraph, text.upper() if upper else text)
    run.bold = bold
    run.italic = italic
    if size:
        run.font.size = Pt(size)
    return paragraph


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell_lines(cell, lines):
    """Write (text, bold, italic, size) lines into a table cell, centred."""
    writers.set_cell_text(cell, "")
    first = True
    for text, bold, italic, size in lines:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = writers.add_run(paragraph, text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)


def _header(document, *, issuer_above: str, issuer: str, number_code: str, place: str, day: datetime.date):
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    lines = []
    if issuer_above:
        lines.append((issuer_above.upper(), False, False, 12))
    lines += [
        (issuer.upper(), True, False, 12),
        ("―――――", False, False, 10),
        (f"Số:       /{number_code}", False, False, 13),
    ]
    _cell_lines(left, lines)
    _cell_lines(
        right,
        [
            (NATIONAL_NAME, True, False, 12),
            (MOTTO, True, False, 13),
            ("―――――――――――", False, False, 10),
            (date_line(place, day), False, True, 13),
        ],
    )


def _title(document, subtitle: str):
    _paragraph(document, "BÁO CÁO", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(document, subtitle, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(document, "―――――", align=WD_ALIGN_PARAGRAPH.CENTER, size=10)


def _heading(document, index: int, text: str):
    _paragraph(document, f"{ROMAN[index]}. {text.upper()}", bold=True, size=14)


def _table(document, table: Table):
    _paragraph(document, table.title, bold=True, italic=True, size=13)
    if not table.rows:
        _paragraph(document, table.empty or "—", italic=True, size=13)
        return
    grid = document.add_table(rows=1, cols=len(table.header))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(grid.rows[0].cells, table.header, strict=True):
        writers.set_cell_text(cell, "")
        run = writers.add_run(cell.paragraphs[0], text)
        run.bold = True
        run.font.size = Pt(11)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for values in table.rows:
        cells = grid.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            writers.set_cell_text(cell, "")
            run = writers.add_run(cell.paragraphs[0], value)
            run.font.size = Pt(11)
    document.add_paragraph()


def _signature(document, *, recipients: list[str], on_behalf: str, position: str, signer: str):
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    left, right = table.rows[0].cells
    writers.set_cell_text(left, "")
    run = writers.add_run(left.paragraphs[0], _("Nơi nhận:"))
    run.bold, run.italic = True, True
    run.font.size = Pt(12)
    for recipient in recipients:
        paragraph = left.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        small = writers.add_run(paragraph, f"- {recipient};")
        small.font.size = Pt(11)
    _cell_lines(
        right,
        [
            (on_behalf.upper(), True, False, 13),
            (position.upper(), True, False, 13),
            ("", False, False, 13),
            ("", False, False, 13),
            ("", False, False, 13),
            (signer, True, False, 13),
        ],
    )


def _save(document) -> bytes:
    return writers.save_document(document)


def group_docx(summary: GroupSummary) -> bytes:
    group, year = summary.group, summary.year
    chair_unit = summary.chair.unit if summary.chair else None
    kind = group.get_kind_display()
    document = _document()
    _header(
        document,
        issuer_above=chair_unit.name if chair_unit else "",
        issuer=group.name,
        number_code="BC-CTĐ" if group.kind == GroupKind.CLUSTER else "BC-KTĐ",
        place=summary.place,
        day=summary.today,
    )
    _title(
        document,
        _("Tổng kết công tác thi đua, khen thưởng năm %(year)s của %(group)s") % {"year": year, "group": group.name},
    )
    tables = {t.key: t for t in group_tables(summary)}

    _heading(document, 0, _("Đặc điểm tình hình"))
    _paragraph(
        document,
        _("%(group)s năm %(year)s gồm %(count)s đơn vị thành viên; đơn vị trưởng: %(chair)s; đơn vị phó: %(vice)s.")
        % {
            "group": group.name,
            "year": year,
            "count": len(summary.members),
            "chair": chair_unit.name if chair_unit else "—",
            "vice": summary.vice_chair.unit.name if summary.vice_chair else "—",
        },
    )
    if summary.standing_agency:
        _paragraph(document, _("Cơ quan thường trực: %(unit)s.") % {"unit": summary.standing_agency.unit.name})
    _table(document, tables["members"])

    _heading(document, 1, _("Kết quả thực hiện giao ước thi đua"))
    if summary.pledge is None:
        _paragraph(document, _("Cụm, khối chưa ký kết giao ước thi đua năm %(year)s.") % {"year": year}, italic=True)
    else:
        _paragraph(document, _("Giao ước: %(title)s.") % {"title": summary.pledge.title})
        for block in summary.items:
            label = f"{block.item.ordinal}, {block.item.title or ''}".rstrip(", ")
            paragraph = _paragraph(document, "", size=14)
            writers.add_run(paragraph, f"{label}: ").bold = True
            writers.add_run(paragraph, block.item.body)
            for line in block.targets:
                _paragraph(
                    document,
                    _("- %(indicator)s: chỉ tiêu %(target)s %(unit)s; %(reached)s/%(total)s đơn vị đạt.")
                    % {
                        "indicator": line.target.indicator,
                        "target": number(line.target.target_value),
                        "unit": line.target.unit_of_measure,
                        "reached": line.reached,
                        "total": len(summary.members),
                    },
                    size=13,
                )
        _table(document, tables["targets"])

    _heading(document, 2, _("Các phong trào thi đua"))
    if summary.campaigns:
        for campaign in summary.campaigns:
            _paragraph(document, f"- {campaign.title} ({campaign.authority_label}).", size=13)
    else:
        _paragraph(document, _("Không có phong trào được ghi nhận."), italic=True, size=13)

    _heading(document, 3, _("Kết quả chấm điểm, xếp hạng"))
    if summary.ranking:
        top = summary.ranking[0]
        _paragraph(
            document,
            _(
                "Trên cơ sở tự chấm điểm của các đơn vị và kết quả thẩm định của đơn vị trưởng, "
                "%(unit)s đạt số điểm cao nhất (%(total)s điểm)."
            )
            % {"unit": top.unit.name, "total": number(top.total)},
        )
    _table(document, tables["ranking"])

    _heading(document, 4, _("Kết quả bình xét, suy tôn"))
    if summary.ballot is not None and summary.ballot.is_closed:
        _paragraph(
            document,
            _("Hình thức: %(form)s; số phiếu thu về %(cast)s/%(eligible)s; tỷ lệ trúng từ %(threshold)s%% trở lên.")
            % {
                "form": _("bỏ phiếu kín") if summary.ballot.is_secret else _("biểu quyết công khai"),
                "cast": summary.ballot.votes_cast,
                "eligible": summary.ballot.eligible_count,
                "threshold": number(summary.ballot.threshold_percent),
            },
        )
        for question in summary.questions:
            elected = ", ".join(u.name for u in question.elected) or _("không có đơn vị đạt tỷ lệ")
            _paragraph(document, f"- {question.title}: {elected}.", size=13)
    if summary.leading_units:
        _paragraph(
            document,
            _("%(group)s thống nhất suy tôn %(units)s là đơn vị dẫn đầu phong trào thi đua năm %(year)s.")
            % {"group": kind, "units": ", ".join(u.name for u in summary.leading_units), "year": year},
            bold=True,
        )
    if summary.next_chair:
        _paragraph(
            document,
            _("Suy tôn %(unit)s là đơn vị trưởng năm %(year)s%(vice)s.")
            % {
                "unit": summary.next_chair.unit.name,
                "year": year + 1,
                "vice": (_("; %(unit)s là đơn vị phó") % {"unit": summary.next_vice_chair.unit.name})
                if summary.next_vice_chair
                else "",
            },
            bold=True,
        )
    _table(document, tables["ballot"])

    _heading(document, 5, _("Công tác khen thưởng"))
    _table(document, tables["proposals"])
    _table(document, tables["awards"])
    _table(document, tables["share"])

    _signature(
        document,
        recipients=[
            _("Ban Thi đua - Khen thưởng Trung ương") if group.organizer is None else group.organizer.name,
            _("Các đơn vị thành viên"),
            _("Lưu: VT"),
        ],
        on_behalf=_("TM. %(group)s") % {"group": kind},
        position=_("Đơn vị trưởng"),
        signer=chair_unit.name if chair_unit else "",
    )
    return _save(document)


def rollup_docx(summary: RollupSummary) -> bytes:
    organizer, year = summary.organizer, summary.year
    document = _document()
    _header(
        document,
        issuer_above="",
        issuer=organizer.name,
        number_code="BC-TĐKT",
        place=place_name(organizer.parent) if organizer.parent_id else "",
        day=summary.today,
    )
    _title(
        document,
        _("Tổng hợp kết quả hoạt động của các cụm, khối thi đua năm %(year)s") % {"year": year},
    )
    tables = rollup_tables(summary)
    _heading(document, 0, _("Tình hình chung"))
    _paragraph(
        document,
        _("%(board)s tổ chức %(groups)s cụm, khối thi đua với %(members)s lượt đơn vị thành viên trong năm %(year)s.")
        % {"board": organizer.name, "groups": len(summary.rows), "members": summary.member_total, "year": year},
    )
    _table(document, tables[0])
    _heading(document, 1, _("Công tác khen thưởng"))
    _table(document, tables[1])
    _table(document, tables[2])
    _signature(
        document,
        recipients=[_("Hội đồng Thi đua - Khen thưởng"), _("Lưu: VT")],
        on_behalf=_("TM. %(board)s") % {"board": organizer.short_name or organizer.name},
        position=_("Trưởng ban"),
        signer="",
    )
    return _save(document)
