"""The awards part of the national-scale data set (see `emulation.scale`): 50,000 proposals and
500,000 award records at scale 1, over the ten years of the organisation's history (ten times as many over
twenty years at scale 10).

Proposals come in batches (a unit proposing several of its people, a province proposing its
agencies, a bloc's chair proposing members); their status depends on the year (old years are decided
or rejected, the last years are still in the pipeline). Every decided proposal has its award record;
the rest of the records are decisions granted in batches without a proposal in the system. The
uniqueness rules of the schema (one live proposal per nominee, award type, year and kind; a record
once per decision) hold by construction.
"""

from __future__ import annotations

import base64
import datetime
import functools
import json
import random
from collections import defaultdict

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from clusters import scale as org_scale
from clusters.bulk import Spool, copy_rows, reserve_ids, triggers_off
from clusters.models import EmulationGroup, MemberRole, Person, PersonCategory, Role, Unit, UnitKind

from .models import (
    AwardLevel,
    AwardRecord,
    AwardRound,
    Blank,
    Council,
    CouncilSession,
    Decision,
    Dispatch,
    Dossier,
    Proposal,
    ProposalKind,
    ProposalStatus,
    RecipientCategory,
    Registration,
    Submission,
)
from .services.catalogue import ensure_catalogue

PERSON_AWARDS = {
    "LAO_DONG_TIEN_TIEN": 60, "GIAY_KHEN": 15, "CSTD_CO_SO": 12, "BANG_KHEN_CAP_TINH": 8, "CSTD_CAP_TINH": 2,
    "BANG_KHEN_THU_TUONG": 2, "HUAN_CHUONG_LAO_DONG_HANG_BA": 0.5, "CSTD_TOAN_QUOC": 0.5,
}  # fmt: skip
UNIT_AWARDS = {
    "TAP_THE_LDTT": 50, "TAP_THE_LDXS": 25, "GIAY_KHEN": 10, "BANG_KHEN_CAP_TINH": 8, "CO_THI_DUA_CAP_TINH": 4,
    "BANG_KHEN_THU_TUONG": 2, "CO_THI_DUA_CHINH_PHU": 1,
}  # fmt: skip
#: Status mix of proposals by how far the year is from the last year of the data.
STATUS_MIX = {
    "old": {ProposalStatus.DECIDED: 85, ProposalStatus.REJECTED: 15},
    "previous": {
        ProposalStatus.DECIDED: 45, ProposalStatus.APPROVED: 10, ProposalStatus.UNDER_REVIEW: 15,
        ProposalStatus.SUBMITTED: 15, ProposalStatus.RETURNED: 5, ProposalStatus.REJECTED: 10,
    },
    "last": {
        ProposalStatus.DRAFT: 35, ProposalStatus.SUBMITTED: 30, ProposalStatus.UNDER_REVIEW: 15,
        ProposalStatus.RETURNED: 10, ProposalStatus.APPROVED: 10,
    },
}  # fmt: skip
SUFFIX = {AwardLevel.GOVERNMENT: "QĐ-TTg", AwardLevel.STATE: "QĐ-CTN"}
#: kinds (issue 19): mostly the yearly round, a few campaigns and ad-hoc awards, rarer long-service, resistance
#: and foreign-relations awards.
KIND_MIX = {
    ProposalKind.ANNUAL: 85, ProposalKind.THEMATIC: 6, ProposalKind.AD_HOC: 4, ProposalKind.DEDICATION: 2,
    ProposalKind.SENIORITY: 2, ProposalKind.RESISTANCE: 0.5, ProposalKind.FOREIGN: 0.5,
}  # fmt: skip
NATIONALITIES = ["Lào", "Campuchia", "Cuba", "Hàn Quốc", "Nhật Bản", "Liên bang Nga"]
#: A person's category as one byte (kept for millions of people in a bytearray indexed from the first id).
_OTHER, _WORKER, _LEADER_DEPARTMENT, _LEADER_DIVISION, _LEADER_CENTRAL = range(5)
#: A leader's level by the head of their position's title (clusters.scale's positions).
_DEPARTMENT_HEADS = ("Giám đốc", "Phó Giám đốc", "Chánh Văn phòng")


class _Categories:
    """Recipient categories by nominee (`awards.models.RecipientCategory`): a unit's from its register entry
    (households, enterprises), a person's from their category and position (a leader's level from the title;
    one in 31 of the other individuals a business person), drawn once per person so a person keeps theirs."""

    def __init__(self, rng: random.Random, person_ids: range):
        self.start = person_ids.start if len(person_ids) else 0
        self.people = bytearray(len(person_ids))
        rows = Person.objects.filter(pk__in=person_ids).order_by("pk").values_list("pk", "category", "position")
        for pk, category, position in rows.iterator(chunk_size=20_000):
            if category == PersonCategory.DIRECT_WORKER:
                code = _WORKER
            elif category == PersonCategory.LEADER:
                if rng.random() < 0.03:
                    code = _LEADER_CENTRAL
                else:
                    code = _LEADER_DEPARTMENT if position.startswith(_DEPARTMENT_HEADS) else _LEADER_DIVISION
            else:
                code = _OTHER
            self.people[pk - self.start] = code
        self.units = {
            pk: RecipientCategory.HOUSEHOLD if kind == UnitKind.HOUSEHOLD else RecipientCategory.ENTERPRISE
            for pk, kind in Unit.objects.filter(Q(kind=UnitKind.HOUSEHOLD) | Q(is_enterprise=True)).values_list(
                "pk", "kind"
            )
        }

    def of(self, *, unit: int | None = None, person: int | None = None) -> str:
        if unit is not None:
            return self.units.get(unit, RecipientCategory.COLLECTIVE)
        code = self.people[person - self.start]
        if code == _OTHER:
            return RecipientCategory.BUSINESS_PERSON if person % 31 == 0 else RecipientCategory.OTHER_INDIVIDUAL
        return {
            _WORKER: RecipientCategory.DIRECT_WORKER,
            _LEADER_DEPARTMENT: RecipientCategory.LEADER_DEPARTMENT,
            _LEADER_DIVISION: RecipientCategory.LEADER_DIVISION,
            _LEADER_CENTRAL: RecipientCategory.LEADER_CENTRAL,
        }[code]


def _kind_fields(rng: random.Random, kind: str) -> dict:
    """What a kind needs on a proposal: years of service, a foreign nominee's nationality."""
    return {
        "service_years": rng.randint(10, 35) if kind in (ProposalKind.SENIORITY, ProposalKind.DEDICATION) else None,
        "nationality": rng.choice(NATIONALITIES) if kind == ProposalKind.FOREIGN else "",
    }


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@functools.lru_cache(maxsize=4096)  # the same few days recur in millions of rows
def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, 10, 0))


class _Decisions:
    """Decision numbers, unique per year: "123/QĐ-UBND"."""

    def __init__(self):
        self.counter: dict[int, int] = defaultdict(int)

    def next(self, year: int, level: str) -> str:
        self.counter[year] += 1
        return f"{self.counter[year]}/{SUFFIX.get(level, 'QĐ-UBND')}"


PROPOSAL_FIELDS = [
    "id", "nominee_unit_id", "nominee_person_id", "award_type_id", "year", "kind", "status", "proposing_unit_id",
    "source_group_id", "proposal_date", "achievements", "submitted_at", "decision_number", "decision_date",
    "decision_authority", "created_at", "recipient_category", "service_years", "nationality",
]  # fmt: skip
RECORD_FIELDS = [
    "nominee_unit_id", "nominee_person_id", "award_type_id", "year", "decision_number", "decision_date",
    "decision_authority", "proposal_id", "award_rank", "kind", "recipient_category",
]  # fmt: skip


def _load_dossiers(dossiers: list[tuple[dict, list[int]]], *, stamp) -> int:
    """kinds (issue 19): the dossiers with many nominees, each grouping the proposal lines of one batch."""
    made = Dossier.objects.bulk_create(
        [
            Dossier(summary=f"Thành tích chung của các tập thể, cá nhân năm {head['year']}.", **head)
            for head, lines in dossiers
            if len(lines) > 1
        ],
        batch_size=1000,
    )
    Dossier.objects.filter(pk__in=[d.pk for d in made]).update(created_at=stamp, updated_at=stamp)
    for dossier, lines in zip(made, [lines for _head, lines in dossiers if len(lines) > 1], strict=True):
        Proposal.objects.filter(pk__in=lines).update(dossier=dossier)
    return len(made)


def load_awards(*, rng: random.Random, org: org_scale.Organisation, scale: float, log) -> None:
    """Proposals, then award records: streamed into COPY as they are drawn (the records of decided proposals
    wait in a `Spool` for their turn), so memory does not grow with the millions of rows of scale 10."""
    types = ensure_catalogue()
    stamp = org.stamp
    years = org.years
    year_weights = [1.0] * (len(years) - 1) + [0.5]
    people_by_unit = org.people_by_unit
    proposing_units = sorted(people_by_unit)
    parent_of = dict(Unit.objects.filter(pk__in=org.agencies).values_list("pk", "parent_id"))
    agencies_by_province: dict[int, list[int]] = defaultdict(list)
    for agency, province in sorted(parent_of.items()):
        agencies_by_province[province].append(agency)
    decisions = _Decisions()
    # kinds and categories from their own stream: the proposals and records drawn from `rng` stay as they were
    kinds_rng = random.Random(f"kinds:{len(org.person_ids)}:{years[0]}:{years[-1]}")
    categories = _Categories(kinds_rng, org.person_ids)

    # --- Proposals -------------------------------------------------------------------------------
    wanted = org_scale.scaled(50_000, scale)
    proposal_ids = reserve_ids(Proposal, wanted)
    decided = Spool()  # the award records of decided proposals
    dossiers: list[tuple[dict, list[int]]] = []  # one batch in ten as a dossier with many nominees: (head, lines)

    def proposal_rows():
        live: set[tuple] = set()
        made = attempts = 0
        while made < wanted and attempts < wanted * 20:
            year = rng.choices(years, weights=year_weights)[0]
            age = "last" if year == years[-1] else "previous" if year == years[-2] else "old"
            source_group = None
            if rng.random() < 0.75:
                unit_id = rng.choice(proposing_units)
                code = _pick(rng, PERSON_AWARDS)
                people = people_by_unit[unit_id]
                batch = [("person", people[i]) for i in rng.sample(range(len(people)), min(8, len(people)))]
            elif rng.random() < 0.2:
                group_id = rng.choice(org.groups)
                plan = org.members[(group_id, year)]
                unit_id, source_group = plan[0][0], group_id  # the chair proposes for the group
                code = rng.choice(["CO_THI_DUA_CAP_TINH", "BANG_KHEN_CAP_TINH", "CO_THI_DUA_CHINH_PHU"])
                batch = [("unit", u) for u, _r in plan[:3]]
            else:
                unit_id = rng.choice(org.provinces)
                code = _pick(rng, UNIT_AWARDS)
                own = agencies_by_province.get(unit_id) or [unit_id]
                batch = [("unit", u) for u in rng.sample(own, min(5, len(own)))]
            award_type = types[code]
            kind = _pick(kinds_rng, KIND_MIX)
            status = _pick(rng, STATUS_MIX[age])
            decision = decisions.next(year, award_type.level) if status == ProposalStatus.DECIDED else ""
            proposal_date = datetime.date(year + 1, 2, 15) if year < years[-1] else datetime.date(year + 1, 1, 20)
            authority = award_type.authority.split(";")[0]
            lines: list[int] = []
            if len(batch) > 1 and kinds_rng.random() < 0.1:
                head = {"proposing_unit_id": unit_id, "award_type_id": award_type.pk, "year": year, "kind": kind}
                dossiers.append((head, lines))
            for nominee_kind, nominee_id in batch:
                attempts += 1
                if made >= wanted:
                    break
                key = (nominee_kind, nominee_id, code, year)
                if key in live:
                    continue
                if status != ProposalStatus.REJECTED:
                    live.add(key)
                proposal_id = proposal_ids[made]
                lines.append(proposal_id)
                made += 1
                sent = status != ProposalStatus.DRAFT
                unit = nominee_id if nominee_kind == "unit" else None
                person = nominee_id if nominee_kind == "person" else None
                category = categories.of(unit=unit, person=person)
                yield {
                    "id": proposal_id,
                    "nominee_unit_id": unit,
                    "nominee_person_id": person,
                    "award_type_id": award_type.pk,
                    "year": year,
                    "kind": kind,
                    "recipient_category": category,
                    **_kind_fields(kinds_rng, kind),
                    "status": status,
                    "proposing_unit_id": unit_id,
                    "source_group_id": source_group,
                    "proposal_date": proposal_date,
                    "achievements": f"Hoàn thành xuất sắc nhiệm vụ năm {year}.",
                    "submitted_at": _at(proposal_date) if sent else None,
                    "decision_number": decision,
                    "decision_date": proposal_date + datetime.timedelta(days=60) if decision else None,
                    "decision_authority": authority if decision else "",
                    "created_at": _at(proposal_date - datetime.timedelta(days=10)),
                }
                if decision:
                    decided.append(
                        {
                            "nominee_unit_id": unit,
                            "nominee_person_id": person,
                            "award_type_id": award_type.pk,
                            "year": year,
                            "decision_number": decision,
                            "decision_date": proposal_date + datetime.timedelta(days=60),
                            "decision_authority": authority,
                            "proposal_id": proposal_id,
                            "award_rank": award_type.rank,
                            "kind": kind,
                            "recipient_category": category,
                        }
                    )

    log("proposals", copy_rows(Proposal, proposal_rows(), fields=PROPOSAL_FIELDS, stamp=stamp))
    log("dossiers", _load_dossiers(dossiers, stamp=stamp))

    # --- Award records decided in batches, without a proposal in the system --------------------------
    total = org_scale.scaled(500_000, scale)
    units = org.agencies + org.provinces
    people_ids = org.person_ids

    def record_rows():
        yield from decided
        made = len(decided)
        while made < total:
            year = rng.choices(years, weights=year_weights)[0]
            if rng.random() < 0.85:
                code = _pick(rng, PERSON_AWARDS)
                nominees = [
                    ("person", people_ids[i]) for i in rng.sample(range(len(people_ids)), min(40, len(people_ids)))
                ]
            else:
                code = _pick(rng, UNIT_AWARDS)
                nominees = [("unit", units[i]) for i in rng.sample(range(len(units)), min(20, len(units)))]
            award_type = types[code]
            kind = _pick(kinds_rng, KIND_MIX)
            decision = decisions.next(year, award_type.level)
            day = datetime.date(year + 1, rng.randint(1, 6), rng.randint(1, 28))
            authority = award_type.authority.split(";")[0]
            for nominee_kind, nominee_id in nominees[: total - made]:
                made += 1
                unit = nominee_id if nominee_kind == "unit" else None
                person = nominee_id if nominee_kind == "person" else None
                yield {
                    "nominee_unit_id": unit,
                    "nominee_person_id": person,
                    "award_type_id": award_type.pk,
                    "year": year,
                    "decision_number": decision,
                    "decision_date": day,
                    "decision_authority": authority,
                    "proposal_id": None,
                    "award_rank": award_type.rank,
                    "kind": kind,
                    "recipient_category": categories.of(unit=unit, person=person),
                }

    # Each row carries its award type's rank (the copy migration awards.0013's trigger keeps): the trigger is off
    # for this COPY (a lookup per row, a sixth of the records' load), and the copies are checked at once after it.
    with triggers_off(AwardRecord, "awardrecord_copy_rank"):
        log("award records", copy_rows(AwardRecord, record_rows(), fields=RECORD_FIELDS, stamp=stamp))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM awards_awardrecord r JOIN awards_awardtype t ON t.id = r.award_type_id "
            "WHERE r.award_rank IS DISTINCT FROM t.rank"
        )
        wrong = cursor.fetchone()[0]
    if wrong:  # pragma: no cover - the rows above take the rank from the same award types
        raise ValueError(f"{wrong} award records do not carry their award type's rank")


def load_samples(*, rng: random.Random, org: org_scale.Organisation, log) -> None:
    """The few objects of the awards pages the bulk data lacks (issue 16: every GET page measured), a handful per
    board or per chair unit: each board's council with an open and a closed session, a certificate blank, a
    registration round, a draft decision and an issued one with ten records of its register, a khen cao dossier
    sent to the central board (provincial boards); each chair unit's covering submission and its registration,
    submitted to the group's organising board."""
    stamp = org.stamp
    year = org_scale.LAST_YEAR - 1  # the closed year
    boards = org_scale.board_ids()
    reviewers = org_scale.account_of(Role.REVIEWER)
    leaders = org_scale.account_of(Role.LEADER)
    day = datetime.date(year + 1, 3, 10)
    council_ids = reserve_ids(Council, len(boards))
    copy_rows(
        Council,
        ({"id": c, "board_id": b, "name": "Hội đồng Thi đua - Khen thưởng", "term_start": datetime.date(year - 1, 1, 1),
          "term_end": datetime.date(year + 3, 12, 31)} for c, b in zip(council_ids, boards, strict=True)),
        fields=["id", "board_id", "name", "term_start", "term_end"], stamp=stamp,
    )  # fmt: skip
    sessions = []
    for council_id, board in zip(council_ids, boards, strict=True):
        for status in ("closed", "open"):
            closed = status == "closed"
            sessions.append(
                {"council_id": council_id, "title": f"Phiên họp xét khen thưởng năm {year}" + (" (đợt 2)" * closed),
                 "held_on": day, "place": "Phòng họp số 1", "mode": "list", "status": status, "members_total": 9,
                 "voters": 8 if closed else None, "closed_at": _at(day) if closed else None,
                 "created_by_id": reviewers.get(board)}
            )  # fmt: skip
    log("council sessions", copy_rows(CouncilSession, sessions, fields=list(sessions[0]), stamp=stamp))
    blanks = [
        {"board_id": b, "kind": "bk_individual", "signer_position": "Chủ tịch", "signer_name": "Nguyễn Văn An",
         "place": "Hà Nội", "scan": "", "created_by_id": reviewers.get(b)}
        for b in boards
    ]  # fmt: skip
    copy_rows(Blank, blanks, fields=list(blanks[0]), stamp=stamp)
    rounds = [
        {"board_id": b, "year": year + 1, "purpose": "registration", "kind": ProposalKind.ANNUAL,
         "title": f"Đăng ký thi đua năm {year + 1}", "opens_on": datetime.date(year + 1, 1, 2),
         "due_date": datetime.date(year + 1, 3, 15), "created_by_id": reviewers.get(b)}
        for b in boards
    ]  # fmt: skip
    copy_rows(AwardRound, rounds, fields=list(rounds[0]), stamp=stamp)

    decision_ids = reserve_ids(Decision, 2 * len(boards))
    decisions, issued = [], {}
    for k, board in enumerate(boards):
        draft_id, issued_id = decision_ids[2 * k], decision_ids[2 * k + 1]
        issued[board] = issued_id
        common = {"authority_id": board, "place": "Hà Nội", "decided_by": "Chủ tịch Ủy ban nhân dân tỉnh",
                  "signer_name": "Nguyễn Văn An", "signer_position": "Chủ tịch", "created_by_id": reviewers.get(board),
                  "legal_grounds": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"}  # fmt: skip
        decisions.append(
            {**common, "id": draft_id, "title": f"Về việc tặng Bằng khen năm {year + 1}", "status": "draft",
             "number": "", "date": None, "issued_at": None, "public_code": _public_code(rng)}
        )  # fmt: skip
        decisions.append(
            {**common, "id": issued_id, "title": f"Về việc tặng Bằng khen năm {year}", "status": "issued",
             "number": f"{900 + k}/QĐ-TĐKT", "date": day, "issued_at": _at(day), "public_code": _public_code(rng)}
        )  # fmt: skip
    log("decisions", copy_rows(Decision, decisions, fields=list(decisions[0]), stamp=stamp))
    # Ten records of each board's register, from the issued decision: of people of the board's province (the
    # central board: of provinces, as collectives); no record is picked twice.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH picked AS (
              SELECT r.id, b.id AS board_id, row_number() OVER (PARTITION BY b.id ORDER BY r.id) AS n
              FROM awards_awardrecord r
              LEFT JOIN clusters_person p ON p.id = r.nominee_person_id
              JOIN clusters_unit u ON u.id = COALESCE(p.unit_id, r.nominee_unit_id)
              JOIN clusters_unit b ON b.id = ANY(%(boards)s)
               AND ((b.kind = 'board' AND r.nominee_person_id IS NOT NULL AND b.parent_id IN (u.id, u.parent_id))
                    OR (b.kind = 'central' AND r.nominee_unit_id IS NOT NULL AND u.kind = 'province'))
              WHERE r.year = %(year)s AND r.register_authority_id IS NULL
            )
            UPDATE awards_awardrecord r
            SET register_authority_id = picked.board_id, register_year = %(year)s, register_number = picked.n,
                decision_id = (%(issued)s::jsonb ->> picked.board_id::text)::bigint
            FROM picked WHERE picked.id = r.id AND picked.n <= 10
            """,
            {"boards": boards, "year": year, "issued": json.dumps({str(b): d for b, d in issued.items()})},
        )
        log("records in a board's register", cursor.rowcount)
        # and the register's counter, so the next record of the year gets the next number
        cursor.execute(
            "INSERT INTO awards_registercounter (authority_id, year, last_number) "
            "SELECT register_authority_id, register_year, max(register_number) FROM awards_awardrecord "
            "WHERE register_authority_id IS NOT NULL GROUP BY 1, 2"
        )

    central = org.central_board_id
    dispatches = [
        {"sender_id": b, "recipient_id": central, "year": year, "number": f"{50 + k}/TTr-TĐKT",
         "title": f"Đề nghị khen thưởng cấp Nhà nước năm {year}", "body": "Ban Thi đua - Khen thưởng trình hồ sơ.",
         "sent_by_id": reviewers.get(b), "sent_at": _at(day)}
        for k, b in enumerate(boards) if b != central
    ]  # fmt: skip
    copy_rows(Dispatch, dispatches, fields=list(dispatches[0]), stamp=stamp)

    chairs, chaired = {}, {}  # chair unit → the organising board of its group (the first group it chairs), the group
    organizer = dict(EmulationGroup.objects.filter(pk__in=org.groups).values_list("pk", "organizer_id"))
    for (group_id, member_year), plan in sorted(org.members.items()):
        for unit_id, role in plan:
            if member_year == year and role == MemberRole.CHAIR:
                chairs.setdefault(unit_id, organizer[group_id])
                chaired.setdefault(unit_id, group_id)
    submissions = [
        {"proposing_unit_id": u, "year": year, "number": f"15/TTr-{u}", "title": f"Đề nghị khen thưởng năm {year}",
         "body": "Đơn vị đề nghị xét tặng danh hiệu thi đua và hình thức khen thưởng cho các tập thể, cá nhân.",
         "submitted_by_id": leaders.get(u), "submitted_at": _at(datetime.date(year + 1, 2, 15))}
        for u in chairs
    ]  # fmt: skip
    copy_rows(Submission, submissions, fields=list(submissions[0]), stamp=stamp)
    registrations = [
        {"unit_id": u, "year": year + 1, "recipient_id": board, "status": "submitted", "is_late": False,
         "submitted_at": _at(datetime.date(year + 1, 2, 20)), "submitted_by_id": leaders.get(u)}
        for u, board in chairs.items()
    ]  # fmt: skip
    log("submissions and registrations",
        2 * copy_rows(Registration, registrations, fields=list(registrations[0]), stamp=stamp))  # fmt: skip

    # and a proposal of a provincial award for one of its people, sent through its group, under review at the board
    # (the bulk's proposals of a chair unit may all be awards its head decides, which no board reviews)
    award_type = ensure_catalogue()["BANG_KHEN_CAP_TINH"]
    taken = set(
        Proposal.objects.filter(award_type=award_type, year=year, nominee_person__isnull=False)
        .exclude(status=ProposalStatus.REJECTED)
        .values_list("nominee_person_id", flat=True)
    )
    day = datetime.date(year + 1, 2, 15)
    proposals = []
    people = [p for unit_id in chaired for p in org.people_by_unit.get(unit_id, ()) if p not in taken]
    person_category = dict(Person.objects.filter(pk__in=people).values_list("pk", "category"))
    for unit_id, group_id in chaired.items():
        person = next(  # not a leader, whose level the register does not hold (the proposal's category)
            (
                p
                for p in org.people_by_unit.get(unit_id, ())
                if p not in taken and person_category.get(p) != PersonCategory.LEADER
            ),
            None,
        )
        if person is not None:
            proposals.append(
                {"nominee_unit_id": None, "nominee_person_id": person, "award_type_id": award_type.pk, "year": year,
                 "kind": ProposalKind.ANNUAL, "status": ProposalStatus.SUBMITTED, "proposing_unit_id": unit_id,
                 "source_group_id": group_id, "proposal_date": day,
                 "achievements": f"Hoàn thành xuất sắc nhiệm vụ năm {year}.", "submitted_at": _at(day),
                 "decision_number": "", "decision_date": None, "decision_authority": "",
                 "created_at": _at(day - datetime.timedelta(days=10)),
                 "recipient_category": RecipientCategory.DIRECT_WORKER
                 if person_category[person] == PersonCategory.DIRECT_WORKER else RecipientCategory.OTHER_INDIVIDUAL,
                 "service_years": None, "nationality": ""}
            )  # fmt: skip
    if proposals:
        log(
            "proposals under review of chair units",
            copy_rows(Proposal, proposals, fields=PROPOSAL_FIELDS[1:], stamp=stamp),
        )


def _public_code(rng: random.Random) -> str:
    """A decision's public code (its page's address, unguessable in use), drawn from the seed like the rest."""
    return base64.urlsafe_b64encode(rng.randbytes(18)).decode()
