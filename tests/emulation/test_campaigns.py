"""Campaigns: list with filters and pagination, detail with adopting pledges, who may create and edit."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters.models import AuditEvent
from emulation.models import Campaign
from emulation.services.campaigns import campaign_create
from tests.factories import (
    CampaignFactory,
    GroupFactory,
    ReviewerFactory,
    StaffFactory,
    make_group_year,
    make_pledge,
)

pytestmark = pytest.mark.django_db


def _titles(response) -> str:
    return response.content.decode()


def test_campaign_list_filters_by_authority_kind_and_year(client, login):
    CampaignFactory(title="Cả nước chung sức xây dựng nông thôn mới", start_date=datetime.date(2011, 9, 20))
    CampaignFactory(
        title="Hưng Yên đẩy mạnh thực hiện Đề án Chuyển đổi số",
        authority="provincial_chairman",
        authority_name="Chủ tịch UBND tỉnh Hưng Yên",
        kind="thematic",
        start_date=datetime.date(2024, 1, 1),
    )
    CampaignFactory(
        title="Cả nước chung tay xóa nhà tạm, nhà dột nát trong năm 2025",
        kind="thematic",
        start_date=datetime.date(2025, 1, 1),
        end_date=datetime.date(2025, 12, 31),
    )
    login(StaffFactory())
    url = reverse("campaigns:list")
    by_authority = _titles(client.get(url, {"authority": "provincial_chairman"}))
    assert "Chuyển đổi số" in by_authority and "nông thôn mới" not in by_authority
    thematic = _titles(client.get(url, {"kind": "thematic"}))
    assert "xóa nhà tạm" in thematic and "nông thôn mới" not in thematic
    in_2023 = _titles(client.get(url, {"year": 2023}))
    assert "nông thôn mới" in in_2023 and "xóa nhà tạm" not in in_2023 and "Chuyển đổi số" not in in_2023


def test_campaign_search_ignores_diacritics(client, login):
    CampaignFactory(title="Vì người nghèo - Không để ai bị bỏ lại phía sau")
    CampaignFactory(title="Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở")
    login(StaffFactory())
    page = _titles(client.get(reverse("campaigns:list"), {"q": "nguoi ngheo"}))
    assert "Vì người nghèo" in page and "văn hóa công sở" not in page


def test_campaign_list_is_paginated(client, login, settings):
    settings.PAGE_SIZE = 2
    for index in range(5):
        CampaignFactory(title=f"Phong trào số {index}")
    login(StaffFactory())
    first = client.get(reverse("campaigns:list"))
    assert len(first.context["page"]) == 2 and first.context["page"].paginator.num_pages == 3
    third = client.get(reverse("campaigns:list"), {"page": 3})
    assert len(third.context["page"]) == 1


def test_campaign_detail_lists_the_pledges_that_adopt_it(client, login):
    campaign = CampaignFactory(title="Cả nước chung sức xây dựng nông thôn mới")
    group, _units = make_group_year(year=2023, size=2)
    make_pledge(group, items=[{"body": "Xây dựng nông thôn mới", "campaign_ids": [campaign.pk]}])
    other, _ = make_group_year(year=2023, size=2)
    make_pledge(other, items=[{"body": "Không gắn phong trào"}])
    login(StaffFactory())
    page = _titles(client.get(campaign.get_absolute_url()))
    assert f"{group.name} — 2023" in page
    assert other.name not in page


def test_a_reviewer_creates_a_campaign_and_it_is_audited(client, login):
    reviewer = ReviewerFactory()
    group = GroupFactory()
    login(reviewer)
    response = client.post(
        reverse("campaigns:create"),
        {
            "title": "Thi đua thực hiện thắng lợi nhiệm vụ phát triển kinh tế - xã hội",
            "authority": "prime_minister",
            "authority_name": "Thủ tướng Chính phủ",
            "kind": "regular",
            "legal_basis": "Chỉ thị số 19/CT-TTg ngày 16/7/2021",
            "start_date": "2021-07-16",
            "end_date": "2025-12-31",
            "goals": "Hoàn thành Kế hoạch 5 năm",
            "groups": [group.pk],
        },
    )
    campaign = Campaign.objects.get()
    assert response.url == campaign.get_absolute_url()
    assert list(campaign.groups.all()) == [group]
    assert AuditEvent.objects.filter(action="campaign.create", target_id=str(campaign.pk), actor=reviewer).exists()


def test_a_campaign_cannot_end_before_it_starts(client, login):
    login(ReviewerFactory())
    response = client.post(
        reverse("campaigns:create"),
        {
            "title": "Phong trào lỗi",
            "authority": "prime_minister",
            "kind": "regular",
            "start_date": "2024-05-01",
            "end_date": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu" in response.content.decode()
    assert not Campaign.objects.exists()


def test_unit_staff_cannot_create_or_edit_campaigns(client, login):
    campaign = CampaignFactory()
    login(StaffFactory())
    assert client.get(reverse("campaigns:create")).status_code == 403
    assert client.post(reverse("campaigns:update", args=[campaign.pk]), {"title": "Đổi"}).status_code == 403
    with pytest.raises(PermissionDenied):  # the service refuses too
        campaign_create(
            actor=StaffFactory(), title="X", authority="group", kind="regular", start_date=datetime.date(2024, 1, 1)
        )
    assert Campaign.objects.count() == 1


def test_a_reviewer_edits_a_campaign(client, login):
    campaign = CampaignFactory(title="Tên cũ")
    login(ReviewerFactory())
    data = {
        "title": "Tên mới",
        "authority": campaign.authority,
        "authority_name": campaign.authority_name,
        "kind": campaign.kind,
        "start_date": "2021-07-16",
        "goals": campaign.goals,
    }
    response = client.post(reverse("campaigns:update", args=[campaign.pk]), data)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.title == "Tên mới"
    assert AuditEvent.objects.filter(action="campaign.update", target_id=str(campaign.pk)).exists()


def test_campaign_list_counts_each_campaigns_adopting_pledges_once_without_joining_every_pledge_item(client, login):
    adopted = CampaignFactory(title="Cả nước chung sức xây dựng nông thôn mới")
    CampaignFactory(title="Phong trào chưa có giao ước nào")
    for _ in range(2):  # two pledges, each with two items linked to the campaign: counted as 2
        group, _units = make_group_year(year=2023, size=2)
        make_pledge(group, items=[{"body": f"Nội dung {n}", "campaign_ids": [adopted.pk]} for n in range(2)])
    login(StaffFactory())
    with CaptureQueriesContext(connection) as queries:
        page = _titles(client.get(reverse("campaigns:list")))
    rows = {row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in page.split("<tr>")[1:] if "</a>" in row}
    assert '<td class="text-end">2</td>' in rows["Cả nước chung sức xây dựng nông thôn mới"]
    assert '<td class="text-end">0</td>' in rows["Phong trào chưa có giao ước nào"]
    listing = [q["sql"] for q in queries if 'FROM "emulation_campaign"' in q["sql"]]
    assert listing and all("GROUP BY 1" not in sql and 'JOIN "clusters_unit"' not in sql for sql in listing)
