"""The law's eligibility conditions as small pure functions.

Each check takes the `Facts` about one proposal (gathered from the award history by
`awards.services`) and the rule's `params` (data: consecutive years, prerequisite titles,
percentages, vote thresholds) and returns a `Verdict`: passed, failed or cannot tell, with
the facts it used written out for the reviewer. Nothing here touches the database.

Decree 152/2025 Art. 4: a lower-level award is not a prerequisite for a higher one; only
titles whose own standard names earlier titles form a chain (the Chiến sĩ thi đua ladder).
The rule *data* follows that; the functions only do the counting.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from clusters.formats import format_number

PASSED = "passed"
FAILED = "failed"
UNKNOWN = "unknown"

INITIATIVE_ORDER = {"none": 0, "basic": 1, "ministry_province": 2, "national": 3}
INITIATIVE_NAMES = {
    "none": "không có",
    "basic": "cấp cơ sở",
    "ministry_province": "cấp bộ, ban, ngành, tỉnh",
    "national": "toàn quốc",
}


@dataclass(frozen=True)
class GroupFacts:
    name: str
    nominee_is_member: bool
    organizer_is_central: bool
    #: Live proposals of this award type from this group for the year, this one included.
    proposals_for_award: int = 1


@dataclass(frozen=True)
class Facts:
    year: int
    award_code: str = ""
    kind: str = "annual"
    target: str = "individual"  # "collective" or "individual": who the nominee is
    #: award code -> years in which the nominee received it (decided).
    history: Mapping[str, frozenset[int]] = field(default_factory=dict)
    #: award code -> years for which the nominee has a live proposal (not yet decided, not rejected).
    pending: Mapping[str, frozenset[int]] = field(default_factory=dict)
    initiative_level: str = ""  # "" = not declared
    discipline_free: bool | None = None
    council_members: int | None = None
    council_votes_for: int | None = None
    group: GroupFacts | None = None
    #: For collectives: active people of the unit, and how many of them hold / are proposed for a title.
    members_total: int | None = None
    member_titles: Mapping[str, int] = field(default_factory=dict)
    member_titles_pending: Mapping[str, int] = field(default_factory=dict)
    #: For caps: award code -> granted + live proposals in the proposing unit that year (this one included).
    unit_counts: Mapping[str, int] = field(default_factory=dict)
    #: award code -> name, to write the facts in words.
    names: Mapping[str, str] = field(default_factory=dict)

    def name(self, code: str) -> str:
        return self.names.get(code, code)

    def years_with(self, codes) -> set[int]:
        return set().union(*(self.history.get(code, ()) for code in codes)) if codes else set()

    def pending_years(self, codes) -> set[int]:
        return set().union(*(self.pending.get(code, ()) for code in codes)) if codes else set()


@dataclass(frozen=True)
class Verdict:
    status: str
    facts: str


def _years(years) -> str:
    return ", ".join(str(y) for y in sorted(years)) or "không có năm nào"


def _names(facts: Facts, codes) -> str:
    return " hoặc ".join(facts.name(code) for code in codes)


def _consecutive(facts: Facts, codes, *, end: int, count: int) -> Verdict:
    """The nominee holds one of `codes` in each of the `count` years ending with `end`."""
    window = set(range(end - count + 1, end + 1))
    found = facts.years_with(codes) & window
    missing = window - found
    need = f"Cần {count:02d} năm liên tục đạt {_names(facts, codes)} ({min(window)}–{max(window)})"
    if not missing:
        return Verdict(PASSED, f"{need}: có đủ {_years(found)}.")
    pending = facts.pending_years(codes) & missing
    text = f"{need}: có {_years(found)}; thiếu {_years(missing)}"
    if pending == missing:
        return Verdict(UNKNOWN, f"{text} (năm {_years(pending)} đang được đề nghị, chưa có quyết định).")
    return Verdict(FAILED, text + ".")


# --- Checks ------------------------------------------------------------------------------------------
def holds_titles(facts: Facts, params: Mapping) -> Verdict:
    """`years` consecutive years of one of `titles`, ending with the proposal year.

    Law 2022 Art. 22-23: CSTĐ cơ sở needs Lao động tiên tiến that year (years=1); CSTĐ cấp tỉnh
    needs 3 consecutive CSTĐ cơ sở; Art. 21: CSTĐ toàn quốc needs 2 consecutive CSTĐ cấp tỉnh.
    """
    return _consecutive(facts, params["titles"], end=facts.year, count=int(params.get("years", 1)))


def initiative(facts: Facts, params: Mapping) -> Verdict:
    """An initiative or research recognised at `min_level` or above."""
    wanted = params.get("min_level", "basic")
    need = f"Cần sáng kiến, đề tài được công nhận {INITIATIVE_NAMES[wanted]} trở lên"
    if not facts.initiative_level:
        return Verdict(UNKNOWN, f"{need}: hồ sơ chưa khai báo sáng kiến.")
    declared = INITIATIVE_NAMES.get(facts.initiative_level, facts.initiative_level)
    if INITIATIVE_ORDER.get(facts.initiative_level, 0) >= INITIATIVE_ORDER[wanted]:
        return Verdict(PASSED, f"{need}: hồ sơ khai báo {declared}.")
    return Verdict(FAILED, f"{need}: hồ sơ khai báo {declared}.")


def ratio_cap(facts: Facts, params: Mapping) -> Verdict:
    """At most `percent`% of the unit's holders of `of` (e.g. CSTĐ cơ sở ≤ 15% of Lao động tiên tiến)."""
    of = params["of"]
    percent = float(params["percent"])
    count = facts.unit_counts.get(facts.award_code, 0)
    base = facts.unit_counts.get(of, 0)
    limit = int(base * percent // 100)
    head = f"Tối đa {percent:g}% số {facts.name(of)} của đơn vị"
    if base == 0:
        return Verdict(UNKNOWN, f"{head}: đơn vị chưa có {facts.name(of)} nào được ghi nhận trong năm {facts.year}.")
    text = f"{head}: {count} {facts.name(facts.award_code)} trên {base} {facts.name(of)} (tối đa {limit})"
    return Verdict(PASSED if count <= limit else FAILED, text + ".")


def council_vote(facts: Facts, params: Mapping) -> Verdict:
    """At least `percent`% of all council members voted for (absent members vote in writing)."""
    percent = float(params["percent"])
    need = f"Cần ít nhất {format_number(percent)}% tổng số thành viên Hội đồng đồng ý"
    if not facts.council_members or facts.council_votes_for is None:
        return Verdict(UNKNOWN, f"{need}: hồ sơ chưa có kết quả bỏ phiếu.")
    share = 100.0 * facts.council_votes_for / facts.council_members
    text = f"{need}: {facts.council_votes_for}/{facts.council_members} phiếu ({format_number(share, 1)}%)"
    return Verdict(PASSED if share >= percent else FAILED, text + ".")


def member_share(facts: Facts, params: Mapping) -> Verdict:
    """At least `percent`% of the collective's members hold `title` that year."""
    title = params["title"]
    percent = float(params["percent"])
    need = f"Cần ít nhất {format_number(percent)}% cá nhân trong tập thể đạt {facts.name(title)}"
    if not facts.members_total:
        return Verdict(UNKNOWN, f"{need}: chưa có danh sách cá nhân của tập thể.")
    granted = facts.member_titles.get(title, 0)
    pending = facts.member_titles_pending.get(title, 0)
    share = 100.0 * granted / facts.members_total
    text = f"{need}: {granted}/{facts.members_total} ({format_number(share, 1)}%)"
    if share >= percent:
        return Verdict(PASSED, text + ".")
    if 100.0 * (granted + pending) / facts.members_total >= percent:
        return Verdict(UNKNOWN, f"{text}, thêm {pending} người đang được đề nghị.")
    return Verdict(FAILED, text + ".")


def member_count(facts: Facts, params: Mapping) -> Verdict:
    """At least `count` members hold `title` that year (TT lao động xuất sắc: one CSTĐ cơ sở)."""
    title = params["title"]
    wanted = int(params.get("count", 1))
    granted = facts.member_titles.get(title, 0)
    pending = facts.member_titles_pending.get(title, 0)
    text = f"Cần ít nhất {wanted} cá nhân đạt {facts.name(title)}: có {granted}"
    if granted >= wanted:
        return Verdict(PASSED, text + ".")
    if granted + pending >= wanted:
        return Verdict(UNKNOWN, f"{text}, thêm {pending} người đang được đề nghị.")
    return Verdict(FAILED, text + ".")


def discipline_free(facts: Facts, params: Mapping) -> Verdict:
    need = "Không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên"
    if facts.discipline_free is None:
        return Verdict(UNKNOWN, f"{need}: hồ sơ chưa xác nhận.")
    if facts.discipline_free:
        return Verdict(PASSED, f"{need}: đơn vị đã xác nhận.")
    return Verdict(FAILED, f"{need}: hồ sơ khai báo có cá nhân bị kỷ luật.")


def group_leader(facts: Facts, params: Mapping) -> Verdict:
    """Proposed by a cluster/bloc it belongs to (its leading unit), organised at the right level;
    or, with `or_title`, holding that title the same or the previous year."""
    or_title = params.get("or_title")
    central = params.get("organizer_level") == "central"
    alt = ""
    if or_title:
        held = facts.years_with([or_title]) & {facts.year, facts.year - 1}
        if held:
            alt = f"đạt {facts.name(or_title)} năm {_years(held)}"
    if facts.group is None:
        if alt:
            return Verdict(PASSED, f"Không do cụm, khối đề nghị; {alt}.")
        return Verdict(FAILED, "Chỉ xét đơn vị dẫn đầu cụm, khối thi đua: đề nghị không do cụm, khối nào trình.")
    group = facts.group
    if not group.nominee_is_member:
        return Verdict(FAILED, f"Đơn vị không là thành viên của {group.name} năm {facts.year}.")
    if central and not group.organizer_is_central:
        if alt:
            return Verdict(PASSED, f"{group.name} không do Hội đồng Trung ương tổ chức; {alt}.")
        return Verdict(FAILED, f"{group.name} không do Hội đồng Thi đua - Khen thưởng Trung ương tổ chức.")
    return Verdict(PASSED, f"Được {group.name} bình xét, suy tôn đề nghị (thành viên năm {facts.year}).")


def group_quota(facts: Facts, params: Mapping) -> Verdict:
    """A cluster/bloc proposes at most `per_group` of this award a year."""
    per_group = int(params.get("per_group", 1))
    if facts.group is None:
        return Verdict(PASSED, "Không đề nghị qua cụm, khối: không tính vào chỉ tiêu của cụm, khối.")
    count = facts.group.proposals_for_award
    text = f"Mỗi cụm, khối tối đa {per_group}: {facts.group.name} đề nghị {count}"
    return Verdict(PASSED if count <= per_group else FAILED, text + ".")


def prior_award_then_years(facts: Facts, params: Mapping) -> Verdict:
    """Held one of `prior` and then `years` consecutive years of excellent work (shown by the
    `excellent_titles` of the nominee's kind), ending with the proposal year; ad-hoc and thematic
    proposals (`or_kinds`) and, with `or_group_proposal`, a cluster's ballot are other ways in."""
    if facts.kind in params.get("or_kinds", ()):
        return Verdict(PASSED, "Khen thưởng đột xuất, chuyên đề: xét theo thành tích, không cần số năm liên tục.")
    if params.get("or_group_proposal") and facts.group is not None and facts.group.nominee_is_member:
        return Verdict(PASSED, f"Được {facts.group.name} bình xét đề nghị năm {facts.year}.")
    count = int(params.get("years", 5))
    prior = list(params.get("prior", ()))
    start = facts.year - count + 1
    prefix = ""
    if prior:
        held = sorted(y for y in facts.years_with(prior) if y < start)
        if not held:
            before = sorted(facts.years_with(prior))
            detail = f"chỉ có năm {_years(before)}, chưa đủ {count} năm sau đó" if before else "chưa có"
            return Verdict(FAILED, f"Cần đã được tặng {_names(facts, prior)} trước năm {start}: {detail}.")
        prefix = f"Đã được tặng {_names(facts, prior)} năm {held[-1]}. "
    titles = params.get("excellent_titles", {}).get(facts.target, [])
    verdict = _consecutive(facts, titles, end=facts.year, count=count)
    return Verdict(verdict.status, prefix + verdict.facts)


CHECKS: dict[str, Callable[[Facts, Mapping], Verdict]] = {
    "holds_titles": holds_titles,
    "initiative": initiative,
    "ratio_cap": ratio_cap,
    "council_vote": council_vote,
    "member_share": member_share,
    "member_count": member_count,
    "discipline_free": discipline_free,
    "group_leader": group_leader,
    "group_quota": group_quota,
    "prior_award_then_years": prior_award_then_years,
}

CHECK_CHOICES = [(code, code) for code in CHECKS]


@dataclass(frozen=True)
class RuleSpec:
    """A rule row as plain data (`awards.models.EligibilityRule`)."""

    check: str
    params: Mapping
    article: str
    description: str
    applies_to: str = "both"
    unconfirmed: bool = False


def evaluate(rules: list[RuleSpec], facts: Facts) -> list[dict]:
    """Run the rules that apply to the nominee; one result dict per rule, JSON-ready."""
    results = []
    for rule in rules:
        if rule.applies_to not in ("both", facts.target):
            continue
        check = CHECKS.get(rule.check)
        if check is None:
            verdict = Verdict(UNKNOWN, f"Không có phép kiểm tra «{rule.check}».")
        else:
            try:
                verdict = check(facts, rule.params)
            except (KeyError, TypeError, ValueError) as error:
                verdict = Verdict(UNKNOWN, f"Tham số của điều kiện chưa đúng ({error}).")
        results.append(
            {
                "check": rule.check,
                "article": rule.article,
                "description": rule.description,
                "unconfirmed": rule.unconfirmed,
                "status": verdict.status,
                "facts": verdict.facts,
            }
        )
    return results


def overall(results: list[dict]) -> str:
    """Failed if any rule failed, cannot tell if any could not be decided, else passed (no rule: passed)."""
    statuses = {r["status"] for r in results}
    if FAILED in statuses:
        return FAILED
    if UNKNOWN in statuses:
        return UNKNOWN
    return PASSED
