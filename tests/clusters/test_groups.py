"""Who may be a member of a group in a year (issue 14, items 12 and 26): a board enrols only the units in its
jurisdiction (the central board: any), and only units active in that year, named as they were; the database
refuses a membership outside the unit's active years."""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from clusters.models import Membership, Unit, UnitKind
from clusters.selectors.units import in_jurisdiction, units_in_jurisdiction
from clusters.services.groups import membership_set
from tests.factories import GroupFactory, MembershipFactory, ReviewerFactory, UnitFactory

pytestmark = pytest.mark.django_db

MERGER = datetime.date(2025, 7, 1)
BEFORE_MERGER = datetime.date(2025, 6, 30)


@pytest.fixture
def bến_tre():
    """Bến Tre's board with a bloc, Bến Tre's agencies, and another province with its own agency."""
    province = UnitFactory(name="Tỉnh Bến Tre (thử)")
    board = UnitFactory(kind=UnitKind.BOARD, name="Ban Thi đua - Khen thưởng tỉnh Bến Tre (thử)", parent=province)
    own = UnitFactory(kind=UnitKind.AGENCY, name="Ban Nội chính Tỉnh ủy Bến Tre (thử)", parent=province)
    commune = UnitFactory(kind=UnitKind.COMMUNE, name="Xã Phú Túc (thử)", parent=own)
    other_province = UnitFactory(name="Tỉnh Lạng Sơn (thử)")
    foreign = UnitFactory(kind=UnitKind.AGENCY, name="Sở Nội vụ Lạng Sơn (thử)", parent=other_province)
    bloc = GroupFactory(name="Khối Thi đua 1 (thử)", kind="bloc", organizer=board)
    return {
        "board": board, "province": province, "own": own, "commune": commune, "other_province": other_province,
        "foreign": foreign, "bloc": bloc, "reviewer": ReviewerFactory(unit=board),
    }  # fmt: skip


def _offered(client, group, year) -> str:
    response = client.get(reverse("clusters:group_members", args=[group.pk, year]))
    assert response.status_code == 200
    return response.content.decode()


# --- Item 12: jurisdiction --------------------------------------------------------------------------------
def test_a_provincial_boards_jurisdiction_is_its_province_and_everything_under_it(bến_tre):
    units = set(units_in_jurisdiction(bến_tre["board"]))
    assert {bến_tre["province"], bến_tre["own"], bến_tre["commune"]} <= units
    assert bến_tre["other_province"] not in units and bến_tre["foreign"] not in units
    assert in_jurisdiction(bến_tre["board"], bến_tre["commune"])
    assert not in_jurisdiction(bến_tre["board"], bến_tre["foreign"])
    central = UnitFactory(kind=UnitKind.CENTRAL, name="Ban Thi đua - Khen thưởng Trung ương (thử)")
    assert in_jurisdiction(central, bến_tre["foreign"]) and in_jurisdiction(central, bến_tre["commune"])


def test_the_merged_provinces_units_stay_in_the_successors_boards_jurisdiction(bến_tre):
    vinh_long = UnitFactory(name="Tỉnh Vĩnh Long (thử)", active_from=MERGER)
    Unit.objects.filter(pk=bến_tre["province"].pk).update(successor=vinh_long, active_to=BEFORE_MERGER)
    board = UnitFactory(kind=UnitKind.BOARD, name="Ban TĐKT Vĩnh Long (thử)", parent=vinh_long)
    assert in_jurisdiction(board, bến_tre["own"]) and in_jurisdiction(board, bến_tre["province"])
    assert not in_jurisdiction(bến_tre["board"], vinh_long)  # the old board does not reach the new province


def test_the_member_form_offers_only_the_boards_own_units_and_refuses_another_provinces(bến_tre, login):
    client = login(bến_tre["reviewer"])
    page = _offered(client, bến_tre["bloc"], 2024)
    assert f'value="{bến_tre["own"].pk}"' in page and "Ban Nội chính Tỉnh ủy Bến Tre (thử)" in page
    assert "Sở Nội vụ Lạng Sơn (thử)" not in page and "Tỉnh Lạng Sơn (thử)" not in page
    response = client.post(
        reverse("clusters:group_members", args=[bến_tre["bloc"].pk, 2024]),
        {"units": [bến_tre["own"].pk, bến_tre["foreign"].pk], "chair": bến_tre["foreign"].pk},
    )
    assert response.status_code == 200
    assert "không thuộc phạm vi của Ban Thi đua - Khen thưởng tổ chức cụm, khối" in response.content.decode()
    assert not Membership.objects.filter(group=bến_tre["bloc"], year=2024).exists()


def test_the_service_refuses_to_enrol_another_provinces_unit_in_vietnamese(bến_tre):
    with pytest.raises(ValidationError) as refused:
        membership_set(
            actor=bến_tre["reviewer"], group=bến_tre["bloc"], year=2024, units=[bến_tre["own"], bến_tre["foreign"]],
            chair=bến_tre["foreign"],
        )  # fmt: skip
    message = " ".join(refused.value.message_dict["units"])
    assert "Ngoài phạm vi của Ban Thi đua - Khen thưởng tỉnh Bến Tre (thử)" in message
    assert "Sở Nội vụ Lạng Sơn (thử)" in message
    assert not Membership.objects.filter(group=bến_tre["bloc"], year=2024).exists()
    membership_set(actor=bến_tre["reviewer"], group=bến_tre["bloc"], year=2024, units=[bến_tre["own"]],
                   chair=bến_tre["own"])  # fmt: skip
    assert Membership.objects.filter(group=bến_tre["bloc"], year=2024, role="chair").get().unit == bến_tre["own"]


def test_the_central_board_enrols_units_of_any_province(bến_tre, login):
    central = UnitFactory(kind=UnitKind.CENTRAL, name="Ban Thi đua - Khen thưởng Trung ương (thử)")
    cluster = GroupFactory(organizer=central)
    page = _offered(login(ReviewerFactory(unit=central)), cluster, 2024)
    assert "Tỉnh Lạng Sơn (thử)" in page and "Tỉnh Bến Tre (thử)" in page
    assert "Ban Thi đua - Khen thưởng tỉnh Bến Tre (thử)" not in page  # boards are no members
    membership_set(actor=None, group=cluster, year=2024, units=[bến_tre["province"], bến_tre["other_province"]],
                   chair=bến_tre["other_province"])  # fmt: skip
    assert Membership.objects.filter(group=cluster, year=2024).count() == 2


# --- Item 26: units active in the year, named as they were -------------------------------------------------
@pytest.fixture
def gia_lai():
    """The Gia Lai of before the merger (ended 30/06/2025) and the one formed on 1/7/2025, same name."""
    new = UnitFactory(name="Tỉnh Gia Lai", short_name="Gia Lai", active_from=MERGER)
    old = UnitFactory(name="Tỉnh Gia Lai", short_name="Gia Lai", active_to=BEFORE_MERGER, successor=new, code="64")
    central = UnitFactory(kind=UnitKind.CENTRAL, name="Ban Thi đua - Khen thưởng Trung ương (thử)")
    return {
        "new": new,
        "old": old,
        "cluster": GroupFactory(organizer=central),
        "reviewer": ReviewerFactory(unit=central),
    }


def _label_of(page: str, unit: Unit) -> str | None:
    match = re.search(rf'value="{unit.pk}"[^>]*>\s*<label[^>]*>\s*([^<]+?)\s*</label>', page) or re.search(
        rf'<label[^>]*>\s*<input[^>]*value="{unit.pk}"[^>]*>\s*([^<]+?)\s*</label>', page
    )
    return match.group(1) if match else None


def test_the_2023_form_offers_the_gia_lai_of_2023_by_its_plain_name_and_not_the_post_merger_one(gia_lai, login):
    page = _offered(login(gia_lai["reviewer"]), gia_lai["cluster"], 2023)
    assert f'value="{gia_lai["old"].pk}"' in page
    assert f'value="{gia_lai["new"].pk}"' not in page
    assert "Tỉnh Gia Lai (đến 30/06/2025)" not in page and "Tỉnh Gia Lai" in page
    both = _offered(login(gia_lai["reviewer"]), gia_lai["cluster"], 2025)  # the year of the merger: both, told apart
    assert "Tỉnh Gia Lai (đến 30/06/2025)" in both and "Tỉnh Gia Lai (từ 01/07/2025)" in both


def test_the_post_merger_gia_lai_is_refused_as_a_2023_member_and_chair(gia_lai, login):
    client = login(gia_lai["reviewer"])
    response = client.post(
        reverse("clusters:group_members", args=[gia_lai["cluster"].pk, 2023]),
        {"units": [gia_lai["new"].pk], "chair": gia_lai["new"].pk},
    )
    assert response.status_code == 200
    assert "không hoạt động trong năm" in response.content.decode()
    assert not Membership.objects.filter(group=gia_lai["cluster"]).exists()
    with pytest.raises(ValidationError) as refused:
        membership_set(actor=None, group=gia_lai["cluster"], year=2023, units=[gia_lai["new"]], chair=gia_lai["new"])
    assert "Không hoạt động trong năm 2023: Tỉnh Gia Lai." in refused.value.message_dict["units"]
    membership_set(actor=None, group=gia_lai["cluster"], year=2023, units=[gia_lai["old"]], chair=gia_lai["old"])
    assert Membership.objects.get(group=gia_lai["cluster"], year=2023).unit == gia_lai["old"]


def test_the_database_refuses_a_membership_outside_the_units_active_years(gia_lai):
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(group=gia_lai["cluster"], unit=gia_lai["new"], year=2023, role="chair")
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(group=gia_lai["cluster"], unit=gia_lai["old"], year=2026)
    MembershipFactory(group=gia_lai["cluster"], unit=gia_lai["old"], year=2025)  # active until 30/06/2025
    MembershipFactory(group=gia_lai["cluster"], unit=gia_lai["new"], year=2025)
    with pytest.raises(IntegrityError), transaction.atomic():  # nor may a unit's period shrink past its members
        Unit.objects.filter(pk=gia_lai["old"].pk).update(active_to=datetime.date(2024, 12, 31))


# --- Issue 15 item 4: memberships a clerk sets in a minute ---------------------------------------------------
def _members_url(group, year, **params) -> str:
    url = reverse("clusters:group_members", args=[group.pk, year])
    return url + ("?" + urlencode(params) if params else "")


def _listed(page: str) -> set[int]:
    """The units offered as checkboxes (the officer selects aside)."""
    return {int(pk) for pk in re.findall(r'<input[^>]*name="units"[^>]*value="(\d+)"', page)}


def _ticked(page: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'<input[^>]*name="units"[^>]*value="(\d+)"[^>]*checked', page)}


def test_the_group_page_opens_any_year_picked_even_one_without_members(bến_tre, login):
    MembershipFactory(group=bến_tre["bloc"], unit=bến_tre["own"], year=2024, role="chair")
    client = login(bến_tre["reviewer"])
    detail = reverse("clusters:group_detail", args=[bến_tre["bloc"].pk])
    response = client.get(detail, {"nam": "2031"})
    assert response.status_code == 302
    assert response.url == reverse("clusters:group_year", args=[bến_tre["bloc"].pk, 2031])
    page = client.get(response.url).content.decode()
    assert "— năm 2031</span>" in page
    assert "Chưa có thành viên trong năm này." in page
    assert "Năm 2030" in page and "Năm 2032" in page and "Mở năm" in page  # previous, next, and the picker
    assert "Các năm đã có thành viên:" in page and ">2024</a>" in page


def test_the_year_picker_refuses_a_year_outside_1945_to_2100_in_vietnamese(bến_tre, login):
    client = login(bến_tre["reviewer"])
    detail = reverse("clusters:group_detail", args=[bến_tre["bloc"].pk])
    too_early = client.get(detail, {"nam": "1900"})
    assert too_early.status_code == 200
    assert "Năm phải từ 1945 trở về sau." in too_early.content.decode()
    assert "Năm không được sau 2100." in client.get(detail, {"nam": "2101"}).content.decode()
    assert "Năm phải là một số, ví dụ 2025." in client.get(detail, {"nam": "năm ngoái"}).content.decode()
    first = client.get(reverse("clusters:group_year", args=[bến_tre["bloc"].pk, 1945])).content.decode()
    assert "Năm 1944" not in first and "Năm 1946" in first  # no link to a year before 1945


def test_the_member_search_finds_units_without_diacritics_and_keeps_the_ticked_ones(bến_tre, login):
    ward = UnitFactory(kind=UnitKind.AGENCY, name="Sở Tài chính Bến Tre (thử)", parent=bến_tre["province"])
    MembershipFactory(group=bến_tre["bloc"], unit=bến_tre["commune"], year=2024)
    client = login(bến_tre["reviewer"])
    page = client.get(_members_url(bến_tre["bloc"], 2024, q="noi chinh")).content.decode()
    assert _listed(page) == {bến_tre["own"].pk, bến_tre["commune"].pk}  # "Sở Tài chính" is filtered out
    assert _ticked(page) == {bến_tre["commune"].pk}  # the ticked "Xã Phú Túc" is kept, still ticked
    assert 'value="noi chinh"' in page and "Bỏ lọc" in page
    unfiltered = client.get(_members_url(bến_tre["bloc"], 2024)).content.decode()
    assert ward.pk in _listed(unfiltered) and bến_tre["province"].pk in _listed(unfiltered)


def test_copying_last_years_members_ticks_them_and_leaves_out_those_no_longer_offered(bến_tre, login):
    gone = UnitFactory(
        kind=UnitKind.AGENCY,
        name="Sở Cũ Bến Tre (thử)",
        parent=bến_tre["province"],
        active_to=datetime.date(2024, 12, 31),
    )
    MembershipFactory(group=bến_tre["bloc"], unit=bến_tre["own"], year=2024, role="chair")
    MembershipFactory(group=bến_tre["bloc"], unit=gone, year=2024)
    MembershipFactory(group=bến_tre["bloc"], unit=bến_tre["commune"], year=2025)  # this year has one already
    client = login(bến_tre["reviewer"])
    before = client.get(_members_url(bến_tre["bloc"], 2025)).content.decode()
    assert _ticked(before) == {bến_tre["commune"].pk} and "Chép danh sách thành viên năm trước" in before
    page = client.get(_members_url(bến_tre["bloc"], 2025, chep=1)).content.decode()
    assert _ticked(page) == {bến_tre["commune"].pk, bến_tre["own"].pk}
    assert "Đã chép 1 đơn vị thành viên năm 2024" in page
    assert "Không chép được (không hoạt động trong năm 2025 hoặc ngoài phạm vi): Sở Cũ Bến Tre (thử)." in page
    assert Membership.objects.filter(group=bến_tre["bloc"], year=2025).count() == 1  # nothing saved until "Lưu"


def test_copying_from_a_year_without_members_says_so(bến_tre, login):
    page = login(bến_tre["reviewer"]).get(_members_url(bến_tre["bloc"], 2025, chep=1)).content.decode()
    assert "Năm 2024 cụm, khối chưa có đơn vị thành viên nào để chép." in page
    assert _ticked(page) == set()


def test_the_chair_vice_chair_and_standing_agency_must_be_ticked_members(bến_tre, login):
    client = login(bến_tre["reviewer"])
    response = client.post(
        _members_url(bến_tre["bloc"], 2024),
        {"units": [bến_tre["own"].pk], "chair": bến_tre["commune"].pk, "vice_chair": bến_tre["commune"].pk,
         "standing_agency": bến_tre["commune"].pk},
    )  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200
    assert "Đơn vị trưởng phải là thành viên của cụm, khối trong năm." in page
    assert "Đơn vị phó phải là thành viên của cụm, khối trong năm." in page
    assert "Cơ quan thường trực phải là thành viên của khối trong năm." in page
    assert not Membership.objects.filter(group=bến_tre["bloc"], year=2024).exists()
    assert 'data-officers="chair vice_chair standing_agency"' in page  # the script keeps the selects to the ticks
