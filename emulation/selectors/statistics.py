"""Reads of the statutory statistics: the facts each form counts (campaigns, award records, bodies, staff) within a
board's jurisdiction for a year, and the small pure functions that turn a form's rows and columns into counts.

Every counted object is first reduced to a dict of facts (`campaign_facts`, `record_facts`, `body_facts`,
`staff_facts`); a row's or column's spec is a dict of conditions on those facts, all of which must hold
(`matches`); `evaluate` counts, for every cell, the facts its row and its column both accept, and a column with
"sum" adds the row's other cells. The pure functions read no database: tests call them directly.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from awards.models import AwardRecord
from clusters.models import StaffMember, TdktBody, Unit, UnitKind
from clusters.selectors.units import units_in_jurisdiction

from ..models import Authority, Campaign, StatForm, StatRun, StatSheet, StatSubject

__all__ = [
    "RANGE_KEYS",
    "Compiled",
    "body_facts",
    "campaign_facts",
    "cell_key",
    "compile_form",
    "evaluate",
    "form_in_force",
    "forms_in_force",
    "matches",
    "months_between",
    "record_facts",
    "runs_of_board",
    "staff_facts",
    "unclassified_reasons",
]

#: Spec keys whose value is a half-open range [low, high) (high None: no bound); a fact of None is unbounded
#: (an open-ended campaign lasts "5 years and more").
RANGE_KEYS = frozenset({"duration_months", "age", "years_in_work"})


def cell_key(row_code: str, column_code: str) -> str:
    return f"{row_code}|{column_code}"


# --- Pure functions ---------------------------------------------------------------------------------------
def months_between(start: datetime.date, end: datetime.date | None) -> int | None:
    """The whole months a campaign lasts, its last day included (1/1 to 31/12 is 12); None when open-ended."""
    if end is None:
        return None
    day_after = end + datetime.timedelta(days=1)
    months = (day_after.year - start.year) * 12 + day_after.month - start.month
    if day_after.day < start.day:
        months -= 1
    return max(months, 0)


def matches(spec: dict, facts: dict) -> bool:
    """Whether `facts` meet every condition of `spec` (an empty spec accepts everything)."""
    for key, wanted in spec.items():
        if key == "sum":
            continue
        if key in RANGE_KEYS:
            value = facts.get(key)
            low, high = wanted
            if value is None:
                if high is not None:
                    return False
                continue
            if value < low or (high is not None and value >= high):
                return False
        elif key == "award_types":
            if facts.get("award_type") not in wanted:
                return False
        elif key == "target":
            if facts.get("target") != wanted:
                return False
        elif facts.get(key) not in wanted:
            return False
    return True


def evaluate(definition: dict, facts: Iterable[dict]) -> dict[str, int]:
    """The computed cells of a form: {"row|column": count}. Heading rows and manual cells are left out."""
    facts = list(facts)
    columns = definition.get("columns", [])
    cells: dict[str, int] = {}
    for row in definition.get("rows", []):
        if row.get("heading") or row.get("manual"):
            continue
        row_facts = [f for f in facts if matches(row.get("spec", {}), f)]
        for column in columns:
            if column.get("manual") or "sum" in column.get("spec", {}):
                continue
            cells[cell_key(row["code"], column["code"])] = sum(1 for f in row_facts if matches(column["spec"], f))
        for column in columns:
            summed = column.get("spec", {}).get("sum")
            if summed and not column.get("manual"):
                cells[cell_key(row["code"], column["code"])] = sum(
                    cells.get(cell_key(row["code"], code), 0) for code in summed
                )
    return cells


def campaign_facts(campaign: Campaign) -> dict:
    return {
        "authority": campaign.authority,
        "launching_unit_kind": campaign.launching_unit.kind if campaign.launching_unit_id else None,
        "campaign_kind": campaign.kind,
        "duration_months": months_between(campaign.start_date, campaign.end_date),
    }


def _submitter(record: AwardRecord) -> Unit | None:
    """Who put the record forward: its proposal's proposing unit, else the nominee (or the nominee's unit)."""
    if record.proposal_id and record.proposal.proposing_unit_id:
        return record.proposal.proposing_unit
    if record.nominee_unit_id:
        return record.nominee_unit.parent or record.nominee_unit
    return record.nominee_person.unit


def record_facts(record: AwardRecord) -> dict:
    submitter = _submitter(record)
    return {
        "id": record.pk,
        "kind": record.kind,
        "recipient_category": record.recipient_category,
        "award_type": record.award_type.code,
        "award_level": record.award_type.level,
        "target": "collective" if record.nominee_unit_id else "individual",
        "submitter_kind": submitter.kind if submitter is not None else None,
    }


def body_facts(body: TdktBody) -> dict:
    return {"body_level": body.level, "body_form": body.form}


def staff_facts(member: StaffMember, year: int) -> dict:
    return {
        "gender": member.gender,
        "age": year - member.birth_year,
        "education": member.education,
        "years_in_work": year - member.started_year,
    }


def mapped_award_types(definition: dict) -> set[str]:
    return {code for column in definition.get("columns", []) for code in column.get("spec", {}).get("award_types", [])}


def unclassified_reasons(definition: dict, facts: dict, mapped_types: set[str] | None = None) -> list[str]:
    """Why an award record the form should count cannot be counted fully (empty: nothing wrong, or not this
    form's business). Reason codes: "kind", "recipient_category", "award_type" (its level belongs to the form but
    no column names it). `mapped_types`: `mapped_award_types(definition)`, when the caller has it."""
    if mapped_types is None:
        mapped_types = mapped_award_types(definition)
    mapped = facts["award_type"] in mapped_types
    if not mapped and facts["award_level"] not in definition.get("award_levels", []):
        return []
    reasons = []
    if not mapped:
        reasons.append("award_type")
    if not facts["kind"]:
        reasons.append("kind")
    if not facts["recipient_category"]:
        reasons.append("recipient_category")
    return reasons


# --- Reads ------------------------------------------------------------------------------------------------
def form_in_force(code: str, day: datetime.date) -> StatForm | None:
    """The version of form `code` in force on `day`."""
    return (
        StatForm.objects.filter(code=code, effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
        .first()
    )


def forms_in_force(year: int) -> list[StatForm]:
    """Each form's version in force at the end of `year` (the reporting day)."""
    day = datetime.date(year, 12, 31)
    forms = (
        StatForm.objects.filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("code", "-effective_from")
    )
    latest: dict[str, StatForm] = {}
    for form in forms:
        latest.setdefault(form.code, form)
    return list(latest.values())


def _jurisdiction_ids(board: Unit) -> QuerySet:
    return units_in_jurisdiction(board).values("pk")


def campaigns_in_scope(board: Unit, year: int) -> QuerySet:
    """The campaigns running in `year` that the board reports: the central board every one; a provincial board
    the nationwide ones and those launched in, or joined by, a unit of its jurisdiction."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    campaigns = Campaign.objects.filter(start_date__lte=end).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    if board.kind != UnitKind.CENTRAL:
        units = _jurisdiction_ids(board)
        in_scope = Campaign.objects.filter(
            Q(authority__in=[Authority.PRIME_MINISTER, Authority.CENTRAL_COUNCIL])
            | Q(launching_unit__in=units)
            | Q(units__in=units)
            | Q(groups__memberships__unit__in=units, groups__memberships__year=year)
        ).values("pk")
        campaigns = campaigns.filter(pk__in=in_scope)
    return campaigns.select_related("launching_unit").order_by("pk")


def records_in_scope(board: Unit, year: int, *, codes=(), levels=()) -> QuerySet:
    """The award records in force of `year` whose nominee (a collective, or a person's unit) is in the board's
    jurisdiction; with `codes` or `levels`, only those of these award types or levels (a form's business: the
    many basic titles are not read)."""
    records = AwardRecord.objects.filter(year=year)
    if codes or levels:
        records = records.filter(Q(award_type__code__in=list(codes)) | Q(award_type__level__in=list(levels)))
    if board.kind != UnitKind.CENTRAL:
        units = _jurisdiction_ids(board)
        records = records.filter(Q(nominee_unit__in=units) | Q(nominee_person__unit__in=units))
    return records.select_related(
        "award_type", "proposal__proposing_unit", "nominee_unit__parent", "nominee_person__unit"
    ).order_by("pk")


def bodies_in_scope(board: Unit) -> QuerySet:
    bodies = TdktBody.objects.all()
    if board.kind != UnitKind.CENTRAL:
        bodies = bodies.filter(unit__in=_jurisdiction_ids(board))
    return bodies.order_by("pk")


def staff_in_scope(board: Unit, year: int) -> QuerySet:
    staff = StaffMember.objects.filter(started_year__lte=year).filter(
        Q(left_year__isnull=True) | Q(left_year__gte=year)
    )
    if board.kind != UnitKind.CENTRAL:
        staff = staff.filter(body__unit__in=_jurisdiction_ids(board))
    return staff.order_by("pk")


@dataclass
class Compiled:
    cells: dict[str, int]
    unclassified: list[dict] = field(default_factory=list)


def compile_form(form: StatForm, board: Unit, year: int) -> Compiled:
    """The computed cells of `form` for `board` and `year`, and the award records it could not classify."""
    definition = form.definition
    if form.subject == StatSubject.CAMPAIGNS:
        return Compiled(evaluate(definition, (campaign_facts(c) for c in campaigns_in_scope(board, year))))
    if form.subject == StatSubject.BODIES:
        return Compiled(evaluate(definition, (body_facts(b) for b in bodies_in_scope(board))))
    if form.subject == StatSubject.STAFF:
        return Compiled(evaluate(definition, (staff_facts(m, year) for m in staff_in_scope(board, year))))
    counted, unclassified = [], []
    mapped = mapped_award_types(definition)
    for record in records_in_scope(board, year, codes=mapped, levels=definition.get("award_levels", [])):
        facts = record_facts(record)
        reasons = unclassified_reasons(definition, facts, mapped)
        if reasons:
            unclassified.append(
                {
                    "id": record.pk,
                    "label": f"{record.award_type.name} — {record.nominee_name} — {record.decision_number}",
                    "reasons": reasons,
                    "proposal": record.proposal_id,
                    "unit": record.nominee_unit_id,
                    "person": record.nominee_person_id,
                }
            )
        if facts["award_type"] in mapped:
            counted.append(facts)
    return Compiled(evaluate(definition, counted), unclassified)


def runs_of_board(board: Unit) -> QuerySet:
    return (
        StatRun.objects.filter(sheet__board=board)
        .select_related("sheet__form", "requested_by")
        .order_by("-requested_at", "-id")
    )


def sheet_for(form: StatForm, board: Unit, year: int) -> StatSheet | None:
    return StatSheet.objects.filter(form=form, board=board, year=year).first()


# --- The form as laid out ---------------------------------------------------------------------------------
@dataclass
class TableRow:
    code: str
    label: str
    heading: bool
    #: one value per column: a count, a manual number, or None (heading rows, manual cells not entered)
    values: list[int | None]
    manual: list[bool]


@dataclass
class FormTable:
    """A form with its numbers, as the page, the XLSX and the PDF lay it out."""

    form: StatForm
    board: Unit
    year: int
    columns: list[dict]
    rows: list[TableRow]

    @property
    def number(self) -> str:
        return f"Biểu số {self.form.code}.N/BNV-TĐKT"

    @property
    def reporting_unit(self) -> str:
        return self.board.name

    @property
    def column_numbers(self) -> list[str]:
        return [column["code"] for column in self.columns]


def form_table(form: StatForm, cells: dict, manual_values: dict, *, board: Unit, year: int) -> FormTable:
    """The rows of `form` with the computed `cells` and the sheet's `manual_values` in place."""
    columns = form.columns
    rows = []
    for row in form.rows:
        heading = bool(row.get("heading"))
        values, manual = [], []
        for column in columns:
            key = cell_key(row["code"], column["code"])
            is_manual = bool(row.get("manual") or column.get("manual"))
            manual.append(is_manual and not heading)
            if heading:
                values.append(None)
            elif is_manual:
                values.append(manual_values.get(key))
            else:
                values.append(cells.get(key, 0))
        rows.append(TableRow(code=row["code"], label=row["label"], heading=heading, values=values, manual=manual))
    return FormTable(form=form, board=board, year=year, columns=columns, rows=rows)
