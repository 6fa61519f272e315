"""Writes of the yearly performance ratings: a unit enters (or imports from Excel) its people's ratings for a
year. Keyword-only, in one transaction, one audit row per rating changed; the live proposals that read the
ratings are evaluated again.

The Excel import follows the award records' pattern: `awards.documents.ratings.ratings_parse_workbook` checks
every row and saves nothing; `ratings_import` saves the previewed rows, all or nothing.
"""

from __future__ import annotations

from copy import copy

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from clusters.concurrency import claim_state
from clusters.models import Person, Unit, User
from clusters.rules import require
from clusters.services.audit import record_audits

from ..models import PerformanceRating, Proposal, RatingLevel
from ..selectors.proposals import LIVE_STATUSES
from ..selectors.ratings import ratings_version
from .proposals import refresh_eligibility


@transaction.atomic
def ratings_save(
    *, actor: User | None, unit: Unit, year: int, entries: dict[int, tuple[str, str]], version: str | None = None
) -> int:
    """Set the ratings of the unit's people for `year`: `entries` maps a person id to (level, note); an empty
    level removes that person's rating. Returns how many ratings changed. `version`: the version of these
    people's ratings the form was opened on (`awards.selectors.ratings.ratings_version` of one page of the form;
    changed since: ConflictError; the other pages' people are not part of it)."""
    require(actor, "awards.change_unit_ratings", unit)
    if not 1945 <= int(year) <= 2100:
        raise ValidationError(_("Năm không hợp lệ."))
    Unit.objects.select_for_update().get(pk=unit.pk)  # one ratings form of the unit saves at a time
    claim_state(version, ratings_version(people=entries, year=year))
    people = Person.objects.in_bulk(list(entries))
    existing = {r.person_id: r for r in PerformanceRating.objects.filter(person_id__in=list(entries), year=year)}
    audits, changed_people = [], set()
    for person_id, (level, note) in entries.items():
        person, rating = people.get(person_id), existing.get(person_id)
        if person is None or (person.unit_id != unit.pk and (rating is None or rating.unit_id != unit.pk)):
            raise ValidationError(_("Cá nhân không thuộc đơn vị."))
        if level and level not in RatingLevel.values:
            raise ValidationError(_("Xếp loại «%(l)s» không hợp lệ.") % {"l": level})
        note = (note or "")[:500]
        if not level:
            if rating is not None:
                removed = _("bỏ xếp loại")  # outside the f-string, where makemessages can find it
                audits.append((copy(rating), f"{person.full_name} {year}: {removed}"))
                rating.delete()
                changed_people.add(person_id)
            continue
        if rating is None:
            rating = PerformanceRating.objects.create(
                person=person, year=year, level=level, note=note, unit=unit, entered_by=_user(actor)
            )
        elif (rating.level, rating.note) != (level, note):
            rating.level, rating.note, rating.entered_by = level, note, _user(actor)
            rating.save(update_fields=["level", "note", "entered_by", "updated_at"])
        else:
            continue
        audits.append((rating, f"{person.full_name} {year}: {rating.get_level_display()}"))
        changed_people.add(person_id)
    record_audits(
        actor=actor, action="performance_rating.set", entries=((target, unit.pk, text) for target, text in audits)
    )
    if changed_people:
        _refresh_proposals(unit=unit, year=year, people=changed_people)
    return len(audits)


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def _refresh_proposals(*, unit: Unit, year: int, people: set[int]) -> None:
    """The live proposals that read these ratings: the people's own (this year or the five after) and the unit's."""
    live = Proposal.objects.filter(status__in=LIVE_STATUSES).filter(
        Q(nominee_person_id__in=people, year__gte=year) | Q(nominee_unit_id=unit.pk, year=year)
    )
    for proposal in live.select_related("award_type"):
        refresh_eligibility(proposal)


@transaction.atomic
def ratings_import(*, actor: User | None, unit: Unit, year: int, rows: list[dict]) -> int:
    """Save rows checked by `awards.documents.ratings.ratings_parse_workbook` (all or nothing). Returns how many
    ratings changed."""
    return ratings_save(
        actor=actor, unit=unit, year=year, entries={row["person_id"]: (row["level"], row["note"]) for row in rows}
    )
