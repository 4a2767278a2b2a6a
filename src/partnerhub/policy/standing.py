"""Registration criteria (§2.0, docs/policy.md#r2-3), good standing (R2.7, R2.8), its forecast, and due dates (R10.1).

Every function takes the date it judges; every condition it checks becomes a `Reason`, met or not, with
the section it comes from (the requirement rows carry theirs, the other conditions take theirs from the
policy's `assessment.conditions`). An exception in force (§5.2) honours the qualification it names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from partnerhub.policy.calendar import add_months, qualification_deadline
from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.facts import ExceptionFact, PartnerFacts, require_listed
from partnerhub.policy.model import Policy, StandingCondition
from partnerhub.policy.requirements import (
    Engine,
    PeopleIndex,
    RequirementLine,
    cite,
    engine_for,
    waivers_in_force,
)

CERTIFICATION_NAMES = {
    "sales": "sales certification",
    "presales": "presales certification",
    "ctl": "CTL certification",
    "cie": "CIE certification",
    "ced": "CED certification",
    "experience_designer": "Experience Designer certification",
}


def _condition(
    engine: Engine,
    code: StandingCondition,
    met: bool,
    message: str,
    waivers: dict[str, ExceptionFact],
) -> Reason:
    section = engine.policy.assessment.conditions[code]
    if not met:
        waiver = waivers.get(code)
        if waiver is not None:
            return Reason(code, engine.exception_section, f"{message}; {cite(waiver, engine.exception_section)}", True)
    return Reason(code, section, message, met)


def registration_criteria(policy: Policy, facts: PartnerFacts, as_of: dt.date) -> Decision[bool]:
    """Whether the partner meets the minimum criteria of §2.0 on `as_of`, inside its qualification window.

    The criteria: every minimum-criterion row of its classification in every authorized region, the
    order form signed and the program fee invoice fully paid. Meeting them after the window does not
    register a partner: the outcome is then False, with the window as the unmet reason (it may be
    deactivated, without refund). `facts["criteria_met"]` tells whether the criteria alone are met.
    """
    require_listed(facts, "the registration criteria")
    engine = engine_for(policy)
    waivers = waivers_in_force(facts, as_of)
    rows = engine.select(facts.classification, flag="minimum_criterion")
    pairs = engine.evaluate(facts, as_of, rows, people=PeopleIndex.of(facts, as_of), waivers=waivers)
    reasons = [reason for _, reason in pairs]
    reasons.append(
        _condition(
            engine,
            "order_form_signed",
            facts.order_form_signed,
            "order form for program fees signed and returned" if facts.order_form_signed else "order form not signed",
            waivers,
        )
    )
    reasons.append(
        _condition(
            engine,
            "program_fee_paid",
            facts.program_fee_paid,
            "program fee invoice fully paid" if facts.program_fee_paid else "program fee invoice not fully paid",
            waivers,
        )
    )
    criteria_met = all(reason.met for reason in reasons)

    deadline = facts.qualification_deadline
    if deadline is None and facts.approved_on is not None:
        deadline = qualification_deadline(policy, facts.approved_on).outcome
    months = policy.windows.qualification_months
    if facts.registered:
        in_window, message = True, "already a Registered Partner: the qualification window no longer applies"
    elif deadline is None:
        in_window, message = False, "not approved: no qualification window is open"
    elif as_of <= deadline:
        in_window = True
        message = f"inside the qualification window of {months} months, until {deadline.isoformat()}"
    else:
        in_window = False
        message = (
            f"the qualification window ended on {deadline.isoformat()}: meeting the criteria now does not "
            "make the partner a Registered Partner, and it may be deactivated without refund of program fees"
        )
    reasons.append(_condition(engine, "qualification_window", in_window, message, waivers))

    return Decision(
        outcome=all(reason.met for reason in reasons),
        policy_version=policy.version_date,
        reasons=tuple(reasons),
        facts={
            "partner_id": facts.partner_id,
            "classification": facts.classification,
            "as_of": as_of,
            "criteria_met": criteria_met,
            "qualification_deadline": deadline,
            "lines": tuple(line for line, _ in pairs),
        },
    )


def _standing(engine: Engine, facts: PartnerFacts, as_of: dt.date) -> tuple[list[Reason], list[RequirementLine]]:
    require_listed(facts, "good standing")
    policy = engine.policy
    waivers = waivers_in_force(facts, as_of)
    reasons = [
        _condition(
            engine,
            "registered",
            facts.registered,
            f"{facts.name} is a Registered Partner"
            if facts.registered
            else f"{facts.name} is not a Registered Partner (status {facts.status})",
            waivers,
        )
    ]
    rows = engine.select(facts.classification, flag="in_standing")
    pairs = engine.evaluate(facts, as_of, rows, people=PeopleIndex.of(facts, as_of), waivers=waivers)
    reasons.extend(reason for _, reason in pairs)

    overdue = facts.overdue_invoices
    reasons.append(
        _condition(
            engine,
            "program_fee_invoices",
            not overdue,
            f"overdue program fee invoice(s): {'; '.join(overdue)}" if overdue else "no overdue program fee invoice",
            waivers,
        )
    )

    verified = facts.compliance_verified_on
    months = policy.windows.compliance_verification_validity_months
    if verified is None or verified > as_of:
        compliant, message = False, "no verification of compliance training and certification on file"
    else:
        valid_until = add_months(verified, months) - dt.timedelta(days=1)
        compliant = as_of <= valid_until
        message = (
            f"compliance training verified on {verified.isoformat()}, "
            + (f"valid until {valid_until.isoformat()}" if compliant else f"expired after {valid_until.isoformat()}")
            + f" ({months} months)"
        )
    reasons.append(_condition(engine, "compliance_verification", compliant, message, waivers))

    flagged = facts.financial_standing_flagged
    reasons.append(
        _condition(
            engine,
            "financial_standing",
            not flagged,
            "financial standing flagged as not sufficiently good" if flagged else "financial standing not flagged",
            waivers,
        )
    )

    late = facts.overdue_timelines
    reasons.append(
        _condition(
            engine,
            "compliance_timelines",
            not late,
            f"late on programme-compliance timeline(s): {'; '.join(late)}"
            if late
            else "not late on any programme-compliance timeline",
            waivers,
        )
    )
    return reasons, [line for line, _ in pairs]


def good_standing(policy: Policy, facts: PartnerFacts, as_of: dt.date) -> Decision[bool]:
    """Whether the partner is in good standing on `as_of` (docs/policy.md#r2-7), with a reason for every condition."""
    reasons, lines = _standing(engine_for(policy), facts, as_of)
    return Decision(
        outcome=all(reason.met for reason in reasons),
        policy_version=policy.version_date,
        reasons=tuple(reasons),
        facts={
            "partner_id": facts.partner_id,
            "classification": facts.classification,
            "as_of": as_of,
            "lines": tuple(lines),
        },
    )


def _known_on(facts: PartnerFacts, as_of: dt.date) -> PartnerFacts:
    """The facts as they stand on `as_of`, without anything dated after it."""
    people = tuple(
        replace(person, certifications=tuple(c for c in person.certifications if c.earned_on <= as_of))
        for person in facts.people
    )
    verified = facts.compliance_verified_on
    return replace(
        facts,
        people=people,
        records=tuple(record for record in facts.records if record.on <= as_of),
        compliance_verified_on=verified if verified is not None and verified <= as_of else None,
    )


def standing_forecast(policy: Policy, facts: PartnerFacts, as_of: dt.date, on: dt.date) -> Decision[bool]:
    """Good standing on the coming date `on`, if nothing new is earned after `as_of`.

    Certifications, records, exceptions and the compliance verification lapse as dated; overdue
    invoices and timelines stay as they are. `facts["breaks_on"]` is the first day in (as_of, on] on
    which standing is lost (None if it holds, or is already lost on as_of); a leading reason says when
    and why, for the warning "standing will break on D because …".
    """
    if on < as_of:
        raise ValueError(f"a forecast looks forward: {on.isoformat()} is before {as_of.isoformat()}")
    require_listed(facts, "a standing forecast")
    engine = engine_for(policy)
    known = _known_on(facts, as_of)
    now, _ = _standing(engine, known, as_of)
    in_standing_now = all(reason.met for reason in now)
    reasons, lines = _standing(engine, known, on)
    outcome = all(reason.met for reason in reasons)

    breaks_on: dt.date | None = None
    break_reasons: list[Reason] = []
    if in_standing_now:
        for day in _change_days(policy, known, as_of, on):
            day_reasons, _ = _standing(engine, known, day)
            if not all(reason.met for reason in day_reasons):
                breaks_on = day
                break_reasons = [reason for reason in day_reasons if not reason.met]
                break
    section = policy.assessment.conditions["registered"]
    if not in_standing_now:
        failing = "; ".join(reason.message for reason in now if not reason.met)
        summary = Reason("forecast", section, f"not in good standing already on {as_of.isoformat()}: {failing}", False)
    elif breaks_on is not None:
        because = "; ".join(reason.message for reason in break_reasons)
        summary = Reason(
            "forecast", section, f"standing will break on {breaks_on.isoformat()} because {because}", False
        )
    else:
        summary = Reason(
            "forecast",
            section,
            f"in good standing through {on.isoformat()} if nothing new is earned after {as_of.isoformat()}",
            True,
        )
    return Decision(
        outcome=outcome,
        policy_version=policy.version_date,
        reasons=(summary, *reasons),
        facts={
            "partner_id": facts.partner_id,
            "as_of": as_of,
            "on": on,
            "in_standing_now": in_standing_now,
            "breaks_on": breaks_on,
            "lines": tuple(lines),
        },
    )


def _change_days(policy: Policy, facts: PartnerFacts, as_of: dt.date, on: dt.date) -> list[dt.date]:
    """The days in (as_of, on] on which something lapses, in order, ending with `on`."""
    one = dt.timedelta(days=1)
    days = {on}
    for person in facts.people:
        days.update(c.expires_on + one for c in person.certifications)
    days.update(record.valid_until + one for record in facts.records if record.valid_until is not None)
    days.update(exception.ends_on + one for exception in facts.exceptions)
    if facts.compliance_verified_on is not None:
        days.add(add_months(facts.compliance_verified_on, policy.windows.compliance_verification_validity_months))
    return sorted(day for day in days if as_of < day <= on)


@dataclass(frozen=True, slots=True)
class DueDate:
    """Something a person must renew: a certification (§5.0) or the annual training of its role (§9.1)."""

    person_id: int
    person: str
    region: str
    kind: str
    what: str
    due_on: dt.date
    overdue: bool
    section: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "person_id": self.person_id,
            "person": self.person,
            "region": self.region,
            "kind": self.kind,
            "what": self.what,
            "due_on": self.due_on.isoformat(),
            "overdue": self.overdue,
            "section": self.section,
        }


def certification_name(policy: Policy, kind: str, product: str | None) -> str:
    """How a due date names a certification: "CTL certification for Amelia"."""
    name = CERTIFICATION_NAMES.get(kind, kind)
    if not product:
        return name
    return f"{name} for {engine_for(policy).product_names.get(product, product)}"


def due_dates(policy: Policy, facts: PartnerFacts, as_of: dt.date, horizon_days: int) -> tuple[DueDate, ...]:
    """Each person's certifications and annual trainings falling due by `as_of + horizon_days` (R10.1).

    A certification is due on its expiry, for the latest one a person holds of each kind and product.
    Training: people in the policy's online-training roles take the online training, those in its
    advanced-training roles the advanced training, once every `training_validity_months`; a
    certification counts as that person's training up to its expiry. A person with neither is due on
    `as_of`. Items already past are included with `overdue` set. Sorted by due date.
    """
    require_listed(facts, "due dates")
    windows = policy.windows
    until = as_of + dt.timedelta(days=horizon_days)
    required = (
        ("online", frozenset(windows.online_training_roles)),
        ("advanced", frozenset(windows.advanced_training_roles)),
    )
    items: list[DueDate] = []
    for person in facts.people:
        held = [c for c in person.certifications if c.earned_on <= as_of]
        latest: dict[tuple[str, str | None], dt.date] = {}
        for certification in held:
            key = (certification.kind, certification.product)
            if certification.expires_on > latest.get(key, dt.date.min):
                latest[key] = certification.expires_on
        for (kind, product), expires_on in latest.items():
            if expires_on <= until:
                name = certification_name(policy, kind, product)
                items.append(
                    DueDate(
                        person.person_id,
                        person.name,
                        person.region,
                        "certification",
                        f"recertification: {name}",
                        expires_on,
                        expires_on < as_of,
                        windows.recertification_section,
                    )
                )
        certified_until = max((c.expires_on for c in held), default=None)
        for training, roles in required:
            if not roles & person.roles:
                continue
            done = [t.completed_on for t in person.trainings if t.kind == training and t.completed_on <= as_of]
            candidates = [add_months(max(done), windows.training_validity_months)] if done else []
            if certified_until is not None:
                candidates.append(certified_until)
            due_on = max(candidates) if candidates else as_of
            what = f"annual {training} training" + ("" if candidates else " (none on record)")
            if due_on <= until:
                items.append(
                    DueDate(
                        person.person_id,
                        person.name,
                        person.region,
                        "training",
                        what,
                        due_on,
                        due_on < as_of,
                        windows.training_section,
                    )
                )
    items.sort(key=lambda item: (item.due_on, item.person, item.what))
    return tuple(items)
