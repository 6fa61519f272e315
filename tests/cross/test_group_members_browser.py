"""In a real browser (Debian's chromium): a board's clerk opens next year of a bloc from the year picker, narrows
the candidate units by typing without diacritics, ticks members, and finds only the ticked ones offered as chair and
vice-chair (issue 15 item 4)."""

import pytest
from playwright.sync_api import expect

from clusters.models import Membership, UnitKind
from tests.factories import GroupFactory, ReviewerFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_clerk_sets_a_blocs_members_and_officers_for_a_new_year(page, live_server, login_in_browser):
    province = UnitFactory(name="Tỉnh Bến Tre (thử)")
    board = UnitFactory(kind=UnitKind.BOARD, name="Ban Thi đua - Khen thưởng tỉnh Bến Tre (thử)", parent=province)
    internal = UnitFactory(kind=UnitKind.AGENCY, name="Ban Nội chính Tỉnh ủy Bến Tre (thử)", parent=province)
    finance = UnitFactory(kind=UnitKind.AGENCY, name="Sở Tài chính Bến Tre (thử)", parent=province)
    home = UnitFactory(kind=UnitKind.AGENCY, name="Sở Nội vụ Bến Tre (thử)", parent=province)
    bloc = GroupFactory(name="Khối Thi đua 1 (thử)", kind="bloc", organizer=board)
    login_in_browser(page, ReviewerFactory(unit=board))

    page.goto(f"{live_server.url}/cum-khoi/{bloc.pk}/")
    page.get_by_label("Xem năm").fill("2031")
    page.get_by_role("button", name="Mở năm").click()
    expect(page.locator("h1")).to_contain_text("năm 2031")
    page.get_by_role("link", name="Thành viên và trưởng, phó năm này").click()

    page.get_by_test_id("member-search").fill("noi")  # "Nội chính" and "Nội vụ", not "Tài chính"
    expect(page.get_by_label("Sở Tài chính Bến Tre (thử)")).to_be_hidden()
    page.get_by_label("Ban Nội chính Tỉnh ủy Bến Tre (thử)").check()
    page.get_by_label("Sở Nội vụ Bến Tre (thử)").check()
    page.get_by_test_id("member-search").fill("")
    expect(page.get_by_label("Sở Tài chính Bến Tre (thử)")).to_be_visible()

    chair_options = page.locator("select[name=chair] option:not([hidden])")
    expect(chair_options).to_have_count(3)  # the empty choice and the two ticked units
    page.select_option("select[name=chair]", str(internal.pk))
    page.select_option("select[name=vice_chair]", str(home.pk))
    page.get_by_label("Sở Nội vụ Bến Tre (thử)").uncheck()  # the vice-chair is no member any more: cleared
    expect(page.locator("select[name=vice_chair]")).to_have_value("")
    page.get_by_label("Sở Tài chính Bến Tre (thử)").check()
    page.select_option("select[name=vice_chair]", str(finance.pk))
    page.get_by_role("button", name="Lưu thành viên").click()

    expect(page.locator("main")).to_contain_text("Đã lưu thành viên năm 2031.")
    expect(page.get_by_test_id("chair")).to_have_text("Ban Nội chính Tỉnh ủy Bến Tre (thử)")
    expect(page.get_by_test_id("vice-chair")).to_have_text("Sở Tài chính Bến Tre (thử)")
    assert Membership.objects.filter(group=bloc, year=2031).count() == 2
