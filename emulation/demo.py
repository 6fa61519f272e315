"""Demo data of campaigns and pledges, on top of the organisation demo (clusters/demo.py).

- Campaigns named in the seeds: the Prime Minister's campaigns (seeds 000, 003),
  the campaigns of the Hưng Yên provincial chairman (seed 003) and the campaign the
  South-East cluster launched at its 2023 conference (seed 000).
- The South-East cluster's 2023 pledge (seed 000) with its eight content items
  "Thứ nhất … Thứ tám", opened for signing so that the seven member leaders
  (lanhdao.binhduong, … ; Bình Phước, the chair, last) can sign it in the browser.

The scoring table and the measurable targets are NOT in the seed: they are a
sample for the demo, marked as such in the pledge's preamble.
Launch dates the seeds do not give are the first year the seeds mention the
campaign (UNCONFIRMED), and their legal basis is left empty.

Idempotent: running it twice changes nothing. Runs on SQLite too.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from clusters.demo import DEMO_PASSWORD, province
from clusters.models import EmulationGroup, MemberRole, Membership, Role, User

from .models import Authority, Campaign, CampaignKind, Pledge, PledgeStatus
from .services.campaigns import campaign_create
from .services.pledges import pledge_create, pledge_open_for_signing, pledge_sign

SOUTH_EAST = "Cụm thi đua các tỉnh miền Đông Nam Bộ"

PM = "Thủ tướng Chính phủ"

#: (title, authority, authority name, kind, start, end, legal basis, goals, launching unit short name)
CAMPAIGNS = [
    (
        "Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội hằng năm và Kế hoạch 5 năm (2021 - 2025)",
        Authority.PRIME_MINISTER,
        PM,
        CampaignKind.REGULAR,
        datetime.date(2021, 7, 16),
        datetime.date(2025, 12, 31),
        "Chỉ thị số 19/CT-TTg ngày 16/7/2021 của Thủ tướng Chính phủ",
        "Phát động thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội hằng năm và Kế hoạch 5 năm "
        "(2021 - 2025) theo Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng.",
        None,
    ),
    (
        "Đẩy mạnh phát triển kết cấu hạ tầng đồng bộ, hiện đại; thực hành tiết kiệm, chống lãng phí",
        Authority.PRIME_MINISTER,
        PM,
        CampaignKind.THEMATIC,
        datetime.date(2023, 1, 1),
        None,
        "",
        "Gắn với thi đua đẩy nhanh giải ngân vốn đầu tư công (seed 000).",
        None,
    ),
    (
        "Cả nước chung sức xây dựng nông thôn mới",
        Authority.PRIME_MINISTER,
        PM,
        CampaignKind.REGULAR,
        datetime.date(2023, 1, 1),
        None,
        "",
        "",
        None,
    ),
    (
        "Vì người nghèo - Không để ai bị bỏ lại phía sau",
        Authority.PRIME_MINISTER,
        PM,
        CampaignKind.REGULAR,
        datetime.date(2023, 1, 1),
        None,
        "",
        "",
        None,
    ),
    (
        "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở",
        Authority.PRIME_MINISTER,
        PM,
        CampaignKind.REGULAR,
        datetime.date(2023, 1, 1),
        None,
        "",
        "Gắn với Quyết định số 1847/QĐ-TTg ngày 27/12/2018 phê duyệt Đề án Văn hóa công vụ (seed 000).",
        None,
    ),
    (
        "Cả nước chung tay xóa nhà tạm, nhà dột nát trong năm 2025",
        Authority.PRIME_MINISTER,
        PM,
        CampaignKind.THEMATIC,
        datetime.date(2025, 1, 1),
        datetime.date(2025, 12, 31),
        "",
        "",
        None,
    ),
    (
        "Cả nước thi đua xây dựng xã hội học tập, đẩy mạnh học tập suốt đời",
        Authority.PRIME_MINISTER,
        PM,
        CampaignKind.REGULAR,
        datetime.date(2025, 1, 1),
        None,
        "",
        "",
        None,
    ),
    (
        "Thi đua yêu nước chào mừng Đại hội đảng bộ các cấp tiến tới Đại hội đại biểu Đảng bộ tỉnh lần thứ XX, "
        "Đại hội Thi đua yêu nước tỉnh Hưng Yên lần thứ X năm 2025",
        Authority.PROVINCIAL_CHAIRMAN,
        "Chủ tịch UBND tỉnh Hưng Yên",
        CampaignKind.THEMATIC,
        datetime.date(2024, 11, 25),
        datetime.date(2025, 12, 31),
        "Chỉ thị số 08/CT-CTUBND ngày 25/11/2024 của Chủ tịch UBND tỉnh Hưng Yên",
        "Thực hiện thắng lợi các chỉ tiêu phát triển kinh tế - xã hội, hoàn thành Kế hoạch 5 năm (2021-2025); "
        "lập thành tích chào mừng Đại hội đảng bộ các cấp và Đại hội Thi đua yêu nước tỉnh lần thứ X.",
        "Hưng Yên",
    ),
    (
        "Đẩy mạnh công tác cải cách hành chính nhà nước tỉnh Hưng Yên giai đoạn 2022 - 2025",
        Authority.PROVINCIAL_CHAIRMAN,
        "Chủ tịch UBND tỉnh Hưng Yên",
        CampaignKind.THEMATIC,
        datetime.date(2022, 1, 1),
        datetime.date(2025, 12, 31),
        "",
        "",
        "Hưng Yên",
    ),
    (
        "Hưng Yên đẩy mạnh thực hiện Đề án Chuyển đổi số",
        Authority.PROVINCIAL_CHAIRMAN,
        "Chủ tịch UBND tỉnh Hưng Yên",
        CampaignKind.THEMATIC,
        datetime.date(2024, 1, 1),
        None,
        "",
        "",
        "Hưng Yên",
    ),
    (
        "Đẩy nhanh tiến độ thực hiện các Dự án trọng điểm của tỉnh giai đoạn 2021 - 2025",
        Authority.PROVINCIAL_CHAIRMAN,
        "Chủ tịch UBND tỉnh Hưng Yên",
        CampaignKind.THEMATIC,
        datetime.date(2021, 1, 1),
        datetime.date(2025, 12, 31),
        "",
        "",
        "Hưng Yên",
    ),
    (
        "Đẩy mạnh thu hút và sử dụng hiệu quả các nguồn lực đầu tư trên địa bàn tỉnh Hưng Yên giai đoạn 2022 - 2025",
        Authority.PROVINCIAL_CHAIRMAN,
        "Chủ tịch UBND tỉnh Hưng Yên",
        CampaignKind.THEMATIC,
        datetime.date(2022, 1, 1),
        datetime.date(2025, 12, 31),
        "",
        "",
        "Hưng Yên",
    ),
]

SOUTH_EAST_CAMPAIGN = (
    "Phong trào thi đua năm 2023 của Cụm thi đua các tỉnh miền Đông Nam Bộ: "
    "“Đoàn kết kỷ cương, bản lĩnh linh hoạt, đổi mới sáng tạo, kịp thời hiệu quả”"
)

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
        "kind": "bonus",
        "rule_text": (
            "Cộng 1 điểm cho mỗi mô hình được Hội đồng Thi đua - Khen thưởng Trung ương ghi nhận, tối đa 5 điểm."
        ),
    },
    {
        "section": "IV. Điểm thưởng, điểm trừ",
        "code": "4.2",
        "title": "Gửi báo cáo chậm hoặc không đầy đủ",
        "max_points": 5,
        "kind": "penalty",
        "rule_text": "Trừ 1 điểm cho mỗi báo cáo gửi chậm quá 5 ngày làm việc, tối đa 5 điểm.",
    },
]


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def load_campaigns() -> dict[str, Campaign]:
    campaigns = {}
    for title, authority, authority_name, kind, start, end, basis, goals, unit_name in CAMPAIGNS:
        campaign = Campaign.objects.filter(title=title).first()
        if campaign is None:
            campaign = campaign_create(
                actor=None,
                title=title,
                authority=authority,
                authority_name=authority_name,
                kind=kind,
                start_date=start,
                end_date=end,
                legal_basis=basis,
                goals=goals,
                launching_unit=province(unit_name, year=2024) if unit_name else None,
            )
        campaigns[title] = campaign
    group = EmulationGroup.objects.get(name=SOUTH_EAST)
    campaign = Campaign.objects.filter(title=SOUTH_EAST_CAMPAIGN).first()
    if campaign is None:
        campaign = campaign_create(
            actor=None,
            title=SOUTH_EAST_CAMPAIGN,
            authority=Authority.GROUP,
            authority_name="Chủ tịch UBND tỉnh Bình Phước, Cụm trưởng năm 2023",
            launching_group=group,
            kind=CampaignKind.REGULAR,
            start_date=datetime.date(2023, 3, 30),
            end_date=datetime.date(2023, 12, 31),
            legal_basis="Phát động tại Hội nghị ngày 30/3/2023 tại Bình Dương",
            goals="Phương châm “Đoàn kết kỷ cương, bản lĩnh linh hoạt, đổi mới sáng tạo, kịp thời hiệu quả”.",
            groups=[group],
        )
    campaigns[SOUTH_EAST_CAMPAIGN] = campaign
    return campaigns


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
        {"section": section, "code": code, "title": title, "max_points": points, "kind": "criterion"}
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


def sign_for_demo(pledge: Pledge) -> Pledge:
    """Sign `pledge` with the demo leader account of every member unit (chair last), as if in the browser.

    For other demo loaders (e.g. the year-end demo needs signed pledges). Each member unit
    must have an active leader account with the demo password.
    """
    pledge = Pledge.objects.get(pk=pledge.pk)
    if pledge.status == PledgeStatus.DRAFT:
        pledge = pledge_open_for_signing(actor=None, pledge=pledge)
    if pledge.status == PledgeStatus.SIGNED:
        return pledge
    members = list(Membership.objects.filter(group=pledge.group, year=pledge.year))
    members.sort(key=lambda m: m.role == MemberRole.CHAIR)
    signed_units = set(
        pledge.signatures.filter(version=pledge.version, voided_at__isnull=True).values_list("unit_id", flat=True)
    )
    for membership in members:
        if membership.unit_id in signed_units:
            continue
        leader = User.objects.filter(unit_id=membership.unit_id, role=Role.LEADER, is_active=True).order_by("pk")[0]
        pledge_sign(
            actor=leader, pledge=pledge, version=pledge.version, password=DEMO_PASSWORD, user_agent="demo loader"
        )
    return Pledge.objects.get(pk=pledge.pk)


@transaction.atomic
def load_demo(*, stdout=None) -> None:
    campaigns = load_campaigns()
    pledge = load_south_east_2023(campaigns)
    _say(stdout, f"Phong trào: {len(campaigns)}; giao ước: {pledge.title} ({pledge.get_status_display()})")
