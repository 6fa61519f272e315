"""The eligibility rules of each rule set, as data.

Sources: Law on Emulation and Commendation 2022 (06/2022/QH15, in force 1/1/2024),
Decree 98/2023/NĐ-CP (1/1/2024 – 30/6/2025) and Decree 152/2025/NĐ-CP (from 1/7/2025).
Every rule names the text it comes from (`source`), its article and, where the words are known, quotes
them (`quote`). Rules not checked against the official text carry `unconfirmed=True` and a `note` saying
what is to settle: they are editable in the admin, shown as such next to every result they produce, and
never decide a verdict alone. Articles are those of the 2022 Law: never carry a number over from the old law.

`awards.services.catalogue.ensure_catalogue()` writes this into a new database; corrections of data
already loaded reach existing databases through a data migration (e.g. 0008).
"""

from __future__ import annotations

from .award_types import D98, D152, LAW_2022, RULE_SETS

#: Titles whose holders "completed their tasks excellently" that year (collectives' five-year conditions).
EXCELLENT_YEAR_TITLES = {
    "collective": ["TAP_THE_LDXS", "CO_THI_DUA_CAP_TINH", "CO_THI_DUA_CHINH_PHU"],
    "individual": ["CSTD_CO_SO", "CSTD_CAP_TINH", "CSTD_TOAN_QUOC"],
}
ART_4 = f"{D152}, Điều 4"
DECREE = {"nd-98-2023": D98, "nd-152-2025": D152}


def _rule(award, check, params, article, description, *, applies_to="both", source=LAW_2022, quote="", note="",
          unconfirmed=False) -> dict:  # fmt: skip
    return {
        "award": award,
        "check": check,
        "params": params,
        "source": source,
        "article": article,
        "quote": quote,
        "description": description,
        "applies_to": applies_to,
        "unconfirmed": unconfirmed,
        "note": note,
    }


def _council_vote(award: str, decree: str) -> dict:
    return _rule(
        award, "council_vote", {"percent": 90}, "Chưa xác định", "Ít nhất 90% tổng số thành viên Hội đồng đồng ý",
        applies_to="individual", source=decree, unconfirmed=True,
        note=f"Ngưỡng 90% là của Nghị định 91/2017/NĐ-CP (Điều 45 khoản 8), đã hết hiệu lực; ngưỡng theo {decree} "
        "chưa đối chiếu văn bản.",
    )  # fmt: skip


def _initiative_window(award: str, level: str, years: int, article: str, period: str) -> dict:
    """Within which period the initiative of a Chiến sĩ thi đua title must have been recognised (issue 19 item 2):
    the register gives the date, the Law does not give the period."""
    return _rule(
        award, "initiative_window", {"min_level": level, "years": years}, article,
        f"Sáng kiến được công nhận trong {years:02d} năm tính đến năm xét",
        applies_to="individual", unconfirmed=True,
        note=f"Luật 2022 không nói sáng kiến phải được công nhận trong khoảng thời gian nào; tạm xét trong {years:02d} "
        f"năm ({period}). Chưa đối chiếu Nghị định 98/2023/NĐ-CP, 152/2025/NĐ-CP.",
    )  # fmt: skip


#: The emulation titles (danh hiệu thi đua) a nominee registers at the start of the year (đăng ký thi đua).
REGISTERED_TITLES = [
    "LAO_DONG_TIEN_TIEN",
    "CSTD_CO_SO",
    "CSTD_CAP_TINH",
    "CSTD_TOAN_QUOC",
    "TAP_THE_LDTT",
    "TAP_THE_LDXS",
    "CO_THI_DUA_CAP_TINH",
    "CO_THI_DUA_CHINH_PHU",
]


def _registered(award: str, decree: str) -> dict:
    """Registration of the title as a condition of awarding it (issue 18 item 1). Applies only where the board
    runs registrations for the year (`awards.selectors.registrations.registration_state`)."""
    return _rule(
        award, "registered", {}, "Chưa xác định", "Đã đăng ký thi đua danh hiệu này từ đầu năm",
        source=f"{LAW_2022}; {decree}", unconfirmed=True,
        note="Thông tư 12/2019/TT-BNV (đã hết hiệu lực) ghi: cá nhân, tập thể không đăng ký thi đua thì không xem "
        "xét, công nhận danh hiệu thi đua. Điều khoản tương ứng của Luật 2022 và nghị định hiện hành chưa đối chiếu "
        "văn bản.",
    )  # fmt: skip


def _rules_of(rule_set: str) -> list[dict]:
    """The rules of one rule set. The two differ in their decree (citations belong to the rule set in force
    on the proposal's date) and in Decree 152/2025 Art. 4, whose reach is shown, not assumed."""
    decree = DECREE[rule_set]
    waiver = {"prior_waived_by": ART_4} if rule_set == "nd-152-2025" else {}
    law_and_decree = f"{LAW_2022}; {ART_4}" if waiver else LAW_2022
    waiver_note = (
        "Nghị định 152/2025 Điều 4: khen thưởng cấp dưới không là điều kiện để khen thưởng cấp trên; một nghị định "
        "không bỏ được điều kiện Luật đã nêu, nên thiếu khen thưởng trước đó thì hiện cả hai cách hiểu, không tự "
        "coi là Đạt (chưa xác định)."
        if waiver
        else ""
    )
    collective_five_years = {
        "prior": ["BANG_KHEN_CAP_TINH"] if not waiver else [],
        "years": 5,
        "excellent_titles": EXCELLENT_YEAR_TITLES,
        "or_kinds": ["ad_hoc", "thematic"],
        "or_group_proposal": True,
    }
    return [
        _rule(
            "LAO_DONG_TIEN_TIEN",
            "rating",
            {"min": "good"},
            "Điều 24, khoản 1",
            "Xếp loại hoàn thành tốt nhiệm vụ trở lên trong năm",
            applies_to="individual",
            quote="hoàn thành tốt nhiệm vụ trở lên",
            note="Các tiêu chuẩn khác của Điều 24 (tự lực, tự cường; đoàn kết, tương trợ; tích cực tham gia phong "
            "trào thi đua) do đơn vị xác nhận trong báo cáo thành tích.",
        ),
        _rule(
            "CSTD_CO_SO",
            "holds_titles",
            {"titles": ["LAO_DONG_TIEN_TIEN"], "years": 1},
            "Điều 23, khoản 1",
            "Đạt danh hiệu Lao động tiên tiến trong năm",
            applies_to="individual",
        ),
        _rule(
            "CSTD_CO_SO",
            "rating_or_initiative",
            {"min": "excellent", "min_level": "basic"},
            "Điều 23, khoản 2",
            "Hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến, đề tài được công nhận (không bắt buộc cả hai)",
            applies_to="individual",
            quote="hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến ...",
        ),
        _rule(
            "CSTD_CO_SO",
            "ratio_cap",
            {"of": "LAO_DONG_TIEN_TIEN", "percent": 15},
            "Chưa xác định",
            "Không quá 15% số cá nhân đạt Lao động tiên tiến của đơn vị",
            applies_to="individual",
            source=decree,
            unconfirmed=True,
            note="Tỷ lệ 15% chỉ thấy trong một dự thảo của Nghị định 98/2023; chưa thấy trong văn bản chính thức.",
        ),
        _rule(
            "CSTD_CAP_TINH",
            "holds_titles",
            {"titles": ["CSTD_CO_SO"], "years": 3},
            "Điều 22, khoản 1",
            "03 lần liên tục đạt Chiến sĩ thi đua cơ sở",
            applies_to="individual",
            note="Chưa xác định: các năm đã dùng cho một lần Chiến sĩ thi đua cấp bộ, tỉnh có được tính lại cho "
            "lần sau hay không.",
        ),
        _rule(
            "CSTD_CAP_TINH",
            "initiative",
            {"min_level": "ministry_province"},
            "Điều 22, khoản 2",
            "Sáng kiến có phạm vi ảnh hưởng cấp bộ, ban, ngành, tỉnh",
            applies_to="individual",
        ),
        _initiative_window(
            "CSTD_CAP_TINH", "ministry_province", 3, "Điều 22, khoản 2", "03 lần liên tục đạt Chiến sĩ thi đua cơ sở"
        ),
        _council_vote("CSTD_CAP_TINH", decree),
        _rule(
            "CSTD_TOAN_QUOC",
            "holds_titles",
            {"titles": ["CSTD_CAP_TINH"], "years": 2},
            "Điều 21, khoản 1",
            "02 lần liên tục đạt Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
            applies_to="individual",
            quote="02 lần liên tục",
            unconfirmed=True,
            note="Hướng dẫn của luật cũ hiểu «02 lần liên tục» là hai chu kỳ ba năm liền nhau, không phải hai năm "
            "liền; chưa xác định với Luật 2022. Tạm xét hai năm liền.",
        ),
        _rule(
            "CSTD_TOAN_QUOC",
            "initiative",
            {"min_level": "national"},
            "Điều 21, khoản 2",
            "Sáng kiến có phạm vi ảnh hưởng toàn quốc",
            applies_to="individual",
        ),
        _initiative_window(
            "CSTD_TOAN_QUOC",
            "national",
            6,
            "Điều 21, khoản 2",
            "02 lần liên tục đạt Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh, đọc là hai chu kỳ ba năm",
        ),
        _council_vote("CSTD_TOAN_QUOC", decree),
        _rule(
            "TAP_THE_LDTT",
            "member_share",
            {"title": "LAO_DONG_TIEN_TIEN", "percent": 50, "strict": True},
            "Điều 28",
            "Trên 50% cá nhân trong tập thể đạt Lao động tiên tiến",
            applies_to="collective",
            unconfirmed=True,
            note="Chưa tìm thấy lời văn Điều 28 của Luật 2022. Luật cũ ghi «trên 50%» (đúng một "
            "nửa là chưa đủ); tạm xét theo lời văn đó.",
        ),
        _rule(
            "TAP_THE_LDTT",
            "discipline_free",
            {},
            "Điều 28",
            "Không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên",
            applies_to="collective",
            unconfirmed=True,
            note="Luật cũ có điều kiện này; chưa xác định Luật 2022 còn giữ hay không.",
        ),
        _rule(
            "TAP_THE_LDXS",
            "member_share",
            {"title": "LAO_DONG_TIEN_TIEN", "percent": 70},
            "Điều 27",
            "Ít nhất 70% cá nhân trong tập thể đạt Lao động tiên tiến",
            applies_to="collective",
        ),
        _rule(
            "TAP_THE_LDXS",
            "members_rated",
            {"min": "completed", "percent": 100},
            "Điều 27",
            "100% cá nhân trong tập thể hoàn thành nhiệm vụ",
            applies_to="collective",
        ),
        _rule(
            "TAP_THE_LDXS",
            "member_count",
            {"title": "CSTD_CO_SO", "count": 1},
            "Điều 27",
            "Có cá nhân đạt Chiến sĩ thi đua cơ sở",
            applies_to="collective",
            note="Tiêu chuẩn năm 2022 không có điều kiện «không có cá nhân bị kỷ luật» (luật cũ có).",
        ),
        _rule(
            "CO_THI_DUA_CAP_TINH",
            "group_leader",
            {"organizer_level": "any", "elected": True},
            "Điều 26",
            "Đơn vị được cụm, khối thi đua do bộ, tỉnh tổ chức suy tôn dẫn đầu (kết quả bỏ phiếu)",
            applies_to="collective",
        ),
        _rule(
            "CO_THI_DUA_CHINH_PHU",
            "group_leader",
            {
                "organizer_level": "central",
                "elected": True,
                "or_title": "CO_THI_DUA_CAP_TINH",
                "provincial_leaders": "unsettled",
            },
            "Điều 25, khoản 1",
            "Đơn vị được cụm, khối thi đua do Hội đồng Trung ương tổ chức suy tôn dẫn đầu (hoặc đạt Cờ thi đua cấp "
            "bộ, tỉnh)",
            applies_to="collective",
            note="Chưa xác định: đơn vị dẫn đầu cụm, khối do bộ, tỉnh tổ chức (Điều 25 khoản 1 xét chọn trong số "
            "đó) và đơn vị dẫn đầu phong trào thi đua của Thủ tướng từ 05 năm trở lên: thẩm định viên quyết định.",
        ),  # fmt: skip
        _rule(
            "CO_THI_DUA_CHINH_PHU",
            "group_quota",
            {"per_group": 1},
            "Chưa xác định",
            "Mỗi cụm, khối đề nghị không quá 1 cờ",
            applies_to="collective",
            source=decree,
            unconfirmed=True,
            note="Chỉ tiêu theo quy mô cụm, khối chưa đối chiếu văn bản (quy định cũ: không quá 20%).",
        ),
        _rule(
            "GIAY_KHEN",
            "not_settled",
            {},
            "Điều 75",
            "Tiêu chuẩn Giấy khen",
            unconfirmed=True,
            note="Chưa đối chiếu lời văn tiêu chuẩn: chưa xác định, không coi là Đạt.",
        ),
        _rule(
            "BANG_KHEN_CAP_TINH",
            "not_settled",
            {},
            "Điều 74",
            "Tiêu chuẩn Bằng khen cấp bộ, ban, ngành, tỉnh",
            unconfirmed=True,
            note="Chưa tìm thấy lời văn tiêu chuẩn: chưa xác định, không coi là Đạt.",
        ),
        _rule(
            "BANG_KHEN_THU_TUONG",
            "prior_award_then_rated_years",
            {
                "prior": ["BANG_KHEN_CAP_TINH"],
                "years": 5,
                "min": "good",
                "titles": ["CSTD_CO_SO"],
                "title_count": 3,
                "or_kinds": ["ad_hoc", "thematic"],
                **waiver,
            },
            "Điều 73, khoản 1, điểm b" + ("; Nghị định: Điều 4" if waiver else ""),
            "Đã được tặng Bằng khen cấp bộ, ban, ngành, tỉnh, sau đó 05 năm liên tục hoàn thành tốt nhiệm vụ trở "
            "lên, trong đó có 03 lần Chiến sĩ thi đua cơ sở (hoặc thành tích đột xuất, chuyên đề: điểm a, c)",
            applies_to="individual",
            source=law_and_decree,
            quote="hoàn thành tốt nhiệm vụ trở lên",
            note=waiver_note,
        ),  # fmt: skip
        _rule(
            "BANG_KHEN_THU_TUONG",
            "prior_award_then_years",
            collective_five_years,
            "Điều 73",
            "05 năm liên tục đạt danh hiệu tập thể (hoặc thành tích đột xuất, chuyên đề, hoặc được cụm, khối bình "
            "xét đề nghị)",
            applies_to="collective",
            source=law_and_decree,
            unconfirmed=True,
            note="Điều kiện cho tập thể chưa đối chiếu văn bản.",
        ),
        _rule(
            "HUAN_CHUONG_LAO_DONG_HANG_BA",
            "prior_award_then_rated_years",
            {
                "prior": ["BANG_KHEN_THU_TUONG"],
                "years": 5,
                "min": "good",
                "excellent_years": 1,
                "titles": ["CSTD_CO_SO"],
                "title_count": 3,
                **waiver,
            },
            "Điều 44, khoản 1, điểm e" + ("; Nghị định: Điều 4" if waiver else ""),
            "Đã được tặng Bằng khen của Thủ tướng, sau đó 05 năm liên tục hoàn thành tốt nhiệm vụ trở lên, trong "
            "đó có 01 năm hoàn thành xuất sắc nhiệm vụ và 03 lần Chiến sĩ thi đua cơ sở",
            applies_to="individual",
            source=law_and_decree,
            quote="hoàn thành tốt nhiệm vụ trở lên ... xuất sắc",
            note=waiver_note,
        ),  # fmt: skip
        _rule(
            "HUAN_CHUONG_LAO_DONG_HANG_BA",
            "prior_award_then_years",
            {"prior": ["BANG_KHEN_THU_TUONG"], "years": 5, "excellent_titles": EXCELLENT_YEAR_TITLES},
            "Điều 44",
            "Đã được tặng Bằng khen của Thủ tướng, sau đó 05 năm liên tục đạt danh hiệu tập thể",
            applies_to="collective",
            source=law_and_decree,
            unconfirmed=True,
            note="Điều kiện cho tập thể chưa đối chiếu văn bản.",
        ),  # fmt: skip
    ]


#: Every rule of every rule set, in order; each dict also names its `rule_set`.
RULES = [
    {"rule_set": data["code"], **rule}
    for data in RULE_SETS
    for rule in [*_rules_of(data["code"]), *(_registered(award, DECREE[data["code"]]) for award in REGISTERED_TITLES)]
]
#: The fields of an `EligibilityRule` row the data gives (besides its rule set, award type, check and target).
RULE_FIELDS = ["params", "source", "article", "quote", "description", "unconfirmed", "note"]


#: The award council's quorum (số thành viên tối thiểu để phiên họp, biểu quyết có giá trị), as data: at least
#: `numerator`/`denominator` of all members vote (in the meeting or, when absent, in writing). Not checked against
#: the official text of either rule set: boards' council regulations commonly require two thirds; shown as
#: unconfirmed wherever it is used.
COUNCIL_QUORUM = {
    rule_set: {
        "numerator": 2,
        "denominator": 3,
        "source": DECREE[rule_set],
        "article": "Chưa xác định",
        "unconfirmed": True,
        "note": "Ít nhất 2/3 tổng số thành viên Hội đồng tham gia biểu quyết: theo quy chế hoạt động thường gặp của "
        f"Hội đồng Thi đua - Khen thưởng; chưa đối chiếu {DECREE[rule_set]} và Luật Thi đua, khen thưởng 2022.",
    }
    for rule_set in DECREE
}


def quorum_met(*, voters: int, members: int, numerator: int, denominator: int) -> bool:
    """At least numerator/denominator of `members` voted (integers: no rounding of 2/3)."""
    return members > 0 and voters * denominator >= members * numerator
