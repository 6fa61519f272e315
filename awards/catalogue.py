"""The catalogue of titles and award forms and the eligibility rules, as data.

Sources: Law on Emulation and Commendation 2022 (06/2022/QH15, in force 1/1/2024),
Decree 98/2023/NĐ-CP (1/1/2024 – 30/6/2025) and Decree 152/2025/NĐ-CP (from 1/7/2025).
Numbers and articles that the domain guide marks UNCONFIRMED carry `unconfirmed=True`:
they are editable in the admin and shown as such next to every result they produce.

`awards.services.catalogue.ensure_catalogue()` writes this into the database idempotently.
"""

from __future__ import annotations

import datetime

LAW_2022 = "Luật Thi đua, khen thưởng số 06/2022/QH15"
D98 = "Nghị định 98/2023/NĐ-CP"
D152 = "Nghị định 152/2025/NĐ-CP"
LAW_START = datetime.date(2024, 1, 1)

RULE_SETS = [
    {
        "code": "nd-98-2023",
        "name": f"{LAW_2022} và {D98}",
        "effective_from": LAW_START,
        "effective_to": datetime.date(2025, 6, 30),
        "note": "Quy định chi tiết Luật Thi đua, khen thưởng 2022, áp dụng đến hết 30/6/2025.",
    },
    {
        "code": "nd-152-2025",
        "name": f"{LAW_2022} và {D152}",
        "effective_from": datetime.date(2025, 7, 1),
        "effective_to": None,
        "note": "Thay thế Nghị định 98/2023 từ 1/7/2025. Điều 4: khen thưởng cấp dưới không là điều kiện "
        "để khen thưởng cấp trên, trừ danh hiệu mà tiêu chuẩn nêu danh hiệu trước đó.",
    },
]

# code, name, target, kind, level, authority, rank, legal basis, bonus (x base salary), certificate
AWARD_TYPES = [
    (
        "LAO_DONG_TIEN_TIEN",
        "Lao động tiên tiến",
        "individual",
        "title",
        "basic",
        "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã",
        10,
        f"{LAW_2022}, Điều 24",
        "0.3",
        False,
    ),
    (
        "CSTD_CO_SO",
        "Chiến sĩ thi đua cơ sở",
        "individual",
        "title",
        "basic",
        "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã",
        20,
        f"{LAW_2022}, Điều 23",
        "1.0",
        False,
    ),
    (
        "CSTD_CAP_TINH",
        "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
        "individual",
        "title",
        "ministry_province",
        "Bộ trưởng, Thủ trưởng cơ quan Trung ương; Chủ tịch UBND cấp tỉnh",
        40,
        f"{LAW_2022}, Điều 22",
        "3.0",
        False,
    ),
    (
        "CSTD_TOAN_QUOC",
        "Chiến sĩ thi đua toàn quốc",
        "individual",
        "title",
        "government",
        "Thủ tướng Chính phủ",
        60,
        f"{LAW_2022}, Điều 21",
        "4.5",
        False,
    ),
    (
        "TAP_THE_LDTT",
        "Tập thể lao động tiên tiến",
        "collective",
        "title",
        "basic",
        "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã",
        15,
        f"{LAW_2022}, Điều 28",
        None,
        False,
    ),
    (
        "TAP_THE_LDXS",
        "Tập thể lao động xuất sắc",
        "collective",
        "title",
        "ministry_province",
        "Bộ trưởng, Thủ trưởng cơ quan Trung ương; Chủ tịch UBND cấp tỉnh",
        35,
        f"{LAW_2022}, Điều 27",
        None,
        False,
    ),
    (
        "CO_THI_DUA_CAP_TINH",
        "Cờ thi đua cấp bộ, ban, ngành, tỉnh",
        "collective",
        "title",
        "ministry_province",
        "Bộ trưởng, Thủ trưởng cơ quan Trung ương; Chủ tịch UBND cấp tỉnh",
        45,
        f"{LAW_2022}, Điều 26",
        None,
        False,
    ),
    (
        "CO_THI_DUA_CHINH_PHU",
        "Cờ thi đua của Chính phủ",
        "collective",
        "title",
        "government",
        "Thủ tướng Chính phủ",
        65,
        f"{LAW_2022}, Điều 25",
        None,
        False,
    ),
    (
        "GIAY_KHEN",
        "Giấy khen",
        "both",
        "form",
        "basic",
        "Thủ trưởng cơ quan, đơn vị; Chủ tịch UBND cấp xã; Trưởng khối thi đua",
        12,
        f"{LAW_2022}, Điều 74",
        None,
        True,
    ),
    (
        "BANG_KHEN_CAP_TINH",
        "Bằng khen cấp bộ, ban, ngành, tỉnh",
        "both",
        "form",
        "ministry_province",
        "Bộ trưởng, Thủ trưởng cơ quan Trung ương; Chủ tịch UBND cấp tỉnh",
        30,
        f"{LAW_2022}, Điều 72",
        None,
        True,
    ),
    (
        "BANG_KHEN_THU_TUONG",
        "Bằng khen của Thủ tướng Chính phủ",
        "both",
        "form",
        "government",
        "Thủ tướng Chính phủ",
        55,
        f"{LAW_2022}, Điều 71",
        None,
        True,
    ),
    (
        "HUAN_CHUONG_LAO_DONG_HANG_BA",
        "Huân chương Lao động hạng Ba",
        "both",
        "form",
        "state",
        "Chủ tịch nước",
        70,
        f"{LAW_2022}, Điều 45",
        None,
        False,
    ),
]

#: Titles whose holders "completed their tasks excellently" that year (for the 5-year conditions).
EXCELLENT_YEAR_TITLES = {
    "collective": ["TAP_THE_LDXS", "CO_THI_DUA_CAP_TINH", "CO_THI_DUA_CHINH_PHU"],
    "individual": ["CSTD_CO_SO", "CSTD_CAP_TINH", "CSTD_TOAN_QUOC"],
}

#: Rules per rule set: (rule set code, award code, check, params, article, description, applies_to, unconfirmed).
_COMMON = [
    (
        "CSTD_CO_SO",
        "holds_titles",
        {"titles": ["LAO_DONG_TIEN_TIEN"], "years": 1},
        f"{LAW_2022}, Điều 23",
        "Đạt danh hiệu Lao động tiên tiến trong năm",
        "individual",
        False,
    ),
    (
        "CSTD_CO_SO",
        "initiative",
        {"min_level": "basic"},
        f"{LAW_2022}, Điều 23",
        "Có sáng kiến, đề tài được công nhận",
        "individual",
        False,
    ),
    (
        "CSTD_CO_SO",
        "ratio_cap",
        {"of": "LAO_DONG_TIEN_TIEN", "percent": 15},
        "Tỷ lệ Chiến sĩ thi đua cơ sở",
        "Không quá 15% số cá nhân đạt Lao động tiên tiến của đơn vị",
        "individual",
        True,
    ),
    (
        "CSTD_CAP_TINH",
        "holds_titles",
        {"titles": ["CSTD_CO_SO"], "years": 3},
        f"{LAW_2022}, Điều 22",
        "03 lần liên tục đạt Chiến sĩ thi đua cơ sở",
        "individual",
        False,
    ),
    (
        "CSTD_CAP_TINH",
        "initiative",
        {"min_level": "ministry_province"},
        f"{LAW_2022}, Điều 22",
        "Sáng kiến có phạm vi ảnh hưởng cấp bộ, ban, ngành, tỉnh",
        "individual",
        False,
    ),
    (
        "CSTD_CAP_TINH",
        "council_vote",
        {"percent": 90},
        "Tỷ lệ phiếu bầu của Hội đồng (Nghị định 91/2017, Điều 45.8)",
        "Ít nhất 90% tổng số thành viên Hội đồng đồng ý",
        "individual",
        True,
    ),
    (
        "CSTD_TOAN_QUOC",
        "holds_titles",
        {"titles": ["CSTD_CAP_TINH"], "years": 2},
        f"{LAW_2022}, Điều 21",
        "02 lần liên tục đạt Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
        "individual",
        False,
    ),
    (
        "CSTD_TOAN_QUOC",
        "initiative",
        {"min_level": "national"},
        f"{LAW_2022}, Điều 21",
        "Sáng kiến có phạm vi ảnh hưởng toàn quốc",
        "individual",
        False,
    ),
    (
        "CSTD_TOAN_QUOC",
        "council_vote",
        {"percent": 90},
        "Tỷ lệ phiếu bầu của Hội đồng (Nghị định 91/2017, Điều 45.8)",
        "Ít nhất 90% tổng số thành viên Hội đồng đồng ý",
        "individual",
        True,
    ),
    (
        "TAP_THE_LDTT",
        "member_share",
        {"title": "LAO_DONG_TIEN_TIEN", "percent": 50},
        f"{LAW_2022}, Điều 28",
        "Ít nhất 50% cá nhân trong tập thể đạt Lao động tiên tiến",
        "collective",
        False,
    ),
    (
        "TAP_THE_LDTT",
        "discipline_free",
        {},
        f"{LAW_2022}, Điều 28",
        "Không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên",
        "collective",
        False,
    ),
    (
        "TAP_THE_LDXS",
        "member_share",
        {"title": "LAO_DONG_TIEN_TIEN", "percent": 70},
        f"{LAW_2022}, Điều 27",
        "Ít nhất 70% cá nhân trong tập thể đạt Lao động tiên tiến",
        "collective",
        False,
    ),
    (
        "TAP_THE_LDXS",
        "member_count",
        {"title": "CSTD_CO_SO", "count": 1},
        f"{LAW_2022}, Điều 27",
        "Có cá nhân đạt Chiến sĩ thi đua cơ sở",
        "collective",
        False,
    ),
    (
        "TAP_THE_LDXS",
        "discipline_free",
        {},
        f"{LAW_2022}, Điều 27",
        "Không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên",
        "collective",
        False,
    ),
    (
        "CO_THI_DUA_CAP_TINH",
        "group_leader",
        {"organizer_level": "any"},
        f"{LAW_2022}, Điều 26",
        "Đơn vị dẫn đầu cụm, khối thi đua do tỉnh, bộ tổ chức",
        "collective",
        False,
    ),
    (
        "CO_THI_DUA_CHINH_PHU",
        "group_leader",
        {"organizer_level": "central", "or_title": "CO_THI_DUA_CAP_TINH"},
        f"{LAW_2022}, Điều 25",
        "Đơn vị dẫn đầu cụm, khối thi đua do Hội đồng Trung ương tổ chức (hoặc đạt Cờ thi đua cấp bộ, tỉnh)",
        "collective",
        False,
    ),
    (
        "CO_THI_DUA_CHINH_PHU",
        "group_quota",
        {"per_group": 1},
        "Số lượng Cờ thi đua của Chính phủ theo quy mô cụm, khối",
        "Mỗi cụm, khối đề nghị không quá 1 cờ",
        "collective",
        True,
    ),
    (
        "HUAN_CHUONG_LAO_DONG_HANG_BA",
        "prior_award_then_years",
        {"prior": ["BANG_KHEN_THU_TUONG"], "years": 5, "excellent_titles": EXCELLENT_YEAR_TITLES},
        f"{LAW_2022}, Điều 45",
        "Đã được tặng Bằng khen của Thủ tướng, sau đó 05 năm liên tục hoàn thành xuất sắc nhiệm vụ",
        "both",
        True,
    ),
]

RULES = (
    [("nd-98-2023", *rule) for rule in _COMMON]
    + [
        # Decree 98/2023: the Prime Minister's Bằng khen needs a provincial Bằng khen first (chain of forms).
        (
            "nd-98-2023",
            "BANG_KHEN_THU_TUONG",
            "prior_award_then_years",
            {
                "prior": ["BANG_KHEN_CAP_TINH"],
                "years": 5,
                "excellent_titles": EXCELLENT_YEAR_TITLES,
                "or_kinds": ["ad_hoc", "thematic"],
                "or_group_proposal": True,
            },
            f"{LAW_2022}, Điều 71; {D98}",
            "Đã được tặng Bằng khen cấp bộ, ban, ngành, tỉnh, sau đó 05 năm liên tục hoàn thành xuất sắc nhiệm vụ "
            "(hoặc thành tích đột xuất, chuyên đề, hoặc được cụm, khối thi đua bình xét đề nghị)",
            "both",
            True,
        ),
    ]
    + [("nd-152-2025", *rule) for rule in _COMMON]
    + [
        # Decree 152/2025 Art. 4: a lower-level award is no prerequisite; only the years of excellent work count.
        (
            "nd-152-2025",
            "BANG_KHEN_THU_TUONG",
            "prior_award_then_years",
            {
                "prior": [],
                "years": 5,
                "excellent_titles": EXCELLENT_YEAR_TITLES,
                "or_kinds": ["ad_hoc", "thematic"],
                "or_group_proposal": True,
            },
            f"{LAW_2022}, Điều 71; {D152}, Điều 4",
            "05 năm liên tục hoàn thành xuất sắc nhiệm vụ (không bắt buộc đã có Bằng khen cấp dưới), "
            "hoặc thành tích đột xuất, chuyên đề, hoặc được cụm, khối thi đua bình xét đề nghị",
            "both",
            True,
        ),
    ]
)
