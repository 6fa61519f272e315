"""Yearly performance ratings (issue 21): entered by the person's unit, read by the reviewers of its boards,
imported from Excel with a preview, audited, and read by the standards that name a rating; and the page of
every rule set's conditions."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from awards.forms.ratings import RATINGS_PER_PAGE
from awards.models import PerformanceRating, RatingLevel
from awards.services.proposals import proposal_create
from awards.services.ratings import ratings_save
from clusters.models import AuditEvent
from tests.cross.test_concurrency import CONFLICT, form_data, signed_in
from tests.factories import BoardFactory, PersonFactory, ReviewerFactory, make_award_world, rate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world():
    return make_award_world()


def page(world, year=2023, unit=None):
    return reverse("awards:rating_unit", args=[(unit or world.lang_son).pk, year])


def xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- The service --------------------------------------------------------------------------------------------
def test_the_unit_sets_changes_and_removes_ratings_each_change_audited(world):
    mai, pao = PersonFactory(unit=world.lang_son), PersonFactory(unit=world.lang_son)
    changed = ratings_save(
        actor=world.staff, unit=world.lang_son, year=2023,
        entries={mai.pk: (RatingLevel.EXCELLENT, "Dẫn đầu khối"), pao.pk: (RatingLevel.GOOD, "")},
    )  # fmt: skip
    assert changed == 2
    assert ratings_save(actor=world.staff, unit=world.lang_son, year=2023,
                        entries={mai.pk: (RatingLevel.EXCELLENT, "Dẫn đầu khối")}) == 0  # fmt: skip
    ratings_save(actor=world.leader, unit=world.lang_son, year=2023, entries={pao.pk: ("", "")})
    assert dict(PerformanceRating.objects.values_list("person_id", "level")) == {mai.pk: RatingLevel.EXCELLENT}
    audits = AuditEvent.objects.filter(action="performance_rating.set").order_by("pk")
    assert audits.count() == 3
    assert audits.last().summary.endswith("2023: bỏ xếp loại")
    assert {a.unit_id for a in audits} == {world.lang_son.pk}


def test_another_unit_or_a_reviewer_cannot_enter_ratings(world):
    person = PersonFactory(unit=world.lang_son)
    for actor in (world.other_staff, world.reviewer):
        with pytest.raises(PermissionDenied):
            ratings_save(actor=actor, unit=world.lang_son, year=2023, entries={person.pk: (RatingLevel.GOOD, "")})
    outsider = PersonFactory(unit=world.ha_giang)
    with pytest.raises(ValidationError):
        ratings_save(actor=world.staff, unit=world.lang_son, year=2023, entries={outsider.pk: (RatingLevel.GOOD, "")})
    assert not PerformanceRating.objects.exists()


def test_a_new_rating_re_evaluates_the_live_proposals_that_read_it(world):
    person = PersonFactory(unit=world.lang_son)
    proposal = proposal_create(
        actor=world.staff, proposing_unit=world.lang_son, award_type_code="LAO_DONG_TIEN_TIEN", year=2023,
        nominee_person=person, proposal_date=datetime.date(2024, 3, 5),
    )  # fmt: skip
    assert proposal.eligibility_status == "unknown"
    ratings_save(actor=world.staff, unit=world.lang_son, year=2023, entries={person.pk: (RatingLevel.GOOD, "")})
    proposal.refresh_from_db()
    assert proposal.eligibility_status == "passed"


# --- The pages -------------------------------------------------------------------------------------------------
def test_staff_enter_ratings_on_their_units_page(world, login):
    person = PersonFactory(unit=world.lang_son, full_name="Lường Thị Mai")
    client = login(world.staff)
    assert client.get(reverse("awards:rating_index")).url == page(world, datetime.date.today().year - 1)
    html = client.get(page(world)).content.decode()
    assert "Lường Thị Mai" in html and "Hoàn thành xuất sắc nhiệm vụ" in html
    response = client.post(page(world), {f"level_{person.pk}": "excellent", f"note_{person.pk}": "Sáng kiến"})
    assert response.status_code == 302
    assert PerformanceRating.objects.get(person=person, year=2023).level == RatingLevel.EXCELLENT


def test_reviewers_of_the_units_boards_read_but_do_not_write(world, login):
    person = PersonFactory(unit=world.lang_son)
    rate(person, RatingLevel.GOOD, 2023)
    for reviewer in (world.reviewer, world.province_reviewer):  # the central board; the province's board
        client = login(reviewer)
        response = client.get(page(world))
        assert response.status_code == 200
        assert "Hoàn thành tốt nhiệm vụ" in response.content.decode()
        assert client.post(page(world), {f"level_{person.pk}": "completed"}).status_code == 403
    stranger = ReviewerFactory(unit=BoardFactory(name="Ban Thi đua - Khen thưởng tỉnh khác"))
    assert login(stranger).get(page(world)).status_code == 403
    assert login(world.other_staff).get(page(world)).status_code == 403
    assert PerformanceRating.objects.get(person=person).level == RatingLevel.GOOD


def test_the_excel_file_round_trips_through_the_preview_and_the_confirmation(world, login):
    mai = PersonFactory(unit=world.lang_son, full_name="Lường Thị Mai")
    pao = PersonFactory(unit=world.lang_son, full_name="Hoàng Văn Páo")
    rate(pao, RatingLevel.COMPLETED, 2023)
    client = login(world.staff)
    template = load_workbook(io.BytesIO(client.get(page(world), {"format": "xlsx"}).content)).active
    assert [c.value for c in template[1]] == ["Họ và tên", "Xếp loại", "Ghi chú"]
    assert ["Hoàng Văn Páo", "Hoàn thành nhiệm vụ"] in [[c.value for c in row][:2] for row in template.iter_rows()]

    url = reverse("awards:rating_import", args=[world.lang_son.pk, 2023])
    content = xlsx([["Họ và tên", "Xếp loại", "Ghi chú"], ["luong thi mai", "hoan thanh xuat sac", ""],
                    ["Hoàng Văn Páo", "Hoàn thành tốt nhiệm vụ", "Đã sửa"]])  # fmt: skip
    preview = client.post(url, {"file": SimpleUploadedFile("xep-loai.xlsx", content)})
    assert "2 dòng hợp lệ" in preview.content.decode()
    assert not PerformanceRating.objects.filter(person=mai).exists()  # nothing saved before the confirmation
    client.post(reverse("awards:rating_import_confirm", args=[world.lang_son.pk, 2023]))
    assert dict(PerformanceRating.objects.filter(year=2023).values_list("person_id", "level")) == {
        mai.pk: RatingLevel.EXCELLENT,
        pao.pk: RatingLevel.GOOD,
    }


def test_the_import_preview_names_each_bad_row_and_saves_nothing(world, login):
    PersonFactory(unit=world.lang_son, full_name="Lường Thị Mai")
    client = login(world.staff)
    url = reverse("awards:rating_import", args=[world.lang_son.pk, 2023])
    content = xlsx([["Họ và tên", "Xếp loại"], ["Người Lạ", "Hoàn thành tốt nhiệm vụ"], ["Lường Thị Mai", "Giỏi"]])
    html = client.post(url, {"file": SimpleUploadedFile("xep-loai.xlsx", content)}).content.decode()
    assert "Không tìm thấy «Người Lạ»" in html and "Xếp loại «Giỏi» không hợp lệ." in html
    client.post(reverse("awards:rating_import_confirm", args=[world.lang_son.pk, 2023]))
    assert not PerformanceRating.objects.exists()


# --- One page at a time (issue 16: a unit of thousands of people was one form of thousands of selects) ----------
GIVEN = ["An", "Ánh", "Bình", "Cúc", "Dũng", "Đào", "Giang", "Hà", "Hải", "Khánh", "Lan", "Mai", "Nam", "Oanh"]


def crowd(unit, n: int) -> list:
    """`n` people of `unit`, named so that Vietnamese order (by given name, Á with A and Đ after D, then by the
    whole name) is not the order they were added in; returned in Vietnamese order."""
    people = [PersonFactory(unit=unit, full_name=f"Trần {i:03d} {GIVEN[i % len(GIVEN)]}") for i in range(n)]
    return sorted(people, key=lambda p: (GIVEN.index(p.given_name), p.full_name))


def names_on(html: str, people) -> list[str]:
    return [p.full_name for p in sorted(people, key=lambda p: html.find(p.full_name)) if p.full_name in html]


def test_the_form_shows_one_page_of_people_in_name_order_and_every_person_is_reachable(world, login):
    people = crowd(world.lang_son, RATINGS_PER_PAGE + 7)
    client = login(world.staff)
    first = client.get(page(world)).content.decode()
    second = client.get(page(world), {"page": 2}).content.decode()
    assert names_on(first, people) == [p.full_name for p in people[:RATINGS_PER_PAGE]]
    assert names_on(second, people) == [p.full_name for p in people[RATINGS_PER_PAGE:]]
    assert first.count("<select") == RATINGS_PER_PAGE and second.count("<select") == 7
    assert "Trang 1/2" in first and 'rel="next"' in first and "57 kết quả" in first


def test_the_page_still_lists_the_people_the_unit_rated_who_moved_on_or_left_but_not_its_other_leavers(world, login):
    moved = PersonFactory(unit=world.lang_son, full_name="Vi Văn Chuyển")
    left = PersonFactory(unit=world.lang_son, full_name="Hà Thị Nghỉ")
    rate(moved, RatingLevel.GOOD, 2023)
    rate(left, RatingLevel.COMPLETED, 2023)
    moved.unit, left.is_active = world.ha_giang, False
    moved.save()
    left.save()
    PersonFactory(unit=world.lang_son, full_name="Lò Văn Đã Nghỉ", is_active=False)
    html = login(world.staff).get(page(world)).content.decode()
    assert "Vi Văn Chuyển" in html and "Hà Thị Nghỉ" in html and "Lò Văn Đã Nghỉ" not in html


def test_the_search_finds_a_name_with_or_without_its_diacritics_and_keeps_to_the_unit(world, login):
    crowd(world.lang_son, RATINGS_PER_PAGE + 1)
    mai = PersonFactory(unit=world.lang_son, full_name="Lường Thị Mai")
    PersonFactory(unit=world.ha_giang, full_name="Lường Thị Mái")  # another unit's
    client = login(world.staff)
    for query in ("Lường Thị", "luong thi", "LUONG mai"):
        html = client.get(page(world), {"q": query}).content.decode()
        assert "Lường Thị Mai" in html and "Lường Thị Mái" not in html, query
        assert html.count("<select") == 1 and f'name="level_{mai.pk}"' in html
    assert "Không có cá nhân nào phù hợp." in client.get(page(world), {"q": "không có ai"}).content.decode()


def test_saving_page_two_leaves_page_one_as_it_was(world, login):
    people = crowd(world.lang_son, RATINGS_PER_PAGE + 3)
    first_page_person, second_page_person = people[0], people[-1]
    rate(first_page_person, RatingLevel.EXCELLENT, 2023)
    client = login(world.staff)
    url = page(world) + "?page=2"
    data = form_data(client.get(url).content.decode(), "")
    assert f"level_{first_page_person.pk}" not in data
    data[f"level_{second_page_person.pk}"] = ["good"]
    response = client.post(url, data)
    assert response.status_code == 302 and response.url == url  # back on the same page
    assert dict(PerformanceRating.objects.values_list("person_id", "level")) == {
        first_page_person.pk: RatingLevel.EXCELLENT,
        second_page_person.pk: RatingLevel.GOOD,
    }


def test_two_clerks_on_different_pages_both_save_and_on_the_same_page_the_second_is_told(world):
    people = crowd(world.lang_son, RATINGS_PER_PAGE + 3)
    first, second, third = signed_in(world.staff), signed_in(world.leader), signed_in(world.staff)
    url_one, url_two = page(world), page(world) + "?page=2"
    one = form_data(first.get(url_one).content.decode(), "")
    two = form_data(second.get(url_two).content.decode(), "")
    again_one = form_data(third.get(url_one).content.decode(), "")
    one[f"level_{people[0].pk}"] = ["good"]
    two[f"level_{people[-1].pk}"] = ["excellent"]
    assert first.post(url_one, one).status_code == 302
    assert second.post(url_two, two).status_code == 302  # another page: no conflict
    again_one[f"level_{people[0].pk}"] = ["completed"]
    refused = third.post(url_one, again_one)
    assert refused.status_code == 200 and CONFLICT in refused.content.decode()
    assert dict(PerformanceRating.objects.values_list("person_id", "level")) == {
        people[0].pk: RatingLevel.GOOD,
        people[-1].pk: RatingLevel.EXCELLENT,
    }


def test_a_save_covers_the_people_shown_even_if_the_list_moved_in_between(world, login):
    people = crowd(world.lang_son, RATINGS_PER_PAGE)
    client = login(world.staff)
    data = form_data(client.get(page(world)).content.decode(), "")
    newcomer = PersonFactory(unit=world.lang_son, full_name="Trần 000 An")  # first in the order now
    data[f"level_{people[-1].pk}"] = ["good"]  # the last one shown, now on page 2
    assert client.post(page(world), data).status_code == 302
    assert dict(PerformanceRating.objects.values_list("person_id", "level")) == {people[-1].pk: RatingLevel.GOOD}
    assert not PerformanceRating.objects.filter(person=newcomer).exists()


def test_another_units_or_boards_user_neither_reads_nor_saves_a_page_nor_slips_in_an_outsider(world, login):
    people = crowd(world.lang_son, RATINGS_PER_PAGE + 1)
    outsider = PersonFactory(unit=world.ha_giang, full_name="Người Tỉnh Khác")
    stranger = ReviewerFactory(unit=BoardFactory(name="Ban Thi đua - Khen thưởng tỉnh khác"))
    url = page(world) + "?page=2&q=tran"
    for user in (stranger, world.other_staff):
        client = login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"people": str(people[-1].pk), f"level_{people[-1].pk}": "good"}).status_code == 403
    client = login(world.staff)
    data = form_data(client.get(page(world)).content.decode(), "")
    data["people"] = [f"{data['people'][0]} {outsider.pk}"]
    data[f"level_{outsider.pk}"] = ["good"]
    assert client.post(page(world), data).status_code == 302
    assert not PerformanceRating.objects.exists()


def test_the_page_reads_the_same_number_of_queries_however_many_people_the_unit_has(world, login):
    client = login(world.staff)
    counts = []
    for more in (RATINGS_PER_PAGE + 10, 4 * RATINGS_PER_PAGE):
        for person in crowd(world.lang_son, more)[::7]:
            rate(person, RatingLevel.GOOD, 2023)
        client.get(page(world), {"page": 2})
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page(world), {"page": 2, "q": "tran"}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- The law's conditions page ---------------------------------------------------------------------------------
def test_the_rule_page_lists_every_award_types_conditions_with_article_quote_source_and_status(world, login):
    html = login(world.reviewer).get(reverse("awards:rule_list")).content.decode()
    for rule_set in ("nd-98-2023", "nd-152-2025"):
        assert f'data-testid="rule-set-{rule_set}"' in html
    assert "Điều 23, khoản 2" in html and "“hoàn thành xuất sắc nhiệm vụ hoặc có sáng kiến ...”" in html
    assert "Điều 73, khoản 1, điểm b" in html and "Điều 44, khoản 1, điểm e" in html
    assert 'data-testid="not-settled"' in html  # Bằng khen cấp tỉnh, Giấy khen, Tập thể lao động tiên tiến
    assert 'data-testid="rule-unconfirmed"' in html and 'data-testid="rule-confirmed"' in html
    assert "Nghị định 91/2017/NĐ-CP (Điều 45 khoản 8), đã hết hiệu lực" in html
    assert login(world.staff).get(reverse("awards:rule_list")).status_code == 403


def test_the_reviewer_sees_the_quoted_words_beside_each_verdict(world, login):
    person = PersonFactory(unit=world.lang_son)
    rate(person, RatingLevel.GOOD, 2023)
    proposal = proposal_create(
        actor=world.staff, proposing_unit=world.lang_son, award_type_code="LAO_DONG_TIEN_TIEN", year=2023,
        nominee_person=person, proposal_date=datetime.date(2024, 3, 5),
    )  # fmt: skip
    html = login(world.staff).get(proposal.get_absolute_url()).content.decode()
    assert "Điều 24, khoản 1 — Luật Thi đua, khen thưởng số 06/2022/QH15" in html
    assert "“hoàn thành tốt nhiệm vụ trở lên”" in html
