"""The year-end summary report's tables as plain data (title, header, rows), shared by the DOCX (`word`), XLSX
(`excel`) and PDF (`pdf`) builders, so the three formats show the same figures."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from clusters.formats import format_number
from clusters.models import MemberRole

from ..selectors.reports import GroupSummary, RollupSummary


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[list]
    empty: str = ""


def number(value) -> str:
    """The one Vietnamese number style of pages and documents (1.234,5; clusters/formats.py); — for none."""
    if value is None or value == "":
        return "—"
    return format_number(value)


def role_label(membership) -> str:
    labels = []
    if membership.role == MemberRole.CHAIR:
        labels.append(_("Trưởng cụm, khối"))
    elif membership.role == MemberRole.VICE_CHAIR:
        labels.append(_("Phó cụm, khối"))
    if membership.is_standing_agency:
        labels.append(_("Cơ quan thường trực"))
    return ", ".join(labels) or _("Thành viên")


def members_table(summary: GroupSummary) -> Table:
    return Table(
        key="members",
        title=_("Đơn vị thành viên năm %(year)s") % {"year": summary.year},
        header=[_("STT"), _("Đơn vị"), _("Vai trò")],
        rows=[[i, m.unit.name, role_label(m)] for i, m in enumerate(summary.members, start=1)],
        empty=_("Chưa có thành viên."),
    )


def targets_table(summary: GroupSummary) -> Table:
    units = summary.units
    header = [_("Nội dung"), _("Chỉ tiêu"), _("Đơn vị tính"), _("Chỉ tiêu giao ước")]
    header += [u.short_name or u.name for u in units]
    header += [_("Số đơn vị đạt")]
    rows = []
    for block in summary.items:
        for line in block.targets:
            rows.append(
                [
                    block.item.ordinal,
                    line.target.indicator,
                    line.target.unit_of_measure,
                    number(line.target.target_value),
                    *[number(line.values.get(u.pk)) for u in units],
                    f"{line.reached}/{len(units)}",
                ]
            )
    return Table(
        key="targets",
        title=_("Kết quả thực hiện các chỉ tiêu của giao ước"),
        header=header,
        rows=rows,
        empty=_("Giao ước không có chỉ tiêu định lượng."),
    )


def ranking_table(summary: GroupSummary) -> Table:
    rows = [
        [
            row.position,
            row.unit.name,
            number(row.base),
            number(row.bonus),
            number(row.penalty),
            number(row.total),
            row.get_status_display(),
        ]
        for row in summary.ranking
    ]
    return Table(
        key="ranking",
        title=_("Kết quả chấm điểm, xếp hạng"),
        header=[
            _("Xếp hạng"),
            _("Đơn vị"),
            _("Điểm tiêu chí"),
            _("Điểm thưởng"),
            _("Điểm trừ"),
            _("Tổng điểm"),
            _("Trạng thái"),
        ],
        rows=rows,
        empty=(
            _("Chưa khóa sổ: điểm và thứ hạng được công bố khi đơn vị trưởng khóa sổ.")
            if summary.scoring_round is not None and not summary.scoring_round.is_closed
            else _("Chưa chấm điểm.")
        ),
    )


def ballot_table(summary: GroupSummary) -> Table:
    rows = []
    for question in summary.questions:
        for row in question.rows:
            rows.append(
                [
                    question.title,
                    row.unit.name,
                    row.votes,
                    f"{number(row.percent)}%",
                    _("Trúng") if row.elected else "",
                ]
            )
    return Table(
        key="ballot",
        title=_("Kết quả bỏ phiếu bình xét, suy tôn"),
        header=[_("Nội dung"), _("Đơn vị"), _("Số phiếu"), _("Tỷ lệ"), _("Kết quả")],
        rows=rows,
        empty=_("Chưa tổ chức bỏ phiếu hoặc chưa kết thúc bỏ phiếu."),
    )


def awards_table(awards: dict) -> Table:
    rows = [
        [entry["name"], entry["proposed"], entry["in_draft"], entry["granted"]]
        for entry in awards.get("by_award", {}).values()
    ]
    return Table(
        key="awards",
        title=_("Khen thưởng: đề nghị và được tặng"),
        header=[_("Danh hiệu, hình thức"), _("Đã đề nghị"), _("Đang lập hồ sơ"), _("Được tặng")],
        rows=rows,
        empty=_("Chưa có đề nghị, khen thưởng."),
    )


def share_table(awards: dict) -> Table:
    individual = awards.get("individual", {})
    rows = []
    for key, label in (("proposed", _("Đề nghị khen thưởng cá nhân")), ("granted", _("Được khen thưởng cá nhân"))):
        split = individual.get(key) or {}
        rows.append(
            [
                label,
                split.get("total", 0),
                split.get("leader", 0),
                f"{number(split.get('leader_share', 0))}%",
                split.get("direct_worker", 0),
                f"{number(split.get('direct_worker_share', 0))}%",
            ]
        )
    return Table(
        key="share",
        title=_("Tỷ lệ lãnh đạo, quản lý và người lao động trực tiếp"),
        header=[
            _("Nội dung"),
            _("Tổng số"),
            _("Lãnh đạo, quản lý"),
            _("Tỷ lệ"),
            _("Người lao động trực tiếp"),
            _("Tỷ lệ"),
        ],
        rows=rows,
    )


def proposals_table(summary: GroupSummary) -> Table:
    rows = [
        [
            i,
            p.award_type.name,
            str(p.nominee_unit or p.nominee_person),
            p.get_status_display(),
        ]
        for i, p in enumerate(summary.proposals, start=1)
    ]
    return Table(
        key="proposals",
        title=_("Đề nghị khen thưởng của cụm, khối"),
        header=[_("STT"), _("Danh hiệu, hình thức"), _("Đối tượng"), _("Tình trạng")],
        rows=rows,
        empty=_("Chưa có đề nghị."),
    )


def group_tables(summary: GroupSummary) -> list[Table]:
    return [
        members_table(summary),
        targets_table(summary),
        ranking_table(summary),
        ballot_table(summary),
        proposals_table(summary),
        awards_table(summary.awards),
        share_table(summary.awards),
    ]


def rollup_table(summary: RollupSummary) -> Table:
    rows = [
        [
            i,
            row.group.name,
            row.member_count,
            row.chair.name if row.chair else "—",
            row.top_scored.name if row.top_scored else "—",
            number(row.top_total),
            ", ".join(u.name for u in row.leading) or "—",
            row.next_chair.name if row.next_chair else "—",
            row.proposals,
        ]
        for i, row in enumerate(summary.rows, start=1)
    ]
    return Table(
        key="groups",
        title=_("Tổng hợp các cụm, khối thi đua năm %(year)s") % {"year": summary.year},
        header=[
            _("STT"),
            _("Cụm, khối"),
            _("Số thành viên"),
            _("Trưởng cụm, khối"),
            _("Điểm cao nhất"),
            _("Tổng điểm"),
            _("Đơn vị dẫn đầu (suy tôn)"),
            _("Trưởng cụm, khối năm sau"),
            _("Số đề nghị"),
        ],
        rows=rows,
        empty=_("Ban chưa tổ chức cụm, khối nào trong năm."),
    )


def rollup_tables(summary: RollupSummary) -> list[Table]:
    return [rollup_table(summary), awards_table(summary.awards), share_table(summary.awards)]
