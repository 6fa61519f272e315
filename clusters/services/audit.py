"""The audit trail every write of every app leaves (Zulip's zerver/actions style): `record_audit` inside the
write's transaction, `record_audits` for a bulk write, `apply_changes` for an update's changed fields."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..models import AuditEvent, Unit, User
from ..text import truncated

#: The most characters of one text an audit row keeps (an old or new value, a summary's detail): a long text
#: (an achievements report of 20,000 characters) is kept cut, with its length, not once or twice in full.
AUDIT_TEXT_MAX = 1000


def bounded(value: Any) -> Any:
    """`value` (an audit row's data) with every text cut to `AUDIT_TEXT_MAX` characters."""
    if isinstance(value, str):
        return truncated(value, AUDIT_TEXT_MAX)
    if isinstance(value, dict):
        return {key: bounded(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [bounded(item) for item in value]
    return value


def record_audit(
    *,
    actor: User | None,
    action: str,
    target: Any,
    summary: str = "",
    data: dict | None = None,
    unit: Unit | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Write the audit row for a change. Called inside the same transaction as the change."""
    if unit is not None:
        unit_id = unit.pk
    elif isinstance(target, Unit):
        unit_id = target.pk
    else:
        unit_id = getattr(target, "unit_id", None)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        unit_id=unit_id,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        summary=summary[:500],
        data=bounded(data or {}),
        ip_address=ip_address,
    )


def record_audits(*, actor: User | None, action: str, entries: Iterable[tuple[Any, int | None, str]]) -> int:
    """`record_audit` for many targets of one bulk write, in one INSERT: `entries` are (target, unit id,
    summary). Returns the number of rows written."""
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    events = [
        AuditEvent(
            actor_id=actor_id,
            unit_id=unit_id,
            action=action,
            target_type=target._meta.label_lower,
            target_id=str(target.pk),
            summary=summary[:500],
        )
        for target, unit_id, summary in entries
    ]
    AuditEvent.objects.bulk_create(events, batch_size=1000)
    return len(events)


def apply_changes(instance, fields: dict[str, Any]) -> dict[str, list]:
    """Set `fields` on `instance` (not saved); return those that changed as [old, new] texts, for the update's
    audit row (`data`)."""
    changed = {}
    for name, value in fields.items():
        old = getattr(instance, name)
        if old != value:
            changed[name] = [str(old) if old is not None else None, str(value) if value is not None else None]
            setattr(instance, name, value)
    return changed
