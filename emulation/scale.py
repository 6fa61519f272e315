"""The national-scale data set: orchestration and the yearly cycle (pledges, signatures, scores).

`generate(seed=..., scale=...)` runs the phases in order and returns the row counts and timings:
organisation (`clusters.scale`), pledges with their items, targets, scoring tables and signatures
(signed and sealed through `emulation.seal`, the same canonical content, fingerprint and seal the signing
services use),
scoring rounds with verified self-assessments, then award records and proposals (`awards.scale`).
Rows go in with COPY (`clusters.bulk`), streamed (memory stays bounded at scale 10's 13 million rows); every
check constraint, unique index and trigger stays on; the plain indexes of the big tables are built and their
foreign keys checked once at the end (`bulk_load`), and the empty tables are loaded frozen.
"""

from __future__ import annotations

import datetime
import functools
import os
import random
import time
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from awards import scale as award_scale
from awards.models import AwardRecord, Proposal
from clusters import scale as org_scale
from clusters.bulk import INDEX_SECONDS, Spool, backend_cpu_seconds, bulk_load, copy_rows, reserve_ids
from clusters.models import AuditEvent, MemberRole, Membership, Person, Unit
from clusters.services.audit import record_audit

from . import seal
from .models import (
    AdjustmentKind,
    AssessmentStatus,
    CriterionKind,
    CriterionScore,
    Pledge,
    PledgeItem,
    PledgeSignature,
    PledgeStatus,
    PledgeTarget,
    PledgeVersion,
    RoundStatus,
    ScoreAdjustment,
    ScoringCriterion,
    ScoringRound,
    SelfAssessment,
    TargetResult,
)

MARKER = "scale_data.generate"

ITEMS = [
    ("Phát triển kinh tế", "Thi đua hoàn thành vượt mức các chỉ tiêu phát triển kinh tế - xã hội năm {year}."),
    ("Chuyển đổi số", "Đẩy mạnh cải cách hành chính, chuyển đổi số, nâng cao chỉ số hài lòng của người dân."),
    ("Nông thôn mới", "Hưởng ứng phong trào “Cả nước chung sức xây dựng nông thôn mới”."),
    ("Giảm nghèo", "Thực hiện phong trào “Vì người nghèo - Không để ai bị bỏ lại phía sau”."),
    ("Văn hóa công sở", "Cán bộ, công chức, viên chức thi đua thực hiện văn hóa công sở."),
    ("Tiết kiệm", "Thực hành tiết kiệm, chống lãng phí; phát triển kết cấu hạ tầng đồng bộ, hiện đại."),
    ("Nhà ở", "Chung tay xóa nhà tạm, nhà dột nát cho hộ nghèo, hộ cận nghèo."),
    ("Khen thưởng", "Phát hiện, bồi dưỡng, nhân rộng điển hình tiên tiến; ưu tiên người lao động trực tiếp."),
]
TARGETS = [
    ("Tăng trưởng GRDP", "%", Decimal("7.00")),
    ("Hồ sơ trực tuyến toàn trình", "%", Decimal("80.00")),
    ("Xã đạt chuẩn nông thôn mới", "xã", Decimal("5.00")),
    ("Giảm tỷ lệ hộ nghèo", "%", Decimal("1.50")),
    ("Cơ quan đạt chuẩn văn hóa", "%", Decimal("95.00")),
    ("Tiết kiệm chi thường xuyên", "%", Decimal("10.00")),
    ("Nhà tạm được xóa", "căn", Decimal("100.00")),
    ("Tỷ lệ khen người lao động trực tiếp", "%", Decimal("50.00")),
]
CRITERIA = [
    ("I", "1", "Thực hiện nhiệm vụ chính trị được giao", Decimal("30"), CriterionKind.CRITERION),
    ("I", "2", "Thực hiện các chỉ tiêu của giao ước", Decimal("25"), CriterionKind.CRITERION),
    ("II", "3", "Tổ chức các phong trào thi đua", Decimal("20"), CriterionKind.CRITERION),
    ("II", "4", "Công tác khen thưởng, nhân rộng điển hình", Decimal("15"), CriterionKind.CRITERION),
    ("III", "5", "Xây dựng tổ chức, cải cách hành chính", Decimal("10"), CriterionKind.CRITERION),
    ("IV", "T1", "Điểm thưởng: sáng kiến, mô hình mới", Decimal("5"), CriterionKind.BONUS),
    ("IV", "P1", "Điểm trừ: chậm báo cáo, vi phạm", Decimal("5"), CriterionKind.PENALTY),
]
TWO = Decimal("0.01")
ITEM_FIELDS = ["id", "pledge_id", "number", "title", "body"]
TARGET_FIELDS = ["id", "item_id", "indicator", "unit_of_measure", "target_value", "order"]
CRITERION_FIELDS = ["id", "pledge_id", "section", "code", "title", "max_points", "kind", "rule_text", "order"]
VERSION_FIELDS = ["pledge_id", "number", "content", "fingerprint", "opened_at", "amend_reason", "members"]
SIGNATURE_FIELDS = [
    "id", "pledge_id", "version", "unit_id", "signer_id", "signer_name", "position", "is_chair", "signed_at",
    "fingerprint", "user_agent", "ip_address", "scan",
]  # fmt: skip
ASSESSMENT_FIELDS = ["id", "round_id", "unit_id", "status", "summary", "submitted_at", "verified_at"]
SCORE_FIELDS = [
    "assessment_id", "criterion_id", "self_points", "justification", "verified_points", "adjustment_reason",
    "verified_at",
]  # fmt: skip
RESULT_FIELDS = ["assessment_id", "target_id", "actual_value"]


@functools.lru_cache(maxsize=4096)  # the same few days recur in millions of rows
def _at(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    """Aware and in UTC, as read back from the database (the seal hashes the ISO form of `signed_at`)."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 0)).astimezone(datetime.UTC)


def already_generated() -> dict | None:
    event = AuditEvent.objects.filter(action=MARKER).order_by("-id").first()
    return event.data if event else None


def load_pledges(*, rng: random.Random, org: org_scale.Organisation, log) -> dict:
    """A pledge per group and year: four items with one target each, a seven-row scoring table, and the
    members' signatures (chair last). Past years are signed and sealed; the last year is open for signing."""
    stamp = org.stamp
    keys = sorted(org.members)
    pledge_ids = reserve_ids(Pledge, len(keys))
    pledges = {}
    rows = []
    for pledge_id, (group_id, year) in zip(pledge_ids, keys, strict=True):
        pledges[(group_id, year)] = pledge_id
        rows.append(
            {
                "id": pledge_id,
                "group_id": group_id,
                "year": year,
                "status": PledgeStatus.OPEN,
                "version": 1,
                "title": f"Giao ước thi đua năm {year}",
                "preamble": "Thực hiện phong trào thi đua yêu nước, các đơn vị thành viên thống nhất ký kết giao ước.",
                "place": "",
                "verification_code": f"{rng.getrandbits(128):032x}",
                "opened_at": _at(year, 1, 15),
            }
        )
    copy_rows(Pledge, rows, fields=list(rows[0]), stamp=stamp)

    # The items, targets and scoring tables wait in spools (on disk) while the loop seals each pledge's content;
    # the snapshot of version 1 as opened for signing (emulation.models.signing.PledgeVersion) goes with them.
    item_rows, target_rows, criterion_rows, version_rows = Spool(), Spool(), Spool(), Spool()
    item_ids = reserve_ids(PledgeItem, 4 * len(keys))
    target_ids = reserve_ids(PledgeTarget, 4 * len(keys))
    criterion_ids = reserve_ids(ScoringCriterion, len(CRITERIA) * len(keys))
    contents: dict[int, str] = {}
    targets_of: dict[int, list[tuple[int, Decimal]]] = {}
    criteria_of: dict[int, list[tuple[int, Decimal, str]]] = {}
    unit_names = dict(
        Unit.objects.filter(pk__in={u for plan in org.members.values() for u, _role in plan}).values_list("pk", "name")
    )
    for n, key in enumerate(keys):
        pledge_id = pledges[key]
        items, targets, criteria = [], [], []
        start = rng.randrange(len(ITEMS))
        for k in range(4):
            index = (start + k) % len(ITEMS)
            title, body = ITEMS[index]
            item_id, target_id = item_ids[4 * n + k], target_ids[4 * n + k]
            items.append(
                {
                    "id": item_id,
                    "pledge_id": pledge_id,
                    "number": k + 1,
                    "title": title,
                    "body": body.format(year=key[1]),
                }
            )
            indicator, measure, value = TARGETS[index]
            targets.append(
                {"id": target_id, "item_id": item_id, "indicator": indicator, "unit_of_measure": measure,
                 "target_value": value, "order": 0}
            )  # fmt: skip
            targets_of.setdefault(pledge_id, []).append((target_id, value))
        for k, (section, code, title, max_points, kind) in enumerate(CRITERIA):
            criterion_id = criterion_ids[len(CRITERIA) * n + k]
            criteria.append(
                {"id": criterion_id, "pledge_id": pledge_id, "section": section, "code": code, "title": title,
                 "max_points": max_points, "kind": kind, "rule_text": "", "order": k}
            )  # fmt: skip
            criteria_of.setdefault(pledge_id, []).append((criterion_id, max_points, kind))
        snapshot = _content(rows[n], org.group_names[key[0]], items, targets, criteria)
        contents[pledge_id] = seal.fingerprint(snapshot)
        for spool, part in ((item_rows, items), (target_rows, targets), (criterion_rows, criteria)):
            for row in part:
                spool.append(row)
        version_rows.append(
            {"pledge_id": pledge_id, "number": 1, "content": snapshot, "fingerprint": contents[pledge_id],
             "opened_at": _at(key[1], 1, 15), "amend_reason": "",
             "members": sorted(({"unit_id": u, "name": unit_names[u], "role": role} for u, role in org.members[key]),
                               key=lambda m: m["name"])}
        )  # fmt: skip
    loaded = copy_rows(PledgeItem, item_rows, fields=ITEM_FIELDS, stamp=stamp)
    loaded += copy_rows(PledgeTarget, target_rows, fields=TARGET_FIELDS, stamp=stamp)
    loaded += copy_rows(ScoringCriterion, criterion_rows, fields=CRITERION_FIELDS, stamp=stamp)
    log("pledge items, targets, criteria", loaded)
    copy_rows(PledgeVersion, version_rows, fields=VERSION_FIELDS, stamp=stamp)

    # Signatures: every member signs the past years' pledges, the chair last, which seals them;
    # in the last year about half the ordinary members have signed so far.
    signature_ids = reserve_ids(PledgeSignature, sum(len(org.members[k]) for k in keys))
    next_id = iter(signature_ids)
    signature_rows, seals = Spool(), []
    for key in keys:
        group_id, year = key
        pledge_id = pledges[key]
        plan = org.members[key]
        chair = plan[0][0]
        others = [u for u, role in plan if role != MemberRole.CHAIR]
        signed_all = year < org_scale.LAST_YEAR
        signers = others + [chair] if signed_all else [u for u in others if rng.random() < 0.5]
        content = contents[pledge_id]
        signatures = []
        for k, unit_id in enumerate(signers):
            signer_id = org.leader_of.get(unit_id)
            if signer_id is None:  # pragma: no cover - every member unit has a leader account
                continue
            signature = PledgeSignature(
                pk=next(next_id),
                pledge_id=pledge_id,
                version=1,
                unit_id=unit_id,
                signer_id=signer_id,
                signer_name=f"Lãnh đạo {unit_id}",
                position="Lãnh đạo đơn vị",
                is_chair=unit_id == chair,
                signed_at=_at(year, 2, 1) + datetime.timedelta(hours=k),
                fingerprint=content,
            )
            signatures.append(signature)
            signature_rows.append(
                {"id": signature.pk, "pledge_id": pledge_id, "version": 1, "unit_id": unit_id, "signer_id": signer_id,
                 "signer_name": signature.signer_name, "position": signature.position, "is_chair": signature.is_chair,
                 "signed_at": signature.signed_at, "fingerprint": content, "user_agent": "", "ip_address": None,
                 "scan": ""}
            )  # fmt: skip
        if signed_all:
            sealed = seal.seal(pledge_id=pledge_id, version=1, content_fingerprint=content, signatures=signatures)
            seals.append((pledge_id, signatures[-1].signed_at, sealed))
    signature_count = copy_rows(PledgeSignature, signature_rows, fields=SIGNATURE_FIELDS, stamp=stamp)
    with connection.cursor() as cursor:  # one statement for the tens of thousands of pledges of scale 10
        cursor.execute(
            "UPDATE emulation_pledge p SET status = 'signed', signed_at = v.signed_at, seal = v.seal "
            "FROM unnest(%s::bigint[], %s::timestamptz[], %s::text[]) AS v(id, signed_at, seal) WHERE p.id = v.id",
            [[row[0] for row in seals], [row[1] for row in seals], [row[2] for row in seals]],
        )
    log("pledges", len(rows))
    log("signatures", signature_count)
    return {"pledges": pledges, "targets_of": targets_of, "criteria_of": criteria_of}


def _content(pledge: dict, group_name: str, items: list, targets: list, criteria: list) -> dict:
    """The canonical content the signing services compute (`emulation.seal`), from the rows about to be loaded
    (one item has one target here, no campaign) instead of reading them back."""
    content = seal.canonical_content(
        pledge=pledge,
        group_name=group_name,
        items=[{**item, "campaigns": [], "targets": [target]} for item, target in zip(items, targets, strict=True)],
        criteria=sorted(criteria, key=lambda c: (c["order"], c["code"])),
    )
    return content


def _points(rng: random.Random, maximum: Decimal, low: float) -> Decimal:
    return (maximum * Decimal(str(round(rng.uniform(low, 1.0), 2)))).quantize(TWO)


def load_scores(*, rng: random.Random, org: org_scale.Organisation, pledged: dict, log) -> None:
    """Closed, verified scoring for every past year; the last year's round is open, half submitted."""
    stamp = org.stamp
    keys = sorted(org.members)
    round_ids = reserve_ids(ScoringRound, len(keys))
    assessment_ids = reserve_ids(SelfAssessment, sum(len(org.members[k]) for k in keys))
    next_assessment = iter(assessment_ids)
    rounds, adjustments = [], []
    assessments, scores, results = Spool(), Spool(), Spool()
    for round_id, key in zip(round_ids, keys, strict=True):
        group_id, year = key
        closed = year < org_scale.LAST_YEAR
        pledge_id = pledged["pledges"][key]
        rounds.append(
            {"id": round_id, "group_id": group_id, "year": year, "pledge_id": pledge_id,
             "status": RoundStatus.CLOSED if closed else RoundStatus.OPEN, "opened_at": _at(year, 11, 15),
             "closed_at": _at(year + 1, 1, 10) if closed else None}
        )  # fmt: skip
        for unit_id, _role in org.members[key]:
            assessment_id = next(next_assessment)
            status = (
                AssessmentStatus.VERIFIED
                if closed
                else rng.choice([AssessmentStatus.DRAFT, AssessmentStatus.SUBMITTED])
            )
            assessments.append(
                {"id": assessment_id, "round_id": round_id, "unit_id": unit_id, "status": status,
                 "summary": "Hoàn thành xuất sắc nhiệm vụ năm." if status != AssessmentStatus.DRAFT else "",
                 "submitted_at": _at(year, 12, 5) if status != AssessmentStatus.DRAFT else None,
                 "verified_at": _at(year, 12, 20) if closed else None}
            )  # fmt: skip
            quality = rng.uniform(0.55, 0.95)
            mine = []  # this assessment's scores
            for criterion_id, maximum, kind in pledged["criteria_of"][pledge_id]:
                if kind == CriterionKind.PENALTY:
                    self_points = _points(rng, maximum, 0.0) if rng.random() < 0.15 else Decimal("0.00")
                elif kind == CriterionKind.BONUS:
                    self_points = _points(rng, maximum, 0.0) if rng.random() < 0.4 else Decimal("0.00")
                else:
                    self_points = _points(rng, maximum, quality)
                verified, reason = None, ""
                if closed:
                    verified = self_points
                    if self_points > 1 and rng.random() < 0.1:
                        verified = (self_points - Decimal("1.00")).quantize(TWO)
                        reason = "Minh chứng chưa đầy đủ, trừ 1 điểm."
                mine.append(
                    {"assessment_id": assessment_id, "criterion_id": criterion_id, "self_points": self_points,
                     "justification": "Theo báo cáo tổng kết năm.", "verified_points": verified,
                     "adjustment_reason": reason, "verified_at": _at(year, 12, 20) if closed else None}
                )  # fmt: skip
            for score in mine:
                scores.append(score)
            for target_id, value in pledged["targets_of"][pledge_id]:
                actual = (value * Decimal(str(round(rng.uniform(0.7, 1.3), 2)))).quantize(TWO)
                results.append({"assessment_id": assessment_id, "target_id": target_id, "actual_value": actual})
            if closed and rng.random() < 0.05:
                # Under a bonus or penalty row of the table, within what the unit left of its maximum.
                kind = rng.choice([AdjustmentKind.BONUS, AdjustmentKind.PENALTY])
                row = next(((cid, maximum) for cid, maximum, k in pledged["criteria_of"][pledge_id] if k == kind), None)
                if row is not None:
                    used = next(score["verified_points"] for score in mine if score["criterion_id"] == row[0])
                    points = min(Decimal("2.00"), row[1] - used)
                    if points > 0:
                        adjustments.append(
                            {"assessment_id": assessment_id, "criterion_id": row[0], "kind": kind, "points": points,
                             "reason": "Điểm thưởng tổ chức hội nghị của cụm, khối." if kind == AdjustmentKind.BONUS
                             else "Chậm gửi báo cáo tổng kết.",
                             "basis": "Báo cáo tổng kết năm của đơn vị trưởng cụm, khối.",
                             "created_at": _at(year, 12, 22)}
                        )  # fmt: skip
    log("scoring rounds", copy_rows(ScoringRound, rounds, fields=list(rounds[0]), stamp=stamp))
    log("self-assessments", copy_rows(SelfAssessment, assessments, fields=ASSESSMENT_FIELDS, stamp=stamp))
    log("criterion scores", copy_rows(CriterionScore, scores, fields=SCORE_FIELDS, stamp=stamp))
    log("target results", copy_rows(TargetResult, results, fields=RESULT_FIELDS, stamp=stamp))
    if adjustments:
        copy_rows(ScoreAdjustment, adjustments, fields=list(adjustments[0]), stamp=stamp)
    log("score adjustments", len(adjustments))


def load_samples(*, rng: random.Random, org: org_scale.Organisation, log) -> None:
    """The few objects of the yearly cycle's pages the bulk data lacks (issue 16: every GET page measured), for
    every group: two years of membership before the first pledge (entered from the archive, the members and roles
    of the closed year), the first without a pledge and the second with its pledge still a draft (its items,
    targets and scoring table); a ballot of the closed year, closed, and one of the last year, open."""
    from .models import Ballot, BallotStatus

    stamp = org.stamp
    closed_year, last_year = org_scale.LAST_YEAR - 1, org_scale.LAST_YEAR
    without, draft = org.years[0] - 2, org.years[0] - 1
    memberships = [
        {"group_id": group_id, "unit_id": unit_id, "year": year, "role": role,
         "is_standing_agency": role == MemberRole.CHAIR and group_id in org.blocs}
        for group_id in org.groups if (group_id, closed_year) in org.members
        for year in (without, draft)
        for unit_id, role in org.members[(group_id, closed_year)]
    ]  # fmt: skip
    log("archive memberships", copy_rows(Membership, memberships, fields=list(memberships[0]), stamp=stamp))
    groups = [g for g in org.groups if (g, closed_year) in org.members]
    pledge_ids = reserve_ids(Pledge, len(groups))
    pledges = [
        {"id": pledge_id, "group_id": group_id, "year": draft, "status": PledgeStatus.DRAFT,
         "title": f"Giao ước thi đua năm {draft}", "preamble": "Các đơn vị thành viên thống nhất ký kết giao ước.",
         "place": "", "verification_code": f"{rng.getrandbits(128):032x}"}
        for pledge_id, group_id in zip(pledge_ids, groups, strict=True)
    ]  # fmt: skip
    copy_rows(Pledge, pledges, fields=list(pledges[0]), stamp=stamp)
    items, targets, criteria = [], [], []
    item_ids = reserve_ids(PledgeItem, 4 * len(groups))
    for n, pledge_id in enumerate(pledge_ids):
        for k in range(4):
            title, body = ITEMS[k]
            indicator, measure, value = TARGETS[k]
            items.append({"id": item_ids[4 * n + k], "pledge_id": pledge_id, "number": k + 1, "title": title,
                          "body": body.format(year=draft)})  # fmt: skip
            targets.append({"item_id": item_ids[4 * n + k], "indicator": indicator, "unit_of_measure": measure,
                            "target_value": value, "order": 0})  # fmt: skip
        for k, (section, code, title, max_points, kind) in enumerate(CRITERIA):
            criteria.append({"pledge_id": pledge_id, "section": section, "code": code, "title": title,
                             "max_points": max_points, "kind": kind, "rule_text": "", "order": k})  # fmt: skip
    copy_rows(PledgeItem, items, fields=ITEM_FIELDS, stamp=stamp)
    copy_rows(PledgeTarget, targets, fields=TARGET_FIELDS[1:], stamp=stamp)
    copy_rows(ScoringCriterion, criteria, fields=CRITERION_FIELDS[1:], stamp=stamp)
    log("draft pledges", len(pledges))
    ballots = []
    for group_id in groups:
        for year in (closed_year, last_year):
            members = len(org.members.get((group_id, year), ()))
            if not members:
                continue
            closed = year == closed_year
            ballots.append(
                {"group_id": group_id, "year": year, "title": f"Bình xét thi đua năm {year}",
                 "status": BallotStatus.CLOSED if closed else BallotStatus.OPEN, "eligible_count": members,
                 "opened_at": _at(year, 12, 10), "closed_at": _at(year, 12, 17) if closed else None,
                 "votes_cast": members if closed else None}
            )  # fmt: skip
    log("ballots", copy_rows(Ballot, ballots, fields=list(ballots[0]), stamp=stamp))


#: The tables that get millions of rows at scale 10: their plain indexes are built once, after the load.
BULK_MODELS = (
    Membership, Person, Pledge, PledgeItem, PledgeTarget, ScoringCriterion, PledgeVersion, PledgeSignature,
    ScoringRound, SelfAssessment, CriterionScore, TargetResult, ScoreAdjustment, Proposal, AwardRecord,
)  # fmt: skip


def load_samples_everywhere(*, rng: random.Random, org: org_scale.Organisation, log) -> None:
    """The objects of the pages the bulk data lacks, a handful per group, board or chair unit (each app's
    `load_samples`), after the bulk tables' indexes are built."""
    org_scale.load_samples(org=org, log=log)
    load_samples(rng=rng, org=org, log=log)
    award_scale.load_samples(rng=rng, org=org, log=log)


def database_size() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database())")
        return cursor.fetchone()[0]


def generate(*, seed: int, scale: float, out=None) -> dict:
    """Load the whole data set in one transaction. Returns {"counts": {...}, "timings": {...}, "years": [...],
    "database_size": bytes}. `out`, when given, is told each phase's time and row counts as it ends."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    rng = random.Random(seed)
    counts: dict[str, int] = {}
    timings: dict[str, float] = {}
    fresh: list[str] = []  # the counts of the phase under way
    cpu_seconds: dict[str, tuple] = {}

    def log(name: str, count: int) -> None:
        counts[name] = count
        fresh.append(name)

    def phase(name: str, function, *args, **kwargs):
        started, cpu, backend = time.perf_counter(), _own_cpu(), backend_cpu_seconds()
        result = function(*args, **kwargs)
        timings[name] = time.perf_counter() - started
        # where the time went: this process (drawing the rows) and its PostgreSQL backend (COPY, checks, triggers)
        cpu_seconds[name] = (_own_cpu() - cpu, backend_cpu_seconds() - backend if backend is not None else None)
        if out is not None:
            mine, theirs = cpu_seconds[name]
            spent = f"CPU: generator {mine:.1f} s, PostgreSQL " + (f"{theirs:.1f} s" if theirs is not None else "n/a")
            out(f"{name:<14} {timings[name]:7.1f} s   ({spent})")
            for row in fresh:
                out(f"    {row:<34} {counts[row]:>10,}")
        fresh.clear()
        return result

    stamp = org_scale.generation_stamp()
    outer = transaction.get_connection().in_atomic_block
    with transaction.atomic():
        if not outer:  # check the foreign keys row by row as the rows go in, not all at the commit
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with bulk_load(BULK_MODELS, timings):
            org = phase("organisation", org_scale.load_organisation, rng=rng, scale=scale, stamp=stamp, log=log)
            pledged = phase("pledges", load_pledges, rng=rng, org=org, log=log)
            phase("scores", load_scores, rng=rng, org=org, pledged=pledged, log=log)
            phase("awards", award_scale.load_awards, rng=rng, org=org, scale=scale, log=log)
        if out is not None:
            for name in ("indexes", "foreign keys"):
                out(f"{name:<14} {timings[name]:7.1f} s")
                if name == "indexes":  # the slowest builds
                    for index, seconds in sorted(INDEX_SECONDS.items(), key=lambda item: -item[1])[:5]:
                        out(f"    {index:<40} {seconds:6.1f} s")
        phase("samples", load_samples_everywhere, rng=rng, org=org, log=log)
        record_audit(
            actor=None,
            action=MARKER,
            target=Unit.objects.get(pk=org.central_board_id),
            summary=f"Dữ liệu quy mô toàn quốc: seed {seed}, scale {scale}",
            data={"seed": seed, "scale": scale, "years": [org.years[0], org.years[-1]], "counts": counts},
        )
        started = time.perf_counter()
    timings["commit"] = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # VACUUM as autovacuum would soon: the visibility map lets the pages' index-only scans skip the table
        # (just after a bulk load they read every row's page). Not possible inside a transaction (tests).
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    timings["analyze"] = time.perf_counter() - started
    return {
        "counts": counts,
        "timings": timings,
        "cpu": cpu_seconds,
        "years": org.years,
        "database_size": database_size(),
    }


def _own_cpu() -> float:
    times = os.times()
    return times.user + times.system
