"""Object permissions of the yearly cycle, reusing the organisation's predicates: campaigns, pledges and
signing, the year-end scoring, the ballot, the summary reports."""

from __future__ import annotations

import rules

from clusters.models import MemberRole, Membership
from clusters.rules import (
    GroupYear,
    chairs_group_year,
    is_reviewer,
    is_system_admin,
    is_unit_leader,
    is_unit_user,
    member_of_group_year,
    organises_group,
)

from .models import AssessmentStatus, BallotStatus, RoundStatus


def group_year_of(obj) -> GroupYear | None:
    """The (group, year) an object of the yearly cycle belongs to: a GroupYear, or anything with group and year."""
    if isinstance(obj, GroupYear):
        return obj
    group = getattr(obj, "group", None)
    year = getattr(obj, "year", None)
    if group is None or year is None:
        pledge = getattr(obj, "pledge", None)
        if pledge is None:
            return None
        group, year = pledge.group, pledge.year
    return GroupYear(group, year)


@rules.predicate
def chairs_object_group_year(user, obj) -> bool:
    group_year = group_year_of(obj)
    return group_year is not None and chairs_group_year(user, group_year)


@rules.predicate
def member_of_object_group_year(user, obj) -> bool:
    group_year = group_year_of(obj)
    return group_year is not None and member_of_group_year(user, group_year)


@rules.predicate
def organises_object_group(user, obj) -> bool:
    group_year = group_year_of(obj)
    return group_year is not None and organises_group(user, group_year)


#: The chair unit that year (staff or leader), the organising board, a system admin.
manages_pledge = is_system_admin | organises_object_group | (is_unit_user & chairs_object_group_year)

# --- Campaigns ----------------------------------------------------------------------------------------
rules.add_perm("emulation.view_campaign", rules.is_authenticated & rules.is_active)
rules.add_perm("emulation.add_campaign", is_system_admin | is_reviewer)


@rules.predicate
def campaign_of_own_board(user, campaign) -> bool:
    """A campaign a board's reviewer created belongs to that board; one loaded without an author
    (the national catalogue, directives) is kept by the reviewers of every board."""
    if campaign is None or campaign.created_by_id is None:
        return True
    creator_unit_id = campaign.created_by.unit_id
    return creator_unit_id is None or creator_unit_id == user.unit_id


#: Object: the campaign. Another board's campaign is not for this board's reviewers to edit.
rules.add_perm("emulation.change_campaign", is_system_admin | (is_reviewer & campaign_of_own_board))

# --- Pledges (object: a Pledge, or a GroupYear for add_pledge) --------------------------------------
rules.add_perm("emulation.view_pledge_list", rules.is_authenticated & rules.is_active)
#: The pledge, its print and PDF: the members that year, the organising board (the one read rule of groups,
#: `clusters.selectors.units.readable_groups`), system admins.
rules.add_perm("emulation.view_pledge", is_system_admin | organises_object_group | member_of_object_group_year)
rules.add_perm("emulation.add_pledge", manages_pledge)
rules.add_perm("emulation.change_pledge", manages_pledge)
rules.add_perm("emulation.remind_pledge", manages_pledge)
#: Reminding the members that have not signed, sent their self-assessment or voted (object: GroupYear):
#: the chair unit that year, its staff and leaders.
rules.add_perm("emulation.remind_members", is_unit_user & chairs_object_group_year)
#: Only the leader of a member unit signs; the service checks the rest (unit, version, order).
rules.add_perm("emulation.sign_pledge", is_unit_leader & member_of_object_group_year)
#: A member's signature given on paper at the ceremony, recorded with its scan: the chair unit's staff or leader.
rules.add_perm("emulation.record_paper_signature", is_unit_user & chairs_object_group_year)
# a PDF of the sealed pledge signed outside the app with a token certificate (issue 20 item 3)
rules.add_perm("emulation.add_signed_copy", manages_pledge)
#: The audit history of a pledge: the chair unit, the organising board and admins.
rules.add_perm("emulation.view_pledge_audit", is_system_admin | organises_object_group | chairs_object_group_year)

# --- Year-end scoring (object: GroupYear or ScoringRound; SelfAssessment for an assessment) ---------


@rules.predicate
def owns_assessment(user, assessment) -> bool:
    """The assessment (or score, evidence) belongs to the user's own unit."""
    unit_id = getattr(assessment, "unit_id", None)
    return bool(user.is_authenticated and unit_id is not None and user.unit_id == unit_id)


@rules.predicate
def vice_chairs_object_group_year(user, obj) -> bool:
    """The user's unit is the vice-chair of the object's group that year."""
    group_year = group_year_of(obj)
    if group_year is None or not user.is_authenticated or user.unit_id is None:
        return False
    return Membership.objects.filter(
        group=group_year.group, year=group_year.year, unit_id=user.unit_id, role=MemberRole.VICE_CHAIR
    ).exists()


@rules.predicate
def is_chairs_own_sheet(user, assessment) -> bool:
    """The assessment is the chair unit's own: someone else must verify it."""
    group_year = group_year_of(assessment)
    unit_id = getattr(assessment, "unit_id", None)
    if group_year is None or unit_id is None:
        return False
    return Membership.objects.filter(
        group=group_year.group, year=group_year.year, unit_id=unit_id, role=MemberRole.CHAIR
    ).exists()


@rules.predicate
def assessment_is_editable(user, assessment) -> bool:
    return assessment.status == AssessmentStatus.DRAFT and assessment.round.status == RoundStatus.OPEN


@rules.predicate
def assessment_is_sent(user, assessment) -> bool:
    return assessment.status != AssessmentStatus.DRAFT and assessment.round.status == RoundStatus.OPEN


@rules.predicate
def scores_are_published(user, obj) -> bool:
    """Scores of every member are public inside the group once the chair has closed scoring."""
    scoring_round = getattr(obj, "round", obj)
    return getattr(scoring_round, "status", None) == RoundStatus.CLOSED


@rules.predicate
def ballot_is_open(user, ballot) -> bool:
    return ballot.status == BallotStatus.OPEN


@rules.predicate
def ballot_is_closed(user, ballot) -> bool:
    return ballot.status == BallotStatus.CLOSED


@rules.predicate
def reviews_organizer(user, organizer) -> bool:
    """The user is a reviewer at this board (the roll-up of the groups it organises)."""
    return bool(is_reviewer(user) and getattr(organizer, "pk", None) == user.unit_id)


@rules.predicate
def organises_report_scope(user, report) -> bool:
    if report.group_id is not None:
        return organises_group(user, report.group)
    return reviews_organizer(user, report.organizer)


#: The chair unit that year (staff or leader) runs the year end; a system admin may step in.
runs_year_end = is_system_admin | (is_unit_user & chairs_object_group_year)

#: See the scoring pages of a group and year (object: GroupYear or ScoringRound).
rules.add_perm("emulation.view_yearend_overview", rules.is_authenticated & rules.is_active)  # each sees their own
rules.add_perm("emulation.view_scoring", is_system_admin | organises_object_group | member_of_object_group_year)
#: Open and close scoring, verify and adjust scores, add bonus or penalty points.
rules.add_perm("emulation.manage_scoring", runs_year_end)
#: A self-assessment: the unit itself; the chair and the organiser any time; other members after publication.
rules.add_perm(
    "emulation.view_assessment",
    is_system_admin
    | organises_object_group
    | chairs_object_group_year
    | owns_assessment
    | (is_chairs_own_sheet & is_unit_user & vice_chairs_object_group_year)
    | (member_of_object_group_year & scores_are_published),
)
rules.add_perm("emulation.edit_assessment", is_unit_user & owns_assessment & assessment_is_editable)
rules.add_perm("emulation.submit_assessment", is_unit_leader & owns_assessment & assessment_is_editable)
#: Verify, adjust, add bonus or penalty points, confirm or return a sent sheet. No unit verifies its own sheet:
#: the chair unit verifies the members' sheets, and the chair's own sheet is verified by the vice-chair unit
#: or the organising board; a system admin may step in for any sheet but one of their own unit.
rules.add_perm(
    "emulation.verify_assessment",
    assessment_is_sent
    & ~owns_assessment
    & (
        is_system_admin
        | (is_unit_user & chairs_object_group_year & ~is_chairs_own_sheet)
        | (is_chairs_own_sheet & ((is_unit_user & vice_chairs_object_group_year) | organises_object_group))
    ),
)
#: The ranking (object: ScoringRound). Nothing ranks before the lock for the members, the chair unit included
#: (it competes too); the organising board and a system admin may look at it any time.
rules.add_perm(
    "emulation.view_ranking",
    is_system_admin | organises_object_group | (member_of_object_group_year & scores_are_published),
)

# --- Ballot (object: GroupYear to open, Ballot otherwise) ---------------------------------------------
rules.add_perm("emulation.view_ballot", is_system_admin | organises_object_group | member_of_object_group_year)
rules.add_perm("emulation.manage_ballot", runs_year_end)
rules.add_perm("emulation.vote_ballot", is_unit_leader & member_of_object_group_year & ballot_is_open)
#: Results only after closing, for everyone.
rules.add_perm(
    "emulation.view_ballot_results",
    ballot_is_closed & (is_system_admin | organises_object_group | member_of_object_group_year),
)

# --- Year-end summary reports -------------------------------------------------------------------------
#: Start a group's report (object: GroupYear).
rules.add_perm("emulation.request_report", is_system_admin | organises_object_group | runs_year_end)
#: Start a roll-up across the groups a board organises (object: the board Unit).
rules.add_perm("emulation.request_rollup", is_system_admin | reviews_organizer)
#: Read a report and download its files (object: Report).
rules.add_perm(
    "emulation.view_report",
    is_system_admin | organises_report_scope | member_of_object_group_year,
)


# --- Statutory statistics (biểu 0601–0605) ----------------------------------------------------------------
@rules.predicate
def reviews_sheet_board(user, obj) -> bool:
    """The user is a reviewer at the board that reports the sheet (a StatSheet, or a StatRun's sheet)."""
    sheet = getattr(obj, "sheet", obj)
    return bool(is_reviewer(user) and getattr(sheet, "board_id", None) == user.unit_id)


#: A board's statistics page and a compile (object: the board Unit): its reviewers, a system admin.
rules.add_perm("emulation.compile_statistics", is_system_admin | reviews_organizer)
#: Read a compile and its files (object: StatRun); change the manual cells (object: StatSheet).
rules.add_perm("emulation.view_stat_run", is_system_admin | reviews_sheet_board)
rules.add_perm("emulation.change_stat_sheet", is_system_admin | reviews_sheet_board)
