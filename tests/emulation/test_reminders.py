"""Telling people what is theirs to do (issue 15, item 7): staff see that their leader sends the self-assessment
and the leader is told when it is complete; the chair unit's dashboard lists the members that have not signed,
sent their self-assessment or voted (names only), with a button reminding their leaders that says who could not
be reached."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from kombu.exceptions import OperationalError

from awards.services.catalogue import ensure_catalogue
from clusters.models import MemberRole, Membership, Role, User
from emulation.models import SelfAssessment
from emulation.services import ballots as ballot_services
from emulation.tasks import notify_assessment_leaders, remind_members
from tests.factories import (
    LeaderFactory,
    MembershipFactory,
    UnitFactory,
    leader_of,
    make_group_year,
    make_open_pledge,
    make_scoring_round,
    score_unit,
    sign_as,
    staff_of,
)

pytestmark = pytest.mark.django_db

ALL_CRITERIA = {"1.1": 30, "1.2": 20, "2.1": 25}


def _assessment(scoring_round, unit):
    return SelfAssessment.objects.get(round=scoring_round, unit=unit)


def _criterion(scoring_round, code):
    return scoring_round.pledge.criteria.get(code=code)


def _post_scores(client, scoring_round, assessment, points: dict):
    data = {f"points_{_criterion(scoring_round, code).pk}": value for code, value in points.items()}
    data |= {f"justification_{_criterion(scoring_round, code).pk}": "Có số liệu" for code in points}
    return client.post(reverse("yearend:assessment_scores", args=[assessment.pk]), data, follow=True)


def _dashboard(client):
    return client.get(reverse("dashboard")).content.decode()


def _remind(client, group, task):
    return client.post(reverse("yearend:members_remind", args=[group.pk, 2023, task]), follow=True)


# --- Staff and their leader --------------------------------------------------------------------------------
def test_staff_filling_the_self_assessment_see_that_their_leader_sends_it_and_who_that_is(login):
    scoring_round, units = make_scoring_round()
    leader = LeaderFactory(unit=units[2], full_name="Lê Văn Trưởng")
    page = login(staff_of(units[2])).get(reverse("yearend:assessment", args=[_assessment(scoring_round, units[2]).pk]))
    text = page.content.decode()
    assert "Lãnh đạo đơn vị gửi bảng tự chấm" in text
    assert leader.full_name in text


def test_the_leader_is_emailed_once_when_staff_save_the_self_assessment_complete(login):
    scoring_round, units = make_scoring_round()
    leader = leader_of(units[2])
    assessment = _assessment(scoring_round, units[2])
    client = login(staff_of(units[2]))
    mail.outbox.clear()

    _post_scores(client, scoring_round, assessment, {"1.1": 30})
    assert mail.outbox == []  # not complete yet

    page = _post_scores(client, scoring_round, assessment, {"1.2": 20, "2.1": 25})
    assert [message.to for message in mail.outbox] == [[leader.email]]
    assert reverse("yearend:assessment", args=[assessment.pk]) in mail.outbox[0].body
    assert "Đã báo lãnh đạo đơn vị" in page.content.decode()

    _post_scores(client, scoring_round, assessment, {"1.1": 35})  # already complete: no new e-mail
    assert len(mail.outbox) == 1


def test_staff_are_told_when_their_unit_has_no_leader_to_notify(login):
    scoring_round, units = make_scoring_round()
    User.objects.filter(unit=units[2], role=Role.LEADER).update(is_active=False)
    assessment = _assessment(scoring_round, units[2])
    mail.outbox.clear()
    page = _post_scores(login(staff_of(units[2])), scoring_round, assessment, ALL_CRITERIA)
    assert mail.outbox == []
    assert "không có lãnh đạo nào có tài khoản đang hoạt động" in page.content.decode()


def test_the_leaders_are_notified_from_here_when_the_queue_is_down(login):
    scoring_round, units = make_scoring_round()
    leader = leader_of(units[2])
    assessment = _assessment(scoring_round, units[2])
    mail.outbox.clear()
    with mock.patch.object(notify_assessment_leaders, "apply_async", side_effect=OperationalError("down")):
        _post_scores(login(staff_of(units[2])), scoring_round, assessment, ALL_CRITERIA)
    assert [message.to for message in mail.outbox] == [[leader.email]]


# --- The chair unit's dashboard --------------------------------------------------------------------------
def test_the_chair_dashboard_lists_the_members_that_have_not_signed_and_others_do_not_see_it(login, client):
    group, units = make_group_year(size=4)
    pledge = make_open_pledge(group, 2023)
    sign_as(leader_of(units[1]), pledge)
    text = _dashboard(login(staff_of(units[0])))
    assert "Đơn vị thành viên chưa hoàn thành" in text
    assert "Chưa ký giao ước" in text
    assert units[2].name in text and units[3].name in text
    assert units[1].name not in text  # it has signed
    client.logout()
    assert "Đơn vị thành viên chưa hoàn thành" not in _dashboard(login(staff_of(units[2])))


def test_the_chair_dashboard_lists_each_group_it_chairs_and_none_it_is_only_a_member_of(login):
    from emulation.selectors.reminders import Task, chaired_outstanding

    group, units = make_group_year(size=3)
    make_open_pledge(group, 2023)
    second, others = make_group_year(size=3)  # chaired by another unit, which units[0] chairs too
    MembershipFactory(group=second, year=2023, unit=units[0], role=MemberRole.MEMBER)
    Membership.objects.filter(group=second, unit=others[0]).update(role=MemberRole.MEMBER)
    Membership.objects.filter(group=second, unit=units[0]).update(role=MemberRole.CHAIR)
    make_open_pledge(second, 2023)
    third, strangers = make_group_year(size=3)  # units[0] is a plain member here
    MembershipFactory(group=third, year=2023, unit=units[0], role=MemberRole.MEMBER)
    make_open_pledge(third, 2023)

    outstanding = chaired_outstanding(units[0].pk)

    assert {(entry.group, entry.task) for entry in outstanding} == {(group, Task.SIGN), (second, Task.SIGN)}
    listed = {unit for entry in outstanding for unit in entry.units}
    assert listed == {*units, *others} and not listed & set(strangers)
    text = _dashboard(login(staff_of(units[0])))
    assert all(unit.name in text for unit in [*units[1:], *others])


def test_the_chair_dashboard_lists_who_has_not_sent_the_self_assessment(login):
    scoring_round, units = make_scoring_round(size=4)
    score_unit(scoring_round, units[1], ALL_CRITERIA)  # sent
    score_unit(scoring_round, units[2], ALL_CRITERIA, submit=False)  # complete, not sent
    text = _dashboard(login(leader_of(units[0])))
    assert "Chưa gửi bản tự chấm điểm" in text
    assert units[2].name in text and units[3].name in text
    assert units[1].name not in text


def test_the_chair_dashboard_lists_who_has_not_voted_never_what_anyone_voted(login):
    ensure_catalogue()
    group, units = make_group_year(size=4)
    ballot = ballot_services.ballot_open(actor=staff_of(units[0]), group=group, year=2023)
    question = ballot.questions.first()
    ballot_services.ballot_vote(actor=leader_of(units[1]), ballot=ballot, choices={question.pk: [units[3].pk]})
    text = _dashboard(login(staff_of(units[0])))
    assert "Chưa bỏ phiếu" in text
    assert units[2].name in text and units[3].name in text
    assert units[1].name not in text


# --- The reminder button ---------------------------------------------------------------------------------
def test_reminding_the_self_assessment_emails_the_leaders_and_says_who_could_not_be_reached(login):
    scoring_round, units = make_scoring_round(size=5)
    score_unit(scoring_round, units[0], ALL_CRITERIA)  # sent: not reminded
    score_unit(scoring_round, units[1], ALL_CRITERIA)
    reachable = leader_of(units[2])
    User.objects.filter(unit=units[3], role=Role.LEADER).update(is_active=False)  # its leader is inactive
    User.objects.filter(unit=units[4], role=Role.LEADER).update(role=Role.STAFF)  # it has no leader account
    mail.outbox.clear()
    page = _remind(login(staff_of(units[0])), scoring_round.group, "tu-cham")
    text = page.content.decode()
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert reachable.email in recipients
    assert recipients == [reachable.email]
    assert "thư nhắc" in text
    assert "Đã gửi 1 thư nhắc tới 1 đơn vị" in text
    assert f"Không gửi được thư nhắc tới: {units[3].name}, {units[4].name}" in text or (
        f"Không gửi được thư nhắc tới: {units[4].name}, {units[3].name}" in text
    )


def test_reminding_the_vote_emails_the_leaders_of_the_units_that_have_not_voted(login):
    ensure_catalogue()
    group, units = make_group_year(size=3)
    ballot = ballot_services.ballot_open(actor=staff_of(units[0]), group=group, year=2023)
    ballot_services.ballot_vote(actor=leader_of(units[1]), ballot=ballot, choices={})
    waiting = leader_of(units[2])
    mail.outbox.clear()
    page = _remind(login(staff_of(units[0])), group, "bo-phieu")
    assert waiting.email in [address for message in mail.outbox for address in message.to]
    assert leader_of(units[1]).email not in [address for message in mail.outbox for address in message.to]
    assert "Đã gửi" in page.content.decode()


def test_reminding_the_signatures_from_the_dashboard_uses_the_signing_reminder(login):
    group, units = make_group_year(size=3)
    make_open_pledge(group, 2023)
    waiting = leader_of(units[1])
    mail.outbox.clear()
    _remind(login(staff_of(units[0])), group, "ky")
    assert waiting.email in [address for message in mail.outbox for address in message.to]
    assert mail.outbox[0].subject.startswith("Nhắc ký giao ước thi đua")


def test_only_the_chair_unit_may_remind(login):
    group, units = make_group_year(size=3)
    make_open_pledge(group, 2023)
    mail.outbox.clear()
    response = login(staff_of(units[2])).post(reverse("yearend:members_remind", args=[group.pk, 2023, "ky"]))
    assert response.status_code == 403
    assert mail.outbox == []


def test_an_unknown_task_is_not_found(login):
    group, units = make_group_year(size=3)
    response = login(staff_of(units[0])).post(reverse("yearend:members_remind", args=[group.pk, 2023, "khac"]))
    assert response.status_code == 404


def test_a_unit_of_no_group_has_nothing_to_remind(login):
    assert "Đơn vị thành viên chưa hoàn thành" not in _dashboard(login(staff_of(UnitFactory())))


def test_with_the_queue_down_the_reminder_button_sends_the_reminders_from_here(login):
    ensure_catalogue()
    group, units = make_group_year(size=3)
    ballot_services.ballot_open(actor=staff_of(units[0]), group=group, year=2023)
    waiting = leader_of(units[2])
    mail.outbox.clear()
    with mock.patch.object(remind_members, "apply_async", side_effect=OperationalError("down")):
        page = _remind(login(staff_of(units[0])), group, "bo-phieu")
    assert waiting.email in [address for message in mail.outbox for address in message.to]
    text = page.content.decode()
    assert "Đã gửi 1 thư nhắc tới 1 đơn vị." in text  # only units[2] has a leader account
    assert (
        f"Không gửi được thư nhắc tới: {units[0].name}" in text
        or f"Không gửi được thư nhắc tới: {units[1].name}" in text
    )


def test_a_chair_browsing_in_english_sends_the_reminders_in_vietnamese_and_reads_the_outcome_in_english(login):
    """The queued task may run in the request's own thread (eagerly, or when the queue is down): the e-mail to
    other units' leaders is in the board's language, the page that follows in the chair's."""
    from django.conf import settings

    ensure_catalogue()
    group, units = make_group_year(size=3)
    ballot_services.ballot_open(actor=staff_of(units[0]), group=group, year=2023)
    waiting = leader_of(units[2])
    client = login(staff_of(units[0]))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    mail.outbox.clear()
    page = _remind(client, group, "bo-phieu")
    message = next(m for m in mail.outbox if waiting.email in m.to)
    assert message.subject.startswith("Nhắc bỏ phiếu")
    assert "Kính gửi" in message.body
    text = page.content.decode()
    assert '<html lang="en">' in text
    assert "Đã gửi" not in text
