"""The statutory statistics forms of Thông tư 02/2023/TT-BNV (biểu 0601–0605) as data.

Each form lists its rows and columns, each with a code (Mã số), a label and a selector spec the pure functions of
emulation/selectors/statistics.py evaluate (specs in one row and one column are ANDed; a column with "sum" adds
other columns). Award types are named by their catalogue codes: a code the catalogue lacks counts nothing until
it is added. The forms' structure is taken from the headers the leading suites print (the circular's own text was
not at hand): whatever that does not settle is marked "confirmed": false with a note, and the whole version stays
unconfirmed. A successor circular is a new entry with its own `effective_from`, loaded by `ensure_stat_forms`.
"""

from __future__ import annotations

import datetime

LEGAL_BASIS = "Thông tư 02/2023/TT-BNV"
EFFECTIVE_FROM = "2023-05-01"  # UNCONFIRMED: the day the circular took effect
RECEIVING = "Bộ Nội vụ (Ban Thi đua - Khen thưởng Trung ương)"
RECEIPT = "15 tháng 12"

KINDS = [
    ("annual", "Khen thưởng thường xuyên"),
    ("thematic", "Khen thưởng theo chuyên đề"),
    ("ad_hoc", "Khen thưởng đột xuất"),
    ("dedication", "Khen thưởng quá trình cống hiến"),
    ("seniority", "Khen thưởng theo niên hạn"),
    ("resistance", "Khen thưởng thành tích kháng chiến"),
    ("foreign", "Khen thưởng đối ngoại"),
]

# The award rows of 0602 and 0603: submitting body, the seven kinds, the recipient categories.
AWARD_ROWS = [
    {"code": "01", "label": "Tổng số", "spec": {}},
    {"code": "02", "label": "Chia theo cơ quan trình khen thưởng:", "heading": True},
    {
        "code": "03",
        "label": "Bộ, ban, ngành, đoàn thể Trung ương",
        "spec": {"submitter_kind": ["central"]},
        "confirmed": False,
        "note": "Cơ quan trình: đơn vị đề nghị của hồ sơ, hoặc đơn vị của người, tập thể được khen nếu không có hồ sơ.",
    },
    {"code": "04", "label": "Tỉnh, thành phố trực thuộc Trung ương", "spec": {"submitter_kind": ["province", "board"]}},
    {"code": "05", "label": "Sở, ban, ngành cấp tỉnh", "spec": {"submitter_kind": ["agency"]}},
    {"code": "06", "label": "Cấp huyện, cấp xã", "spec": {"submitter_kind": ["district", "commune"]}},
    {"code": "07", "label": "Đơn vị khác", "spec": {"submitter_kind": ["collective", "household"]}},
    {"code": "08", "label": "Chia theo loại hình khen thưởng:", "heading": True},
    *[{"code": f"{9 + i:02d}", "label": label, "spec": {"kind": [kind]}} for i, (kind, label) in enumerate(KINDS)],
    {"code": "16", "label": "Chia theo đối tượng:", "heading": True},
    {
        "code": "17",
        "label": "Tập thể (kể cả doanh nghiệp)",
        "spec": {"recipient_category": ["collective", "enterprise"]},
    },
    {"code": "18", "label": "Trong đó: doanh nghiệp", "spec": {"recipient_category": ["enterprise"]}},
    {"code": "19", "label": "Hộ gia đình", "spec": {"recipient_category": ["household"]}},
    {"code": "20", "label": "Lãnh đạo bộ, ban, ngành, tỉnh", "spec": {"recipient_category": ["leader_central"]}},
    {"code": "21", "label": "Lãnh đạo vụ, cục, sở, ban, ngành", "spec": {"recipient_category": ["leader_department"]}},
    {"code": "22", "label": "Doanh nhân", "spec": {"recipient_category": ["business_person"]}},
    {
        "code": "23",
        "label": "Lãnh đạo từ phó trưởng phòng trở lên",
        "spec": {"recipient_category": ["leader_division"]},
    },
    {
        "code": "24",
        "label": "Công nhân, nông dân, người lao động trực tiếp",
        "spec": {"recipient_category": ["direct_worker"]},
    },
    {"code": "25", "label": "Cá nhân khác", "spec": {"recipient_category": ["other_individual"]}},
]


def _award_columns(groups: list[tuple[str, list[str], tuple[str, ...]]]) -> list[dict]:
    """Column 1 = the sum of the others; then one column per award group and target (tập thể, cá nhân)."""
    columns: list[dict] = []
    number = 2
    for label, codes, targets in groups:
        for target in targets:
            target_label = "Tập thể" if target == "collective" else "Cá nhân"
            columns.append(
                {
                    "code": str(number),
                    "label": f"{label} — {target_label}",
                    "spec": {"award_types": codes, "target": target},
                }
            )
            number += 1
    total = {
        "code": "1",
        "label": "Tổng số",
        "spec": {"sum": [c["code"] for c in columns]},
        "formula": f"1=({'+'.join(c['code'] for c in columns)})",
    }
    return [total, *columns]


BOTH = ("collective", "individual")

FORMS = [
    {
        "code": "0601",
        "title": "Số phong trào thi đua",
        "subject": "campaigns",
        "unit_of_measure": "Phong trào",
        "definition": {
            "columns": [
                {"code": "1", "label": "Tổng số", "spec": {"sum": ["2", "3", "4"]}, "formula": "1=(2+3+4)"},
                {
                    "code": "2",
                    "label": "Do Trung ương phát động",
                    "spec": {"authority": ["prime_minister", "central_council"]},
                },
                {
                    "code": "3",
                    "label": "Do bộ, ngành, địa phương phát động",
                    "spec": {"authority": ["ministry", "provincial_chairman"]},
                },
                {
                    "code": "4",
                    "label": "Do cơ quan, đơn vị, cụm, khối phát động",
                    "spec": {"authority": ["group"]},
                    "confirmed": False,
                    "note": "Phong trào do cơ quan, đơn vị phát động: tạm tính các phong trào do cụm, khối phát động.",
                },
            ],
            "rows": [
                {"code": "01", "label": "Tổng số", "spec": {}},
                {"code": "02", "label": "Chia theo phạm vi:", "heading": True},
                {"code": "03", "label": "Toàn quốc", "spec": {"authority": ["prime_minister", "central_council"]}},
                {
                    "code": "04",
                    "label": "Bộ, ngành, địa phương",
                    "spec": {"authority": ["ministry", "provincial_chairman"]},
                },
                {"code": "05", "label": "Cụm, khối thi đua", "spec": {"authority": ["group"]}},
                {
                    "code": "06",
                    "label": "Cơ quan, đơn vị",
                    "spec": {"launching_unit_kind": ["agency", "district", "commune", "collective"]},
                    "confirmed": False,
                    "note": "Theo loại đơn vị phát động; phạm vi này có thể trùng với các dòng trên.",
                },
                {"code": "07", "label": "Chia theo thời gian:", "heading": True},
                {"code": "08", "label": "Dưới 1 năm", "spec": {"duration_months": [0, 12]}},
                {"code": "09", "label": "1 năm", "spec": {"duration_months": [12, 13]}},
                {"code": "10", "label": "Từ trên 1 năm đến dưới 3 năm", "spec": {"duration_months": [13, 36]}},
                {"code": "11", "label": "Từ 3 năm đến dưới 5 năm", "spec": {"duration_months": [36, 60]}},
                {
                    "code": "12",
                    "label": "Từ 5 năm trở lên",
                    "spec": {"duration_months": [60, None]},
                    "confirmed": False,
                    "note": "Phong trào không thời hạn được tính vào dòng này.",
                },
                {"code": "13", "label": "Chia theo hình thức:", "heading": True},
                {"code": "14", "label": "Thi đua theo chuyên đề", "spec": {"campaign_kind": ["thematic"]}},
                {"code": "15", "label": "Thi đua thường xuyên", "spec": {"campaign_kind": ["regular"]}},
                {
                    "code": "16",
                    "label": "Số phong trào đã sơ kết, tổng kết",
                    "manual": True,
                    "note": "Dữ liệu chưa ghi việc sơ kết, tổng kết: nhập tay.",
                },
            ],
        },
    },
    {
        "code": "0602",
        "title": "Số khen thưởng cấp Nhà nước",
        "subject": "awards",
        "unit_of_measure": "Lượt",
        "definition": {
            "award_levels": ["state", "government"],
            "columns": _award_columns(
                [
                    (
                        "Huân chương",
                        [
                            "HUAN_CHUONG_SAO_VANG",
                            "HUAN_CHUONG_HO_CHI_MINH",
                            "HUAN_CHUONG_DOC_LAP_HANG_NHAT",
                            "HUAN_CHUONG_DOC_LAP_HANG_NHI",
                            "HUAN_CHUONG_DOC_LAP_HANG_BA",
                            "HUAN_CHUONG_LAO_DONG_HANG_NHAT",
                            "HUAN_CHUONG_LAO_DONG_HANG_NHI",
                            "HUAN_CHUONG_LAO_DONG_HANG_BA",
                        ],
                        BOTH,
                    ),
                    ("Huy chương", ["HUY_CHUONG_QUAN_KY_QUYET_THANG", "HUY_CHUONG_VI_AN_NINH_TO_QUOC"], BOTH),
                    (
                        "Giải thưởng Hồ Chí Minh, Giải thưởng Nhà nước",
                        ["GIAI_THUONG_HO_CHI_MINH", "GIAI_THUONG_NHA_NUOC"],
                        BOTH,
                    ),
                    ("Cờ thi đua của Chính phủ", ["CO_THI_DUA_CHINH_PHU"], ("collective",)),
                    ("Bằng khen của Thủ tướng Chính phủ", ["BANG_KHEN_THU_TUONG"], BOTH),
                    ("Chiến sĩ thi đua toàn quốc", ["CSTD_TOAN_QUOC"], ("individual",)),
                ]
            ),
            "rows": AWARD_ROWS,
        },
        "note": "Danh hiệu vinh dự Nhà nước (Anh hùng, Nhà giáo nhân dân…) chưa có cột: chưa đối chiếu văn bản.",
    },
    {
        "code": "0603",
        "title": "Số khen thưởng cấp bộ, ban, ngành, tỉnh",
        "subject": "awards",
        "unit_of_measure": "Lượt",
        "definition": {
            "award_levels": ["ministry_province"],
            "columns": _award_columns(
                [
                    ("Bằng khen", ["BANG_KHEN_CAP_TINH"], BOTH),
                    ("Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh", ["CSTD_CAP_TINH"], ("individual",)),
                    ("Cờ thi đua", ["CO_THI_DUA_CAP_TINH"], ("collective",)),
                    ("Huy hiệu, kỷ niệm chương", ["KY_NIEM_CHUONG", "HUY_HIEU"], BOTH),
                ]
            ),
            "rows": AWARD_ROWS,
        },
    },
    {
        "code": "0604",
        "title": "Số cơ quan làm công tác thi đua, khen thưởng",
        "subject": "bodies",
        "unit_of_measure": "Cơ quan",
        "definition": {
            "columns": [
                {"code": "1", "label": "Tổng số", "spec": {"sum": ["2", "3", "4"]}, "formula": "1=(2+3+4)"},
                {"code": "2", "label": "Chuyên trách độc lập", "spec": {"body_form": ["separate"]}},
                {"code": "3", "label": "Bộ phận thuộc cơ quan khác", "spec": {"body_form": ["within"]}},
                {"code": "4", "label": "Cán bộ kiêm nhiệm", "spec": {"body_form": ["part_time"]}},
            ],
            "rows": [
                {"code": "01", "label": "Tổng số", "spec": {}},
                {"code": "02", "label": "Trung ương", "spec": {"body_level": ["central"]}},
                {"code": "03", "label": "Bộ, ban, ngành, đoàn thể Trung ương", "spec": {"body_level": ["ministry"]}},
                {"code": "04", "label": "Tỉnh, thành phố trực thuộc Trung ương", "spec": {"body_level": ["province"]}},
                {"code": "05", "label": "Sở, ban, ngành cấp tỉnh", "spec": {"body_level": ["department"]}},
                {"code": "06", "label": "Xã, phường, đặc khu", "spec": {"body_level": ["commune"]}},
            ],
        },
        "note": "Các cột theo hình thức tổ chức chưa đối chiếu văn bản.",
    },
    {
        "code": "0605",
        "title": "Số công chức làm công tác thi đua, khen thưởng",
        "subject": "staff",
        "unit_of_measure": "Người",
        "definition": {
            "columns": [
                {"code": "1", "label": "Tổng số", "spec": {}},
                {"code": "2", "label": "Trong đó: nữ", "spec": {"gender": ["female"]}},
            ],
            "rows": [
                {"code": "01", "label": "Tổng số", "spec": {}},
                {"code": "02", "label": "Chia theo độ tuổi:", "heading": True},
                {"code": "03", "label": "Dưới 30 tuổi", "spec": {"age": [0, 30]}},
                {"code": "04", "label": "Từ 30 đến dưới 40 tuổi", "spec": {"age": [30, 40]}},
                {"code": "05", "label": "Từ 40 đến dưới 50 tuổi", "spec": {"age": [40, 50]}},
                {"code": "06", "label": "Từ 50 tuổi trở lên", "spec": {"age": [50, None]}},
                {"code": "07", "label": "Chia theo trình độ chuyên môn:", "heading": True},
                {"code": "08", "label": "Tiến sĩ", "spec": {"education": ["doctorate"]}},
                {"code": "09", "label": "Thạc sĩ", "spec": {"education": ["master"]}},
                {"code": "10", "label": "Đại học", "spec": {"education": ["bachelor"]}},
                {"code": "11", "label": "Cao đẳng, trung cấp", "spec": {"education": ["college"]}},
                {"code": "12", "label": "Trình độ khác", "spec": {"education": ["other"]}},
                {"code": "13", "label": "Chia theo số năm làm công tác thi đua, khen thưởng:", "heading": True},
                {"code": "14", "label": "Dưới 5 năm", "spec": {"years_in_work": [0, 5]}},
                {"code": "15", "label": "Từ 5 đến dưới 10 năm", "spec": {"years_in_work": [5, 10]}},
                {"code": "16", "label": "Từ 10 năm trở lên", "spec": {"years_in_work": [10, None]}},
                {
                    "code": "17",
                    "label": "Được bồi dưỡng nghiệp vụ trong năm",
                    "manual": True,
                    "note": "Sổ cán bộ chưa ghi việc bồi dưỡng: nhập tay.",
                },
            ],
        },
        "note": "Các nhóm tuổi, trình độ và số năm công tác chưa đối chiếu văn bản.",
    },
]


def load_forms(model) -> int:
    """Create the form versions of the catalogue that are missing (by code and `effective_from`); returns how
    many. `model` is the historical model in a data migration."""
    created = 0
    for entry in FORMS:
        effective_from = datetime.date.fromisoformat(entry.get("effective_from", EFFECTIVE_FROM))
        _, made = model.objects.get_or_create(
            code=entry["code"],
            effective_from=effective_from,
            defaults={
                "title": entry["title"],
                "subject": entry["subject"],
                "legal_basis": entry.get("legal_basis", LEGAL_BASIS),
                "effective_to": entry.get("effective_to"),
                "unit_of_measure": entry["unit_of_measure"],
                "receiving_unit": entry.get("receiving_unit", RECEIVING),
                "receipt_date": entry.get("receipt_date", RECEIPT),
                "confirmed": entry.get("confirmed", False),
                "note": entry.get("note", ""),
                "definition": entry["definition"],
            },
        )
        created += made
    return created
