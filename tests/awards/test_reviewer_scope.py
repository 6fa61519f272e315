"""The reviewer's scope (awards.selectors.workflow.reviewer_scope) is looked up once per request and never
kept beyond it: a group the board starts organising brings its proposals into the queue on the next request.
The scope follows the award type's authority (issue 14 item 12): a provincial board never reviews a national award,
whichever group it came through."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from awards.models import AwardRecord, Proposal
from awards.selectors.workflow import reviewer_scope, reviewers_of
from tests.factories import GroupFactory, MembershipFactory, ProposalFactory, award_type, make_award_world

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
    client.force_login(world.reviewer, backend="django.contrib.auth.backends.ModelBackend")  # the central board
    assert client.post(decide, {"number": "12/QĐ-TTg", "date": "20/04/2024"}).status_code == 302
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
    assert own in in_scope and other not in in_scope and national not in in_scope
    assert national in set(Proposal.objects.filter(reviewer_scope(world.reviewer)))
    assert set(reviewers_of(own)) == {world.province_reviewer}
    assert set(reviewers_of(national)) == {world.reviewer}
