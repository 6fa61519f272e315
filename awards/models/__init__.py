"""Models of awards, one module per feature; every model is imported here (Django finds them here).

- catalogue.py: titles and award forms, rule sets, eligibility rules
- proposals.py: proposals, their dossier and attachments
- workflow.py: covering submissions, deadlines, each step's history
- records.py: award records (who received what, by which decision)
- decisions.py: award decisions, the proposals they grant, the register (sổ vàng) they number
- templates.py: each board's Word templates of the documents it issues, in versions
- exports.py: large Excel exports of award records
- fairness.py: the board's fairness policy
- ratings.py: each person's yearly performance rating
"""

from .catalogue import AwardKind, AwardLevel, AwardTarget, AwardType, EligibilityRule, RuleSet
from .decisions import Decision, DecisionEntry, DecisionStatus, RegisterCounter
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
from .templates import DocumentTemplate, TemplateKind
from .workflow import ProposalEvent, Submission, SubmissionDeadline

__all__ = [
    "AttachmentKind",
    "AwardKind",
    "AwardLevel",
    "AwardPolicy",
    "AwardRecord",
    "AwardTarget",
    "AwardType",
    "Decision",
    "DecisionEntry",
    "DecisionStatus",
    "DocumentTemplate",
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
    "RegisterCounter",
    "RuleSet",
    "Submission",
    "SubmissionDeadline",
    "TemplateKind",
]
