"""Review inside the board (issue 18 item 2): the clerk receives and checks a dossier, assigns it to a specialist
(by the routing table or by hand, never one of its own unit or related to it), the specialist concludes with a
reason per rule, the head and the leader approve or send back; each step has its inbox, deadline and reminder,
and the dossier's page shows who held it and for how long. A small board runs with fewer steps; a board without
steps keeps its single reviewer."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from awards.models import (
    DeclaredRelation,
    Position,
    Proposal,
    ProposalReview,
    ProposalStatus,
    ReviewHolding,
    ReviewStep,
    StaffPosition,
    Verdict,
)
from awards.services import review as review_services
from awards.services.workflow import proposal_approve, proposal_start_review, submission_create
from awards.tasks import remind_review_deadlines
from tests.factories import (
    BoardAdminFactory,
    BoardFactory,
    PersonFactory,
    ProposalFactory,
    ReviewerFactory,
    UnitFactory,
    attach_dossier,
    leader_of,
    make_award_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _board(world, *, steps=True, **config):
    """The Lạng Sơn board with a clerk, two specialists, a head and a leader, running the steps."""
    board = world.province_board
    admin = BoardAdminFactory(unit=board, username="quantri.ban.ls")
    people = {
        "clerk": ReviewerFactory(unit=board, username="vanthu.ls", full_name="Hoàng Thị Văn"),
        "specialist": ReviewerFactory(unit=board, username="chuyenvien.ls", full_name="Nông Văn Chuyên"),
        "specialist2": ReviewerFactory(unit=board, username="chuyenvien2.ls", full_name="Lý Thị Thẩm"),
        "head": ReviewerFactory(unit=board, username="truongphong.ls", full_name="Vi Văn Trưởng"),
        "chief": ReviewerFactory(unit=board, username="lanhdaoban.ls", full_name="Hà Đức Lãnh"),
    }
    for key, position in [
        ("clerk", Position.CLERK),
        ("specialist", Position.SPECIALIST),
        ("specialist2", Position.SPECIALIST),
        ("head", Position.HEAD),
        ("chief", Position.LEADER),
    ]:
        review_services.position_add(actor=admin, board=board, user=people[key], position=position)
    review_services.review_config_save(actor=admin, board=board, enabled=steps, **config)
    world.board_admin = admin
    for key, user in people.items():
        setattr(world, key, user)
    return world


@pytest.fixture
def world():
    world = make_award_world()
    world.finance = UnitFactory(name="Sở Tài chính tỉnh Lạng Sơn (thử)", parent=world.lang_son)
    world.schools = UnitFactory(name="Sở Giáo dục và Đào tạo tỉnh Lạng Sơn (thử)", parent=world.lang_son)
    return _board(world)


_numbers = iter(range(1, 10_000))


def sent_up(unit, *, award="BANG_KHEN_CAP_TINH", dossier=True) -> Proposal:
    """A provincial award for a person of `unit`, sent up by its leader with the documents its type requires."""
    proposal = ProposalFactory(
        proposing_unit=unit, nominee_person=PersonFactory(unit=unit, full_name="Đinh Thị Hoa"), year=2023
    )
    if dossier:
        attach_dossier(proposal)
    submission_create(
        actor=leader_of(unit),
        proposing_unit=unit,
        year=2023,
        number=f"{next(_numbers)}/TTr",
        title="Đề nghị khen thưởng năm 2023",
        proposals=[proposal],
    )
    proposal.refresh_from_db()
    return proposal


def received(world, proposal) -> Proposal:
    review_services.review_receive(actor=world.clerk, proposal=proposal)
    return proposal


def assessed(world, proposal, verdict=Verdict.MEETS, **kwargs):
    received(world, proposal)
    review_services.review_assign(actor=world.clerk, proposal=proposal, specialist=world.specialist)
    return review_services.review_verdict(actor=world.specialist, proposal=proposal, verdict=verdict, **kwargs)


def state(proposal):
    return ProposalReview.objects.select_related("holder", "specialist").get(proposal=proposal)


# --- Recusal -----------------------------------------------------------------------------------------------
def test_a_specialist_is_assigned_a_dossier_from_another_unit_and_refused_one_from_their_own(world):
    other = received(world, sent_up(world.finance))
    review = review_services.review_assign(actor=world.clerk, proposal=other, specialist=world.specialist)
    assert (review.step, review.holder, review.specialist) == (
        ReviewStep.ASSESSMENT,
        world.specialist,
        world.specialist,
    )

    own = received(world, sent_up(world.province_board))  # the board's own people
    with pytest.raises(ValidationError, match="thuộc đơn vị có hồ sơ này"):
        review_services.review_assign(actor=world.clerk, proposal=own, specialist=world.specialist)
    assert state(own).step == ReviewStep.INTAKE


def test_a_specialist_is_refused_a_dossier_of_a_unit_they_declared_a_relation_with(world):
    review_services.relation_declare(actor=world.specialist, unit=world.schools, note="Vợ công tác tại Sở")
    proposal = received(world, sent_up(world.schools))
    with pytest.raises(ValidationError, match="đã kê khai quan hệ với Sở Giáo dục"):
        review_services.review_assign(actor=world.clerk, proposal=proposal, specialist=world.specialist)
    review_services.review_assign(actor=world.clerk, proposal=proposal, specialist=world.specialist2)
    assert state(proposal).specialist == world.specialist2


def test_recusal_holds_in_the_database_too(world):
    review_services.relation_declare(actor=world.specialist, unit=world.schools, note="Nguyên là cán bộ của Sở")
    proposal = received(world, sent_up(world.schools))
    with pytest.raises(IntegrityError, match="review_recusal"), transaction.atomic():
        ProposalReview.objects.filter(proposal=proposal).update(specialist=world.specialist, step="intake")


def test_the_assign_form_does_not_offer_recused_specialists(world, login):
    review_services.relation_declare(actor=world.specialist, unit=world.schools, note="Con công tác tại Sở")
    proposal = received(world, sent_up(world.schools))
    page = login(world.clerk).get(reverse("awards:review_detail", args=[proposal.pk])).content.decode()
    assert "Lý Thị Thẩm" in page
    assert "Nông Văn Chuyên" not in page


def test_a_relation_declared_after_the_assignment_stops_the_verdict(world):
    proposal = received(world, sent_up(world.schools))
    review_services.review_assign(actor=world.clerk, proposal=proposal, specialist=world.specialist)
    review_services.relation_declare(actor=world.specialist, unit=world.schools, note="Em ruột mới về Sở")
    with pytest.raises(ValidationError, match="Không được thẩm định"):
        review_services.review_verdict(actor=world.specialist, proposal=proposal, verdict=Verdict.MEETS)


# --- The steps ---------------------------------------------------------------------------------------------
def test_the_clerk_cannot_receive_an_incomplete_dossier_and_returns_it_to_its_unit(world):
    proposal = sent_up(world.finance)
    proposal.attachments.all().delete()
    with pytest.raises(ValidationError, match="còn thiếu"):
        review_services.review_receive(actor=world.clerk, proposal=proposal)
    review_services.review_return_to_unit(actor=world.clerk, proposal=proposal, comment="Thiếu biên bản họp Hội đồng.")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED


def test_the_routing_table_gives_the_dossier_to_the_areas_specialist(world):
    review_services.routing_rule_add(
        actor=world.board_admin, board=world.province_board, specialist=world.specialist, area_unit=world.lang_son
    )
    review_services.routing_rule_add(
        actor=world.board_admin, board=world.province_board, specialist=world.specialist2, area_unit=world.schools
    )
    schools = received(world, sent_up(world.schools))
    finance = received(world, sent_up(world.finance))
    assert review_services.review_assign(actor=world.clerk, proposal=schools).specialist == world.specialist2
    assert review_services.review_assign(actor=world.clerk, proposal=finance).specialist == world.specialist


def test_specialist_records_the_verdict_with_reasons_per_rule_then_head_and_leader_approve(world):
    proposal = received(world, sent_up(world.finance))
    review_services.review_assign(actor=world.clerk, proposal=proposal, specialist=world.specialist)
    proposal.refresh_from_db()
    codes = [rule["check"] for rule in proposal.eligibility]
    assert codes, "the rule verdicts of awards.eligibility are there to conclude on"
    review = review_services.review_verdict(
        actor=world.specialist,
        proposal=proposal,
        verdict=Verdict.MEETS,
        reasons={codes[0]: "Hai năm liền hoàn thành xuất sắc nhiệm vụ, có minh chứng."},
        note="Đủ điều kiện.",
    )
    assert (review.step, review.holder) == (ReviewStep.HEAD, world.head)
    assert review.verdict_reasons[0]["reason"].startswith("Hai năm liền")
    assert review.verdict_reasons[0]["status"] == proposal.eligibility[0]["status"]

    with pytest.raises(PermissionDenied):  # the leader waits for the head
        review_services.review_approve(actor=world.chief, proposal=proposal, step=ReviewStep.HEAD)
    review_services.review_approve(actor=world.head, proposal=proposal, step=ReviewStep.HEAD, comment="Trình lãnh đạo.")
    assert state(proposal).holder == world.chief
    review_services.review_approve(actor=world.chief, proposal=proposal, step=ReviewStep.LEADER)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED
    assert state(proposal).step == ReviewStep.DONE


def test_a_verdict_of_not_meeting_needs_a_reason_and_the_leaders_approval_rejects_with_it(world):
    proposal = received(world, sent_up(world.finance))
    review_services.review_assign(actor=world.clerk, proposal=proposal, specialist=world.specialist)
    with pytest.raises(ValidationError, match="cần nêu lý do"):
        review_services.review_verdict(actor=world.specialist, proposal=proposal, verdict=Verdict.FAILS)
    review_services.review_verdict(
        actor=world.specialist, proposal=proposal, verdict=Verdict.FAILS, note="Chưa có sáng kiến được công nhận."
    )
    review_services.review_approve(actor=world.head, proposal=proposal, step=ReviewStep.HEAD)
    review_services.review_approve(actor=world.chief, proposal=proposal, step=ReviewStep.LEADER)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REJECTED
    assert "Chưa có sáng kiến" in proposal.events.get(action="reject").comment


def test_the_head_and_the_leader_send_back_a_step_with_a_reason(world):
    proposal = sent_up(world.finance)
    assessed(world, proposal)
    with pytest.raises(ValidationError):
        review_services.review_send_back(actor=world.head, proposal=proposal, step=ReviewStep.HEAD, comment=" ")
    review_services.review_send_back(
        actor=world.head, proposal=proposal, step=ReviewStep.HEAD, comment="Bổ sung minh chứng năm 2022."
    )
    review = state(proposal)
    assert (review.step, review.holder, review.verdict) == (ReviewStep.ASSESSMENT, world.specialist, "")
    review_services.review_verdict(actor=world.specialist, proposal=proposal, verdict=Verdict.MEETS)
    review_services.review_approve(actor=world.head, proposal=proposal, step=ReviewStep.HEAD)
    review_services.review_send_back(actor=world.chief, proposal=proposal, step=ReviewStep.LEADER, comment="Xem lại.")
    assert (state(proposal).step, state(proposal).holder) == (ReviewStep.HEAD, world.head)


def test_the_timeline_shows_who_held_the_dossier_and_for_how_long(world, login):
    proposal = sent_up(world.finance)
    assessed(world, proposal)
    began = timezone.now() - datetime.timedelta(days=4)
    ReviewHolding.objects.filter(proposal=proposal, step=ReviewStep.ASSESSMENT).update(
        started_at=began, ended_at=began + datetime.timedelta(days=3, hours=2)
    )
    holdings = list(ReviewHolding.objects.filter(proposal=proposal).order_by("id"))
    assert [(h.step, h.holder) for h in holdings] == [
        (ReviewStep.INTAKE, world.clerk),
        (ReviewStep.ASSESSMENT, world.specialist),
        (ReviewStep.HEAD, world.head),
    ]
    page = login(leader_of(world.finance)).get(proposal.get_absolute_url()).content.decode()
    assert "Quá trình xử lý hồ sơ" in page
    assert "Nông Văn Chuyên" in page and "Hoàng Thị Văn" in page and "Vi Văn Trưởng" in page
    assert "3 ngày 2 giờ" in page


# --- Inboxes, deadlines, reminders -------------------------------------------------------------------------
def test_each_step_has_its_own_inbox(world, login):
    waiting = sent_up(world.finance)
    at_head = sent_up(world.schools)
    assessed(world, at_head)

    def inbox(user, slug):
        return login(user).get(reverse("awards:review_inbox", args=[slug])).content.decode()

    url_waiting = reverse("awards:review_detail", args=[waiting.pk])
    url_head = reverse("awards:review_detail", args=[at_head.pk])
    assert url_waiting in inbox(world.clerk, "tiep-nhan")
    assert url_head not in inbox(world.clerk, "tiep-nhan")
    assert url_head in inbox(world.head, "truong-phong")
    assert url_head not in inbox(world.chief, "lanh-dao")
    assert url_waiting not in inbox(world.specialist, "chuyen-vien")
    assert "Hạn xử lý" in inbox(world.head, "truong-phong")


def test_each_step_has_its_deadline_and_the_holder_is_reminded_once_a_day(world, settings):
    proposal = sent_up(world.finance)
    received(world, proposal)
    review_services.review_assign(actor=world.clerk, proposal=proposal, specialist=world.specialist)
    review = state(proposal)
    assert review.due_on == timezone.localdate() + datetime.timedelta(days=7)
    mail.outbox.clear()
    assert remind_review_deadlines() == 0  # not due yet
    ProposalReview.objects.filter(pk=review.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    assert remind_review_deadlines() == 1
    assert mail.outbox[-1].to == [world.specialist.email]
    assert "quá hạn" in mail.outbox[-1].body
    assert remind_review_deadlines() == 0  # once a day
    assert "remind-review-deadlines" in settings.CELERY_BEAT_SCHEDULE


def test_a_small_board_runs_without_clerk_head_and_leader(world):
    review_services.review_config_save(
        actor=world.board_admin,
        board=world.province_board,
        enabled=True,
        uses_clerk=False,
        uses_head=False,
        uses_leader=False,
    )
    proposal = sent_up(world.finance)
    with pytest.raises(PermissionDenied):  # the clerk's step is off: the specialists receive
        review_services.review_receive(actor=world.clerk, proposal=proposal)
    review_services.review_receive(actor=world.specialist, proposal=proposal)
    review_services.review_assign(actor=world.specialist, proposal=proposal, specialist=world.specialist)
    review_services.review_verdict(actor=world.specialist, proposal=proposal, verdict=Verdict.MEETS)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED


def test_a_board_with_the_leader_only_skips_the_head(world):
    review_services.review_config_save(
        actor=world.board_admin, board=world.province_board, enabled=True, uses_head=False
    )
    proposal = sent_up(world.finance)
    review = assessed(world, proposal)
    assert (review.step, review.holder) == (ReviewStep.LEADER, world.chief)


def test_a_board_without_steps_keeps_its_single_reviewer(world):
    review_services.review_config_save(actor=world.board_admin, board=world.province_board, enabled=False)
    proposal = sent_up(world.finance)
    proposal_start_review(actor=world.province_reviewer, proposal=proposal)
    proposal_approve(actor=world.province_reviewer, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED


def test_with_steps_the_single_reviewers_shortcuts_are_closed(world):
    proposal = sent_up(world.finance)
    with pytest.raises(PermissionDenied):
        proposal_start_review(actor=world.province_reviewer, proposal=proposal)
    assessed(world, proposal)
    with pytest.raises(PermissionDenied):
        proposal_approve(actor=world.chief, proposal=proposal)


# --- Permissions and concurrency ---------------------------------------------------------------------------
def test_another_boards_specialist_is_refused(world):
    proposal = received(world, sent_up(world.finance))
    outsider = ReviewerFactory(unit=world.central, full_name="Trần Văn Ngoài")
    with pytest.raises(ValidationError):  # not a specialist of this board
        review_services.review_assign(actor=world.clerk, proposal=proposal, specialist=outsider)
    review_services.review_assign(actor=world.clerk, proposal=proposal, specialist=world.specialist)
    for actor in (outsider, world.specialist2, world.head, world.province_reviewer):
        with pytest.raises(PermissionDenied):
            review_services.review_verdict(actor=actor, proposal=proposal, verdict=Verdict.MEETS)


def test_the_steps_configuration_is_the_boards_own(world, login):
    other_admin = BoardAdminFactory(unit=world.central)
    with pytest.raises(PermissionDenied):
        review_services.review_config_save(actor=other_admin, board=world.province_board, enabled=False)
    with pytest.raises(PermissionDenied):
        review_services.review_config_save(actor=world.specialist, board=world.province_board, enabled=False)
    page = login(world.board_admin).get(reverse("awards:review_config"))
    assert page.status_code == 200 and "Nông Văn Chuyên" in page.content.decode()


def test_a_double_click_on_approve_approves_once_and_says_so(world, login):
    proposal = sent_up(world.finance)
    assessed(world, proposal)
    client = login(world.head)
    url = reverse("awards:review_action", args=[proposal.pk, "duyet"])
    first = client.post(url, {"step": "head", "comment": ""}, follow=True)
    second = client.post(url, {"step": "head", "comment": ""}, follow=True)
    assert first.status_code == second.status_code == 200
    assert "đã được xử lý ở bước này" in second.content.decode()
    assert ReviewHolding.objects.filter(proposal=proposal, outcome="approved").count() == 1
    assert state(proposal).step == ReviewStep.LEADER


def test_a_second_assignment_of_the_same_dossier_is_refused(world):
    proposal = received(world, sent_up(world.finance))
    review_services.review_assign(actor=world.clerk, proposal=proposal, specialist=world.specialist)
    with pytest.raises(ValidationError, match="đã được xử lý"):
        review_services.review_assign(actor=world.clerk, proposal=proposal, specialist=world.specialist2)
    assert state(proposal).specialist == world.specialist


@pytest.mark.django_db(transaction=True)
def test_two_clerks_assigning_at_once_assign_once():
    world = make_award_world()
    world.finance = UnitFactory(name="Sở Tài chính tỉnh Lạng Sơn (thử)", parent=world.lang_son)
    world.schools = UnitFactory(name="Sở Giáo dục và Đào tạo tỉnh Lạng Sơn (thử)", parent=world.lang_son)
    _board(world)
    second_clerk = ReviewerFactory(unit=world.province_board, username="vanthu2.ls")
    review_services.position_add(
        actor=world.board_admin, board=world.province_board, user=second_clerk, position=Position.CLERK
    )
    proposal = received(world, sent_up(world.finance))
    barrier = threading.Barrier(2)
    outcomes = []

    def assign(clerk, specialist):
        try:
            barrier.wait()
            review_services.review_assign(actor=clerk, proposal=proposal, specialist=specialist)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=assign, args=(world.clerk, world.specialist)),
        threading.Thread(target=assign, args=(second_clerk, world.specialist2)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert ReviewHolding.objects.filter(proposal=proposal, step=ReviewStep.ASSESSMENT).count() == 1


def test_declared_relations_are_listed_and_withdrawn_by_their_author(world, login):
    client = login(world.specialist)
    response = client.post(
        reverse("awards:review_relations"),
        {"unit": world.schools.pk, "note": "Vợ công tác tại Sở"},
        follow=True,
    )
    assert "Vợ công tác tại Sở" in response.content.decode()
    relation = DeclaredRelation.objects.get(user=world.specialist)
    assert login(world.specialist2).post(reverse("awards:review_relation_delete", args=[relation.pk])).status_code in (
        403,
        404,
    )
    assert DeclaredRelation.objects.filter(pk=relation.pk).exists()


#: Who may take each step's action on a dossier standing at that step (the step permissions of awards/rules.py);
#: everyone else of the matrix is refused: the board's other staff, its plain reviewer, another board's
#: specialist, the proposing unit's staff and leader, a system admin.
STEP_MATRIX = [
    ("awards.intake_dossier", None, {"clerk"}),
    ("awards.assign_dossier", ReviewStep.INTAKE, {"clerk"}),
    ("awards.record_verdict", ReviewStep.ASSESSMENT, {"specialist"}),
    ("awards.approve_step", ReviewStep.HEAD, {"head"}),
    ("awards.approve_step", ReviewStep.LEADER, {"chief"}),
]


@pytest.mark.parametrize("perm,step,allowed", STEP_MATRIX, ids=[f"{p}-{s}" for p, s, _ in STEP_MATRIX])
def test_each_steps_permission_is_its_holders_alone(world, perm, step, allowed):
    outsider = ReviewerFactory(unit=world.central)  # a specialist of the central board's own steps
    StaffPosition.objects.create(board=world.central, user=outsider, position=Position.SPECIALIST)
    proposal = sent_up(world.finance)
    if step is not None:
        received(world, proposal)
    if step in (ReviewStep.ASSESSMENT, ReviewStep.HEAD, ReviewStep.LEADER):
        review_services.review_assign(actor=world.clerk, proposal=proposal, specialist=world.specialist)
    if step in (ReviewStep.HEAD, ReviewStep.LEADER):
        review_services.review_verdict(actor=world.specialist, proposal=proposal, verdict=Verdict.MEETS)
    if step == ReviewStep.LEADER:
        review_services.review_approve(actor=world.head, proposal=proposal, step=ReviewStep.HEAD)
    users = {
        "clerk": world.clerk,
        "specialist": world.specialist,
        "specialist2": world.specialist2,
        "head": world.head,
        "chief": world.chief,
        "board_reviewer": world.province_reviewer,
        "board_admin": world.board_admin,
        "outsider": outsider,
        "unit_staff": leader_of(world.finance),
        "admin": world.admin,
    }
    fresh = Proposal.objects.get(pk=proposal.pk)
    may = {name for name, user in users.items() if user.has_perm(perm, Proposal.objects.get(pk=fresh.pk))}
    assert may == allowed


def test_the_next_holder_hears_of_the_handover_by_email(world, django_capture_on_commit_callbacks):
    proposal = received(world, sent_up(world.finance))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        review_services.review_assign(actor=world.clerk, proposal=proposal, specialist=world.specialist)
    assert [m.to for m in mail.outbox] == [[world.specialist.email]]
    assert "Chuyên viên thẩm định" in mail.outbox[0].body and "Đinh Thị Hoa" in mail.outbox[0].subject


def test_the_steps_are_turned_on_only_once_each_step_has_someone(world):
    board = BoardFactory(parent=world.ha_giang)
    admin = BoardAdminFactory(unit=board)
    with pytest.raises(ValidationError, match="Văn thư, Chuyên viên, Trưởng phòng, Lãnh đạo Ban"):
        review_services.review_config_save(actor=admin, board=board, enabled=True)
    specialist = ReviewerFactory(unit=board)
    review_services.position_add(actor=admin, board=board, user=specialist, position=Position.SPECIALIST)
    config = review_services.review_config_save(
        actor=admin, board=board, enabled=True, uses_clerk=False, uses_head=False, uses_leader=False
    )
    assert config.steps == [ReviewStep.INTAKE, ReviewStep.ASSESSMENT]


def test_a_dossier_under_review_before_the_steps_were_turned_on_finishes_with_its_reviewer(world):
    review_services.review_config_save(actor=world.board_admin, board=world.province_board, enabled=False)
    proposal = sent_up(world.finance)
    proposal_start_review(actor=world.province_reviewer, proposal=proposal)
    review_services.review_config_save(actor=world.board_admin, board=world.province_board, enabled=True)
    proposal_approve(actor=world.province_reviewer, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED


def test_with_two_heads_the_dossier_waits_in_their_inbox_until_one_takes_it(world, login):
    second_head = ReviewerFactory(unit=world.province_board, full_name="Lục Văn Phó", email="pho@example.vn")
    review_services.position_add(
        actor=world.board_admin, board=world.province_board, user=second_head, position=Position.HEAD
    )
    proposal = sent_up(world.finance)
    review = assessed(world, proposal)
    assert (review.step, review.holder) == (ReviewStep.HEAD, None)
    url = reverse("awards:review_detail", args=[proposal.pk])
    for head in (world.head, second_head):
        assert url in login(head).get(reverse("awards:review_inbox", args=["truong-phong"])).content.decode()
    ProposalReview.objects.filter(pk=review.pk).update(due_on=timezone.localdate())
    mail.outbox.clear()
    assert remind_review_deadlines() == 2  # both heads: nobody has taken it
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.head.email, second_head.email])
    review_services.review_take(actor=second_head, proposal=proposal, step=ReviewStep.HEAD)
    assert state(proposal).holder == second_head
    review_services.review_approve(actor=world.head, proposal=proposal, step=ReviewStep.HEAD)  # either head approves
    assert state(proposal).step == ReviewStep.LEADER


def test_the_boards_leader_in_the_steps_configures_them_too_and_the_page_says_what_is_missing(world, login):
    config = review_services.review_config_save(
        actor=world.chief, board=world.province_board, enabled=True, assessment_days=10
    )
    assert config.assessment_days == 10
    board = BoardFactory(parent=world.ha_giang)
    admin = BoardAdminFactory(unit=board)
    client = login(admin)
    page = client.get(reverse("awards:review_config")).content.decode()
    data = {
        "enabled": "on", "uses_clerk": "on", "intake_days": "2", "assessment_days": "7", "head_days": "3",
        "leader_days": "3",
    }  # fmt: skip
    response = client.post(reverse("awards:review_config"), data)
    assert response.status_code == 200 and "Chưa giao vị trí nào." in page
    assert "Giao các vị trí trước khi thẩm định theo các bước: Văn thư, Chuyên viên." in response.content.decode()


def test_the_clerk_returns_an_incomplete_dossier_from_its_page(world, login):
    proposal = sent_up(world.finance)
    proposal.attachments.all().delete()
    client = login(world.clerk)
    page = client.get(reverse("awards:review_detail", args=[proposal.pk])).content.decode()
    assert "Hồ sơ còn thiếu" in page and "Tiếp nhận hồ sơ" not in page
    response = client.post(
        reverse("awards:review_action", args=[proposal.pk, "tra-lai"]),
        {"step": "intake", "comment": "Thiếu biên bản họp Hội đồng."},
        follow=True,
    )
    assert "Đã trả lại hồ sơ cho đơn vị." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RETURNED


def test_the_board_admin_gives_positions_and_routing_lines_from_the_config_page(world, login):
    client = login(world.board_admin)
    newcomer = ReviewerFactory(unit=world.province_board, full_name="Mã Thị Mới")
    page = client.get(reverse("awards:review_config")).content.decode()
    assert "Mã Thị Mới" in page
    client.post(reverse("awards:review_position_add"), {"user": newcomer.pk, "position": "specialist"})
    client.post(
        reverse("awards:review_route_add"),
        {"specialist": newcomer.pk, "award_type": "", "award_level": "", "area_unit": world.finance.pk},
    )
    page = client.get(reverse("awards:review_config")).content.decode()
    assert "Mã Thị Mới — Chuyên viên" in page
    assert "Mã Thị Mới: Sở Tài chính tỉnh Lạng Sơn (thử)" in page
    proposal = received(world, sent_up(world.finance))
    assert review_services.review_assign(actor=world.clerk, proposal=proposal).specialist == newcomer
    outsider_admin = BoardAdminFactory(unit=world.central)
    position = StaffPosition.objects.get(user=newcomer)
    assert login(outsider_admin).post(reverse("awards:review_position_delete", args=[position.pk])).status_code == 404
