"""A dossier through a board's review steps in the browser (issue 18 item 2): the clerk receives and assigns it,
the specialist concludes, the head and the leader approve; the dossier's page shows who held it."""

from __future__ import annotations

import pytest

from tests.awards.test_review_steps import _board, sent_up
from tests.factories import UnitFactory, make_award_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_dossier_goes_through_clerk_specialist_head_and_leader(page, live_server, login_in_browser):
    world = make_award_world()
    world.finance = UnitFactory(name="Sở Tài chính tỉnh Lạng Sơn (thử)", parent=world.lang_son)
    _board(world)
    proposal = sent_up(world.finance)

    def as_user(user, inbox):
        page.context.clear_cookies()
        login_in_browser(page, user)
        page.goto(f"{live_server.url}/khen-thuong/tham-dinh/hop-thu/{inbox}/")
        page.get_by_role("link", name="Đinh Thị Hoa").click()

    as_user(world.clerk, "tiep-nhan")
    page.get_by_role("button", name="Tiếp nhận hồ sơ").click()
    page.get_by_text("Đã tiếp nhận hồ sơ.").wait_for()
    page.get_by_label("Chuyên viên").select_option(label="Nông Văn Chuyên")
    page.get_by_role("button", name="Phân công", exact=True).click()
    page.get_by_text("Đã phân công cho Nông Văn Chuyên.").wait_for()

    as_user(world.specialist, "chuyen-vien")
    page.get_by_label("Đủ điều kiện", exact=True).check()
    page.get_by_label("Ý kiến thẩm định").fill("Hồ sơ đầy đủ, đạt các điều kiện.")
    page.get_by_role("button", name="Ghi kết luận").click()
    page.get_by_text("Đã ghi kết luận thẩm định.").wait_for()

    as_user(world.head, "truong-phong")
    page.get_by_role("button", name="Duyệt", exact=True).click()
    page.get_by_text("Đã duyệt.").wait_for()

    as_user(world.chief, "lanh-dao")
    page.get_by_role("button", name="Duyệt", exact=True).click()
    page.get_by_text("Đã duyệt.").wait_for()

    page.goto(f"{live_server.url}{proposal.get_absolute_url()}")
    assert page.get_by_text("Đã thẩm định, đồng ý").first.is_visible()
    timeline = page.get_by_test_id("review-timeline").inner_text()
    for name in ("Hoàng Thị Văn", "Nông Văn Chuyên", "Vi Văn Trưởng", "Hà Đức Lãnh"):
        assert name in timeline
