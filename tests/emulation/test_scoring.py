"""Self-scoring, verification by the chair, bonus/penalty points and the ranking computed by the database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from clusters.models import AuditEvent
from emulation.models import CriterionScore, Evidence, ScoreAdjustment, SelfAssessment
from emulation.selectors.scoring import ranking
from emulation.services import scoring as services
from tests.factories import (
    GroupFactory,
    MembershipFactory,
    ReviewerFactory,
    make_group_year,
    make_scoring_round,
    make_signed_pledge,
    score_unit,
    staff_of,
)
from tests.factories import leader_of as leader

pytestmark = pytest.mark.django_db

FULL = {"1.1": 40, "1.2": 30, "2.1": 30}


def _criterion(scoring_round, code):
    return scoring_round.pledge.criteria.get(code=code)


def _assessment(scoring_round, unit):
    return SelfAssessment.objects.get(round=scoring_round, unit=unit)


def test_opening_scoring_needs_a_signed_pledge():
    group, units = make_group_year(size=3)
    with pytest.raises(ValidationError, match="đã ký kết"):
        services.scoring_open(actor=staff_of(units[0]), group=group, year=2023)


def test_opening_scoring_creates_a_draft_self_assessment_for_every_member():
    scoring_round, units = make_scoring_round(size=4)
    assert set(scoring_round.assessments.values_list("unit_id", flat=True)) == {u.pk for u in units}
    assert set(scoring_round.assessments.values_list("status", flat=True)) == {"draft"}


def test_only_the_chair_unit_opens_scoring():
    group, units = make_group_year(size=3)
    make_signed_pledge(group, 2023)
    with pytest.raises(PermissionDenied):
        services.scoring_open(actor=staff_of(units[2]), group=group, year=2023)


def test_the_system_opens_scoring_without_an_actor_and_is_audited_without_one():
    """actor=None is the system acting (a data load): allowed by require(), the audit row has no actor or unit."""
    group, units = make_group_year(size=3)
    make_signed_pledge(group, 2023)
    scoring_round = services.scoring_open(actor=None, group=group, year=2023)
    event = AuditEvent.objects.get(action="scoring.open", target_id=str(scoring_round.pk))
    assert (event.actor_id, event.unit_id) == (None, None)


def test_a_member_scores_itself_within_the_maximum_of_each_criterion():
    scoring_round, units = make_scoring_round()
    assessment = _assessment(scoring_round, units[1])
    with pytest.raises(ValidationError, match="không được vượt quá 40"):
        services.score_save(
            actor=staff_of(units[1]), assessment=assessment, criterion=_criterion(scoring_round, "1.1"), points="41"
        )
    score = services.score_save(
        actor=staff_of(units[1]),
        assessment=assessment,
        criterion=_criterion(scoring_round, "1.1"),
        points="38.5",
        justification="GRDP tăng 8,1%",
    )
    assert score.self_points == Decimal("38.50")
    assert AuditEvent.objects.filter(action="scoring.self_score", target_id=str(assessment.pk)).exists()


def test_a_member_cannot_score_another_unit():
    scoring_round, units = make_scoring_round()
    with pytest.raises(PermissionDenied):
        services.score_save(
            actor=staff_of(units[2]),
            assessment=_assessment(scoring_round, units[1]),
            criterion=_criterion(scoring_round, "1.1"),
            points=10,
        )


def test_submitting_needs_every_criterion_and_is_done_by_the_leader():
    scoring_round, units = make_scoring_round()
    assessment = score_unit(scoring_round, units[1], {"1.1": 30, "1.2": 20}, submit=False)
    with pytest.raises(PermissionDenied):
        services.assessment_submit(actor=staff_of(units[1]), assessment=assessment)
    with pytest.raises(ValidationError, match="2.1"):
        services.assessment_submit(actor=leader(units[1]), assessment=assessment)


def test_after_submitting_the_member_cannot_change_its_scores():
    scoring_round, units = make_scoring_round()
    assessment = score_unit(scoring_round, units[1], FULL)
    assert assessment.status == "submitted"
    with pytest.raises(PermissionDenied):
        services.score_save(
            actor=staff_of(units[1]), assessment=assessment, criterion=_criterion(scoring_round, "1.1"), points=1
        )
    assert CriterionScore.objects.get(assessment=assessment, criterion__code="1.1").self_points == 40


def test_only_the_chair_verifies_and_an_adjustment_needs_a_reason_the_member_sees(login):
    scoring_round, units = make_scoring_round()
    assessment = score_unit(scoring_round, units[1], FULL)
    score = CriterionScore.objects.get(assessment=assessment, criterion__code="1.2")
    with pytest.raises(PermissionDenied):
        services.score_verify(actor=staff_of(units[2]), score=score, points=25, reason="Thiếu số liệu")
    with pytest.raises(PermissionDenied):
        services.score_verify(actor=staff_of(units[1]), score=score, points=25, reason="Thiếu số liệu")
    with pytest.raises(ValidationError, match="lý do"):
        services.score_verify(actor=staff_of(units[0]), score=score, points=25)
    services.score_verify(actor=staff_of(units[0]), score=score, points=25, reason="Thu ngân sách chỉ đạt 96%")

    client = login(staff_of(units[1]))
    page = client.get(reverse("yearend:assessment", args=[assessment.pk]))
    assert page.status_code == 200
    assert "Thu ngân sách chỉ đạt 96%" in page.content.decode()
    assert ">25</span>" in page.content.decode()  # the verified points, in the one number format (not 25,00)


def test_members_cannot_see_other_units_scores_before_publication(login):
    scoring_round, units = make_scoring_round()
    other = score_unit(scoring_round, units[2], FULL)
    client = login(staff_of(units[1]))
    assert client.get(reverse("yearend:assessment", args=[other.pk])).status_code == 403
    assert client.get(reverse("yearend:ranking", args=[scoring_round.group.pk, 2023])).status_code == 403
    score_unit(scoring_round, units[0], FULL)
    score_unit(scoring_round, units[1], FULL)
    services.scoring_close(actor=staff_of(units[0]), scoring_round=scoring_round)
    assert client.get(reverse("yearend:assessment", args=[other.pk])).status_code == 200
    assert client.get(reverse("yearend:ranking", args=[scoring_round.group.pk, 2023])).status_code == 200


def test_units_outside_the_group_see_nothing(login):
    scoring_round, units = make_scoring_round()
    outsider = MembershipFactory(group=GroupFactory(), year=2023).unit
    client = login(staff_of(outsider))
    assert client.get(reverse("yearend:scoring", args=[scoring_round.group.pk, 2023])).status_code == 403
    assert client.get(reverse("yearend:assessment", args=[_assessment(scoring_round, units[1]).pk])).status_code == 403


def test_closing_needs_every_member_to_have_submitted_and_locks_the_round():
    scoring_round, units = make_scoring_round()
    score_unit(scoring_round, units[0], FULL)
    score_unit(scoring_round, units[1], FULL)
    with pytest.raises(ValidationError, match=units[2].name):
        services.scoring_close(actor=staff_of(units[0]), scoring_round=scoring_round)
    score_unit(scoring_round, units[2], FULL)
    with pytest.raises(PermissionDenied):
        services.scoring_close(actor=staff_of(units[1]), scoring_round=scoring_round)
    services.scoring_close(actor=staff_of(units[0]), scoring_round=scoring_round)
    scoring_round.refresh_from_db()
    assert scoring_round.status == "closed"
    score = CriterionScore.objects.filter(assessment__round=scoring_round).first()
    with pytest.raises(PermissionDenied):
        services.score_verify(actor=staff_of(units[0]), score=score, points=1, reason="muộn")


def test_totals_use_verified_points_bonus_and_penalty():
    scoring_round, units = make_scoring_round()
    assessment = score_unit(scoring_round, units[1], {**FULL, "3.1": 3, "3.2": 1})
    chair_staff = staff_of(units[0])
    score = CriterionScore.objects.get(assessment=assessment, criterion__code="1.1")
    services.score_verify(actor=chair_staff, score=score, points=35, reason="Chưa đạt chỉ tiêu GRDP")
    services.adjustment_add(
        actor=chair_staff,
        assessment=assessment,
        criterion=_criterion(scoring_round, "3.1"),
        points=2,
        reason="Đăng cai hội nghị cụm",
        basis="Kế hoạch số 15/KH-UBND",
    )
    services.adjustment_add(
        actor=chair_staff,
        assessment=assessment,
        criterion=_criterion(scoring_round, "3.2"),
        points="0.5",
        reason="Nộp chậm",
        basis="Công văn nhắc số 20/CV",
    )
    row = next(r for r in ranking(scoring_round=scoring_round) if r.unit_id == units[1].pk)
    assert row.base == Decimal("95.00")
    assert row.bonus == Decimal("5.00")
    assert row.penalty == Decimal("1.50")
    assert row.total == Decimal("98.50")


def test_ranking_is_deterministic_and_breaks_ties_by_base_then_penalty_then_name():
    group = GroupFactory()
    from clusters.models import MemberRole
    from tests.factories import UnitFactory

    names = ["Tỉnh Delta", "Tỉnh Alpha", "Tỉnh Charlie", "Tỉnh Bravo", "Tỉnh Echo"]
    units = [UnitFactory(name=name) for name in names]
    for index, unit in enumerate(units):
        MembershipFactory(group=group, unit=unit, year=2023, role=MemberRole.CHAIR if index == 0 else "member")
    scoring_round, _units = make_scoring_round(group=group)
    # Delta 95 (base 90 + bonus 5) and Alpha 95 (base 95): Alpha first on the bonus-free total.
    score_unit(scoring_round, units[0], {"1.1": 40, "1.2": 30, "2.1": 20, "3.1": 5})
    score_unit(scoring_round, units[1], {"1.1": 40, "1.2": 30, "2.1": 25})
    # Charlie and Bravo: 90 each with base 92 and penalty 2: the same on every number, so by name.
    score_unit(scoring_round, units[2], {"1.1": 40, "1.2": 30, "2.1": 22, "3.2": 2})
    score_unit(scoring_round, units[3], {"1.1": 40, "1.2": 30, "2.1": 22, "3.2": 2})
    # Echo: 90 with base 90, no penalty: after the two with base 92.
    score_unit(scoring_round, units[4], {"1.1": 40, "1.2": 30, "2.1": 20})

    expected = ["Tỉnh Alpha", "Tỉnh Delta", "Tỉnh Bravo", "Tỉnh Charlie", "Tỉnh Echo"]
    for _ in range(3):
        rows = ranking(scoring_round=scoring_round)
        assert [r.unit.name for r in rows] == expected
        assert [r.position for r in rows] == [1, 2, 3, 4, 5]
    rows = ranking(scoring_round=scoring_round)
    assert [r.total_rank for r in rows] == [1, 1, 3, 3, 3]
    assert [r.tied for r in rows] == [True, True, True, True, True]


def test_ranking_costs_one_query_whatever_the_number_of_units(django_assert_num_queries):
    scoring_round, units = make_scoring_round(size=6)
    for unit in units:
        score_unit(scoring_round, unit, FULL)
    with django_assert_num_queries(1):
        rows = ranking(scoring_round=scoring_round)
        assert len(rows) == 6
        assert all(r.unit.name for r in rows)


# --- Evidence -----------------------------------------------------------------------------------------
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_evidence_is_stored_under_a_random_name_and_served_only_as_a_download(login, settings):
    scoring_round, units = make_scoring_round()
    assessment = _assessment(scoring_round, units[1])
    upload = SimpleUploadedFile("Báo cáo GRDP.pdf", PDF, content_type="text/html")
    evidence = services.evidence_add(
        actor=staff_of(units[1]), assessment=assessment, criterion=_criterion(scoring_round, "1.1"), uploaded=upload
    )
    assert evidence.original_name == "Báo cáo GRDP.pdf"
    assert "GRDP" not in evidence.file.name and evidence.file.name.startswith("evidence/")
    assert evidence.content_type == "application/pdf"

    response = login(staff_of(units[1])).get(reverse("yearend:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_other_members_cannot_download_a_units_evidence_before_publication(login):
    scoring_round, units = make_scoring_round()
    evidence = services.evidence_add(
        actor=staff_of(units[1]),
        assessment=_assessment(scoring_round, units[1]),
        criterion=_criterion(scoring_round, "1.1"),
        uploaded=SimpleUploadedFile("a.pdf", PDF),
    )
    assert login(staff_of(units[2])).get(reverse("yearend:evidence", args=[evidence.pk])).status_code == 403
    assert login(staff_of(units[0])).get(reverse("yearend:evidence", args=[evidence.pk])).status_code == 200


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("trang.html", b"<html><script>alert(1)</script></html>", "Loại tệp không được chấp nhận"),
        ("anh.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "Loại tệp không được chấp nhận"),
        ("gia-mao.pdf", b"<html>not a pdf</html>", "không khớp"),
        ("rong.pdf", b"", "Tệp rỗng"),
    ],
)
def test_evidence_of_a_dangerous_or_false_type_is_refused(name, content, message):
    scoring_round, units = make_scoring_round()
    with pytest.raises(ValidationError, match=message):
        services.evidence_add(
            actor=staff_of(units[1]),
            assessment=_assessment(scoring_round, units[1]),
            criterion=_criterion(scoring_round, "1.1"),
            uploaded=SimpleUploadedFile(name, content),
        )
    assert not Evidence.objects.exists()


def test_evidence_larger_than_the_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 100
    scoring_round, units = make_scoring_round()
    with pytest.raises(ValidationError, match="quá lớn"):
        services.evidence_add(
            actor=staff_of(units[1]),
            assessment=_assessment(scoring_round, units[1]),
            criterion=_criterion(scoring_round, "1.1"),
            uploaded=SimpleUploadedFile("lon.pdf", PDF + b"0" * 200),
        )


def test_a_member_records_results_against_the_pledge_targets():
    scoring_round, units = make_scoring_round()
    target = scoring_round.pledge.items.get(number=1).targets.get()
    result = services.result_save(
        actor=staff_of(units[1]), assessment=_assessment(scoring_round, units[1]), target=target, actual_value="14"
    )
    assert result.actual_value == Decimal("14.00")
    with pytest.raises(ValidationError, match="phải là một số"):
        services.result_save(
            actor=staff_of(units[1]), assessment=_assessment(scoring_round, units[1]), target=target, actual_value="x"
        )


def test_the_ranking_page_shows_the_table_and_a_server_rendered_chart(login):
    scoring_round, units = make_scoring_round()
    for index, unit in enumerate(units):
        score_unit(scoring_round, unit, {"1.1": 40 - index, "1.2": 30, "2.1": 30})
    services.scoring_close(actor=staff_of(units[0]), scoring_round=scoring_round)
    page = login(staff_of(units[0])).get(reverse("yearend:ranking", args=[scoring_round.group.pk, 2023]))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("<rect") == 3
    assert html.index(units[0].name) < html.index(units[1].name) < html.index(units[2].name)
    assert "<script>" not in html


def test_the_chair_sees_the_verification_form_and_the_member_does_not(login):
    scoring_round, units = make_scoring_round()
    assessment = score_unit(scoring_round, units[1], FULL)
    url = reverse("yearend:assessment", args=[assessment.pk])
    assert "Lưu điểm thẩm định" in login(staff_of(units[0])).get(url).content.decode()
    member_page = login(staff_of(units[1])).get(url).content.decode()
    assert "Lưu điểm thẩm định" not in member_page and "Lưu điểm tự chấm" not in member_page
    response = login(staff_of(units[1])).post(reverse("yearend:assessment_verify_scores", args=[assessment.pk]))
    assert response.status_code == 403


# --- Issue 14, item 5: bonus and penalty points are bounded, proven, and never given to one's own unit ----------
def _extra(actor, assessment, code, points, *, reason="Đăng cai hội nghị", basis="Công văn số 12/UBND-VX"):
    return services.adjustment_add(
        actor=actor,
        assessment=assessment,
        criterion=_criterion(assessment.round, code),
        points=points,
        reason=reason,
        basis=basis,
    )


def test_bonus_points_are_bounded_by_the_pledges_bonus_row_with_what_the_unit_claimed():
    scoring_round, units = make_scoring_round()
    assessment = score_unit(scoring_round, units[1], {**FULL, "3.1": 3})  # row 3.1: at most 5 points
    chair_staff = staff_of(units[0])
    with pytest.raises(ValidationError, match="chỉ còn được cộng tối đa 2"):
        _extra(chair_staff, assessment, "3.1", "2.01")
    _extra(chair_staff, assessment, "3.1", 2)
    with pytest.raises(ValidationError, match="chỉ còn được cộng tối đa 0"):
        _extra(chair_staff, assessment, "3.1", "0.01")
    with pytest.raises(ValidationError, match="chỉ còn được trừ tối đa 5"):
        _extra(chair_staff, assessment, "3.2", "9999.99")
    row = next(r for r in ranking(scoring_round=scoring_round) if r.unit_id == units[1].pk)
    assert row.bonus == Decimal("5.00") and row.total == Decimal("105.00")


def test_points_are_given_only_under_a_bonus_or_penalty_row_with_a_reason_and_a_basis():
    scoring_round, units = make_scoring_round()
    assessment = score_unit(scoring_round, units[1], FULL)
    chair_staff = staff_of(units[0])
    with pytest.raises(ValidationError, match="không phải dòng điểm thưởng hoặc điểm trừ"):
        _extra(chair_staff, assessment, "1.1", 1)
    with pytest.raises(ValidationError, match="Phải nêu căn cứ, minh chứng"):
        _extra(chair_staff, assessment, "3.1", 1, basis="  ")
    with pytest.raises(ValidationError, match="Phải nêu lý do"):
        _extra(chair_staff, assessment, "3.1", 1, reason="")
    assert not ScoreAdjustment.objects.exists()


def test_the_database_refuses_points_beyond_the_row_or_without_a_row_or_a_basis():
    scoring_round, units = make_scoring_round()
    assessment = score_unit(scoring_round, units[1], FULL)
    bonus_row = _criterion(scoring_round, "3.1")
    attempts = [
        {"criterion": bonus_row, "kind": "bonus", "points": Decimal("9999.99"), "basis": "CV 1"},
        {"criterion": bonus_row, "kind": "penalty", "points": Decimal("1"), "basis": "CV 1"},
        {"criterion": _criterion(scoring_round, "1.1"), "kind": "bonus", "points": Decimal("1"), "basis": "CV 1"},
        {"criterion": None, "kind": "bonus", "points": Decimal("1"), "basis": "CV 1"},
        {"criterion": bonus_row, "kind": "bonus", "points": Decimal("1"), "basis": ""},
    ]
    for fields in attempts:
        with pytest.raises(IntegrityError), transaction.atomic():
            ScoreAdjustment.objects.create(assessment=assessment, reason="Tự ý", **fields)
    assert not ScoreAdjustment.objects.exists()


def test_the_chair_unit_never_verifies_or_rewards_its_own_sheet_the_vice_chair_or_the_organiser_does():
    """The issue's case: the chair's staff gave its own unit +9,999.99 and a rival −9,999.99."""
    scoring_round, units = make_scoring_round()
    chair, vice, rival = units
    own = score_unit(scoring_round, chair, FULL)
    other = score_unit(scoring_round, rival, FULL)
    chair_staff = staff_of(chair)
    with pytest.raises(PermissionDenied):
        _extra(chair_staff, own, "3.1", "9999.99")
    with pytest.raises(PermissionDenied):
        services.score_verify(actor=chair_staff, score=own.scores.first(), points=40, reason="")
    with pytest.raises(PermissionDenied):
        services.assessment_verify(actor=chair_staff, assessment=own)
    with pytest.raises(ValidationError):
        _extra(chair_staff, other, "3.2", "9999.99")
    _extra(staff_of(vice), own, "3.1", 1)
    services.assessment_verify(actor=staff_of(vice), assessment=own)
    organiser = ReviewerFactory(unit=scoring_round.group.organizer)
    services.assessment_return(actor=organiser, assessment=own, reason="Bổ sung minh chứng")
    with pytest.raises(PermissionDenied):  # the vice-chair verifies the chair's sheet, not the other members'
        services.assessment_verify(actor=staff_of(vice), assessment=other)


def test_the_adjustment_form_offers_the_pledges_bonus_and_penalty_rows_and_shows_a_refusal(login):
    scoring_round, units = make_scoring_round()
    assessment = score_unit(scoring_round, units[1], {**FULL, "3.1": 4})
    client = login(staff_of(units[0]))
    url = reverse("yearend:adjustment_add", args=[assessment.pk])
    response = client.post(
        url,
        {"criterion": _criterion(scoring_round, "3.1").pk, "points": "3", "reason": "Mô hình", "basis": "CV 5"},
    )
    assert response.status_code == 400
    assert "chỉ còn được cộng tối đa 1" in response.content.decode()
    response = client.post(url, {"criterion": _criterion(scoring_round, "3.1").pk, "points": "1", "reason": "Mô hình"})
    assert response.status_code == 400 and not ScoreAdjustment.objects.exists()
    page = client.get(reverse("yearend:assessment", args=[assessment.pk])).content.decode()
    assert "Mô hình mới được nhân rộng" in page and "Báo cáo chậm" in page


# --- Issue 14, item 6: nothing ranks before the lock ------------------------------------------------------------
def _three_named(scores):
    """A cluster of Tỉnh An, Tỉnh Bình, Tỉnh Cà Mau (the chair) with the given base points on 1.1."""
    from clusters.models import MemberRole
    from tests.factories import UnitFactory

    group = GroupFactory()
    units = [UnitFactory(name=name) for name in ("Tỉnh Cà Mau", "Tỉnh Bình", "Tỉnh An")]
    for index, unit in enumerate(units):
        MembershipFactory(group=group, unit=unit, year=2023, role=MemberRole.CHAIR if index == 0 else "member")
    scoring_round, _units = make_scoring_round(group=group)
    for unit, points in zip(units, scores, strict=True):
        score_unit(scoring_round, unit, {"1.1": points, "1.2": 30, "2.1": 30})
    return scoring_round, units


def _table(response) -> str:
    html = response.content.decode()
    return html[html.index('data-testid="assessments"') :].split("</table>")[0]


def test_while_scoring_is_open_the_page_lists_units_by_name_with_no_total_or_rank(login):
    scoring_round, (chair, second, third) = _three_named([40, 20, 30])
    url = reverse("yearend:scoring", args=[scoring_round.group.pk, 2023])
    for user in (staff_of(second), staff_of(chair)):
        html = _table(login(user).get(url))
        assert html.index("Tỉnh An") < html.index("Tỉnh Bình") < html.index("Tỉnh Cà Mau")
        assert "Tổng điểm" not in html and "Xếp hạng" not in html and '<td class="text-end">100' not in html
        assert "Bảng xếp hạng và biểu đồ" not in login(user).get(url).content.decode()
        ranking_page = login(user).get(reverse("yearend:ranking", args=[scoring_round.group.pk, 2023]))
        assert ranking_page.status_code == 403
    services.scoring_close(actor=staff_of(chair), scoring_round=scoring_round)
    html = _table(login(staff_of(second)).get(url))
    assert html.index("Tỉnh Cà Mau") < html.index("Tỉnh An") < html.index("Tỉnh Bình")
    assert "Tổng điểm" in html and '<td class="text-end">100' in html
    assert "Bảng xếp hạng và biểu đồ" in login(staff_of(second)).get(url).content.decode()


# --- Issue 14, item 10: closing scoring is confirmed on a page naming what it makes irreversible ---------------
def test_closing_scoring_asks_for_confirmation_naming_the_unsent_and_unverified_sheets(login):
    scoring_round, units = make_scoring_round()
    verified = score_unit(scoring_round, units[0], FULL)
    services.assessment_verify(actor=staff_of(units[1]), assessment=verified)
    score_unit(scoring_round, units[1], FULL)
    client = login(staff_of(units[0]))
    url = reverse("yearend:scoring_close", args=[scoring_round.group.pk, 2023])
    scoring_page = client.get(reverse("yearend:scoring", args=[scoring_round.group.pk, 2023])).content.decode()
    assert f'href="{url}"' in scoring_page
    page = client.get(url).content.decode()
    assert "Không thể hoàn tác" in page
    assert units[2].name in page.split("Đơn vị chưa gửi bản tự chấm")[1].split("</ul>")[0]
    assert "Tôi hiểu, khóa sổ" not in page  # the service would refuse while a unit has not sent
    score_unit(scoring_round, units[2], FULL)
    page = client.get(url).content.decode()
    unverified = page.split("Bản tự chấm chưa được thẩm định")[1].split("</ul>")[0]
    assert units[1].name in unverified and units[2].name in unverified and units[0].name not in unverified
    assert client.post(url).status_code == 302  # without the confirmation nothing happens
    scoring_round.refresh_from_db()
    assert scoring_round.is_open
    client.post(url, {"confirm": "1"})
    scoring_round.refresh_from_db()
    assert scoring_round.is_closed


# --- Issue 14, item 25: the pages offer only what the services would accept --------------------------------------
def test_opening_scoring_is_offered_only_once_the_pledge_is_signed(login):
    group, units = make_group_year(size=3)
    url = reverse("yearend:scoring", args=[group.pk, 2023])
    page = login(staff_of(units[0])).get(url).content.decode()
    assert reverse("yearend:scoring_open", args=[group.pk, 2023]) not in page
    assert "Chưa thể mở chấm điểm: Chỉ chấm điểm theo giao ước thi đua đã ký kết của năm 2023." in page
    make_signed_pledge(group, 2023)
    page = login(staff_of(units[0])).get(url).content.decode()
    assert reverse("yearend:scoring_open", args=[group.pk, 2023]) in page


def test_submitting_is_offered_only_once_every_criterion_is_scored(login):
    scoring_round, units = make_scoring_round()
    assessment = score_unit(scoring_round, units[1], {"1.1": 30}, submit=False)
    url = reverse("yearend:assessment", args=[assessment.pk])
    page = login(leader(units[1])).get(url).content.decode()
    assert reverse("yearend:assessment_submit", args=[assessment.pk]) not in page
    assert "Chưa gửi được: còn thiếu điểm các tiêu chí 1.2, 2.1." in page
    score_unit(scoring_round, units[1], {"1.2": 20, "2.1": 20}, submit=False)
    page = login(leader(units[1])).get(url).content.decode()
    assert reverse("yearend:assessment_submit", args=[assessment.pk]) in page


def test_the_vice_chair_opens_the_chairs_sent_sheet_from_the_scoring_page_and_verifies_it(login):
    scoring_round, (chair, vice, member) = make_scoring_round()
    own = score_unit(scoring_round, chair, FULL)
    other = score_unit(scoring_round, member, FULL)
    client = login(staff_of(vice))
    page = client.get(reverse("yearend:scoring", args=[scoring_round.group.pk, 2023])).content.decode()
    assert reverse("yearend:assessment", args=[own.pk]) in page
    assert reverse("yearend:assessment", args=[other.pk]) not in page  # other members' sheets wait for the lock
    sheet = client.get(reverse("yearend:assessment", args=[own.pk])).content.decode()
    assert "Lưu điểm thẩm định" in sheet and "Xác nhận kết quả thẩm định" in sheet
    chair_sheet = login(staff_of(chair)).get(reverse("yearend:assessment", args=[own.pk])).content.decode()
    assert "Lưu điểm thẩm định" not in chair_sheet and "Thêm điểm cộng, điểm trừ" not in chair_sheet
