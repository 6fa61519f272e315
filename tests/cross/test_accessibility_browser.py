"""On a phone, on a zoomed laptop, by keyboard and by screen reader (issue 22), in Debian's chromium.

Every page of the URL conf that a role may open (generated from the authorization matrix: tests/cross/pages.py),
for the roles that open it, with the Content-Security-Policy on:
- axe-core (served by the test server from static/vendor/axe-core/, not injected around the CSP) finds nothing
  serious or critical under the WCAG 2.2 AA rules, on a 1,093-pixel laptop screen (1366 px at 125%) and on a
  360 × 640 touch screen;
- the page never scrolls sideways at 1,093 × 700, 360 × 640 and 390 × 844;
- on the touch screens every button, field and checkbox is at least 44 × 44 px;
- logout and the language switch are on screen: on the bar of the laptop, in the opened menu of the phones.
And a leader signs a pledge on a 360 × 640 touch screen with a wrong password first, and sees the message
without scrolling.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import expect

from emulation.models import PledgeSignature
from tests.cross.pages import ROLE_ORDER, Page, build_world, pages
from tests.factories import PASSWORD, leader_of, make_group_year, make_open_pledge

pytestmark = [pytest.mark.browser]

AXE = "/static/vendor/axe-core/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LAPTOP = {"viewport": {"width": 1093, "height": 700}, "reduced_motion": "reduce"}
PHONE = {"viewport": {"width": 360, "height": 640}, "has_touch": True, "is_mobile": True, "reduced_motion": "reduce"}
TALL_PHONE = {"width": 390, "height": 844}
MIN_TAP = 44

#: axe's serious and critical violations, one line per rule with the first elements it names.
RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id} (${v.help}): ` + v.nodes.slice(0, 4).map((n) => n.target.join(" ")
      + " — " + (n.failureSummary || "").split("\\n").slice(1, 2).join("").trim()).join(" | "));
}"""

#: The page's width against the window's, and what sticks out when it is wider.
SIDEWAYS = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) { return null; }
  const wide = [...document.body.querySelectorAll("*")]
    .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
    .filter((el) => !el.parentElement.closest(".table-responsive") || getComputedStyle(el).position === "absolute")
    .slice(-3)
    .map((el) => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ").join(".") : ""));
  return `${root.scrollWidth} px wide in ${root.clientWidth} px (${wide.join(", ")})`;
}"""

#: Buttons, fields, checkboxes (with their label) and pagination links smaller than the minimum, if shown.
SMALL_TARGETS = """(minimum) => {
  const shown = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden"
      && !el.closest(".visually-hidden, .visually-hidden-focusable");
  };
  const small = [];
  const selector = "button, .btn, input:not([type=hidden]), select, textarea, .page-link, .nav-link, summary";
  for (const el of document.querySelectorAll(selector)) {
    if (!shown(el)) { continue; }
    let target = el;
    if (el.matches("input[type=checkbox], input[type=radio]")) {
      target = el.closest("label, .form-check") || el;
    }
    const box = target.getBoundingClientRect();
    if (box.width < minimum - 0.5 || box.height < minimum - 0.5) {
      const name = (el.getAttribute("aria-label") || el.textContent || el.name || el.id || "").trim().slice(0, 30);
      small.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`);
    }
  }
  return small;
}"""

#: Where an element is, against the window (after scrolling it into view, as a person would).
ON_SCREEN = """(el) => {
  el.scrollIntoView({block: "nearest", inline: "nearest"});
  const box = el.getBoundingClientRect();
  return box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0
    && box.right <= document.documentElement.clientWidth && box.bottom <= window.innerHeight;
}"""


@dataclass
class Findings:
    """Everything wrong, page by page, reported at the end in one list."""

    problems: list[str] = field(default_factory=list)
    checked: set[str] = field(default_factory=set)

    def add(self, where: str, what) -> None:
        if what:
            for line in [what] if isinstance(what, str) else what:
                self.problems.append(f"{where}: {line}")


def _assignments(all_pages: list[Page]) -> dict[str, list[tuple[Page, bool]]]:
    """Which role opens which page: each page for one role of the units' side and one of the boards' side (the
    reviewers, the boards' administrators, the admin) when both may open it, each time the role of that side that
    has opened the fewest pages so far, so that every role opens pages. The first of the two is the page's primary
    role (axe on the phone)."""
    opened: Counter[str] = Counter()
    by_role: dict[str, list[tuple[Page, bool]]] = {}
    for page in all_pages:
        roles = page.roles
        sides = [
            [r for r in roles if r.startswith(("staff", "leader"))],
            [r for r in roles if r.startswith(("reviewer", "board_admin")) or r == "admin"],
            [r for r in roles if r == "anonymous"],
        ]
        chosen = [min(side, key=lambda r: (opened[r], roles.index(r))) for side in sides if side][:2]
        for position, role in enumerate(chosen):
            opened[role] += 1
            by_role.setdefault(role, []).append((page, position == 0))
    return by_role


def _log_in(browser, live_server, user) -> dict:
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    if user is not None:
        page.goto(f"{live_server.url}/dang-nhap/")
        page.fill("main input[name=username]", user.username)
        page.fill("main input[name=password]", PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/")
    state = context.storage_state()
    context.close()
    return state


def _axe(page, live_server) -> list[str]:
    page.add_script_tag(url=live_server.url + AXE)
    return page.evaluate(RUN_AXE, WCAG_TAGS)


def _menu_problems(page, role: str) -> list[str]:
    """Logout and the language switch on screen (after opening the menu where there is one), and every menu entry
    inside the window."""
    problems = []
    toggle = page.get_by_test_id("menu-toggle")
    if toggle.count() and toggle.is_visible():
        toggle.click()
        page.wait_for_selector("#mainnav.collapse.show")  # opened, its transition over
    wanted = page.locator("[data-testid=language-switch] button")
    if role != "anonymous":
        wanted = page.locator("[data-testid=logout], [data-testid=language-switch] button, #mainnav .nav-link")
    if wanted.count() < (2 if role == "anonymous" else 3):
        problems.append(f"only {wanted.count()} of logout, the language buttons and the menu entries found")
    for index in range(wanted.count()):
        item = wanted.nth(index)
        if not item.evaluate(ON_SCREEN):
            problems.append(f"'{item.inner_text().strip()}' is off-screen {item.bounding_box()}")
    if toggle.count() and toggle.is_visible():
        problems += [f"menu: {small}" for small in page.evaluate(SMALL_TARGETS, MIN_TAP)]
        toggle.click()
        page.wait_for_selector("#mainnav.collapse:not(.show)", state="attached")  # closed again
    return problems


def test_every_page_for_the_roles_that_open_it_passes_axe_fits_the_screen_and_keeps_logout_in_reach(
    browser, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    world = build_world()
    findings = Findings()
    kinds: dict[str, str] = {}
    by_role = _assignments(pages())
    assert set(by_role) == set(ROLE_ORDER), "every role opens pages"

    for role, assigned in by_role.items():
        state = _log_in(browser, live_server, world.users.get(role))
        laptop = browser.new_context(storage_state=state, locale="vi-VN", **LAPTOP).new_page()
        phone = browser.new_context(storage_state=state, locale="vi-VN", **PHONE).new_page()
        menus_checked = False
        for page, primary in assigned:
            url = live_server.url + page.url(world)
            if page.label not in kinds:  # downloads and JSON answers are no pages: once per route is enough
                kinds[page.label] = laptop.context.request.get(url).headers.get("content-type", "").split(";")[0]
            if kinds[page.label] != "text/html":
                findings.checked.add(f"{page.label} ({kinds[page.label]}: not a page)")
                continue
            where = f"{page.label} as {role}"
            findings.checked.add(page.label)

            response = laptop.goto(url)
            findings.add(where, None if response.ok else f"answered {response.status}")
            findings.add(f"{where} at 1093×700", laptop.evaluate(SIDEWAYS))
            findings.add(f"{where} at 1093×700", _axe(laptop, live_server))

            phone.set_viewport_size(PHONE["viewport"])
            phone.goto(url)
            findings.add(f"{where} at 360×640", phone.evaluate(SIDEWAYS))
            findings.add(f"{where} at 360×640", [f"tap target {t}" for t in phone.evaluate(SMALL_TARGETS, MIN_TAP)])
            if primary:
                findings.add(f"{where} at 360×640", _axe(phone, live_server))
            phone.set_viewport_size(TALL_PHONE)
            findings.add(f"{where} at 390×844", phone.evaluate(SIDEWAYS))

            if not menus_checked:  # the menu is the same on every page of a role: once per screen
                menus_checked = True
                findings.add(f"menu of {role} at 1093×700", _menu_problems(laptop, role))
                findings.add(f"menu of {role} at 390×844", _menu_problems(phone, role))
                phone.set_viewport_size(PHONE["viewport"])
                findings.add(f"menu of {role} at 360×640", _menu_problems(phone, role))
        laptop.context.close()
        phone.context.close()

    pages_seen = {label for label in findings.checked if "not a page" not in label}
    assert len(pages_seen) >= 35, sorted(findings.checked)
    assert not findings.problems, "\n".join(findings.problems)


# --- Signing on a phone ---------------------------------------------------------------------------------
LONG_ITEMS = [
    {
        "title": f"Nội dung {n}",
        "body": "Đẩy mạnh công tác tuyên truyền, nhân rộng các mô hình hay, cách làm hiệu quả; " * 12,
        "targets": [{"indicator": f"Chỉ tiêu {n}", "unit_of_measure": "mô hình", "target_value": "1500"}],
    }
    for n in range(1, 9)
]


def test_a_leader_signs_on_a_phone_after_a_wrong_password_and_sees_the_message_without_scrolling(
    browser, live_server, transactional_db
):
    group, units = make_group_year(year=2025, size=3)
    pledge = make_open_pledge(group, 2025, items=LONG_ITEMS)
    leader = leader_of(units[1])
    state = _log_in(browser, live_server, leader)
    page = browser.new_context(storage_state=state, locale="vi-VN", **PHONE).new_page()

    page.goto(f"{live_server.url}/giao-uoc/{pledge.pk}/")
    page.get_by_test_id("sign-link").tap()
    # The signer's task comes first: what is signed, the fingerprint and the form, the full text a tap away.
    task = page.get_by_test_id("sign-task")
    expect(task.get_by_test_id("signing-unit")).to_be_in_viewport()
    expect(task.get_by_test_id("fingerprint")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollHeight") > 4000  # a long pledge: the text comes after
    page.get_by_test_id("full-text-link").tap()
    expect(page.get_by_role("heading", name="Toàn văn giao ước")).to_be_in_viewport()
    page.get_by_role("link", name="Quay lại phần ký").tap()

    page.get_by_label("Tôi đã đọc toàn bộ nội dung giao ước").tap()
    page.get_by_label("Nhập lại mật khẩu để ký").fill("mat-khau-sai")
    page.get_by_role("button", name="Ký giao ước").tap()
    page.wait_for_load_state()

    errors = page.get_by_test_id("sign-errors")
    expect(errors).to_contain_text("Mật khẩu không đúng.")
    expect(errors).to_be_in_viewport()  # no scrolling: the page opens at the form, the message at its top
    errors.get_by_role("link", name="Mật khẩu không đúng.").tap()  # the message leads to its field
    expect(page.get_by_label("Nhập lại mật khẩu để ký")).to_be_in_viewport()
    assert not PledgeSignature.objects.filter(pledge=pledge).exists()

    page.get_by_label("Nhập lại mật khẩu để ký").fill(PASSWORD)
    page.get_by_role("button", name="Ký giao ước").tap()
    page.wait_for_url(re.compile(rf".*/giao-uoc/{pledge.pk}/(#.*)?$"))
    expect(page.get_by_text("Đã ký thay mặt")).to_be_visible()
    assert PledgeSignature.objects.filter(pledge=pledge, unit=units[1]).exists()


# --- Keyboard -------------------------------------------------------------------------------------------
def test_the_first_tab_reaches_a_skip_link_and_focus_shows_on_the_red_bar(browser, live_server, transactional_db):
    group, units = make_group_year(year=2025, size=3)
    state = _log_in(browser, live_server, leader_of(units[0]))
    page = browser.new_context(storage_state=state, locale="vi-VN", **LAPTOP).new_page()
    page.goto(f"{live_server.url}/")

    page.keyboard.press("Tab")
    skip = page.get_by_test_id("skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert skip.bounding_box()["width"] > 100  # shown when focused, not a 1-pixel box
    page.keyboard.press("Tab")  # the brand link on the red bar: a white ring, 3 px
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [document.activeElement.closest('nav') !== null, s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
    )
    assert ring == [True, "solid", "3px", "rgb(255, 255, 255)"]

    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # the skip link: focus moves past the menu into the main content
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_a_field_shows_a_clear_focus_ring_and_the_login_error_is_announced(browser, live_server, transactional_db):
    page = browser.new_context(locale="vi-VN", **LAPTOP).new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    page.locator("main input[name=username]").focus()
    outline = page.evaluate("() => { const s = getComputedStyle(document.activeElement); return s.outlineWidth; }")
    assert outline == "3px"
    page.fill("main input[name=username]", "khong-co-ai")
    page.fill("main input[name=password]", "sai")
    page.locator("main button[type=submit]").click()
    expect(page.get_by_role("alert")).to_contain_text(re.compile("tên đăng nhập", re.IGNORECASE))


# --- Language and formats -----------------------------------------------------------------------------------
def test_an_english_browser_is_offered_english_and_takes_it(browser, live_server, transactional_db):
    page = browser.new_context(locale="en-US", **PHONE).new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    offer = page.get_by_test_id("language-offer")
    expect(offer).to_have_attribute("lang", "en")
    expect(offer).to_be_in_viewport()
    offer.get_by_role("button", name="Switch to English").tap()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    expect(page.get_by_test_id("language-offer")).to_have_count(0)
    expect(page.locator("[data-testid=language-switch] button[value=en]")).to_have_attribute("aria-pressed", "true")


def test_date_fields_read_day_month_year_in_an_english_browser(browser, live_server, transactional_db):
    from tests.factories import ReviewerFactory

    reviewer = ReviewerFactory()
    state = _log_in(browser, live_server, reviewer)
    page = browser.new_context(storage_state=state, locale="en-US", **LAPTOP).new_page()
    page.goto(f"{live_server.url}/phong-trao/them/")
    start = page.locator("#id_start_date")
    expect(start).to_have_attribute("type", "text")
    expect(start).to_have_attribute("placeholder", "nn/tt/nnnn")
    page.fill("#id_title", "Phong trào thi đua “Cả nước chung tay vì người nghèo”")
    page.select_option("#id_authority", index=1)
    page.select_option("#id_kind", index=1)
    start.fill("05/03/2024")
    page.locator("main input[type=submit]").click()
    expect(page.locator("main")).to_contain_text("05/03/2024")
    from emulation.models import Campaign

    assert Campaign.objects.get().start_date.isoformat() == "2024-03-05"


# --- The checks themselves --------------------------------------------------------------------------------
PLANT_FAULTS = """() => {
  const main = document.querySelector("main");
  const field = document.createElement("input");  // no label
  const faint = document.createElement("p");  // text at 1.9:1
  faint.textContent = "Chữ mờ khó đọc";
  faint.style.color = "#bbbbbb";
  const wide = document.createElement("div");  // wider than the phone
  wide.style.width = "900px";
  wide.textContent = "rộng";
  const tiny = document.createElement("button");  // a 16-pixel button
  tiny.textContent = "x";
  Object.assign(tiny.style, {width: "16px", height: "16px", padding: "0", fontSize: "8px"});
  main.append(field, faint, wide, tiny);
}"""


def test_the_page_checks_report_what_they_look_for(browser, live_server, transactional_db):
    """Not vacuous: the login page passes them, and fails them once an unlabelled field, faint text, a block wider
    than the phone and a tiny button are planted in it (through the DOM: the CSP stays on)."""
    page = browser.new_context(locale="vi-VN", **PHONE).new_page()
    page.goto(f"{live_server.url}/dang-nhap/")
    assert (page.evaluate(SIDEWAYS), page.evaluate(SMALL_TARGETS, MIN_TAP), _axe(page, live_server)) == (None, [], [])
    page.evaluate(PLANT_FAULTS)
    assert "px wide in 360 px" in page.evaluate(SIDEWAYS)
    small = page.evaluate(SMALL_TARGETS, MIN_TAP)
    assert 'button "x" 16×16' in small and any(target.startswith('input ""') for target in small)
    found = " ".join(page.evaluate(RUN_AXE, WCAG_TAGS))
    assert "critical label" in found and "serious color-contrast" in found


def test_a_wide_table_scrolls_in_its_own_box_with_a_cue_and_the_filters_fold_on_a_phone(
    browser, live_server, transactional_db
):
    from tests.factories import make_award_world

    world = make_award_world()
    state = _log_in(browser, live_server, world.reviewer)
    page = browser.new_context(storage_state=state, locale="vi-VN", **PHONE).new_page()
    page.goto(f"{live_server.url}/khen-thuong/tham-dinh/")
    filters = page.locator("#filters")
    expect(filters).to_be_hidden()  # eight filters fold under one button
    page.get_by_test_id("filters-toggle").tap()
    expect(filters).to_be_visible()
    expect(page.get_by_label("Tìm kiếm")).to_be_in_viewport()

    page.goto(f"{live_server.url}/khen-thuong/co-cau/")
    box = page.locator(".table-responsive").first
    expect(box).to_have_attribute("role", "region")  # named, focusable: the arrow keys scroll it
    expect(box).to_have_attribute("tabindex", "0")
    expect(box).to_have_attribute("aria-label", "Cơ cấu đối tượng khen thưởng")
    expect(page.locator(".scroll-hint").first).to_be_visible()
    assert page.evaluate(SIDEWAYS) is None  # the page itself does not move sideways
    box.focus()
    page.keyboard.press("ArrowRight")
    # polled from here: Playwright's own polling evaluates a string, which the page's CSP (no unsafe-eval) refuses
    for _ in range(50):
        if page.evaluate("document.querySelector('.table-responsive').scrollLeft") > 0:
            break
        page.wait_for_timeout(100)
    else:
        pytest.fail("the arrow key did not scroll the table's box")

    wide = browser.new_context(storage_state=state, locale="vi-VN", viewport={"width": 1400, "height": 800})
    desk = wide.new_page()
    desk.goto(f"{live_server.url}/khen-thuong/co-cau/")
    expect(desk.locator(".table-responsive").first).not_to_have_attribute("tabindex", "0")  # fits: a plain box
    expect(desk.locator(".scroll-hint").first).to_be_hidden()
