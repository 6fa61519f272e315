"""The demo data: the South-East cluster's 2023 pledge from seed 000 and the seeds' campaigns."""

from __future__ import annotations

import pytest

from clusters.demo import accounts as organisation_demo
from emulation.demo import pledges as demo
from emulation.demo import signing as signing_demo
from emulation.models import Campaign, Pledge, PledgeStatus
from emulation.services.signing import pledge_verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def south_east_pledge():
    organisation_demo.load_demo()
    demo.load_demo()
    return Pledge.objects.get(group__name=demo.SOUTH_EAST, year=2023)


def test_the_demo_pledge_has_the_eight_items_of_seed_000_and_is_open_for_its_seven_members(south_east_pledge):
    pledge = south_east_pledge
    assert pledge.status == PledgeStatus.OPEN
    assert [item.ordinal for item in pledge.items.order_by("number")] == [
        "Thứ nhất",
        "Thứ hai",
        "Thứ ba",
        "Thứ tư",
        "Thứ năm",
        "Thứ sáu",
        "Thứ bảy",
        "Thứ tám",
    ]
    assert "Lời kêu gọi thi đua ái quốc" in pledge.items.get(number=8).body
    assert pledge.group.memberships.filter(year=2023).count() == 7
    assert pledge.criteria.filter(kind="bonus").exists() and pledge.criteria.filter(kind="penalty").exists()
    assert pledge.items.get(number=3).campaigns.filter(title="Cả nước chung sức xây dựng nông thôn mới").exists()


def test_loading_the_demo_twice_changes_nothing(south_east_pledge):
    campaigns = Campaign.objects.count()
    demo.load_demo()
    assert Campaign.objects.count() == campaigns
    assert Pledge.objects.count() == 1 and Pledge.objects.get().version == 1


def test_the_seven_demo_leaders_sign_the_demo_pledge_chair_last_and_it_verifies(south_east_pledge):
    pledge = signing_demo.sign_for_demo(south_east_pledge)
    assert pledge.status == PledgeStatus.SIGNED
    chair = pledge.signatures.get(is_chair=True)
    assert chair.unit.short_name == "Bình Phước"
    assert pledge.signatures.count() == 7
    assert pledge_verify(pledge=pledge).intact
