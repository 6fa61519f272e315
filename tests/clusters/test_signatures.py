"""PDF digital signatures (issue 20 item 3): the documents the app issues carry the system's PAdES signature, the
server validates any signed PDF against the configured trust roots, and keeps a PDF signed outside the app with a
token certificate only when it is intact and trusted."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from clusters import writers
from clusters.models import AuditEvent, SignedCopy
from clusters.services.signatures import signed_copy_add
from clusters.signatures import SignatureState, validate_pdf
from tests.factories import StaffFactory, make_group_year, make_signed_pledge

pytestmark = pytest.mark.django_db


def _sign_with(data: bytes, key_cert_chain) -> bytes:
    """`data` signed outside the app, as a leader's USB token would."""
    key, cert, chain = key_cert_chain
    signer = signers.SimpleSigner.load(str(key), str(cert), ca_chain_files=tuple(str(c) for c in chain))
    metadata = signers.PdfSignatureMetadata(field_name="LanhDao", subfilter=fields.SigSeedSubFilter.PADES)
    return signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(data)), metadata, signer=signer).getvalue()


def _one_byte_changed(data: bytes) -> bytes:
    """The file with one byte of the signed range changed (inside the header's binary comment, so it still parses)."""
    position = data.index(b"\n", 0) + 2
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :]


def _upload(data: bytes, name="giao-uoc-da-ky.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def document():
    return writers.pdf("<h1>Quyết định khen thưởng</h1><p>Tặng Bằng khen cho ông Nguyễn Văn An.</p>")


# --- The system's own signature ------------------------------------------------------------------------------
def test_an_issued_pdf_carries_the_systems_signature_which_validates(document):
    signed = writers.pdf("<p>Giấy khen</p>", signed=True, reason="Giấy khen", location="Buôn Ma Thuột")

    (report,) = validate_pdf(signed)

    assert report.state == SignatureState.VALID and report.intact and report.covers_whole_file
    assert "Hệ thống Thi đua (kiểm thử)" in report.signer
    assert report.signed_at is not None
    assert validate_pdf(document)[0].state == SignatureState.UNSIGNED


def test_the_same_file_with_one_byte_changed_is_reported_altered():
    signed = writers.pdf("<p>Quyết định</p>", signed=True)

    (report,) = validate_pdf(_one_byte_changed(signed))

    assert report.state in (SignatureState.ALTERED, SignatureState.UNREADABLE)
    assert not report.intact


def test_a_pdf_signed_by_a_ca_nobody_trusts_is_reported_untrusted(document, signing_world):
    (report,) = validate_pdf(_sign_with(document, signing_world.untrusted))

    assert report.state == SignatureState.UNTRUSTED
    assert report.intact and not report.valid
    assert "Người ký lạ" in report.signer and "CA không được tin cậy" in report.issuer


def test_a_leaders_token_signature_chaining_to_a_trusted_root_is_valid(document, signing_world):
    (report,) = validate_pdf(_sign_with(document, signing_world.token))

    assert report.state == SignatureState.VALID
    assert "Nguyễn Văn Lãnh Đạo" in report.signer and "CA gốc thử nghiệm" in report.issuer


def test_garbage_is_unreadable_never_an_error():
    assert validate_pdf(b"%PDF-1.7\n garbage <<<< >>>> \n%%EOF")[0].state in (
        SignatureState.UNREADABLE,
        SignatureState.UNSIGNED,
    )


def test_without_a_key_documents_are_issued_unsigned(settings):
    settings.PADES_KEY_FILE = ""

    assert validate_pdf(writers.pdf("<p>Bản nháp</p>", signed=True))[0].state == SignatureState.UNSIGNED


# --- A sealed pledge --------------------------------------------------------------------------------------
@pytest.fixture
def sealed():
    group, units = make_group_year(year=2023, size=3)
    return make_signed_pledge(group), units


def test_a_sealed_pledges_pdf_is_signed_by_the_system_and_a_draft_is_not(client, login, sealed):
    pledge, units = sealed
    login(StaffFactory(unit=units[0]))

    response = client.get(reverse("pledges:pdf", args=[pledge.pk]))

    (report,) = validate_pdf(response.content)
    assert report.valid and "Hệ thống Thi đua (kiểm thử)" in report.signer


def test_the_chair_unit_keeps_a_pdf_signed_with_a_token_and_it_shows_on_the_pledge(
    client, login, sealed, signing_world
):
    pledge, units = sealed
    staff = StaffFactory(unit=units[0])
    login(staff)
    pdf = client.get(reverse("pledges:pdf", args=[pledge.pk])).content
    signed = _sign_with(pdf, signing_world.token)  # the leader countersigns the system-signed PDF
    url = reverse("pledges:signed_copy_add", args=[pledge.pk])
    token = client.get(url).context["form"]["submission_token"].value()

    response = client.post(url, {"file": _upload(signed), "submission_token": token}, follow=True)

    assert "Đã lưu bản PDF do" in response.content.decode()
    page = client.get(pledge.get_absolute_url()).content.decode()
    assert "Nguyễn Văn Lãnh Đạo" in page and "giao-uoc-da-ky.pdf" in page
    copy = SignedCopy.objects.get()
    assert copy.target == pledge and copy.uploaded_by == staff
    assert AuditEvent.objects.filter(action="signed_copy.add", target_id=str(pledge.pk)).exists()
    download = client.get(reverse("pledges:signed_copy", args=[copy.pk]))
    assert download["Content-Disposition"].startswith("attachment") and b"".join(download.streaming_content) == signed


@pytest.mark.parametrize("kind", ["altered", "untrusted", "unsigned"])
def test_an_altered_untrusted_or_unsigned_pdf_is_refused_and_nothing_is_kept(sealed, signing_world, document, kind):
    pledge, units = sealed
    signed = _sign_with(document, signing_world.token)
    data = {
        "altered": _one_byte_changed(signed),
        "untrusted": _sign_with(document, signing_world.untrusted),
        "unsigned": document,
    }[kind]

    with pytest.raises(ValidationError) as refusal:
        signed_copy_add(
            actor=StaffFactory(unit=units[0]), target=pledge, uploaded=_upload(data), perm="emulation.add_signed_copy"
        )

    expected = {
        "altered": ("thay đổi sau khi ký", "Không đọc được chữ ký số"),
        "untrusted": ("không thuộc tổ chức chứng thực được tin cậy",),
        "unsigned": ("không có chữ ký số",),
    }[kind]
    assert any(text in str(refusal.value) for text in expected)
    assert not SignedCopy.objects.exists()


def test_the_same_signed_file_twice_is_kept_once(sealed, signing_world, document):
    pledge, units = sealed
    signed = _sign_with(document, signing_world.token)
    staff = StaffFactory(unit=units[0])
    signed_copy_add(actor=staff, target=pledge, uploaded=_upload(signed), perm="emulation.add_signed_copy")

    with pytest.raises(ValidationError, match="đã được tải lên"):
        signed_copy_add(actor=staff, target=pledge, uploaded=_upload(signed), perm="emulation.add_signed_copy")
    assert SignedCopy.objects.count() == 1


def test_a_member_that_does_not_chair_cannot_add_a_signed_copy(client, login, sealed, signing_world, document):
    pledge, units = sealed
    login(StaffFactory(unit=units[2]))

    response = client.post(
        reverse("pledges:signed_copy_add", args=[pledge.pk]),
        {"file": _upload(_sign_with(document, signing_world.token))},
    )

    assert response.status_code == 403 and not SignedCopy.objects.exists()


def test_anyone_with_the_code_checks_a_pdfs_signatures_and_learns_it_was_altered(client, sealed, signing_world):
    pledge, units = sealed
    staff_client = client
    staff_client.force_login(StaffFactory(unit=units[0]), backend="django.contrib.auth.backends.ModelBackend")
    pdf = staff_client.get(reverse("pledges:pdf", args=[pledge.pk])).content
    staff_client.logout()
    url = reverse("pledges:pdf_check", args=[pledge.verification_code])

    intact = client.post(url, {"file": _upload(pdf)}).content.decode()
    altered = client.post(url, {"file": _upload(_one_byte_changed(pdf))}).content.decode()

    assert "Chữ ký số hợp lệ" in intact and "Hệ thống Thi đua (kiểm thử)" in intact
    assert "Chữ ký số hợp lệ" not in altered
    assert "thay đổi sau khi ký" in altered or "Không đọc được chữ ký số" in altered
    assert not SignedCopy.objects.exists()


def test_signing_and_validating_work_inside_a_running_event_loop():
    """pyHanko runs asyncio.run() inside: an async caller (or a thread driving a browser) must not break it."""
    import asyncio

    async def inside():
        signed = writers.pdf("<p>Giấy khen</p>", signed=True)
        return validate_pdf(signed)

    (report,) = asyncio.run(inside())
    assert report.valid


def test_an_issued_decisions_pdf_is_signed_and_validates_and_one_byte_changed_is_reported_altered(tmp_path, login):
    import subprocess

    from awards.services.decisions import decision_issue
    from tests.awards.test_decisions import DAY, approved, draft
    from tests.factories import make_award_world

    world = make_award_world()
    decision = draft(world, approved(world, 2))
    client = login(world.province_reviewer)
    unsigned = client.get(reverse("awards:decision_pdf", args=[decision.pk])).content
    assert validate_pdf(unsigned)[0].state == SignatureState.UNSIGNED  # a draft is no issued document

    decision_issue(actor=world.province_reviewer, decision=decision, number="71/QĐ-UBND", date=DAY)
    response = client.get(reverse("awards:decision_pdf", args=[decision.pk]))

    (report,) = validate_pdf(response.content)
    assert report.valid and "Hệ thống Thi đua (kiểm thử)" in report.signer
    path = tmp_path / "quyet-dinh.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "71/QĐ-UBND" in text and "II. Cá nhân" in text and "ngày 15 tháng 01 năm 2024" in text
    assert not validate_pdf(_one_byte_changed(response.content))[0].intact


def test_an_issued_decisions_pdf_is_rendered_once_and_still_refused_to_another_board(login):
    from awards.services.decisions import decision_issue
    from tests.awards.test_decisions import DAY, approved, draft
    from tests.factories import ReviewerFactory, make_award_world

    world = make_award_world()
    decision = draft(world, approved(world, 2))
    decision_issue(actor=world.province_reviewer, decision=decision, number="72/QĐ-UBND", date=DAY)
    client = login(world.province_reviewer)

    first = client.get(reverse("awards:decision_pdf", args=[decision.pk])).content
    second = client.get(reverse("awards:decision_pdf", args=[decision.pk])).content

    assert first == second  # signed again, it would carry another signing time: the stored file is sent
    assert validate_pdf(second)[0].valid
    login(ReviewerFactory())
    response = client.get(reverse("awards:decision_pdf", args=[decision.pk]))
    assert response.status_code == 403 and not response.content.startswith(b"%PDF")
