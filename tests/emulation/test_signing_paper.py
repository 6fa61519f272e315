"""Signatures on paper (issue 15 item 6): a member that signed on paper at the ceremony is recorded by the chair
unit with the scanned signed page, the signer's name and position; it counts as that unit's signature, is sealed
with its scan's SHA-256 and shows as "ký trên giấy" on the pledge, its print and the verification page."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from clusters.models import AuditEvent
from emulation.models import PledgeSignature, PledgeStatus
from emulation.services import signing
from tests.factories import (
    LeaderFactory,
    ReviewerFactory,
    StaffFactory,
    UnitFactory,
    leader_of,
    make_group_year,
    make_open_pledge,
    make_pledge,
    sign_as,
    staff_of,
)

pytestmark = pytest.mark.django_db

SCAN = b"%PDF-1.4\n% trang ky giao uoc co chu ky va con dau\n%%EOF\n"


@pytest.fixture
def cluster():
    """A cluster of four provinces in 2023: units[0] chairs."""
    return make_group_year(year=2023, size=4)


def _scan(content: bytes = SCAN, name: str = "trang-ky.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _record(actor, pledge, unit, **kwargs):
    pledge.refresh_from_db()
    arguments = {
        "version": pledge.version,
        "unit": unit,
        "signer_name": "Nguyễn Văn An",
        "position": "Phó Chủ tịch UBND tỉnh",
        "signed_on": timezone.localdate(),
        "uploaded": _scan(),
    }
    arguments.update(kwargs)
    return signing.pledge_record_paper_signature(actor=actor, pledge=pledge, **arguments)


# --- Recording ------------------------------------------------------------------------------------------
def test_the_chair_units_staff_records_a_members_paper_signature_with_its_scan(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    recorder = staff_of(units[0])

    signature = _record(recorder, pledge, units[2])

    assert signature.on_paper and signature.signer is None
    assert (signature.signer_name, signature.position) == ("Nguyễn Văn An", "Phó Chủ tịch UBND tỉnh")
    assert signature.recorded_by == recorder
    assert signature.scan_sha256 == hashlib.sha256(SCAN).hexdigest()
    assert signature.scan.read() == SCAN
    event = AuditEvent.objects.get(action="pledge.sign_paper")
    assert event.actor == recorder
    assert recorder.display_name() in event.summary and "Nguyễn Văn An" in event.summary
    assert event.data["recorded_by"] == recorder.pk


def test_one_member_without_an_account_does_not_block_the_year(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    sign_as(leader_of(units[1]), pledge)
    sign_as(leader_of(units[2]), pledge)
    _record(leader_of(units[0]), pledge, units[3])  # units[3] has no account: it signed at the ceremony

    sign_as(leader_of(units[0]), pledge)  # the chair signs online, last

    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.SIGNED
    result = signing.pledge_verify(pledge=pledge)
    assert result.intact and result.seal_intact
    assert len(result.signatures) == 4


def test_a_paper_signature_of_the_chair_comes_last_and_locks(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    recorder = staff_of(units[0])
    with pytest.raises(ValidationError, match="Đơn vị trưởng ký sau cùng"):
        _record(recorder, pledge, units[0])
    for unit in units[1:]:
        sign_as(leader_of(unit), pledge)

    signature = _record(recorder, pledge, units[0])

    pledge.refresh_from_db()
    assert signature.is_chair and pledge.status == PledgeStatus.SIGNED and pledge.seal
    assert signing.pledge_verify(pledge=pledge).intact


# --- The seal covers the scan ---------------------------------------------------------------------------
def _signed_with_a_paper_signature(units, group):
    pledge = make_open_pledge(group)
    paper = _record(staff_of(units[0]), pledge, units[1])
    for unit in (units[2], units[3], units[0]):
        sign_as(leader_of(unit), pledge)
    pledge.refresh_from_db()
    return pledge, paper


def _behind_the_apps_back(sql, params):
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, params)
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


def test_the_seal_covers_the_scans_sha256(cluster):
    group, units = cluster
    pledge, paper = _signed_with_a_paper_signature(units, group)
    assert signing.pledge_verify(pledge=pledge).seal_intact

    _behind_the_apps_back("UPDATE emulation_pledgesignature SET scan_sha256 = %s WHERE id = %s", ["0" * 64, paper.pk])

    result = signing.pledge_verify(pledge=pledge)
    assert result.seal_intact is False and not result.intact


def test_a_scan_replaced_on_disk_no_longer_verifies(cluster):
    group, units = cluster
    pledge, paper = _signed_with_a_paper_signature(units, group)
    with open(paper.scan.path, "wb") as handle:
        handle.write(b"%PDF-1.4\n% mot trang khac\n")

    result = signing.pledge_verify(pledge=pledge)
    assert not result.intact
    assert [check.intact for check in result.signatures if check.signature.pk == paper.pk] == [False]


# --- Refusals -------------------------------------------------------------------------------------------
def test_only_the_chair_units_staff_or_leader_records_a_paper_signature(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    outsiders = [staff_of(units[1]), leader_of(units[2]), ReviewerFactory(unit=group.organizer)]
    for outsider in outsiders:
        with pytest.raises(PermissionDenied, match="đơn vị trưởng"):
            _record(outsider, pledge, units[3])
    assert not PledgeSignature.objects.filter(pledge=pledge).exists()
    assert _record(leader_of(units[0]), pledge, units[3]).on_paper


def test_a_unit_that_is_not_a_member_that_year_is_refused(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    with pytest.raises(ValidationError, match="không phải thành viên"):
        _record(staff_of(units[0]), pledge, UnitFactory())


def test_a_unit_signs_once_per_version_whichever_way(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    _record(staff_of(units[0]), pledge, units[2])
    with pytest.raises(ValidationError, match="đã ký phiên bản này"):
        _record(staff_of(units[0]), pledge, units[2])
    with pytest.raises(ValidationError, match="đã ký phiên bản này"):
        sign_as(leader_of(units[2]), pledge)
    sign_as(leader_of(units[1]), pledge)
    with pytest.raises(ValidationError, match="đã ký phiên bản này"):
        _record(staff_of(units[0]), pledge, units[1])


def test_the_database_refuses_a_paper_signature_next_to_a_live_online_one(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    online = sign_as(leader_of(units[1]), pledge)
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeSignature.objects.create(
            pledge=pledge,
            version=pledge.version,
            unit=units[1],
            method="paper",
            signer_name="Người khác",
            signed_at=timezone.now(),
            fingerprint=online.fingerprint,
            recorded_by=staff_of(units[0]),
            paper_signed_on=timezone.localdate(),
            scan_sha256="a" * 64,
        )


def test_the_database_refuses_a_paper_signature_without_its_scan(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    with pytest.raises(IntegrityError), transaction.atomic():
        PledgeSignature.objects.create(
            pledge=pledge,
            version=pledge.version,
            unit=units[1],
            method="paper",
            signer_name="Nguyễn Văn An",
            signed_at=timezone.now(),
            fingerprint="f" * 64,
            recorded_by=staff_of(units[0]),
            paper_signed_on=timezone.localdate(),
        )


def test_a_draft_or_a_signed_pledge_takes_no_paper_signature(cluster):
    group, units = cluster
    draft = make_pledge(group)
    with pytest.raises(ValidationError, match="chưa được mở"):
        _record(staff_of(units[0]), draft, units[1])
    other_group, other_units = make_group_year(year=2023, size=2)
    pledge = make_open_pledge(other_group)
    sign_as(leader_of(other_units[1]), pledge)
    sign_as(leader_of(other_units[0]), pledge)
    with pytest.raises(ValidationError, match="đã khóa"):
        _record(staff_of(other_units[0]), pledge, other_units[1])


def test_a_stale_version_is_refused(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    with pytest.raises(ValidationError, match="phiên bản"):
        _record(staff_of(units[0]), pledge, units[1], version=pledge.version + 1)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("trang-ky.pdf", b"<!doctype html><script>alert(1)</script>"),  # a page renamed to .pdf
        ("trang-ky.html", b"<html><body>ky</body></html>"),
        ("trang-ky.docx", b"PK\x03\x04 not a scan"),
        ("trang-ky.pdf", b""),
    ],
)
def test_a_hostile_or_wrong_file_is_refused_under_the_scan_field(cluster, name, content):
    group, units = cluster
    pledge = make_open_pledge(group)
    with pytest.raises(ValidationError) as refused:
        _record(staff_of(units[0]), pledge, units[1], uploaded=SimpleUploadedFile(name, content))
    assert "scan" in refused.value.message_dict
    assert not PledgeSignature.objects.filter(pledge=pledge).exists()


def test_a_signing_day_after_today_is_refused(cluster):
    group, units = cluster
    pledge = make_open_pledge(group)
    with pytest.raises(ValidationError, match="sau hôm nay"):
        _record(staff_of(units[0]), pledge, units[1], signed_on=timezone.localdate() + timezone.timedelta(days=1))


# --- Pages ----------------------------------------------------------------------------------------------
def test_the_chair_records_a_paper_signature_from_the_pledge_page(cluster, client):
    group, units = cluster
    pledge = make_open_pledge(group)
    client.force_login(staff_of(units[0]))
    detail = client.get(pledge.get_absolute_url()).content.decode()
    url = reverse("pledges:paper_sign", args=[pledge.pk])
    assert url in detail

    page = client.get(url)
    assert page.status_code == 200 and "Bản quét trang có chữ ký" in page.content.decode()
    assert 'enctype="multipart/form-data"' in page.content.decode()
    response = client.post(
        url,
        {
            "version": pledge.version,
            "unit": units[3].pk,
            "signer_name": "Trần Thị Bình",
            "position": "Giám đốc Sở",
            "signed_on": timezone.localdate().strftime("%d/%m/%Y"),
            "scan": _scan(),
        },
        follow=True,
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "Đã ghi nhận chữ ký trên giấy" in text
    assert "ký trên giấy" in text and "Trần Thị Bình" in text


def test_a_hostile_file_sent_through_the_page_is_refused_in_vietnamese(cluster, client):
    group, units = cluster
    pledge = make_open_pledge(group)
    client.force_login(staff_of(units[0]))
    response = client.post(
        reverse("pledges:paper_sign", args=[pledge.pk]),
        {
            "version": pledge.version,
            "unit": units[3].pk,
            "signer_name": "Trần Thị Bình",
            "position": "Giám đốc Sở",
            "signed_on": timezone.localdate().strftime("%d/%m/%Y"),
            "scan": SimpleUploadedFile("trang-ky.pdf", b"<svg onload=alert(1)>"),
        },
    )
    assert response.status_code == 200
    assert "Nội dung tệp không khớp với loại tệp .pdf" in response.content.decode()
    assert not PledgeSignature.objects.filter(pledge=pledge).exists()


def test_a_member_unit_gets_no_paper_signature_page(cluster, client):
    group, units = cluster
    pledge = make_open_pledge(group)
    client.force_login(leader_of(units[1]))
    assert reverse("pledges:paper_sign", args=[pledge.pk]) not in client.get(pledge.get_absolute_url()).content.decode()
    assert client.get(reverse("pledges:paper_sign", args=[pledge.pk])).status_code == 403


def test_a_draft_shows_why_instead_of_the_form(cluster, client):
    group, units = cluster
    pledge = make_pledge(group)
    client.force_login(staff_of(units[0]))
    response = client.get(reverse("pledges:paper_sign", args=[pledge.pk]))
    assert "Giao ước chưa được mở để ký kết." in response.content.decode()


def test_print_and_verification_show_ky_tren_giay_with_name_position_and_date(cluster, client):
    group, units = cluster
    pledge, paper = _signed_with_a_paper_signature(units, group)
    day = timezone.localdate().strftime("%d/%m/%Y")

    client.force_login(leader_of(units[2]))
    printed = client.get(reverse("pledges:print", args=[pledge.pk])).content.decode()
    assert "Đã ký trên giấy" in printed and "Nguyễn Văn An" in printed and day in printed

    verify_url = reverse("pledges:verify", args=[pledge.verification_code])
    scan_url = reverse("pledges:signature_scan", args=[paper.pk])
    page = client.get(verify_url).content.decode()
    assert "ký trên giấy" in page and "Nguyễn Văn An, Phó Chủ tịch UBND tỉnh" in page and day in page
    assert scan_url in page  # a member may read the pledge: the scan is linked

    client.logout()
    public = client.get(verify_url).content.decode()
    assert "ký trên giấy" in public and "Nguyễn Văn An" in public
    assert scan_url not in public  # anyone holding the code: no scan


def test_the_scan_downloads_for_those_who_may_read_the_pledge_only(cluster, client):
    group, units = cluster
    pledge = make_open_pledge(group)
    paper = _record(staff_of(units[0]), pledge, units[2])
    url = reverse("pledges:signature_scan", args=[paper.pk])

    client.force_login(leader_of(units[3]))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == SCAN
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")

    client.force_login(LeaderFactory(unit=UnitFactory()))
    assert client.get(url).status_code == 403


def test_an_online_signature_has_no_scan_to_download(cluster, client):
    group, units = cluster
    pledge = make_open_pledge(group)
    online = sign_as(leader_of(units[1]), pledge)
    client.force_login(StaffFactory(unit=units[0]))
    assert client.get(reverse("pledges:signature_scan", args=[online.pk])).status_code == 404


def test_the_paper_signature_form_sent_twice_records_once_and_the_repeat_says_already_saved(cluster, client):
    group, units = cluster
    pledge = make_open_pledge(group)
    client.force_login(staff_of(units[0]))
    url = reverse("pledges:paper_sign", args=[pledge.pk])
    token = re.search(r'name="submission_token" value="([0-9a-f]+)"', client.get(url).content.decode()).group(1)
    data = {
        "version": pledge.version,
        "unit": units[3].pk,
        "signer_name": "Trần Thị Bình",
        "position": "Giám đốc Sở",
        "signed_on": timezone.localdate().strftime("%d/%m/%Y"),
        "submission_token": token,
    }

    first = client.post(url, {**data, "scan": _scan()})
    repeat = client.post(url, {**data, "scan": _scan()}, follow=True)  # a double click, or "send again"

    assert first.status_code == 302
    assert PledgeSignature.objects.filter(pledge=pledge, unit=units[3]).count() == 1
    assert "Đã lưu trước đó" in repeat.content.decode()


def test_an_amendment_voids_a_paper_signature_too_and_e_mails_only_the_online_signers(
    cluster, django_capture_on_commit_callbacks
):
    group, units = cluster
    pledge = make_open_pledge(group)
    online = sign_as(leader_of(units[1]), pledge)
    paper = _record(staff_of(units[0]), pledge, units[2])
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        signing.pledge_amend(actor=staff_of(units[0]), pledge=pledge, reason="Bổ sung chỉ tiêu chuyển đổi số")

    paper.refresh_from_db()
    assert paper.voided_at is not None
    assert [message.to for message in mail.outbox] == [[online.signer.email]]
