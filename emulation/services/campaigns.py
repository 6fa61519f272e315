"""Writes for campaigns (phong trào thi đua)."""

from __future__ import annotations

from django.db import transaction

from clusters.concurrency import claim_version
from clusters.models import User
from clusters.rules import require
from clusters.services.audit import record_audit

from ..models import Campaign

__all__ = ["campaign_create", "campaign_update"]

_M2M = ("groups", "units")


@transaction.atomic
def campaign_create(*, actor: User | None, groups=(), units=(), **fields) -> Campaign:
    require(actor, "emulation.add_campaign")
    campaign = Campaign(**fields, created_by=actor if actor is not None and actor.is_authenticated else None)
    campaign.full_clean()
    campaign.save()
    campaign.groups.set(groups)
    campaign.units.set(units)
    record_audit(
        actor=actor,
        action="campaign.create",
        target=campaign,
        summary=campaign.title,
        unit=getattr(actor, "unit", None),
    )
    return campaign


@transaction.atomic
def campaign_update(*, actor: User | None, campaign: Campaign, version=None, **fields) -> Campaign:
    require(actor, "emulation.change_campaign", campaign)
    claim_version(campaign, version)
    changed = {}
    for name, value in fields.items():
        if name in _M2M:
            before = sorted(getattr(campaign, name).values_list("pk", flat=True))
            after = sorted(obj.pk for obj in value)
            if before != after:
                getattr(campaign, name).set(value)
                changed[name] = [before, after]
        elif getattr(campaign, name) != value:
            changed[name] = [str(getattr(campaign, name)), str(value)]
            setattr(campaign, name, value)
    if changed:
        campaign.full_clean()
        campaign.save()
        record_audit(
            actor=actor,
            action="campaign.update",
            target=campaign,
            summary=campaign.title,
            data=changed,
            unit=getattr(actor, "unit", None),
        )
    return campaign
