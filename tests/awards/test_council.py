"""The award council votes in the app (issue 17 item 3): members for a term, a session with proposals on its
agenda, a quorum from the rule data, a secret vote once per member, the count when the session closes, and the
eligibility check reading the council's count instead of typed numbers."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from awards.catalogue.rules import COUNCIL_QUORUM, quorum_met
from awards.models import AgendaItem, CouncilBallot, CouncilVoteCast, ProposalStatus, SessionStatus
from awards.services import council as services
from awards.services.proposals import refresh_eligibility
from tests.factories import (
    LeaderFactory,
    PersonFactory,
    ProposalFactory,
    ReviewerFactory,
    award_type,
    make_award_world,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def world():
    return make_award_world()


def _council(world, size=3):
    council = services.council_create(
        actor=world.province_reviewer, board=world.province_board, name="Hội đồng Thi đua - Khen thưởng tỉnh",
        term_start=TODAY - datetime.timedelta(days=30), term_end=TODAY + datetime.timedelta(days=365),
    )  # fmt: skip
    members = [world.province_reviewer] + [LeaderFactory(unit=world.lang_son) for _ in range(size - 1)]
    for index, user in enumerate(members):
        role = "chair" if index == 0 else "vice" if index == 1 else "member"
        services.council_member_add(actor=world.province_reviewer, council=council, user=user, role=role)
    return council, members


def _proposal(world, *, members=10, votes_for=10):
    proposal = ProposalFactory(
        proposing_unit=world.lang_son, award_type=award_type("CSTD_CAP_TINH"), status=ProposalStatus.UNDER_REVIEW,
        nominee_person=PersonFactory(unit=world.lang_son, full_name="Nông Văn Bình"),
        council_members=members, council_votes_for=votes_for,
    )  # fmt: skip
    return refresh_eligibility(proposal)


def _council_row(proposal):
    proposal.refresh_from_db()
    return next(r for r in proposal.eligibility if r["check"] == "council_vote")


def _session(world, council, proposals, mode="proposal"):
    return services.session_open(
        actor=world.province_reviewer, council=council, title="Xét danh hiệu Chiến sĩ thi đua cấp tỉnh",
        held_on=TODAY, mode=mode, proposals=proposals,
    )  # fmt: skip


def _vote_all(session, voters, choice):
    item_ids = list(session.items.values_list("pk", flat=True))
    for user, c in zip(voters, choice, strict=True):
        if session.mode == "list":
            services.session_vote(actor=user, session=session, choice=c)
        else:
            services.session_vote(actor=user, session=session, choices=dict.fromkeys(item_ids, c))


def test_the_quorum_is_rule_data_with_its_source_and_marked_unconfirmed():
    for rule in COUNCIL_QUORUM.values():
        assert (rule["numerator"], rule["denominator"]) == (2, 3)
        assert rule["unconfirmed"] and rule["source"]
    assert quorum_met(voters=2, members=3, numerator=2, denominator=3)
    assert not quorum_met(voters=1, members=3, numerator=2, denominator=3)
    assert not quorum_met(voters=9, members=14, numerator=2, denominator=3)  # 9/14 < 2/3: no rounding up


def test_a_council_vote_decides_a_proposal_whose_threshold_it_fails(world):
    council, members = _council(world)
    proposal = _proposal(world, members=10, votes_for=10)  # typed: 100% for
    assert _council_row(proposal)["status"] == "passed"
    session = _session(world, council, [proposal])
    _vote_all(session, members, ["for", "for", "against"])
    services.session_close(actor=world.province_reviewer, session=session)
    row = _council_row(proposal)
    assert row["status"] == "failed"
    assert "2/3 phiếu" in row["facts"] and "phiên họp Hội đồng" in row["facts"]
    item = AgendaItem.objects.get(session=session)
    assert (item.votes_for, item.votes_against) == (2, 1)


def test_a_unanimous_council_passes_a_proposal_that_had_no_typed_counts(world):
    council, members = _council(world)
    proposal = _proposal(world, members=None, votes_for=None)
    assert _council_row(proposal)["status"] == "unknown"
    session = _session(world, council, [proposal], mode="list")
    _vote_all(session, members, ["for", "for", "for"])
    services.session_close(actor=world.province_reviewer, session=session)
    assert _council_row(proposal)["status"] == "passed"


def test_without_a_quorum_the_session_has_no_result_and_typed_counts_still_apply(world):
    council, members = _council(world)
    proposal = _proposal(world, members=10, votes_for=10)
    session = _session(world, council, [proposal])
    _vote_all(session, members[:1], ["against"])  # 1 of 3: below two thirds
    session = services.session_close(actor=world.province_reviewer, session=session)
    assert session.status == SessionStatus.NO_QUORUM and session.voters == 1
    assert AgendaItem.objects.get(session=session).votes_for is None
    assert _council_row(proposal)["status"] == "passed"


def test_each_member_votes_once_a_double_click_is_refused(world):
    council, members = _council(world)
    session = _session(world, council, [_proposal(world)])
    item = session.items.get()
    services.session_vote(actor=members[0], session=session, choices={item.pk: "for"})
    with pytest.raises(ValidationError, match="đã bỏ phiếu"):
        services.session_vote(actor=members[0], session=session, choices={item.pk: "against"})
    assert CouncilVoteCast.objects.filter(session=session).count() == 1
    assert CouncilBallot.objects.filter(session=session).count() == 1


def test_only_members_vote_only_while_open_and_on_every_item(world):
    council, members = _council(world)
    session = _session(world, council, [_proposal(world)])
    item = session.items.get()
    with pytest.raises(PermissionDenied):
        services.session_vote(actor=ReviewerFactory(unit=world.province_board), session=session, choices={})
    with pytest.raises(ValidationError):
        services.session_vote(actor=members[1], session=session, choices={})
    _vote_all(session, members, ["for"] * 3)
    services.session_close(actor=world.province_reviewer, session=session)
    with pytest.raises(ValidationError):
        services.session_vote(actor=members[1], session=session, choices={item.pk: "for"})


def test_a_ballot_keeps_no_link_to_its_voter():
    fields = {f.name for f in CouncilBallot._meta.get_fields()}
    assert fields == {"id", "session", "item", "choice"}
    assert CouncilBallot._meta.pk.get_internal_type() == "UUIDField"  # no order that follows the voters'
    assert {f.name for f in CouncilVoteCast._meta.get_fields()} == {"id", "session", "member"}


def test_another_board_may_neither_manage_the_council_nor_put_its_proposals_on_the_agenda(world):
    council, _members = _council(world)
    stranger = ReviewerFactory()
    with pytest.raises(PermissionDenied):
        services.council_member_add(actor=stranger, council=council, user=stranger, role="member")
    with pytest.raises(PermissionDenied):
        services.session_open(
            actor=stranger, council=council, title="X", held_on=TODAY, mode="list", proposals=[_proposal(world)]
        )
    other_board = ReviewerFactory().unit
    theirs = services.council_create(
        actor=None, board=other_board, name="Hội đồng khác", term_start=TODAY, term_end=TODAY
    )
    services.council_member_add(actor=None, council=theirs, user=stranger, role="chair")
    with pytest.raises(PermissionDenied):  # a proposal the other board does not review
        services.session_open(
            actor=stranger, council=theirs, title="X", held_on=TODAY, mode="list", proposals=[_proposal(world)]
        )


# --- The pages ------------------------------------------------------------------------------------------------
def _login(client, user):
    client.force_login(user)
    return client


def test_a_board_runs_a_session_from_its_pages_and_members_vote_once_in_secret(world, client):
    import io

    from docx import Document

    council, members = _council(world)
    proposal = _proposal(world, members=10, votes_for=10)
    reviewer = _login(client, world.province_reviewer)
    page = reviewer.get(reverse("awards:council_detail", args=[council.pk]))
    assert page.status_code == 200 and "Nông Văn Bình" in page.content.decode()
    response = reviewer.post(
        reverse("awards:council_session_create", args=[council.pk]),
        {"title": "Phiên họp tháng 12", "held_on": TODAY.strftime("%d/%m/%Y"), "mode": "proposal",
         "proposals": [proposal.pk], "submission_token": "a" * 32},
    )  # fmt: skip
    from awards.models import CouncilSession

    session = CouncilSession.objects.get(council=council)
    assert response.status_code == 302 and response.url == session.get_absolute_url()
    item = session.items.get()
    for index, (user, choice) in enumerate(zip(members, ["for", "against", "for"], strict=True)):
        client.force_login(user)
        assert "Phiên họp tháng 12" in client.get(reverse("awards:council_list")).content.decode()  # to vote
        page = client.get(session.get_absolute_url()).content.decode()
        assert 'data-testid="ballot"' in page
        for _twice in range(2):  # a double click
            client.post(reverse("awards:council_vote", args=[session.pk]), {f"item_{item.pk}": choice})
        page = client.get(session.get_absolute_url()).content.decode()
        assert 'data-testid="voted"' in page and 'data-testid="ballot"' not in page
        assert page.count("đã bỏ phiếu") >= index + 1
        assert "Chưa kiểm phiếu" in page  # no count while the vote is open
        assert "Phiên họp tháng 12" not in client.get(reverse("awards:council_list")).content.decode()
    assert CouncilVoteCast.objects.filter(session=session).count() == 3
    assert CouncilBallot.objects.filter(session=session).count() == 3
    client.force_login(world.province_reviewer)
    client.post(reverse("awards:council_close", args=[session.pk]))
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Đã kết thúc, có kết quả" in page and "2/3 phiếu" in page
    minutes = client.get(reverse("awards:council_minutes", args=[session.pk]))
    text = "\n".join(
        [p.text for p in Document(io.BytesIO(minutes.content)).paragraphs]
        + [c.text for t in Document(io.BytesIO(minutes.content)).tables for r in t.rows for c in r.cells]
    )
    assert "Nông Văn Bình" in text and "66,7%" in text and "Không đạt" in text
    for user in members:
        assert user.full_name in text  # who sat, never who chose what


def test_another_boards_reviewer_and_a_non_member_cannot_open_or_vote_in_the_session(world, client):
    council, members = _council(world)
    session = _session(world, council, [_proposal(world)])
    item = session.items.get()
    client.force_login(ReviewerFactory())
    assert client.get(session.get_absolute_url()).status_code == 403
    assert client.get(reverse("awards:council_detail", args=[council.pk])).status_code == 403
    assert client.post(reverse("awards:council_vote", args=[session.pk]), {f"item_{item.pk}": "for"}).status_code == 403
    assert client.post(reverse("awards:council_close", args=[session.pk])).status_code == 403
    assert not CouncilVoteCast.objects.exists()


def test_the_decisions_council_minutes_print_the_councils_count_not_the_typed_one(world):
    from awards.documents.decisions import decision_document
    from clusters import writers
    from tests.awards.test_decisions import draft

    council, members = _council(world)
    proposal = _proposal(world, members=10, votes_for=10)  # typed: 10/10
    session = _session(world, council, [proposal])
    _vote_all(session, members, ["for", "for", "against"])
    services.session_close(actor=world.province_reviewer, session=session)
    type(proposal).objects.filter(pk=proposal.pk).update(
        status=ProposalStatus.APPROVED, proposal_date=datetime.date(2023, 12, 1)
    )
    decision = draft(world, [type(proposal).objects.get(pk=proposal.pk)])

    minutes = writers.docx_text(decision_document(decision, "bien-ban-hoi-dong"))

    assert "Nông Văn Bình" in minutes and "2/3" in minutes and "10/10" not in minutes


def test_the_council_page_reads_the_accounts_it_offers_in_a_constant_number_of_queries(world, client):
    """Issue 16: each account offered as a member read its unit in a query of its own (4,300 queries, 6 s, for a
    system administrator at scale 1)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    council, _members = _council(world)
    page = reverse("awards:council_detail", args=[council.pk])
    _login(client, world.province_reviewer)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(page)
        assert response.status_code == 200
        return len(captured.captured_queries)

    before = queries()
    newcomers = [LeaderFactory(unit=world.lang_son, full_name=f"Lò Văn Sinh {n}") for n in range(5)]
    after = queries()
    assert after == before
    assert all(user.full_name in client.get(page).content.decode() for user in newcomers)  # offered, all of them
