import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from partnerhub.policy.compensation import RegistrationFact, referral_fee, resale_price
from partnerhub.policy.decision import Decision, Reason
from partnerhub.policy.model import Policy

ORDERED = dt.date(2019, 6, 14)
VERSION = dt.date(2018, 1, 31)

IN_GOOD_STANDING = Decision(
    outcome=True,
    policy_version=VERSION,
    reasons=(Reason("sales_resources", "5.0", "2 of 2 certified sales resources in EMEA", True),),
)
NOT_IN_GOOD_STANDING = Decision(
    outcome=False,
    policy_version=VERSION,
    reasons=(
        Reason("sales_resources", "5.0", "1 more certified sales resource(s) in EMEA", False),
        Reason("fee_invoices", "2.0", "invoice 2019-17 is overdue", False),
        Reason("compliance_training", "9.1", "compliance training verified", True),
    ),
)


def fee(policy: Policy, **changes):
    arguments: dict[str, Any] = {
        "enrolled": True,
        "standing": IN_GOOD_STANDING,
        "net_new": True,
        "country": "DE",
        "territories": ["DE", "AT"],
        "registration": RegistrationFact(submitted_on=dt.date(2019, 5, 2), approved=True, partner_matches=True),
        "ordered_on": ORDERED,
        "first_year_net_revenue": Decimal("80000.10"),
        "percent": Decimal("12.5"),
        "currency": "EUR",
    } | changes
    return referral_fee(policy, **arguments)


def price(policy: Policy, **changes):
    arguments: dict[str, Any] = {
        "classification": "implementation",
        "reseller_agreement": True,
        "standing": IN_GOOD_STANDING,
        "country": "DE",
        "territories": ["DE"],
        "list_price": Decimal("1000.00"),
        "discount_percent": Decimal("20"),
        "currency": "USD",
    } | changes
    return resale_price(policy, **arguments)


def unmet(decision) -> list[tuple[str, str]]:
    return [(reason.code, reason.section) for reason in decision.unmet]


# Referral fees (§7.2, R8.2)


def test_an_eligible_referral_earns_percent_of_first_year_net_revenue_half_up(policy: Policy) -> None:
    decision = fee(policy)
    # 12.5% of 80,000.10 = 10,000.0125 -> 10,000.01
    assert decision.outcome.eligible is True
    assert decision.outcome.amount == Decimal("10000.01")
    assert decision.outcome.currency == "EUR"
    assert decision.policy_version == VERSION
    assert [(r.code, r.section, r.met) for r in decision.reasons] == [
        ("enrolled_in_referral_fee_program", "7.2", True),
        ("good_standing", "2.0", True),
        ("net_new_business", "7.2", True),
        ("inside_designated_territory", "4.0", True),
        ("registered_by_partner", "7.3", True),
        ("registered_before_order", "7.3", True),
        ("registration_approved", "7.3", True),
    ]


def test_half_up_not_bankers_rounding(policy: Policy) -> None:
    # 10% of 0.25 = 0.025 -> 0.03 (banker's rounding would give 0.02)
    assert fee(policy, first_year_net_revenue=Decimal("0.25"), percent=Decimal("10")).outcome.amount == Decimal("0.03")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"enrolled": False}, [("enrolled_in_referral_fee_program", "7.2")]),
        ({"standing": NOT_IN_GOOD_STANDING}, [("good_standing", "2.0")]),
        ({"net_new": False}, [("net_new_business", "7.2")]),
        ({"country": "FR"}, [("inside_designated_territory", "4.0")]),
        (
            {"registration": None},
            [
                ("registered_by_partner", "7.3"),
                ("registered_before_order", "7.3"),
                ("registration_approved", "7.3"),
            ],
        ),
        (
            {"registration": RegistrationFact(dt.date(2019, 5, 2), approved=True, partner_matches=False)},
            [("registered_by_partner", "7.3")],
        ),
        (
            {"registration": RegistrationFact(dt.date(2019, 5, 2), approved=False, partner_matches=True)},
            [("registration_approved", "7.3")],
        ),
        (
            {"registration": RegistrationFact(ORDERED, approved=True, partner_matches=True)},
            [("registered_before_order", "7.3")],
        ),
        (
            {"registration": RegistrationFact(ORDERED + dt.timedelta(days=3), approved=True, partner_matches=True)},
            [("registered_before_order", "7.3")],
        ),
    ],
)
def test_each_missing_condition_means_no_fee_naming_its_section(policy: Policy, changes, expected) -> None:
    decision = fee(policy, **changes)
    assert decision.outcome.eligible is False
    assert decision.outcome.amount == Decimal("0.00")
    assert len(decision.reasons) == 7  # every reason is kept
    assert unmet(decision) == expected


def test_a_registration_on_the_order_date_is_not_timely(policy: Policy) -> None:
    decision = fee(policy, registration=RegistrationFact(ORDERED, approved=True, partner_matches=True))
    [reason] = decision.unmet
    assert reason.message == "registration submitted on 2019-06-14, not before the order date 2019-06-14"


def test_a_registration_approved_after_the_order_still_counts(policy: Policy) -> None:
    # Only the submission date matters; the vendor's approval may come after the order (R8.2).
    decision = fee(policy, registration=RegistrationFact(ORDERED - dt.timedelta(days=1), True, True))
    assert decision.outcome.eligible is True


def test_not_in_good_standing_summarises_the_standing_reasons(policy: Policy) -> None:
    decision = fee(policy, standing=NOT_IN_GOOD_STANDING)
    [reason] = decision.unmet
    assert reason.message == (
        "not in good standing on 2019-06-14: 1 more certified sales resource(s) in EMEA (§5.0); "
        "invoice 2019-17 is overdue (§2.0)"
    )
    assert "compliance training verified" not in reason.message


def test_several_failures_are_all_reported(policy: Policy) -> None:
    decision = fee(policy, enrolled=False, net_new=False, registration=None)
    assert [code for code, _ in unmet(decision)] == [
        "enrolled_in_referral_fee_program",
        "net_new_business",
        "registered_by_partner",
        "registered_before_order",
        "registration_approved",
    ]
    assert decision.as_dict()["outcome"] == {
        "eligible": False,
        "amount": "0.00",
        "currency": "EUR",
        "percent": "12.5",
        "first_year_net_revenue": "80000.10",
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"percent": Decimal("-1")}, "between 0 and 100"),
        ({"percent": Decimal("100.01")}, "between 0 and 100"),
        ({"percent": Decimal("NaN")}, "between 0 and 100"),
        ({"first_year_net_revenue": Decimal("-0.01")}, "non-negative"),
    ],
)
def test_impossible_terms_are_refused(policy: Policy, changes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        fee(policy, **changes)


money = st.decimals(min_value=Decimal("0"), max_value=Decimal("100000000"), places=2)
percents = st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=3)


@given(revenue=money, percent=percents)
def test_a_fee_never_exceeds_the_revenue_and_is_in_cents(policy: Policy, revenue: Decimal, percent: Decimal) -> None:
    amount = fee(policy, first_year_net_revenue=revenue, percent=percent).outcome.amount
    assert Decimal("0") <= amount <= revenue
    assert amount == amount.quantize(Decimal("0.01"))
    assert abs(amount - revenue * percent / 100) <= Decimal("0.005")


# Resale (§7.1, R8.1)


def test_resale_price_is_list_price_less_discount(policy: Policy) -> None:
    decision = price(policy)
    assert decision.outcome.allowed is True
    assert decision.outcome.price == Decimal("800.00")
    assert [(r.code, r.section, r.met) for r in decision.reasons] == [
        ("classification_may_resell", "3.1", True),
        ("reseller_agreement", "7.1", True),
        ("good_standing", "2.0", True),
        ("inside_designated_territory", "4.0", True),
    ]


def test_resale_price_rounds_half_up_once(policy: Policy) -> None:
    # 0.05 less 50% = 0.025 -> 0.03
    assert price(policy, list_price=Decimal("0.05"), discount_percent=Decimal("50")).outcome.price == Decimal("0.03")
    assert price(policy, list_price=Decimal("999.99"), discount_percent=Decimal("12.5")).outcome.price == Decimal(
        "874.99"
    )


def test_implementation_without_a_reseller_agreement_is_refused(policy: Policy) -> None:
    decision = price(policy, reseller_agreement=False)
    assert decision.outcome.allowed is False
    assert decision.outcome.price is None
    assert unmet(decision) == [("reseller_agreement", "7.1")]


def test_not_in_good_standing_is_refused_with_the_reasons(policy: Policy) -> None:
    decision = price(policy, standing=NOT_IN_GOOD_STANDING)
    assert decision.outcome.price is None
    [reason] = decision.unmet
    assert (reason.code, reason.section) == ("good_standing", "2.0")
    assert "invoice 2019-17 is overdue" in reason.message


def test_outside_the_territory_is_refused(policy: Policy) -> None:
    decision = price(policy, country="US")
    assert decision.outcome.price is None
    assert unmet(decision) == [("inside_designated_territory", "4.0")]


@pytest.mark.parametrize("classification", ["advisory", "alliance", "oem"])
def test_classifications_without_resale_are_refused_even_with_an_agreement(policy: Policy, classification) -> None:
    decision = price(policy, classification=classification)
    assert decision.outcome.price is None
    assert unmet(decision) == [("classification_may_resell", "3.0")]


def test_solution_partners_resell_under_a_reseller_agreement(policy: Policy) -> None:
    assert price(policy, classification="solution").outcome.price == Decimal("800.00")
    refused = price(policy, classification="solution", reseller_agreement=False)
    assert refused.outcome.price is None
    assert unmet(refused) == [("reseller_agreement", "7.1")]


def test_a_classification_that_always_resells_needs_no_separate_agreement(policy: Policy) -> None:
    solution = policy.classification("solution").model_copy(update={"resale": "always"})
    always = policy.model_copy(
        update={"classifications": tuple(solution if c.key == "solution" else c for c in policy.classifications)}
    )
    decision = price(always, classification="solution", reseller_agreement=False)
    assert decision.outcome.price == Decimal("800.00")
    agreement = next(r for r in decision.reasons if r.code == "reseller_agreement")
    assert agreement.met and "need no separate reseller agreement" in agreement.message


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"discount_percent": Decimal("101")}, "between 0 and 100"),
        ({"list_price": Decimal("-5")}, "non-negative"),
    ],
)
def test_impossible_prices_are_refused(policy: Policy, changes, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        price(policy, **changes)


@given(list_price=money, discount=percents)
def test_a_resale_price_is_between_zero_and_the_list_price(policy: Policy, list_price: Decimal, discount) -> None:
    resale = price(policy, list_price=list_price, discount_percent=discount).outcome.price
    assert resale is not None
    assert Decimal("0") <= resale <= list_price
