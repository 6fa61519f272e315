"""English translation: Vietnamese by default, English through the navbar's language switch, and a
catalogue that stays complete (every message translated, none fuzzy, the .mo compiled from the .po)."""

from __future__ import annotations

import datetime
import gettext
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from emulation.services.signing import pledge_open_for_signing
from tests.factories import (
    PASSWORD,
    UserFactory,
    attach_dossier,
    award_type,
    make_award_world,
    make_group_year,
    make_pledge,
    staff_of,
)

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)
PO_FILE = BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_FILE = PO_FILE.with_suffix(".mo")
MAKEMESSAGES = (
    "python manage.py makemessages -l en --ignore=.venv --ignore=thidua.egg-info --no-obsolete, "
    "translate the new or changed entries in locale/en/LC_MESSAGES/django.po (and remove their '#, fuzzy' flag), "
    "then python manage.py compilemessages --ignore=.venv"
)


@pytest.fixture(autouse=True)
def _back_to_vietnamese():
    """A request activates its language for the whole thread: leave Vietnamese behind for the next tests
    (eager Celery tasks, e.g. report compilation, run in this thread without a request of their own)."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


class _Forms(HTMLParser):
    """The forms of a page: action, method and the name/value of every input and button."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action"), "method": attrs.get("method", "get"), "fields": []})
        elif tag in ("input", "button") and self.forms and attrs.get("name"):
            self.forms[-1]["fields"].append((attrs["name"], attrs.get("value", "")))


def switch_language(client, page_url: str, code: str):
    """Submit the navbar's language form of `page_url` with its `code` button, as a browser would."""
    parser = _Forms()
    parser.feed(client.get(page_url).content.decode())
    form = next(f for f in parser.forms if f["action"] == reverse("set_language"))
    assert form["method"].lower() == "post"
    data = {name: value for name, value in form["fields"] if name not in ("language", "csrfmiddlewaretoken")}
    assert ("language", code) in form["fields"], f"no {code!r} button in the language form"
    data["language"] = code
    response = client.post(form["action"], data)
    assert response.status_code == 302
    assert response.url == data["next"]
    return response


def text_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def assert_english(html: str, english: list[str], vietnamese: list[str]):
    for phrase in english:
        assert phrase in html, f"expected English {phrase!r} on the page"
    for phrase in vietnamese:
        assert phrase not in html, f"Vietnamese {phrase!r} still on the English page"


# --- Pages -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("browser_language", ["vi", "en-US,en;q=0.9", ""])
def test_a_new_visitor_sees_the_login_page_in_vietnamese_whatever_their_browser_language(client, browser_language):
    """Only the navbar's switch chooses English; the browser's Accept-Language does not."""
    html = text_of(client.get(reverse("login"), headers={"accept-language": browser_language}))

    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Mật khẩu" in html
    assert "Log in" not in html


def test_the_language_switch_turns_the_login_page_into_english_and_back(client):
    switch_language(client, reverse("login"), "en")
    html = text_of(client.get(reverse("login")))

    assert '<html lang="en">' in html
    assert_english(
        html,
        ["Log in", "Password", "Emulation and commendation management system"],
        ["Đăng nhập", "Mật khẩu", "Hệ thống quản lý thi đua, khen thưởng"],
    )

    switch_language(client, reverse("login"), "vi")
    assert "Đăng nhập" in text_of(client.get(reverse("login")))


def test_a_logged_in_user_switches_the_dashboard_to_english(client):
    group, units = make_group_year(year=2023, size=2)
    user = UserFactory(unit=units[0])
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    vietnamese = text_of(client.get(reverse("dashboard")))
    assert "Việc cần làm" in vietnamese and "Đăng xuất" in vietnamese

    switch_language(client, reverse("dashboard"), "en")
    html = text_of(client.get(reverse("dashboard")))

    assert_english(
        html,
        ["To do", "Overview", "Clusters and blocs of the unit", "Log out", "Change password"],
        ["Việc cần làm", "Tổng quan", "Cụm, khối của đơn vị", "Đăng xuất", "Đổi mật khẩu"],
    )
    assert group.name in html  # data stays as entered


def test_a_cluster_page_in_english(client):
    group, units = make_group_year(year=2023, size=3)
    client.force_login(UserFactory(unit=units[0]))
    switch_language(client, reverse("clusters:group_year", args=[group.pk, 2023]), "en")

    html = text_of(client.get(reverse("clusters:group_year", args=[group.pk, 2023])))

    assert_english(
        html,
        ["Emulation cluster", "Organised by", "Chair unit", "Vice-chair unit", "3 member units", "Role"],
        ["Tổ chức bởi", "Đơn vị trưởng", "Đơn vị phó", "đơn vị thành viên", "Vai trò"],
    )


@pytest.mark.parametrize(
    ("url", "vietnamese", "english"),
    [("clusters:unit_list", "Đơn vị", "Units"), ("clusters:person_list", "Cá nhân", "People")],
)
def test_the_unit_and_people_lists_are_headed_in_the_plural_in_english(client, url, vietnamese, english):
    """Vietnamese nouns have no plural: a list's heading needs its own English."""
    group, units = make_group_year(year=2023, size=2)
    client.force_login(UserFactory(unit=units[0]))
    assert f'<h1 class="h3 mb-0">{vietnamese}</h1>' in text_of(client.get(reverse(url)))
    switch_language(client, reverse(url), "en")

    html = text_of(client.get(reverse(url)))

    assert f'<h1 class="h3 mb-0">{english}</h1>' in html and f"<title>{english} ·" in html


def test_the_award_breakdowns_columns_count_people_in_the_plural_in_english(client):
    world = make_award_world()
    client.force_login(world.reviewer)
    switch_language(client, reverse("awards:fairness"), "en")

    html = text_of(client.get(reverse("awards:fairness")))

    for header in ["Individuals", "Leaders or managers", "Frontline workers", "Small collectives"]:
        assert f"<th>{header}</th>" in html
    assert "<th>Individual</th>" not in html


def test_a_pledge_page_in_english(client):
    group, units = make_group_year(year=2023, size=3)
    pledge = pledge_open_for_signing(actor=None, pledge=make_pledge(group, 2023))
    client.force_login(staff_of(units[0]))
    switch_language(client, reverse("pledges:detail", args=[pledge.pk]), "en")

    html = text_of(client.get(reverse("pledges:detail", args=[pledge.pk])))

    assert_english(
        html,
        ["Being signed", "Version 1", "Printable version", "Download PDF", "Signing progress", "First", "Second"],
        ["Đang ký kết", "Phiên bản 1", "Bản in", "Tải PDF", "Tiến độ ký kết", "Thứ nhất", "Thứ hai"],
    )


def test_the_proposal_list_in_english(client):
    from awards.services.proposals import proposal_create

    world = make_award_world()
    proposal_create(
        actor=world.staff, proposing_unit=world.lang_son, award_type_code="CO_THI_DUA_CHINH_PHU", year=2023,
        nominee_unit=world.lang_son, source_group=world.cluster, proposal_date=datetime.date(2024, 3, 5),
    )  # fmt: skip
    client.force_login(world.staff)
    switch_language(client, reverse("awards:proposal_list"), "en")

    html = text_of(client.get(reverse("awards:proposal_list")))

    assert_english(
        html,
        ["Award proposals", "New proposal", "Title or form of award", "Proposing unit", "Status", "Draft"],
        ["Đề nghị khen thưởng", "Lập đề nghị", "Đơn vị đề nghị", "Trạng thái", "Dự thảo"],
    )
    assert "Tỉnh Lạng Sơn (thử)" in html


def test_the_reviewers_buttons_on_a_proposal_say_what_they_do_in_english(client):
    """Vietnamese names the status and the action alike ("Không chấp thuận"); English needs the verb."""
    from awards.services.proposals import proposal_create
    from awards.services.workflow import proposal_start_review, submission_create

    world = make_award_world()
    proposal = proposal_create(
        actor=world.staff, proposing_unit=world.lang_son, award_type_code="CO_THI_DUA_CHINH_PHU", year=2023,
        nominee_unit=world.lang_son, source_group=world.cluster, proposal_date=datetime.date(2024, 3, 5),
    )  # fmt: skip
    attach_dossier(proposal)
    submission_create(
        actor=world.leader, proposing_unit=world.lang_son, year=2023, number="01/TTr", title="Tờ trình",
        proposals=[proposal],
    )  # fmt: skip
    proposal.refresh_from_db()
    proposal_start_review(actor=world.reviewer, proposal=proposal)
    client.force_login(world.reviewer)
    page = reverse("awards:proposal_detail", args=[proposal.pk])
    vietnamese = text_of(client.get(page))
    assert ">Trả lại để bổ sung</button>" in vietnamese and ">Không chấp thuận</button>" in vietnamese
    switch_language(client, page, "en")

    html = text_of(client.get(page))

    assert ">Approve</button>" in html
    assert ">Return for completion</button>" in html and ">Reject</button>" in html
    assert ">Rejected</button>" not in html and ">Returned for completion</button>" not in html


def test_validation_errors_and_messages_are_english_too(client):
    world = make_award_world()
    client.force_login(world.staff)
    switch_language(client, reverse("awards:proposal_create"), "en")

    html = text_of(
        client.post(
            reverse("awards:proposal_create"),
            {"award_type": award_type("CO_THI_DUA_CHINH_PHU").pk, "year": 2023, "kind": "annual"},
        )
    )
    assert_english(
        html,
        ["Choose exactly one nominee: one collective or one individual.", "Year of achievement"],
        ["Chọn đúng một đối tượng", "Năm thành tích"],
    )

    response = client.post(
        reverse("awards:proposal_create"),
        {
            "award_type": award_type("CO_THI_DUA_CHINH_PHU").pk,
            "year": 2023,
            "nominee_unit": world.lang_son.pk,
            "kind": "annual",
            "source_group": world.cluster.pk,
            "proposal_date": "2024-03-05",
            "achievements": "Dẫn đầu cụm.",
            "discipline_free": "unknown",
        },
        follow=True,
    )
    assert_english(text_of(response), ["Proposal created (draft)."], ["Đã lập đề nghị"])


# --- The catalogue -----------------------------------------------------------------------------------
def test_every_message_of_the_english_catalogue_is_translated_and_not_fuzzy():
    po = polib.pofile(str(PO_FILE))
    assert len(po) > 1000
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated messages, e.g. {untranslated[:5]}. {MAKEMESSAGES}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy messages, e.g. {fuzzy[:5]}. {MAKEMESSAGES}"


def test_translations_keep_every_placeholder():
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
    wrong = []
    for entry in polib.pofile(str(PO_FILE)):
        pairs = (
            [(entry.msgid, entry.msgstr_plural[0]), (entry.msgid_plural, entry.msgstr_plural[1])]
            if entry.msgid_plural
            else [(entry.msgid, entry.msgstr)]
        )
        wrong += [(a, b) for a, b in pairs if sorted(placeholder.findall(a)) != sorted(placeholder.findall(b))]
    assert not wrong, f"placeholders changed in translation: {wrong[:5]}"


def test_the_catalogue_lists_every_message_of_the_code(tmp_path):
    """makemessages run on a copy of the sources finds nothing new: the committed .po is complete."""
    copy = tmp_path / "src"
    skip = {".venv", ".git", "media", "staticfiles", "test-results", "node_modules"}
    shutil.copytree(
        BASE_DIR,
        copy,
        ignore=lambda folder, names: [
            n for n in names if n in skip or n.endswith((".egg-info", "_cache", "__pycache__", ".pyc", ".sqlite3"))
        ],
    )
    committed = PO_FILE.read_bytes()
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-obsolete", "--no-location"],
        cwd=copy,
        env={**os.environ, "PYTHONPATH": str(copy)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert PO_FILE.read_bytes() == committed, "makemessages must run on the copy, not on the real catalogue"

    def msgids(path):
        return {(e.msgctxt, e.msgid, e.msgid_plural) for e in polib.pofile(str(path))}

    fresh = copy / "locale" / "en" / "LC_MESSAGES" / "django.po"
    missing = msgids(fresh) - msgids(PO_FILE)
    stale = msgids(PO_FILE) - msgids(fresh)
    assert not missing, (
        f"{len(missing)} messages of the code are not in the catalogue, e.g. {sorted(missing)[:5]}. {MAKEMESSAGES}"
    )
    assert not stale, (
        f"{len(stale)} messages of the catalogue are no longer in the code, e.g. {sorted(stale)[:5]}. {MAKEMESSAGES}"
    )
    new = polib.pofile(str(fresh))
    pending = [e.msgid for e in new.untranslated_entries() + new.fuzzy_entries()]
    assert not pending, f"{len(pending)} messages need a translation, e.g. {pending[:5]}. {MAKEMESSAGES}"


def test_the_compiled_catalogue_matches_the_po_file():
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    expected = {}
    for entry in polib.pofile(str(PO_FILE)):
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                expected[(key, int(index))] = text
        else:
            expected[key] = entry.msgstr
    compiled = {k: v for k, v in compiled.items() if k != ""}  # the header
    assert compiled == expected, f"locale/en/LC_MESSAGES/django.mo is out of date: {MAKEMESSAGES}"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_the_en_button_of_the_navbar_switches_to_english(browser, live_server):
    """An English browser still gets Vietnamese; the navbar's EN button switches, and it sticks."""
    user = UserFactory()
    page = browser.new_context(locale="en-US").new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    page.fill("main input[name=username]", user.username)
    page.fill("main input[name=password]", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()

    page.get_by_role("button", name="EN", exact=True).click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="To do")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.get_by_role("link", name="Clusters and blocs", exact=True).click()
    expect(page.locator("main h1")).to_contain_text("Emulation clusters and blocs in")
    expect(page.locator("body")).not_to_contain_text("Đăng xuất")
