"""Writes of dossiers with many nominees: create one with its lines, add lines, send its lines up.

Each line is made by `awards.services.proposals.proposal_create` and sent by `awards.services.workflow`: a line
is a proposal like any other (its own eligibility, review, decision line and certificate). Keyword-only, each in
one transaction (a line refused refuses the whole call), each leaving an audit row.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from clusters.models import Unit, User
from clusters.rules import require
from clusters.services.audit import record_audit

from ..models import AwardType, Dossier, Proposal, ProposalKind, Submission
from ..selectors.dossiers import open_lines
from .proposals import proposal_create, refresh_unit_year
from .workflow import submission_create


def _line_name(line: dict) -> str:
    if line.get("nominee_person") is not None:
        return line["nominee_person"].full_name
    return str(line.get("nominee_unit") or "")


def _add_lines(*, actor, dossier: Dossier, lines: list[dict], first: int = 1) -> list[Proposal]:
    if not lines:
        raise ValidationError(_("Hồ sơ phải có ít nhất một đối tượng."))
    made, errors = [], []
    for number, line in enumerate(lines, start=first):
        try:
            with transaction.atomic():
                made.append(
                    proposal_create(
                        actor=actor,
                        proposing_unit=dossier.proposing_unit,
                        award_type_code=dossier.award_type.code,
                        year=dossier.year,
                        kind=dossier.kind,
                        dossier=dossier,
                        **line,
                    )
                )
        except ValidationError as error:
            errors.extend(
                _("Dòng %(n)s (%(name)s): %(message)s") % {"n": number, "name": _line_name(line), "message": message}
                for message in error.messages
            )
    if errors:
        raise ValidationError(errors)
    refresh_unit_year(proposing_unit_id=dossier.proposing_unit_id, year=dossier.year)
    return made


@transaction.atomic
def dossier_create(
    *,
    actor: User | None,
    proposing_unit: Unit,
    award_type_code: str,
    year: int,
    kind: str = ProposalKind.ANNUAL,
    summary: str = "",
    lines: list[dict],
) -> Dossier:
    """A dossier and a draft proposal for each of its `lines` (dicts of `nominee_unit` or `nominee_person`,
    `recipient_category`, `achievements`, and `service_years`/`nationality` where the kind needs them).
    Every line is checked as a proposal is; one refused refuses the dossier (ValidationError, "Dòng n: …")."""
    require(actor, "awards.add_proposal", proposing_unit)
    try:
        award_type = AwardType.objects.get(code=award_type_code)
    except AwardType.DoesNotExist:
        raise ValidationError(
            {"award_type": _("Không có danh hiệu, hình thức khen thưởng mã %(code)s.") % {"code": award_type_code}}
        ) from None
    dossier = Dossier(
        proposing_unit=proposing_unit,
        award_type=award_type,
        year=year,
        kind=kind,
        summary=summary,
        created_by=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
    )
    dossier.full_clean()
    dossier.save()
    _add_lines(actor=actor, dossier=dossier, lines=lines)
    record_audit(
        actor=actor,
        action="dossier.create",
        target=dossier,
        unit=proposing_unit,
        summary=_("%(d)s: %(n)s đối tượng") % {"d": dossier, "n": len(lines)},
        data={"award_type": award_type.code, "year": year, "kind": kind, "lines": len(lines)},
    )
    return dossier


@transaction.atomic
def dossier_add_lines(*, actor: User | None, dossier: Dossier, lines: list[dict]) -> list[Proposal]:
    """More nominees in a dossier not yet sent up (its unit's staff)."""
    dossier = Dossier.objects.select_for_update().select_related("award_type", "proposing_unit").get(pk=dossier.pk)
    require(actor, "awards.change_dossier", dossier)
    made = _add_lines(actor=actor, dossier=dossier, lines=lines, first=dossier.lines.count() + 1)
    record_audit(
        actor=actor,
        action="dossier.add_lines",
        target=dossier,
        unit=dossier.proposing_unit,
        summary=_("%(d)s: thêm %(n)s đối tượng") % {"d": dossier, "n": len(made)},
    )
    return made


@transaction.atomic
def dossier_submit(*, actor: User, dossier: Dossier, number: str, title: str, body: str = "") -> Submission:
    """The unit leader sends the dossier's draft lines up with one covering submission (tờ trình), through the
    workflow's own `submission_create` (each line checked as any proposal: a line failing a rule needs its
    justification, its documents): all the lines or none."""
    dossier = Dossier.objects.select_for_update().select_related("award_type", "proposing_unit").get(pk=dossier.pk)
    require(actor, "awards.submit_dossier", dossier)
    lines = list(open_lines(dossier))
    if not lines:
        raise ValidationError(_("Hồ sơ không còn đối tượng nào chờ trình."))
    submission = submission_create(
        actor=actor,
        proposing_unit=dossier.proposing_unit,
        year=dossier.year,
        number=number,
        title=title,
        body=body,
        proposals=lines,
    )
    record_audit(
        actor=actor,
        action="dossier.submit",
        target=dossier,
        unit=dossier.proposing_unit,
        summary=_("%(d)s: trình %(n)s đối tượng, tờ trình %(s)s") % {"d": dossier, "n": len(lines), "s": number},
    )
    return submission
