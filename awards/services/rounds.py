"""Writes of rounds (đợt xét, issue 18 item 4): a board opens a round of registrations or proposals for a year,
with its due date; the submission path flags what comes after it (`awards.selectors.workflow.deadline_for`).

Keyword-only, each in one transaction, each leaving an audit row.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction

from clusters.concurrency import save_unique
from clusters.models import Unit, User
from clusters.rules import require
from clusters.services.audit import record_audit

from ..models import AwardRound, AwardType, ProposalKind


@transaction.atomic
def round_create(
    *,
    actor: User | None,
    board: Unit,
    year: int,
    purpose: str,
    title: str,
    opens_on: datetime.date,
    due_date: datetime.date,
    kind: str = ProposalKind.ANNUAL,
    award_types: Iterable[AwardType] = (),
    note: str = "",
) -> AwardRound:
    require(actor, "awards.add_round", board)
    round_ = AwardRound(
        board=board,
        year=year,
        purpose=purpose,
        kind=kind,
        title=title.strip(),
        opens_on=opens_on,
        due_date=due_date,
        note=note.strip(),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    round_.full_clean()
    save_unique(round_)
    award_types = list(award_types)
    if award_types:
        round_.award_types.set(award_types)
    record_audit(
        actor=actor,
        action="round.create",
        target=round_,
        unit=board,
        summary=f"{round_} — {due_date:%d/%m/%Y}",
        data={"purpose": purpose, "kind": kind, "award_types": [t.code for t in award_types]},
    )
    return round_
