"""Object permissions for awards, one per transition.

- Staff (and the leader) of a unit prepare and edit its proposals while they are drafts or returned.
- Only the unit's leader sends them up (submit), with a covering submission.
- Reviewers at the board review what is in their scope (see `awards.selectors.workflow.reviewer_scope`):
  start review, return, reject, approve, and enter the decision.
- Staff and the leader of a unit enter its people's yearly performance ratings; the reviewers of the boards
  that review its proposals read them (see `awards.selectors.ratings.reviews_unit`).
- Reviewers and system admins read every rule set's conditions; system admins edit them in the admin.
- System admins may do everything; they edit the catalogue and rules in the admin.
"""

from __future__ import annotations

import rules

from clusters.models import Unit
from clusters.rules import (
    belongs_to_object_unit,
    is_reviewer,
    is_system_admin,
    is_unit_leader,
    is_unit_user,
)
from clusters.selectors.units import reads_unit

from .models import (
    AwardLevel,
    AwardRecord,
    Dispatch,
    DispatchItem,
    Proposal,
    ProposalStatus,
    Registration,
    RegistrationStatus,
)
from .selectors.ratings import reviews_unit
from .selectors.workflow import reviews


def _status_in(*statuses):
    @rules.predicate(name=f"status_in_{'_'.join(statuses)}")
    def predicate(user, proposal) -> bool:
        return isinstance(proposal, Proposal) and proposal.status in statuses

    return predicate


@rules.predicate
def reviews_proposal(user, proposal) -> bool:
    return isinstance(proposal, Proposal) and is_reviewer(user) and reviews(user, proposal)


@rules.predicate
def reviews_unit_ratings(user, unit) -> bool:
    return isinstance(unit, Unit) and reviews_unit(user, unit)


@rules.predicate
def reads_record(user, record) -> bool:
    """The record's collective, or its person's unit, is a unit the user reads (the one read rule,
    `clusters.selectors.units.readable_units`): their own unit's, their board's jurisdiction's."""
    if not isinstance(record, AwardRecord):
        return False
    return reads_unit(user, record.nominee_unit_id or record.nominee_person.unit_id)


is_editable = _status_in(ProposalStatus.DRAFT, ProposalStatus.RETURNED)
in_review = _status_in(ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW)
is_submitted = _status_in(ProposalStatus.SUBMITTED)
is_approved = _status_in(ProposalStatus.APPROVED)
own_unit = is_unit_user & belongs_to_object_unit

rules.add_perm("awards.view_proposal", is_system_admin | own_unit | reviews_proposal)
#: Object: the proposing unit.
rules.add_perm("awards.add_proposal", is_system_admin | own_unit)
rules.add_perm("awards.change_proposal", (is_system_admin | own_unit) & is_editable)
#: Object: the unit whose batch the leader sends up with a covering submission.
rules.add_perm("awards.submit_for_unit", is_unit_leader & belongs_to_object_unit)
rules.add_perm("awards.submit_proposal", is_unit_leader & belongs_to_object_unit & is_editable)
rules.add_perm("awards.start_review", (is_system_admin | reviews_proposal) & is_submitted)
rules.add_perm("awards.review_proposal", (is_system_admin | reviews_proposal) & in_review)


@rules.predicate
def decides_here(user, proposal) -> bool:
    """The reviewer's board records the decision itself: any award but a state-level one (Government, State),
    which the province reviews and sends up in a khen cao dossier; the central board decides a state-level award
    it reviewed directly (one that came through a group it organises), and one that came in a dossier through the
    dossier's outcome (`awards.services.dispatches`)."""
    if not isinstance(proposal, Proposal):
        return False
    if proposal.award_type.level not in (AwardLevel.GOVERNMENT, AwardLevel.STATE):
        return True
    from clusters.models import UnitKind

    return (
        user.unit is not None
        and user.unit.kind == UnitKind.CENTRAL
        and not DispatchItem.objects.filter(proposal_id=proposal.pk).exists()
    )


@rules.predicate
def decided_in_unit(user, proposal) -> bool:
    """An award the unit's head decides (basic level: Lao động tiên tiến, Chiến sĩ thi đua cơ sở, Giấy khen)."""
    return isinstance(proposal, Proposal) and proposal.award_type.level == AwardLevel.BASIC


rules.add_perm("awards.decide_proposal", (is_system_admin | (reviews_proposal & decides_here)) & is_approved)
#: Object: a proposal of a basic-level award, sent up by its unit: its leader records the decision inside the unit.
rules.add_perm(
    "awards.decide_in_unit",
    (is_system_admin | (is_unit_leader & belongs_to_object_unit))
    & decided_in_unit
    & _status_in(ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW, ProposalStatus.APPROVED),
)
rules.add_perm("awards.comment_proposal", is_system_admin | own_unit | reviews_proposal)
rules.add_perm("awards.view_review_queue", is_system_admin | is_reviewer)
rules.add_perm("awards.view_fairness", is_system_admin | is_reviewer)
#: Import, export and enter award records; print decision lists.
rules.add_perm("awards.manage_records", is_system_admin | is_reviewer)
rules.add_perm("awards.view_records", rules.is_authenticated & rules.is_active)


@rules.predicate
def requested_export(user, export) -> bool:
    return export is not None and export.requested_by_id == user.pk


#: A large Excel export (awards.RecordExport): the reviewer who asked for it, or a system admin.
rules.add_perm("awards.view_record_export", is_system_admin | (is_reviewer & requested_export))
rules.add_perm("awards.change_record_export", is_system_admin | (is_reviewer & requested_export))
rules.add_perm("awards.view_record", is_system_admin | reads_record)

#: Object: the unit whose people are rated. Its staff and leader enter the ratings; reviewers of its boards read them.
rules.add_perm("awards.view_unit_ratings", is_system_admin | own_unit | reviews_unit_ratings)
rules.add_perm("awards.change_unit_ratings", is_system_admin | own_unit)
#: Every award type's conditions in each rule set, with their article, words and status.
rules.add_perm("awards.view_rules", is_system_admin | is_reviewer)


# --- Registration of titles (issue 18 item 1) ----------------------------------------------------------------
@rules.predicate
def registers(user, registration) -> bool:
    """The registration's own unit: its staff and leader (a board's reviewers for the board's own registration)."""
    return bool(
        isinstance(registration, Registration)
        and user.is_authenticated
        and user.is_active
        and user.unit_id == registration.unit_id
    )


@rules.predicate
def receives_registration(user, registration) -> bool:
    """A reviewer of the board the registration was sent to."""
    return bool(
        isinstance(registration, Registration)
        and is_reviewer(user)
        and user.unit_id == registration.recipient_id
        and registration.status != RegistrationStatus.DRAFT
    )


@rules.predicate
def registration_editable(user, registration) -> bool:
    return isinstance(registration, Registration) and registration.is_editable


@rules.predicate
def registration_waiting(user, registration) -> bool:
    return isinstance(registration, Registration) and registration.status == RegistrationStatus.SUBMITTED


@rules.predicate
def own_board(user, unit) -> bool:
    """The object is the reviewer's own board."""
    return isinstance(unit, Unit) and is_reviewer(user) and user.unit_id == unit.pk


#: Object: the unit registering (its staff or leader start its registration of the year).
rules.add_perm("awards.add_registration", is_unit_user & belongs_to_object_unit)
rules.add_perm("awards.view_registration", is_system_admin | registers | receives_registration)
rules.add_perm("awards.change_registration", (is_system_admin | registers) & registration_editable)
rules.add_perm("awards.submit_registration", (is_unit_leader | is_reviewer) & registers & registration_editable)
rules.add_perm("awards.review_registration", (is_system_admin | receives_registration) & registration_waiting)
rules.add_perm("awards.view_registrations", rules.is_authenticated & rules.is_active)
#: Object: the board. Its consolidated list of accepted registrations, the export, passing titles up.
rules.add_perm("awards.consolidate_registrations", is_system_admin | own_board)


# --- Rounds (issue 18 item 4) -------------------------------------------------------------------------------
rules.add_perm("awards.view_rounds", rules.is_authenticated & rules.is_active)
#: Object: the board opening the round.
rules.add_perm("awards.add_round", own_board)


# --- Khen cao: outgoing dossiers to the central board (issue 18 item 3) ------------------------------------
def _dispatch_of(obj):
    """The khen cao dossier of a dossier, one of its items, or a proposal it carries."""
    if isinstance(obj, Proposal):
        item = DispatchItem.objects.filter(proposal_id=obj.pk).select_related("dispatch").first()
        return item.dispatch if item else None
    return obj.dispatch if isinstance(obj, DispatchItem) else obj


@rules.predicate
def sends_dispatch(user, obj) -> bool:
    dispatch = _dispatch_of(obj)
    return isinstance(dispatch, Dispatch) and is_reviewer(user) and user.unit_id == dispatch.sender_id


@rules.predicate
def receives_dispatch(user, obj) -> bool:
    dispatch = _dispatch_of(obj)
    return isinstance(dispatch, Dispatch) and is_reviewer(user) and user.unit_id == dispatch.recipient_id


@rules.predicate
def is_provincial_board(user, unit) -> bool:
    from clusters.models import UnitKind

    return isinstance(unit, Unit) and unit.kind == UnitKind.BOARD


rules.add_perm("awards.view_dispatches", is_system_admin | is_reviewer)
#: Object: the board sending the dossier.
rules.add_perm("awards.send_dispatch", own_board & is_provincial_board)
rules.add_perm("awards.view_dispatch", is_system_admin | sends_dispatch | receives_dispatch)
#: Object: the dossier, one of its items or a proposal it carries. The central board records its outcome per
#: recipient.
rules.add_perm("awards.decide_dispatch", is_system_admin | receives_dispatch)


@rules.predicate
def reads_round(user, round_) -> bool:
    """The round's board's reviewers, and the people of the units in its jurisdiction (whose deadline it is)."""
    from clusters.selectors.units import in_jurisdiction

    from .models import AwardRound

    if not isinstance(round_, AwardRound) or not user.is_authenticated or not user.unit_id:
        return False
    if is_reviewer(user):
        return user.unit_id == round_.board_id
    return is_unit_user(user) and in_jurisdiction(round_.board, user.unit_id)


rules.add_perm("awards.view_round", is_system_admin | reads_round)
