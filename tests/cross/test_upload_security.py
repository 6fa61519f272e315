"""Uploads through the real pages: every upload field limits size and type (refusals in Vietnamese,
nothing stored), and what was uploaded only ever comes back as a download, never rendered inline.

Upload fields: evidence in year-end scoring, proposal attachments, the award records import.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from awards.documents.records import COLUMNS
from awards.models import ProposalAttachment
from emulation.models import Evidence, SelfAssessment
from tests.clusters.test_uploads import DOCX, _zip
from tests.factories import make_award_world, make_scoring_round, staff_of

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'><script>alert(1)</script></svg>"

#: (file name, content, the Vietnamese refusal) common to evidence and attachments.
DANGEROUS = [
    ("trang.html", HTML, "Loại tệp không được chấp nhận|Chỉ nhận tệp"),
    ("trang.htm", HTML, "Loại tệp không được chấp nhận|Chỉ nhận tệp"),
    ("anh.svg", SVG, "Loại tệp không được chấp nhận|Chỉ nhận tệp"),
    ("du-lieu.xml", b"<?xml version='1.0'?><a/>", "Loại tệp không được chấp nhận|Chỉ nhận tệp"),
    ("tep.exe", b"MZ\x90\x00", "Loại tệp không được chấp nhận|Chỉ nhận tệp"),
    ("gia-mao.pdf", HTML, "Nội dung tệp không khớp với loại tệp .pdf"),
    ("gia-mao.png", SVG, "Nội dung tệp không khớp với loại tệp .png"),
    ("rong.pdf", b"", "Tệp rỗng|Tập tin được gửi là rỗng"),
]


def _assert_refused(body: str, pattern: str):
    import re

    assert re.search(pattern, body), body[:2000]


def _assert_served_as_download(response, *, content_type: str):
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "text/html" not in response["Content-Type"] and "svg" not in response["Content-Type"]


# --- Evidence in year-end scoring --------------------------------------------------------------------------
@pytest.fixture
def assessment(db):
    scoring_round, units = make_scoring_round()
    return SelfAssessment.objects.get(round=scoring_round, unit=units[1])


def _upload_evidence(client, assessment, upload):
    criterion = assessment.round.pledge.criteria.get(code="1.1")
    return client.post(
        reverse("yearend:evidence_upload", args=[assessment.pk]), {"criterion": criterion.pk, "file": upload}
    )


@pytest.mark.parametrize(("name", "content", "message"), DANGEROUS, ids=[d[0] for d in DANGEROUS])
def test_evidence_of_a_dangerous_or_false_type_is_refused_on_the_page(assessment, login, name, content, message):
    client = login(staff_of(assessment.unit))
    response = _upload_evidence(client, assessment, SimpleUploadedFile(name, content, content_type="application/pdf"))
    assert response.status_code == 400
    _assert_refused(response.content.decode(), message)
    assert not Evidence.objects.exists()


def test_evidence_larger_than_the_limit_is_refused_on_the_page(assessment, login, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client = login(staff_of(assessment.unit))
    response = _upload_evidence(client, assessment, SimpleUploadedFile("lon.pdf", PDF + b"0" * 2048))
    assert response.status_code == 400
    assert "Tệp quá lớn (2,0\xa0KB); tối đa 1,0\xa0KB." in response.content.decode()
    assert not Evidence.objects.exists()


def test_evidence_uploaded_as_html_comes_back_only_as_a_pdf_download(assessment, login):
    client = login(staff_of(assessment.unit))
    upload = SimpleUploadedFile('"><img src=x onerror=alert(1)>.pdf', PDF, content_type="text/html")
    assert _upload_evidence(client, assessment, upload).status_code == 302
    evidence = Evidence.objects.get()
    response = client.get(reverse("yearend:evidence", args=[evidence.pk]))
    _assert_served_as_download(response, content_type="application/pdf")
    assert "<img" not in response["Content-Disposition"].split("filename")[0]
    assert b"".join(response.streaming_content) == PDF
    page = client.get(reverse("yearend:assessment", args=[assessment.pk])).content.decode()
    assert "<img src=x onerror=alert(1)>" not in page


# --- Proposal attachments ------------------------------------------------------------------------------------
@pytest.fixture
def proposal(db):
    from awards.services.proposals import proposal_create

    world = make_award_world()
    proposal = proposal_create(
        actor=world.staff,
        proposing_unit=world.lang_son,
        award_type_code="CO_THI_DUA_CHINH_PHU",
        year=2023,
        nominee_unit=world.lang_son,
        source_group=world.cluster,
        achievements="Dẫn đầu cụm.",
    )
    proposal.world = world
    return proposal


def _upload_attachment(client, proposal, upload):
    return client.post(
        reverse("awards:attachment_upload", args=[proposal.pk]), {"kind": "minutes", "file": upload}, follow=True
    )


@pytest.mark.parametrize(("name", "content", "message"), DANGEROUS, ids=[d[0] for d in DANGEROUS])
def test_attachments_of_a_dangerous_or_false_type_are_refused_on_the_page(proposal, login, name, content, message):
    client = login(proposal.world.staff)
    response = _upload_attachment(client, proposal, SimpleUploadedFile(name, content, content_type="application/pdf"))
    _assert_refused(response.content.decode(), message)
    assert not ProposalAttachment.objects.exists()


def test_attachments_larger_than_the_limit_are_refused_on_the_page(proposal, login, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client = login(proposal.world.staff)
    response = _upload_attachment(client, proposal, SimpleUploadedFile("bien-ban.pdf", PDF + b"0" * 4096))
    assert "Tệp quá lớn (4,0\xa0KB); tối đa 1,0\xa0KB." in response.content.decode()
    assert not ProposalAttachment.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Biên bản họp.pdf", PDF, "application/pdf"),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "image/png"),
        ("bao-cao.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        # the project's document policy (clusters.uploads.DOCUMENTS) takes OpenDocument spreadsheets too
        ("bang-diem.ods", DOCX, "application/vnd.oasis.opendocument.spreadsheet"),
    ],
)
def test_an_accepted_attachment_comes_back_only_as_a_download_of_its_own_type(
    proposal, login, name, content, content_type
):
    client = login(proposal.world.staff)
    _upload_attachment(client, proposal, SimpleUploadedFile(name, content, content_type="text/html"))
    attachment = ProposalAttachment.objects.get()
    assert attachment.file.name.endswith(name.rsplit(".", 1)[1]) and "Biên" not in attachment.file.name
    response = client.get(reverse("awards:attachment_download", args=[attachment.pk]))
    _assert_served_as_download(response, content_type=content_type)
    assert b"".join(response.streaming_content) == content


# --- The award records import ------------------------------------------------------------------------------
def _workbook_bytes(rows=()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("khen-thuong.html", HTML, "Loại tệp không được chấp nhận. Chỉ nhận: xlsx."),
        ("khen-thuong.svg", SVG, "Loại tệp không được chấp nhận. Chỉ nhận: xlsx."),
        ("khen-thuong.xls", b"\xd0\xcf\x11\xe0", "Loại tệp không được chấp nhận. Chỉ nhận: xlsx."),
        ("gia-mao.xlsx", HTML, "Nội dung tệp không khớp với loại tệp .xlsx."),
        ("rong.xlsx", b"", "Tập tin được gửi là rỗng."),
        (
            "bom.xlsx",
            _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\x00" * (60 * 1024 * 1024)}),
            "Tệp nén bên trong quá lớn hoặc bất thường (2 phần, giải nén ra 60,0\xa0MB)",
        ),
    ],
)
def test_the_award_import_refuses_anything_but_a_real_xlsx(login, name, content, message):
    world = make_award_world()
    client = login(world.reviewer)
    response = client.post(reverse("awards:record_import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "awards_import_rows" not in client.session


def test_the_award_import_refuses_a_workbook_over_the_size_limit(login, settings):
    world = make_award_world()
    settings.UPLOAD_MAX_BYTES = 1024
    client = login(world.reviewer)
    content = _workbook_bytes([[2023, "LAO_DONG_TIEN_TIEN", "", "", "x" * 3000, "", "1/QĐ", "", "", ""]])
    assert len(content) > 1024
    response = client.post(reverse("awards:record_import"), {"file": SimpleUploadedFile("lon.xlsx", content)})
    assert "Tệp quá lớn (" in response.content.decode()
    assert "); tối đa 1,0\xa0KB." in response.content.decode()
    assert "awards_import_rows" not in client.session


# --- Stored files are not reachable by URL ---------------------------------------------------------------------
def test_uploaded_files_are_not_served_from_a_public_media_url(assessment, login, client):
    staff = staff_of(assessment.unit)
    login(staff)
    _upload_evidence(client, assessment, SimpleUploadedFile("a.pdf", PDF))
    evidence = Evidence.objects.get()
    for url in [f"/media/{evidence.file.name}", f"/{evidence.file.name}", f"/static/{evidence.file.name}"]:
        response = client.get(url)
        assert response.status_code == 404, url
    client.logout()
    response = client.get(reverse("yearend:evidence", args=[evidence.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
