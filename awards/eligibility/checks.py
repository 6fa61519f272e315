"""The checks, one small pure function per kind of condition: `(Facts, params) -> Verdict`."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from clusters.formats import format_number

from .facts import (
    FAILED,
    INITIATIVE_NAMES,
    INITIATIVE_ORDER,
    PASSED,
    RATING_NAMES,
    RATING_ORDER,
    UNKNOWN,
    Facts,
    InitiativeFacts,
    Verdict,
    _consecutive,
    _names,
    _worst,
    _years,
)


# --- Checks ------------------------------------------------------------------------------------------
def holds_titles(facts: Facts, params: Mapping) -> Verdict:
    """`years` consecutive years of one of `titles`, ending with the proposal year.

    Law 2022 Art. 22-23: CSTĐ cơ sở needs Lao động tiên tiến that year (years=1); CSTĐ cấp tỉnh
    needs 3 consecutive CSTĐ cơ sở; Art. 21: CSTĐ toàn quốc needs 2 consecutive CSTĐ cấp tỉnh.
    """
    return _consecutive(facts, params["titles"], end=facts.year, count=int(params.get("years", 1)))


def _initiative_text(item: InitiativeFacts) -> str:
    return (
        f"«{item.title}» ({INITIATIVE_NAMES.get(item.level, item.level)}, quyết định "
        f"{item.decision_number + ' ' if item.decision_number else ''}ngày {item.recognised_on:%d/%m/%Y})"
    )


def _meets(item: InitiativeFacts, wanted: str) -> bool:
    return INITIATIVE_ORDER.get(item.level, 0) >= INITIATIVE_ORDER[wanted]


def _recognised_initiatives(facts: Facts, wanted: str) -> tuple[list[InitiativeFacts], str]:
    """The linked initiatives of the register that meet `wanted` and were recognised by the end of the achievement
    year (a later recognition is no achievement of that year), and the facts written out."""
    until = datetime.date(facts.year, 12, 31)
    found = [i for i in facts.initiatives if _meets(i, wanted) and i.recognised_on <= until]
    if found:
        return found, "sáng kiến " + "; ".join(_initiative_text(i) for i in found)
    if not facts.initiatives:
        return [], "hồ sơ chưa gắn sáng kiến nào trong sổ sáng kiến"
    reasons = []
    for item in facts.initiatives:
        why = "phạm vi ảnh hưởng thấp hơn" if not _meets(item, wanted) else f"công nhận sau năm {facts.year}"
        reasons.append(f"{_initiative_text(item)}: {why}")
    return [], "sáng kiến đã gắn không đủ: " + "; ".join(reasons)


def _declared_only(facts: Facts, wanted: str) -> str:
    """The level the proposer declared (before the register) when it would meet `wanted`: not a proof, only a
    reason to link the initiative rather than to fail the proposal."""
    level = facts.initiative_level
    if level and INITIATIVE_ORDER.get(level, 0) >= INITIATIVE_ORDER[wanted]:
        return f"hồ sơ khai báo sáng kiến {INITIATIVE_NAMES.get(level, level)} nhưng chưa gắn sáng kiến trong sổ"
    return ""


def initiative(facts: Facts, params: Mapping) -> Verdict:
    """Law 2022 Art. 21.2, 22.2: an initiative of the register, linked to the proposal, of which the nominee is an
    author, whose scope of effect is `min_level` or above and which was recognised by the end of the achievement
    year. A level the proposer only declared is not enough: with nothing linked it cannot be told."""
    wanted = params.get("min_level", "basic")
    need = (
        f"Cần sáng kiến, đề tài được công nhận, phạm vi ảnh hưởng {INITIATIVE_NAMES[wanted]} trở lên, "
        f"công nhận đến hết năm {facts.year}"
    )
    found, text = _recognised_initiatives(facts, wanted)
    if found:
        return Verdict(PASSED, f"{need}: {text}.")
    declared = _declared_only(facts, wanted) if not facts.initiatives else ""
    if declared:
        return Verdict(UNKNOWN, f"{need}: {declared}.")
    return Verdict(FAILED, f"{need}: {text}.")


def initiative_window(facts: Facts, params: Mapping) -> Verdict:
    """The initiative of `min_level` or above was recognised within the `years` years ending with the achievement
    year (e.g. the three years of Chiến sĩ thi đua cơ sở a provincial title is chosen from). The Law does not say
    within which period: the rule data marks this unconfirmed."""
    wanted, years = params.get("min_level", "basic"), int(params.get("years", 1))
    first, last = facts.year - years + 1, facts.year
    need = f"Sáng kiến {INITIATIVE_NAMES[wanted]} trở lên được công nhận trong các năm {first}–{last}"
    fitting = [i for i in facts.initiatives if _meets(i, wanted)]
    inside = [i for i in fitting if first <= i.recognised_on.year <= last]
    if inside:
        return Verdict(PASSED, f"{need}: {'; '.join(_initiative_text(i) for i in inside)}.")
    if not fitting:
        return Verdict(UNKNOWN if _declared_only(facts, wanted) else FAILED, f"{need}: không có sáng kiến đủ phạm vi.")
    return Verdict(FAILED, f"{need}: {'; '.join(_initiative_text(i) for i in fitting)} ngoài khoảng thời gian này.")


def ratio_cap(facts: Facts, params: Mapping) -> Verdict:
    """At most `percent`% of the unit's holders of `of` (e.g. CSTĐ cơ sở ≤ 15% of Lao động tiên tiến)."""
    of = params["of"]
    percent = float(params["percent"])
    count = facts.unit_counts.get(facts.award_code, 0)
    base = facts.unit_counts.get(of, 0)
    limit = int(base * percent // 100)
    head = f"Tối đa {format_number(percent)}% số {facts.name(of)} của đơn vị"
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
    if facts.council_session:
        text += f", {facts.council_session}"
    return Verdict(PASSED if share >= percent else FAILED, text + ".")


def member_share(facts: Facts, params: Mapping) -> Verdict:
    """At least `percent`% of the collective's members hold `title` that year; with `strict`, more than
    `percent`% (the old law's "trên 50%")."""
    title = params["title"]
    percent = float(params["percent"])
    strict = bool(params.get("strict"))
    least = "trên" if strict else "ít nhất"
    need = f"Cần {least} {format_number(percent)}% cá nhân trong tập thể đạt {facts.name(title)}"
    if not facts.members_total:
        return Verdict(UNKNOWN, f"{need}: chưa có danh sách cá nhân của tập thể.")

    def reaches(count: int) -> bool:
        share = 100.0 * count / facts.members_total
        return share > percent if strict else share >= percent

    granted = facts.member_titles.get(title, 0)
    pending = facts.member_titles_pending.get(title, 0)
    share = 100.0 * granted / facts.members_total
    text = f"{need}: {granted}/{facts.members_total} ({format_number(share, 1)}%)"
    if reaches(granted):
        return Verdict(PASSED, text + ".")
    if reaches(granted + pending):
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
    """The leading unit of a cluster/bloc it belongs to, organised at the right level; or, with `or_title`,
    holding that title the same or the previous year.

    With `elected`, "leading" is what the group's closed ballot elected (Art. 25, 26): a member the ballot
    did not elect fails, and without a closed ballot in the system it cannot be told. With
    `provincial_leaders: "unsettled"`, the leading unit of a group a ministry or province organises is
    not failed for a central-only rule but left to the reviewer (Art. 25.1, not settled)."""
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
    elected = f"Được {group.name} bình xét, suy tôn đề nghị (thành viên năm {facts.year})"
    if params.get("elected"):
        if group.ballot != "closed":
            state = "đang bỏ phiếu" if group.ballot == "open" else "chưa có kết quả bỏ phiếu trong hệ thống"
            return Verdict(UNKNOWN, f"Chỉ xét đơn vị được {group.name} suy tôn dẫn đầu năm {facts.year}: {state}.")
        if not group.elected_leading:
            if alt:
                return Verdict(PASSED, f"Không được {group.name} suy tôn dẫn đầu năm {facts.year}; {alt}.")
            return Verdict(FAILED, f"Kết quả bỏ phiếu của {group.name} năm {facts.year} không suy tôn đơn vị dẫn đầu.")
        elected = f"Được {group.name} suy tôn đơn vị dẫn đầu năm {facts.year} qua bỏ phiếu"
    if central and not group.organizer_is_central:
        if alt:
            return Verdict(PASSED, f"{group.name} không do Hội đồng Trung ương tổ chức; {alt}.")
        if params.get("provincial_leaders") == "unsettled":
            return Verdict(
                UNKNOWN,
                f"{elected}; {group.name} do bộ, tỉnh tổ chức: Điều 25 khoản 1 xét chọn trong các đơn vị dẫn đầu "
                "cụm, khối do bộ, ban, ngành, tỉnh tổ chức, chưa đối chiếu văn bản: thẩm định viên quyết định.",
            )
        return Verdict(FAILED, f"{group.name} không do Hội đồng Thi đua - Khen thưởng Trung ương tổ chức.")
    return Verdict(PASSED, f"{elected}.")


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


def rating(facts: Facts, params: Mapping) -> Verdict:
    """Rated `min` or above for the proposal year (Art. 24.1: "hoàn thành tốt nhiệm vụ trở lên")."""
    wanted = params.get("min", "good")
    need = f"Cần xếp loại {RATING_NAMES[wanted]} trở lên năm {facts.year}"
    level = facts.ratings.get(facts.year)
    if not level:
        return Verdict(UNKNOWN, f"{need}: đơn vị chưa nhập xếp loại năm {facts.year}.")
    status = PASSED if RATING_ORDER.get(level, 0) >= RATING_ORDER[wanted] else FAILED
    return Verdict(status, f"{need}: được xếp loại {RATING_NAMES.get(level, level)}.")


def rating_or_initiative(facts: Facts, params: Mapping) -> Verdict:
    """Art. 23.2: rated `min` (excellent) that year OR an initiative of the register recognised at `min_level` or
    above by the end of that year (`initiative`); an initiative is not required of someone rated excellent."""
    wanted, wanted_level = params.get("min", "excellent"), params.get("min_level", "basic")
    level = facts.ratings.get(facts.year)
    need = (
        f"Cần {RATING_NAMES[wanted]} năm {facts.year} hoặc có sáng kiến, đề tài được công nhận "
        f"{INITIATIVE_NAMES[wanted_level]} trở lên"
    )
    rated = f"xếp loại {RATING_NAMES.get(level, level)}" if level else "chưa có xếp loại"
    found, linked = _recognised_initiatives(facts, wanted_level)
    text = f"{need}: {rated}; {linked}."
    if (level and RATING_ORDER.get(level, 0) >= RATING_ORDER[wanted]) or found:
        return Verdict(PASSED, text)
    declared = _declared_only(facts, wanted_level) if not facts.initiatives else ""
    if declared:
        return Verdict(UNKNOWN, f"{need}: {rated}; {declared}.")
    return Verdict(UNKNOWN if not level else FAILED, text)


def members_rated(facts: Facts, params: Mapping) -> Verdict:
    """At least `percent`% of the collective's active members rated `min` or above that year
    (Art. 27: every member completes their tasks)."""
    wanted, percent = params.get("min", "completed"), float(params.get("percent", 100))
    need = f"Cần {format_number(percent)}% cá nhân trong tập thể {RATING_NAMES[wanted]} trở lên năm {facts.year}"
    total = facts.members_total
    if not total:
        return Verdict(UNKNOWN, f"{need}: chưa có danh sách cá nhân của tập thể.")
    rated = sum(facts.member_ratings.values())
    good = sum(n for level, n in facts.member_ratings.items() if RATING_ORDER.get(level, 0) >= RATING_ORDER[wanted])
    text = f"{need}: {good}/{total}"
    if 100.0 * good / total >= percent:
        return Verdict(PASSED, text + ".")
    if rated < total and 100.0 * (good + total - rated) / total >= percent:
        return Verdict(UNKNOWN, f"{text}, {total - rated} người chưa có xếp loại.")
    return Verdict(FAILED, text + ".")


def prior_award_then_rated_years(facts: Facts, params: Mapping) -> Verdict:
    """Art. 73.1.b and 44.1.e (individuals): held one of `prior`, then `years` consecutive years rated `min`
    or above ending with the proposal year, at least `excellent_years` of them excellent, with `title_count`
    of `titles` among them. With `prior_waived_by` (Decree 152/2025 Art. 4, whose reach over a condition the
    Law names is not settled) a missing prior award shows both readings and cannot be told."""
    if facts.kind in params.get("or_kinds", ()):
        return Verdict(PASSED, "Khen thưởng đột xuất, chuyên đề: xét theo thành tích, không cần số năm liên tục.")
    count, wanted = int(params.get("years", 5)), params.get("min", "good")
    start = facts.year - count + 1
    window = set(range(start, facts.year + 1))
    missing = window - set(facts.ratings)
    below = {y for y in window - missing if RATING_ORDER.get(facts.ratings[y], 0) < RATING_ORDER[wanted]}
    head = f"{count:02d} năm liên tục ({start}–{facts.year}) {RATING_NAMES[wanted]} trở lên"
    if below:
        statuses, parts = [FAILED], [f"{head}: năm {_years(below)} xếp loại thấp hơn"]
    elif missing:
        statuses, parts = [UNKNOWN], [f"{head}: chưa có xếp loại năm {_years(missing)}"]
    else:
        statuses, parts = [PASSED], [f"{head}: có đủ"]
    excellent = int(params.get("excellent_years", 0))
    if excellent:
        found = sum(1 for y in window if facts.ratings.get(y) == "excellent")
        statuses.append(PASSED if found >= excellent else UNKNOWN if found + len(missing) >= excellent else FAILED)
        parts.append(f"ít nhất {excellent} năm {RATING_NAMES['excellent']}: có {found}")
    titles, wanted_titles = params.get("titles", []), int(params.get("title_count", 0))
    if titles and wanted_titles:
        held = facts.years_with(titles) & window
        pending = (facts.pending_years(titles) & window) - held
        found = f"{len(held)} ({_years(held)})" if held else "0"
        statuses.append(
            PASSED if len(held) >= wanted_titles else UNKNOWN if len(held) + len(pending) >= wanted_titles else FAILED
        )
        parts.append(f"{wanted_titles:02d} lần đạt {_names(facts, titles)} trong các năm đó: có {found}")
    status, text = _worst(statuses), "Cần " + "; ".join(parts) + "."
    prior = list(params.get("prior", ()))
    if not prior:
        return Verdict(status, text)
    held = sorted(y for y in facts.years_with(prior) if y < start)
    if held:
        return Verdict(status, f"Đã được tặng {_names(facts, prior)} năm {held[-1]}. {text}")
    before = sorted(facts.years_with(prior))
    detail = f"chỉ có năm {_years(before)}, chưa đủ {count} năm sau đó" if before else "chưa có"
    lack = f"Cần đã được tặng {_names(facts, prior)} trước năm {start}: {detail}."
    waived_by = params.get("prior_waived_by")
    if waived_by and status != FAILED:
        return Verdict(
            UNKNOWN,
            f"{lack} Nếu {waived_by} (khen thưởng cấp dưới không là điều kiện) áp dụng cho điều kiện Luật đã "
            f"nêu thì xét phần còn lại: {text} Chưa xác định cách hiểu nào đúng: thẩm định viên quyết định.",
        )
    return Verdict(FAILED, f"{lack} {text}")


def registered(facts: Facts, params: Mapping) -> Verdict | None:
    """The nominee registered the title at the start of the year (đăng ký thi đua). Not applicable (None: no row)
    when the proposing unit's year has no registration round nor registration."""
    if facts.registration is None:
        return None
    need = f"Cần đăng ký thi đua danh hiệu {facts.name(facts.award_code)} từ đầu năm {facts.year}"
    if facts.registration == "accepted":
        return Verdict(PASSED, f"{need}: đã đăng ký, bản đăng ký đã được chấp nhận.")
    if facts.registration == "submitted":
        return Verdict(PASSED, f"{need}: đã đăng ký, bản đăng ký đang chờ duyệt.")
    return Verdict(FAILED, f"{need}: không có trong bản đăng ký đã gửi của năm.")


def not_settled(facts: Facts, params: Mapping) -> Verdict:
    """An award whose conditions are not settled against the official text: never "Đạt" for lack of rules."""
    return Verdict(UNKNOWN, params.get("reason") or NOT_SETTLED_FACTS)


NOT_SETTLED_FACTS = (
    "Điều kiện xét tặng chưa xác định (chưa đối chiếu văn bản): không coi là Đạt, thẩm định viên xem xét."
)
