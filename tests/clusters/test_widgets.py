"""QuickSelect renders exactly the HTML of Django's Select templates, only faster."""

from __future__ import annotations

import pytest
from django import forms

from awards.forms.proposals import QueueFilterForm
from clusters.models import Unit
from clusters.widgets import SEARCH_LABEL, QuickSelect
from tests.factories import GroupFactory, UnitFactory

pytestmark = pytest.mark.django_db

CHOICES = [
    ("", "Mọi loại"),
    ("a", "Tỉnh <b>Lạng Sơn</b>"),
    ('Nhóm "khác"', [("x", "X"), ("y", "Y & Z")]),
    (3, "Số ba"),
]


@pytest.mark.parametrize("value", [None, "", "a", "x", "3", ["y"]])
@pytest.mark.parametrize(
    "attrs", [{}, {"class": "form-select form-select-sm", "required": True, "disabled": False, "data-x": '"q"'}]
)
def test_quick_select_renders_the_html_of_djangos_select(value, attrs):
    django_html = forms.Select(attrs=attrs, choices=CHOICES).render("kind", value, attrs={"id": "id_kind"})
    quick_html = QuickSelect(attrs=attrs, choices=CHOICES).render("kind", value, attrs={"id": "id_kind"})
    assert quick_html == django_html
    assert "&lt;b&gt;" in quick_html and "<b>" not in quick_html


def test_the_queue_filters_render_as_with_djangos_select():
    units = [UnitFactory(name=f"Sở & Ban <{i}>") for i in range(3)]
    GroupFactory(name='Cụm "số" 1')
    data = {"unit": str(units[1].pk), "status": "submitted"}
    quick = QueueFilterForm(data, units=Unit.objects.order_by("name"))
    plain = QueueFilterForm(data, units=Unit.objects.order_by("name"))
    for field in plain.fields.values():
        if type(field.widget) is QuickSelect:
            field.widget.__class__ = forms.Select
    assert {type(field.widget) for field in quick.fields.values()} >= {QuickSelect}
    for name in ["kind", "award_type", "unit", "status", "eligibility"]:
        assert str(quick[name]) == str(plain[name]), name
    # the group is a picker (clusters.pickers): while the groups are few, the list with the in-page search's attributes
    searchable = f' data-searchable data-search-label="{SEARCH_LABEL}"'
    assert searchable in str(quick["group"])
    assert str(quick["group"]).replace(searchable, "") == str(plain["group"])
    assert f'<option value="{units[1].pk}" selected>Sở &amp; Ban &lt;1&gt;</option>' in str(quick["unit"])


def test_a_model_select_reads_its_choices_with_one_plain_query_not_a_server_side_cursor(
    django_assert_num_queries,
):
    UnitFactory.create_batch(3)
    form = QueueFilterForm(units=Unit.objects.order_by("name"))
    with django_assert_num_queries(1) as captured:
        html = str(form["unit"])
    assert html.count("<option") == 4
    assert "DECLARE" not in captured.captured_queries[0]["sql"]
