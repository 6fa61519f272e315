"""Writes of people: keyword-only, each in one transaction, each leaving an audit row."""

from __future__ import annotations

from django.db import transaction

from ..concurrency import claim_version
from ..models import Person, Unit, User
from ..names import given_name_of
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
    """Change `fields` of `person`. A new full name without a stated given name brings its own last word as given
    name when the old given name was the old name's last word. `version`: the row's `updated_at` the form was
    opened on (changed since: ConflictError)."""
    claim_version(person, version)
    if "full_name" in fields and "given_name" not in fields and person.given_name == given_name_of(person.full_name):
        fields["given_name"] = given_name_of(fields["full_name"])
    changed = apply_changes(person, fields)
    if changed:
        person.full_clean()
        person.save()
        record_audit(actor=actor, action="person.update", target=person, summary=person.full_name, data=changed)
    return person
