"""Each eligibility check, with the article it implements and its edge years. Pure functions: no database."""

import datetime

from awards import eligibility as e
from awards.eligibility import FAILED, PASSED, UNKNOWN, Facts, GroupFacts, RuleSpec

NAMES = {
    "LAO_DONG_TIEN_TIEN": "Lao động tiên tiến",
    "CSTD_CO_SO": "Chiến sĩ thi đua cơ sở",
    "CSTD_CAP_TINH": "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
    "BANG_KHEN_CAP_TINH": "Bằng khen cấp bộ, ban, ngành, tỉnh",
    "TAP_THE_LDXS": "Tập thể lao động xuất sắc",
    "CO_THI_DUA_CAP_TINH": "Cờ thi đua cấp bộ, ban, ngành, tỉnh",
    "BANG_KHEN_THU_TUONG": "Bằng khen của Thủ tướng Chính phủ",
}
EXCELLENT = {"collective": ["TAP_THE_LDXS", "CO_THI_DUA_CAP_TINH"], "individual": ["CSTD_CO_SO", "CSTD_CAP_TINH"]}


def facts(**kwargs) -> Facts:
    kwargs.setdefault("year", 2024)
    kwargs["history"] = {k: frozenset(v) for k, v in kwargs.get("history", {}).items()}
    kwargs["pending"] = {k: frozenset(v) for k, v in kwargs.get("pending", {}).items()}
    return Facts(names=NAMES, **kwargs)


# --- Law 2022 Art. 22: CSTĐ cấp tỉnh needs 3 consecutive CSTĐ cơ sở ---------------------------------------
THREE_CSTD = {"titles": ["CSTD_CO_SO"], "years": 3}


def test_art_22_three_consecutive_basic_titles_ending_this_year_pass():
    verdict = e.holds_titles(facts(history={"CSTD_CO_SO": {2022, 2023, 2024}}), THREE_CSTD)
    assert verdict.status == PASSED
    assert "2022, 2023, 2024" in verdict.facts


def test_art_22_a_missing_proposal_year_fails_and_names_the_years_found_and_missing():
    verdict = e.holds_titles(facts(history={"CSTD_CO_SO": {2022, 2023}}), THREE_CSTD)
    assert verdict.status == FAILED
    assert verdict.facts == ("Cần 03 năm liên tục đạt Chiến sĩ thi đua cơ sở (2022–2024): có 2022, 2023; thiếu 2024.")


def test_art_22_a_gap_in_the_middle_breaks_the_chain_even_with_older_titles():
    verdict = e.holds_titles(facts(history={"CSTD_CO_SO": {2019, 2020, 2021, 2022, 2024}}), THREE_CSTD)
    assert verdict.status == FAILED
    assert "thiếu 2023" in verdict.facts


def test_art_22_titles_older_than_the_window_do_not_count():
    verdict = e.holds_titles(facts(history={"CSTD_CO_SO": {2020, 2021, 2022}}), THREE_CSTD)
    assert verdict.status == FAILED
    assert "thiếu 2023, 2024" in verdict.facts


def test_art_22_a_missing_year_still_being_proposed_cannot_be_told_yet():
    verdict = e.holds_titles(facts(history={"CSTD_CO_SO": {2022, 2023}}, pending={"CSTD_CO_SO": {2024}}), THREE_CSTD)
    assert verdict.status == UNKNOWN
    assert "đang được đề nghị" in verdict.facts


def test_art_21_national_title_needs_two_consecutive_provincial_titles():
    params = {"titles": ["CSTD_CAP_TINH"], "years": 2}
    assert e.holds_titles(facts(history={"CSTD_CAP_TINH": {2023, 2024}}), params).status == PASSED
    assert e.holds_titles(facts(history={"CSTD_CAP_TINH": {2022, 2024}}), params).status == FAILED


def test_art_23_basic_title_needs_lao_dong_tien_tien_the_same_year():
    params = {"titles": ["LAO_DONG_TIEN_TIEN"], "years": 1}
    assert e.holds_titles(facts(history={"LAO_DONG_TIEN_TIEN": {2024}}), params).status == PASSED
    assert e.holds_titles(facts(history={"LAO_DONG_TIEN_TIEN": {2023}}), params).status == FAILED


# --- Law 2022 Art. 21-23: initiatives, read from the register (issue 19 item 2) ----------------------------------
def linked(level: str, day=datetime.date(2024, 5, 20), title="Sáng kiến số hoá hồ sơ") -> e.InitiativeFacts:
    return e.InitiativeFacts(title=title, level=level, recognised_on=day, decision_number="12/QĐ-HĐSK")


def test_art_22_without_any_linked_initiative_fails():
    verdict = e.initiative(facts(), {"min_level": "ministry_province"})
    assert verdict.status == FAILED
    assert "chưa gắn sáng kiến nào trong sổ" in verdict.facts


def test_a_level_only_declared_is_no_proof_and_cannot_be_told():
    verdict = e.initiative(facts(initiative_level="national"), {"min_level": "ministry_province"})
    assert verdict.status == UNKNOWN
    assert "chưa gắn sáng kiến trong sổ" in verdict.facts
    assert e.initiative(facts(initiative_level="basic"), {"min_level": "ministry_province"}).status == FAILED


def test_art_22_initiative_of_basic_effect_is_not_enough_for_the_provincial_title():
    verdict = e.initiative(facts(initiatives=(linked("basic"),)), {"min_level": "ministry_province"})
    assert verdict.status == FAILED
    assert "«Sáng kiến số hoá hồ sơ» (cấp cơ sở" in verdict.facts and "phạm vi ảnh hưởng thấp hơn" in verdict.facts


def test_art_21_national_initiative_satisfies_every_lower_level():
    national = facts(initiatives=(linked("national"),))
    assert e.initiative(national, {"min_level": "ministry_province"}).status == PASSED
    assert e.initiative(national, {"min_level": "basic"}).status == PASSED
    assert e.initiative(facts(initiatives=(linked("ministry_province"),)), {"min_level": "national"}).status == FAILED


def test_an_initiative_recognised_after_the_achievement_year_does_not_count_for_it():
    later = facts(initiatives=(linked("ministry_province", day=datetime.date(2025, 1, 10)),))
    verdict = e.initiative(later, {"min_level": "ministry_province"})
    assert verdict.status == FAILED and "công nhận sau năm 2024" in verdict.facts
    on_the_last_day = facts(initiatives=(linked("ministry_province", day=datetime.date(2024, 12, 31)),))
    assert e.initiative(on_the_last_day, {"min_level": "ministry_province"}).status == PASSED


def test_the_window_rule_counts_the_years_ending_with_the_achievement_year():
    params = {"min_level": "ministry_province", "years": 3}
    inside = facts(initiatives=(linked("ministry_province", day=datetime.date(2022, 1, 3)),))
    assert e.initiative_window(inside, params).status == PASSED
    before = facts(initiatives=(linked("ministry_province", day=datetime.date(2021, 12, 31)),))
    verdict = e.initiative_window(before, params)
    assert verdict.status == FAILED and "2022–2024" in verdict.facts
    too_low = facts(initiatives=(linked("basic", day=datetime.date(2023, 1, 3)),))
    assert e.initiative_window(too_low, params).status == FAILED


# --- Cap: CSTĐ cơ sở at most 15% of the unit's Lao động tiên tiến (UNCONFIRMED percentage) -------------------
CAP = {"of": "LAO_DONG_TIEN_TIEN", "percent": 15}


def test_cap_exactly_at_fifteen_percent_passes_one_more_fails():
    at_limit = facts(award_code="CSTD_CO_SO", unit_counts={"CSTD_CO_SO": 3, "LAO_DONG_TIEN_TIEN": 20})
    assert e.ratio_cap(at_limit, CAP).status == PASSED
    over = facts(award_code="CSTD_CO_SO", unit_counts={"CSTD_CO_SO": 4, "LAO_DONG_TIEN_TIEN": 20})
    verdict = e.ratio_cap(over, CAP)
    assert verdict.status == FAILED
    assert "4 Chiến sĩ thi đua cơ sở trên 20 Lao động tiên tiến (tối đa 3)" in verdict.facts


def test_cap_rounds_down_so_six_workers_allow_no_basic_title():
    small = facts(award_code="CSTD_CO_SO", unit_counts={"CSTD_CO_SO": 1, "LAO_DONG_TIEN_TIEN": 6})
    assert e.ratio_cap(small, CAP).status == FAILED


def test_cap_without_any_lao_dong_tien_tien_cannot_be_told():
    assert e.ratio_cap(facts(award_code="CSTD_CO_SO", unit_counts={"CSTD_CO_SO": 1}), CAP).status == UNKNOWN


# --- Council vote threshold (90% under Decree 91/2017 Art. 45.8; UNCONFIRMED under 98 and 152) --------------
def test_council_vote_at_ninety_percent_passes_just_below_fails():
    assert e.council_vote(facts(council_members=20, council_votes_for=18), {"percent": 90}).status == PASSED
    verdict = e.council_vote(facts(council_members=20, council_votes_for=17), {"percent": 90})
    assert verdict.status == FAILED
    assert "17/20" in verdict.facts
    assert e.council_vote(facts(), {"percent": 90}).status == UNKNOWN


# --- Law 2022 Art. 27-28: collectives ---------------------------------------------------------------------
def test_art_28_half_of_members_with_lao_dong_tien_tien_passes():
    params = {"title": "LAO_DONG_TIEN_TIEN", "percent": 50}
    assert e.member_share(facts(members_total=10, member_titles={"LAO_DONG_TIEN_TIEN": 5}), params).status == PASSED
    assert e.member_share(facts(members_total=10, member_titles={"LAO_DONG_TIEN_TIEN": 4}), params).status == FAILED


def test_art_27_seventy_percent_reached_only_with_pending_proposals_cannot_be_told():
    params = {"title": "LAO_DONG_TIEN_TIEN", "percent": 70}
    pending = facts(
        members_total=10, member_titles={"LAO_DONG_TIEN_TIEN": 5}, member_titles_pending={"LAO_DONG_TIEN_TIEN": 2}
    )
    assert e.member_share(pending, params).status == UNKNOWN
    assert e.member_share(facts(), params).status == UNKNOWN


def test_art_27_needs_one_member_with_chien_si_thi_dua_co_so():
    params = {"title": "CSTD_CO_SO", "count": 1}
    assert e.member_count(facts(member_titles={"CSTD_CO_SO": 1}), params).status == PASSED
    assert e.member_count(facts(member_titles={}), params).status == FAILED
    assert e.member_count(facts(member_titles_pending={"CSTD_CO_SO": 1}), params).status == UNKNOWN


def test_art_27_28_discipline_must_be_declared_free():
    assert e.discipline_free(facts(discipline_free=True), {}).status == PASSED
    assert e.discipline_free(facts(discipline_free=False), {}).status == FAILED
    assert e.discipline_free(facts(), {}).status == UNKNOWN


# --- Law 2022 Art. 25: Cờ thi đua của Chính phủ for the leading units of centrally organised clusters --------
CO_CP = {"organizer_level": "central", "or_title": "CO_THI_DUA_CAP_TINH"}


def test_art_25_leading_unit_of_a_central_cluster_passes():
    group = GroupFacts(name="Cụm miền núi biên giới phía Bắc", nominee_is_member=True, organizer_is_central=True)
    verdict = e.group_leader(facts(year=2023, group=group), CO_CP)
    assert verdict.status == PASSED
    assert "Cụm miền núi biên giới phía Bắc" in verdict.facts


def test_art_25_a_provincial_cluster_does_not_qualify_unless_the_provincial_flag_is_held():
    group = GroupFacts(name="Khối Thi đua 1", nominee_is_member=True, organizer_is_central=False)
    assert e.group_leader(facts(year=2023, group=group), CO_CP).status == FAILED
    holder = facts(year=2023, group=group, history={"CO_THI_DUA_CAP_TINH": {2022}})
    assert e.group_leader(holder, CO_CP).status == PASSED


def test_art_25_nominee_outside_the_cluster_and_no_cluster_at_all_fail():
    outsider = GroupFacts(name="Cụm A", nominee_is_member=False, organizer_is_central=True)
    assert e.group_leader(facts(group=outsider), CO_CP).status == FAILED
    assert e.group_leader(facts(), CO_CP).status == FAILED


def test_cluster_quota_of_one_flag_counts_the_batch():
    one = GroupFacts(name="Cụm A", nominee_is_member=True, organizer_is_central=True, proposals_for_award=1)
    two = GroupFacts(name="Cụm A", nominee_is_member=True, organizer_is_central=True, proposals_for_award=2)
    assert e.group_quota(facts(group=one), {"per_group": 1}).status == PASSED
    assert e.group_quota(facts(group=two), {"per_group": 1}).status == FAILED


# --- Five years of titles (collectives' Art. 73 and 44, unconfirmed) and Decree 152/2025 Art. 4 ---------------
BK_TT_98 = {"prior": ["BANG_KHEN_CAP_TINH"], "years": 5, "excellent_titles": EXCELLENT, "or_kinds": ["ad_hoc"]}
BK_TT_152 = {"prior": [], "years": 5, "excellent_titles": EXCELLENT, "or_kinds": ["ad_hoc"]}
FIVE_YEARS = {2020, 2021, 2022, 2023, 2024}


def test_decree_98_prior_provincial_award_then_five_excellent_years_passes():
    history = {"BANG_KHEN_CAP_TINH": {2019}, "CSTD_CO_SO": FIVE_YEARS}
    verdict = e.prior_award_then_years(facts(history=history), BK_TT_98)
    assert verdict.status == PASSED
    assert "năm 2019" in verdict.facts


def test_decree_98_prior_award_inside_the_five_years_is_too_recent():
    history = {"BANG_KHEN_CAP_TINH": {2021}, "CSTD_CO_SO": FIVE_YEARS}
    verdict = e.prior_award_then_years(facts(history=history), BK_TT_98)
    assert verdict.status == FAILED
    assert "chưa đủ 5 năm" in verdict.facts


def test_decree_152_art_4_no_lower_award_needed_only_the_five_years():
    assert e.prior_award_then_years(facts(history={"CSTD_CO_SO": FIVE_YEARS}), BK_TT_152).status == PASSED
    assert e.prior_award_then_years(facts(history={"CSTD_CO_SO": FIVE_YEARS}), BK_TT_98).status == FAILED


def test_five_years_for_a_collective_use_its_own_titles():
    history = {"TAP_THE_LDXS": {2020, 2021, 2022, 2024}, "CO_THI_DUA_CAP_TINH": {2023}}
    assert e.prior_award_then_years(facts(target="collective", history=history), BK_TT_152).status == PASSED
    short = {"TAP_THE_LDXS": {2021, 2022, 2023, 2024}}
    verdict = e.prior_award_then_years(facts(target="collective", history=short), BK_TT_152)
    assert verdict.status == FAILED
    assert "thiếu 2020" in verdict.facts


def test_ad_hoc_and_cluster_ballot_proposals_are_other_ways_in():
    assert e.prior_award_then_years(facts(kind="ad_hoc"), BK_TT_98).status == PASSED
    group = GroupFacts(name="Cụm A", nominee_is_member=True, organizer_is_central=True)
    params = {**BK_TT_98, "or_group_proposal": True}
    assert e.prior_award_then_years(facts(group=group, target="collective"), params).status == PASSED
    assert e.prior_award_then_years(facts(group=group, target="collective"), BK_TT_98).status == FAILED


# --- Running a rule set ---------------------------------------------------------------------------------------
def test_evaluate_skips_rules_for_the_other_kind_of_nominee_and_reports_the_article():
    rules = [
        RuleSpec("holds_titles", THREE_CSTD, "Luật TĐKT 2022, Điều 22", "03 năm CSTĐ cơ sở", "individual"),
        RuleSpec("discipline_free", {}, "Luật TĐKT 2022, Điều 28", "Không kỷ luật", "collective"),
    ]
    results = e.evaluate(rules, facts(history={"CSTD_CO_SO": {2023, 2024}}))
    assert [r["article"] for r in results] == ["Luật TĐKT 2022, Điều 22"]
    assert results[0]["status"] == FAILED
    assert e.overall(results) == FAILED


def test_evaluate_turns_bad_parameters_into_cannot_tell_instead_of_crashing():
    results = e.evaluate([RuleSpec("holds_titles", {}, "Điều 22", "thiếu tham số")], facts())
    assert results[0]["status"] == UNKNOWN
    assert e.overall(results) == UNKNOWN
    assert e.overall([]) == UNKNOWN  # no rule is no reason to pass (issue 21 item 7)


# --- Issue 21: the yearly performance rating -------------------------------------------------------------------
def test_art_24_good_or_better_passes_completed_fails_none_cannot_be_told():
    assert e.rating(facts(ratings={2024: "excellent"}), {"min": "good"}).status == PASSED
    verdict = e.rating(facts(ratings={2024: "completed"}), {"min": "good"})
    assert verdict.status == FAILED
    assert "được xếp loại hoàn thành nhiệm vụ" in verdict.facts
    assert e.rating(facts(ratings={2023: "good"}), {"min": "good"}).status == UNKNOWN


def test_art_23_2_excellent_work_or_an_initiative_either_suffices():
    params = {"min": "excellent", "min_level": "basic"}
    assert e.rating_or_initiative(facts(ratings={2024: "excellent"}, initiative_level="none"), params).status == PASSED
    assert (
        e.rating_or_initiative(facts(ratings={2024: "good"}, initiatives=(linked("basic"),)), params).status == PASSED
    )
    assert e.rating_or_initiative(facts(ratings={2024: "good"}, initiative_level="none"), params).status == FAILED
    assert e.rating_or_initiative(facts(initiative_level="none"), params).status == UNKNOWN
    # declared but not linked: cannot be told; nothing at all: failed
    assert e.rating_or_initiative(facts(ratings={2024: "good"}, initiative_level="basic"), params).status == UNKNOWN
    assert e.rating_or_initiative(facts(ratings={2024: "good"}), params).status == FAILED


def test_art_27_every_member_completes_their_tasks():
    params = {"min": "completed", "percent": 100}
    assert e.members_rated(facts(members_total=3, member_ratings={"good": 2, "completed": 1}), params).status == PASSED
    failed = facts(members_total=3, member_ratings={"good": 2, "not_completed": 1})
    assert e.members_rated(failed, params).status == FAILED
    verdict = e.members_rated(facts(members_total=3, member_ratings={"good": 2}), params)
    assert verdict.status == UNKNOWN and "1 người chưa có xếp loại" in verdict.facts


RATED = {
    "prior": ["BANG_KHEN_CAP_TINH"], "years": 5, "min": "good", "titles": ["CSTD_CO_SO"], "title_count": 3,
}  # fmt: skip
GOOD_YEARS = dict.fromkeys(FIVE_YEARS, "good")


def test_art_73_1_b_prior_award_then_five_good_years_with_three_basic_titles():
    history = {"BANG_KHEN_CAP_TINH": {2019}, "CSTD_CO_SO": {2020, 2022, 2024}}
    assert e.prior_award_then_rated_years(facts(history=history, ratings=GOOD_YEARS), RATED).status == PASSED
    two = {"BANG_KHEN_CAP_TINH": {2019}, "CSTD_CO_SO": {2022, 2024}}
    assert e.prior_award_then_rated_years(facts(history=two, ratings=GOOD_YEARS), RATED).status == FAILED
    pending = facts(history=two, pending={"CSTD_CO_SO": {2023}}, ratings=GOOD_YEARS)
    assert e.prior_award_then_rated_years(pending, RATED).status == UNKNOWN
    gap = {**GOOD_YEARS, 2021: "completed"}
    assert e.prior_award_then_rated_years(facts(history=history, ratings=gap), RATED).status == FAILED
    missing = dict.fromkeys(FIVE_YEARS - {2021}, "good")
    verdict = e.prior_award_then_rated_years(facts(history=history, ratings=missing), RATED)
    assert verdict.status == UNKNOWN and "chưa có xếp loại năm 2021" in verdict.facts


def test_art_44_1_e_needs_one_excellent_year():
    params = {**RATED, "prior": ["BANG_KHEN_THU_TUONG"], "excellent_years": 1}
    history = {"BANG_KHEN_THU_TUONG": {2018}, "CSTD_CO_SO": {2020, 2022, 2024}}
    assert e.prior_award_then_rated_years(facts(history=history, ratings=GOOD_YEARS), params).status == FAILED
    one = {**GOOD_YEARS, 2022: "excellent"}
    assert e.prior_award_then_rated_years(facts(history=history, ratings=one), params).status == PASSED


def test_decree_152_art_4_shows_both_readings_when_the_laws_prior_award_is_missing():
    params = {**RATED, "prior_waived_by": "Nghị định 152/2025/NĐ-CP, Điều 4"}
    history = {"CSTD_CO_SO": {2020, 2022, 2024}}
    verdict = e.prior_award_then_rated_years(facts(history=history, ratings=GOOD_YEARS), params)
    assert verdict.status == UNKNOWN
    assert "Cần đã được tặng Bằng khen cấp bộ, ban, ngành, tỉnh trước năm 2020: chưa có." in verdict.facts
    assert "Nghị định 152/2025/NĐ-CP, Điều 4" in verdict.facts
    # both readings fail: it fails
    short = facts(history={"CSTD_CO_SO": {2024}}, ratings=GOOD_YEARS)
    assert e.prior_award_then_rated_years(short, params).status == FAILED
    # without the waiver (Decree 98/2023) the Law's condition stands
    assert e.prior_award_then_rated_years(facts(history=history, ratings=GOOD_YEARS), RATED).status == FAILED


# --- Issue 21: the leading unit is the one the ballot elected (Art. 25, 26) ------------------------------------
ELECTED = {"organizer_level": "any", "elected": True}


def test_art_26_leading_unit_reads_the_closed_ballot():
    def group(**kw):
        return GroupFacts(name="Khối 1", nominee_is_member=True, organizer_is_central=False, **kw)

    assert e.group_leader(facts(group=group(ballot="closed", elected_leading=True)), ELECTED).status == PASSED
    verdict = e.group_leader(facts(group=group(ballot="closed", elected_leading=False)), ELECTED)
    assert verdict.status == FAILED and "không suy tôn" in verdict.facts
    assert e.group_leader(facts(group=group(ballot="open")), ELECTED).status == UNKNOWN
    assert e.group_leader(facts(group=group()), ELECTED).status == UNKNOWN


def test_art_25_1_leading_unit_of_a_provincial_group_is_unsettled_not_failed():
    params = {**CO_CP, "elected": True, "provincial_leaders": "unsettled"}
    group = GroupFacts(name="Khối 1", nominee_is_member=True, organizer_is_central=False, ballot="closed",
                       elected_leading=True)  # fmt: skip
    assert e.group_leader(facts(year=2023, group=group), params).status == UNKNOWN


# --- Issue 21: unconfirmed rules and awards without confirmed conditions -------------------------------------
def test_old_laws_more_than_half_is_strict():
    params = {"title": "LAO_DONG_TIEN_TIEN", "percent": 50, "strict": True}
    assert e.member_share(facts(members_total=10, member_titles={"LAO_DONG_TIEN_TIEN": 5}), params).status == FAILED
    assert e.member_share(facts(members_total=10, member_titles={"LAO_DONG_TIEN_TIEN": 6}), params).status == PASSED


def test_an_unconfirmed_rule_alone_neither_fails_nor_passes():
    cap = RuleSpec("ratio_cap", CAP, "Chưa xác định", "Không quá 15%", "individual", unconfirmed=True)
    title = RuleSpec("holds_titles", {"titles": ["LAO_DONG_TIEN_TIEN"], "years": 1}, "Điều 23", "LĐTT", "individual")
    over = facts(award_code="CSTD_CO_SO", unit_counts={"CSTD_CO_SO": 4, "LAO_DONG_TIEN_TIEN": 20},
                 history={"LAO_DONG_TIEN_TIEN": {2024}})  # fmt: skip
    results = e.evaluate([title, cap], over)
    assert [r["status"] for r in results] == [PASSED, FAILED]
    assert e.overall(results) == UNKNOWN
    only_unconfirmed = e.evaluate([cap], facts(award_code="CSTD_CO_SO", unit_counts={"LAO_DONG_TIEN_TIEN": 20}))
    assert only_unconfirmed[0]["status"] == PASSED
    assert only_unconfirmed[-1]["check"] == "not_settled"
    assert e.overall(only_unconfirmed) == UNKNOWN
