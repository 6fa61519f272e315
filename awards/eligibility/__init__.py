"""The law's eligibility conditions as small pure functions.

Each check takes the `Facts` about one proposal (gathered from the award history by
`awards.selectors.proposals.eligibility_facts`) and the rule's `params` (data: consecutive years,
prerequisite titles, percentages, vote thresholds) and returns a `Verdict`: passed, failed or cannot
tell, with the facts it used written out for the reviewer. Nothing here touches the database.

Decree 152/2025 Art. 4: a lower-level award is not a prerequisite for a higher one; the standards
that the Law itself words with an earlier award keep it (the Chiến sĩ thi đua ladder, Art. 73.1.b,
Art. 44.1.e); how far Art. 4 reaches there is not settled, so those checks show both readings.
The rule *data* says which; the functions only do the counting.

A rule not yet checked against the official text (`unconfirmed`) never decides the verdict alone: a
proposal passes only on confirmed conditions, and one whose award has none is "not settled" (unknown).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from .checks import (
    NOT_SETTLED_FACTS,
    council_vote,
    discipline_free,
    group_leader,
    group_quota,
    holds_titles,
    initiative,
    initiative_window,
    member_count,
    member_share,
    members_rated,
    not_settled,
    prior_award_then_rated_years,
    prior_award_then_years,
    rating,
    rating_or_initiative,
    ratio_cap,
    registered,
)
from .facts import (
    FAILED,
    INITIATIVE_NAMES,
    INITIATIVE_ORDER,
    PASSED,
    RATING_NAMES,
    RATING_ORDER,
    UNKNOWN,
    Facts,
    GroupFacts,
    InitiativeFacts,
    Verdict,
)

__all__ = [
    "CHECKS",
    "FAILED",
    "INITIATIVE_NAMES",
    "INITIATIVE_ORDER",
    "PASSED",
    "RATING_NAMES",
    "RATING_ORDER",
    "UNKNOWN",
    "Facts",
    "GroupFacts",
    "InitiativeFacts",
    "RuleSpec",
    "Verdict",
    "evaluate",
    "overall",
    "council_vote",
    "discipline_free",
    "group_leader",
    "group_quota",
    "holds_titles",
    "initiative",
    "initiative_window",
    "member_count",
    "member_share",
    "members_rated",
    "not_settled",
    "prior_award_then_rated_years",
    "prior_award_then_years",
    "rating",
    "rating_or_initiative",
    "ratio_cap",
    "registered",
]

CHECKS: dict[str, Callable[[Facts, Mapping], Verdict]] = {
    "holds_titles": holds_titles,
    "initiative": initiative,
    "initiative_window": initiative_window,
    "ratio_cap": ratio_cap,
    "council_vote": council_vote,
    "member_share": member_share,
    "member_count": member_count,
    "discipline_free": discipline_free,
    "group_leader": group_leader,
    "group_quota": group_quota,
    "prior_award_then_years": prior_award_then_years,
    "prior_award_then_rated_years": prior_award_then_rated_years,
    "rating": rating,
    "rating_or_initiative": rating_or_initiative,
    "members_rated": members_rated,
    "not_settled": not_settled,
    "registered": registered,
}


@dataclass(frozen=True)
class RuleSpec:
    """A rule row as plain data (`awards.models.EligibilityRule`)."""

    check: str
    params: Mapping
    article: str
    description: str
    applies_to: str = "both"
    unconfirmed: bool = False
    source: str = ""
    quote: str = ""
    note: str = ""


def _result(rule: RuleSpec, verdict: Verdict) -> dict:
    return {
        "check": rule.check,
        "article": rule.article,
        "source": rule.source,
        "quote": rule.quote,
        "note": rule.note,
        "description": rule.description,
        "unconfirmed": rule.unconfirmed,
        "status": verdict.status,
        "facts": verdict.facts,
    }


def evaluate(rules: list[RuleSpec], facts: Facts) -> list[dict]:
    """Run the rules that apply to the nominee; one result dict per rule, JSON-ready. Without any confirmed
    rule for the nominee the conditions are not settled, and a row says so."""
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
            if verdict is None:  # the condition does not apply to this proposal (e.g. registrations not in use)
                continue
        results.append(_result(rule, verdict))
    if not any(not r["unconfirmed"] for r in results) and not any(r["check"] == "not_settled" for r in results):
        unsettled = RuleSpec("not_settled", {}, "—", "Điều kiện xét tặng chưa xác định", unconfirmed=True)
        results.append(_result(unsettled, Verdict(UNKNOWN, NOT_SETTLED_FACTS)))
    return results


def overall(results: list[dict]) -> str:
    """Failed if a confirmed rule failed; passed if every rule passed and at least one is confirmed; else cannot
    tell. An unconfirmed rule alone neither fails nor passes a proposal: its failure makes it "cannot tell"."""
    confirmed = [r for r in results if not r.get("unconfirmed")]
    if any(r["status"] == FAILED for r in confirmed):
        return FAILED
    if not confirmed or any(r["status"] != PASSED for r in results):
        return UNKNOWN
    return PASSED
