"""Gap to the next classification (§3.0, R3.1) and quarterly scorecards with recommendations (§8.0, R9.1).

A scorecard measures every row of the partner's classification — resources on the last day of the
quarter, governance and activity over the quarter — and then tries the policy's recommendation rules in
order (`assessment.recommendations`); the first whose conditions all hold gives the proposal. Conditions
are worked out only when a rule asks for them, so the next and lower classifications are measured only
for the partners whose outcome depends on them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from partnerhub.policy.calendar import Quarter, qualification_deadline
from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.facts import PartnerFacts
from partnerhub.policy.model import Policy, RuleCondition
from partnerhub.policy.requirements import (
    GROUPS,
    Engine,
    PeopleIndex,
    RequirementLine,
    check_activity_period,
    engine_for,
    waivers_in_force,
)

_LEVELS: dict[str, tuple[str | None, str]] = {
    "resources_met": (None, "resources"),
    "governance_met": (None, "governance"),
    "activity_met": (None, "activity"),
    "next_resources_met": ("next", "resources"),
    "next_governance_met": ("next", "governance"),
    "next_activity_met": ("next", "activity"),
    "lower_resources_met": ("lower", "resources"),
}

_NOUNS = {"resources": "resource", "governance": "governance", "activity": "activity"}


@dataclass(frozen=True, slots=True)
class Gap:
    """What a partner lacks for the next classification on the path of §3.0 (None: there is none)."""

    classification: str
    target: str | None
    lines: tuple[RequirementLine, ...]

    @property
    def ready(self) -> bool:
        return self.target is not None and all(line.met for line in self.lines)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(line.missing for line in self.lines if line.missing)

    def as_dict(self) -> dict[str, Any]:
        return {
            "classification": self.classification,
            "target": self.target,
            "ready": self.ready,
            "missing": list(self.missing),
            "lines": [line.as_dict() for line in self.lines],
        }


@dataclass(frozen=True, slots=True)
class Recommendation:
    """The proposal of a quarterly evaluation; `target` is the classification proposed, if any."""

    outcome: str
    period: str
    classification: str
    target: str | None
    message: str
    sections: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "period": self.period,
            "classification": self.classification,
            "target": self.target,
            "message": self.message,
            "sections": list(self.sections),
        }


def gap_to_next(policy: Policy, facts: PartnerFacts, as_of: dt.date) -> Decision[Gap]:
    """The resource and governance lines of the classification above the partner's, on `as_of`.

    Governance rows are measured over the quarter holding `as_of`, up to it. Exceptions of the partner's
    own classification do not count towards the next one.
    """
    engine = engine_for(policy)
    current = facts.classification
    name = engine.classification_names[current]
    target = engine.upgrade_to[current]
    section = policy.assessment.rule_conditions["next_resources_met"]
    if target is None:
        reason = Reason("upgrade_path", section, f"{name} has no higher classification to move up to", False)
        return Decision(
            outcome=Gap(current, None, ()),
            policy_version=policy.version_date,
            reasons=(reason,),
            facts={"partner_id": facts.partner_id, "as_of": as_of},
        )
    rows = engine.select(target, ("resources", "governance"))
    pairs = engine.evaluate(facts, as_of, rows, people=PeopleIndex.of(facts, as_of))
    lines = tuple(line for line, _ in pairs)
    short = sum(1 for line in lines if not line.met)
    path = f"{name} can move up to {engine.classification_names[target]}"
    path += f"; {short} line(s) short" if short else "; every resource and governance row is met"
    return Decision(
        outcome=Gap(current, target, lines),
        policy_version=policy.version_date,
        reasons=(Reason("upgrade_path", section, path, True), *(reason for _, reason in pairs)),
        facts={"partner_id": facts.partner_id, "as_of": as_of, "lines": lines},
    )


_Pairs = list[tuple[RequirementLine, Reason]]


class _Scorecard:
    """The conditions of the recommendation rules for one partner and quarter, worked out on demand.

    The next and lower classifications are measured one group at a time, only when a rule asks.
    """

    __slots__ = ("as_of", "engine", "facts", "lines", "met", "other", "people", "quarter", "values")

    def __init__(self, engine: Engine, facts: PartnerFacts, quarter: Quarter) -> None:
        self.engine = engine
        self.facts = facts
        self.quarter = quarter
        self.as_of = quarter.end
        self.people = PeopleIndex.of(facts, self.as_of)
        rows = engine.select(facts.classification)
        waivers = waivers_in_force(facts, self.as_of) if facts.exceptions else None
        self.lines = engine.evaluate(facts, self.as_of, rows, people=self.people, waivers=waivers, quarter=quarter)
        met = {"resources": True, "governance": True, "activity": True}
        for line, _ in self.lines:
            if not line.met:
                met[line.group] = False
        self.met = met
        self.other: dict[tuple[str, str], _Pairs | None] = {}
        self.values: dict[RuleCondition, bool] = {}

    def value(self, condition: RuleCondition) -> bool:
        value = self.values.get(condition)
        if value is None:
            value = self.values[condition] = self._work_out(condition)
        return value

    def _work_out(self, condition: RuleCondition) -> bool:
        facts = self.facts
        if condition == "registered":
            return facts.registered
        if condition == "qualification_window_open":
            deadline = self._deadline()
            return not facts.registered and deadline is not None and self.as_of <= deadline
        direction, group = _LEVELS[condition]
        if direction is None:
            return self.met[group]
        pairs = self._measure(direction, group)
        return pairs is not None and all(line.met for line, _ in pairs)

    def _deadline(self) -> dt.date | None:
        facts = self.facts
        if facts.qualification_deadline is None and facts.approved_on is not None:
            return qualification_deadline(self.engine.policy, facts.approved_on).outcome
        return facts.qualification_deadline

    def _target(self, direction: str) -> str | None:
        paths = self.engine.upgrade_to if direction == "next" else self.engine.downgrade_to
        return paths[self.facts.classification]

    def _measure(self, direction: str, group: str) -> _Pairs | None:
        key = (direction, group)
        if key not in self.other:
            target = self._target(direction)
            pairs = None
            if target is not None:
                rows = self.engine.select(target, (group,))
                pairs = self.engine.evaluate(self.facts, self.as_of, rows, people=self.people, quarter=self.quarter)
            self.other[key] = pairs
        return self.other[key]

    def lines_of(self, direction: str) -> tuple[RequirementLine, ...] | None:
        measured = [self.other[(direction, group)] for group in GROUPS if (direction, group) in self.other]
        if not measured:
            return None
        return tuple(line for pairs in measured if pairs for line, _ in pairs)

    def reason(self, condition: RuleCondition, value: bool) -> Reason:
        engine = self.engine
        facts = self.facts
        memo_key = (condition, facts.classification)
        if value and condition not in ("qualification_window_open",):
            cached = engine.memo.get(memo_key)
            if cached is not None:
                return cast(Reason, cached)
        section = engine.policy.assessment.rule_conditions[condition]
        name = engine.classification_names[facts.classification]
        if condition == "registered":
            message = "a Registered Partner" if value else f"not a Registered Partner (status {facts.status})"
        elif condition == "qualification_window_open":
            deadline = self._deadline()
            if facts.registered:
                message = "registered: the qualification window no longer applies"
            elif deadline is None:
                message = "not approved: no qualification window"
            elif value:
                message = f"inside the qualification window, until {deadline.isoformat()}"
            else:
                message = f"the qualification window ended on {deadline.isoformat()} without registration"
            return Reason(condition, section, message, value)
        else:
            direction, group = _LEVELS[condition]
            if direction is None:
                pairs: _Pairs | None = [pair for pair in self.lines if pair[0].group == group]
            else:
                target = self._target(direction)
                pairs = self.other.get((direction, group))
                if target is None or pairs is None:
                    higher = "higher" if direction == "next" else "lower"
                    return Reason(condition, section, f"{name} has no {higher} classification", value)
                name = engine.classification_names[target]
            if value:
                message = f"every {_NOUNS[group]} row of {name} is met"
            else:
                missing = [line.missing for line, _ in pairs or () if line.missing]
                message = f"{_NOUNS[group]} rows of {name} missed: " + "; ".join(missing)
        reason = Reason(condition, section, message, value)
        if value:
            engine.memo[memo_key] = reason
        return reason


def scorecard(policy: Policy, facts: PartnerFacts, quarter: Quarter) -> Decision[Recommendation]:
    """The quarterly evaluation of one partner (§8.0): every line and a recommendation with its reasons.

    `facts` must describe the partner on the last day of `quarter`, with the activity of that quarter.
    """
    check_activity_period(facts, quarter)
    engine = engine_for(policy)
    card = _Scorecard(engine, facts, quarter)
    value = card.value
    matched = len(engine.rules) - 1  # the last rule has no conditions (checked on loading): it always matches
    for index, (_, when, _, _) in enumerate(engine.rules):
        for condition, wanted in when:
            if value(condition) != wanted:
                break
        else:
            matched = index
            break
    # The proposal and its reason are the same for every partner of a classification with this outcome.
    memo_key = ("recommendation", matched, facts.classification, quarter.key)
    cached = engine.memo.get(memo_key)
    if cached is None:
        cached = engine.memo[memo_key] = _proposal(engine, matched, facts.classification, quarter)
    recommendation, proposed = cast(tuple[Recommendation, Reason], cached)
    reasons = [pair[1] for pair in card.lines]
    reasons.extend([card.reason(condition, met) for condition, met in card.values.items()])
    reasons.append(proposed)
    facts_seen: dict[str, Any] = {
        "partner_id": facts.partner_id,
        "period": quarter.key,
        "as_of": card.as_of,
        "lines": tuple([pair[0] for pair in card.lines]),
        "conditions": dict(card.values),
    }
    if card.other:
        for direction in ("next", "lower"):
            lines = card.lines_of(direction)
            if lines is not None:
                facts_seen[f"{direction}_lines"] = lines
    return Decision(
        outcome=recommendation, policy_version=policy.version_date, reasons=tuple(reasons), facts=facts_seen
    )


def _proposal(engine: Engine, index: int, classification: str, quarter: Quarter) -> tuple[Recommendation, Reason]:
    outcome, _, sections, message = engine.rules[index]
    target = None
    if outcome == "upgrade_candidate":
        target = engine.upgrade_to[classification]
    elif outcome == "reassign_down":
        target = engine.downgrade_to[classification]
    recommendation = Recommendation(
        outcome=outcome,
        period=quarter.key,
        classification=classification,
        target=target,
        message=message,
        sections=tuple(sections),
    )
    label = engine.evaluation_names.get(quarter.number, quarter.key)
    proposal = outcome.replace("_", " ") + (f" ({engine.classification_names[target]})" if target else "")
    reason = Reason(
        "recommendation",
        engine.policy.assessment.section,
        f"{label} {quarter.year}: {proposal}: {message}",
        outcome in ("keep", "upgrade_candidate"),
    )
    return recommendation, reason
