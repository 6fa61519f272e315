"""The catalogue of titles and award forms, and the rule sets in force by date, as data.

Sources: Law on Emulation and Commendation 2022 (06/2022/QH15, in force 1/1/2024),
Decree 98/2023/NĐ-CP (1/1/2024 – 30/6/2025) and Decree 152/2025/NĐ-CP (from 1/7/2025). The eligibility rules
of each rule set are in `awards.catalogue.rules`.

`awards.services.catalogue.ensure_catalogue()` writes this into a new database; corrections of data
already loaded reach existing databases through a data migration (e.g. 0008).
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
        "để khen thưởng cấp trên, trừ danh hiệu mà tiêu chuẩn nêu danh hiệu trước đó; phạm vi áp dụng với điều kiện "
        "Luật đã nêu (Điều 73.1.b, 44.1.e) chưa xác định.",
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
        f"{LAW_2022}, Điều 75",
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
        f"{LAW_2022}, Điều 74",
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
        f"{LAW_2022}, Điều 73",
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
        f"{LAW_2022}, Điều 44",
        None,
        False,
    ),
]

#: The documents a dossier must hold before it goes up (kinds of `awards.models.AttachmentKind`), per award type:
#: the achievements report (báo cáo thành tích) confirmed by the submitting level and the minutes of its
#: emulation council's meeting (biên bản họp), as Decree 152/2025 Art. 42 lists for the Prime Minister's Bằng
#: khen and the dossiers of the other titles and forms carry them too; the covering submission (tờ trình) is the
#: batch's own record (`awards.models.Submission`). Editable by admins per award type.
REQUIRED_DOCUMENTS = {code: ["report", "minutes"] for code, *_rest in AWARD_TYPES}
