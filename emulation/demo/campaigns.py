"""Demo data of campaigns, on top of the organisation demo (clusters/demo/): the campaigns named in the seeds.

- the Prime Minister's campaigns (seeds 000, 003), the campaigns of the Hưng Yên provincial chairman
  (seed 003) and the campaign the South-East cluster launched at its 2023 conference (seed 000).

Launch dates the seeds do not give are the first year the seeds mention the campaign (UNCONFIRMED), and
their legal basis is left empty. Idempotent: running it twice changes nothing. Runs on SQLite too.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from clusters.demo.units import province
from clusters.models import EmulationGroup

from ..models import Authority, Campaign, CampaignKind
from ..services.campaigns import campaign_create

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


@transaction.atomic
def load_demo(*, stdout=None) -> None:
    campaigns = load_campaigns()
    if stdout is not None:
        stdout.write(f"Phong trào: {len(campaigns)}")
