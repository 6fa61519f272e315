"""Reads for signing pledges: the content signed and its fingerprint, the signing progress, what waits for a
leader's signature."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from clusters.models import EmulationGroup, MemberRole, Membership, Role, User
from clusters.names import name_order

from .. import seal
from ..models import Pledge, PledgeItem, PledgeSignature, PledgeStatus, PledgeVersion, ScoringCriterion

__all__ = [
    "SigningProgress",
    "members_snapshot",
    "open_pledges_for_leader",
    "pledge_content",
    "pledge_fingerprint",
    "pledge_version",
    "signing_progress",
]


def pledge_content(pledge: Pledge, *, group_name: str | None = None) -> dict:
    """The canonical content of the pledge (`emulation.seal.canonical_content`), read fresh from the database
    rows: what a signer commits to, whatever the `pledge` object in hand holds.

    `group_name`: the group as named in the version's snapshot (`PledgeVersion.content`); the registry's name
    of today otherwise. Renaming a group in the registry is not a change of what was signed."""
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
    row = (
        Pledge.objects.filter(pk=pledge.pk)
        .values("group_id", "year", "version", "title", "preamble", "place", "ceremony_date")
        .get()
    )
    if group_name is None:
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


def pledge_fingerprint(pledge: Pledge, *, group_name: str | None = None) -> str:
    """SHA-256 (hex) of the canonical content of the pledge's current version, recomputed from the rows now
    in the database (see `pledge_content` for `group_name`)."""
    return seal.fingerprint(pledge_content(pledge, group_name=group_name))


def pledge_version(pledge: Pledge, number: int | None = None) -> PledgeVersion | None:
    """The snapshot of version `number` (the pledge's current version by default), if it was opened for
    signing."""
    number = pledge.version if number is None else number
    return PledgeVersion.objects.filter(pledge_id=pledge.pk, number=number).first()


def members_snapshot(pledge: Pledge) -> list[dict]:
    """The member units of the pledge's group and year as named today, for a version's snapshot."""
    return [
        {"unit_id": unit_id, "name": name, "role": role}
        for unit_id, name, role in Membership.objects.filter(group_id=pledge.group_id, year=pledge.year)
        .order_by("unit__name")
        .values_list("unit_id", "unit__name", "role")
    ]


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
    """Open pledges the user's unit is a member of and has not signed in the current version (dashboard).

    Each carries `chair_waits`: the unit chairs the group that year and other members have not signed yet, so
    signing now would be refused (the chair signs last)."""
    if not user.is_authenticated or user.unit_id is None:
        return []
    roles = {
        (group_id, year): role
        for group_id, year, role in Membership.objects.filter(unit_id=user.unit_id).values_list(
            "group_id", "year", "role"
        )
    }
    if not roles:
        return []
    condition = Q(pk__in=[])
    for group_id, year in roles:
        condition |= Q(group_id=group_id, year=year)
    pledges = list(Pledge.objects.filter(condition, status=PledgeStatus.OPEN).select_related("group"))
    signatures = list(
        PledgeSignature.objects.filter(pledge__in=pledges, voided_at__isnull=True).values_list(
            "pledge_id", "version", "unit_id"
        )
    )
    signed = {(pledge_id, version) for pledge_id, version, unit_id in signatures if unit_id == user.unit_id}
    waiting = [p for p in pledges if (p.pk, p.version) not in signed]
    chaired = [p for p in waiting if roles[(p.group_id, p.year)] == MemberRole.CHAIR]
    if chaired:
        members = {}
        for group_id, year, unit_id in Membership.objects.filter(
            _pairs(chaired), role__in=[MemberRole.MEMBER, MemberRole.VICE_CHAIR]
        ).values_list("group_id", "year", "unit_id"):
            members.setdefault((group_id, year), set()).add(unit_id)
        for pledge in chaired:
            done = {u for pid, version, u in signatures if pid == pledge.pk and version == pledge.version}
            pledge.chair_waits = bool(members.get((pledge.group_id, pledge.year), set()) - done)
    for pledge in waiting:
        pledge.chair_waits = getattr(pledge, "chair_waits", False)
    return waiting


def _pairs(pledges) -> Q:
    condition = Q(pk__in=[])
    for pledge in pledges:
        condition |= Q(group_id=pledge.group_id, year=pledge.year)
    return condition
