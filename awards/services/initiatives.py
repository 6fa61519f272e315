"""Writes of the initiative register (issue 19 item 2): enter an initiative with its authors, edit it (optimistic
locking on its `updated_at`), its files, the Excel import (idempotent: a row already in the register is unchanged),
and the initiatives a proposal links for its nominee.

Authors' shares add up to at most 100% per initiative: not a check constraint (a sum over rows), so it is checked
here, on the full list of authors, under a lock on the initiative.

Keyword-only, each in one transaction, each leaving an audit row.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusters.concurrency import claim_version, save_unique
from clusters.models import Person, Unit, User
from clusters.rules import require
from clusters.services.audit import record_audit
from clusters.uploads import DOCUMENTS

from ..models import Initiative, InitiativeAuthor, InitiativeFile, InitiativeScope, Proposal, ProposalInitiative

#: The fields of an initiative its form and the import set.
FIELDS = (
    "title",
    "field",
    "recognising_body",
    "recognising_body_name",
    "decision_number",
    "decision_date",
    "scope",
    "description",
)


def check_authors(authors: Iterable[tuple[Person, int]]) -> list[tuple[Person, int]]:
    """The authors as (person, share): at least one, each once, each share 1..100, together at most 100%."""
    authors = list(authors)
    if not authors:
        raise ValidationError(_("Cần ít nhất một tác giả."))
    seen: set[int] = set()
    for person, share in authors:
        if person.pk in seen:
            raise ValidationError(_("%(p)s được ghi hai lần trong danh sách tác giả.") % {"p": person.full_name})
        seen.add(person.pk)
        if not isinstance(share, int) or not 1 <= share <= 100:
            raise ValidationError(_("Tỷ lệ đóng góp từ 1% đến 100%."))
    total = sum(share for _person, share in authors)
    if total > 100:
        raise ValidationError(_("Tổng tỷ lệ đóng góp của các tác giả là %(n)s%%, không được quá 100%%.") % {"n": total})
    return authors


def _set_authors(initiative: Initiative, authors: list[tuple[Person, int]]) -> None:
    kept = {a.person_id: a for a in initiative.authors.all()}
    wanted = {person.pk: share for person, share in authors}
    initiative.authors.exclude(person_id__in=wanted).delete()
    for person, share in authors:
        author = kept.get(person.pk)
        if author is None:
            InitiativeAuthor.objects.create(initiative=initiative, person=person, share=share)
        elif author.share != share:
            author.share = share
            author.save(update_fields=["share"])


def _authors_text(authors: list[tuple[Person, int]]) -> str:
    return "; ".join(f"{person.full_name} ({share}%)" for person, share in authors)


def _clean_fields(fields: dict) -> dict:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValidationError(_("Không sửa được các trường: %(f)s") % {"f": ", ".join(sorted(unknown))})
    cleaned = dict(fields)
    for name in ("title", "field", "recognising_body_name", "decision_number", "description"):
        if name in cleaned and isinstance(cleaned[name], str):
            cleaned[name] = cleaned[name].strip()
    if cleaned.get("recognising_body") is not None:
        cleaned["recognising_body_name"] = ""
    return cleaned


@transaction.atomic
def initiative_create(*, actor: User | None, unit: Unit, authors: Iterable[tuple[Person, int]], **fields) -> Initiative:
    """Enter a recognised initiative of `unit` with its authors (person, share in %)."""
    require(actor, "awards.change_initiative", unit)
    authors = check_authors(authors)
    initiative = Initiative(
        unit=unit,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        **_clean_fields(fields),
    )
    initiative.full_clean()
    save_unique(initiative)
    _set_authors(initiative, authors)
    record_audit(
        actor=actor,
        action="initiative.create",
        target=initiative,
        unit=unit,
        summary=f"{initiative.title} — {initiative.decision_number}",
        data={"scope": initiative.scope, "authors": _authors_text(authors)},
    )
    return initiative


@transaction.atomic
def initiative_update(
    *,
    actor: User | None,
    initiative: Initiative,
    version=None,
    authors: Iterable[tuple[Person, int]] | None = None,
    **fields,
) -> Initiative:
    """Edit an initiative (and, given `authors`, replace its list of authors), if it is still the `version` the form
    was opened on."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    require(actor, "awards.change_initiative", initiative)
    claim_version(initiative, version)
    changed = {}
    for name, value in _clean_fields(fields).items():
        old = getattr(initiative, name)
        if old != value:
            changed[name] = [str(old) if old is not None else None, str(value) if value is not None else None]
            setattr(initiative, name, value)
    if authors is not None:
        authors = check_authors(authors)
        before = _authors_text([(a.person, a.share) for a in initiative.authors.select_related("person")])
        if before != _authors_text(authors):
            changed["authors"] = [before, _authors_text(authors)]
        _set_authors(initiative, authors)
    if changed:
        initiative.full_clean()
        save_unique(initiative)
        record_audit(
            actor=actor,
            action="initiative.update",
            target=initiative,
            unit=initiative.unit,
            summary=initiative.title,
            data=changed,
        )
    return initiative


# --- Files -------------------------------------------------------------------------------------------------
@transaction.atomic
def initiative_file_add(*, actor: User | None, initiative: Initiative, uploaded) -> InitiativeFile:
    """Keep a file of the initiative (its decision, its description): the project's policy for documents and
    scans (`clusters.uploads.DOCUMENTS`)."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    require(actor, "awards.change_initiative", initiative)
    accepted = DOCUMENTS.check(uploaded)
    kept = InitiativeFile(
        initiative=initiative,
        original_name=accepted.name,
        content_type=accepted.content_type,
        size=accepted.size,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    kept.file.save(f"{initiative.pk}{accepted.extension}", uploaded, save=False)
    kept.save()
    record_audit(
        actor=actor, action="initiative.file_add", target=initiative, unit=initiative.unit, summary=accepted.name
    )
    return kept


@transaction.atomic
def initiative_file_delete(*, actor: User | None, kept: InitiativeFile) -> None:
    initiative = Initiative.objects.select_for_update().get(pk=kept.initiative_id)
    require(actor, "awards.change_initiative", initiative)
    record_audit(
        actor=actor,
        action="initiative.file_delete",
        target=initiative,
        unit=initiative.unit,
        summary=kept.original_name,
    )
    storage, name = kept.file.storage, kept.file.name
    kept.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- The Excel import ------------------------------------------------------------------------------------------
@dataclass
class ImportResult:
    created: list[Initiative] = field(default_factory=list)
    unchanged: int = 0


def existing(*, unit_id: int, decision_number: str, title: str) -> Initiative | None:
    """The register's entry for the same unit, decision and title (what makes a row of a file "unchanged")."""
    return Initiative.objects.filter(unit_id=unit_id, decision_number=decision_number, title=title).first()


@transaction.atomic
def initiatives_import(*, actor: User | None, rows: list[dict]) -> ImportResult:
    """Save the rows of a checked preview (`awards.documents.initiatives.parse_workbook`), all or nothing. A row
    already in the register (same unit, decision number and title) is left as it is: importing a file again
    changes nothing."""
    result = ImportResult()
    for row in rows:
        unit = Unit.objects.get(pk=row["unit"])
        if existing(unit_id=unit.pk, decision_number=row["decision_number"], title=row["title"]) is not None:
            result.unchanged += 1
            continue
        people = Person.objects.in_bulk([pk for pk, _share in row["authors"]])
        authors = [(people[pk], share) for pk, share in row["authors"]]
        result.created.append(
            initiative_create(
                actor=actor,
                unit=unit,
                authors=authors,
                title=row["title"],
                field=row["field"],
                recognising_body=Unit.objects.get(pk=row["body"]) if row["body"] else None,
                recognising_body_name=row["body_name"],
                decision_number=row["decision_number"],
                decision_date=datetime.date.fromisoformat(row["decision_date"]),
                scope=row["scope"],
                description="",
            )
        )
    return result


# --- Proposals -------------------------------------------------------------------------------------------
def link_initiatives(*, actor: User | None, proposal: Proposal, initiatives: Iterable[Initiative]) -> bool:
    """Inside the caller's transaction (`proposal_update`, which locked and checked the proposal): the recognised
    initiatives the proposal cites for its nominee, each one the nominee is an author of. Returns whether the
    links changed."""
    initiatives = list(initiatives)
    if initiatives and not proposal.nominee_person_id:
        raise ValidationError({"initiatives": _("Chỉ đề nghị cho cá nhân mới gắn sáng kiến của tác giả.")})
    authored = set(
        InitiativeAuthor.objects.filter(
            person_id=proposal.nominee_person_id, initiative__in=[i.pk for i in initiatives]
        ).values_list("initiative_id", flat=True)
    )
    foreign = [i for i in initiatives if i.pk not in authored]
    if foreign:
        raise ValidationError(
            {"initiatives": _("Cá nhân được đề nghị không là tác giả của: %(t)s") % {"t": "; ".join(map(str, foreign))}}
        )
    before = set(ProposalInitiative.objects.filter(proposal=proposal).values_list("initiative_id", flat=True))
    wanted = {i.pk for i in initiatives}
    if before == wanted:
        return False
    ProposalInitiative.objects.filter(proposal=proposal).exclude(initiative_id__in=wanted).delete()
    ProposalInitiative.objects.bulk_create(
        [ProposalInitiative(proposal=proposal, initiative_id=pk) for pk in sorted(wanted - before)]
    )
    record_audit(
        actor=actor,
        action="proposal.initiatives",
        target=proposal,
        unit=proposal.proposing_unit,
        summary="; ".join(i.title for i in initiatives)[:500] or _("Bỏ gắn sáng kiến"),
        data={"from": sorted(before), "to": sorted(wanted)},
    )
    return True


__all__ = [
    "InitiativeScope",
    "check_authors",
    "initiative_create",
    "initiative_file_add",
    "initiative_file_delete",
    "initiative_update",
    "initiatives_import",
    "link_initiatives",
]
