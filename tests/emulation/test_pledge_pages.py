"""Pledge pages: what the chair, the members, reviewers and outsiders see and may do; PDF and verification."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.models import AuditEvent, MemberRole
from clusters.services.accounts import unlock_account
from clusters.services.audit import record_audit
from emulation.models import Pledge, PledgeItem, PledgeSignature, PledgeStatus
from emulation.services.pledges import pledge_update
from tests.factories import (
    PASSWORD,
    SAMPLE_ITEMS,
    AdminFactory,
    CampaignFactory,
    LeaderFactory,
    MembershipFactory,
    ReviewerFactory,
    StaffFactory,
    UnitFactory,
    leader_of,
    make_group_year,
    make_open_pledge,
    make_pledge,
    make_signed_pledge,
    sign_as,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster():
    return make_group_year(year=2023, size=3)


def test_the_chair_staff_starts_a_pledge_from_the_group_year_page(client, login, cluster):
    group, units = cluster
    login(StaffFactory(unit=units[0]))
    page = client.get(reverse("clusters:group_year", args=[group.pk, 2023]))
    assert reverse("pledges:group_year", args=[group.pk, 2023]) in page.content.decode()
    response = client.get(reverse("pledges:group_year", args=[group.pk, 2023]))
    assert response.url == reverse("pledges:create", args=[group.pk, 2023])
    response = client.post(
        reverse("pledges:create", args=[group.pk, 2023]),
        {"title": "Giao ước thi đua năm 2023", "preamble": "Lời mở đầu", "place": "Bình Phước"},
    )
    pledge = Pledge.objects.get(group=group, year=2023)
    assert response.url == pledge.get_absolute_url()
    assert pledge.status == PledgeStatus.DRAFT


def test_a_member_that_does_not_chair_cannot_open_the_create_page(client, login, cluster):
    group, units = cluster
    login(StaffFactory(unit=units[2]))
    assert client.get(reverse("pledges:create", args=[group.pk, 2023])).status_code == 403
    response = client.get(reverse("pledges:group_year", args=[group.pk, 2023]), follow=True)
    assert "chưa có giao ước thi đua năm 2023" in response.content.decode()


def test_another_boards_reviewer_is_told_the_pledge_is_not_theirs_instead_of_sent_to_a_refusal(client, login, cluster):
    group, units = cluster
    make_pledge(group)
    login(ReviewerFactory())  # another board's: the registry is open, this group's pledge is not
    response = client.get(reverse("pledges:group_year", args=[group.pk, 2023]), follow=True)
    assert response.status_code == 200
    assert "chỉ các đơn vị thành viên và Ban tổ chức được xem" in response.content.decode()


def test_the_chair_adds_an_item_with_targets_and_campaigns_through_the_form(client, login, cluster):
    group, units = cluster
    pledge = make_pledge(group, items=[])
    campaign = CampaignFactory(title="Cả nước chung sức xây dựng nông thôn mới")
    campaign.groups.add(group)  # a campaign the group takes part in
    login(StaffFactory(unit=units[0]))
    form_page = client.get(reverse("pledges:item_add", args=[pledge.pk]))
    assert "Cả nước chung sức xây dựng nông thôn mới" in form_page.content.decode()
    response = client.post(
        reverse("pledges:item_add", args=[pledge.pk]),
        {
            "title": "Nông thôn mới",
            "body": "Đẩy mạnh thực hiện phong trào xây dựng nông thôn mới.",
            "campaigns": [campaign.pk],
            "targets-TOTAL_FORMS": "2",
            "targets-INITIAL_FORMS": "0",
            "targets-0-indicator": "Xã đạt chuẩn nông thôn mới",
            "targets-0-unit_of_measure": "xã",
            "targets-0-target_value": "12",
            "targets-1-indicator": "",
            "targets-1-unit_of_measure": "",
            "targets-1-target_value": "",
        },
    )
    assert response.status_code == 302
    item = pledge.items.get()
    assert item.number == 1 and list(item.campaigns.all()) == [campaign]
    assert item.targets.get().target_value == Decimal("12.00")
    detail = client.get(pledge.get_absolute_url()).content.decode()
    assert "Thứ nhất" in detail and "Xã đạt chuẩn nông thôn mới" in detail


def test_a_target_value_that_is_not_a_number_gets_a_vietnamese_error(client, login, cluster):
    group, units = cluster
    pledge = make_pledge(group, items=[])
    login(StaffFactory(unit=units[0]))
    response = client.post(
        reverse("pledges:item_add", args=[pledge.pk]),
        {
            "body": "Nội dung",
            "targets-TOTAL_FORMS": "1",
            "targets-INITIAL_FORMS": "0",
            "targets-0-indicator": "Tỷ lệ",
            "targets-0-unit_of_measure": "%",
            "targets-0-target_value": "chín mươi",
        },
    )
    assert response.status_code == 200
    assert "Giá trị chỉ tiêu phải là số" in response.content.decode()
    assert not pledge.items.exists()


def test_the_scoring_table_form_refuses_a_duplicate_code_and_a_bonus_without_rule(client, login, cluster):
    group, units = cluster
    pledge = make_pledge(group)
    login(StaffFactory(unit=units[0]))
    url = reverse("pledges:criterion_add", args=[pledge.pk])
    duplicate = client.post(
        url, {"section": "I", "code": "1.1", "title": "Trùng", "max_points": "5", "kind": "criterion"}
    )
    assert "Mã tiêu chí 1.1 đã có" in duplicate.content.decode()
    no_rule = client.post(url, {"section": "III", "code": "3.9", "title": "Thưởng", "max_points": "2", "kind": "bonus"})
    assert "Hãy nêu cách cho điểm" in no_rule.content.decode()
    ok = client.post(
        url,
        {
            "section": "II. Công tác thi đua",
            "code": "2.2",
            "title": "Khen thưởng",
            "max_points": "10",
            "kind": "criterion",
        },
    )
    assert ok.status_code == 302 and pledge.criteria.filter(code="2.2").exists()


def test_the_chair_opens_the_pledge_and_a_member_leader_signs_with_the_password(client, login, cluster):
    group, units = cluster
    pledge = make_pledge(group)
    login(StaffFactory(unit=units[0]))
    client.post(reverse("pledges:open", args=[pledge.pk]))
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.OPEN
    leader = leader_of(units[1])
    login(leader)
    page = client.get(reverse("pledges:sign", args=[pledge.pk]))
    assert page.status_code == 200 and units[1].name in page.content.decode()
    fingerprint = page.context["fingerprint"]
    data = {"version": 1, "fingerprint": fingerprint, "position": "Chủ tịch UBND tỉnh", "agree": "on"}
    wrong = client.post(reverse("pledges:sign", args=[pledge.pk]), {**data, "password": "sai"})
    assert "Mật khẩu không đúng" in wrong.content.decode()
    assert not PledgeSignature.objects.exists()
    response = client.post(
        reverse("pledges:sign", args=[pledge.pk]), {**data, "password": PASSWORD}, REMOTE_ADDR="198.51.100.4"
    )
    assert response.status_code == 302
    signature = PledgeSignature.objects.get()
    assert signature.unit == units[1] and signature.signer == leader and signature.ip_address == "198.51.100.4"
    detail = client.get(pledge.get_absolute_url()).content.decode()
    assert "1/3 đơn vị đã ký" in detail


def test_a_stale_signing_page_is_refused_after_an_amendment(client, login, cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    login(leader_of(units[1]))
    page = client.get(reverse("pledges:sign", args=[pledge.pk]))
    old_fingerprint = page.context["fingerprint"]
    staff = StaffFactory(unit=units[0])
    login(staff)
    client.post(reverse("pledges:amend", args=[pledge.pk]), {"reason": "Bổ sung nội dung"})
    client.post(reverse("pledges:open", args=[pledge.pk]))
    assert Pledge.objects.get(pk=pledge.pk).version == 2
    login(leader_of(units[1]))
    data = {"version": 1, "fingerprint": old_fingerprint, "position": "Chủ tịch", "agree": "on", "password": PASSWORD}
    response = client.post(reverse("pledges:sign", args=[pledge.pk]), data)
    assert "phiên bản 2" in response.content.decode()
    assert not PledgeSignature.objects.filter(voided_at__isnull=True).exists()


def test_staff_and_outsiders_cannot_reach_the_signing_page(client, login, cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    for user in (StaffFactory(unit=units[1]), LeaderFactory(), ReviewerFactory(unit=group.organizer)):
        login(user)
        assert client.get(reverse("pledges:sign", args=[pledge.pk])).status_code == 403


def test_a_leader_of_a_former_member_cannot_see_or_sign_this_years_pledge(client, login, cluster):
    group, _units = cluster
    former = UnitFactory()
    MembershipFactory(group=group, unit=former, year=2022, role=MemberRole.MEMBER)
    pledge = make_open_pledge(group)
    login(leader_of(former))
    assert client.get(pledge.get_absolute_url()).status_code == 403
    assert client.post(reverse("pledges:sign", args=[pledge.pk]), {"password": PASSWORD}).status_code == 403


def test_members_cannot_edit_and_nobody_can_edit_a_signed_pledge_through_the_pages(client, login, cluster):
    group, units = cluster
    pledge = make_pledge(group)
    login(leader_of(units[2]))
    assert client.get(reverse("pledges:item_add", args=[pledge.pk])).status_code == 403
    assert client.post(reverse("pledges:open", args=[pledge.pk])).status_code == 403
    signed = make_signed_pledge(make_group_year(year=2023, size=2, organizer=group.organizer)[0])
    chair_staff = StaffFactory(unit=signed.signatures.get(is_chair=True).unit)
    login(chair_staff)
    item = signed.items.first()
    response = client.post(
        reverse("pledges:item_update", args=[signed.pk, item.pk]),
        {"body": "Sửa sau khi khóa", "targets-TOTAL_FORMS": "0", "targets-INITIAL_FORMS": "0"},
        follow=True,
    )
    assert "Chỉ sửa nội dung khi giao ước là dự thảo" in response.content.decode()
    assert PledgeItem.objects.get(pk=item.pk).body == item.body
    response = client.post(reverse("pledges:item_delete", args=[signed.pk, item.pk]), follow=True)
    assert "đã khóa" in response.content.decode()
    detail = client.get(signed.get_absolute_url()).content.decode()
    assert "đã khóa" in detail and reverse("pledges:open", args=[signed.pk]) not in detail


def test_the_audit_history_is_shown_to_the_chair_and_the_organising_board_but_not_to_members(client, login, cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    sign_as(leader_of(units[1]), pledge)
    login(StaffFactory(unit=units[0]))
    assert "Lịch sử thay đổi" in client.get(pledge.get_absolute_url()).content.decode()
    login(ReviewerFactory(unit=group.organizer))
    assert "pledge.sign" in client.get(pledge.get_absolute_url()).content.decode()
    login(StaffFactory(unit=units[2]))
    assert "Lịch sử thay đổi" not in client.get(pledge.get_absolute_url()).content.decode()
    login(ReviewerFactory())  # another board: neither the pledge nor its history, nor its print or PDF
    for route in ("pledges:detail", "pledges:print", "pledges:pdf"):
        response = client.get(reverse(route, args=[pledge.pk]))
        assert response.status_code == 403 and b"pledge.sign" not in response.content


def test_copy_from_last_year_with_one_click(client, login, cluster):
    group, units = cluster
    make_signed_pledge(group, 2023)
    for unit in units:
        MembershipFactory(group=group, unit=unit, year=2024, role=MemberRole.CHAIR if unit == units[1] else "member")
    login(StaffFactory(unit=units[1]))
    page = client.get(reverse("pledges:create", args=[group.pk, 2024])).content.decode()
    assert "Sao chép từ giao ước năm 2023" in page
    response = client.post(reverse("pledges:copy", args=[group.pk, 2024]))
    copy = Pledge.objects.get(group=group, year=2024)
    assert response.url == copy.get_absolute_url()
    assert copy.items.count() == 2 and copy.criteria.count() == 5 and copy.status == PledgeStatus.DRAFT


def test_the_pdf_lists_every_signer_and_renders_vietnamese_text(client, login, cluster, tmp_path):
    group, units = cluster
    for index, unit in enumerate(units):
        LeaderFactory(unit=unit, full_name=f"Trần Tuệ Hiền Đồng {index}")
    pledge = make_signed_pledge(group)
    login(StaffFactory(unit=units[0]))
    response = client.get(reverse("pledges:pdf", args=[pledge.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    path = tmp_path / "giao-uoc.pdf"
    path.write_bytes(response.content)
    output = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    text = " ".join(output.decode().split())
    for signature in pledge.signatures.all():
        assert signature.signer_name in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Người tốt, việc tốt" in text and "Đồng chí" in text
    assert "Thứ nhất" in text and "ướ" in text  # ư with a stacked tone mark
    assert pledge.verification_code in text


def _pdf_words(content: bytes, tmp_path) -> str:
    path = tmp_path / "giao-uoc.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True).stdout.decode()
    return "".join(text.split())


def test_a_sealed_pledges_pdf_is_rendered_once_and_sent_again_byte_for_byte(client, login, cluster, settings):
    group, units = cluster
    pledge = make_signed_pledge(group)
    login(StaffFactory(unit=units[0]))

    first = client.get(reverse("pledges:pdf", args=[pledge.pk]))
    second = client.get(reverse("pledges:pdf", args=[pledge.pk]))

    assert first.status_code == second.status_code == 200 and second["Content-Type"] == "application/pdf"
    # Signed twice, two PDFs would differ (the signature's time): the second is the file stored by the first.
    assert first.content == second.content
    (stored,) = (Path(settings.MEDIA_ROOT) / f"documents/pledges/{pledge.pk}").glob("*.pdf")
    assert stored.read_bytes() == first.content


def test_an_amended_pledges_pdf_is_the_new_versions_document(client, login, cluster, settings, tmp_path):
    group, units = cluster
    pledge = make_open_pledge(group)
    sign_as(leader_of(units[1]), pledge)
    staff = StaffFactory(unit=units[0])
    login(staff)
    before = client.get(reverse("pledges:pdf", args=[pledge.pk])).content
    assert "Phiênbản1." in _pdf_words(before, tmp_path)

    client.post(reverse("pledges:amend", args=[pledge.pk]), {"reason": "Bổ sung chỉ tiêu"})
    after = client.get(reverse("pledges:pdf", args=[pledge.pk])).content

    words = _pdf_words(after, tmp_path)
    assert after != before and "Phiênbản2." in words and "Phiênbản1." not in words
    # Only the current version's file is kept.
    (stored,) = (Path(settings.MEDIA_ROOT) / f"documents/pledges/{pledge.pk}").glob("*.pdf")
    assert stored.read_bytes() == after


def test_a_stored_pdf_is_still_refused_to_those_who_may_not_read_the_pledge(client, login, cluster):
    group, units = cluster
    pledge = make_signed_pledge(group)
    login(StaffFactory(unit=units[0]))
    assert client.get(reverse("pledges:pdf", args=[pledge.pk])).status_code == 200  # now stored

    for outsider in (ReviewerFactory(), StaffFactory()):  # another board; a unit outside the group
        login(outsider)
        response = client.get(reverse("pledges:pdf", args=[pledge.pk]))
        assert response.status_code == 403 and not response.content.startswith(b"%PDF")


def test_the_printable_page_shows_the_official_header_and_signers(client, login, cluster):
    group, units = cluster
    pledge = make_signed_pledge(group)
    login(leader_of(units[2]))
    page = client.get(reverse("pledges:print", args=[pledge.pk])).content.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "ĐẠI DIỆN CÁC ĐƠN VỊ KÝ KẾT" in page
    for signature in pledge.signatures.all():
        assert signature.signer_name in page


def test_the_public_verification_page_says_intact_then_altered_after_a_raw_sql_update(client, cluster):
    group, _units = cluster
    pledge = make_signed_pledge(group)
    url = reverse("pledges:verify", args=[pledge.verification_code])
    page = client.get(url)  # anonymous
    assert page.status_code == 200
    assert "Nguyên vẹn" in page.content.decode()
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # a DBA bypassing the lock triggers
        cursor.execute(
            "UPDATE emulation_pledgeitem SET body = 'Nội dung bị sửa lén' WHERE pledge_id = %s AND number = 1",
            [pledge.pk],
        )
        cursor.execute("SET session_replication_role = DEFAULT")
    page = client.get(url).content.decode()
    assert "Đã bị thay đổi" in page and "Nguyên vẹn" not in page


def test_an_unknown_verification_code_is_not_found(client):
    assert client.get(reverse("pledges:verify", args=["khong-co-ma-nay"])).status_code == 404


def test_the_chair_sends_reminders_from_the_pledge_page(client, login, cluster, mailoutbox):
    group, units = cluster
    pledge = make_open_pledge(group)
    pending = leader_of(units[2])
    login(StaffFactory(unit=units[0]))
    response = client.post(reverse("pledges:remind", args=[pledge.pk]), follow=True)
    assert "Đã gửi 1 thư nhắc tới 1 đơn vị chưa ký." in response.content.decode()  # the others have no account
    assert any(pending.email in message.to for message in mailoutbox)
    login(StaffFactory(unit=units[2]))
    assert client.post(reverse("pledges:remind", args=[pledge.pk])).status_code == 403


def test_pledge_list_shows_members_their_pledges_only_and_reviewers_their_boards(client, login, cluster):
    group, units = cluster
    make_pledge(group, title="Giao ước của cụm thứ nhất")
    other_group, _ = make_group_year(year=2023, size=2)
    make_pledge(other_group, title="Giao ước của cụm khác")
    login(StaffFactory(unit=units[1]))
    page = client.get(reverse("pledges:list")).content.decode()
    assert "Giao ước của cụm thứ nhất" in page and "Giao ước của cụm khác" not in page
    login(ReviewerFactory(unit=other_group.organizer))
    page = client.get(reverse("pledges:list"), {"q": "cum khac"}).content.decode()
    assert "Giao ước của cụm khác" in page and "Giao ước của cụm thứ nhất" not in page
    page = client.get(reverse("pledges:list"), {"q": "cum thu nhat"}).content.decode()
    assert "Giao ước của cụm thứ nhất" not in page  # another board's cluster, even when searched for


def test_a_long_audit_history_is_paged_and_nothing_in_it_is_out_of_reach(client, login, cluster):
    group, units = cluster
    pledge = make_pledge(group)
    for n in range(1, 61):
        record_audit(actor=None, action="pledge.test", target=pledge, summary=f"Thay đổi số {n:02d}.")
    login(StaffFactory(unit=units[0]))
    first = client.get(pledge.get_absolute_url()).content.decode()
    assert "Thay đổi số 60." in first and "Thay đổi số 11." in first and "Thay đổi số 10." not in first
    assert "Trang 1/2" in first and "lich_su=2#lich-su" in first
    older = client.get(pledge.get_absolute_url() + "?lich_su=2").content.decode()
    assert "Thay đổi số 10." in older and "Thay đổi số 01." in older and "Thay đổi số 11." not in older
    assert "Cũ hơn" not in older and "lich_su=1#lich-su" in older


def test_wrong_signing_passwords_lock_signing_for_a_while_but_never_the_login(client, login, cluster, settings):
    settings.SIGNING_FAILURE_LIMIT = 5
    group, units = cluster
    pledge = make_open_pledge(group)
    leader = leader_of(units[1])
    login(leader)
    page = client.get(reverse("pledges:sign", args=[pledge.pk]))
    data = {
        "version": pledge.version,
        "fingerprint": page.context["fingerprint"],
        "position": "Chủ tịch",
        "agree": "on",
    }
    for _attempt in range(5):
        wrong = client.post(reverse("pledges:sign", args=[pledge.pk]), {**data, "password": "doan-mo"})
        assert "Mật khẩu không đúng" in wrong.content.decode()
    locked = client.post(reverse("pledges:sign", args=[pledge.pk]), {**data, "password": PASSWORD})
    body = locked.content.decode()
    assert "Chức năng ký tạm khóa đến" in body and "Việc đăng nhập không bị ảnh hưởng" in body
    assert not PledgeSignature.objects.exists()
    # The login is not locked: the leader logs out and in again with the right password.
    client.logout()
    assert client.post(reverse("login"), {"username": leader.username, "password": PASSWORD}).status_code == 302
    assert AuditEvent.objects.filter(action="user.signing_locked", target_id=str(leader.pk)).count() == 1
    # An administrator unlocks it: the leader signs.
    unlock_account(actor=AdminFactory(), user=leader)
    signed = client.post(reverse("pledges:sign", args=[pledge.pk]), {**data, "password": PASSWORD})
    assert signed.status_code == 302 and PledgeSignature.objects.get().signer == leader


def test_a_right_signing_password_clears_the_count_of_wrong_ones(client, login, cluster, settings):
    settings.SIGNING_FAILURE_LIMIT = 3
    group, units = cluster
    pledge = make_open_pledge(group)
    leader = leader_of(units[1])
    login(leader)
    page = client.get(reverse("pledges:sign", args=[pledge.pk]))
    data = {
        "version": pledge.version,
        "fingerprint": page.context["fingerprint"],
        "position": "Chủ tịch",
        "agree": "on",
    }
    for _attempt in range(2):
        client.post(reverse("pledges:sign", args=[pledge.pk]), {**data, "password": "doan-mo"})
    assert client.post(reverse("pledges:sign", args=[pledge.pk]), {**data, "password": PASSWORD}).status_code == 302
    leader.refresh_from_db()
    assert (leader.signing_failures, leader.signing_locked_until) == (0, None)


def test_the_member_form_of_a_year_whose_pledge_is_open_says_why_it_cannot_change(client, login, cluster):
    group, units = cluster
    make_open_pledge(group)
    group.organizer.kind = "central"  # the central board enrols any unit: the form offers these members
    group.organizer.save()
    login(ReviewerFactory(unit=group.organizer))
    response = client.post(
        reverse("clusters:group_members", args=[group.pk, 2023]),
        {"units": [u.pk for u in units[:2]], "chair": units[0].pk},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "đang trong thời gian ký kết" in page and "sửa đổi giao ước" in page
    assert group.memberships.filter(year=2023).count() == len(units)


# --- No page offers an action the service will refuse (issue 14 item 25) ------------------------------
def test_the_edit_urls_of_an_open_or_locked_pledge_show_a_message_instead_of_a_form(client, login, cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    item = pledge.items.first()
    login(StaffFactory(unit=units[0]))
    for name, args in (
        ("pledges:update", [pledge.pk]),
        ("pledges:item_update", [pledge.pk, item.pk]),
        ("pledges:item_add", [pledge.pk]),
        ("pledges:criterion_add", [pledge.pk]),
    ):
        response = client.get(reverse(name, args=args))
        page = response.content.decode()
        assert response.status_code == 200 and 'data-testid="refusal"' in page, name
        assert "Hãy tạo bản sửa đổi (phiên bản mới)" in page and 'method="post"' not in page.split("<main")[-1], name
    response = client.post(reverse("pledges:update", args=[pledge.pk]), {"title": "Tiêu đề khác"})
    assert response.status_code == 409 and Pledge.objects.get(pk=pledge.pk).title != "Tiêu đề khác"
    locked = make_signed_pledge(make_group_year(year=2023, size=2, organizer=group.organizer)[0])
    login(StaffFactory(unit=locked.signatures.get(is_chair=True).unit))
    for name in ("pledges:update", "pledges:amend"):
        page = client.get(reverse(name, args=[locked.pk])).content.decode()
        assert "đã khóa" in page and 'name="title"' not in page and 'name="reason"' not in page, name


def test_the_amend_url_of_a_draft_says_to_edit_it_directly(client, login, cluster):
    group, units = cluster
    pledge = make_pledge(group)
    login(StaffFactory(unit=units[0]))
    page = client.get(reverse("pledges:amend", args=[pledge.pk])).content.decode()
    assert "bản dự thảo thì sửa trực tiếp" in page and 'name="reason"' not in page


def test_the_signing_page_offers_no_form_when_signing_would_be_refused(client, login, cluster):
    group, units = cluster
    draft = make_pledge(group)
    login(leader_of(units[1]))
    page = client.get(reverse("pledges:sign", args=[draft.pk])).content.decode()
    assert "Giao ước chưa được mở để ký kết" in page and 'data-testid="sign-form"' not in page
    response = client.post(reverse("pledges:sign", args=[draft.pk]), {"password": PASSWORD, "agree": "on"})
    assert response.status_code == 409 and not PledgeSignature.objects.exists()
    other = make_open_pledge(make_group_year(year=2023, size=3, organizer=group.organizer)[0])
    chair = other.group.memberships.get(year=2023, role=MemberRole.CHAIR).unit
    login(leader_of(chair))
    page = client.get(reverse("pledges:sign", args=[other.pk])).content.decode()
    assert "Đơn vị trưởng ký sau cùng" in page and 'data-testid="sign-form"' not in page
    assert 'data-testid="sign-link"' not in client.get(other.get_absolute_url()).content.decode()


def test_the_open_button_is_disabled_with_the_reason_while_the_draft_has_no_content(client, login, cluster):
    group, units = cluster
    pledge = make_pledge(group, items=[])
    login(StaffFactory(unit=units[0]))
    page = client.get(pledge.get_absolute_url()).content.decode()
    assert 'data-testid="open-for-signing-disabled"' in page and "Giao ước chưa có nội dung nào." in page
    assert reverse("pledges:open", args=[pledge.pk]) not in page


def test_the_chairs_dashboard_offers_signing_only_once_the_others_have_signed(client, login, cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    chair_leader = leader_of(units[0])
    sign_url = reverse("pledges:sign", args=[pledge.pk])
    login(chair_leader)
    page = client.get(reverse("dashboard")).content.decode()
    assert "chờ đơn vị khác ký" in page and sign_url not in page
    for unit in units[1:]:
        sign_as(leader_of(unit), pledge)
    login(chair_leader)
    page = client.get(reverse("dashboard")).content.decode()
    assert sign_url in page and "chờ đơn vị khác ký" not in page


def test_two_clients_the_edit_form_left_open_while_the_pledge_was_opened_for_signing_is_refused(client, login, cluster):
    from django.test import Client

    group, units = cluster
    pledge = make_pledge(group)
    login(StaffFactory(unit=units[0]))
    assert 'name="title"' in client.get(reverse("pledges:update", args=[pledge.pk])).content.decode()
    other = Client()
    other.force_login(StaffFactory(unit=units[0]))
    other.post(reverse("pledges:open", args=[pledge.pk]))
    response = client.post(reverse("pledges:update", args=[pledge.pk]), {"title": "Tiêu đề sửa muộn"})
    assert response.status_code == 409 and "đang trong thời gian ký kết" in response.content.decode()
    assert Pledge.objects.get(pk=pledge.pk).title != "Tiêu đề sửa muộn"


def test_the_verification_page_of_an_open_pledge_without_signatures_still_catches_an_altered_text(client, cluster):
    group, _units = cluster
    pledge = make_open_pledge(group)
    url = reverse("pledges:verify", args=[pledge.verification_code])
    assert "chưa có chữ ký nào" in client.get(url).content.decode()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE emulation_pledge SET preamble = 'Lời khác' WHERE id = %s", [pledge.pk])
    assert "Đã bị thay đổi" in client.get(url).content.decode()


# --- Issue 15 item 5: pledges as ceremonies are held ------------------------------------------------------
def test_the_ceremony_date_typed_dd_mm_yyyy_is_printed_with_the_place_instead_of_today(
    client, login, cluster, tmp_path
):
    group, units = cluster
    pledge = make_pledge(group)
    login(StaffFactory(unit=units[0]))
    response = client.post(
        reverse("pledges:update", args=[pledge.pk]),
        {
            "title": pledge.title,
            "preamble": "",
            "place": "Buôn Ma Thuột",
            "ceremony_date": "30/3/2023",
            "version": client.get(reverse("pledges:update", args=[pledge.pk])).context["form"]["version"].value(),
        },
    )
    assert response.status_code == 302
    detail = client.get(pledge.get_absolute_url()).content.decode()
    assert "Buôn Ma Thuột, 30/03/2023" in detail
    page = client.get(reverse("pledges:print", args=[pledge.pk])).content.decode()
    assert "Buôn Ma Thuột, ngày 30 tháng 3 năm 2023" in page
    path = tmp_path / "giao-uoc.pdf"
    path.write_bytes(client.get(reverse("pledges:pdf", args=[pledge.pk])).content)
    text = " ".join(
        subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    assert "Buôn Ma Thuột, ngày 30 tháng 3 năm 2023" in text


def test_a_ceremony_date_outside_the_pledges_year_is_refused_in_vietnamese(client, login, cluster):
    group, units = cluster
    login(StaffFactory(unit=units[0]))
    url = reverse("pledges:create", args=[group.pk, 2023])
    response = client.post(url, {"title": "Giao ước", "place": "Buôn Ma Thuột", "ceremony_date": "30/03/2025"})
    assert response.status_code == 200
    assert "Ngày ký kết phải thuộc năm 2023 hoặc năm 2022." in response.content.decode()
    assert not Pledge.objects.filter(group=group, year=2023).exists()
    client.post(url, {"title": "Giao ước", "place": "Buôn Ma Thuột", "ceremony_date": "28/12/2022"})
    assert Pledge.objects.get(group=group, year=2023).ceremony_date.isoformat() == "2022-12-28"


def test_the_print_shows_each_items_short_title(client, login, cluster):
    group, units = cluster
    pledge = make_pledge(group)
    login(StaffFactory(unit=units[0]))
    page = client.get(reverse("pledges:print", args=[pledge.pk])).content.decode()
    assert "Thứ nhất: Tuyên truyền" in page and "Thứ hai: Người tốt, việc tốt" in page


def test_an_item_takes_any_number_of_target_rows(client, login, cluster):
    group, units = cluster
    pledge = make_pledge(group, items=[])
    login(StaffFactory(unit=units[0]))
    url = reverse("pledges:item_add", args=[pledge.pk])
    token = client.get(url).context["form"]["submission_token"].value()
    rows = {"title": "Chỉ tiêu", "body": "Nội dung", "submission_token": token, "targets-INITIAL_FORMS": "0"}
    for n in range(2):
        rows |= {
            f"targets-{n}-indicator": f"Chỉ tiêu {n + 1}",
            f"targets-{n}-unit_of_measure": "cái",
            f"targets-{n}-target_value": str(n + 1),
        }
    page = client.post(url, {**rows, "targets-TOTAL_FORMS": "2", "more_targets": ""})
    assert page.status_code == 200 and not pledge.items.exists()  # nothing saved: one more row to fill
    assert 'name="targets-2-indicator"' in page.content.decode()
    assert 'value="Chỉ tiêu 2"' in page.content.decode()
    rows |= {"targets-2-indicator": "Chỉ tiêu 3", "targets-2-unit_of_measure": "cái", "targets-2-target_value": "3"}
    assert client.post(url, {**rows, "targets-TOTAL_FORMS": "3"}).status_code == 302
    detail = client.get(pledge.get_absolute_url()).content.decode()
    assert all(f"Chỉ tiêu {n}" in detail for n in (1, 2, 3))


def test_an_item_may_be_tied_only_to_the_groups_own_campaigns_and_its_organisers(client, login, cluster):
    group, units = cluster
    pledge = make_pledge(group, items=[])
    launched_by_group = CampaignFactory(title="Phong trào của cụm", authority="group", launching_group=group)
    taken_part = CampaignFactory(title="Phong trào cụm tham gia")
    taken_part.groups.add(group)
    organisers = CampaignFactory(title="Phong trào của Ban tổ chức cụm", launching_unit=group.organizer)
    CampaignFactory(title="Phong trào của nơi khác", launching_unit=UnitFactory())
    login(StaffFactory(unit=units[0]))
    page = client.get(reverse("pledges:item_add", args=[pledge.pk])).content.decode()
    for campaign in (launched_by_group, taken_part, organisers):
        assert campaign.title in page
    assert "Phong trào của nơi khác" not in page


def test_pledge_list_counts_each_pledges_items_without_joining_every_pledges_items(client, login, cluster):
    group, _ = cluster
    make_pledge(group, title="Giao ước có hai mục", items=SAMPLE_ITEMS[:2])
    other_group, _ = make_group_year(year=2023, size=2)
    make_pledge(other_group, title="Giao ước có một mục", items=SAMPLE_ITEMS[:1])
    login(AdminFactory())
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("pledges:list")).content.decode()
    rows = {row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in page.split("<tr>")[1:] if "</a>" in row}
    assert '<td class="text-end">2</td>' in rows["Giao ước có hai mục"]
    assert '<td class="text-end">1</td>' in rows["Giao ước có một mục"]
    listing = [q["sql"] for q in queries if 'FROM "emulation_pledge"' in q["sql"] and "ORDER BY" in q["sql"]]
    assert listing and all('JOIN "emulation_pledgeitem"' not in sql for sql in listing)


def test_pledge_list_search_finds_a_title_typed_without_diacritics_and_follows_its_edits(client, login, cluster):
    group, _ = cluster
    pledge = make_pledge(group, title="Giao ước đẩy mạnh chuyển đổi số")
    login(AdminFactory())
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("pledges:list"), {"q": "day manh chuyen doi"}).content.decode()
    assert "Giao ước đẩy mạnh chuyển đổi số" in page
    listing = [q["sql"] for q in queries if 'FROM "emulation_pledge"' in q["sql"] and "ORDER BY" in q["sql"]]
    # the stored folded title is compared (its trigram index answers), no pledge's title is folded again
    assert listing and all('THIDUA_FOLD("emulation_pledge"."title")' not in sql for sql in listing)
    pledge_update(actor=None, pledge=pledge, title="Giao ước <b>xây dựng</b> nông thôn mới")
    page = client.get(reverse("pledges:list"), {"q": "xay dung nong thon"}).content.decode()
    assert "Giao ước &lt;b&gt;xây dựng&lt;/b&gt; nông thôn mới" in page
    assert "chuyển đổi số" not in client.get(reverse("pledges:list"), {"q": "chuyen doi so"}).content.decode()
