"""Reads for signing pledges: the content signed and its fingerprint, the signing progress, what waits for a
leader's signature."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from clusters.models import EmulationGroup, MemberRole, Membership, Role, User
from clusters.names import name_order

from .. import seal
from ..models import Pledge, PledgeItem, PledgeSignature, PledgeStatus, ScoringCriterion

__all__ = [
    "SigningProgress",
    "open_pledges_for_leader",
    "pledge_content",
    "pledge_fingerprint",
    "signing_progress",
]


def pledge_content(pledge: Pledge) -> dict:
    """The canonical content of the pledge (`emulation.seal.canonical_content`), read fresh from the database
    rows: what a signer commits to, whatever the `pledge` object in hand holds."""
    items = (
        PledgeItem.objects.filter(pledge_id=pledge.pk)
        .order_by("number")
        .prefetch_related("targets", "campaigns")
        .only("pk", "number", "title", "body")
    )
    criteria = (
        ScoringCriterion.objects.filter(pledge_id=pledge.pk)
        .order_by("order", "code")
        .values("section", "code", "title", "max_points", "kind", "rule_text")
    )
    row = Pledge.objects.filter(pk=pledge.pk).values("group_id", "year", "version", "title", "preamble", "place").get()
    group_name = EmulationGroup.objects.filter(pk=row["group_id"]).values_list("name", flat=True).get()
    return seal.canonical_content(
        pledge=row,
        group_name=group_name,
        items=[
            {
                "number": item.number,
                "title": item.title,
                "body": item.body,
                "campaigns": [campaign.pk for campaign in item.campaigns.all()],
                "targets": [
                    {
                        "indicator": target.indicator,
                        "unit_of_measure": target.unit_of_measure,
                        "target_value": target.target_value,
                        "order": target.order,
                        "id": target.pk,
                    }
                    for target in item.targets.all()
                ],
            }
            for item in items
        ],
        criteria=criteria,
    )


def pledge_fingerprint(pledge: Pledge) -> str:
    """SHA-256 (hex) of the canonical content of the pledge's current version, as its signatures carry it."""
    return seal.fingerprint(pledge_content(pledge))


@dataclass
class SignerRow:
    membership: Membership
    signature: PledgeSignature | None
    leaders: list[User] = field(default_factory=list)

    @property
    def is_chair(self) -> bool:
        return self.membership.role == MemberRole.CHAIR


@dataclass
class SigningProgress:
    rows: list[SignerRow]
    voided: list[PledgeSignature]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def signed(self) -> int:
        return sum(1 for row in self.rows if row.signature)

    @property
    def pending(self) -> list[SignerRow]:
        return [row for row in self.rows if not row.signature]

    @property
    def percent(self) -> int:
        return round(100 * self.signed / self.total) if self.total else 0

    @property
    def others_done(self) -> bool:
        """Every member but the chair has signed: the chair's turn."""
        return all(row.signature for row in self.rows if not row.is_chair)


def signing_progress(pledge: Pledge) -> SigningProgress:
    """Each member unit that year with its live signature of the current version (chair listed last)."""
    memberships = list(
        Membership.objects.filter(group_id=pledge.group_id, year=pledge.year)
        .select_related("unit")
        .order_by("unit__name")
    )
    signatures = PledgeSignature.objects.filter(pledge=pledge).select_related("unit", "signer").order_by("signed_at")
    live = {s.unit_id: s for s in signatures if s.voided_at is None and s.version == pledge.version}
    voided = [s for s in signatures if s.voided_at is not None or s.version != pledge.version]
    leaders: dict[int, list[User]] = {}
    for user in User.objects.filter(
        unit_id__in=[m.unit_id for m in memberships], role=Role.LEADER, is_active=True
    ).order_by(*name_order()):
        leaders.setdefault(user.unit_id, []).append(user)
    rows = [SignerRow(m, live.get(m.unit_id), leaders.get(m.unit_id, [])) for m in memberships]
    rows.sort(key=lambda row: (row.is_chair, row.signature is None, row.membership.unit.name))
    return SigningProgress(rows=rows, voided=voided)


def open_pledges_for_leader(user) -> list[Pledge]:
    """Open pledges the user's unit is a member of and has not signed in the current version (dashboard)."""
    if not user.is_authenticated or user.unit_id is None:
        return []
    pairs = list(Membership.objects.filter(unit_id=user.unit_id).values_list("group_id", "year"))
    if not pairs:
        return []
    condition = Q(pk__in=[])
    for group_id, year in pairs:
        condition |= Q(group_id=group_id, year=year)
    pledges = list(Pledge.objects.filter(condition, status=PledgeStatus.OPEN).select_related("group"))
    signed = set(
        PledgeSignature.objects.filter(pledge__in=pledges, unit_id=user.unit_id, voided_at__isnull=True).values_list(
            "pledge_id", "version"
        )
    )
    return [p for p in pledges if (p.pk, p.version) not in signed]
