"""The reviewer's scope (awards.selectors.workflow.reviewer_scope) is looked up once per request and never
kept beyond it: a group the board starts organising brings its proposals into the queue on the next request.
The scope follows the award type's authority (issue 14 item 12, issue 18 item 3): a provincial board never reviews
a national award of another province, whichever group it came through; it reviews its own province's national
awards and sends them up in a khen cao dossier, and the central board decides them when the dossier comes."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import AwardRecord, Proposal
from awards.selectors.workflow import reviewer_scope, reviewers_of
from awards.services.dispatches import dispatch_create
from tests.factories import (
    BoardFactory,
    GroupFactory,
    MembershipFactory,
    ProposalFactory,
    ReviewerFactory,
    UnitFactory,
    award_type,
    make_award_world,
)

pytestmark = pytest.mark.django_db

SUMMARY_DAY = datetime.date(2024, 3, 5)


def test_a_new_group_of_the_board_brings_its_proposals_into_the_next_queue(client):
    world = make_award_world()
    client.force_login(world.province_reviewer, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("awards:review_queue")).status_code == 200
    group = GroupFactory(name="Khối thi đua mới (thử)", organizer=world.province_board)
    proposal = ProposalFactory(source_group=group, status="submitted", nominee_person__full_name="Hà Thị Mới")
    html = client.get(reverse("awards:review_queue")).content.decode()
    assert "Hà Thị Mới" in html
    assert client.get(reverse("awards:proposal_detail", args=[proposal.pk])).status_code == 200


def test_outside_a_request_the_scope_is_looked_up_every_time():
    world = make_award_world()
    in_scope = Proposal.objects.filter
    assert not in_scope(reviewer_scope(world.province_reviewer)).exists()
    group = GroupFactory(organizer=world.province_board)
    ProposalFactory(source_group=group, status="submitted")
    assert in_scope(reviewer_scope(world.province_reviewer)).count() == 1


# --- Issue 14 item 12: who reviews and decides follows the award type's authority, never the source group alone ---
def bloc_with_another_province(world):
    """A bloc of Lạng Sơn's board that (before enrolment was checked) took in Hà Giang, made it chair, and
    proposed it for the Government's flag and the provincial flag."""
    bloc = GroupFactory(name="Khối thi đua các sở (thử)", kind="bloc", organizer=world.province_board)
    MembershipFactory(group=bloc, unit=world.ha_giang, year=2023, role="chair")
    national = ProposalFactory(
        proposing_unit=world.ha_giang, source_group=bloc, status="approved", nominee_person=None,
        nominee_unit=world.ha_giang, award_type=award_type("CO_THI_DUA_CHINH_PHU"), proposal_date=SUMMARY_DAY,
    )  # fmt: skip
    provincial = ProposalFactory(
        proposing_unit=world.ha_giang, source_group=bloc, status="submitted", nominee_person=None,
        nominee_unit=world.ha_giang, award_type=award_type("CO_THI_DUA_CAP_TINH"),
    )  # fmt: skip
    return bloc, national, provincial


def test_a_provincial_board_cannot_decide_a_national_award_that_came_through_its_bloc(client):
    world = make_award_world()
    _bloc, national, provincial = bloc_with_another_province(world)
    client.force_login(world.province_reviewer, backend="django.contrib.auth.backends.ModelBackend")
    decide = reverse("awards:proposal_decide", args=[national.pk])
    assert client.post(decide, {"number": "99/QĐ-BỊA", "date": "20/04/2024"}).status_code == 403
    assert client.get(reverse("awards:proposal_detail", args=[national.pk])).status_code == 403
    scope = set(Proposal.objects.filter(reviewer_scope(world.province_reviewer)))
    assert national not in scope and provincial in scope  # the bloc's provincial flag is the board's to review
    national.refresh_from_db()
    assert national.status == "approved" and not AwardRecord.objects.filter(nominee_unit=world.ha_giang).exists()
    # Hà Giang's own board sends it up in a khen cao dossier; the central board records the outcome there
    ha_giang_board = BoardFactory(name="Ban Thi đua - Khen thưởng tỉnh Hà Giang (thử)", parent=world.ha_giang)
    ha_giang_reviewer = ReviewerFactory(unit=ha_giang_board)
    assert national in set(Proposal.objects.filter(reviewer_scope(ha_giang_reviewer)))
    dispatch = dispatch_create(
        actor=ha_giang_reviewer, board=ha_giang_board, year=2023, number="5/TTr-UBND", title="Khen cao",
        proposals=[national],
    )  # fmt: skip
    client.force_login(world.reviewer, backend="django.contrib.auth.backends.ModelBackend")  # the central board
    outcome = reverse("awards:dispatch_outcome", args=[dispatch.items.get().pk])
    data = {"outcome": "granted", "number": "12/QĐ-TTg", "date": "20/04/2024"}
    assert client.post(outcome, data).status_code == 302
    national.refresh_from_db()
    assert national.status == "decided"


def test_a_provincial_board_reviews_the_provincial_awards_of_its_own_province_only():
    world = make_award_world()
    own = ProposalFactory(
        proposing_unit=world.lang_son, status="submitted", award_type=award_type("BANG_KHEN_CAP_TINH")
    )
    other = ProposalFactory(proposing_unit=world.ha_giang, status="submitted")
    national = ProposalFactory(proposing_unit=world.lang_son, status="submitted",
                               award_type=award_type("BANG_KHEN_THU_TUONG"))  # fmt: skip
    in_scope = set(Proposal.objects.filter(reviewer_scope(world.province_reviewer)))
    assert own in in_scope and other not in in_scope
    # a national award of its own province: the province reviews it first (issue 18 item 3), the centre later
    assert national in in_scope
    assert national not in set(Proposal.objects.filter(reviewer_scope(world.reviewer)))
    assert set(reviewers_of(own)) == {world.province_reviewer}
    assert set(reviewers_of(national)) == {world.province_reviewer}


def test_a_provincial_reviewers_unit_filter_offers_exactly_the_units_whose_proposals_the_board_reviews(client):
    """The filter's units are looked up as ids (issue 16: as a subquery the database walked every proposal): the
    same units as the scope's, its own province's and those of its bloc's provincial awards, whatever province."""
    world = make_award_world()
    _bloc, _national, _provincial = bloc_with_another_province(world)  # Hà Giang's provincial flag through the bloc
    ProposalFactory(proposing_unit=world.lang_son, status="submitted", award_type=award_type("BANG_KHEN_CAP_TINH"))
    cao_bang = UnitFactory(name="Tỉnh <b>Cao Bằng</b> (thử)")  # another province, outside the board's jurisdiction
    outside = ProposalFactory(proposing_unit=cao_bang, status="submitted", nominee_person__full_name="Ngoài Phạm Vi")
    client.force_login(world.province_reviewer, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("awards:review_queue")).content.decode()
    select = re.search(r'<select name="unit".*?</select>', page, re.S).group(0)
    offered = set(re.findall(r'<option value="(\d+)"', select))
    scope = Proposal.objects.filter(reviewer_scope(world.province_reviewer))
    assert offered == {str(pk) for pk in scope.values_list("proposing_unit_id", flat=True)}
    assert offered == {str(world.lang_son.pk), str(world.ha_giang.pk)}
    assert str(outside.proposing_unit_id) not in offered and "Ngoài Phạm Vi" not in page


@pytest.mark.parametrize("route", ["awards:review_queue", "awards:proposal_list"])
def test_a_provincial_reviewers_unit_name_search_looks_among_the_units_it_reviews_alone(client, monkeypatch, route):
    """Issue 16: a unit's long name typed in full ("lien doan lao dong tinh son la") has words in thousands of the
    country's unit names, which were matched for the page, its count and its eligibility counts each (170 ms at
    scale 10); the reviewer's list holds only the proposing units it reviews, among which the words are looked up.
    Another province's unit of the same name lends nothing."""
    import clusters.search

    monkeypatch.setattr(clusters.search, "RELATED_LIST_UP_TO", 1)  # every word of the name is in "many" units
    world = make_award_world()
    union = UnitFactory(name="Liên đoàn Lao động tỉnh Lạng Sơn", parent=world.lang_son)
    twin = UnitFactory(name="Liên đoàn Lao động tỉnh Lạng Sơn (cũ)")  # outside the board's jurisdiction
    ProposalFactory(proposing_unit=union, status="submitted", nominee_person__full_name="Trong Phạm Vi",
                    award_type=award_type("BANG_KHEN_CAP_TINH"))  # fmt: skip
    ProposalFactory(proposing_unit=twin, status="submitted", nominee_person__full_name="Ngoài Phạm Vi",
                    award_type=award_type("BANG_KHEN_CAP_TINH"))  # fmt: skip
    client.force_login(world.province_reviewer, backend="django.contrib.auth.backends.ModelBackend")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse(route), {"q": "lien doan lao dong tinh lang son"}).content.decode()
    assert "Trong Phạm Vi" in html and "Ngoài Phạm Vi" not in html
    searched = [q["sql"] for q in queries.captured_queries if "awards_proposal" in q["sql"] and "%lien%" in q["sql"]]
    assert searched
    # the units' ids: no unit's name compared, through a join or a subquery
    assert not any('"folded_name"::text LIKE' in sql for sql in searched)
