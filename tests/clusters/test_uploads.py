"""The upload policy refuses hostile files in Vietnamese and keeps a safe name and content type of the others."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from clusters.uploads import DOCUMENTS, EXCEL, FILE_TYPES, UploadPolicy, content_type_for, safe_name

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _zip(parts: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": "<w:document>Báo cáo</w:document>".encode()})
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'><script>alert(1)</script></svg>"


def _upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _refusal(policy: UploadPolicy, upload) -> str:
    with pytest.raises(ValidationError) as caught:
        policy.check(upload)
    return " ".join(caught.value.messages)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Biên bản họp.pdf", PDF, "application/pdf"),
        ("anh.PNG", PNG, "image/png"),
        ("bao-cao.docx", DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_a_real_document_is_accepted_with_the_content_type_of_the_list_not_the_browsers(name, content, content_type):
    accepted = DOCUMENTS.check(_upload(name, content, content_type="text/html"))
    assert (accepted.name, accepted.content_type, accepted.size) == (name, content_type, len(content))
    assert accepted.extension == "." + name.rsplit(".", 1)[1].lower()


@pytest.mark.parametrize("name", ["trang.html", "trang.htm", "anh.svg", "du-lieu.xml", "tep.exe", "khong-duoi"])
def test_a_type_off_the_list_is_refused_saying_which_are_accepted(name):
    message = _refusal(DOCUMENTS, _upload(name, HTML))
    assert message.startswith("Loại tệp không được chấp nhận. Chỉ nhận: doc, docx, jpeg, jpg, ods, odt, pdf")


def test_a_double_extension_counts_by_its_last_extension():
    assert "Loại tệp không được chấp nhận" in _refusal(DOCUMENTS, _upload("bao-cao.pdf.html", PDF))
    assert "không khớp với loại tệp .pdf" in _refusal(DOCUMENTS, _upload("trang.html.pdf", HTML))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("gia-mao.pdf", HTML),
        ("gia-mao.png", SVG),
        ("gia-mao.jpg", PDF),
        ("gia-mao.docx", PDF),
        ("ghep.pdf", PDF[:9] + b"<script>alert(1)</script>"),  # a PDF that is also a page
        ("ghep.png", b"\x89PNG\r\n\x1a\n<svg onload=alert(1)>"),
    ],
)
def test_content_that_is_not_what_the_extension_says_is_refused(name, content):
    extension = "." + name.rsplit(".", 1)[1]
    assert _refusal(DOCUMENTS, _upload(name, content)) == f"Nội dung tệp không khớp với loại tệp {extension}."


def test_an_empty_file_is_refused():
    assert _refusal(DOCUMENTS, _upload("rong.pdf", b"")) == "Tệp rỗng."


def test_a_file_over_the_limit_is_refused_with_its_size_and_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    assert _refusal(DOCUMENTS, _upload("lon.pdf", PDF + b"0" * 2048)) == "Tệp quá lớn (2,0\xa0KB); tối đa 1,0\xa0KB."


def test_a_policy_given_a_field_keys_its_refusals_by_that_field():
    policy = UploadPolicy(extensions=(".pdf",), field="file")
    with pytest.raises(ValidationError) as caught:
        policy.check(_upload("trang.html", HTML))
    assert list(caught.value.message_dict) == ["file"]


def test_the_excel_policy_takes_only_xlsx_workbooks():
    assert EXCEL.check(_upload("khen-thuong.xlsx", DOCX)).extension == ".xlsx"
    assert "Chỉ nhận: xlsx." in _refusal(EXCEL, _upload("khen-thuong.xls", b"\xd0\xcf\x11\xe0"))
    assert EXCEL.accept == ".xlsx"


def test_a_policy_cannot_name_a_type_without_magic_bytes():
    with pytest.raises(ValueError, match=".svg"):
        UploadPolicy(extensions=(".pdf", ".svg"))


def test_the_check_leaves_the_file_at_its_start_for_storage():
    upload = _upload("a.pdf", PDF)
    DOCUMENTS.check(upload)
    assert upload.read() == PDF


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\an\\Biên bản.pdf", "Biên bản.pdf"),
        ('"><img src=x onerror=alert(1)>.pdf', "img src=x onerror=alert(1).pdf"),
        ("ten\x00.html.pdf", "ten.html.pdf"),
        ("Bie\u0302n ba\u0309n.pdf", "Biên bản.pdf"),  # decomposed diacritics are composed
        (".pdf.", "pdf"),
        ("", ""),
    ],
)
def test_a_file_name_is_reduced_to_a_safe_base_name(name, safe):
    assert safe_name(name) == safe


def test_a_long_file_name_is_cut_keeping_its_extension():
    name = safe_name("a" * 300 + ".docx")
    assert len(name) == 200 and name.endswith("a.docx")


def test_a_stored_file_is_served_with_the_content_type_of_the_list():
    assert content_type_for("bien-ban.PDF") == "application/pdf"
    assert content_type_for("trang.html") == "application/octet-stream"
    assert content_type_for("anh.svg") == "application/octet-stream"


def test_no_accepted_type_is_one_a_browser_renders_as_a_page():
    served = {file_type.content_type for file_type in FILE_TYPES.values()}
    assert not [t for t in served if "html" in t or "svg" in t or t.rsplit("/", 1)[1] == "xml" or "script" in t]


# --- Zip containers are bounded before anything parses them (issue 14 item 17) ---------------------------------
def test_a_zip_bomb_is_refused_from_its_table_of_contents_without_expanding_it(settings):
    """A 1 MB .xlsx expanding to 1,000 MiB took a worker to 2.1 GB; here a small one expanding to 60 MiB."""
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "xl/worksheets/sheet1.xml": b"\x00" * (60 * 1024 * 1024)})
    assert len(bomb) < 100 * 1024
    message = _refusal(EXCEL, _upload("khen-thuong.xlsx", bomb))
    assert message.startswith("Tệp nén bên trong quá lớn hoặc bất thường (2 phần, giải nén ra 60,0\xa0MB); tối đa")
    assert "Tệp nén bên trong quá lớn" in _refusal(DOCUMENTS, _upload("bao-cao.docx", bomb))


def test_a_zip_expanding_far_beyond_its_size_or_of_too_many_parts_is_refused(settings):
    settings.UPLOAD_ZIP_MAX_EXPANDED_BYTES = 100 * 1024 * 1024
    ratio_bomb = _zip({"xl/sharedStrings.xml": b"a" * (5 * 1024 * 1024)})  # ~5 KB, 1000 times its size
    assert "Tệp nén bên trong quá lớn" in _refusal(EXCEL, _upload("a.xlsx", ratio_bomb))
    settings.UPLOAD_ZIP_MAX_MEMBERS = 10
    many = _zip({f"xl/media/{n}.xml": b"<a/>" for n in range(11)})
    assert "(11 phần," in _refusal(EXCEL, _upload("a.xlsx", many))
    assert EXCEL.check(_upload("a.xlsx", _zip({f"xl/media/{n}.xml": b"<a/>" for n in range(10)})))


def test_a_zip_container_that_is_not_a_readable_zip_is_refused():
    assert _refusal(EXCEL, _upload("a.xlsx", b"PK\x03\x04" + b"\x00" * 32)) == (
        "Nội dung tệp không khớp với loại tệp .xlsx."
    )


def test_a_real_workbook_passes_and_is_left_at_its_start():
    from openpyxl import Workbook

    buffer = io.BytesIO()
    Workbook().save(buffer)
    upload = _upload("a.xlsx", buffer.getvalue())
    EXCEL.check(upload)
    assert upload.read() == buffer.getvalue()


def test_openpyxl_parses_uploaded_workbooks_through_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML
