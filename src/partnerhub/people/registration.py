"""Registration decided from the records' own dates (§2.0; docs/history.md).

A partner becomes a Registered Partner on the FIRST day inside its qualification window on which the
§2.0 minimum criteria were all met according to the effective dates of its records — people's
`joined_on`, certifications' `earned_on`, trainings' `completed_on`, `verified_on`, invoices' `paid_on`,
exceptions' `starts_on` … — whatever the day and the order in which those records were typed in. A company
migrating its history therefore registers on the day its history says, even when the people are recorded
after the payment, or after the window ended.

`registration_on_record` is the reaction (`partnerhub.reactions.REACTIONS`) to every record that can
complete the criteria; the tick (`people.jobs`) decides the same way for criteria completed by time
passing. Both call `registration_decide`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.utils import timezone

from partnerhub.billing.models import Invoice
from partnerhub.partners.models import Partner, PartnerEvent, PartnerStatus
from partnerhub.partners.services.lifecycle import partner_register
from partnerhub.people.facts import partner_facts
from partnerhub.people.models import (
    Certification,
    ComplianceVerification,
    FinancialStandingChange,
    GovernanceRecord,
    Person,
    StandingException,
    TrainingRecord,
)
from partnerhub.policy.decision import Decision
from partnerhub.policy.standing import registration_criteria
from partnerhub.policystore.models import PolicyVersion
from partnerhub.policystore.selectors import NoPolicyInForce, policy_in_force


def _days_something_began(partner: Partner, after: dt.date, until: dt.date) -> set[dt.date]:
    """Every effective date in (after, until] of a record of `partner` that can make a criterion true."""
    sources: tuple[tuple[QuerySet[Any], str], ...] = (
        (Person.objects.filter(partner=partner), "joined_on"),
        (Certification.objects.filter(person__partner=partner), "earned_on"),
        (TrainingRecord.objects.filter(person__partner=partner), "completed_on"),
        (ComplianceVerification.objects.filter(partner=partner), "verified_on"),
        (GovernanceRecord.objects.filter(partner=partner), "effective_on"),
        (FinancialStandingChange.objects.filter(partner=partner), "effective_on"),
        (StandingException.objects.filter(partner=partner), "starts_on"),
        (Invoice.objects.filter(partner=partner), "issued_on"),
        (Invoice.objects.filter(partner=partner), "paid_on"),
        (PolicyVersion.objects.all(), "version_date"),
    )
    days: set[dt.date] = set()
    for rows, field in sources:
        days.update(
            rows.filter(**{f"{field}__gt": after, f"{field}__lte": until}).values_list(field, flat=True).distinct()
        )
    return days


def first_day_criteria_met(partner: Partner, *, until: dt.date) -> tuple[dt.date, Decision[bool]] | None:
    """The first day inside `partner`'s current qualification window, and not after `until`, on which the
    §2.0 minimum criteria were met by its records, with that day's decision; None if there is none.

    The criteria can only become met on a day something began (a record's effective date, the window's
    first day, a new policy version), so only those days are judged, each with the facts and the policy
    in force that day.
    """
    start, deadline = partner.approved_on, partner.qualification_deadline
    if start is None:
        return None
    end = min(until, deadline) if deadline is not None else until
    if end < start:
        return None
    for day in sorted({start, *_days_something_began(partner, start, end)}):
        try:
            policy = policy_in_force(day)
        except NoPolicyInForce:
            continue
        decision = registration_criteria(policy, partner_facts(partner, day), day)
        if decision.outcome:
            return day, decision
    return None


def registration_decide(
    partner: Partner, *, until: dt.date, recorded_on: dt.date | None = None, acting_user: User | None = None
) -> Decision[bool] | None:
    """Register `partner` as of the first day, not after `until`, its records met the §2.0 criteria
    inside its window, if it is an approved partner waiting for registration. `recorded_on` is the
    program's day of the decision (the tick's date), when known. Returns the decision that registered
    it, else None."""
    partner = Partner.objects.get(pk=partner.pk)
    if partner.status != PartnerStatus.APPROVED:
        return None
    found = first_day_criteria_met(partner, until=until)
    if found is None:
        return None
    day, decision = found
    partner_register(
        partner=partner, registered_on=day, acting_user=acting_user, reasons=decision.reasons, recorded_on=recorded_on
    )
    return decision


# Inside `registration_decided_once`: the latest record of each partner that can complete the criteria.
_recorded: ContextVar[dict[int, PartnerEvent] | None] = ContextVar("registration_recorded", default=None)


@contextmanager
def registration_decided_once() -> Iterator[None]:
    """Records written in the block decide each partner's registration once, when the block ends, instead of
    once per record. The day found is the same (it follows the records' dates, not the order they were
    written in); a partner's history of many records — a migration, an import, the demo — is judged once
    rather than day by day after each of them. A block that raises decides nothing (its change rolls back)."""
    if _recorded.get() is not None:
        yield
        return
    recorded: dict[int, PartnerEvent] = {}
    token = _recorded.set(recorded)
    try:
        yield
    finally:
        _recorded.reset(token)
    for event in recorded.values():
        registration_on_record(event)


def registration_on_record(event: PartnerEvent) -> None:
    """The reaction to a record that can complete the §2.0 criteria: decide registration from the records'
    dates. Nothing registers as of a day after the record was written (its `created_at`): a record dated
    later (an exception that starts next month) completes the criteria by time passing, for the tick."""
    recorded = _recorded.get()
    if recorded is not None:
        recorded[event.partner_id] = event
        return
    registration_decide(event.partner, until=timezone.localdate(event.created_at), acting_user=event.actor)
