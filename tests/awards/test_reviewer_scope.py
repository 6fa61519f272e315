"""The reviewer's scope (awards.selectors.workflow.reviewer_scope) is looked up once per request and never
kept beyond it: a group the board starts organising brings its proposals into the queue on the next request."""

from __future__ import annotations

import pytest
from django.urls import reverse

from awards.models import Proposal
from awards.selectors.workflow import reviewer_scope
from tests.factories import GroupFactory, ProposalFactory, make_award_world

pytestmark = pytest.mark.django_db


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
