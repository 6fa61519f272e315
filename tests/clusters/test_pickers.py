"""Server-side pickers (clusters.pickers): a drop-down lists its rows while they are few, else only the selected
ones, and a search endpoint answers the rest to the signed-in user, within what they read."""

from __future__ import annotations

import re

import pytest
from django.core import signing
from django.urls import reverse

from clusters import pickers
from clusters.forms.tokens import TokenForm
from clusters.forms.units import UnitForm
from clusters.models import Unit, UnitKind
from emulation.forms.campaigns import CampaignForm
from tests.factories import AdminFactory, BoardFactory, CampaignFactory, ProposalFactory, ReviewerFactory, UnitFactory

pytestmark = pytest.mark.django_db

SEARCH = reverse("clusters:picker_search")


def options(html: str) -> list[str]:
    """The values of a rendered select's options."""
    return re.findall(r'<option value="([^"]*)"', html)


def spec_of(html: str) -> str:
    return re.search(r'data-picker="([^"]*)"', html).group(1)


@pytest.fixture
def few(monkeypatch):
    """Pickers list at most 3 rows, so that a handful of units is "many"."""
    monkeypatch.setattr(pickers, "THRESHOLD", 3)


def province_with_board(name: str):
    """A province, its board, and units under the province."""
    province = UnitFactory(name=name)
    board = BoardFactory(parent=province)
    return province, board


def test_under_the_threshold_every_row_is_listed_and_searched_in_the_page():
    units = [UnitFactory(name=f"Sở Nội vụ {i}") for i in range(3)]
    html = str(UnitForm(user=AdminFactory())["parent"])
    assert set(options(html)) >= {"", *(str(unit.pk) for unit in units)}
    assert "data-picker=" not in html and "data-searchable" in html


def test_over_the_threshold_only_the_selected_row_is_listed_with_the_search_endpoint(few):
    units = [UnitFactory(name=f"Sở Nội vụ {i}") for i in range(5)]
    child = UnitFactory(name="Phòng Tổ chức", parent=units[2])
    html = str(UnitForm(instance=child, user=AdminFactory())["parent"])
    assert options(html) == ["", str(units[2].pk)]
    assert "selected>Sở Nội vụ 2</option>" in html
    assert f'data-picker-url="{SEARCH}"' in html and "Gõ ít nhất 2 ký tự để tìm" in html
    assert "data-searchable" not in html


def test_a_multiple_choice_over_the_threshold_lists_its_selected_rows(few):
    units = [UnitFactory(name=f"Sở Tài chính {i}") for i in range(6)]
    campaign = CampaignFactory()
    campaign.units.set([units[1], units[4]])
    html = str(CampaignForm(instance=campaign, user=AdminFactory())["units"])
    assert html.startswith('<select name="units"') and " multiple" in html
    assert sorted(options(html)) == sorted([str(units[1].pk), str(units[4].pk)])


def test_the_endpoint_finds_rows_without_diacritics(client, login, few):
    UnitFactory(name="Tỉnh Đắk Lắk")
    UnitFactory(name="Tỉnh Lạng Sơn")
    for i in range(4):
        UnitFactory(name=f"Sở Y tế {i}")
    admin = AdminFactory()
    spec = spec_of(str(UnitForm(user=admin)["parent"]))
    login(admin)
    found = client.get(SEARCH, {"spec": spec, "q": "dak lak"}).json()
    assert [row["label"] for row in found] == ["Tỉnh Đắk Lắk"]
    assert client.get(SEARCH, {"spec": spec, "q": "xyz khong co"}).json() == []
    assert client.get(SEARCH, {"spec": spec, "q": "s"}).json() == []  # fewer than 2 characters: nothing asked


def test_the_endpoint_finds_people_without_diacritics(client, login):
    from awards.forms.dossiers import DossierLineForm
    from tests.factories import LeaderFactory, PersonFactory

    unit = UnitFactory(name="Sở Giáo dục")
    nguyen = PersonFactory(unit=unit, full_name="Nguyễn Thị Hoa")
    PersonFactory(unit=unit, full_name="Trần Văn Bình")
    PersonFactory(full_name="Nguyễn Văn Khác")  # another unit's
    leader = LeaderFactory(unit=unit)
    form = DossierLineForm(unit=unit)
    spec = pickers.sign("nominees.people", {"unit": unit.pk})
    assert form.fields["nominee_person"].widget.picker  # the line's person is a picker
    login(leader)
    found = client.get(SEARCH, {"spec": spec, "q": "nguyen"}).json()
    assert found == [{"id": nguyen.pk, "label": f"Nguyễn Thị Hoa — Chuyên viên ({unit.short_name})"}]


def test_the_endpoint_answers_at_most_the_results_allowed(client, login, monkeypatch):
    monkeypatch.setattr(pickers, "RESULTS", 5)
    for i in range(8):
        UnitFactory(name=f"Trường Tiểu học số {i}")
    login(AdminFactory())
    found = client.get(SEARCH, {"spec": pickers.sign("units.all", {}), "q": "truong tieu"}).json()
    assert len(found) == 5


def test_another_boards_reviewer_gets_none_of_the_first_boards_units(client, login):
    first, first_board = province_with_board("Tỉnh Quảng Trị")
    UnitFactory(name="Sở Xây dựng Quảng Trị", parent=first, kind=UnitKind.AGENCY)
    second, second_board = province_with_board("Tỉnh Hà Tĩnh")
    UnitFactory(name="Sở Xây dựng Hà Tĩnh", parent=second, kind=UnitKind.AGENCY)
    spec = spec_of_form_units(ReviewerFactory(unit=first_board))
    login(ReviewerFactory(unit=first_board))
    assert [row["label"] for row in client.get(SEARCH, {"spec": spec, "q": "xay dung"}).json()] == [
        "Sở Xây dựng Quảng Trị"
    ]
    login(ReviewerFactory(unit=second_board))  # the same spec, another board: its own units only
    assert [row["label"] for row in client.get(SEARCH, {"spec": spec, "q": "xay dung"}).json()] == [
        "Sở Xây dựng Hà Tĩnh"
    ]


def spec_of_form_units(user) -> str:
    """The spec the campaign form's participants carry (with a threshold of 0: always a picker)."""
    original = pickers.THRESHOLD
    pickers.THRESHOLD = 0
    try:
        return spec_of(str(CampaignForm(user=user)["units"]))
    finally:
        pickers.THRESHOLD = original


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(SEARCH, {"spec": pickers.sign("units.all", {}), "q": "so noi vu"})
    assert response.status_code == 302 and "/dang-nhap/" in response.url


@pytest.mark.parametrize(
    "spec",
    [
        "",
        "not-a-spec",
        signing.dumps({"p": "units.all", "a": {}}, salt="another.salt"),
        pickers.sign("units.all", {}) + "x",
        signing.dumps({"p": "no.such.picker", "a": {}}, salt=pickers.SALT),
    ],
    # fixed ids: a signed value holds the time it was made, and pytest-xdist's workers must collect the same ids
    ids=["empty", "not-signed", "another-salt", "bad-signature", "unknown-picker"],
)
def test_a_tampered_spec_is_refused(client, login, spec):
    UnitFactory(name="Sở Nội vụ")
    login(AdminFactory())
    response = client.get(SEARCH, {"spec": spec, "q": "noi vu"})
    assert response.status_code == 400


def test_a_spec_with_arguments_changed_is_refused(client, login):
    leader_unit = UnitFactory()
    spec = pickers.sign("nominees.people", {"unit": leader_unit.pk})
    signature = spec.rsplit(":", 1)[1]
    login(AdminFactory())
    forged = pickers.sign("nominees.people", {"unit": leader_unit.pk + 1}).rsplit(":", 1)[0] + ":" + signature
    assert client.get(SEARCH, {"spec": forged, "q": "nguyen"}).status_code == 400


def test_a_form_still_refuses_a_hostile_id(few):
    admin = AdminFactory()
    board = BoardFactory()
    for i in range(5):
        UnitFactory(name=f"Sở Công Thương {i}")
    form = TokenForm({"name": "LGSP", "board": board.pk, "role": "staff", "unit": board.pk}, actor=admin)
    assert not form.is_valid()  # a board is not a unit a service account acts for, searched or not
    assert "unit" in form.errors
    assert Unit.objects.filter(pk=board.pk).exists()


def test_the_number_of_queries_of_a_picker_does_not_grow_with_its_rows(few, django_assert_max_num_queries):
    admin = AdminFactory()
    for i in range(30):
        UnitFactory(name=f"Xã Thử {i}")
    form = UnitForm(user=admin)
    with django_assert_max_num_queries(1):  # the bounded count; nothing selected, so no second query
        str(form["parent"])


def test_the_lines_of_a_dossier_count_their_people_once_and_search_them_when_many(few, django_assert_max_num_queries):
    from awards.forms.dossiers import line_formset
    from tests.factories import PersonFactory

    unit = UnitFactory(name="Sở Giáo dục")
    for i in range(5):
        PersonFactory(unit=unit, full_name=f"Nguyễn Văn Giáo {i}")
    with django_assert_max_num_queries(3):  # the collectives (few: counted and listed once), the people counted once
        formset = line_formset(unit=unit)
    with django_assert_max_num_queries(0):  # nothing selected: no line reads a person
        people = [str(line["nominee_person"]) for line in formset.forms]
    assert len(people) == 3
    assert all("data-picker=" in html and options(html) == [""] for html in people)


def test_the_proposal_lists_unit_filter_is_searched_when_the_proposing_units_are_many(client, login, few):
    units = [UnitFactory(name=f"Sở Tài chính {i}") for i in range(5)]
    for unit in units:
        ProposalFactory(proposing_unit=unit)
    login(AdminFactory())
    page = client.get(reverse("awards:proposal_list"), {"unit": units[1].pk}).content.decode()
    select = re.search(r'<select name="unit".*?</select>', page, re.S).group(0)
    assert options(select) == ["", str(units[1].pk)]
    found = client.get(SEARCH, {"spec": spec_of(select), "q": "so tai chinh 3"}).json()
    assert [row["label"] for row in found] == ["Sở Tài chính 3"]


def test_the_review_queues_unit_filter_offers_only_the_units_whose_proposals_the_reviewer_reads(client, login):
    province, board = province_with_board("Tỉnh Lạng Sơn")
    _, other_board = province_with_board("Tỉnh Cao Bằng")
    ours = ProposalFactory(proposing_unit=UnitFactory(name="Sở Y tế Lạng Sơn", parent=province), status="submitted")
    theirs = ProposalFactory(
        proposing_unit=UnitFactory(name="Sở Y tế Cao Bằng", parent=other_board.parent), status="submitted"
    )
    login(ReviewerFactory(unit=board))
    page = client.get(reverse("awards:review_queue"), {"year": 2023}).content.decode()
    select = re.search(r'<select name="unit".*?</select>', page, re.S).group(0)
    assert "Sở Y tế Lạng Sơn" in select and "Sở Y tế Cao Bằng" not in select
    assert str(ours.proposing_unit_id) in options(select)
    assert str(theirs.proposing_unit_id) not in options(select)


def test_the_unit_step_of_entering_an_initiative_is_searched_when_the_units_are_many(client, login, few):
    for i in range(5):
        UnitFactory(name=f"Sở Khoa học và Công nghệ {i}")
    login(AdminFactory())
    page = client.get(reverse("awards:initiative_create")).content.decode()
    select = re.search(r'<select name="don_vi".*?</select>', page, re.S).group(0)
    assert options(select) == [""]
    found = client.get(SEARCH, {"spec": spec_of(select), "q": "khoa hoc va cong nghe 4"}).json()
    assert [row["label"] for row in found] == ["Sở Khoa học và Công nghệ 4"]


def test_the_proposal_lists_group_filter_is_searched_when_the_groups_are_many(client, login, few):
    from tests.factories import GroupFactory

    groups = [GroupFactory(name=f"Cụm thi đua số {i}") for i in range(5)]
    login(AdminFactory())
    page = client.get(reverse("awards:proposal_list"), {"group": groups[3].pk}).content.decode()
    select = re.search(r'<select name="group".*?</select>', page, re.S).group(0)
    assert options(select) == ["", str(groups[3].pk)]
    found = client.get(SEARCH, {"spec": spec_of(select), "q": "cum thi dua so 2"}).json()
    assert [row["label"] for row in found] == ["Cụm thi đua số 2"]
