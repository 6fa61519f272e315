"""Models of awards, one module per feature; every model is imported here (Django finds them here).

- catalogue.py: titles and award forms, rule sets, eligibility rules
- proposals.py: proposals, their dossier and attachments
- workflow.py: covering submissions, deadlines, each step's history
- records.py: award records (who received what, by which decision)
- exports.py: large Excel exports of award records
- fairness.py: the board's fairness policy
- ratings.py: each person's yearly performance rating
- rounds.py: rounds (đợt xét) and their deadlines
- registrations.py: registration of titles at the start of the year
- dispatches.py: outgoing dossiers (khen cao) to the central board and their outcome
"""

from .catalogue import AwardKind, AwardLevel, AwardTarget, AwardType, EligibilityRule, RuleSet
from .dispatches import Dispatch, DispatchItem, DispatchOutcome
from .exports import ExportStatus, RecordExport
from .fairness import AwardPolicy
from .proposals import (
    AttachmentKind,
    EligibilityStatus,
    InitiativeLevel,
    Proposal,
    ProposalAttachment,
    ProposalKind,
    ProposalStatus,
)
from .ratings import RATING_ORDER, PerformanceRating, RatingLevel
from .records import AwardRecord
from .registrations import Registration, RegistrationEntry, RegistrationStatus
from .rounds import AwardRound, RoundPurpose
from .workflow import ProposalEvent, Submission, SubmissionDeadline

__all__ = [
    "AttachmentKind",
    "AwardKind",
    "AwardLevel",
    "AwardPolicy",
    "AwardRecord",
    "AwardRound",
    "Dispatch",
    "DispatchItem",
    "DispatchOutcome",
    "Registration",
    "RegistrationEntry",
    "RegistrationStatus",
    "RoundPurpose",
    "AwardTarget",
    "AwardType",
    "EligibilityRule",
    "EligibilityStatus",
    "ExportStatus",
    "InitiativeLevel",
    "PerformanceRating",
    "Proposal",
    "ProposalAttachment",
    "ProposalEvent",
    "ProposalKind",
    "ProposalStatus",
    "RATING_ORDER",
    "RatingLevel",
    "RecordExport",
    "RuleSet",
    "Submission",
    "SubmissionDeadline",
]
