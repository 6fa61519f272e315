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

from .models import AwardRecord, Decision, Proposal, ProposalStatus, Submission
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
rules.add_perm("awards.decide_proposal", (is_system_admin | reviews_proposal) & is_approved)
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
