"""The apps built on the organisation add panels, links and sections to its pages through one registry
(clusters.dashboard), so that the organisation's templates name none of their URLs."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from clusters import dashboard
from clusters.dashboard import Link, Page, register_links, register_section
from tests.factories import AwardRecordFactory, PersonFactory, StaffFactory, make_group_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """The registry as the apps left it, restored after the test."""
    monkeypatch.setattr(dashboard, "_BLOCKS", {page: list(blocks) for page, blocks in dashboard._BLOCKS.items()})


def test_a_groups_year_shows_the_pledge_scoring_ballot_and_report_links_of_that_year(login):
    group, units = make_group_year(year=2023)
    page = login(StaffFactory(unit=units[0])).get(reverse("clusters:group_year", args=[group.pk, 2023]))
    html = page.content.decode()
    pledge = html.split('data-testid="group-year-pledge"')[1].split("</div></div>")[0]
    assert f'href="{reverse("pledges:group_year", args=[group.pk, 2023])}">Giao ước thi đua năm 2023</a>' in pledge
    year_end = html.split('data-testid="group-year-yearend"')[1].split("</div></div>")[0]
    for name, text in [
        ("scoring", "Chấm điểm, xếp hạng"),
        ("ballot", "Bình xét, bỏ phiếu"),
        ("reports", "Báo cáo tổng kết"),
    ]:
        assert f'href="{reverse(f"yearend:{name}", args=[group.pk, 2023])}">{text}</a>' in year_end
    assert html.index("group-year-pledge") < html.index("group-year-yearend")


def test_the_links_speak_english_on_an_english_page(login):
    group, units = make_group_year(year=2023)
    client = login(StaffFactory(unit=units[0]))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        html = client.get(reverse("clusters:group_year", args=[group.pk, 2023])).content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # the request left English active in this thread
    assert "Emulation pledge 2023" in html and "Scoring and ranking" in html and "Deliberation and ballot" in html


def test_the_unit_and_person_pages_show_the_award_history_the_awards_app_adds(login):
    record = AwardRecordFactory()
    person = record.nominee_person
    client = login(StaffFactory(unit=person.unit))
    person_page = client.get(reverse("clusters:person_detail", args=[person.pk])).content.decode()
    history = person_page.split('data-testid="award-history"')[1].split("</table>")[0]
    assert record.award_type.name in history and record.decision_number in history
    unit_page = client.get(reverse("clusters:unit_detail", args=[person.unit.pk])).content.decode()
    assert 'data-testid="award-history"' in unit_page


def test_an_app_adds_a_block_of_links_in_its_order(login, registry):
    register_links(Page.UNIT, testid="unit-extra", links=[Link("Trang thêm", "clusters:unit_update")], order=1)
    register_links(Page.UNIT, testid="unit-extra", links=[Link("Trang thêm", "clusters:unit_update")], order=1)
    group, units = make_group_year()
    html = login(StaffFactory(unit=units[0])).get(reverse("clusters:unit_detail", args=[units[0].pk])).content
    html = html.decode()
    assert html.count('data-testid="unit-extra"') == 1  # registered twice, shown once
    assert f'href="{reverse("clusters:unit_update", args=[units[0].pk])}">Trang thêm</a>' in html
    assert html.index("unit-extra") < html.index("award-history")


def test_an_app_adds_a_section_with_its_own_template_and_context(login, registry, settings, tmp_path):
    (tmp_path / "extra.html").write_text('<p data-testid="extra">{{ greeting }} {{ person.full_name }}</p>')
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]

    def context(template_context, person):
        return {"greeting": "Xin chào", "person": person, "user": template_context["request"].user}

    register_section(Page.PERSON, template="extra.html", context=context)
    person = PersonFactory(full_name="Lê <b>Thị</b> Mai")
    html = login(StaffFactory(unit=person.unit)).get(reverse("clusters:person_detail", args=[person.pk])).content
    assert '<p data-testid="extra">Xin chào Lê &lt;b&gt;Thị&lt;/b&gt; Mai</p>' in html.decode()


def test_the_organisations_templates_name_no_url_of_the_other_apps():
    templates = Path(settings.BASE_DIR) / "templates" / "clusters"
    for path in templates.rglob("*.html"):
        text = path.read_text()
        for namespace in ("awards:", "pledges:", "yearend:", "campaigns:", "awards_tags"):
            assert namespace not in text, f"{path.name} names {namespace}"
