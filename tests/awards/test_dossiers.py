"""Issue 19 item 1: a dossier (hồ sơ đề nghị) with many nominees, each a proposal line with its own eligibility
result, decision line and certificate; made on one page with a "Thêm dòng" round trip, sent up at once through
the workflow, decided line by line."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from awards.models import AwardRecord, AwardType, Dossier, Proposal, ProposalStatus, RecipientCategory
from awards.selectors.decisions import decision_records
from awards.services.decisions import decision_add_proposals, decision_create, decision_issue
from awards.services.dossiers import dossier_add_lines, dossier_create, dossier_submit
from awards.services.proposals import proposal_update
from awards.services.workflow import proposal_approve, proposal_reject, proposal_start_review
from clusters.models import PersonCategory, UnitKind
from tests.factories import (
    AwardRecordFactory,
    PersonFactory,
    UnitFactory,
    attach_dossier,
    award_type,
    link_initiatives,
    make_award_world,
    make_initiative,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world():
    return make_award_world()


def head(**fields):
    data = {
        "award_type": award_type("BANG_KHEN_CAP_TINH").pk,
        "year": 2023,
        "kind": "annual",
        "summary": "Tập thể và cá nhân có thành tích xuất sắc trong phong trào thi đua năm 2023.",
        "submission_token": "d" * 32,
    }
    data.update(fields)
    return data


def lines(*entries, total=None):
    """The formset's fields for `entries` (dicts of a line's fields)."""
    data = {"lines-TOTAL_FORMS": str(total or max(len(entries), 1)), "lines-INITIAL_FORMS": "0"}
    for index, entry in enumerate(entries):
        data.update({f"lines-{index}-{name}": value for name, value in entry.items()})
    return data


def test_a_dossier_with_three_nominees_is_made_on_one_page_each_line_a_proposal_with_its_verdict(world, login):
    team = UnitFactory(kind=UnitKind.COLLECTIVE, name="Phòng Nghiệp vụ (thử)", parent=world.lang_son)
    worker = PersonFactory(unit=world.lang_son, full_name="Hoàng Thị Dung")
    leader = PersonFactory(unit=world.lang_son, category=PersonCategory.LEADER, full_name="Vi Đức Hạnh")
    client = login(world.staff)

    response = client.post(
        reverse("awards:dossier_create"),
        head()
        | lines(
            {"nominee_unit": team.pk, "achievements": "Dẫn đầu khối."},
            {"nominee_person": worker.pk},
            {"nominee_person": leader.pk, "recipient_category": RecipientCategory.LEADER_DEPARTMENT},
        ),
    )

    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response.url == dossier.get_absolute_url()
    made = list(dossier.lines.order_by("id"))
    assert [(p.nominee_unit_id, p.nominee_person_id, p.recipient_category) for p in made] == [
        (team.pk, None, RecipientCategory.COLLECTIVE),
        (None, worker.pk, RecipientCategory.DIRECT_WORKER),
        (None, leader.pk, RecipientCategory.LEADER_DEPARTMENT),
    ]
    assert {(p.award_type.code, p.year, p.kind, p.status) for p in made} == {
        ("BANG_KHEN_CAP_TINH", 2023, "annual", ProposalStatus.DRAFT)
    }
    assert all(p.eligibility_status for p in made)  # each evaluated on its own
    page = client.get(dossier.get_absolute_url()).content.decode()
    assert page.count('data-testid="dossier-line"') == 3
    assert "Vi Đức Hạnh" in page and "Lãnh đạo vụ, cục, sở, ban, ngành và tương đương" in page
    assert "Tập thể và cá nhân có thành tích xuất sắc" in page
    assert "Xem hồ sơ" in client.get(made[0].get_absolute_url()).content.decode()


def test_the_add_line_button_returns_the_page_with_one_more_line_and_saves_nothing(world, login):
    worker = PersonFactory(unit=world.lang_son)
    client = login(world.staff)
    page = client.get(reverse("awards:dossier_create")).content.decode()
    assert page.count('data-testid="line"') == 3

    response = client.post(
        reverse("awards:dossier_create"), head() | lines({"nominee_person": worker.pk}, total=3) | {"add_line": "1"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('data-testid="line"') == 4
    assert f'<option value="{worker.pk}" selected' in page  # the line typed is kept
    assert not Dossier.objects.exists() and not Proposal.objects.exists()


def test_a_leader_without_a_level_is_refused_on_its_line_and_nothing_is_saved(world, login):
    leader = PersonFactory(unit=world.lang_son, category=PersonCategory.LEADER, full_name="Hà Văn Khải")
    worker = PersonFactory(unit=world.lang_son)
    client = login(world.staff)
    response = client.post(
        reverse("awards:dossier_create"), head() | lines({"nominee_person": worker.pk}, {"nominee_person": leader.pk})
    )
    assert "Hà Văn Khải là lãnh đạo, quản lý: chọn cấp lãnh đạo" in str(response.context["formset"].forms[1].errors)
    assert not Dossier.objects.exists() and not Proposal.objects.exists()


def test_a_line_the_award_refuses_refuses_the_whole_dossier_with_its_line_number_and_reason(world, login):
    team = UnitFactory(kind=UnitKind.COLLECTIVE, name="Phòng Thử Tập Thể", parent=world.lang_son)
    worker = PersonFactory(unit=world.lang_son)
    client = login(world.staff)
    page = client.post(
        reverse("awards:dossier_create"),
        head(award_type=award_type("CSTD_CAP_TINH").pk)
        | lines({"nominee_person": worker.pk}, {"nominee_unit": team.pk}),
    ).content.decode()
    assert "Dòng 2 (Phòng Thử Tập Thể): Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh chỉ xét tặng cho cá nhân." in page
    assert not Dossier.objects.exists() and not Proposal.objects.exists()


def test_an_empty_dossier_and_a_nominee_twice_are_refused(world, login):
    worker = PersonFactory(unit=world.lang_son)
    client = login(world.staff)
    page = client.post(reverse("awards:dossier_create"), head() | lines(total=3)).content.decode()
    assert "Hồ sơ phải có ít nhất một đối tượng." in page
    page = client.post(
        reverse("awards:dossier_create"), head() | lines({"nominee_person": worker.pk}, {"nominee_person": worker.pk})
    ).content.decode()
    assert "Một đối tượng được ghi hai lần trong hồ sơ." in page
    assert not Dossier.objects.exists()


def test_sending_the_dossier_form_twice_creates_one_dossier(world, login):
    worker = PersonFactory(unit=world.lang_son)
    client = login(world.staff)
    data = head() | lines({"nominee_person": worker.pk})
    first = client.post(reverse("awards:dossier_create"), data)
    second = client.post(reverse("awards:dossier_create"), data)
    assert Dossier.objects.count() == 1 and Proposal.objects.count() == 1
    assert second.status_code == 302 and second.url == first.url


def test_hostile_text_in_the_summary_is_refused_in_vietnamese(world, login):
    worker = PersonFactory(unit=world.lang_son)
    client = login(world.staff)
    page = client.post(
        reverse("awards:dossier_create"), head(summary="Thành\x01 tích\x0b") | lines({"nominee_person": worker.pk})
    ).content.decode()
    assert "ký tự điều khiển" in page
    assert not Dossier.objects.exists()


def _dossier(world, *people, **fields):
    return dossier_create(
        actor=world.staff,
        proposing_unit=world.lang_son,
        award_type_code=fields.pop("award", "BANG_KHEN_CAP_TINH"),
        year=2023,
        lines=[{"nominee_person": person} for person in people],
        **fields,
    )


def test_another_units_user_can_neither_read_nor_add_lines_to_a_dossier(world, login):
    dossier = _dossier(world, PersonFactory(unit=world.lang_son))
    stranger = PersonFactory(unit=world.ha_giang)
    client = login(world.other_staff)
    assert client.get(dossier.get_absolute_url()).status_code == 403
    assert client.get(reverse("awards:dossier_add_lines", args=[dossier.pk])).status_code == 403
    response = client.post(
        reverse("awards:dossier_add_lines", args=[dossier.pk]), lines({"nominee_person": stranger.pk})
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        dossier_add_lines(actor=world.other_staff, dossier=dossier, lines=[{"nominee_person": stranger}])
    assert dossier.lines.count() == 1
    assert dossier.pk not in [
        d.pk for d in login(world.other_staff).get(reverse("awards:dossier_list")).context["page"]
    ]


def test_the_unit_adds_lines_until_the_dossier_is_sent_up(world, login):
    dossier = _dossier(world, PersonFactory(unit=world.lang_son))
    newcomer = PersonFactory(unit=world.lang_son, full_name="Lăng Văn Mới")
    client = login(world.staff)
    response = client.post(
        reverse("awards:dossier_add_lines", args=[dossier.pk]), lines({"nominee_person": newcomer.pk})
    )
    assert response.status_code == 302
    assert dossier.lines.count() == 2
    attach_dossier(*dossier.lines.all())
    dossier_submit(actor=world.leader, dossier=dossier, number="12/TTr-UBND", title="Đề nghị tặng Bằng khen")
    assert client.get(reverse("awards:dossier_add_lines", args=[dossier.pk])).status_code == 403


def test_a_dossier_of_three_one_failing_is_sent_up_and_decided_into_two_records_with_their_certificates(world, login):
    qualified = [PersonFactory(unit=world.lang_son, full_name=name) for name in ("Tô Thị Đạt", "Mã Văn Đủ")]
    for person in qualified:  # three basic titles in a row: the provincial title's held-titles rule passes
        for year in (2021, 2022, 2023):
            AwardRecordFactory(nominee_person=person, award_type=award_type("CSTD_CO_SO"), year=year)
    failing = PersonFactory(unit=world.lang_son, full_name="Lý Văn Thiếu")
    AwardType.objects.filter(code="CSTD_CAP_TINH").update(has_certificate=True)  # the board prints its certificate
    dossier = _dossier(world, *qualified, failing, award="CSTD_CAP_TINH")
    first, second, third = dossier.lines.order_by("id")
    for line in (first, second):  # each qualified nominee cites a recognised provincial initiative (issue 19 item 2)
        link_initiatives(line, make_initiative(line.nominee_person, scope="province"))
    Proposal.objects.filter(dossier=dossier).update(proposal_date=datetime.date(2024, 3, 5))
    verdicts = {p.nominee_person.full_name: p.eligibility for p in dossier.lines.all()}
    held = {
        name: next(r["status"] for r in results if r["check"] == "holds_titles") for name, results in verdicts.items()
    }
    assert held == {"Tô Thị Đạt": "passed", "Mã Văn Đủ": "passed", "Lý Văn Thiếu": "failed"}
    page = login(world.staff).get(dossier.get_absolute_url()).content.decode()
    assert page.count('data-testid="eligibility-failed"') == 1

    attach_dossier(first, second, third)
    with pytest.raises(ValidationError, match="cần có giải trình"):
        dossier_submit(actor=world.leader, dossier=dossier, number="3/TTr-UBND", title="Đề nghị CSTĐ cấp tỉnh")
    assert set(dossier.lines.values_list("status", flat=True)) == {ProposalStatus.DRAFT}  # all or nothing
    proposal_update(actor=world.staff, proposal=third, justification="Đơn vị đề nghị xem xét đặc cách.")
    client = login(world.leader)
    response = client.post(
        reverse("awards:dossier_submit", args=[dossier.pk]), {"number": "3/TTr-UBND", "title": "Đề nghị CSTĐ"}
    )
    assert response.status_code == 302
    assert set(dossier.lines.values_list("status", flat=True)) == {ProposalStatus.SUBMITTED}
    assert len(set(dossier.lines.values_list("submission_id", flat=True))) == 1

    for line in (first, second, third):
        proposal_start_review(actor=world.province_reviewer, proposal=line)
    proposal_approve(actor=world.province_reviewer, proposal=first)
    proposal_approve(actor=world.province_reviewer, proposal=second)
    proposal_reject(actor=world.province_reviewer, proposal=third, comment="Chưa đủ ba lần CSTĐ cơ sở.")
    decision = decision_create(
        actor=world.province_reviewer, authority=world.province_board, title="Về việc tặng danh hiệu CSTĐ cấp tỉnh",
        place="Lạng Sơn", decided_by="Chủ tịch UBND tỉnh Lạng Sơn", signer_name="Hồ Tiến Thiệu",
        signer_position="Chủ tịch", legal_grounds="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    )  # fmt: skip
    approved = dossier.lines.filter(status=ProposalStatus.APPROVED)  # what the decision page offers
    decision_add_proposals(actor=world.province_reviewer, decision=decision, proposals=approved)
    decision_issue(
        actor=world.province_reviewer, decision=decision, number="88/QĐ-UBND", date=datetime.date(2024, 4, 1)
    )

    records = list(decision_records(decision))
    assert sorted(r.nominee_person.full_name for r in records) == ["Mã Văn Đủ", "Tô Thị Đạt"]
    assert {r.proposal_id for r in records} == {first.pk, second.pk}
    assert len({r.register_number for r in records}) == 2
    assert {(r.kind, r.recipient_category) for r in records} == {("annual", RecipientCategory.DIRECT_WORKER)}
    page = login(world.staff).get(dossier.get_absolute_url()).content.decode()
    assert page.count('data-testid="line-certificate"') == 2
    for record in records:
        certificate = client.get(reverse("awards:record_certificate", args=[record.pk]))
        assert certificate.status_code == 200 and certificate.content.startswith(b"%PDF")
    assert not AwardRecord.objects.filter(proposal=third).exists()


def test_a_seniority_dossier_asks_each_line_for_its_years_of_service(world, login):
    worker, other = PersonFactory(unit=world.lang_son), PersonFactory(unit=world.lang_son)
    client = login(world.staff)
    response = client.post(
        reverse("awards:dossier_create"),
        head(kind="seniority")
        | lines({"nominee_person": worker.pk, "service_years": 25}, {"nominee_person": other.pk}),
    )
    assert "Khen thưởng theo niên hạn: ghi số năm công tác." in str(response.context["formset"].forms[1].errors)
    assert not Dossier.objects.exists()
    data = head(kind="seniority") | lines(
        {"nominee_person": worker.pk, "service_years": 25}, {"nominee_person": other.pk, "service_years": 30}
    )
    assert client.post(reverse("awards:dossier_create"), data).status_code == 302
    assert sorted(Dossier.objects.get().lines.values_list("service_years", flat=True)) == [25, 30]


def test_the_dossier_list_counts_each_listed_dossiers_lines_without_grouping_every_dossier(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    two = _dossier(world, PersonFactory(unit=world.lang_son), PersonFactory(unit=world.lang_son))
    one = _dossier(world, PersonFactory(unit=world.lang_son))
    client = login(world.staff)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("awards:dossier_list")).context["page"]
    assert {d.pk: d.line_count for d in page} == {two.pk: 2, one.pk: 1}
    listing = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "awards_dossier"."id"')]
    # the lines' subquery groups its own lines (U0); the list itself is not grouped by dossier
    assert listing and not any(re.search(r"GROUP BY (?!U0\.)", sql) for sql in listing)
