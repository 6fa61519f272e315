"""The API's pages in a browser (issue 20 item 1): the reference page runs Swagger UI from our static files under
the Content-Security-Policy and lists every operation; it and the token pages pass axe and fit a phone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from clusters.models import Role
from clusters.services.tokens import token_create
from tests.cross.test_accessibility_browser import LAPTOP, MIN_TAP, PHONE, SIDEWAYS, SMALL_TARGETS, _axe, _log_in
from tests.factories import BoardAdminFactory, BoardFactory, UnitFactory

pytestmark = [pytest.mark.browser]


def test_the_api_reference_and_the_token_pages_work_under_the_csp_pass_axe_and_fit_a_phone(
    browser, live_server, transactional_db
):
    province = UnitFactory(name="Tỉnh Thử Trình Duyệt")
    board = BoardFactory(parent=province)
    admin = BoardAdminFactory(unit=board)
    token_create(actor=admin, name="LGSP tỉnh Thử", role=Role.REVIEWER)
    state = _log_in(browser, live_server, admin)
    problems, violations = [], []

    def csp_violation(message) -> None:
        if "Content Security" in message.text:
            violations.append(message.text)

    for viewport in (LAPTOP, PHONE):
        context = browser.new_context(storage_state=state, locale="vi-VN", **viewport)
        page = context.new_page()
        page.on("console", csp_violation)
        for name in ("api_docs", "clusters:token_list", "clusters:token_create"):
            page.goto(live_server.url + reverse(name))
            if name == "api_docs":
                page.wait_for_selector(".opblock-summary-path", timeout=20_000)
                paths = page.locator(".opblock-summary-path").all_inner_texts()
                assert any("/api/v1/award-records/" in path for path in paths), paths
                assert len(paths) >= 14, paths
            where = f"{name} at {viewport['viewport']['width']}"
            problems += [f"{where}: {p}" for p in page.evaluate(SIDEWAYS) or []]
            problems += [f"{where}: {p}" for p in _axe(page, live_server)]
            if viewport is PHONE:
                problems += [f"{where}: tap target {t}" for t in page.evaluate(SMALL_TARGETS, MIN_TAP)]
        assert not violations, violations
        context.close()
    assert not problems, "\n".join(problems)
