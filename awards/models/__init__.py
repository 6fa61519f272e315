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
- council.py: the award council, its sessions and secret votes
- blanks.py: pre-printed certificate blanks and their calibrated fields
- review.py: the review steps inside a board, its staff positions, routing, declared relations, timeline
- rounds.py: rounds (đợt xét) and their deadlines
- registrations.py: registration of titles at the start of the year
- dispatches.py: outgoing dossiers (khen cao) to the central board and their outcome
- initiatives.py: the initiative register (sáng kiến, đề tài), their authors and files, the proposals citing them
- dossiers.py: dossiers with many nominees, each a proposal line
"""

from .blanks import Align, Blank, BlankField, BlankKind, FieldKey, FontFamily, PaperSize
from .catalogue import AwardKind, AwardLevel, AwardTarget, AwardType, EligibilityRule, RuleSet
from .council import (
    AgendaItem,
    BallotChoice,
    Council,
    CouncilBallot,
    CouncilMember,
    CouncilRole,
    CouncilSession,
    CouncilVoteCast,
    SessionStatus,
    VoteMode,
)
from .decisions import Decision, DecisionEntry, DecisionStatus, RegisterCounter
from .dispatches import Dispatch, DispatchItem, DispatchOutcome
from .dossiers import Dossier
from .exports import ExportStatus, RecordExport
from .fairness import AwardPolicy, FairnessSource, FairnessTally
from .initiatives import Initiative, InitiativeAuthor, InitiativeFile, InitiativeScope, ProposalInitiative
from .proposals import (
    COLLECTIVE_CATEGORIES,
    INDIVIDUAL_CATEGORIES,
    LEADER_CATEGORIES,
    SERVICE_KINDS,
    AttachmentKind,
    EligibilityStatus,
    InitiativeLevel,
    Proposal,
    ProposalAttachment,
    ProposalKind,
    ProposalStatus,
    RecipientCategory,
    default_recipient_category,
)
from .ratings import RATING_ORDER, PerformanceRating, RatingLevel
from .records import AwardRecord
from .registrations import Registration, RegistrationEntry, RegistrationStatus
from .review import (
    DeclaredRelation,
    Position,
    ProposalReview,
    ReviewConfig,
    ReviewHolding,
    ReviewStep,
    RoutingRule,
    StaffPosition,
    Verdict,
)
from .rounds import AwardRound, RoundPurpose
from .templates import DocumentTemplate, TemplateKind
from .workflow import ProposalEvent, Submission, SubmissionDeadline

__all__ = [
    "Initiative",
    "InitiativeAuthor",
    "InitiativeFile",
    "InitiativeScope",
    "ProposalInitiative",
    "Align",
    "Blank",
    "BlankField",
    "BlankKind",
    "FieldKey",
    "FontFamily",
    "PaperSize",
    "AgendaItem",
    "BallotChoice",
    "Council",
    "CouncilBallot",
    "CouncilMember",
    "CouncilRole",
    "CouncilSession",
    "CouncilVoteCast",
    "SessionStatus",
    "VoteMode",
    "AttachmentKind",
    "AwardKind",
    "AwardLevel",
    "AwardPolicy",
    "FairnessSource",
    "FairnessTally",
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
    "DeclaredRelation",
    "Position",
    "ProposalReview",
    "ReviewConfig",
    "ReviewHolding",
    "ReviewStep",
    "RoutingRule",
    "StaffPosition",
    "Verdict",
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
    "RecipientCategory",
    "COLLECTIVE_CATEGORIES",
    "INDIVIDUAL_CATEGORIES",
    "LEADER_CATEGORIES",
    "SERVICE_KINDS",
    "Dossier",
    "default_recipient_category",
    "RecordExport",
    "RegisterCounter",
    "RuleSet",
    "Submission",
    "SubmissionDeadline",
    "TemplateKind",
]
