"""Demo pledges, on top of the organisation demo (clusters/demo/) and the campaigns (`campaigns`).

- The South-East cluster's 2023 pledge (seed 000) with its eight content items
  "Thứ nhất … Thứ tám", opened for signing so that the seven member leaders
  (lanhdao.binhduong, … ; Bình Phước, the chair, last) can sign it in the browser.
- The northern mountainous border cluster's 2023 pledge (seed 004), drafted for the year-end demo
  (`scoring`), which has it signed: the content items follow the themes seed 004 reports; the targets,
  criteria and points are demo figures, not the cluster's real table.

The scoring tables and the measurable targets are NOT in the seeds: they are samples for the demo, marked as
such in the South-East pledge's preamble. Idempotent: running it twice changes nothing. Runs on SQLite too.
"""

from __future__ import annotations

from django.db import transaction

from clusters.models import EmulationGroup

from ..models import Campaign, CriterionKind, Pledge
from ..services.pledges import pledge_create
from ..services.signing import pledge_open_for_signing
from .campaigns import CAMPAIGNS, SOUTH_EAST, SOUTH_EAST_CAMPAIGN, load_campaigns

NORTHERN_BORDER = "Cụm thi đua các tỉnh miền núi biên giới phía Bắc"

#: Seed 000, verbatim: the eight content items of the South-East cluster's 2023 pledge.
SOUTH_EAST_2023_ITEMS = [
    (
        "Tuyên truyền thi đua yêu nước",
        "đẩy mạnh công tác tuyên truyền tư tưởng của Chủ tịch Hồ Chí Minh về thi đua yêu nước, chủ trương của Đảng, "
        "chính sách, pháp luật của Nhà nước về thi đua, khen thưởng; Chỉ thị số 34-CT/TW ngày 07/4/2014 của Bộ Chính "
        "trị “Về tiếp tục đổi mới công tác thi đua, khen thưởng”; Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị "
        "“Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh” và các phong trào thi đua yêu "
        "nước.",
    ),
    (
        "Phát triển kinh tế - xã hội vùng Đông Nam Bộ",
        "triển khai, thực hiện tốt Nghị quyết số 24-NQ/TW ngày 07/10/2022 của Bộ Chính trị về phát triển kinh tế - "
        "xã hội và bảo đảm quốc phòng, an ninh vùng Đông Nam bộ đến năm 2030, tầm nhìn đến năm 2045; Nghị quyết số "
        "01/NQ-CP ngày 06/01/2023 của Chính phủ về nhiệm vụ, giải pháp chủ yếu thực hiện Kế hoạch phát triển kinh tế "
        "- xã hội, dự toán ngân sách Nhà nước và cải thiện môi trường kinh doanh, nâng cao năng lực cạnh tranh quốc "
        "gia năm 2023. Tiếp tục thực hiện hiệu quả Kế hoạch của Hội đồng Thi đua - Khen thưởng Trung ương về tổ chức "
        "thực hiện Chỉ thị số 19/CT-TTg ngày 16/7/2021 của Thủ tướng Chính phủ về việc phát động thi đua thực hiện "
        "thắng lợi nhiệm vụ phát triển kinh tế - xã hội hàng năm và Kế hoạch 5 năm (2021 - 2025) theo Nghị quyết Đại "
        "hội đại biểu toàn quốc lần thứ XIII của Đảng.",
    ),
    (
        "Các phong trào thi đua do Thủ tướng Chính phủ phát động",
        "tiếp tục triển khai thiết thực, hiệu quả các phong trào thi đua yêu nước do Thủ tướng Chính phủ phát động, "
        "trọng tâm là phong trào thi đua “Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hành tiết kiệm, "
        "chống lãng phí” gắn với thi đua đẩy nhanh giải ngân vốn đầu tư công; đẩy mạnh thực hiện phong trào “Cả nước "
        "chung sức xây dựng nông thôn mới”; “Vì người nghèo - không để ai bị bỏ lại phía sau”; “Cán bộ, công chức, "
        "viên chức thi đua thực hiện văn hóa công sở”. Đồng thời, các địa phương thực hiện có hiệu quả các phong trào "
        "thi đua do Chủ tịch UBND tỉnh phát động.",
    ),
    (
        "Nhân rộng điển hình tiên tiến",
        "đẩy mạnh công tác tuyên truyền, nhân rộng các mô hình hay, những điển hình tiên tiến, gương “Người tốt, việc "
        "tốt”. Tích cực triển khai thực hiện Đề án “Tuyên truyền gương điển hình tiên tiến” giai đoạn 2022 - 2025. "
        "Thực hiện có hiệu quả các chương trình phối hợp giữa cơ quan làm công tác thi đua, khen thưởng với các cơ "
        "quan thông tin, truyền thông trong phát hiện, tuyên truyền các tập thể, cá nhân có thành tích xuất sắc trong "
        "phòng chống dịch bệnh, phòng chống tham nhũng, tiêu cực, những tấm gương xuất sắc trong công tác, lao động, "
        "học tập, chiến đấu, các tập thể cá nhân Anh hùng Lao động, Anh hùng Lực lượng vũ trang nhân dân.",
    ),
    (
        "Nâng cao chất lượng công tác khen thưởng",
        "đổi mới hoạt động, nâng cao chất lượng hoạt động của Hội đồng Thi đua - Khen thưởng các cấp, các ngành. "
        "Nâng cao chất lượng công tác khen thưởng, phát huy hơn nữa vai trò, trách nhiệm của cơ quan chuyên trách về "
        "thi đua, khen thưởng phù hợp với tình hình mới. Thực hiện công tác thi đua, khen thưởng bảo đảm đúng quy "
        "định, kịp thời, công khai, minh bạch, tạo hiệu ứng tích cực, có sức lan tỏa. Tập thể, cá nhân được khen "
        "thưởng phải thật sự tiêu biểu, nỗ lực phấn đấu, đổi mới sáng tạo, dám nghĩ, dám làm, dám chịu trách nhiệm vì "
        "lợi ích chung, hoàn thành xuất sắc nhiệm vụ được giao, đem lại những giá trị vật chất và tinh thần lớn lao "
        "cho cộng đồng, cho xã hội. Nâng cao vai trò, trách nhiệm của người đứng đầu trong phát hiện, kịp thời biểu "
        "dương, khen thưởng tập thể, cá nhân có thành tích cao và đột xuất, có những hành động đẹp, được xã hội tôn "
        "vinh, trân trọng, ngưỡng mộ; quan tâm khen thưởng cho công nhân, nông dân, người lao động trực tiếp…",
    ),
    (
        "Xây dựng Đảng và hệ thống chính trị",
        "tiếp tục thực hiện có hiệu quả Kết luận số 21-KL/TW ngày 25/10/2021 của Ban Chấp hành Trung ương Đảng về đẩy "
        "mạnh xây dựng, chỉnh đốn Đảng và hệ thống chính trị; kiên quyết ngăn chặn, đẩy lùi, xử lý nghiêm cán bộ, "
        "đảng viên suy thoái về tư tưởng chính trị, đạo đức, lối sống, biểu hiện “tự diễn biến”, “tự chuyển hoá”; "
        "Chỉ thị số 26/CT-TTg ngày 05/9/2016 của Chính phủ về tăng cường kỷ luật, kỷ cương hành chính trong cơ quan "
        "hành chính nhà nước; Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ về việc phê duyệt Đề "
        "án Văn hóa công vụ. Tích cực xây dựng, củng cố hệ thống chính trị; xây dựng tổ chức Đảng, chính quyền, Mặt "
        "trận Tổ quốc và các tổ chức chính trị - xã hội trong sạch, vững mạnh.",
    ),
    (
        "Cải cách hành chính và chuyển đổi số",
        "tiếp tục triển khai thực hiện Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Thủ tướng Chính phủ ban hành Chương "
        "trình tổng thể cải cách hành chính Nhà nước giai đoạn 2021 - 2030, Chỉ thị số 23/CT-TTg ngày 02/9/2021 của "
        "Thủ tướng Chính phủ về đẩy mạnh thực hiện Chương trình tổng thể cải cách hành chính Nhà nước giai đoạn 2021 "
        "- 2030. Xây dựng và triển khai có hiệu quả Kế hoạch triển khai chuyển đổi số và an toàn thông tin mạng năm "
        "2023. Đảm bảo mục tiêu tăng cường ứng dụng công nghệ thông tin, chuyển đổi số và ứng dụng các tiến bộ khoa "
        "học, công nghệ thúc đẩy hoàn thành xây dựng và phát triển Chính quyền điện tử, Chính quyền số, góp phần đổi "
        "mới phương thức làm việc, nâng cao năng suất, hiệu quả hoạt động của cơ quan hành chính Nhà nước các cấp. "
        "Tiếp tục sắp xếp tổ chức bộ máy các cơ quan hành chính, đơn vị sự nghiệp công lập tinh gọn, hiệu lực, hiệu "
        "quả.",
    ),
    (
        "Kỷ niệm 75 năm Lời kêu gọi thi đua ái quốc",
        "tổ chức các hoạt động kỷ niệm 75 năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc (11/6/1948 - "
        "11/6/2023), kỷ niệm các ngày lễ lớn và sự kiện lịch sử quan trọng trong năm 2023, bằng nhiều hình thức phù "
        "hợp, thiết thực, hiệu quả.",
    ),
]

#: Sample targets (not in the seed) by item number.
SOUTH_EAST_2023_TARGETS = {
    2: [{"indicator": "Tỷ lệ giải ngân vốn đầu tư công so với kế hoạch", "unit_of_measure": "%", "target_value": 95}],
    3: [{"indicator": "Số xã đạt chuẩn nông thôn mới nâng cao tăng thêm", "unit_of_measure": "xã", "target_value": 5}],
    7: [
        {"indicator": "Tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến", "unit_of_measure": "%", "target_value": 50},
        {
            "indicator": "Chỉ số cải cách hành chính (PAR INDEX) tối thiểu",
            "unit_of_measure": "điểm",
            "target_value": 85,
        },
    ],
}

#: Sample scoring table (not in the seed).
SOUTH_EAST_2023_CRITERIA = [
    ("I. Thực hiện nhiệm vụ chính trị, phát triển kinh tế - xã hội", "1.1", "Tốc độ tăng trưởng GRDP", 15),
    ("I. Thực hiện nhiệm vụ chính trị, phát triển kinh tế - xã hội", "1.2", "Thu ngân sách nhà nước", 10),
    ("I. Thực hiện nhiệm vụ chính trị, phát triển kinh tế - xã hội", "1.3", "Giải ngân vốn đầu tư công", 15),
    ("I. Thực hiện nhiệm vụ chính trị, phát triển kinh tế - xã hội", "1.4", "Nông thôn mới và giảm nghèo bền vững", 10),
    ("I. Thực hiện nhiệm vụ chính trị, phát triển kinh tế - xã hội", "1.5", "Cải cách hành chính, chuyển đổi số", 10),
    ("II. Công tác thi đua, khen thưởng", "2.1", "Tuyên truyền, phát động và tổ chức các phong trào thi đua", 10),
    ("II. Công tác thi đua, khen thưởng", "2.2", "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến", 10),
    ("II. Công tác thi đua, khen thưởng", "2.3", "Chất lượng khen thưởng; khen thưởng người lao động trực tiếp", 10),
    ("III. Xây dựng Đảng và hệ thống chính trị", "3.1", "Xây dựng tổ chức Đảng, chính quyền trong sạch, vững mạnh", 10),
]
SOUTH_EAST_2023_BONUS_PENALTY = [
    {
        "section": "IV. Điểm thưởng, điểm trừ",
        "code": "4.1",
        "title": "Mô hình hay, cách làm sáng tạo được Trung ương ghi nhận",
        "max_points": 5,
        "kind": CriterionKind.BONUS,
        "rule_text": (
            "Cộng 1 điểm cho mỗi mô hình được Hội đồng Thi đua - Khen thưởng Trung ương ghi nhận, tối đa 5 điểm."
        ),
    },
    {
        "section": "IV. Điểm thưởng, điểm trừ",
        "code": "4.2",
        "title": "Gửi báo cáo chậm hoặc không đầy đủ",
        "max_points": 5,
        "kind": CriterionKind.PENALTY,
        "rule_text": "Trừ 1 điểm cho mỗi báo cáo gửi chậm quá 5 ngày làm việc, tối đa 5 điểm.",
    },
]


def _campaign_ids(campaigns, *titles) -> list[int]:
    return [campaigns[title].pk for title in titles]


def load_south_east_2023(campaigns: dict[str, Campaign]) -> Pledge:
    group = EmulationGroup.objects.get(name=SOUTH_EAST)
    existing = Pledge.objects.filter(group=group, year=2023).first()
    if existing is not None:
        return existing
    links = {
        1: _campaign_ids(campaigns, SOUTH_EAST_CAMPAIGN),
        2: _campaign_ids(campaigns, CAMPAIGNS[0][0]),
        3: _campaign_ids(campaigns, *(row[0] for row in CAMPAIGNS[1:5])),
    }
    items = [
        {
            "title": title,
            "body": body[0].upper() + body[1:],
            "targets": SOUTH_EAST_2023_TARGETS.get(number, []),
            "campaign_ids": links.get(number, []),
        }
        for number, (title, body) in enumerate(SOUTH_EAST_2023_ITEMS, start=1)
    ]
    criteria = [
        {"section": section, "code": code, "title": title, "max_points": points, "kind": CriterionKind.CRITERION}
        for section, code, title, points in SOUTH_EAST_2023_CRITERIA
    ] + SOUTH_EAST_2023_BONUS_PENALTY
    pledge = pledge_create(
        actor=None,
        group=group,
        year=2023,
        title="Giao ước thi đua năm 2023 của Cụm thi đua các tỉnh miền Đông Nam Bộ",
        place="Bình Dương",
        preamble=(
            "Với phương châm “Đoàn kết kỷ cương, bản lĩnh linh hoạt, đổi mới sáng tạo, kịp thời hiệu quả”, "
            "các tỉnh trong Cụm thi đua các tỉnh miền Đông Nam Bộ thống nhất ký kết giao ước thi đua năm 2023 "
            "với những nội dung trọng tâm sau. (Dữ liệu mẫu: các chỉ tiêu và bảng điểm là ví dụ minh họa.)"
        ),
        items=items,
        criteria=criteria,
    )
    return pledge_open_for_signing(actor=None, pledge=pledge)


#: The northern border cluster's 2023 pledge (seed 004's themes; targets and criteria are demo figures).
NORTHERN_BORDER_2023_ITEMS = [
    {
        "title": "Thực hiện các phong trào thi đua do Thủ tướng Chính phủ phát động",
        "body": "Quyết tâm thực hiện có hiệu quả các phong trào thi đua do Thủ tướng Chính phủ phát động, gắn với "
        "thực hiện thắng lợi các chỉ tiêu, nhiệm vụ phát triển kinh tế - xã hội năm 2023 của các tỉnh trong Cụm.",
        "targets": [
            {"indicator": "Tốc độ tăng trưởng GRDP", "unit_of_measure": "%", "target_value": "7"},
            {"indicator": "Số xã đạt chuẩn nông thôn mới trong năm", "unit_of_measure": "xã", "target_value": "10"},
        ],
    },
    {
        "title": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "body": "Gắn các phong trào thi đua với việc đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách "
        "Hồ Chí Minh; giữ vững an ninh chính trị, trật tự, an toàn xã hội và chủ quyền biên giới quốc gia.",
        "targets": [],
    },
    {
        "title": "Nâng cao chất lượng khen thưởng",
        "body": "Khen thưởng chính xác, kịp thời, công khai, minh bạch; quan tâm khen thưởng tập thể nhỏ, người lao "
        "động trực tiếp, cơ sở vùng sâu, vùng xa, biên giới, vùng đồng bào dân tộc thiểu số.",
        "targets": [
            {
                "indicator": "Tỷ lệ khen thưởng người lao động trực tiếp",
                "unit_of_measure": "%",
                "target_value": "40",
            }
        ],
    },
    {
        "title": "Tuyên truyền, nhân rộng điển hình tiên tiến",
        "body": "Thực hiện Đề án “Tuyên truyền gương điển hình tiên tiến” giai đoạn 2022 - 2025 theo Quyết định số "
        "1526/QĐ-TTg ngày 09/12/2022 của Thủ tướng Chính phủ; trao đổi, học tập kinh nghiệm giữa các tỉnh trong Cụm.",
        "targets": [],
    },
]

_TASKS = "I. Thực hiện nhiệm vụ chính trị"
_EMULATION = "II. Công tác thi đua, khen thưởng"
NORTHERN_BORDER_2023_CRITERIA = [
    {"section": _TASKS, "code": "1.1", "title": "Chỉ tiêu kinh tế - xã hội", "max_points": 40},
    {"section": _TASKS, "code": "1.2", "title": "Quốc phòng, an ninh biên giới", "max_points": 20},
    {"section": _EMULATION, "code": "2.1", "title": "Tổ chức phong trào thi đua", "max_points": 20},
    {"section": _EMULATION, "code": "2.2", "title": "Chất lượng khen thưởng", "max_points": 20},
    {
        "section": "III. Điểm thưởng, điểm trừ",
        "code": "3.1",
        "title": "Mô hình, cách làm hay được Trung ương ghi nhận",
        "max_points": 5,
        "kind": CriterionKind.BONUS,
        "rule_text": "Cộng 1 điểm cho mỗi mô hình, tối đa 5 điểm.",
    },
    {
        "section": "III. Điểm thưởng, điểm trừ",
        "code": "3.2",
        "title": "Gửi báo cáo chậm so với quy định",
        "max_points": 5,
        "kind": CriterionKind.PENALTY,
        "rule_text": "Trừ 1 điểm cho mỗi báo cáo chậm.",
    },
]


def draft_northern_border_2023(group: EmulationGroup) -> Pledge:
    """The northern border cluster's 2023 pledge, drafted if it does not exist yet."""
    pledge = Pledge.objects.filter(group=group, year=2023).first()
    if pledge is None:
        pledge = pledge_create(
            actor=None,
            group=group,
            year=2023,
            title=f"Giao ước thi đua năm 2023 của {NORTHERN_BORDER}",
            preamble="Với tinh thần “càng khó khăn thì càng phải thi đua”, các tỉnh trong Cụm thi đua các tỉnh miền "
            "núi biên giới phía Bắc thống nhất ký kết giao ước thi đua năm 2023 với các nội dung sau:",
            items=NORTHERN_BORDER_2023_ITEMS,
            criteria=NORTHERN_BORDER_2023_CRITERIA,
        )
    return pledge


@transaction.atomic
def load_demo(*, stdout=None) -> None:
    pledge = load_south_east_2023(load_campaigns())
    if stdout is not None:
        stdout.write(f"Giao ước: {pledge.title} ({pledge.get_status_display()})")
