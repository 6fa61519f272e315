"""The year-end ballot: one vote per member, secrecy, results only after closing, threshold, next year's term."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from awards.models import Proposal
from awards.services.catalogue import ensure_catalogue
from clusters.models import AuditEvent, MemberRole, Membership, UnitKind
from emulation.models import BallotParticipation, BallotResult, BallotVote, QuestionKind
from emulation.services import ballots as services
from tests.factories import BoardFactory, leader_of, make_group_year, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _catalogue(db):
    """The ballot's award questions come from the law's catalogue."""
    ensure_catalogue()


def _central_group_year(size=4):
    """A cluster organised by the central board (the Central Council's clusters of provinces)."""
    return make_group_year(size=size, organizer=BoardFactory(kind=UnitKind.CENTRAL, name="Ban TĐKT Trung ương"))


def _open(group, units, **kwargs):
    return services.ballot_open(actor=staff_of(units[0]), group=group, year=2023, **kwargs)


def _question(ballot, kind):
    return ballot.questions.get(kind=kind)


def _vote(ballot, unit, **picks):
    """picks: question kind → list of units."""
    choices = {_question(ballot, kind).pk: [u.pk for u in chosen] for kind, chosen in picks.items()}
    return services.ballot_vote(actor=leader_of(unit), ballot=ballot, choices=choices)


def test_only_the_chair_unit_opens_the_ballot():
    group, units = _central_group_year()
    with pytest.raises(PermissionDenied):
        services.ballot_open(actor=staff_of(units[1]), group=group, year=2023)
    ballot = _open(group, units)
    assert ballot.eligible_count == 4
    assert set(ballot.questions.values_list("kind", flat=True)) == set(QuestionKind.values)
    assert ballot.questions.get(kind="leading").award_type_code == "CO_THI_DUA_CHINH_PHU"


def test_only_member_leaders_vote_and_each_unit_votes_once():
    group, units = make_group_year(size=4)
    ballot = _open(group, units)
    with pytest.raises(PermissionDenied):
        services.ballot_vote(actor=staff_of(units[1]), ballot=ballot, choices={})
    _vote(ballot, units[1], leading=[units[0]])
    with pytest.raises(ValidationError, match="đã bỏ phiếu"):
        _vote(ballot, units[1], leading=[units[2]])
    assert BallotParticipation.objects.filter(ballot=ballot, unit=units[1]).count() == 1
    assert BallotVote.objects.filter(question__ballot=ballot).count() == 1


def test_the_system_opens_a_ballot_but_never_votes():
    """actor=None is the system: it may open the ballot (a data load), but a ballot paper is a unit leader's."""
    group, _units = make_group_year(size=3)
    ballot = services.ballot_open(actor=None, group=group, year=2023)
    with pytest.raises(PermissionDenied):
        services.ballot_vote(actor=None, ballot=ballot, choices={})
    assert not BallotParticipation.objects.exists()


def test_the_database_refuses_a_second_participation_of_the_same_unit():
    group, units = make_group_year(size=3)
    ballot = _open(group, units)
    BallotParticipation.objects.create(ballot=ballot, unit=units[1])
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotParticipation.objects.create(ballot=ballot, unit=units[1])


def test_a_vote_cannot_exceed_the_seats_or_pick_a_non_candidate():
    group, units = make_group_year(size=4)
    ballot = _open(group, units)
    with pytest.raises(ValidationError, match="tối đa 1"):
        _vote(ballot, units[1], leading=[units[0], units[2]])
    with pytest.raises(ValidationError, match="không có trong danh sách"):
        services.ballot_vote(
            actor=leader_of(units[1]), ballot=ballot, choices={_question(ballot, "leading").pk: [999999]}
        )
    assert not BallotParticipation.objects.exists()


def test_a_secret_ballot_does_not_link_a_choice_to_its_voter():
    group, units = make_group_year(size=3)
    ballot = _open(group, units, is_secret=True)
    _vote(ballot, units[1], leading=[units[2]])
    vote = BallotVote.objects.get()
    assert vote.participation_id is None
    event = AuditEvent.objects.get(action="ballot.vote")
    assert event.data == {}
    assert str(units[2].pk) not in str(event.data)


def test_an_open_ballot_records_who_chose_whom():
    group, units = make_group_year(size=3)
    ballot = _open(group, units, is_secret=False)
    participation = _vote(ballot, units[1], leading=[units[2]])
    assert BallotVote.objects.get().participation == participation


def test_results_are_shown_only_after_closing(login):
    ensure_catalogue()
    group, units = make_group_year(size=3)
    ballot = _open(group, units)
    for unit in units:
        _vote(ballot, unit, leading=[units[0]])
    url = reverse("yearend:ballot", args=[group.pk, 2023])
    page = login(leader_of(units[0])).get(url).content.decode()
    assert "Trúng" not in page and "3/3" in page
    assert not BallotResult.objects.exists()
    services.ballot_close(actor=staff_of(units[0]), ballot=ballot, create_proposals=False, create_next_term=False)
    page = login(leader_of(units[1])).get(url).content.decode()
    assert "Trúng" in page


def test_a_candidate_below_the_threshold_is_not_elected():
    group, units = make_group_year(size=4)
    ballot = _open(group, units, threshold_percent=Decimal("75"))
    leading = _question(ballot, "leading")
    _vote(ballot, units[0], leading=[units[0]])
    _vote(ballot, units[1], leading=[units[0]])
    _vote(ballot, units[2], leading=[units[0]])
    _vote(ballot, units[3], leading=[units[1]])
    services.ballot_close(actor=staff_of(units[0]), ballot=ballot, create_proposals=False, create_next_term=False)
    assert BallotResult.objects.get(question=leading, unit=units[0]).elected  # 3/4 = 75 %
    assert BallotResult.objects.get(question=leading, unit=units[0]).percent == Decimal("75.00")
    assert not BallotResult.objects.get(question=leading, unit=units[1]).elected


def test_the_threshold_counts_all_members_not_only_votes_cast_when_configured_so():
    group, units = make_group_year(size=4)
    ballot = _open(group, units, threshold_percent=Decimal("60"), threshold_base="members")
    _vote(ballot, units[0], leading=[units[1]])
    _vote(ballot, units[1], leading=[units[1]])
    services.ballot_close(actor=staff_of(units[0]), ballot=ballot, create_proposals=False, create_next_term=False)
    assert not BallotResult.objects.get(question__kind="leading", unit=units[1]).elected  # 2/4 = 50 %

    group2, units2 = make_group_year(size=4)
    ballot2 = services.ballot_open(
        actor=staff_of(units2[0]), group=group2, year=2023, threshold_percent=Decimal("60"), threshold_base="votes_cast"
    )
    _vote(ballot2, units2[0], leading=[units2[1]])
    _vote(ballot2, units2[1], leading=[units2[1]])
    services.ballot_close(actor=staff_of(units2[0]), ballot=ballot2, create_proposals=False, create_next_term=False)
    assert BallotResult.objects.get(question__ballot=ballot2, question__kind="leading", unit=units2[1]).elected


def test_only_the_chair_closes_and_nobody_votes_after_closing():
    group, units = make_group_year(size=3)
    ballot = _open(group, units)
    _vote(ballot, units[1], leading=[units[0]])
    with pytest.raises(PermissionDenied):
        services.ballot_close(actor=staff_of(units[1]), ballot=ballot)
    services.ballot_close(actor=staff_of(units[0]), ballot=ballot, create_proposals=False, create_next_term=False)
    with pytest.raises(PermissionDenied):
        _vote(ballot, units[2], leading=[units[0]])


def test_closing_elects_next_years_chair_and_vice_chair_and_creates_the_term():
    group, units = make_group_year(size=4)
    ballot = _open(group, units)
    for unit in units:
        _vote(ballot, unit, next_chair=[units[1]], next_vice_chair=[units[2]])
    services.ballot_close(actor=staff_of(units[0]), ballot=ballot, create_proposals=False)
    next_year = Membership.objects.filter(group=group, year=2024)
    assert next_year.count() == 4
    assert next_year.get(role=MemberRole.CHAIR).unit == units[1]
    assert next_year.get(role=MemberRole.VICE_CHAIR).unit == units[2]


def test_closing_creates_award_proposals_from_the_group_for_the_units_elected():
    group, units = _central_group_year()
    ballot = _open(group, units)
    for unit in units:
        _vote(ballot, unit, leading=[units[0]], award=[units[2]])
    services.ballot_close(actor=staff_of(units[0]), ballot=ballot, create_next_term=False)
    proposals = {p.award_type.code: p for p in Proposal.objects.filter(source_group=group, year=2023)}
    assert proposals["CO_THI_DUA_CHINH_PHU"].nominee_unit == units[0]
    assert proposals["BANG_KHEN_THU_TUONG"].nominee_unit == units[2]
    assert len(proposals) == 2


# --- Issue 14, item 7: the award options come from the catalogue for the organiser's level -----------------
def test_a_provincial_blocs_ballot_offers_the_provincial_flag_and_certificate_never_the_governments(login):
    group, units = make_group_year(size=4)  # organised by a provincial board
    page = login(staff_of(units[0])).get(reverse("yearend:ballot", args=[group.pk, 2023])).content.decode()
    assert "Cờ thi đua cấp bộ, ban, ngành, tỉnh" in page and "Bằng khen cấp bộ, ban, ngành, tỉnh" in page
    assert "Chính phủ" not in page and "Thủ tướng" not in page
    ballot = _open(group, units)
    codes = {q.kind: q.award_type_code for q in ballot.questions.all()}
    assert codes["leading"] == "CO_THI_DUA_CAP_TINH" and codes["award"] == "BANG_KHEN_CAP_TINH"
    titles = " ".join(ballot.questions.values_list("title", flat=True))
    assert "Chính phủ" not in titles and "Thủ tướng" not in titles
    for unit in units:
        _vote(ballot, unit, leading=[units[1]], award=[units[2]])
    services.ballot_close(actor=staff_of(units[0]), ballot=ballot, create_next_term=False)
    proposals = {p.award_type.code: p for p in Proposal.objects.filter(source_group=group, year=2023)}
    assert set(proposals) == {"CO_THI_DUA_CAP_TINH", "BANG_KHEN_CAP_TINH"}
    assert proposals["CO_THI_DUA_CAP_TINH"].nominee_unit == units[1]


def test_a_central_clusters_ballot_offers_the_governments_flag_and_the_prime_ministers_certificate():
    group, units = _central_group_year()
    codes = {q.kind: q.award_type_code for q in _open(group, units).questions.all()}
    assert codes["leading"] == "CO_THI_DUA_CHINH_PHU" and codes["award"] == "BANG_KHEN_THU_TUONG"


def test_drafts_made_from_a_ballot_can_be_changed_by_the_chair_unit(login):
    group, units = make_group_year(size=3)
    ballot = _open(group, units)
    for unit in units:
        _vote(ballot, unit, leading=[units[1]])
    services.ballot_close(actor=staff_of(units[0]), ballot=ballot, create_next_term=False)
    proposal = Proposal.objects.get(source_group=group, award_type__code="CO_THI_DUA_CAP_TINH")
    assert proposal.status == "draft" and proposal.proposing_unit == units[0]
    page = login(staff_of(units[0])).get(reverse("awards:proposal_update", args=[proposal.pk]))
    assert page.status_code == 200


def test_drafts_made_from_a_ballot_can_be_withdrawn_by_the_chair_unit_and_the_audit_keeps_them(login):
    group, units = make_group_year(size=3)
    ballot = _open(group, units)
    for unit in units:
        _vote(ballot, unit, leading=[units[1]])
    services.ballot_close(actor=staff_of(units[0]), ballot=ballot, create_next_term=False)
    proposal = Proposal.objects.get(source_group=group, award_type__code="CO_THI_DUA_CAP_TINH")
    client = login(staff_of(units[0]))
    detail = client.get(reverse("awards:proposal_detail", args=[proposal.pk])).content.decode()
    assert "Rút dự thảo đề nghị" in detail
    assert client.post(reverse("awards:proposal_withdraw", args=[proposal.pk])).status_code == 302
    assert not Proposal.objects.filter(pk=proposal.pk).exists()
    event = AuditEvent.objects.get(action="proposal.withdraw", target_id=str(proposal.pk))
    assert units[1].name in event.summary


# --- Issue 14, items 10 and 25: closing is confirmed; the chair sees who has not voted, never what anyone chose ---
def test_the_chair_sees_which_members_have_not_voted_yet_names_only(login):
    group, units = make_group_year(size=4)
    ballot = _open(group, units)
    _vote(ballot, units[1], leading=[units[3]])
    page = login(staff_of(units[0])).get(reverse("yearend:ballot", args=[group.pk, 2023])).content.decode()
    not_voted = page.split('data-testid="not-voted"')[1].split("</ul>")[0]
    assert units[0].name in not_voted and units[2].name in not_voted and units[3].name in not_voted
    assert units[1].name not in not_voted
    member_page = login(leader_of(units[2])).get(reverse("yearend:ballot", args=[group.pk, 2023])).content.decode()
    assert 'data-testid="not-voted"' not in member_page


def test_a_ballot_nobody_voted_in_offers_no_close_action(login):
    group, units = make_group_year(size=3)
    ballot = _open(group, units)
    client = login(staff_of(units[0]))
    page = client.get(reverse("yearend:ballot", args=[group.pk, 2023])).content.decode()
    assert reverse("yearend:ballot_close", args=[ballot.pk]) not in page
    assert "Chưa thể kết thúc: chưa có đơn vị nào bỏ phiếu." in page
    confirm = client.get(reverse("yearend:ballot_close", args=[ballot.pk])).content.decode()
    assert "Tôi hiểu, kết thúc bỏ phiếu" not in confirm


def test_closing_a_ballot_is_confirmed_on_a_page_that_names_who_has_not_voted(login):
    group, units = make_group_year(size=3)
    ballot = _open(group, units)
    _vote(ballot, units[0], leading=[units[1]])
    _vote(ballot, units[1], leading=[units[1]])
    client = login(staff_of(units[0]))
    url = reverse("yearend:ballot_close", args=[ballot.pk])
    assert f'href="{url}"' in client.get(reverse("yearend:ballot", args=[group.pk, 2023])).content.decode()
    page = client.get(url).content.decode()
    assert "Không thể hoàn tác" in page and "Đã có 2/3 đơn vị bỏ phiếu." in page
    assert units[2].name in page.split('data-testid="not-voted"')[1].split("</ul>")[0]
    client.post(url, {"create_next_term": "on"})  # the old one-click form: nothing happens without confirming
    ballot.refresh_from_db()
    assert ballot.is_open
    client.post(url, {"confirm": "1"})
    ballot.refresh_from_db()
    assert ballot.is_closed
