"""No claim exceeds the remaining fund under concurrent claims (docs/policy.md#r6-2): PostgreSQL only.

Two pre-approved plans of 6,000 on a fund of 10,000 are claimed at the same moment, each in its own connection:
the fund's row lock makes the second wait for the first and see it, so exactly one claim succeeds."""

import datetime as dt
from decimal import Decimal

import pytest

from partnerhub.core.errors import PolicyViolation
from partnerhub.funds import services
from partnerhub.funds.models import Claim
from tests.deals.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_exactly_one_of_two_claims_that_together_exceed_the_fund_succeeds(
    make_partner, make_representative, manager_user
):
    partner = make_partner("Northwind Consulting")
    rep = make_representative(partner)
    services.fund_allocate(
        partner=partner,
        period="2019",
        amount=Decimal("10000.00"),
        allocated_on=dt.date(2019, 2, 1),
        acting_user=manager_user,
    )
    plans = []
    for title in ("Event A", "Event B"):
        plan = services.plan_submit(
            partner=partner,
            kind="event",
            title=title,
            starts_on=dt.date(2019, 5, 1),
            ends_on=dt.date(2019, 5, 1),
            planned_cost=Decimal("6000.00"),
            expected_leads=10,
            submitted_on=dt.date(2019, 3, 1),
            acting_user=rep,
        )
        plans.append(services.plan_approve(plan=plan, approved_on=dt.date(2019, 3, 2), acting_user=manager_user))

    def claim(plan):
        return lambda: services.claim_submit(
            plan=plan, amount=Decimal("6000.00"), leads_generated=5, claimed_on=dt.date(2019, 5, 2), acting_user=rep
        )

    outcomes = race([claim(plan) for plan in plans])

    assert sum(isinstance(outcome, Claim) for outcome in outcomes) == 1, outcomes
    refused = next(outcome for outcome in outcomes if not isinstance(outcome, Claim))
    assert isinstance(refused, PolicyViolation)
    assert [violation.code for violation in refused.violations] == ["within_remaining_fund"]
    assert Claim.objects.count() == 1
