"""The seal holds what was signed (issue 14, items 2-4): a snapshot of each version put up for signature,
verified against on every page and document; amending tells the signers and keeps every version verifiable."""

from __future__ import annotations

import subprocess

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from clusters.models import EmulationGroup, Unit
from emulation.services import signing
from tests.factories import (
    StaffFactory,
    leader_of,
    make_group_year,
    make_open_pledge,
    make_signed_pledge,
    sign_as,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster():
    """A cluster of three provinces in 2023: units[0] chairs."""
    return make_group_year(year=2023, size=3)


def _behind_the_apps_back(sql, params):
    """A database administrator bypassing the guard triggers."""
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


def _alter_first_item(pledge, body="Nội dung bị sửa lén"):
    _behind_the_apps_back(
        "UPDATE emulation_pledgeitem SET body = %s WHERE pledge_id = %s AND number = 1", [body, pledge.pk]
    )


# --- Item 2: the seal covers a snapshot, not the live registry ------------------------------------------
def test_renaming_the_group_after_signing_leaves_the_verification_intact_and_shows_the_name_signed(client, cluster):
    group, units = cluster
    signed_name = group.name
    pledge = make_signed_pledge(group)
    EmulationGroup.objects.filter(pk=group.pk).update(name="Cụm thi đua đổi tên")
    Unit.objects.filter(pk=units[1].pk).update(name="Tỉnh Đổi Tên")
    assert signing.pledge_verify(pledge=pledge).intact
    page = client.get(reverse("pledges:verify", args=[pledge.verification_code])).content.decode()
    assert "Nguyên vẹn" in page and "Đã bị thay đổi" not in page
    assert signed_name in page and "Cụm thi đua đổi tên" not in page
    assert units[1].name in page and "Tỉnh Đổi Tên" not in page


def test_renaming_the_group_back_and_forth_never_flips_the_verdict(cluster):
    group, _units = cluster
    pledge = make_signed_pledge(group)
    name = group.name
    for new_name in ("Tên khác", name):
        EmulationGroup.objects.filter(pk=group.pk).update(name=new_name)
        assert signing.pledge_verify(pledge=pledge).intact


def test_each_version_opened_for_signing_keeps_a_snapshot_whose_fingerprint_the_signatures_carry(cluster):
    from emulation.models import PledgeVersion

    group, units = cluster
    pledge = make_open_pledge(group)
    version = PledgeVersion.objects.get(pledge=pledge, number=1)
    assert {m["unit_id"] for m in version.members} == {u.pk for u in units}
    assert version.group_name == group.name
    signature = sign_as(leader_of(units[1]), pledge)
    assert signature.fingerprint == version.fingerprint


def test_the_data_migration_snapshots_a_pledge_opened_before_snapshots_existed(cluster):
    from emulation.models import PledgeVersion

    group, _units = cluster
    pledge = make_open_pledge(group)
    expected = PledgeVersion.objects.get(pledge=pledge)
    PledgeVersion.objects.filter(pledge=pledge).delete()
    migration = __import__(
        "emulation.migrations.0007_pledge_versions_membership_freeze", fromlist=["snapshot_opened_pledges"]
    )
    migration.snapshot_opened_pledges(apps, None)
    snapshot = PledgeVersion.objects.get(pledge=pledge)
    assert snapshot.fingerprint == expected.fingerprint and snapshot.members == expected.members


def test_the_database_refuses_changing_the_snapshot_of_a_signed_pledge(cluster):
    from django.db import IntegrityError, transaction

    from emulation.models import PledgeVersion

    group, _units = cluster
    pledge = make_signed_pledge(group)
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeVersion.objects.filter(pledge=pledge).update(fingerprint="0" * 64)


# --- Item 3: every page and document checks the seal ------------------------------------------------
def test_the_pledge_page_and_the_signing_page_warn_loudly_when_the_text_was_altered(client, login, cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    sign_as(leader_of(units[1]), pledge)
    login(leader_of(units[2]))
    assert "tamper-warning" not in client.get(pledge.get_absolute_url()).content.decode()
    _alter_first_item(pledge)
    detail = client.get(pledge.get_absolute_url()).content.decode()
    assert "KHÔNG KHỚP VỚI BẢN ĐÃ KÝ" in detail and "Đối chiếu: KHÔNG khớp" in detail
    sign_page = client.get(reverse("pledges:sign", args=[pledge.pk])).content.decode()
    assert "KHÔNG KHỚP VỚI BẢN ĐÃ KÝ" in sign_page
    assert 'data-testid="sign-form"' not in sign_page and "đã bị thay đổi ngoài ứng dụng" in sign_page


def test_a_signed_pledges_print_and_pdf_print_the_sealed_fingerprint_and_warn_after_tampering(
    client, login, cluster, tmp_path
):
    group, units = cluster
    pledge = make_signed_pledge(group)
    sealed = pledge.signatures.get(is_chair=True).fingerprint  # what was sealed
    login(StaffFactory(unit=units[0]))
    page = client.get(reverse("pledges:print", args=[pledge.pk])).content.decode()
    assert sealed in page and "KHÔNG KHỚP" not in page
    _alter_first_item(pledge)
    page = client.get(reverse("pledges:print", args=[pledge.pk])).content.decode()
    assert "VĂN BẢN NÀY KHÔNG KHỚP VỚI BẢN ĐÃ KÝ" in page
    assert sealed in page  # the fingerprint of what was signed, not one recomputed from the altered text
    assert signing.pledge_verify(pledge=pledge).current_fingerprint not in page
    detail = client.get(pledge.get_absolute_url()).content.decode()
    assert "KHÔNG KHỚP VỚI BẢN ĐÃ KÝ" in detail and sealed in detail
    response = client.get(reverse("pledges:pdf", args=[pledge.pk]))
    path = tmp_path / "giao-uoc.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True).stdout.decode()
    flat = "".join(text.split())
    assert "VĂNBẢNNÀYKHÔNGKHỚPVỚIBẢNĐÃKÝ" in flat
    assert sealed in flat


def test_the_pdf_stored_before_tampering_is_not_sent_after_it(client, login, cluster, tmp_path):
    group, units = cluster
    pledge = make_signed_pledge(group)
    login(StaffFactory(unit=units[0]))
    intact = client.get(reverse("pledges:pdf", args=[pledge.pk])).content  # rendered and stored
    _alter_first_item(pledge)

    tampered = client.get(reverse("pledges:pdf", args=[pledge.pk])).content

    path = tmp_path / "giao-uoc.pdf"
    path.write_bytes(tampered)
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, check=True).stdout.decode()
    assert tampered != intact and "VĂNBẢNNÀYKHÔNGKHỚPVỚIBẢNĐÃKÝ" in "".join(text.split())


# --- Item 4: amending tells the signers; every version stays verifiable and linked -------------------
def test_amending_after_signatures_emails_each_signer_whose_signature_was_voided(
    cluster, mailoutbox, django_capture_on_commit_callbacks
):
    group, units = cluster
    pledge = make_open_pledge(group)
    signer = leader_of(units[1])
    signer.email = "lanhdao@tinh.gov.vn"
    signer.save()
    sign_as(signer, pledge)
    with django_capture_on_commit_callbacks(execute=True):
        signing.pledge_amend(actor=StaffFactory(unit=units[0]), pledge=pledge, reason="Bổ sung chỉ tiêu")
    assert [m.to for m in mailoutbox] == [["lanhdao@tinh.gov.vn"]]
    body = mailoutbox[0].body
    assert "phiên bản 1" in body and "phiên bản 2" in body and "đã bị hủy" in body and "Bổ sung chỉ tiêu" in body
    assert reverse("pledges:detail", args=[pledge.pk]) in body


def test_every_version_stays_verifiable_and_links_to_the_previous_and_next(client, login, cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    sign_as(leader_of(units[1]), pledge)
    login(StaffFactory(unit=units[0]))
    client.post(reverse("pledges:amend", args=[pledge.pk]), {"reason": "Sửa lời mở đầu"})
    client.post(reverse("pledges:open", args=[pledge.pk]))
    url = reverse("pledges:verify", args=[pledge.verification_code])
    current = client.get(url).content.decode()
    assert "phiên bản 2" in current and 'href="?phien-ban=1"' in current
    old = client.get(url, {"phien-ban": 1}).content.decode()
    assert "phiên bản 1" in old and 'href="?phien-ban=2"' in old
    assert "không còn hiệu lực" in old and "Sửa lời mở đầu" in old and "Nguyên vẹn" in old
    assert "đã hủy" in old  # the voided signature is listed, as voided
    assert client.get(url, {"phien-ban": 7}).status_code == 404


def test_a_member_removed_behind_the_apps_back_turns_the_verification_and_the_pledge_page_to_altered(
    client, login, cluster
):
    group, units = cluster
    pledge = make_signed_pledge(group)
    _behind_the_apps_back(
        "DELETE FROM clusters_membership WHERE group_id = %s AND year = 2023 AND unit_id = %s", [group.pk, units[2].pk]
    )
    result = signing.pledge_verify(pledge=pledge)
    assert result.members_intact is False and not result.intact
    page = client.get(reverse("pledges:verify", args=[pledge.verification_code])).content.decode()
    assert "Đã bị thay đổi" in page and "Nguyên vẹn" not in page
    login(StaffFactory(unit=units[0]))
    assert "KHÔNG KHỚP VỚI BẢN ĐÃ KÝ" in client.get(pledge.get_absolute_url()).content.decode()


# --- Issue 15 item 5: the ceremony's date and place are part of what is signed ---------------------------
def _content(**pledge_fields):
    from decimal import Decimal

    from emulation import seal

    pledge = {
        "group_id": 7,
        "year": 2023,
        "version": 2,
        "title": "Giao ước thi đua năm 2023",
        "preamble": "Lời mở đầu",
        "place": "Buôn Ma Thuột",
        **pledge_fields,
    }
    items = [
        {
            "number": 1,
            "title": "Cải cách hành chính",
            "body": "Đẩy mạnh cải cách hành chính.",
            "campaigns": [3, 1],
            "targets": [
                {
                    "indicator": "Thủ tục trực tuyến",
                    "unit_of_measure": "%",
                    "target_value": Decimal("95"),
                    "order": 1,
                    "id": 4,
                }
            ],
        }
    ]
    criteria = [
        {
            "section": "I",
            "code": "1.1",
            "title": "Tiêu chí",
            "max_points": Decimal("10"),
            "kind": "criterion",
            "rule_text": "",
        }
    ]
    return seal.canonical_content(pledge=pledge, group_name="Cụm thi đua Tây Nguyên", items=items, criteria=criteria)


def test_the_content_sealed_before_ceremony_dates_existed_keeps_its_fingerprint():
    from emulation import seal

    # The fingerprint this content had when it was signed, before pledges had a ceremony date: a pledge without
    # one must keep it, or every seal already given would turn to "altered".
    signed_before = "66e7f6fc41ac20e528c84d3fa374ac1bf2ff0d7f60b70e0bda3f7272d3f58873"
    assert seal.fingerprint(_content()) == signed_before
    assert seal.fingerprint(_content(ceremony_date=None)) == signed_before


def test_the_ceremony_date_changes_the_fingerprint_when_set():
    import datetime

    from emulation import seal

    on_the_day = _content(ceremony_date=datetime.date(2023, 3, 30))
    assert on_the_day["ceremony_date"] == "2023-03-30"
    assert seal.fingerprint(on_the_day) != seal.fingerprint(_content())
    assert seal.fingerprint(on_the_day) != seal.fingerprint(_content(ceremony_date=datetime.date(2023, 3, 31)))


def test_a_pledge_signed_without_a_ceremony_date_still_verifies(client, cluster):
    group, _units = cluster
    pledge = make_signed_pledge(group)
    assert "ceremony_date" not in pledge.versions.get().content
    page = client.get(reverse("pledges:verify", args=[pledge.verification_code])).content.decode()
    assert "Nguyên vẹn" in page


def test_moving_the_ceremony_date_behind_the_apps_back_is_caught(client, cluster):
    import datetime

    group, _units = cluster
    pledge = make_signed_pledge(group, place="Buôn Ma Thuột", ceremony_date=datetime.date(2023, 3, 30))
    assert pledge.versions.get().content["ceremony_date"] == "2023-03-30"
    url = reverse("pledges:verify", args=[pledge.verification_code])
    assert "Nguyên vẹn" in client.get(url).content.decode()
    _behind_the_apps_back("UPDATE emulation_pledge SET ceremony_date = '2023-04-02' WHERE id = %s", [pledge.pk])
    page = client.get(url).content.decode()
    assert "Đã bị thay đổi" in page and "Nguyên vẹn" not in page
