"""Permission matrix of the organisation pages: each role × each view × own/other unit.

A user of one unit can neither see the people of nor edit another unit's data;
only the board that organises a cluster manages its members.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from clusters.models import MemberRole
from tests.factories import (
    AdminFactory,
    BoardFactory,
    GroupFactory,
    LeaderFactory,
    MembershipFactory,
    PersonFactory,
    ReviewerFactory,
    StaffFactory,
    UnitFactory,
)

ROLES = ["staff_own", "leader_own", "staff_other", "leader_other", "reviewer_organiser", "reviewer_other", "admin"]


@pytest.fixture
def world(db):
    board = BoardFactory(name="Ban Thi đua - Khen thưởng Trung ương")
    group = GroupFactory(name="Cụm thi đua các tỉnh miền núi biên giới phía Bắc", organizer=board)
    own = UnitFactory(name="Tỉnh Lạng Sơn")
    other = UnitFactory(name="Tỉnh Lào Cai")
    MembershipFactory(group=group, unit=own, year=2023, role=MemberRole.CHAIR)
    MembershipFactory(group=group, unit=other, year=2023, role=MemberRole.VICE_CHAIR)
    person = PersonFactory(unit=own, full_name="Hoàng Văn Páo")
    users = {
        "staff_own": StaffFactory(unit=own),
        "leader_own": LeaderFactory(unit=own),
        "staff_other": StaffFactory(unit=other),
        "leader_other": LeaderFactory(unit=other),
        "reviewer_organiser": ReviewerFactory(unit=board),
        "reviewer_other": ReviewerFactory(),
        "admin": AdminFactory(),
    }
    return {"group": group, "own": own, "other": other, "person": person, "users": users}


def _allowed(*roles):
    return {role: (200 if role in roles else 403) for role in ROLES}


EVERYONE = ROLES
MATRIX = [
    # (name, url builder, expected status per role)
    ("group_list", lambda w: reverse("clusters:group_list"), _allowed(*EVERYONE)),
    ("group_year", lambda w: reverse("clusters:group_year", args=[w["group"].pk, 2023]), _allowed(*EVERYONE)),
    (
        "group_create",
        lambda w: reverse("clusters:group_create"),
        _allowed("reviewer_organiser", "reviewer_other", "admin"),
    ),
    (
        "group_update",
        lambda w: reverse("clusters:group_update", args=[w["group"].pk]),
        _allowed("reviewer_organiser", "admin"),
    ),
    (
        "group_members",
        lambda w: reverse("clusters:group_members", args=[w["group"].pk, 2023]),
        _allowed("reviewer_organiser", "admin"),
    ),
    ("unit_list", lambda w: reverse("clusters:unit_list"), _allowed(*EVERYONE)),
    ("unit_detail", lambda w: reverse("clusters:unit_detail", args=[w["own"].pk]), _allowed(*EVERYONE)),
    ("unit_create", lambda w: reverse("clusters:unit_create"), _allowed("admin")),
    (
        "unit_update",
        lambda w: reverse("clusters:unit_update", args=[w["own"].pk]),
        _allowed("staff_own", "leader_own", "admin"),
    ),
    ("person_list", lambda w: reverse("clusters:person_list"), _allowed(*EVERYONE)),
    (
        "person_create",
        lambda w: reverse("clusters:person_create", args=[w["own"].pk]),
        _allowed("staff_own", "leader_own", "admin"),
    ),
    (
        "person_detail",
        lambda w: reverse("clusters:person_detail", args=[w["person"].pk]),
        _allowed("staff_own", "leader_own", "reviewer_organiser", "admin"),  # not another board's reviewer
    ),
    (
        "person_update",
        lambda w: reverse("clusters:person_update", args=[w["person"].pk]),
        _allowed("staff_own", "leader_own", "admin"),
    ),
]  # fmt: skip


@pytest.mark.parametrize("name,url,expected", MATRIX, ids=[row[0] for row in MATRIX])
@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_the_access_the_matrix_gives(world, client, role, name, url, expected):
    client.force_login(world["users"][role])
    response = client.get(url(world))
    assert response.status_code == expected[role], f"{role} on {name}"


@pytest.mark.parametrize("name,url,expected", MATRIX, ids=[row[0] for row in MATRIX])
def test_anonymous_visitors_are_sent_to_the_login_page(world, client, name, url, expected):
    response = client.get(url(world))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_people_of_a_unit_are_listed_only_for_that_unit_reviewers_and_admins(world, client):
    url = reverse("clusters:unit_detail", args=[world["own"].pk])
    client.force_login(world["users"]["staff_other"])
    assert "Hoàng Văn Páo" not in client.get(url).content.decode()
    client.force_login(world["users"]["staff_own"])
    assert "Hoàng Văn Páo" in client.get(url).content.decode()
    client.force_login(world["users"]["reviewer_organiser"])
    assert "Hoàng Văn Páo" in client.get(url).content.decode()


def test_the_people_list_shows_a_unit_its_own_people_and_a_board_those_of_its_groups_only(world, client):
    PersonFactory(unit=world["other"], full_name="Đặng Thị Hoa")
    client.force_login(world["users"]["staff_own"])
    page = client.get(reverse("clusters:person_list")).content.decode()
    assert "Hoàng Văn Páo" in page and "Đặng Thị Hoa" not in page
    client.force_login(world["users"]["reviewer_organiser"])  # both units are members of its cluster
    page = client.get(reverse("clusters:person_list")).content.decode()
    assert "Hoàng Văn Páo" in page and "Đặng Thị Hoa" in page
    client.force_login(world["users"]["reviewer_other"])  # another board: neither is in its jurisdiction
    page = client.get(reverse("clusters:person_list") + "?q=hoang van pao").content.decode()
    assert "Hoàng Văn Páo" not in page and "Đặng Thị Hoa" not in page


def test_a_unit_user_cannot_post_changes_to_another_units_person(world, client):
    client.force_login(world["users"]["staff_other"])
    response = client.post(
        reverse("clusters:person_update", args=[world["person"].pk]),
        {"full_name": "Đổi tên trái phép", "category": "direct_worker", "is_active": "on"},
    )
    assert response.status_code == 403
    world["person"].refresh_from_db()
    assert world["person"].full_name == "Hoàng Văn Páo"


def test_a_reviewer_of_another_board_cannot_set_the_members_of_a_cluster(world, client):
    client.force_login(world["users"]["reviewer_other"])
    response = client.post(
        reverse("clusters:group_members", args=[world["group"].pk, 2024]), {"units": [world["own"].pk]}
    )
    assert response.status_code == 403
    assert not world["group"].memberships.filter(year=2024).exists()


def test_a_reviewer_creates_clusters_only_for_their_own_board(world, client):
    reviewer = world["users"]["reviewer_other"]
    client.force_login(reviewer)
    response = client.post(
        reverse("clusters:group_create"),
        {"kind": "bloc", "name": "Khối thi đua các sở", "organizer": world["group"].organizer_id},
    )
    assert response.status_code == 302
    from clusters.models import EmulationGroup

    assert EmulationGroup.objects.get(name="Khối thi đua các sở").organizer_id == reviewer.unit_id
