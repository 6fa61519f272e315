"""Who may be a member of a group in a year (issue 14, items 12 and 26): a board enrols only the units in its
jurisdiction (the central board: any), and only units active in that year, named as they were; the database
refuses a membership outside the unit's active years."""

import datetime
import re

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
