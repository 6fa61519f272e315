"""Object permissions for awards, one per transition.

- Staff (and the leader) of a unit prepare and edit its proposals while they are drafts or returned.
- Only the unit's leader sends them up (submit), with a covering submission.
- Reviewers at the board review what is in their scope (see `awards.selectors.workflow.reviewer_scope`):
  start review, return, reject, approve, and enter the decision.
- Staff and the leader of a unit enter its people's yearly performance ratings; the reviewers of the boards
  that review its proposals read them (see `awards.selectors.ratings.reviews_unit`).
- Reviewers and system admins read every rule set's conditions; system admins edit them in the admin.
- System admins may do everything; they edit the catalogue and rules in the admin.
- A board that runs the review steps (`awards.models.review`, issue 18 item 2): the intake (the clerk, or the
  specialists on a board without one) receives, returns and assigns dossiers; the assigned specialist records
  the verdict; the head and the leader approve or send back. Its reviewers no longer take the single
  reviewer's steps (start review, return, reject, approve); the decision stays as it was. The board's
  administrator (or its leader) configures the steps, positions and routing; every reviewer declares relations.
"""

from __future__ import annotations

import rules

from clusters.models import Unit
from clusters.rules import (
    belongs_to_object_unit,
    is_board_admin,
    is_reviewer,
    is_system_admin,
    is_unit_leader,
    is_unit_user,
)
from clusters.selectors.units import reads_unit

from .models import (
    AwardLevel,
    AwardRecord,
    Decision,
    Dispatch,
    DispatchItem,
    Dossier,
    Proposal,
    ProposalStatus,
    Registration,
    RegistrationStatus,
    Submission,
)
from .selectors import dossiers as dossier_selectors
from .selectors import review as review_selectors
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


# --- Dossiers with many nominees (issue 19 item 1): their lines are proposals, with the proposals' rules ------
@rules.predicate
def dossier_open(user, dossier) -> bool:
    """No line of the dossier has been sent up yet."""
    return isinstance(dossier, Dossier) and dossier_selectors.is_open(dossier)


@rules.predicate
def reviews_dossier(user, dossier) -> bool:
    """A reviewer who reviews a line of the dossier (the proposals' read rule)."""
    return (
        isinstance(dossier, Dossier)
        and is_reviewer(user)
        and dossier_selectors.readable_dossiers(user).filter(pk=dossier.pk).exists()
    )


rules.add_perm("awards.view_dossier", is_system_admin | own_unit | reviews_dossier)
rules.add_perm("awards.change_dossier", own_unit & dossier_open)
rules.add_perm("awards.submit_dossier", is_unit_leader & belongs_to_object_unit & dossier_open)


# --- Review steps inside a board (issue 18 item 2) ---------------------------------------------------------
@rules.predicate
def board_runs_steps(user) -> bool:
    """The user's board reviews with steps (`ReviewConfig.enabled`)."""
    return review_selectors.runs_steps(user)


@rules.predicate
def in_steps(user, proposal) -> bool:
    """The dossier is being handled in a board's steps."""
    return isinstance(proposal, Proposal) and _review(proposal) is not None and _review(proposal).step != "done"


def _review(proposal: Proposal):
    """The dossier's review state, read once per object (the page's checks ask several times)."""
    if not hasattr(proposal, "_review_state"):
        proposal._review_state = review_selectors.review_of(proposal)
    return proposal._review_state


def _holds(user, position: str) -> bool:
    return position in review_selectors.positions_of(user)


@rules.predicate
def at_intake(user, proposal) -> bool:
    """The user receives the board's dossiers (its clerk, or its specialists without one) and the dossier is
    waiting for the board or in its intake."""
    if not isinstance(proposal, Proposal) or not reviews_proposal(user, proposal):
        return False
    config = review_selectors.config_of(user.unit_id)
    if config is None or not _holds(user, config.intake_position):
        return False
    review = _review(proposal)
    if proposal.status == ProposalStatus.SUBMITTED and (review is None or review.step == "done"):
        return True
    return review is not None and review.board_id == user.unit_id and review.step == "intake"


@rules.predicate
def assigns(user, proposal) -> bool:
    """The intake reassigns a dossier still at the specialist's step."""
    if not isinstance(proposal, Proposal) or not reviews_proposal(user, proposal):
        return False
    config = review_selectors.config_of(user.unit_id)
    review = _review(proposal)
    return (
        config is not None
        and _holds(user, config.intake_position)
        and review is not None
        and review.board_id == user.unit_id
        and review.step in ("intake", "assessment")
        and proposal.status == ProposalStatus.UNDER_REVIEW
    )


@rules.predicate
def assessing(user, proposal) -> bool:
    review = isinstance(proposal, Proposal) and _review(proposal)
    return bool(
        review
        and review.step == "assessment"
        and review.specialist_id == user.pk
        and _holds(user, "specialist")
        and reviews_proposal(user, proposal)
    )


@rules.predicate
def approving(user, proposal) -> bool:
    review = isinstance(proposal, Proposal) and _review(proposal)
    return bool(
        review
        and review.board_id == user.unit_id
        and review.step in ("head", "leader")
        and _holds(user, review.step)
        and reviews_proposal(user, proposal)
    )


@rules.predicate
def configures_board(user, board) -> bool:
    """The board's administrator, or its leader in the steps."""
    if not isinstance(board, Unit) or not user.is_authenticated or not user.is_active or user.unit_id != board.pk:
        return False
    return is_board_admin(user) or (is_reviewer(user) and "leader" in review_selectors.positions_of(user))


@rules.predicate
def started_alone(user, proposal) -> bool:
    """Under review by a single reviewer since before the board turned its steps on: finished that way."""
    return (
        isinstance(proposal, Proposal) and proposal.status == ProposalStatus.UNDER_REVIEW and _review(proposal) is None
    )


#: A board running the steps receives new dossiers through them; those already under review finish as they began.
rules.add_perm(
    "awards.start_review", (is_system_admin | reviews_proposal) & is_submitted & ~board_runs_steps & ~in_steps
)
rules.add_perm(
    "awards.review_proposal",
    (is_system_admin | reviews_proposal) & in_review & ~in_steps & (~board_runs_steps | started_alone),
)
#: Receive a dossier sent up, or return an incomplete one to its unit.
rules.add_perm("awards.intake_dossier", at_intake)
rules.add_perm("awards.assign_dossier", assigns)
rules.add_perm("awards.record_verdict", assessing)
#: Approve (or send back) at the head's or the leader's step.
rules.add_perm("awards.approve_step", approving)
rules.add_perm("awards.view_review_inbox", is_system_admin | is_reviewer)
#: Object: the board. Its steps, positions and routing table.
rules.add_perm("awards.configure_review", is_system_admin | configures_board)
rules.add_perm("awards.declare_relation", is_reviewer)


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


# --- The award council (issue 17 item 3) and certificate blanks (item 4) ----------------------------------
#: Object: a board (Unit), a council, a session or a blank (their `unit_id` is the board): the board's reviewers.
board_reviewer = is_reviewer & belongs_to_object_unit


@rules.predicate
def sits_on_council(user, session) -> bool:
    """The user is a member of the session's council."""
    from .models import CouncilMember, CouncilSession

    return bool(
        user.is_authenticated
        and isinstance(session, CouncilSession)
        and CouncilMember.objects.filter(council_id=session.council_id, user_id=user.pk).exists()
    )


@rules.predicate
def session_open(user, session) -> bool:
    return getattr(session, "status", "") == "open"


@rules.predicate
def is_council_member(user) -> bool:
    """The user sits on some board's council (a leader of a department may): they find their sessions on the
    councils page."""
    from .models import CouncilMember

    return bool(user.is_authenticated and CouncilMember.objects.filter(user_id=user.pk).exists())


rules.add_perm("awards.view_councils", is_system_admin | is_reviewer | is_council_member)
rules.add_perm("awards.add_council", is_reviewer)
rules.add_perm("awards.manage_council", is_system_admin | board_reviewer)
#: Object: a session. Its board's reviewers and its council's members read it; members vote while it is open.
rules.add_perm("awards.view_council_session", is_system_admin | board_reviewer | sits_on_council)
rules.add_perm("awards.vote_council", sits_on_council & session_open)
rules.add_perm("awards.view_blanks", is_system_admin | is_reviewer)
rules.add_perm("awards.add_blank", is_reviewer)
rules.add_perm("awards.manage_blank", is_system_admin | board_reviewer)


# --- Decisions (awards.models.decisions) ------------------------------------------------------------------
@rules.predicate
def issues_for_board(user, unit) -> bool:
    """Object: a board (the decision's issuing authority); the user is one of its reviewers."""
    return isinstance(unit, Unit) and is_reviewer(user) and user.unit_id == unit.pk


@rules.predicate
def issues_decision(user, decision) -> bool:
    """Object: a decision; the user is a reviewer of the board that issues it."""
    return isinstance(decision, Decision) and is_reviewer(user) and user.unit_id == decision.authority_id


#: The list of decisions and drafting one (for the user's board).
rules.add_perm("awards.view_decisions", is_system_admin | is_reviewer)
#: Object: the issuing board.
rules.add_perm("awards.add_decision", is_system_admin | issues_for_board)
#: Object: the decision. Read, edit the draft, add/remove proposals, issue, revoke, generate its documents.
rules.add_perm("awards.view_decision", is_system_admin | issues_decision)
rules.add_perm("awards.change_decision", is_system_admin | issues_decision)
#: Object: the board. Its Word templates (mẫu văn bản): read and upload new versions.
rules.add_perm("awards.change_templates", is_system_admin | issues_for_board)


@rules.predicate
def reads_submission(user, submission) -> bool:
    """Object: a covering submission (tờ trình); the user reads its proposing unit (the one read rule)."""
    return isinstance(submission, Submission) and reads_unit(user, submission.proposing_unit_id)


#: The proposing unit's covering submission as a Word document.
rules.add_perm("awards.view_submission", is_system_admin | reads_submission)


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


# --- The initiative register (issue 19 item 2) ----------------------------------------------------------------
@rules.predicate
def edits_initiatives_of(user, obj) -> bool:
    """Object: an initiative, or a unit. The unit's staff and leader; the board whose jurisdiction holds it
    (`awards.selectors.initiatives.edits_unit_initiatives`)."""
    from .models import Initiative
    from .selectors.initiatives import edits_unit_initiatives

    unit_id = obj.unit_id if isinstance(obj, Initiative) else obj.pk if isinstance(obj, Unit) else None
    return edits_unit_initiatives(user, unit_id)


@rules.predicate
def reads_initiative(user, initiative) -> bool:
    """The initiative's unit is a unit the user reads (the one read rule, `readable_units`)."""
    from .models import Initiative

    return isinstance(initiative, Initiative) and reads_unit(user, initiative.unit_id)


@rules.predicate
def may_enter_initiatives(user) -> bool:
    """Some unit's initiatives are the user's to enter: a unit's staff or leader, a board's people."""
    from .selectors.initiatives import editable_units

    return editable_units(user).exists()


#: The register's list and the report of candidates without an initiative: what the read rule gives (none for some).
rules.add_perm("awards.view_initiatives", rules.is_authenticated & rules.is_active)
rules.add_perm("awards.view_initiative", is_system_admin | reads_initiative)
#: No object: open the form to enter an initiative, the Excel import. Object: the unit, the initiative.
rules.add_perm("awards.add_initiative", is_system_admin | may_enter_initiatives)
rules.add_perm("awards.change_initiative", is_system_admin | edits_initiatives_of)
