"""What the checks read about a proposal (`Facts`), what they answer (`Verdict`), and the words they use."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field

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
#: Yearly performance ratings (awards.models.RatingLevel), higher is better.
RATING_ORDER = {"not_completed": 0, "completed": 1, "good": 2, "excellent": 3}
RATING_NAMES = {
    "not_completed": "không hoàn thành nhiệm vụ",
    "completed": "hoàn thành nhiệm vụ",
    "good": "hoàn thành tốt nhiệm vụ",
    "excellent": "hoàn thành xuất sắc nhiệm vụ",
}


@dataclass(frozen=True)
class InitiativeFacts:
    """A recognised initiative from the register (`awards.models.Initiative`) that the proposal links and the
    nominee is an author of: its level (INITIATIVE_ORDER keys), the date and number of the decision recognising it."""

    title: str
    level: str
    recognised_on: datetime.date
    decision_number: str = ""


@dataclass(frozen=True)
class GroupFacts:
    name: str
    nominee_is_member: bool
    organizer_is_central: bool
    #: Live proposals of this award type from this group for the year, this one included.
    proposals_for_award: int = 1
    #: The group's ballot for the year: "" none recorded, "open" or "closed"; and whether it elected the nominee
    #: its leading unit (đơn vị dẫn đầu).
    ballot: str = ""
    elected_leading: bool = False


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
    initiative_level: str = ""  # "" = not declared (the proposer's own word, before the register)
    #: The recognised initiatives of the register the proposal links, of which the nominee is an author.
    initiatives: tuple[InitiativeFacts, ...] = ()
    discipline_free: bool | None = None
    council_members: int | None = None
    council_votes_for: int | None = None
    #: The council session whose count these are ("" when typed on the proposal).
    council_session: str = ""
    group: GroupFacts | None = None
    #: For collectives: active people of the unit, and how many of them hold / are proposed for a title.
    members_total: int | None = None
    member_titles: Mapping[str, int] = field(default_factory=dict)
    member_titles_pending: Mapping[str, int] = field(default_factory=dict)
    #: Individuals: year -> performance rating (RATING_ORDER keys) as the unit entered it.
    ratings: Mapping[int, str] = field(default_factory=dict)
    #: Collectives: rating -> how many active members hold it for the year.
    member_ratings: Mapping[str, int] = field(default_factory=dict)
    #: For caps: award code -> granted + live proposals in the proposing unit that year (this one included).
    unit_counts: Mapping[str, int] = field(default_factory=dict)
    #: award code -> name, to write the facts in words.
    names: Mapping[str, str] = field(default_factory=dict)
    #: Registration of titles (đăng ký thi đua): None when registrations are not in use for the proposing unit's
    #: year (no registration round, no registration), else whether the nominee's sent registration names the title
    #: ("accepted" or "submitted"), "" when it does not.
    registration: str | None = None

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


def _worst(statuses) -> str:
    return FAILED if FAILED in statuses else UNKNOWN if UNKNOWN in statuses else PASSED
