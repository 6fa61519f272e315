"""The shared web helpers: paging links that keep the page's other parameters, audit paging, a service's
errors shown on the form or as messages, crispy forms, date inputs and downloads that never render."""

from __future__ import annotations

import io
import re

import pytest
from django import forms
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from clusters.formats import DateInput
from clusters.services.audit import record_audit
from clusters.web import (
    CrispyMixin,
    add_form_errors,
    audit_page,
    error_text,
    file_download,
    flash_errors,
    paginate,
    safe_next,
)
from tests.factories import PASSWORD, AdminFactory, GroupFactory, PersonFactory, ReviewerFactory, StaffFactory

pytestmark = pytest.mark.django_db


def _links(html: str, text: str) -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(rf'href="([^"]*)">[^<]*{text}', html)]


# --- Paging -----------------------------------------------------------------------------------------------
def test_paginate_returns_the_asked_page_and_the_last_one_when_past_the_end():
    rows = list(range(60))
    assert list(paginate(RequestFactory().get("/", {"page": 2}), rows, 25)) == list(range(25, 50))
    assert paginate(RequestFactory().get("/", {"page": 99}), rows, 25).number == 3
    assert paginate(RequestFactory().get("/", {"page": "x"}), rows).paginator.per_page == settings.PAGE_SIZE


def test_the_next_page_link_keeps_the_search_and_filters_and_replaces_only_the_page(login):
    for index in range(settings.PAGE_SIZE + 1):
        GroupFactory(name=f"Khối thi đua số {index:03d}", kind="bloc")
    client = login(StaffFactory())
    page = client.get(reverse("clusters:group_list"), {"page": 1, "q": "khoi", "kind": "bloc"}).content.decode()
    assert _links(page, "Sau") == ["?page=2&q=khoi&kind=bloc"]
    second = client.get(reverse("clusters:group_list"), {"q": "khoi", "page": 2}).content.decode()
    assert _links(second, "Trước") == ["?q=khoi&page=1"]


def test_paging_the_people_of_a_unit_keeps_their_search(login):
    person = PersonFactory(full_name="Trần Văn Tìm 00")
    for index in range(1, settings.PAGE_SIZE + 1):
        PersonFactory(unit=person.unit, full_name=f"Trần Văn Tìm {index:02d}")
    client = login(AdminFactory())
    page = client.get(reverse("clusters:unit_detail", args=[person.unit.pk]), {"q": "tim"}).content.decode()
    assert _links(page, "Sau") == ["?q=tim&page=2"]


def test_the_audit_history_pages_on_its_own_parameter_and_keeps_the_others(login):
    person = PersonFactory()
    for n in range(25):
        record_audit(actor=None, action="person.update", target=person, summary=f"Lần {n}")
    request = RequestFactory().get("/", {"lich_su": 2, "page": 3})
    page = audit_page(request, person)
    assert (page.number, len(page), page.paginator.count) == (2, 5, 25)
    html = login(ReviewerFactory()).get(person.get_absolute_url(), {"page": 3}).content.decode()
    assert _links(html, "Cũ hơn") == ["?page=3&lich_su=2#lich-su"]


# --- Service errors on the page -------------------------------------------------------------------------------
class NameForm(forms.Form):
    name = forms.CharField()


def test_a_service_error_about_a_field_shows_under_it_and_the_others_above_the_form():
    form = NameForm({"name": "Cụm"})
    assert form.is_valid()
    add_form_errors(form, ValidationError({"name": "Tên đã có.", "group": "Cụm, khối không tồn tại."}))
    assert form.errors["name"] == ["Tên đã có."]
    assert form.non_field_errors() == ["Cụm, khối không tồn tại."]


def test_a_service_error_without_fields_shows_above_the_form():
    form = NameForm({"name": "Cụm"})
    form.is_valid()
    add_form_errors(form, ValidationError(["Giao ước đã khóa.", "Hãy tạo bản sửa đổi."]))
    assert form.non_field_errors() == ["Giao ước đã khóa.", "Hãy tạo bản sửa đổi."]


def test_a_service_error_becomes_one_message_each_or_one_line():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    error = ValidationError(["Chưa chọn cụm, khối.", "Năm không hợp lệ."])
    flash_errors(request, error)
    assert [str(m) for m in get_messages(request)] == ["Chưa chọn cụm, khối.", "Năm không hợp lệ."]
    assert error_text(error) == "Chưa chọn cụm, khối. Năm không hợp lệ."


# --- Forms --------------------------------------------------------------------------------------------------
class DatedForm(CrispyMixin, forms.Form):
    day = forms.DateField(widget=DateInput)


class InlineForm(CrispyMixin, forms.Form):
    form_tag = False
    day = forms.DateField(widget=DateInput)


def test_a_crispy_form_has_one_save_button_unless_it_sits_in_the_pages_own_form():
    assert [i.value for i in DatedForm().helper.inputs] == ["Lưu"]
    assert InlineForm().helper.inputs == [] and InlineForm().helper.form_tag is False


def test_a_date_field_is_shown_and_typed_day_first_whatever_the_browsers_language():
    import datetime

    html = str(DatedForm(initial={"day": datetime.date(2025, 7, 1)})["day"])
    assert 'type="text"' in html and 'value="01/07/2025"' in html
    typed = DatedForm(data={"day": "05/03/2024"})
    assert typed.is_valid() and typed.cleaned_data["day"] == datetime.date(2024, 3, 5)


# --- Downloads ----------------------------------------------------------------------------------------------
def test_a_download_is_an_attachment_that_no_browser_renders():
    response = file_download(io.BytesIO(b"%PDF-"), filename="Báo cáo.pdf", content_type="application/pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"


# --- Redirects ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/de-nghi/?q=Lang+Son&page=2", "/de-nghi/?q=Lang+Son&page=2"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("http://testserver.evil.example/", "/"),
        ("javascript:alert(1)", "/"),
        ("/\\evil.example", "/"),
        ("", "/"),
    ],
)
def test_a_redirect_target_from_the_request_is_followed_only_within_the_site(target, expected):
    request = RequestFactory().post("/", {"next": target})
    assert safe_next(request, "/") == expected


def test_a_redirect_target_with_the_site_s_own_host_is_followed_but_not_to_http_from_https():
    secure = RequestFactory().get("/", {"next": "http://testserver/de-nghi/"}, secure=True)
    assert safe_next(secure, "dashboard") == reverse("dashboard")
    plain = RequestFactory().get("/", {"next": "http://testserver/de-nghi/"})
    assert safe_next(plain, "dashboard") == "http://testserver/de-nghi/"


def test_no_view_reads_a_redirect_target_from_the_request_except_through_safe_next():
    """A new `next` or Referer read straight from the request (an open redirect) fails here."""
    root = settings.BASE_DIR
    pattern = re.compile(r"""(GET|POST|META)(\.get\(|\[)\s*["'](next|HTTP_REFERER)["']""")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for app in ("clusters", "awards", "emulation", "config")
        for path in (root / app).rglob("*.py")
        if path.name != "web.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_the_login_and_the_language_switch_refuse_to_send_anyone_off_the_site(client):
    user = StaffFactory()
    answer = client.post(
        reverse("login") + "?next=https://evil.example/",
        {"username": user.username, "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert answer.status_code == 302 and not answer["Location"].startswith(("http", "//"))
    answer = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert answer.status_code == 302 and not answer["Location"].startswith(("http", "//"))
