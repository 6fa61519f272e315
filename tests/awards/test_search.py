"""Award-history search: every word of the query in the person's name, the person's unit's name, the
collective's name, the award's name or the decision number, accent-insensitive.

The selector looks the matching people up first and combines index scans in several ways depending on the
words (all through the person, some on the decision number, words in an award's name, many words); these
tests compare what it finds with the definition applied to every record in Python, and the page with it.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import AwardRecord, Proposal
from awards.selectors import records as record_selectors
from clusters.models import Person, Unit, UnitKind
from clusters.search import fold
from tests.factories import (
    AdminFactory,
    AwardRecordFactory,
    BoardFactory,
    PersonFactory,
    ProposalFactory,
    ReviewerFactory,
    StaffFactory,
    UnitFactory,
    award_type,
)

pytestmark = pytest.mark.django_db


def _central_reviewer():
    """A reviewer at the central board, whose jurisdiction is every unit (another board reads its province's)."""
    return ReviewerFactory(unit=BoardFactory(kind=UnitKind.CENTRAL, name="Ban Thi đua - Khen thưởng Trung ương"))


@pytest.fixture
def records():
    van_phong = UnitFactory(name="Văn phòng UBND tỉnh Hà Nam")
    so_y_te = UnitFactory(name="Sở Y tế tỉnh Ninh Bình")
    truong = UnitFactory(name="Trường THPT Nguyễn Văn Cừ", parent=so_y_te)
    people = [
        PersonFactory(full_name="Nguyễn Văn An", unit=so_y_te),
        PersonFactory(full_name="Nguyễn Thị Hoa", unit=van_phong),  # "van" only through the unit
        PersonFactory(full_name="Trần Văn Bình", unit=so_y_te),  # "van", no "nguyen"
        PersonFactory(full_name="Lê Thị Nguyên", unit=so_y_te),  # "nguyen", no "van"
        PersonFactory(full_name="Phạm Minh Tuấn", unit=van_phong),
    ]
    for i, person in enumerate(people):
        AwardRecordFactory(nominee_person=person, decision_number=f"{i}/QĐ-UBND", award_type=award_type("CSTD_CO_SO"))
    AwardRecordFactory(nominee_person=people[2], year=2022, decision_number="15/QĐ-Nguyễn")  # "nguyen" on the decision
    AwardRecordFactory(nominee_person=None, nominee_unit=truong, decision_number="7/QĐ-UBND")  # a collective
    AwardRecordFactory(nominee_person=None, nominee_unit=van_phong, decision_number="8/QĐ-Văn")
    return AwardRecord.objects.all()


def _asking(**params):
    return RequestFactory().get(reverse("awards:record_list"), params)


def _reference(query: str) -> set[int]:
    """The definition, applied to every record in Python."""
    found = set()
    for record in AwardRecord.objects.select_related("nominee_person__unit", "nominee_unit", "award_type"):
        fields = [record.award_type.name, record.decision_number]
        if record.nominee_person_id:
            fields += [record.nominee_person.full_name, record.nominee_person.unit.name]
        else:
            fields.append(record.nominee_unit.name)
        folded = [fold(field) for field in fields]
        if all(any(word in field for field in folded) for word in fold(query).split()):
            found.add(record.pk)
    return found


QUERIES = [
    "nguyen van",  # both in the name, or one in the name and one in the unit's name, or in the decision
    "Nguyễn Văn",
    "van",
    "nguyen ninh binh",
    "van ha nam",
    "tuan ubnd",  # the name and the decision number
    "truong nguyen van cu",  # a collective's name (four words)
    "chien si nguyen",  # an award's name and the person's name
    "tien tien van",
    "xyzzy",
    "nguyen thi hoa van phong",
]


@pytest.mark.parametrize("query", QUERIES)
def test_the_search_finds_exactly_the_records_every_word_matches(records, query):
    expected = _reference(query)
    records = record_selectors.award_records(query=query)
    assert set(records.values_list("pk", flat=True)) == expected
    in_order = list(records.values_list("pk", flat=True))
    pages = [record_selectors.search_page(records, _asking(page=number), 3) for number in (1, 2, 3, 4, 5)]
    assert pages[0].paginator.count == len(expected)
    shown = [record.pk for page in pages[: pages[0].paginator.num_pages] for record in page]
    assert shown == in_order


def test_a_search_matching_more_than_can_be_sorted_here_is_paged_by_the_database(records, monkeypatch):
    monkeypatch.setattr(record_selectors, "SORT_AFTER_SEARCH_UP_TO", 2)
    records = record_selectors.award_records(query="van")
    page = record_selectors.search_page(records, _asking(page=2), 3)
    assert page.paginator.count == len(_reference("van")) > 3
    assert [record.pk for record in page] == list(records.values_list("pk", flat=True)[3:6])


@pytest.mark.parametrize("query", QUERIES)
def test_words_too_common_to_list_their_people_find_the_same_records_when_a_page_walks_them(
    records, query, monkeypatch
):
    """`walk=True` (a page read in the records' order): a word whose people are too many to list is checked on
    each record's person; the records found are the same."""
    monkeypatch.setattr(record_selectors, "_PEOPLE_LIST_LIMIT", 0)  # every word too common
    cache.clear()
    walked = record_selectors.award_records(query=query, walk=True)
    assert "clusters_person" in str(walked.query) or not _reference(query)
    assert list(walked.values_list("pk", flat=True)) == list(
        record_selectors.award_records(query=query).values_list("pk", flat=True)
    )
    assert set(walked.values_list("pk", flat=True)) == _reference(query)


def test_a_search_matching_more_than_the_count_bound_says_more_and_reaches_every_record(records, client, settings):
    """Past `SORT_AFTER_SEARCH_UP_TO` matches the database pages them, counted up to `PAGE_COUNT_BOUND`
    ("Hơn … kết quả"), the pages past it reached by the "Sau" links (cursors)."""
    settings.PAGE_SIZE, settings.PAGE_COUNT_BOUND = 2, 2
    expected = AwardRecord.objects.filter(pk__in=_reference("van")).order_by("-year", "-award_type__rank", "id")
    assert len(expected) > 4
    client.force_login(_central_reviewer(), backend="django.contrib.auth.backends.ModelBackend")
    url, shown = reverse("awards:record_list") + "?q=van", []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(record_selectors, "SORT_AFTER_SEARCH_UP_TO", 1)
        for _page in range(len(expected)):
            html = client.get(url).content.decode()
            assert "Hơn 2 kết quả" in html
            shown += [record.decision_number for record in expected if record.decision_number in html]
            after = re.search(r'rel="next" href="([^"]+)"', html)
            if not after:
                break
            url = reverse("awards:record_list") + unescape(after.group(1))
    assert shown == [record.decision_number for record in expected]


def test_the_two_word_search_finds_people_through_their_units_and_decisions(records):
    found = record_selectors.award_records(query="nguyen van")
    assert set(found.values_list("nominee_person__full_name", "decision_number")) == {
        ("Nguyễn Thị Hoa", "1/QĐ-UBND"),  # "van" through her unit, Văn phòng UBND
        ("Nguyễn Văn An", "0/QĐ-UBND"),
        ("Trần Văn Bình", "15/QĐ-Nguyễn"),  # "nguyen" on the decision; not his other record
        (None, "7/QĐ-UBND"),  # the collective Trường THPT Nguyễn Văn Cừ
    }


def test_the_search_page_lists_the_matching_records_in_order(records, client):
    client.force_login(_central_reviewer(), backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(reverse("awards:record_list") + "?q=nguyen+van").content.decode()
    expected = _reference("nguyen van")
    assert f"{len(expected)} kết quả" in html
    ordered = AwardRecord.objects.filter(pk__in=expected).order_by("-year", "-award_type__rank", "id")
    shown = [record.decision_number for record in ordered]
    positions = [html.index(number) for number in shown]
    assert positions == sorted(positions)
    assert "Phạm Minh Tuấn" not in html and "Lê Thị Nguyên" not in html


# --- The search's matches are cached until award records, people, units or award types change --------------
def _search(client, user, query: str) -> str:
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("awards:record_list"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def searches(monkeypatch):
    """The searches actually run (the cache did not have the answer)."""
    calls = []
    compute = record_selectors._record_search

    def counting(query, **kwargs):
        calls.append(query)
        return compute(query, **kwargs)

    monkeypatch.setattr(record_selectors, "_record_search", counting)
    return calls


def test_the_same_search_again_is_answered_from_the_cache(records, client, searches):
    reviewer = _central_reviewer()
    _search(client, reviewer, "nguyen van")
    again = _search(client, reviewer, "nguyen van")
    assert searches == ["nguyen van"]
    assert "Nguyễn Văn An" in again and "4 kết quả" in again


def test_a_new_matching_record_shows_on_the_next_search(records, client, searches, django_capture_on_commit_callbacks):
    reviewer = _central_reviewer()
    assert "Nguyễn Văn Mới" not in _search(client, reviewer, "nguyen van")
    with django_capture_on_commit_callbacks(execute=True):
        AwardRecordFactory(nominee_person=PersonFactory(full_name="Nguyễn Văn Mới"), decision_number="99/QĐ-UBND")
    html = _search(client, reviewer, "nguyen van")
    assert "Nguyễn Văn Mới" in html and "5 kết quả" in html
    assert len(searches) == 2


def test_a_renamed_person_is_found_under_the_new_name(records, client, django_capture_on_commit_callbacks):
    reviewer = _central_reviewer()
    assert "Phạm Minh Tuấn" not in _search(client, reviewer, "nguyen van")
    with django_capture_on_commit_callbacks(execute=True):
        person = Person.objects.get(full_name="Phạm Minh Tuấn")
        person.full_name = "Phạm Nguyễn Tuấn"
        person.save()
    assert "Phạm Nguyễn Tuấn" in _search(client, reviewer, "nguyen van")  # "van" through Văn phòng


def test_a_units_staff_do_not_get_a_reviewers_cached_matches(records, client):
    reviewer = _central_reviewer()
    assert "Nguyễn Văn An" in _search(client, reviewer, "nguyen van")
    staff = StaffFactory(unit=Unit.objects.get(name="Văn phòng UBND tỉnh Hà Nam"))
    html = _search(client, staff, "nguyen van")
    assert "Nguyễn Thị Hoa" in html and "Nguyễn Văn An" not in html


def test_a_provincial_boards_search_finds_only_its_provinces_records_and_shares_no_cached_matches(records, client):
    central = _central_reviewer()
    assert "Nguyễn Thị Hoa" in _search(client, central, "nguyen van")  # the central board's matches are cached
    ninh_binh = Unit.objects.get(name="Sở Y tế tỉnh Ninh Bình")
    province = UnitFactory(name="Tỉnh Ninh Bình")
    Unit.objects.filter(pk=ninh_binh.pk).update(parent=province)
    provincial = ReviewerFactory(unit=BoardFactory(name="Ban Thi đua - Khen thưởng tỉnh Ninh Bình", parent=province))
    html = _search(client, provincial, "nguyen van")
    assert "Nguyễn Văn An" in html and "Trần Văn Bình" in html  # Sở Y tế Ninh Bình's people
    assert "Nguyễn Thị Hoa" not in html  # Văn phòng UBND tỉnh Hà Nam: another province
    assert "7/QĐ-UBND" in html  # the collective Trường THPT Nguyễn Văn Cừ, two levels under the province
    another_board = ReviewerFactory()
    html = _search(client, another_board, "nguyen van")
    assert "Nguyễn Văn An" not in html and "Nguyễn Thị Hoa" not in html


# --- The proposal search reads the nominee's folded name on the proposal (issue 16: migration awards.0022) ----------
def _proposal_search(client, query: str) -> str:
    client.force_login(AdminFactory(), backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("awards:proposal_list"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_the_proposal_list_finds_nominees_typed_without_diacritics_and_follows_renames(client):
    proposal = ProposalFactory(nominee_person=PersonFactory(full_name="Đỗ Thị Hương"))
    other = ProposalFactory(nominee_person=PersonFactory(full_name="Lê Văn Nam"))
    collective = ProposalFactory(nominee_person=None, nominee_unit=UnitFactory(name="Phòng Tổng hợp Đắk Lắk"))
    assert Proposal.objects.get(pk=proposal.pk).nominee_folded == "do thi huong"  # the database folded it
    html = _proposal_search(client, "do thi huong")
    assert "Đỗ Thị Hương" in html and "Lê Văn Nam" not in html
    assert "Phòng Tổng hợp Đắk Lắk" in _proposal_search(client, "tong hop dak lak")
    # the person's and the unit's new names are found, their old ones no longer
    Person.objects.filter(pk=other.nominee_person_id).update(full_name="Lê Văn Định")
    Unit.objects.filter(pk=collective.nominee_unit_id).update(name="Phòng Hành chính Đắk Nông")
    html = _proposal_search(client, "le van dinh")
    assert "Lê Văn Định" in html
    assert "Lê Văn Định" not in _proposal_search(client, "le van nam")
    assert "Phòng Hành chính Đắk Nông" in _proposal_search(client, "hanh chinh dak nong")
    assert "Phòng Hành chính Đắk Nông" not in _proposal_search(client, "tong hop dak lak")
    # a proposal given another nominee follows too
    Proposal.objects.filter(pk=proposal.pk).update(nominee_person=PersonFactory(full_name="Bùi Thị Lan"))
    assert Proposal.objects.get(pk=proposal.pk).nominee_folded == "bui thi lan"


def test_the_proposal_search_does_not_join_every_proposal_with_its_person(client):
    ProposalFactory(nominee_person=PersonFactory(full_name="Nguyễn Văn An"))
    with CaptureQueriesContext(connection) as queries:
        assert "Nguyễn Văn An" in _proposal_search(client, "nguyen van")
    searched = [q["sql"] for q in queries.captured_queries if "awards_proposal" in q["sql"] and "%nguyen%" in q["sql"]]
    assert searched
    assert all('"awards_proposal"."nominee_folded"' in sql for sql in searched)
    assert not any('THIDUA_FOLD("clusters_person"' in sql for sql in searched)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_the_proposal_search_is_answered_by_the_trigram_index_on_the_nominees_folded_name():
    from awards.selectors.proposals import proposal_list

    for n in range(30):
        ProposalFactory(nominee_person=PersonFactory(full_name=f"Trần Văn Thử {n}"))
    proposals = proposal_list(query="nguyen").order_by()
    with connection.cursor() as cursor:
        # no sequential scan, and no walk of a whole btree index either (the planner's other way round a
        # table of 30 rows): what is left to answer the search is the trigram index
        cursor.execute("ANALYZE awards_proposal")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = proposals.explain()
    assert "proposal_nominee_folded_trgm" in plan


def test_a_units_long_name_typed_as_a_search_looks_all_its_words_up_in_one_query(client):
    unit = UnitFactory(name="Đài Phát thanh và Truyền hình tỉnh Quảng Ninh")
    ProposalFactory(proposing_unit=unit, nominee_person=PersonFactory(unit=unit, full_name="Trần Văn Bình"))
    ProposalFactory(nominee_person=PersonFactory(full_name="Lê Thị Hoa"))
    client.force_login(AdminFactory(), backend="django.contrib.auth.backends.ModelBackend")

    def search(query: str) -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("awards:proposal_list"), {"q": query})
        return response.content.decode(), len(queries)

    html, nine_words = search("dai phat thanh va truyen hinh tinh quang ninh")
    assert "Trần Văn Bình" in html and "Lê Thị Hoa" not in html
    html, one_word = search("quang")
    assert "Trần Văn Bình" in html
    assert nine_words == one_word


def test_the_unit_filter_finds_the_units_collectives_those_under_it_and_its_people(records):
    so_y_te = Unit.objects.get(name="Sở Y tế tỉnh Ninh Bình")

    found = record_selectors.award_records(unit_id=so_y_te.pk)

    assert {r.decision_number for r in found} == {"0/QĐ-UBND", "2/QĐ-UBND", "3/QĐ-UBND", "15/QĐ-Nguyễn", "7/QĐ-UBND"}
    assert not record_selectors.award_records(unit_id=UnitFactory().pk).exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_the_unit_filter_reads_the_records_by_their_ids_not_by_walking_the_table(records):
    so_y_te = Unit.objects.get(name="Sở Y tế tỉnh Ninh Bình")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE awards_awardrecord")
        cursor.execute("SET LOCAL enable_seqscan = off")
        # as the API's first page asks (newest first): the records are found by id, not filtered on a walk
        plan = record_selectors.award_records(unit_id=so_y_te.pk).order_by("-id")[:20].explain()
    assert "Index Cond: (id = ANY" in plan, plan
    assert f"parent_id = {so_y_te.pk})" not in plan and f"unit_id = {so_y_te.pk})" not in plan
