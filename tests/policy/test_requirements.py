"""The requirement engine against the shipped 2019 policy (§5.0, docs/policy.md#r5 and R9.2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerhub.policy.calendar import quarters_of_year
from partnerhub.policy.facts import ActivityFact, PartnerFacts, PersonFact, RecordFact
from partnerhub.policy.model import Policy
from partnerhub.policy.requirements import RequirementLine, requirement_lines

from .builders import (
    EMEA,
    D,
    activity,
    alliance_staff,
    cert,
    exception,
    governance_records,
    implementation_staff,
    partner,
    person,
)

JUNE = D(2019, 6, 1)


def line(
    lines: tuple[RequirementLine, ...], key: str, region: str | None = None, product: str | None = None
) -> RequirementLine:
    matches = [x for x in lines if x.requirement == key and x.region == region and x.product == product]
    assert len(matches) == 1, f"{key} {region} {product}: {matches}"
    return matches[0]


def test_alliance_resource_lines_are_measured_per_region(policy: Policy) -> None:
    lines = requirement_lines(policy, partner(people=alliance_staff()), JUNE)
    assert [(x.requirement, x.region, x.value, x.threshold, x.met) for x in lines] == [
        ("designated_partner_manager", "EMEA", 1, 1, True),
        ("sales_resources", "EMEA", 2, 2, True),
        ("presales_resources", "EMEA", 1, 1, True),
    ]
    assert all(x.section == "5.0" and x.unit == "people" and x.applicable for x in lines)
    assert all(x.missing is None and x.exception is None for x in lines)


def test_each_authorized_region_must_meet_the_rows_on_its_own(policy: Policy) -> None:
    facts = partner(regions=("EMEA", "AMER"), people=alliance_staff())
    lines = requirement_lines(policy, facts, JUNE)
    assert len(lines) == 6
    americas = line(lines, "sales_resources", "AMER")
    assert (americas.value, americas.met) == (0, False)
    assert americas.missing == "2 more certified sales resource(s) in Americas"
    assert line(lines, "sales_resources", "EMEA").met


def test_implementation_per_product_cie_shortfall(policy: Policy) -> None:
    staff = (
        *implementation_staff(("amelia",)),
        person(7, "technical", certs=(cert("cie", "1rpa"), cert("ctl", "1rpa"))),
        person(8, "technical", certs=(cert("ced", "1rpa"), cert("experience_designer", "1rpa"))),
    )
    facts = partner("implementation", products=("amelia", "1rpa"), people=staff)
    lines = requirement_lines(policy, facts, JUNE)
    short = line(lines, "certified_cie", "EMEA", "1rpa")
    assert (short.value, short.threshold, short.met) == (1, 2, False)
    assert short.missing == "1 more certified CIE for 1RPA in Europe, Middle East and Africa"
    assert line(lines, "certified_cie", "EMEA", "amelia").met
    assert [x.requirement for x in lines if not x.met] == ["certified_cie"]
    per_product = [x for x in lines if x.requirement.startswith("certified_")]
    assert len(per_product) == 4 * 2  # four technical rows x two product lines


def test_a_person_counts_once_per_row_and_only_while_certified(policy: Policy) -> None:
    twice = person(2, "sales", certs=(cert("sales", "amelia"), cert("sales", "1rpa"), cert("sales")))
    lapsed = person(3, "sales", certs=(cert("sales", earned=D(2017, 3, 1)),))
    future = person(4, "sales", certs=(cert("sales", earned=D(2019, 6, 2)),))
    lines = requirement_lines(policy, partner(people=(twice, lapsed, future)), JUNE)
    sales = line(lines, "sales_resources", "EMEA")
    assert sales.value == 1
    assert sales.missing == "1 more certified sales resource(s) in Europe, Middle East and Africa"


@pytest.mark.parametrize(
    ("day", "counts"),
    [(D(2019, 1, 14), False), (D(2019, 1, 15), True), (D(2020, 1, 14), True), (D(2020, 1, 15), False)],
)
def test_certification_validity_includes_both_ends(policy: Policy, day: dt.date, counts: bool) -> None:
    facts = partner(people=(person(1, "presales", certs=(cert("presales"),)),))
    assert line(requirement_lines(policy, facts, day), "presales_resources", "EMEA").met is counts


def test_a_certification_for_another_product_line_does_not_count(policy: Policy) -> None:
    staff = (*implementation_staff(("1rpa",)), person(9, "technical", certs=(cert("ctl", "1desk"),)))
    facts = partner("implementation", products=("1rpa", "amelia"), people=staff)
    lines = requirement_lines(policy, facts, JUNE)
    assert line(lines, "certified_ctl", "EMEA", "1rpa").met
    amelia = line(lines, "certified_ctl", "EMEA", "amelia")
    assert (amelia.value, amelia.missing) == (
        0,
        "1 more certified CTL for Amelia in Europe, Middle East and Africa",
    )


def test_without_an_authorized_product_line_technical_rows_count_any_product(policy: Policy) -> None:
    facts = partner("implementation", products=(), people=(person(1, "technical", certs=(cert("cie", "1rpa"),)),))
    cie = line(requirement_lines(policy, facts, JUNE), "certified_cie", "EMEA")
    assert (cie.value, cie.met) == (1, False)
    assert cie.missing == "1 more certified CIE for any product line in Europe, Middle East and Africa"


def test_support_row_applies_to_implementation_only_with_a_reseller_agreement(policy: Policy) -> None:
    staff = implementation_staff()[:5]  # no support person
    without = requirement_lines(policy, partner("implementation", products=("1rpa",), people=staff), JUNE)
    support = line(without, "end_customer_support", "EMEA")
    assert (support.applicable, support.met, support.value, support.missing) == (False, True, None, None)

    reseller = partner("implementation", products=("1rpa",), people=staff, reseller_agreement=True)
    support = line(requirement_lines(policy, reseller, JUNE), "end_customer_support", "EMEA")
    assert (support.applicable, support.met, support.value) == (True, False, 0)
    assert support.missing == f"1 more end-customer support resource(s) in {EMEA}"


def test_solution_partners_always_need_support(policy: Policy) -> None:
    facts = partner("solution", products=("1rpa",), reseller_agreement=False)
    support = line(requirement_lines(policy, facts, JUNE), "end_customer_support", "EMEA")
    assert support.applicable and not support.met


def test_an_exception_in_force_waives_its_row_and_is_cited(policy: Policy) -> None:
    staff = alliance_staff()[:3]  # no presales person
    facts = partner(people=staff, exceptions=(exception("presales_resources", ends=D(2019, 6, 30)),))
    waived = line(requirement_lines(policy, facts, JUNE), "presales_resources", "EMEA")
    assert waived.met and waived.missing is None
    assert waived.section == "5.0"
    assert waived.exception is not None
    assert "exception #7 (§5.2) approved by Dana Leader" in waived.exception
    assert "2019-01-01 to 2019-06-30: hiring in progress" in waived.exception
    assert f"1 more certified presales resource(s) in {EMEA}" in waived.exception

    after = line(requirement_lines(policy, facts, D(2019, 7, 1)), "presales_resources", "EMEA")
    assert not after.met and after.exception is None


def test_an_exception_is_not_cited_on_a_row_met_without_it(policy: Policy) -> None:
    facts = partner(people=alliance_staff(), exceptions=(exception("sales_resources"),))
    assert line(requirement_lines(policy, facts, JUNE), "sales_resources", "EMEA").exception is None


def test_governance_rows_over_the_quarter(policy: Policy) -> None:
    q2 = quarters_of_year(policy, 2019)[1]
    records = (
        RecordFact("business_plan", D(2018, 12, 1), valid_until=D(2019, 3, 31)),
        RecordFact("pipeline_review", D(2019, 3, 30)),  # Q1: does not count
        RecordFact("pipeline_review", D(2019, 4, 2)),
        RecordFact("pipeline_review", D(2019, 4, 25)),  # a second one in April
        RecordFact("pipeline_review", D(2019, 6, 5)),
        RecordFact("logo_on_website", D(2019, 1, 5)),
    )
    facts = partner("implementation", records=records)
    lines = requirement_lines(policy, facts, q2.end, groups=("governance",), quarter=q2)
    assert [x.requirement for x in lines] == [
        "business_plan",
        "monthly_pipeline_review",
        "quarterly_governance",
        "logo_on_website",
        "go_to_market_strategy",
    ]
    plan = line(lines, "business_plan")
    assert (plan.value, plan.met, plan.unit, plan.missing) == (
        0,
        False,
        "record",
        "a business / account plan on file",
    )
    reviews = line(lines, "monthly_pipeline_review")
    assert (reviews.value, reviews.threshold, reviews.unit) == (2, 3, "months")
    assert reviews.missing == "a pipeline review in 1 more month(s) of the quarter"
    assert line(lines, "quarterly_governance").missing == "a governance meeting this quarter"
    assert line(lines, "logo_on_website").met


def test_governance_to_date_counts_nothing_after_as_of(policy: Policy) -> None:
    facts = partner("implementation", records=governance_records())
    lines = requirement_lines(policy, facts, D(2019, 5, 10), groups=("governance",))
    assert line(lines, "monthly_pipeline_review").value == 2  # April and May; June is still to come
    assert line(lines, "quarterly_governance").value == 0  # the meeting of 2019-05-20 is not held yet


def test_governance_meeting_after_as_of_does_not_count(policy: Policy) -> None:
    facts = partner("implementation", records=(RecordFact("governance_meeting", D(2019, 5, 20)),))
    early = requirement_lines(policy, facts, D(2019, 5, 10), groups=("governance",))
    late = requirement_lines(policy, facts, D(2019, 5, 20), groups=("governance",))
    assert line(early, "quarterly_governance").value == 0
    assert line(late, "quarterly_governance").value == 1


def activity_lines(policy: Policy, facts_activity: ActivityFact | None, classification: str = "alliance"):
    q2 = quarters_of_year(policy, 2019)[1]
    facts = partner(classification, activity=facts_activity)
    return requirement_lines(policy, facts, q2.end, groups=("activity",), quarter=q2)


def test_no_orders_and_no_outcomes_are_not_applicable_and_count_as_met(policy: Policy) -> None:
    lines = activity_lines(policy, activity(orders=0, in_time=0, approved=3, won=0, lost=0))
    timely = line(lines, "timely_deal_registration")
    conversion = line(lines, "conversion_rate")
    for ratio in (timely, conversion):
        assert (ratio.applicable, ratio.met, ratio.value, ratio.missing, ratio.unit) == (
            False,
            True,
            None,
            None,
            "ratio",
        )
    assert line(lines, "qualified_opportunities").met


def test_no_activity_gathered_is_zero_activity(policy: Policy) -> None:
    lines = activity_lines(policy, None)
    assert [(x.requirement, x.applicable, x.met) for x in lines] == [
        ("timely_deal_registration", False, True),
        ("qualified_opportunities", True, False),
        ("conversion_rate", False, True),
    ]


@pytest.mark.parametrize(
    ("orders", "in_time", "met", "missing"),
    [
        (10, 9, True, None),  # exactly 90% meets "at least 90%"
        (10, 8, False, "10 more of the quarter's orders registered before the order date"),
        (3, 2, False, "7 more of the quarter's orders registered before the order date"),
        (1, 0, False, "9 more of the quarter's orders registered before the order date"),
    ],
)
def test_timely_registration_needs_at_least_90_percent(
    policy: Policy, orders: int, in_time: int, met: bool, missing: str | None
) -> None:
    timely = line(activity_lines(policy, activity(orders=orders, in_time=in_time)), "timely_deal_registration")
    assert timely.value == Decimal(in_time) / Decimal(orders)
    assert (timely.threshold, timely.comparison, timely.met, timely.missing) == (
        Decimal("0.90"),
        "at_least",
        met,
        missing,
    )


@pytest.mark.parametrize(
    ("won", "lost", "met", "missing"),
    [
        (1, 3, False, "1 more won opportunit(ies) to convert more than 25%"),  # exactly 25% fails
        (2, 6, False, "1 more won opportunit(ies) to convert more than 25%"),
        (0, 5, False, "2 more won opportunit(ies) to convert more than 25%"),
        (2, 5, True, None),
        (1, 2, True, None),
    ],
)
def test_conversion_must_be_strictly_greater_than_25_percent(
    policy: Policy, won: int, lost: int, met: bool, missing: str | None
) -> None:
    conversion = line(activity_lines(policy, activity(won=won, lost=lost)), "conversion_rate")
    assert (conversion.comparison, conversion.met, conversion.missing) == ("greater_than", met, missing)


def test_qualified_opportunities_per_classification(policy: Policy) -> None:
    alliance = line(activity_lines(policy, activity(approved=2)), "qualified_opportunities")
    assert (alliance.value, alliance.threshold, alliance.unit) == (2, 3, "count")
    assert alliance.missing == "1 more qualified opportunit(ies) this quarter"
    solution = line(activity_lines(policy, activity(approved=12), "solution"), "qualified_opportunities")
    assert solution.missing == "8 more qualified opportunit(ies) this quarter"


def test_activity_of_another_quarter_is_refused(policy: Policy) -> None:
    q3 = quarters_of_year(policy, 2019)[2]
    facts = partner(activity=activity(period="2019Q2"))
    with pytest.raises(ValueError, match="2019Q2, not 2019Q3"):
        requirement_lines(policy, facts, q3.end, groups=("activity",), quarter=q3)


def test_another_classification_and_unknown_inputs(policy: Policy) -> None:
    facts = partner(people=alliance_staff())
    lines = requirement_lines(policy, facts, JUNE, classification="implementation")
    assert line(lines, "sales_resources", "EMEA").threshold == 3
    with pytest.raises(ValueError, match="unknown requirement group"):
        requirement_lines(policy, facts, JUNE, groups=("paperwork",))
    with pytest.raises(KeyError, match="platinum"):
        requirement_lines(policy, facts, JUNE, classification="platinum")


def test_a_draft_policy_is_measured_with_its_own_thresholds(policy: Policy) -> None:
    rows = tuple(
        row.model_copy(update={"thresholds": {**row.thresholds, "alliance": Decimal(3)}})
        if row.key == "sales_resources"
        else row
        for row in policy.requirements
    )
    draft = policy.model_copy(update={"requirements": rows})
    facts = partner(people=alliance_staff())
    assert line(requirement_lines(policy, facts, JUNE), "sales_resources", "EMEA").met
    stricter = line(requirement_lines(draft, facts, JUNE), "sales_resources", "EMEA")
    assert (stricter.threshold, stricter.met) == (3, False)


# -- properties ------------------------------------------------------------------------------------

REGIONS = ("EMEA", "AMER")
PRODUCTS = ("amelia", "1rpa")
KINDS = ("sales", "presales", "ctl", "cie", "ced", "experience_designer")
ROLES = ("partner_manager", "sales", "presales", "technical", "support")

certifications = st.builds(
    cert,
    kind=st.sampled_from(KINDS),
    product=st.sampled_from((None, *PRODUCTS)),
    earned=st.dates(D(2018, 1, 1), D(2019, 12, 31)),
)
people = st.builds(
    lambda pid, region, roles, certs: person(pid, *roles, region=region, certs=tuple(certs)),
    pid=st.integers(1, 10_000),
    region=st.sampled_from(REGIONS),
    roles=st.sets(st.sampled_from(ROLES), max_size=3),
    certs=st.lists(certifications, max_size=4),
)
partners = st.builds(
    lambda classification, regions, products, staff, reseller: partner(
        classification,
        regions=tuple(regions),
        products=tuple(products),
        people=tuple(staff),
        reseller_agreement=reseller,
    ),
    classification=st.sampled_from(("advisory", "alliance", "implementation", "solution")),
    regions=st.lists(st.sampled_from(REGIONS), min_size=1, max_size=2, unique=True),
    products=st.lists(st.sampled_from(PRODUCTS), max_size=2, unique=True),
    staff=st.lists(people, max_size=8),
    reseller=st.booleans(),
)


@settings(max_examples=150)
@given(facts=partners, newcomer=people, day=st.dates(D(2019, 1, 1), D(2019, 12, 31)))
def test_adding_a_person_never_turns_a_met_line_unmet(
    policy: Policy, facts: PartnerFacts, newcomer: PersonFact, day: dt.date
) -> None:
    before = requirement_lines(policy, facts, day)
    after = requirement_lines(policy, replace(facts, people=(*facts.people, newcomer)), day)
    assert [(x.requirement, x.region, x.product) for x in before] == [
        (x.requirement, x.region, x.product) for x in after
    ]
    for old, new in zip(before, after, strict=True):
        assert not old.met or new.met
        if isinstance(old.value, int) and isinstance(new.value, int):
            assert old.value <= new.value <= old.value + 1


@settings(max_examples=200)
@given(total=st.integers(1, 60), data=st.data())
def test_the_ratio_shortfall_is_the_fewest_additions_that_meet_the_row(
    policy: Policy, total: int, data: st.DataObject
) -> None:
    hits = data.draw(st.integers(0, total))
    for key, make in (
        ("timely_deal_registration", lambda h, t: activity(orders=t, in_time=h)),
        ("conversion_rate", lambda h, t: activity(won=h, lost=t - h)),
    ):
        measured = line(activity_lines(policy, make(hits, total)), key)
        if measured.met:
            continue
        assert measured.missing is not None
        n = int(measured.missing.split()[0])
        assert line(activity_lines(policy, make(hits + n, total + n)), key).met
        assert not line(activity_lines(policy, make(hits + n - 1, total + n - 1)), key).met
