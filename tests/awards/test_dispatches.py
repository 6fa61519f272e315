"""Routing by the law's authority (issue 18 item 3): an award the unit's head decides is decided inside the unit and
never reaches the province's queue; a provincial award goes to the provincial board; a state-level award is
reviewed by the province, bundled with others into one khen cao dossier to the central board, which records its
outcome per recipient, and the province sees the outcome come back."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from awards.models import AwardRecord, Dispatch, DispatchItem, Proposal, ProposalStatus
from awards.selectors.workflow import reviewer_scope, reviewers_of
from awards.services.dispatches import dispatch_create, dispatch_record_outcome, proposal_decide_in_unit
from awards.services.proposals import proposal_create
from awards.services.workflow import proposal_approve, proposal_start_review, submission_create
from tests.factories import (
    BoardFactory,
    LeaderFactory,
    PersonFactory,
    ReviewerFactory,
    StaffFactory,
    UnitFactory,
    attach_dossier,
    make_award_world,
)

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world():
    world = make_award_world(YEAR)
    world.unit = UnitFactory(name="Sở Tài chính Lạng Sơn (thử)", parent=world.lang_son, kind="agency")
    world.unit_staff = StaffFactory(unit=world.unit, username="canbo.stc")
    world.unit_leader = LeaderFactory(unit=world.unit, username="lanhdao.stc")
    other_province = UnitFactory(name="Tỉnh Cao Bằng (thử)")
    world.other_board = BoardFactory(name="Ban Thi đua - Khen thưởng Cao Bằng (thử)", parent=other_province)
    world.other_reviewer = ReviewerFactory(unit=world.other_board, username="thamdinh.cb")
    return world


def propose(world, code, name, number):
    proposal = proposal_create(
        actor=world.unit_staff,
        proposing_unit=world.unit,
        award_type_code=code,
        year=YEAR,
        nominee_person=PersonFactory(unit=world.unit, full_name=name),
        achievements="Hoàn thành xuất sắc nhiệm vụ.",
        justification="Đơn vị giải trình bằng văn bản.",
        proposal_date=datetime.date(YEAR, 11, 20),
    )
    attach_dossier(proposal)
    submission_create(
        actor=world.unit_leader,
        proposing_unit=world.unit,
        year=YEAR,
        number=number,
        title="Tờ trình",
        proposals=[proposal],
    )
    proposal.refresh_from_db()
    return proposal


def in_queue(user, proposal) -> bool:
    return Proposal.objects.filter(reviewer_scope(user), pk=proposal.pk).exists()


def test_a_basic_title_is_decided_inside_its_unit_and_never_reaches_the_province(world, login):
    proposal = propose(world, "CSTD_CO_SO", "Hoàng Văn Cơ Sở", "01/TTr-STC")
    assert proposal.status == ProposalStatus.SUBMITTED
    assert not in_queue(world.province_reviewer, proposal) and not in_queue(world.reviewer, proposal)
    assert set(reviewers_of(proposal)) == {world.unit_leader}  # the unit's head hears of it, no board does
    queue = login(world.province_reviewer).get(reverse("awards:review_queue")).content.decode()
    assert "Hoàng Văn Cơ Sở" not in queue
    assert login(world.province_reviewer).get(proposal.get_absolute_url()).status_code == 403

    client = login(world.unit_leader)
    assert "Đề nghị chờ Thủ trưởng đơn vị quyết định" in client.get(reverse("dashboard")).content.decode()
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Thủ trưởng đơn vị quyết định" in page and "Quyết định khen thưởng tại đơn vị" in page
    client.post(
        reverse("awards:proposal_decide_in_unit", args=[proposal.pk]), {"number": "15/QĐ-STC", "date": "05/12/2025"}
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DECIDED and proposal.decision_number == "15/QĐ-STC"
    record = AwardRecord.objects.get(proposal=proposal)
    assert record.award_type.code == "CSTD_CO_SO" and record.decision_date == datetime.date(2025, 12, 5)
    assert not in_queue(world.province_reviewer, proposal)


def test_only_the_units_leader_decides_inside_the_unit(world):
    proposal = propose(world, "CSTD_CO_SO", "Hoàng Văn Cơ Sở", "01/TTr-STC")
    for actor in (world.unit_staff, world.leader, world.province_reviewer):  # staff; another unit's leader; a board
        with pytest.raises(PermissionDenied):
            proposal_decide_in_unit(actor=actor, proposal=proposal, number="1/QĐ", date=None)
    provincial = propose(world, "BANG_KHEN_CAP_TINH", "Đỗ Thị Tỉnh", "02/TTr-STC")
    with pytest.raises(PermissionDenied):  # a provincial award is not the unit's to decide
        proposal_decide_in_unit(actor=world.unit_leader, proposal=provincial, number="1/QĐ", date=None)
    assert in_queue(world.province_reviewer, provincial) and not in_queue(world.reviewer, provincial)


def test_a_second_click_on_the_units_decision_records_it_once(world, login):
    proposal = propose(world, "CSTD_CO_SO", "Hoàng Văn Cơ Sở", "01/TTr-STC")
    client = login(world.unit_leader)
    url = reverse("awards:proposal_decide_in_unit", args=[proposal.pk])
    client.post(url, {"number": "15/QĐ-STC"})
    response = client.post(url, {"number": "15/QĐ-STC"}, follow=True)
    assert response.status_code == 200 and "đã có quyết định" in response.content.decode()
    assert AwardRecord.objects.filter(proposal=proposal).count() == 1


def three_prime_minister_proposals(world):
    proposals = [
        propose(world, "BANG_KHEN_THU_TUONG", name, f"0{n}/TTr-STC")
        for n, name in enumerate(["Phạm Văn Một", "Vũ Thị Hai", "Lý Văn Ba"], start=3)
    ]
    for proposal in proposals:
        assert in_queue(world.province_reviewer, proposal)  # the province reviews state-level awards first
        assert not in_queue(world.reviewer, proposal)  # the centre sees nothing before the dossier comes
        proposal_start_review(actor=world.province_reviewer, proposal=proposal)
        proposal_approve(actor=world.province_reviewer, proposal=proposal)
    return [Proposal.objects.get(pk=p.pk) for p in proposals]


def test_a_prime_ministers_certificate_goes_up_in_a_khen_cao_dossier_and_its_outcome_comes_back(world, login):
    first, second, third = three_prime_minister_proposals(world)
    province = login(world.province_reviewer)
    assert not world.province_reviewer.has_perm("awards.decide_proposal", first)  # not the province's to decide
    assert "Ghi nhận quyết định khen thưởng" not in province.get(first.get_absolute_url()).content.decode()
    form = province.get(reverse("awards:dispatch_create")).content.decode()
    assert "Phạm Văn Một" in form and "Lý Văn Ba" in form
    response = province.post(
        reverse("awards:dispatch_create"),
        {
            "number": "88/TTr-UBND",
            "title": "Đề nghị Thủ tướng tặng Bằng khen",
            "proposals": [p.pk for p in (first, second, third)],
        },
    )
    dispatch = Dispatch.objects.get(number="88/TTr-UBND")
    assert response.status_code == 302 and dispatch.recipient == world.central and dispatch.items.count() == 3

    central = login(world.reviewer)
    assert in_queue(world.reviewer, first)
    page = central.get(dispatch.get_absolute_url()).content.decode()
    assert "Phạm Văn Một" in page and "Chờ kết quả" in page
    items = {item.proposal_id: item for item in dispatch.items.all()}
    central.post(
        reverse("awards:dispatch_outcome", args=[items[first.pk].pk]),
        {"outcome": "granted", "number": "1234/QĐ-TTg", "date": "20/12/2025"},
    )
    central.post(
        reverse("awards:dispatch_outcome", args=[items[second.pk].pk]),
        {"outcome": "granted", "number": "1234/QĐ-TTg", "date": "20/12/2025"},
    )
    central.post(
        reverse("awards:dispatch_outcome", args=[items[third.pk].pk]),
        {"outcome": "refused", "note": "Chưa đủ thời gian từ lần khen trước."},
    )
    first.refresh_from_db()
    assert first.status == ProposalStatus.DECIDED and first.decision_number == "1234/QĐ-TTg"
    assert AwardRecord.objects.filter(proposal__in=[first, second]).count() == 2
    assert not AwardRecord.objects.filter(proposal=third).exists()

    # the province sees the outcome come back: on the dossier and on each proposal
    province = login(world.province_reviewer)
    page = province.get(dispatch.get_absolute_url()).content.decode()
    assert page.count("Được khen thưởng") >= 2 and "Chưa đủ thời gian từ lần khen trước." in page
    detail = province.get(first.get_absolute_url()).content.decode()
    assert "88/TTr-UBND" in detail and "Được khen thưởng" in detail and "1234/QĐ-TTg" in detail
    unit_page = login(world.unit_staff).get(third.get_absolute_url()).content.decode()
    assert "Không được khen thưởng" in unit_page
    listing = login(world.province_reviewer).get(reverse("awards:dispatch_list")).content.decode()
    assert "2/3 được khen thưởng, 0 chờ kết quả" in listing


def test_a_proposal_goes_up_once_and_only_when_the_province_approved_it(world):
    first, second, _third = three_prime_minister_proposals(world)
    dispatch_create(
        actor=world.province_reviewer, board=world.province_board, year=YEAR, number="1/TTr", title="Khen cao",
        proposals=[first],
    )  # fmt: skip
    with pytest.raises(ValidationError, match="đã gửi"):  # a double submit of the same dossier
        dispatch_create(
            actor=world.province_reviewer, board=world.province_board, year=YEAR, number="2/TTr", title="Khen cao",
            proposals=[first, second],
        )  # fmt: skip
    pending = propose(world, "BANG_KHEN_THU_TUONG", "Chưa Thẩm Định", "09/TTr-STC")
    with pytest.raises(ValidationError):
        dispatch_create(
            actor=world.province_reviewer, board=world.province_board, year=YEAR, number="3/TTr", title="Khen cao",
            proposals=[pending],
        )  # fmt: skip
    assert DispatchItem.objects.count() == 1


def test_another_board_neither_sends_reads_nor_decides_a_dossier(world, login):
    first, second, third = three_prime_minister_proposals(world)
    with pytest.raises(PermissionDenied):
        dispatch_create(
            actor=world.other_reviewer, board=world.province_board, year=YEAR, number="1/TTr", title="x",
            proposals=[first],
        )  # fmt: skip
    with pytest.raises(ValidationError):  # its own dossier cannot carry another province's proposals
        dispatch_create(
            actor=world.other_reviewer, board=world.other_board, year=YEAR, number="1/TTr", title="x",
            proposals=[first],
        )  # fmt: skip
    dispatch = dispatch_create(
        actor=world.province_reviewer, board=world.province_board, year=YEAR, number="1/TTr", title="Khen cao",
        proposals=[first, second, third],
    )  # fmt: skip
    item = dispatch.items.first()
    assert login(world.other_reviewer).get(dispatch.get_absolute_url()).status_code == 403
    assert login(world.unit_staff).get(reverse("awards:dispatch_list")).status_code == 403
    for actor in (world.other_reviewer, world.province_reviewer):  # the sender does not decide its own dossier
        with pytest.raises(PermissionDenied):
            dispatch_record_outcome(actor=actor, item=item, outcome="granted", number="1/QĐ-TTg")
    response = login(world.province_reviewer).post(
        reverse("awards:dispatch_outcome", args=[item.pk]), {"outcome": "granted", "number": "1/QĐ-TTg"}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.outcome == "pending"


def test_an_outcome_is_recorded_once_and_a_refusal_needs_its_reason(world):
    first, _second, _third = three_prime_minister_proposals(world)
    dispatch = dispatch_create(
        actor=world.province_reviewer, board=world.province_board, year=YEAR, number="1/TTr", title="Khen cao",
        proposals=[first],
    )  # fmt: skip
    item = dispatch.items.get()
    with pytest.raises(ValidationError, match="lý do"):
        dispatch_record_outcome(actor=world.reviewer, item=item, outcome="refused", note=" ")
    dispatch_record_outcome(actor=world.reviewer, item=item, outcome="granted", number="1/QĐ-TTg")
    with pytest.raises(ValidationError, match="đã được ghi nhận"):
        dispatch_record_outcome(actor=world.reviewer, item=item, outcome="granted", number="1/QĐ-TTg")
    assert AwardRecord.objects.filter(proposal=first).count() == 1


def test_hostile_text_in_a_dossiers_title_is_shown_inert(world, login):
    first, _second, _third = three_prime_minister_proposals(world)
    dispatch = dispatch_create(
        actor=world.province_reviewer, board=world.province_board, year=YEAR, number="1/TTr",
        title='<img src=x onerror=alert(1)>', proposals=[first],
    )  # fmt: skip
    page = login(world.reviewer).get(dispatch.get_absolute_url()).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page
