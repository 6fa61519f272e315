"""Award decisions as records of their own (issue 17, items 1 and 5): a board drafts a decision, puts its
approved proposals in it and issues it once, which creates every award record at once with consecutive numbers
of its register (số vào sổ); a record or the whole decision is revoked by a revoking decision and drops out of
the eligibility history, the counts and the searches; the public page lists the recipients behind an
unguessable link printed as a QR code on each certificate."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from awards.models import AwardRecord, Decision, DecisionStatus, Proposal, ProposalStatus
from awards.selectors.decisions import annex_groups, decision_records
from awards.selectors.proposals import eligibility_facts
from awards.selectors.records import award_records, award_summary
from awards.services.decisions import (
    AlreadyIssued,
    decision_add_proposals,
    decision_create,
    decision_issue,
    decision_remove_proposals,
    decision_revoke,
    record_revoke,
)
from tests.factories import (
    PersonFactory,
    ProposalFactory,
    ReviewerFactory,
    UnitFactory,
    award_type,
    make_award_world,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 1, 15)


@pytest.fixture
def world():
    return make_award_world()


def approved(world, count: int, **fields) -> list[Proposal]:
    """`count` approved proposals of Lạng Sơn (the provincial board decides them)."""
    person = fields.pop("nominee_person", None)
    return [
        ProposalFactory(
            proposing_unit=world.lang_son,
            nominee_person=person or PersonFactory(unit=world.lang_son),
            status=ProposalStatus.APPROVED,
            proposal_date=datetime.date(2023, 12, 1),
            **fields,
        )
        for _ in range(count)
    ]


def draft(world, proposals=(), **fields) -> Decision:
    decision = decision_create(
        actor=world.province_reviewer,
        authority=world.province_board,
        title=fields.pop("title", "Về việc tặng Bằng khen của Chủ tịch UBND tỉnh"),
        place="Lạng Sơn",
        decided_by="Chủ tịch UBND tỉnh Lạng Sơn",
        signer_name="Hồ Tiến Thiệu",
        signer_position="Chủ tịch",
        legal_grounds="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        **fields,
    )
    if proposals:
        decision_add_proposals(actor=world.province_reviewer, decision=decision, proposals=proposals)
    return decision


def test_issuing_200_proposals_creates_200_records_with_consecutive_register_numbers(world):
    proposals = approved(world, 200)
    decision = draft(world, proposals)

    decision_issue(actor=world.province_reviewer, decision=decision, number="15/QĐ-UBND", date=DAY)

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED
    records = list(decision_records(decision))
    assert len(records) == 200
    assert [r.register_number for r in records] == list(range(1, 201))
    assert {(r.register_authority_id, r.register_year) for r in records} == {(world.province_board.pk, 2024)}
    assert {r.proposal_id for r in records} == {p.pk for p in proposals}
    assert set(Proposal.objects.filter(pk__in=[p.pk for p in proposals]).values_list("status", flat=True)) == {
        ProposalStatus.DECIDED
    }
    assert set(Proposal.objects.filter(pk__in=[p.pk for p in proposals]).values_list("decision_number", flat=True)) == {
        "15/QĐ-UBND"
    }


def test_the_next_decision_of_the_same_board_and_year_continues_the_register_without_a_gap(world):
    first = draft(world, approved(world, 3))
    decision_issue(actor=world.province_reviewer, decision=first, number="1/QĐ-UBND", date=DAY)
    second = draft(world, approved(world, 2))
    decision_issue(actor=world.province_reviewer, decision=second, number="2/QĐ-UBND", date=DAY)
    next_year = draft(world, approved(world, 1))
    decision_issue(
        actor=world.province_reviewer, decision=next_year, number="3/QĐ-UBND", date=datetime.date(2025, 1, 2)
    )

    assert [r.register_number for r in decision_records(second)] == [4, 5]
    assert [r.register_number for r in decision_records(next_year)] == [1]


def test_a_draft_takes_only_approved_proposals_of_its_own_board(world):
    decision = draft(world)
    submitted = ProposalFactory(proposing_unit=world.lang_son, status=ProposalStatus.SUBMITTED)
    elsewhere = ProposalFactory(proposing_unit=world.ha_giang, status=ProposalStatus.APPROVED)

    for proposal in (submitted, elsewhere):
        with pytest.raises(ValidationError):
            decision_add_proposals(actor=world.province_reviewer, decision=decision, proposals=[proposal])

    ok = approved(world, 2)
    assert decision_add_proposals(actor=world.province_reviewer, decision=decision, proposals=ok) == 2
    assert decision_remove_proposals(actor=world.province_reviewer, decision=decision, proposals=ok[:1]) == 1
    assert list(decision.entries.values_list("proposal_id", flat=True)) == [ok[1].pk]


def test_a_proposal_is_in_one_decision_only(world):
    proposals = approved(world, 1)
    draft(world, proposals)
    with pytest.raises(ValidationError, match="quyết định khác"):
        draft(world, proposals, title="Quyết định thứ hai")


def test_issuing_needs_a_number_and_a_date_and_never_issues_twice(world):
    decision = draft(world, approved(world, 2))
    with pytest.raises(ValidationError) as refused:
        decision_issue(actor=world.province_reviewer, decision=decision, number=" ", date=None)
    assert set(refused.value.message_dict) == {"number", "date"}

    decision_issue(actor=world.province_reviewer, decision=decision, number="7/QĐ-UBND", date=DAY)
    with pytest.raises(AlreadyIssued):
        decision_issue(actor=world.province_reviewer, decision=decision, number="8/QĐ-UBND", date=DAY)
    assert AwardRecord.objects.filter(decision=decision).count() == 2


def test_another_boards_reviewer_can_neither_edit_nor_issue_nor_revoke(world):
    decision = draft(world, approved(world, 1))
    other = ReviewerFactory(unit=world.central)
    stranger_board = ReviewerFactory()
    for actor in (other, stranger_board):
        with pytest.raises(PermissionDenied):
            decision_issue(actor=actor, decision=decision, number="9/QĐ-UBND", date=DAY)
        with pytest.raises(PermissionDenied):
            decision_add_proposals(actor=actor, decision=decision, proposals=approved(world, 1))
        with pytest.raises(PermissionDenied):
            decision_create(actor=actor, authority=world.province_board, title="Giả mạo")
    decision_issue(actor=world.province_reviewer, decision=decision, number="9/QĐ-UBND", date=DAY)
    record = decision_records(decision).first()
    with pytest.raises(PermissionDenied):
        record_revoke(actor=other, record=record, reason="Sai", number="1/QĐ-TH", date=DAY)
    with pytest.raises(PermissionDenied):
        decision_revoke(actor=other, decision=decision, reason="Sai", number="1/QĐ-TH", date=DAY)


def test_a_revoked_record_drops_out_of_eligibility_history_counts_and_searches(world):
    person = PersonFactory(unit=world.lang_son, full_name="Hoàng Thị Thu Hồi")
    [granted] = approved(world, 1, nominee_person=person, award_type=award_type("BANG_KHEN_CAP_TINH"))
    decision = draft(world, [granted])
    decision_issue(actor=world.province_reviewer, decision=decision, number="21/QĐ-UBND", date=DAY)
    later = ProposalFactory(
        proposing_unit=world.lang_son, nominee_person=person, award_type=award_type("CSTD_CO_SO"),
        year=2023, kind="ad_hoc",
    )  # fmt: skip
    assert 2023 in eligibility_facts(later).history["BANG_KHEN_CAP_TINH"]
    assert award_records(user=world.province_reviewer, query="Thu Hồi").count() == 1
    granted_before = _granted(world, "BANG_KHEN_CAP_TINH")

    record = decision_records(decision).get()
    with pytest.raises(ValidationError) as refused:
        record_revoke(actor=world.province_reviewer, record=record, reason="", number="", date=None)
    assert set(refused.value.message_dict) == {"reason", "number", "date"}
    record_revoke(
        actor=world.province_reviewer, record=record, reason="Khai man thành tích", number="5/QĐ-UBND", date=DAY
    )

    assert "BANG_KHEN_CAP_TINH" not in eligibility_facts(later).history
    assert award_records(user=world.province_reviewer, query="Thu Hồi").count() == 0
    assert _granted(world, "BANG_KHEN_CAP_TINH") == granted_before - 1
    kept = AwardRecord.all_objects.get(pk=record.pk)
    assert (kept.revoked_by_number, kept.revocation_reason) == ("5/QĐ-UBND", "Khai man thành tích")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED
    assert [line.revoked for group in annex_groups(decision) for line in group.lines] == [True]


def _granted(world, code: str) -> int:
    summary = award_summary(unit_ids=[world.lang_son.pk], year=2023)
    return summary["by_award"].get(code, {}).get("granted", 0)


def test_revoking_the_decision_revokes_every_record_it_granted(world):
    decision = draft(world, approved(world, 3))
    decision_issue(actor=world.province_reviewer, decision=decision, number="30/QĐ-UBND", date=DAY)

    decision_revoke(
        actor=world.province_reviewer, decision=decision, reason="Sai thẩm quyền", number="31/QĐ-UBND", date=DAY
    )

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.REVOKED
    assert AwardRecord.objects.filter(decision=decision).count() == 0
    assert AwardRecord.all_objects.filter(decision=decision, revoked_by_number="31/QĐ-UBND").count() == 3


def test_the_annex_lists_collectives_individuals_and_households_in_that_order(world):
    collective = UnitFactory(kind="collective", name="Phòng Tổ chức cán bộ", parent=world.lang_son)
    unit_proposal = ProposalFactory(
        proposing_unit=world.lang_son, nominee_unit=collective, nominee_person=None, status=ProposalStatus.APPROVED,
        award_type=award_type("BANG_KHEN_CAP_TINH"),
    )  # fmt: skip
    decision = draft(world, [*approved(world, 2), unit_proposal])

    groups = annex_groups(decision)

    assert [g.title for g in groups] == ["I. Tập thể", "II. Cá nhân", "III. Hộ gia đình"]
    assert [len(g.lines) for g in groups] == [1, 2, 0]
    assert groups[0].lines[0].name == "Phòng Tổ chức cán bộ"
    assert groups[0].lines[0].unit == world.lang_son.name


# --- Two issuing clicks at once -----------------------------------------------------------------------------
def _in_parallel(calls) -> list:
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_issuing_clicks_at_once_issue_once():
    world = make_award_world()
    decision = draft(world, approved(world, 20))

    def issue():
        return decision_issue(actor=world.province_reviewer, decision=decision, number="40/QĐ-UBND", date=DAY)

    results = _in_parallel([issue, issue])

    assert sum(isinstance(r, Decision) for r in results) == 1, results
    assert sum(isinstance(r, AlreadyIssued) for r in results) == 1, results
    assert [r.register_number for r in decision_records(decision)] == list(range(1, 21))


@pytest.mark.django_db(transaction=True)
def test_two_decisions_of_one_board_issued_at_once_share_the_register_without_gap_or_repeat():
    world = make_award_world()
    first, second = draft(world, approved(world, 10)), draft(world, approved(world, 10), title="Thứ hai")

    results = _in_parallel(
        [
            lambda: decision_issue(actor=world.province_reviewer, decision=first, number="41/QĐ-UBND", date=DAY),
            lambda: decision_issue(actor=world.province_reviewer, decision=second, number="42/QĐ-UBND", date=DAY),
        ]
    )

    assert all(isinstance(r, Decision) for r in results), results
    numbers = sorted(AwardRecord.objects.filter(register_authority=world.province_board).values_list(
        "register_number", flat=True
    ))  # fmt: skip
    assert numbers == list(range(1, 21))


# --- Pages --------------------------------------------------------------------------------------------------
def test_a_reviewer_drafts_fills_and_issues_a_decision_through_the_pages(world, login):
    proposals = approved(world, 3)
    client = login(world.province_reviewer)
    response = client.post(
        reverse("awards:decision_create"),
        {"authority": world.province_board.pk, "title": "Về việc tặng Bằng khen", "place": "Lạng Sơn"},
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "3 đề nghị đã thẩm định, đồng ý chưa có quyết định" in page

    client.post(reverse("awards:decision_proposals", args=[decision.pk]), {"action": "add_all"})
    version = client.get(decision.get_absolute_url()).context["issue_form"].initial["version"]
    response = client.post(
        reverse("awards:decision_issue", args=[decision.pk]),
        {"number": "12/QĐ-UBND", "date": "15/01/2024", "version": version},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã ban hành quyết định" in page
    assert page.count('data-testid="record-row"') == 3
    again = client.post(
        reverse("awards:decision_issue", args=[decision.pk]),
        {"number": "12/QĐ-UBND", "date": "15/01/2024", "version": version},
        follow=True,
    )
    assert "đã được ban hành trước đó" in again.content.decode()
    assert AwardRecord.objects.filter(decision=decision).count() == 3
    assert {p.pk for p in proposals} == set(decision.entries.values_list("proposal_id", flat=True))


def test_the_public_page_lists_the_recipients_without_login_and_drafts_are_never_public(world, client):
    decision = draft(world, approved(world, 2))
    url = reverse("awards:decision_public", args=[decision.public_code])
    assert client.get(url).status_code == 404
    decision_issue(actor=world.province_reviewer, decision=decision, number="50/QĐ-UBND", date=DAY)

    page = client.get(url).content.decode()

    assert "50/QĐ-UBND" in page and "15/01/2024" in page and world.province_board.name in page
    for record in decision_records(decision):
        assert record.nominee_name in page
    assert client.get(reverse("awards:decision_public", args=["doan-bua-" + "x" * 20])).status_code == 404
    assert len(decision.public_code) >= 24


def test_the_certificate_prints_the_register_number_and_a_qr_code_of_the_public_page(world, login):
    import subprocess

    decision = draft(world, approved(world, 1))
    decision_issue(actor=world.province_reviewer, decision=decision, number="60/QĐ-UBND", date=DAY)
    record = decision_records(decision).get()
    response = login(world.province_reviewer).get(reverse("awards:record_certificate", args=[record.pk]))
    assert response.status_code == 200
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert f"Số sổ vàng: {record.register_number}/2024" in text
    assert decision.public_code in text.replace("\n", "")


def test_a_qr_code_is_an_svg_image_of_the_link():
    from clusters.writers import qr_svg_data_uri

    assert qr_svg_data_uri("https://thidua.example.vn/khen-thuong/cong-bo/abc/").startswith("data:image/svg+xml")


def test_another_boards_reviewer_and_the_units_cannot_open_the_decision(world, login):
    decision = draft(world, approved(world, 1))
    for user in (world.reviewer, world.staff, world.leader):
        client = login(user)
        assert client.get(decision.get_absolute_url()).status_code == 403
        assert client.post(reverse("awards:decision_issue", args=[decision.pk]), {}).status_code == 403
    assert login(world.reviewer).get(reverse("awards:decision_index")).status_code == 200
    assert "Về việc tặng" not in login(world.reviewer).get(reverse("awards:decision_index")).content.decode()


def test_revoking_a_record_through_its_page_needs_the_revoking_decision(world, login):
    decision = draft(world, approved(world, 2))
    decision_issue(actor=world.province_reviewer, decision=decision, number="70/QĐ-UBND", date=DAY)
    record = decision_records(decision).first()
    client = login(world.province_reviewer)
    url = reverse("awards:record_revoke", args=[record.pk])
    refused = client.post(url, {"reason": "Sai đối tượng", "number": "", "date": ""})
    assert refused.status_code == 200 and AwardRecord.objects.filter(pk=record.pk).exists()
    done = client.post(url, {"reason": "Sai đối tượng", "number": "71/QĐ-UBND", "date": "20/01/2024"}, follow=True)
    assert "Đã thu hồi khen thưởng" in done.content.decode()
    assert not AwardRecord.objects.filter(pk=record.pk).exists()
    assert login(world.reviewer).post(url, {}).status_code == 403


def test_the_decision_pages_take_as_many_queries_for_200_proposals_as_for_2(
    world, login, django_assert_max_num_queries
):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    client = login(world.province_reviewer)

    def queries(count: int, number: str) -> tuple[int, int, int]:
        decision = draft(world, approved(world, count), title=f"Quyết định {number}")
        with CaptureQueriesContext(db) as drafted:
            assert client.get(decision.get_absolute_url()).status_code == 200
        decision_issue(actor=world.province_reviewer, decision=decision, number=number, date=DAY)
        with CaptureQueriesContext(db) as issued:
            assert client.get(decision.get_absolute_url()).status_code == 200
        with CaptureQueriesContext(db) as public:
            client.get(reverse("awards:decision_public", args=[decision.public_code]))
        return len(drafted), len(issued), len(public)

    assert queries(2, "1/QĐ") == queries(200, "2/QĐ")
