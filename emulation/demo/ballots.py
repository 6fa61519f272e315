"""Year-end demo, ballot: the northern border cluster's closed secret ballot of 2023 (seed 004), after its
scoring (`scoring`).

Lạng Sơn leading (proposed for Cờ thi đua của Chính phủ), Hà Giang proposed for Bằng khen của Thủ tướng,
Lào Cai elected chair for 2024 — as seed 004 reports. The seed does not name the 2024 vice-chair, so the demo
ballot does not elect one. Idempotent: each step looks at the state first.
"""

from __future__ import annotations

from awards.services.catalogue import ensure_catalogue
from clusters.models import EmulationGroup, Membership, Role, User

from ..models import Ballot, QuestionKind
from ..services.ballots import ballot_close, ballot_open, ballot_vote, default_questions
from .scoring import GROUP_NAME, YEAR, northern_border, user_of


def _ballot(group: EmulationGroup, chair_staff: User, units_by_short: dict) -> Ballot:
    ballot = Ballot.objects.filter(group=group, year=YEAR).first()
    if ballot is None:
        questions = [q for q in default_questions(group=group, year=YEAR) if q.kind != QuestionKind.NEXT_VICE_CHAIR]
        ballot = ballot_open(actor=chair_staff, group=group, year=YEAR, is_secret=True, questions=questions)
    if ballot.is_closed:
        return ballot
    picks = {
        QuestionKind.LEADING: units_by_short["Lạng Sơn"],
        QuestionKind.AWARD: units_by_short["Hà Giang"],
        QuestionKind.NEXT_CHAIR: units_by_short["Lào Cai"],
    }
    choices = {q.pk: [picks[q.kind].pk] for q in ballot.questions.all() if q.kind in picks}
    voted = set(ballot.participations.values_list("unit_id", flat=True))
    for membership in Membership.objects.filter(group=group, year=YEAR).select_related("unit"):
        if membership.unit_id not in voted:
            ballot_vote(actor=user_of(membership.unit, Role.LEADER), ballot=ballot, choices=choices)
    return ballot_close(actor=chair_staff, ballot=ballot, create_next_term=True, create_proposals=True)


def load_demo(*, stdout=None) -> None:
    cluster = northern_border()
    if cluster is None:
        if stdout is not None:
            stdout.write(f"Bỏ qua bỏ phiếu mẫu: chưa có {GROUP_NAME}.")
        return
    ensure_catalogue()  # the award proposals of the units elected name the catalogue's award types
    ballot = _ballot(cluster.group, cluster.chair_staff, cluster.units_by_short)
    if stdout is not None:
        stdout.write(f"Bình xét {YEAR}: {ballot.title} ({ballot.get_status_display()}).")
