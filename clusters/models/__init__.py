"""Models of the organisation, one module per feature; every model is imported here (Django finds them here,
and `from clusters.models import Unit` keeps working).

- units.py: units and their lineage (mergers, successors)
- groups.py: clusters and blocs, their yearly memberships, chairs, vice-chairs and standing agencies
- people.py: people who may be proposed for individual awards, and `Individual`, the name and identity every
  human in the app has (people and accounts)
- accounts.py: users and their roles, and their creating forms' one-time tokens
- audit.py: the audit trail, one row per write
- signatures.py: PDFs signed outside the app with a token certificate, as validated
- tdkt.py: the register of emulation and commendation bodies and their staff (statutory forms 0604, 0605)
- webhooks.py: boards' receivers of events, each delivery and attempt
- tokens.py: the API tokens of service accounts
"""

from .accounts import Role, SubmissionToken, User
from .audit import AuditEvent
from .groups import EmulationGroup, GroupKind, MemberRole, Membership
from .people import Gender, Individual, Person, PersonCategory
from .signatures import SignedCopy
from .tdkt import BodyForm, BodyLevel, EducationLevel, StaffMember, TdktBody
from .tokens import ApiToken
from .units import MERGER_DATE, Unit, UnitKind
from .webhooks import DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookEvent, WebhookReceiver

__all__ = [
    "MERGER_DATE",
    "ApiToken",
    "AuditEvent",
    "BodyForm",
    "BodyLevel",
    "EducationLevel",
    "StaffMember",
    "TdktBody",
    "DeliveryStatus",
    "EmulationGroup",
    "Gender",
    "GroupKind",
    "Individual",
    "MemberRole",
    "Membership",
    "Person",
    "PersonCategory",
    "Role",
    "SignedCopy",
    "SubmissionToken",
    "Unit",
    "UnitKind",
    "User",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEvent",
    "WebhookReceiver",
]
