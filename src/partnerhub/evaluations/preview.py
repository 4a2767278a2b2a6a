"""A draft policy version tried on today's partners before it is published (docs/policy.md#r1-4).

For every member of the programme the same engine is asked twice, once with the policy in force and once
with the draft, and the answers compared:

- the recommendation of the latest evaluation period ended on or before `as_of` (its quarter's facts:
  resources on the quarter's last day, activity over the quarter), as the next run would propose it;
- good standing on `as_of`;
- the annual program fee of its classification (what its next renewal invoices).

Each partner whose answer differs is listed with what changes and why: the reasons that differ between
the two decisions, each with its section. Facts are gathered once per date for everyone (set-based).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from partnerhub.evaluations.gather import EVALUATED_STATUSES, quarter_facts
from partnerhub.partners.models import Classification, Partner
from partnerhub.people.facts import gather_facts
from partnerhub.policy.calendar import Quarter, quarters_of_year
from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.diff import PolicyDiff, diff_policies
from partnerhub.policy.fees import renewal_fee
from partnerhub.policy.model import Policy
from partnerhub.policy.scoring import Recommendation, scorecard
from partnerhub.policy.standing import good_standing


@dataclass(frozen=True, slots=True)
class Difference:
    """One answer that differs for one partner: `what` is recommendation, standing or fee."""

    what: str
    before: Any
    after: Any
    why: tuple[Reason, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "what": self.what,
            "from": self.before,
            "to": self.after,
            "why": [reason.as_dict() for reason in self.why],
        }


@dataclass(frozen=True, slots=True)
class PartnerPreview:
    partner_id: int
    name: str
    classification: str
    differences: tuple[Difference, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "partner": self.partner_id,
            "name": self.name,
            "classification": self.classification,
            "changes": [difference.as_dict() for difference in self.differences],
        }


@dataclass(frozen=True)
class Preview:
    as_of: dt.date
    period: str | None
    diff: PolicyDiff
    partners_count: int
    partners: tuple[PartnerPreview, ...] = field(default_factory=tuple)

    @property
    def summary(self) -> dict[str, int]:
        counts: Counter[str] = Counter()
        for partner in self.partners:
            for difference in partner.differences:
                counts[difference.what] += 1
        return {what: counts[what] for what in ("recommendation", "standing", "fee")}

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "period": self.period,
            "from_version": self.diff.from_version.isoformat(),
            "to_version": self.diff.to_version.isoformat(),
            "policy_changes": [change.as_dict() for change in self.diff.changes],
            "partners_evaluated": self.partners_count,
            "partners_changed": len(self.partners),
            "summary": self.summary,
            "partners": [partner.as_dict() for partner in self.partners],
        }


def last_ended_quarter(policy: Policy, as_of: dt.date) -> Quarter | None:
    """The latest fiscal quarter that ended on or before `as_of` (None before the first one)."""
    for year in (as_of.year, as_of.year - 1):
        ended = [quarter for quarter in quarters_of_year(policy, year) if quarter.end <= as_of]
        if ended:
            return ended[-1]
    return None


def preview_policy(current: Policy, draft: Policy, as_of: dt.date) -> Preview:
    """Who would change recommendation, standing or fee if `draft` replaced `current` on `as_of`."""
    members = Partner.objects.filter(status__in=EVALUATED_STATUSES).exclude(classification=Classification.OEM)
    found: dict[int, list[Difference]] = {}
    names: dict[int, tuple[str, str]] = {}

    quarter = last_ended_quarter(current, as_of)
    if quarter is not None:
        for facts in quarter_facts(quarter):
            names[facts.partner_id] = (facts.name, facts.classification)
            before = _recommendation(current, facts, quarter)
            after = _recommendation(draft, facts, quarter)
            if _proposal(before) != _proposal(after):
                found.setdefault(facts.partner_id, []).append(
                    Difference("recommendation", _proposal(before), _proposal(after), _why(before, after))
                )

    today = gather_facts(as_of, members.order_by("pk"))
    for partner_id, facts in sorted(today.items()):
        names.setdefault(partner_id, (facts.name, facts.classification))
        standing_before = _standing(current, facts, as_of)
        standing_after = _standing(draft, facts, as_of)
        if standing_before.outcome != standing_after.outcome:
            found.setdefault(partner_id, []).append(
                Difference(
                    "standing",
                    standing_before.outcome,
                    standing_after.outcome,
                    _why(standing_before, standing_after),
                )
            )
        fee_before = _fee(current, facts.classification)
        fee_after = _fee(draft, facts.classification)
        if fee_before != fee_after:
            reason = Reason(
                "annual_fee",
                draft.fees.section,
                f"annual program fee of {facts.classification}: {_money(fee_before)} → {_money(fee_after)}",
                True,
            )
            found.setdefault(partner_id, []).append(Difference("fee", _money(fee_before), _money(fee_after), (reason,)))

    partners = tuple(
        PartnerPreview(partner_id, names[partner_id][0], names[partner_id][1], tuple(differences))
        for partner_id, differences in sorted(found.items())
    )
    return Preview(
        as_of=as_of,
        period=quarter.key if quarter else None,
        diff=diff_policies(current, draft),
        partners_count=len(names),
        partners=partners,
    )


def _recommendation(policy: Policy, facts: Any, quarter: Quarter) -> Decision[Recommendation] | None:
    try:
        return scorecard(policy, facts, quarter)
    except KeyError:
        return None  # the classification does not exist in this version


def _proposal(decision: Decision[Recommendation] | None) -> str:
    if decision is None:
        return "no such classification"
    recommendation = decision.outcome
    return recommendation.outcome + (f" ({recommendation.target})" if recommendation.target else "")


def _standing(policy: Policy, facts: Any, as_of: dt.date) -> Decision[bool]:
    try:
        return good_standing(policy, facts, as_of)
    except KeyError:
        message = f"no classification {facts.classification!r} in this version"
        reason = Reason("classification", policy.classifications_section, message, False)
        return Decision(outcome=False, policy_version=policy.version_date, reasons=(reason,))


def _fee(policy: Policy, classification: str) -> tuple[str, Any] | None:
    try:
        quote = renewal_fee(policy, classification, policy.program_year).outcome
    except KeyError:
        return None
    return quote.currency, quote.amount


def _money(fee: tuple[str, Any] | None) -> str:
    return "none" if fee is None else f"{fee[1]} {fee[0]}"


def _why(before: Decision[Any] | None, after: Decision[Any] | None) -> tuple[Reason, ...]:
    """The draft's reasons that the current policy does not give (what makes the difference)."""
    old = {(r.code, r.message, r.met) for r in (before.reasons if before else ())}
    changed = tuple(r for r in (after.reasons if after else ()) if (r.code, r.message, r.met) not in old)
    if changed:
        return changed
    return tuple(r for r in (before.reasons if before else ()) if not r.met)
