"""Registration criteria, good standing, its forecast and due dates (§2.0, §5.2, §9.1), 2019 policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from partnerhub.policy.decision import Reason
from partnerhub.policy.facts import PartnerFacts, RecordFact, TrainingFact
from partnerhub.policy.load import SHIPPED_POLICY, PolicyError, load_policy_file
from partnerhub.policy.model import Policy
from partnerhub.policy.standing import due_dates, good_standing, registration_criteria, standing_forecast

from .builders import EMEA, D, alliance_staff, cert, exception, implementation_staff, partner, person

JUNE_2019 = D(2019, 6, 1)
JUNE_2020 = D(2020, 6, 1)


def reason(reasons: tuple[Reason, ...], code: str) -> Reason:
    matches = [r for r in reasons if r.code == code]
    assert len(matches) == 1, f"{code}: {matches}"
    return matches[0]


def alliance(**changes: Any) -> PartnerFacts:
    return partner("alliance", **{"people": alliance_staff(), **changes})


# -- good standing -------------------------------------------------------------------------------


def test_an_alliance_partner_in_good_standing(policy: Policy) -> None:
    decision = good_standing(policy, alliance(), JUNE_2019)
    assert decision.outcome is True
    assert decision.policy_version == D(2018, 1, 31)
    assert [(r.code, r.section, r.met) for r in decision.reasons] == [
        ("registered", "2.0", True),
        ("designated_partner_manager", "5.0", True),
        ("sales_resources", "5.0", True),
        ("presales_resources", "5.0", True),
        ("program_fee_invoices", "2.0", True),
        ("compliance_verification", "9.1", True),
        ("financial_standing", "5.2", True),
        ("compliance_timelines", "2.0", True),
    ]
    assert reason(decision.reasons, "sales_resources").message == (
        f"Trained/certified sales resources in {EMEA}: 2 people (required: at least 2)"
    )
    assert [line.requirement for line in decision.facts["lines"]] == [
        "designated_partner_manager",
        "sales_resources",
        "presales_resources",
    ]
    assert decision.facts["as_of"] == JUNE_2019


def test_a_year_later_the_lapsed_certifications_break_standing(policy: Policy) -> None:
    facts = alliance(compliance_verified_on=D(2020, 2, 1))
    decision = good_standing(policy, facts, JUNE_2020)
    assert decision.outcome is False
    assert [(r.code, r.section) for r in decision.unmet] == [
        ("sales_resources", "5.0"),
        ("presales_resources", "5.0"),
    ]
    assert reason(decision.reasons, "sales_resources").message == (
        f"Trained/certified sales resources in {EMEA}: 0 people (required: at least 2); "
        f"missing 2 more certified sales resource(s) in {EMEA}"
    )
    assert reason(decision.reasons, "designated_partner_manager").met


def test_governance_and_activity_rows_are_not_part_of_standing(policy: Policy) -> None:
    facts = partner("implementation", products=("1rpa",), people=implementation_staff())
    decision = good_standing(policy, facts, JUNE_2019)
    assert decision.outcome is True
    codes = {r.code for r in decision.reasons}
    assert "business_plan" not in codes and "conversion_rate" not in codes
    assert "certified_cie" in codes


def test_every_region_must_meet_the_rows(policy: Policy) -> None:
    facts = alliance(regions=("EMEA", "APAC"))
    decision = good_standing(policy, facts, JUNE_2019)
    assert decision.outcome is False
    assert all("Asia Pacific" in r.message for r in decision.unmet)
    assert len(decision.unmet) == 3


def test_a_prospective_partner_is_not_in_good_standing(policy: Policy) -> None:
    decision = good_standing(policy, alliance(status="approved"), JUNE_2019)
    assert [r.code for r in decision.unmet] == ["registered"]
    assert decision.unmet[0].message == "Acme is not a Registered Partner (status approved)"


def test_overdue_invoices_are_named(policy: Policy) -> None:
    facts = alliance(overdue_invoices=("INV-2019-0042, due 2019-05-15", "INV-2019-0050, due 2019-05-30"))
    decision = good_standing(policy, facts, JUNE_2019)
    assert [(r.code, r.section) for r in decision.unmet] == [("program_fee_invoices", "2.0")]
    assert decision.unmet[0].message == (
        "overdue program fee invoice(s): INV-2019-0042, due 2019-05-15; INV-2019-0050, due 2019-05-30"
    )


@pytest.mark.parametrize(
    ("verified", "day", "met"),
    [
        (None, JUNE_2019, False),
        (D(2019, 2, 1), D(2020, 1, 31), True),  # valid 12 months, to the day before the anniversary
        (D(2019, 2, 1), D(2020, 2, 1), False),
        (D(2019, 6, 2), JUNE_2019, False),  # a verification dated later is not on file yet
    ],
)
def test_compliance_verification_on_file_and_not_older_than_12_months(
    policy: Policy, verified: dt.date | None, day: dt.date, met: bool
) -> None:
    staff = alliance_staff()
    facts = alliance(compliance_verified_on=verified, people=tuple(replace(p, certifications=()) for p in staff))
    compliance = reason(good_standing(policy, facts, day).reasons, "compliance_verification")
    assert (compliance.section, compliance.met) == ("9.1", met)
    if verified is None:
        assert compliance.message == "no verification of compliance training and certification on file"


def test_a_flagged_financial_standing_and_late_timelines(policy: Policy) -> None:
    facts = alliance(financial_standing_flagged=True, overdue_timelines=("Q2 partner survey, due 2019-05-01",))
    decision = good_standing(policy, facts, JUNE_2019)
    assert [(r.code, r.section) for r in decision.unmet] == [
        ("financial_standing", "5.2"),
        ("compliance_timelines", "2.0"),
    ]
    assert "Q2 partner survey, due 2019-05-01" in decision.unmet[1].message


def test_exceptions_in_force_are_honoured_and_cited(policy: Policy) -> None:
    facts = alliance(
        people=alliance_staff()[:3],
        compliance_verified_on=None,
        exceptions=(
            exception("presales_resources", exception_id=11),
            exception("compliance_verification", ends=D(2019, 6, 30), exception_id=12),
        ),
    )
    decision = good_standing(policy, facts, JUNE_2019)
    assert decision.outcome is True
    presales = reason(decision.reasons, "presales_resources")
    compliance = reason(decision.reasons, "compliance_verification")
    assert presales.met and presales.section == "5.2"
    assert "exception #11 (§5.2) approved by Dana Leader" in presales.message
    assert compliance.met and compliance.section == "5.2"
    assert compliance.message.startswith("no verification of compliance training")
    assert "exception #12" in compliance.message and "hiring in progress" in compliance.message
    (presales_line,) = [x for x in decision.facts["lines"] if x.requirement == "presales_resources"]
    assert presales_line.exception is not None and "#11" in presales_line.exception

    later = good_standing(policy, facts, D(2019, 7, 1))
    assert [r.code for r in later.unmet] == ["compliance_verification"]


def test_an_exception_for_another_qualification_changes_nothing(policy: Policy) -> None:
    facts = alliance(financial_standing_flagged=True, exceptions=(exception("compliance_timelines"),))
    assert [r.code for r in good_standing(policy, facts, JUNE_2019).unmet] == ["financial_standing"]


# -- registration criteria -----------------------------------------------------------------------


def prospect(**changes: Any) -> PartnerFacts:
    base: dict[str, Any] = {
        "status": "approved",
        "approved_on": D(2019, 3, 10),
        "qualification_deadline": None,
    }
    return alliance(**{**base, **changes})


def test_criteria_met_inside_the_window(policy: Policy) -> None:
    decision = registration_criteria(policy, prospect(), JUNE_2019)
    assert decision.outcome is True
    assert [(r.code, r.section, r.met) for r in decision.reasons] == [
        ("sales_resources", "5.0", True),
        ("presales_resources", "5.0", True),
        ("order_form_signed", "2.0", True),
        ("program_fee_paid", "2.0", True),
        ("qualification_window", "2.0", True),
    ]
    assert reason(decision.reasons, "qualification_window").message == (
        "inside the qualification window of 6 months, until 2019-09-10"
    )
    assert decision.facts["qualification_deadline"] == D(2019, 9, 10)


def test_only_the_certification_rows_are_minimum_criteria(policy: Policy) -> None:
    facts = prospect(people=alliance_staff()[1:])  # no partner manager
    assert registration_criteria(policy, facts, JUNE_2019).outcome is True


def test_criteria_met_after_the_window_do_not_register(policy: Policy) -> None:
    decision = registration_criteria(policy, prospect(), D(2019, 9, 11))
    assert decision.outcome is False
    assert decision.facts["criteria_met"] is True
    (window,) = decision.unmet
    assert window.code == "qualification_window" and window.section == "2.0"
    assert window.message.startswith("the qualification window ended on 2019-09-10")
    assert "may be deactivated without refund" in window.message


def test_the_window_uses_the_recorded_deadline_or_six_months_clamped(policy: Policy) -> None:
    recorded = prospect(qualification_deadline=D(2019, 10, 31))
    assert registration_criteria(policy, recorded, D(2019, 10, 31)).outcome is True
    clamped = prospect(approved_on=D(2019, 8, 31))
    assert registration_criteria(policy, clamped, D(2020, 2, 29)).facts["qualification_deadline"] == D(2020, 2, 29)
    assert registration_criteria(policy, clamped, D(2020, 3, 1)).outcome is False


def test_unpaid_fee_and_unsigned_order_form(policy: Policy) -> None:
    decision = registration_criteria(policy, prospect(order_form_signed=False, program_fee_paid=False), JUNE_2019)
    assert decision.outcome is False
    assert [(r.code, r.message) for r in decision.unmet] == [
        ("order_form_signed", "order form not signed"),
        ("program_fee_paid", "program fee invoice not fully paid"),
    ]


def test_implementation_criteria_count_every_product_line_in_every_region(policy: Policy) -> None:
    facts = partner(
        "implementation",
        status="approved",
        approved_on=D(2019, 3, 10),
        regions=("EMEA", "AMER"),
        products=("1rpa",),
        people=(*implementation_staff(), *implementation_staff(region="AMER")[:3]),
    )
    decision = registration_criteria(policy, facts, JUNE_2019)
    assert decision.outcome is False
    assert {r.code for r in decision.unmet} == {
        "certified_ctl",
        "certified_cie",
        "certified_ced",
        "certified_experience_designer",
    }
    assert all("for 1RPA in Americas" in r.message for r in decision.unmet)
    assert "dedicated_partner_manager" not in {r.code for r in decision.reasons}


def test_a_registered_partner_is_past_its_window(policy: Policy) -> None:
    decision = registration_criteria(policy, alliance(approved_on=D(2018, 1, 5)), JUNE_2019)
    assert decision.outcome is True
    assert "already a Registered Partner" in reason(decision.reasons, "qualification_window").message


# -- forecast ------------------------------------------------------------------------------------


def test_forecast_warns_when_standing_will_break(policy: Policy) -> None:
    decision = standing_forecast(policy, alliance(), JUNE_2019, JUNE_2020)
    assert decision.outcome is False
    assert decision.facts["in_standing_now"] is True
    assert decision.facts["breaks_on"] == D(2020, 1, 15)  # the certifications end on 2020-01-14
    summary = decision.reasons[0]
    assert (summary.code, summary.section, summary.met) == ("forecast", "2.0", False)
    assert summary.message.startswith("standing will break on 2020-01-15 because Trained/certified sales")
    assert "compliance" not in summary.message  # the verification lapses later, on 2020-02-01
    assert {r.code for r in decision.unmet} == {
        "forecast",
        "sales_resources",
        "presales_resources",
        "compliance_verification",
    }


def test_forecast_through_a_date_that_holds(policy: Policy) -> None:
    decision = standing_forecast(policy, alliance(), JUNE_2019, D(2020, 1, 14))
    assert decision.outcome is True
    assert decision.facts["breaks_on"] is None
    assert decision.reasons[0].message == (
        "in good standing through 2020-01-14 if nothing new is earned after 2019-06-01"
    )


def test_forecast_ignores_what_is_dated_after_as_of(policy: Policy) -> None:
    staff = alliance_staff()
    renewed = tuple(
        replace(p, certifications=(*p.certifications, cert(c.kind, earned=D(2019, 12, 1))))
        for p in staff
        for c in p.certifications[:1]
    )
    facts = alliance(people=(staff[0], *renewed), compliance_verified_on=D(2019, 5, 1))  # through 2020-04-30
    until = D(2020, 4, 30)
    assert standing_forecast(policy, facts, D(2019, 12, 15), until).facts["breaks_on"] is None
    # Seen from June, the renewals of December are not earned yet.
    assert standing_forecast(policy, facts, JUNE_2019, until).facts["breaks_on"] == D(2020, 1, 15)


def test_forecast_of_an_ending_exception_and_an_expiring_record(policy: Policy) -> None:
    facts = alliance(
        people=alliance_staff()[:3],
        exceptions=(exception("presales_resources", ends=D(2019, 9, 30)),),
        records=(RecordFact("business_plan", D(2019, 1, 1), valid_until=D(2019, 7, 31)),),
    )
    decision = standing_forecast(policy, facts, JUNE_2019, D(2019, 12, 31))
    assert decision.facts["breaks_on"] == D(2019, 10, 1)
    assert "presales" in decision.reasons[0].message


def test_forecast_when_already_out_of_standing(policy: Policy) -> None:
    decision = standing_forecast(policy, alliance(financial_standing_flagged=True), JUNE_2019, JUNE_2020)
    assert decision.facts["in_standing_now"] is False and decision.facts["breaks_on"] is None
    assert decision.reasons[0].message.startswith("not in good standing already on 2019-06-01: financial")


def test_forecast_looks_forward(policy: Policy) -> None:
    with pytest.raises(ValueError, match="looks forward"):
        standing_forecast(policy, alliance(), JUNE_2019, D(2019, 5, 1))


# -- due dates -----------------------------------------------------------------------------------


def test_due_dates_of_certifications_and_annual_training(policy: Policy) -> None:
    staff = (
        person(1, "partner_manager", name="Mia"),
        person(
            2,
            "sales",
            name="Sam",
            certs=(cert("sales", earned=D(2018, 1, 10)), cert("sales")),  # the older one is superseded
            trainings=(TrainingFact("online", D(2019, 3, 1)),),
        ),
        person(3, "technical", name="Tom", certs=(cert("cie", "1rpa", earned=D(2018, 6, 1)),)),
        person(4, "technical", name="Tia"),
    )
    facts = partner("implementation", products=("1rpa",), people=staff)
    due = due_dates(policy, facts, D(2019, 12, 1), 60)
    assert [(d.person, d.kind, d.what, d.due_on, d.overdue, d.section) for d in due] == [
        ("Tom", "training", "annual advanced training", D(2019, 5, 31), True, "9.1"),
        ("Tom", "certification", "recertification: CIE certification for 1RPA", D(2019, 5, 31), True, "5.0"),
        ("Tia", "training", "annual advanced training (none on record)", D(2019, 12, 1), False, "9.1"),
        ("Sam", "certification", "recertification: sales certification", D(2020, 1, 14), False, "5.0"),
    ]
    # Sam's online training is due on 2020-03-01 (a year after 2019-03-01): beyond the 60 days.
    later = due_dates(policy, facts, D(2019, 12, 1), 120)
    assert ("Sam", "annual online training", D(2020, 3, 1)) in [(d.person, d.what, d.due_on) for d in later]
    assert all(d.person != "Mia" for d in later)  # partner managers take no annual training


def test_a_valid_certification_counts_as_the_years_training(policy: Policy) -> None:
    staff = (person(2, "sales", certs=(cert("sales", earned=D(2019, 5, 1)),)),)
    due = due_dates(policy, partner(people=staff), JUNE_2019, 366)
    assert [(d.kind, d.due_on) for d in due] == [
        ("training", D(2020, 4, 30)),
        ("certification", D(2020, 4, 30)),
    ]


def test_training_roles_must_be_known_roles(tmp_path: Path) -> None:
    document = yaml.safe_load(SHIPPED_POLICY.read_text(encoding="utf-8"))
    document["windows"]["online_training_roles"] = ["sales", "marketing"]
    path = tmp_path / "roles.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy_file(path)
    assert any(p == "windows.online_training_roles" and "marketing" in r for p, r in caught.value.problems)
