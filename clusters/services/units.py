"""Writes of units: keyword-only, each in one transaction, each leaving an audit row."""

from __future__ import annotations

from django.db import transaction

from ..concurrency import claim_version, save_unique
from ..models import Unit, User
from .audit import apply_changes, record_audit


@transaction.atomic
def unit_create(*, actor: User | None, **fields) -> Unit:
    unit = Unit(**fields)
    unit.full_clean()
    save_unique(unit)
    record_audit(actor=actor, action="unit.create", target=unit, summary=unit.name)
    return unit


@transaction.atomic
def unit_update(*, actor: User | None, unit: Unit, version=None, **fields) -> Unit:
    """`version`: the `updated_at` the edit form was opened on (a later save by someone else: ConflictError)."""
    claim_version(unit, version)
    changed = apply_changes(unit, fields)
    if changed:
        unit.full_clean()
        save_unique(unit)
        record_audit(actor=actor, action="unit.update", target=unit, summary=unit.name, data=changed)
    return unit
