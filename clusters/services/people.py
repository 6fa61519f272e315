"""Writes of people: keyword-only, each in one transaction, each leaving an audit row."""

from __future__ import annotations

from django.db import transaction

from ..concurrency import claim_version
from ..models import Person, Unit, User
from .audit import apply_changes, record_audit


@transaction.atomic
def person_create(*, actor: User | None, unit: Unit, **fields) -> Person:
    person = Person(unit=unit, **fields)
    person.full_clean()
    person.save()
    record_audit(actor=actor, action="person.create", target=person, summary=person.full_name)
    return person


@transaction.atomic
def person_update(*, actor: User | None, person: Person, version=None, **fields) -> Person:
    claim_version(person, version)
    changed = apply_changes(person, fields)
    if changed:
        person.full_clean()
        person.save()
        record_audit(actor=actor, action="person.update", target=person, summary=person.full_name, data=changed)
    return person
