"""Pledge life cycle and its rules: draft → open → signed, amendments, signing, tamper detection."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from clusters.models import AuditEvent, MemberRole, Membership
from emulation.models import Pledge, PledgeItem, PledgeSignature, PledgeStatus, ScoringCriterion
from emulation.selectors.pledges import criteria_sections, pledge_for
from emulation.selectors.signing import pledge_fingerprint, signing_progress
from emulation.services import pledges as services
from emulation.services import signing
from tests.factories import (
    PASSWORD,
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
    """A cluster of four provinces in 2023: units[0] chairs."""
    return make_group_year(year=2023, size=4)


def _chair_staff(units):
    return StaffFactory(unit=units[0])


# --- Drafting ---------------------------------------------------------------------------------------
def test_pledge_create_stores_items_in_order_with_targets_campaigns_and_scoring_table(cluster):
    group, units = cluster
    campaign = CampaignFactory()
    pledge = services.pledge_create(
        actor=_chair_staff(units),
        group=group,
        year=2023,
        title="Giao ước thi đua năm 2023",
        items=[
            {"title": "Một", "body": "Nội dung thứ nhất", "campaign_ids": [campaign.pk]},
            {
                "title": "Hai",
                "body": "Nội dung thứ hai",
                "targets": [{"indicator": "Giải ngân vốn đầu tư công", "unit_of_measure": "%", "target_value": "95"}],
            },
        ],
        criteria=[
            {"section": "I", "code": "1.1", "title": "Tăng trưởng", "max_points": 60},
            {"section": "I", "code": "1.2", "title": "Thu ngân sách", "max_points": 40},
            {"section": "II", "code": "2.1", "title": "Thưởng", "max_points": 5, "kind": "bonus", "rule_text": "+1"},
        ],
    )
    loaded = pledge_for(group=group, year=2023)
    assert loaded == pledge
    assert loaded.status == PledgeStatus.DRAFT and loaded.version == 1
    assert [(i.number, i.ordinal, i.body) for i in loaded.items.all()] == [
        (1, "Thứ nhất", "Nội dung thứ nhất"),
        (2, "Thứ hai", "Nội dung thứ hai"),
    ]
    assert list(loaded.items.all()[0].campaigns.all()) == [campaign]
    assert loaded.items.all()[1].targets.get().target_value == Decimal("95.00")
    sections, total = criteria_sections(loaded)
    assert [s.title for s in sections] == ["I", "II"]
    assert total == Decimal("100")  # bonus points are not part of the maximum
    assert AuditEvent.objects.filter(action="pledge.create", target_id=str(pledge.pk)).exists()


def test_a_group_has_at_most_one_pledge_a_year(cluster):
    group, _units = cluster
    make_pledge(group, 2023)
    with pytest.raises(ValidationError):
        make_pledge(group, 2023)


def test_a_pledge_needs_members_that_year(cluster):
    group, _units = cluster
    with pytest.raises(ValidationError, match="chưa có đơn vị thành viên"):
        make_pledge(group, 2030)


def test_max_points_cannot_be_negative_even_in_the_database(cluster):
    group, _units = cluster
    pledge = make_pledge(group)
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoringCriterion.objects.create(pledge=pledge, code="9.9", title="Âm", max_points=Decimal("-1"))


def test_staff_of_a_member_that_does_not_chair_cannot_draft_or_edit(cluster):
    group, units = cluster
    outsider_staff = StaffFactory(unit=units[2])
    with pytest.raises(PermissionDenied):
        services.pledge_create(actor=outsider_staff, group=group, year=2023, title="Giao ước")
    pledge = make_pledge(group)
    with pytest.raises(PermissionDenied):
        services.item_save(actor=outsider_staff, pledge=pledge, body="Nội dung lén thêm")
    with pytest.raises(PermissionDenied):
        signing.pledge_open_for_signing(actor=outsider_staff, pledge=pledge)


def test_the_chair_of_another_year_cannot_edit_this_years_pledge(cluster):
    group, units = cluster
    other_chair = UnitFactory()
    MembershipFactory(group=group, unit=other_chair, year=2022, role=MemberRole.CHAIR)
    pledge = make_pledge(group)
    with pytest.raises(PermissionDenied):
        services.pledge_update(actor=StaffFactory(unit=other_chair), pledge=pledge, title="Sửa")


def test_the_organising_board_reviewer_may_edit_but_a_reviewer_of_another_board_may_not(cluster):
    group, units = cluster
    pledge = make_pledge(group)
    organiser = ReviewerFactory(unit=group.organizer)
    services.pledge_update(actor=organiser, pledge=pledge, title="Giao ước đã sửa")
    assert Pledge.objects.get(pk=pledge.pk).title == "Giao ước đã sửa"
    with pytest.raises(PermissionDenied):
        services.pledge_update(actor=ReviewerFactory(), pledge=pledge, title="Sửa lén")


def test_items_can_be_moved_and_deleted_and_stay_numbered_from_one(cluster):
    group, units = cluster
    staff = _chair_staff(units)
    pledge = make_pledge(group)
    third = services.item_save(actor=staff, pledge=pledge, title="Ba", body="Nội dung thứ ba")
    services.item_move(actor=staff, pledge=pledge, item=third, up=True)
    assert list(pledge.items.order_by("number").values_list("title", flat=True)) == [
        "Tuyên truyền",
        "Ba",
        "Người tốt, việc tốt",
    ]
    services.item_delete(actor=staff, pledge=pledge, item=pledge.items.get(number=1))
    assert list(pledge.items.order_by("number").values_list("number", "title")) == [
        (1, "Ba"),
        (2, "Người tốt, việc tốt"),
    ]


def test_start_from_last_years_pledge_copies_items_targets_campaigns_and_scoring_table(cluster):
    group, units = cluster
    campaign = CampaignFactory()
    make_pledge(
        group,
        2023,
        title="Giao ước thi đua năm 2023",
        items=[
            {
                "body": "Thực hiện phong trào năm 2023",
                "campaign_ids": [campaign.pk],
                "targets": [{"indicator": "Nhà tạm được xóa", "unit_of_measure": "căn", "target_value": 100}],
            }
        ],
    )
    for unit in units:
        MembershipFactory(group=group, unit=unit, year=2024, role=MemberRole.CHAIR if unit == units[1] else "member")
    copy = services.pledge_copy_previous(actor=StaffFactory(unit=units[1]), group=group, year=2024)
    assert copy.title == "Giao ước thi đua năm 2024"
    assert copy.copied_from.year == 2023
    item = copy.items.get()
    assert item.body == "Thực hiện phong trào năm 2023"
    assert list(item.campaigns.all()) == [campaign]
    assert item.targets.get().target_value == Decimal("100.00")
    assert copy.criteria.count() == 5


# --- Opening, amending ---------------------------------------------------------------------------------
def test_open_pledge_cannot_be_edited_until_amended(cluster):
    group, units = cluster
    staff = _chair_staff(units)
    pledge = make_open_pledge(group)
    with pytest.raises(ValidationError, match="sửa đổi"):
        services.item_save(actor=staff, pledge=pledge, body="Thêm")


def test_amendment_after_opening_makes_a_new_version_and_voids_earlier_signatures(cluster):
    group, units = cluster
    staff = _chair_staff(units)
    pledge = make_open_pledge(group)
    first = sign_as(leader_of(units[1]), pledge)
    pledge = signing.pledge_amend(actor=staff, pledge=pledge, reason="Bổ sung chỉ tiêu")
    assert pledge.status == PledgeStatus.DRAFT and pledge.version == 2
    first.refresh_from_db()
    assert first.voided_at is not None
    services.item_save(actor=staff, pledge=pledge, body="Nội dung bổ sung")
    signing.pledge_open_for_signing(actor=staff, pledge=pledge)
    again = sign_as(leader_of(units[1]), pledge)
    assert again.version == 2 and again.fingerprint != first.fingerprint
    assert signing_progress(Pledge.objects.get(pk=pledge.pk)).signed == 1
    assert AuditEvent.objects.filter(action="pledge.amend", target_id=str(pledge.pk)).exists()


def test_an_amendment_needs_a_reason(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    with pytest.raises(ValidationError):
        signing.pledge_amend(actor=_chair_staff(units), pledge=pledge, reason=" ")


# --- Signing: the happy path ---------------------------------------------------------------------------
def test_every_member_signs_then_the_chair_signs_last_and_locks(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    for unit in units[1:]:
        sign_as(leader_of(unit), pledge, ip_address="203.0.113.7", user_agent="Trình duyệt thử")
    assert Pledge.objects.get(pk=pledge.pk).status == PledgeStatus.OPEN
    chair_signature = sign_as(leader_of(units[0]), pledge)
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.SIGNED and pledge.is_locked
    assert pledge.signed_at is not None and len(pledge.seal) == 64
    assert chair_signature.is_chair
    signatures = PledgeSignature.objects.filter(pledge=pledge)
    assert signatures.count() == 4
    expected = pledge_fingerprint(pledge)
    assert set(signatures.values_list("fingerprint", flat=True)) == {expected}
    member_signature = signatures.get(unit=units[1])
    assert member_signature.ip_address == "203.0.113.7"
    assert member_signature.signer == leader_of(units[1])
    assert member_signature.position == "Chủ tịch UBND tỉnh"
    assert AuditEvent.objects.filter(action="pledge.sign", target_id=str(pledge.pk)).count() == 4
    assert AuditEvent.objects.filter(action="pledge.lock", target_id=str(pledge.pk)).count() == 1


# --- Signing: every forbidden path --------------------------------------------------------------------
def test_the_chair_cannot_sign_before_the_others(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    sign_as(leader_of(units[1]), pledge)
    with pytest.raises(ValidationError, match="ký sau cùng"):
        sign_as(leader_of(units[0]), pledge)


def test_a_draft_cannot_be_signed(cluster):
    group, units = cluster
    pledge = make_pledge(group)
    with pytest.raises(ValidationError, match="chưa được mở"):
        sign_as(leader_of(units[1]), pledge)


def test_a_unit_cannot_sign_twice(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    sign_as(leader_of(units[1]), pledge)
    with pytest.raises(ValidationError, match="đã ký"):
        sign_as(LeaderFactory(unit=units[1]), pledge)  # a second leader of the same unit
    assert PledgeSignature.objects.filter(pledge=pledge, unit=units[1]).count() == 1


def test_the_database_refuses_a_second_live_signature_for_the_same_unit_and_version(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    first = sign_as(leader_of(units[1]), pledge)
    first.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        first.save()


def test_staff_cannot_sign_only_leaders_can(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    with pytest.raises(PermissionDenied):
        signing.pledge_sign(actor=StaffFactory(unit=units[1]), pledge=pledge, version=1, password=PASSWORD)


def test_the_system_never_signs(cluster):
    """actor=None is the system acting; a signature is always a unit leader's own."""
    group, _units = cluster
    pledge = make_open_pledge(group)
    with pytest.raises(PermissionDenied, match="Chỉ lãnh đạo đơn vị thành viên"):
        signing.pledge_sign(actor=None, pledge=pledge, version=1, password=PASSWORD)
    assert not PledgeSignature.objects.filter(pledge=pledge).exists()


def test_nobody_can_sign_for_another_unit_the_signature_is_always_for_the_signers_own_unit(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    signature = sign_as(leader_of(units[2]), pledge)
    assert signature.unit == units[2]
    assert not PledgeSignature.objects.filter(pledge=pledge, unit=units[1]).exists()


def test_a_leader_of_a_unit_outside_the_group_cannot_sign(cluster):
    group, _units = cluster
    pledge = make_open_pledge(group)
    with pytest.raises(PermissionDenied, match="không phải thành viên"):
        sign_as(LeaderFactory(), pledge)


def test_a_leader_of_a_unit_that_was_a_member_another_year_cannot_sign(cluster):
    group, _units = cluster
    former = UnitFactory()
    MembershipFactory(group=group, unit=former, year=2022)
    pledge = make_open_pledge(group)
    with pytest.raises(PermissionDenied, match="không phải thành viên"):
        sign_as(leader_of(former), pledge)


def test_a_wrong_password_does_not_sign(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    with pytest.raises(ValidationError, match="Mật khẩu"):
        signing.pledge_sign(actor=leader_of(units[1]), pledge=pledge, version=1, password="sai-mat-khau")
    assert not PledgeSignature.objects.exists()


def test_a_stale_version_cannot_be_signed(cluster):
    group, units = cluster
    staff = _chair_staff(units)
    pledge = make_open_pledge(group)
    signing.pledge_amend(actor=staff, pledge=pledge, reason="Sửa câu chữ")
    signing.pledge_open_for_signing(actor=staff, pledge=pledge)
    with pytest.raises(ValidationError, match="phiên bản 1 .*phiên bản 2"):
        signing.pledge_sign(actor=leader_of(units[1]), pledge=pledge, version=1, password=PASSWORD)


def test_a_signer_who_saw_other_content_cannot_sign(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    with pytest.raises(ValidationError, match="đã thay đổi"):
        signing.pledge_sign(
            actor=leader_of(units[1]), pledge=pledge, version=1, password=PASSWORD, seen_fingerprint="0" * 64
        )


def test_a_signed_pledge_is_locked_for_every_service(cluster):
    group, units = cluster
    staff = _chair_staff(units)
    pledge = make_signed_pledge(group)
    item = pledge.items.first()
    criterion = pledge.criteria.first()
    attempts = [
        lambda: services.pledge_update(actor=staff, pledge=pledge, title="Đổi"),
        lambda: services.item_save(actor=staff, pledge=pledge, body="Thêm"),
        lambda: services.item_save(actor=staff, pledge=pledge, item=item, body="Sửa"),
        lambda: services.item_delete(actor=staff, pledge=pledge, item=item),
        lambda: services.item_move(actor=staff, pledge=pledge, item=item, up=False),
        lambda: services.criterion_save(actor=staff, pledge=pledge, criterion=criterion, title="Sửa"),
        lambda: services.criterion_delete(actor=staff, pledge=pledge, criterion=criterion),
        lambda: signing.pledge_amend(actor=staff, pledge=pledge, reason="Muộn rồi"),
        lambda: signing.pledge_open_for_signing(actor=staff, pledge=pledge),
        lambda: sign_as(LeaderFactory(unit=units[1]), pledge),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError, match="khóa"):
            attempt()
    assert PledgeItem.objects.get(pk=item.pk).body == item.body


def test_the_database_refuses_changes_to_a_signed_pledge(cluster):
    group, _units = cluster
    pledge = make_signed_pledge(group)
    item = pledge.items.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeItem.objects.filter(pk=item.pk).update(body="Sửa ngoài ứng dụng")
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoringCriterion.objects.filter(pledge=pledge).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeSignature.objects.filter(pledge=pledge).update(signer_name="Người khác")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE emulation_pledge SET title = 'Khác' WHERE id = %s", [pledge.pk])


# --- Verification ---------------------------------------------------------------------------------------
def _behind_the_apps_back(sql, params):
    """A database administrator bypassing the triggers (session_replication_role = replica)."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


def test_verification_says_intact_for_an_untouched_signed_pledge(cluster):
    group, _units = cluster
    pledge = make_signed_pledge(group)
    result = signing.pledge_verify(pledge=pledge)
    assert result.intact and result.seal_intact
    assert len(result.signatures) == 4


def test_verification_detects_an_item_altered_by_raw_sql(cluster):
    group, _units = cluster
    pledge = make_signed_pledge(group)
    item = pledge.items.first()
    _behind_the_apps_back("UPDATE emulation_pledgeitem SET body = body || ' (đã sửa)' WHERE id = %s", [item.pk])
    result = signing.pledge_verify(pledge=pledge)
    assert not result.intact
    assert not any(check.intact for check in result.signatures)


def test_verification_detects_an_altered_target_value_and_a_forged_signer(cluster):
    group, _units = cluster
    pledge = make_signed_pledge(group)
    _behind_the_apps_back(
        "UPDATE emulation_pledgesignature SET signer_name = 'Người mạo danh' WHERE pledge_id = %s", [pledge.pk]
    )
    assert not signing.pledge_verify(pledge=pledge).intact  # content intact, but the seal is broken
    pledge2 = make_signed_pledge(make_group_year(year=2023, size=2)[0])
    target_id = pledge2.items.first().targets.first().pk
    _behind_the_apps_back("UPDATE emulation_pledgetarget SET target_value = 1 WHERE id = %s", [target_id])
    assert not signing.pledge_verify(pledge=pledge2).intact


def test_verification_of_a_partly_signed_pledge_detects_tampering_too(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    sign_as(leader_of(units[1]), pledge)
    assert signing.pledge_verify(pledge=pledge).intact
    with connection.cursor() as cursor:
        cursor.execute("UPDATE emulation_pledge SET preamble = 'Lời khác' WHERE id = %s", [pledge.pk])
    assert not signing.pledge_verify(pledge=pledge).intact


# --- Reminders --------------------------------------------------------------------------------------------
def test_reminders_go_by_email_to_the_units_that_have_not_signed(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    sign_as(leader_of(units[1]), pledge)
    pending_leaders = [leader_of(units[2]), leader_of(units[3])]
    from emulation.tasks import remind_pledge_signers

    sent = remind_pledge_signers.delay(pledge.pk, _chair_staff(units).pk).get()
    recipients = {address for message in mail.outbox for address in message.to}
    assert {leader.email for leader in pending_leaders} <= recipients
    assert leader_of(units[1]).email not in recipients
    assert leader_of(units[0]).email not in recipients  # the chair's turn comes last
    assert sent == len(mail.outbox) == 2
    assert "Nhắc ký giao ước" in mail.outbox[0].subject
    assert AuditEvent.objects.filter(action="pledge.remind", target_id=str(pledge.pk)).exists()


def test_a_reminder_says_how_many_emails_left_and_who_could_not_be_reached(cluster, client):
    """Issue 14, item 24: "Đã gửi thư nhắc" was shown when no e-mail left (leaders without an address)."""
    group, units = cluster
    pledge = make_open_pledge(group)
    sign_as(leader_of(units[1]), pledge)
    unreachable = leader_of(units[2])  # every leader has an address (user_leader_has_email): this one left
    unreachable.is_active = False
    unreachable.save()
    leader_of(units[3])
    client.force_login(_chair_staff(units), backend="django.contrib.auth.backends.ModelBackend")
    page = client.post(reverse("pledges:remind", args=[pledge.pk]), follow=True).content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [leader_of(units[3]).email]
    assert "Đã gửi 1 thư nhắc tới 1 đơn vị chưa ký." in page
    assert f"Không gửi được thư nhắc tới: {units[2].name}" in page
    event = AuditEvent.objects.filter(action="pledge.remind").latest("pk")
    assert units[2].name in event.summary


def test_a_reminder_no_one_can_receive_sends_nothing_and_says_so(cluster, client):
    group, units = cluster
    pledge = make_open_pledge(group)
    for unit in units[1:]:
        leader = leader_of(unit)
        leader.is_active = False
        leader.save()
    client.force_login(_chair_staff(units), backend="django.contrib.auth.backends.ModelBackend")
    page = client.post(reverse("pledges:remind", args=[pledge.pk]), follow=True).content.decode()
    assert mail.outbox == []
    assert "Không gửi được thư nhắc nào" in page and "Đã gửi" not in page
    assert all(unit.name in page for unit in units[1:])


def test_signing_progress_lists_who_has_and_who_has_not_signed_with_the_chair_last(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    sign_as(leader_of(units[3]), pledge)
    progress = signing_progress(pledge)
    assert progress.total == 4 and progress.signed == 1 and progress.percent == 25
    assert progress.rows[-1].membership.unit == units[0]
    assert {row.membership.unit for row in progress.pending} == set(units[:3])
    assert Membership.objects.filter(group=group, year=2023).count() == 4


# --- A year's members are frozen once its pledge is open (issue 14 item 1) -------------------------------
def _set_members(group, units, *, chair, year=2023, vice_chair=None):
    from clusters.services.groups import membership_set

    return membership_set(actor=None, group=group, year=year, units=units, chair=chair, vice_chair=vice_chair)


def test_members_and_officers_cannot_change_once_the_pledge_is_open_with_a_clear_message(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    sign_as(leader_of(units[1]), pledge)
    for attempt in (
        {"units": units[:1] + units[2:], "chair": units[0]},  # drop a member that signed
        {"units": [*units, UnitFactory()], "chair": units[0]},  # add one that would show "Chưa ký"
        {"units": units, "chair": units[1]},  # another chair
        {"units": units, "chair": units[0], "vice_chair": units[3]},  # another vice-chair
    ):
        with pytest.raises(ValidationError, match="đang trong thời gian ký kết.*sửa đổi giao ước"):
            _set_members(group, **attempt)
    assert Membership.objects.filter(group=group, year=2023).count() == 4
    assert [row.signature is not None for row in signing_progress(pledge).rows].count(True) == 1
    assert signing.pledge_verify(pledge=pledge).intact


def test_saving_the_same_members_of_a_frozen_year_is_not_a_change(cluster):
    group, units = cluster
    make_signed_pledge(group)
    current = Membership.objects.get(group=group, year=2023, role=MemberRole.VICE_CHAIR).unit
    assert len(_set_members(group, units, chair=units[0], vice_chair=current)) == 4


def test_the_database_refuses_membership_changes_of_a_year_whose_pledge_is_open_or_signed(cluster):
    group, units = cluster
    make_open_pledge(group)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(group=group, year=2023, unit=units[3]).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(group=group, year=2023)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(group=group, year=2023, unit=units[3]).update(is_standing_agency=True)
    MembershipFactory(group=group, year=2024)  # another year is not frozen


def test_members_are_frozen_for_good_once_the_years_ballot_closed_even_without_a_pledge(cluster):
    from tests.factories import close_ballot_electing

    group, units = cluster
    close_ballot_electing(group, 2023, units[1])
    with pytest.raises(ValidationError, match="Đã kết thúc bỏ phiếu"):
        _set_members(group, units[:3], chair=units[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(group=group, year=2023, unit=units[3]).delete()


def test_amending_the_pledge_lets_the_members_change_and_the_new_version_names_them(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    sign_as(leader_of(units[1]), pledge)
    province = UnitFactory(kind="province")  # the organising board's province: the newcomer is in its jurisdiction
    group.organizer.parent = province
    group.organizer.save()
    newcomer = UnitFactory(name="Tỉnh Mới Vào", parent=province)
    signing.pledge_amend(actor=_chair_staff(units), pledge=pledge, reason="Kết nạp Tỉnh Mới Vào")
    _set_members(group, [*units, newcomer], chair=units[0])
    pledge = signing.pledge_open_for_signing(actor=_chair_staff(units), pledge=pledge)
    versions = {v.number: v for v in pledge.versions.all()}
    assert "Tỉnh Mới Vào" not in [m["name"] for m in versions[1].members]
    assert "Tỉnh Mới Vào" in [m["name"] for m in versions[2].members]
    assert versions[1].amend_reason == "Kết nạp Tỉnh Mới Vào" and versions[1].superseded_at is not None
    with pytest.raises(ValidationError):
        _set_members(group, units, chair=units[0])  # frozen again


def test_an_item_cannot_be_tied_to_another_boards_campaign_even_bypassing_the_form(cluster):
    group, units = cluster
    pledge = make_pledge(group, items=[])
    elsewhere = CampaignFactory(title="Phong trào của nơi khác", launching_unit=UnitFactory())
    own = CampaignFactory(title="Phong trào của Ban tổ chức cụm", launching_unit=group.organizer)

    with pytest.raises(ValidationError) as refusal:
        services.item_save(
            actor=_chair_staff(units), pledge=pledge, body="Nội dung", campaign_ids=[own.pk, elsewhere.pk]
        )

    assert "Chỉ liên kết được với phong trào của chính cụm, khối" in str(refusal.value)
    assert not pledge.items.exists()
    item = services.item_save(actor=_chair_staff(units), pledge=pledge, body="Nội dung", campaign_ids=[own.pk])
    assert list(item.campaigns.all()) == [own]
