"""In a real browser (Debian's chromium): log in, find a cluster without typing diacritics, open it, see its members."""

import pytest
from playwright.sync_api import expect

from clusters.models import MemberRole
from tests.factories import GroupFactory, MembershipFactory, StaffFactory, UnitFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_member_logs_in_finds_the_cluster_and_sees_its_members_and_officers(page, live_server, login_in_browser):
    group = GroupFactory(name="Cụm thi đua các tỉnh miền núi biên giới phía Bắc")
    names = ["Tỉnh Lạng Sơn", "Tỉnh Lào Cai", "Tỉnh Hà Giang", "Tỉnh Cao Bằng"]
    units = [UnitFactory(name=name, short_name=name.removeprefix("Tỉnh ")) for name in names]
    roles = [MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.MEMBER, MemberRole.MEMBER]
    for unit, role in zip(units, roles, strict=True):
        MembershipFactory(group=group, unit=unit, year=2023, role=role)
    GroupFactory(name="Cụm thi đua các tỉnh miền Đông Nam Bộ")

    login_in_browser(page, StaffFactory(unit=units[2]))
    page.get_by_role("link", name="Cụm, khối", exact=True).first.click()
    page.fill("input[name=q]", "bien gioi")
    page.fill("input[name=year]", "2023")
    page.get_by_role("button", name="Lọc").click()
    expect(page.get_by_text("Cụm thi đua các tỉnh miền Đông Nam Bộ")).to_have_count(0)
    page.get_by_role("link", name="Cụm thi đua các tỉnh miền núi biên giới phía Bắc").click()

    expect(page.locator("h1")).to_contain_text("Cụm thi đua các tỉnh miền núi biên giới phía Bắc")
    expect(page.locator("h1")).to_contain_text("2023")
    members = page.get_by_test_id("members")
    for name in names:
        expect(members).to_contain_text(name)
    expect(page.get_by_test_id("chair")).to_have_text("Tỉnh Lạng Sơn")
    expect(page.get_by_test_id("vice-chair")).to_have_text("Tỉnh Lào Cai")
    expect(page.get_by_role("heading", name="4 đơn vị thành viên")).to_be_visible()
